"""How many seeded faults plain `schemathesis run` and `skuguard contract` each catch.

For every fault of the sandbox registry (``--quick``: one per API), both tools run against a
fresh sandbox with that fault, on the fault's API, with the same seed and example budget:

* plain Schemathesis (its CLI) with the auth it can be given: Norce's bearer token as
  ``-H``, Ka-ching's query keys through its config file, Unleashed's ``api-auth-id`` as
  ``-H`` (it cannot sign requests);
* ``skuguard contract --exitfirst``: it stops at its first violation, so its seconds are
  the time to detection. Plain Schemathesis runs in full (it catches almost nothing, so
  ``--exitfirst`` would not shorten it), which is the time its run needs.

A fault counts as caught when the tool reports a failure (Schemathesis: failure code and
operation; skuguard: check name) that it does not also report against the faithful
sandbox (run in full, without ``--exitfirst``), so findings that are not the fault do not
count.

    python bench/contract_power.py [--quick] [--max-examples N] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from contracts.credentials import Credentials
from contracts.run_target import SANDBOX_PREFIXES
from contracts.sandbox.faults import Fault, all_faults
from contracts.sandbox.server import running_sandbox
from linter.specs import spec_file

_OPERATION = re.compile(r"^_{3,} (.+?) _{3,}$")
_FAILURE = re.compile(r"^- (ST\d+) ")
_GENERATED = re.compile(r"(\d+) generated")


@dataclass(frozen=True)
class ToolRun:
    findings: frozenset[str]
    requests: int
    seconds: float


def _schemathesis_binary() -> str:
    found = shutil.which("schemathesis") or str(Path(sys.executable).with_name("schemathesis"))
    return found


def _plain_config(credentials: Credentials, directory: Path) -> Path:
    config = directory / "schemathesis.toml"
    config.write_text(
        "\n".join(
            f'[auth.openapi.{name}]\napi_key = "{value}"'
            for name, value in (
                ("account", credentials.kaching_account),
                ("integration", credentials.kaching_integration),
                ("apikey", credentials.kaching_apikey),
            )
        )
        + "\n",
        encoding="utf-8",
    )
    return config


def _plain_headers(api: str, base_url: str, credentials: Credentials) -> list[str]:
    if api == "unleashed":
        return ["-H", f"api-auth-id: {credentials.unleashed_api_id}"]
    if api == "norce":
        reply = httpx.post(
            base_url + "/norce/identity/1.0/connect/token",
            data={
                "grant_type": "client_credentials",
                "client_id": credentials.norce_client_id,
                "client_secret": credentials.norce_client_secret,
            },
        )
        return ["-H", f"Authorization: Bearer {reply.json()['access_token']}"]
    return []


def run_plain(api: str, base_url: str, examples: int, seed: int, workdir: Path) -> ToolRun:
    credentials = Credentials.from_env()
    started = time.monotonic()
    with spec_file(api) as spec:  # type: ignore[arg-type]
        completed = subprocess.run(
            [
                _schemathesis_binary(),
                "--no-color",
                "--config-file",
                str(_plain_config(credentials, workdir)),
                "run",
                str(spec),
                "--url",
                base_url + SANDBOX_PREFIXES[api],  # type: ignore[index]
                "-n",
                str(examples),
                "--seed",
                str(seed),
                *_plain_headers(api, base_url, credentials),
            ],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
            cwd=workdir,  # its .schemathesis/ cache stays out of the checkout
        )
    seconds = time.monotonic() - started
    findings: set[str] = set()
    operation = ""
    for line in completed.stdout.splitlines():
        heading = _OPERATION.match(line.strip())
        if heading:
            operation = heading.group(1)
        failure = _FAILURE.match(line.strip())
        if failure:
            findings.add(f"{operation} {failure.group(1)}")
    generated = _GENERATED.search(completed.stdout)
    return ToolRun(frozenset(findings), int(generated.group(1)) if generated else 0, seconds)


def run_skuguard(
    api: str, base_url: str, examples: int, seed: int, workdir: Path, *, exitfirst: bool
) -> ToolRun:
    report = workdir / f"skuguard-{api}.json"
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "contracts.cli",
            "contract",
            "--api",
            api,
            "--base-url",
            base_url + SANDBOX_PREFIXES[api],  # type: ignore[index]
            "--max-examples",
            str(examples),
            "--seed",
            str(seed),
            "--report-json",
            str(report),
            "--replay-dir",
            str(workdir / "replays"),
            *(["--exitfirst"] if exitfirst else []),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    seconds = time.monotonic() - started
    document = json.loads(report.read_text(encoding="utf-8"))
    findings = {
        f"{operation['label']} {failure['check']}"
        for operation in document["operations"]
        for failure in operation["failures"]
    }
    return ToolRun(frozenset(findings), int(document["requests_sent"]), seconds)


def _one_per_api(faults: tuple[Fault, ...]) -> list[Fault]:
    chosen: dict[str, Fault] = {}
    for fault in faults:
        chosen.setdefault(fault.api, fault)
    return list(chosen.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one fault per API")
    parser.add_argument("--max-examples", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    faults = _one_per_api(all_faults()) if args.quick else list(all_faults())
    apis = sorted({fault.api for fault in faults})
    rows = []
    timings: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="skuguard-bench-") as tmp:
        workdir = Path(tmp)
        baseline: dict[str, tuple[ToolRun, ToolRun]] = {}
        for api in apis:
            with running_sandbox() as sandbox:
                plain = run_plain(api, sandbox.base_url, args.max_examples, args.seed, workdir)
            with running_sandbox() as sandbox:
                ours = run_skuguard(
                    api, sandbox.base_url, args.max_examples, args.seed, workdir, exitfirst=False
                )
            baseline[api] = (plain, ours)
        for fault in faults:
            with running_sandbox(fault=fault.name) as sandbox:
                plain = run_plain(
                    fault.api, sandbox.base_url, args.max_examples, args.seed, workdir
                )
            with running_sandbox(fault=fault.name) as sandbox:
                ours = run_skuguard(
                    fault.api,
                    sandbox.base_url,
                    args.max_examples,
                    args.seed,
                    workdir,
                    exitfirst=True,
                )
            plain_base, ours_base = baseline[fault.api]
            rows.append(
                (
                    fault.name,
                    "caught" if plain.findings - plain_base.findings else "missed",
                    "caught" if ours.findings - ours_base.findings else "missed",
                    f"{plain.requests} / {ours.requests}",
                    f"{plain.seconds:.1f} / {ours.seconds:.1f}",
                )
            )
            timings.append((fault.name, plain.seconds, ours.seconds))
            print(f"{fault.name}: done", file=sys.stderr, flush=True)
    header = (
        "fault",
        "plain schemathesis",
        "skuguard",
        "requests sent (plain / skuguard -x)",
        "seconds (plain / skuguard -x)",
    )
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    caught = sum(1 for row in rows if row[2] == "caught")
    plain_caught = sum(1 for row in rows if row[1] == "caught")
    slower = [name for name, plain_s, ours_s in timings if ours_s >= plain_s]
    print(
        f"\nskuguard caught {caught}/{len(rows)} faults; plain schemathesis {plain_caught}/"
        f"{len(rows)}. Plain Schemathesis requests are its generated test cases.\n"
        f"skuguard detected {len(rows) - len(slower)}/{len(rows)} faults in less time than "
        f"plain schemathesis's run; not faster: {', '.join(slower) or 'none'}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
