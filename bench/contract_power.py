"""How many seeded faults plain `schemathesis run` and `skuguard contract` each catch, and how fast.

For every fault of the sandbox registry (``--quick``: one per API), both tools run against a
fresh sandbox with that fault, on the fault's API, with the same seed and example budget:

* plain Schemathesis (its CLI) with the auth it can be given: Norce's bearer token as
  ``-H``, Ka-ching's query keys through its config file, Unleashed's ``api-auth-id`` as
  ``-H`` (it cannot sign requests);
* ``skuguard contract --exitfirst``: it stops at its first violation, so its seconds are
  the time to detection. Plain Schemathesis runs in full (it catches almost nothing, so
  ``--exitfirst`` would not shorten it), which is the time its run needs.

Against a fault-free sandbox with every legal variation on (behaviour the docs allow), each
tool runs once per API in full; every failure it reports there is a false alarm, shown in the
"false alarms with all variations on" columns (the figure of the fault's API).

A fault counts as caught when the tool reports a failure (Schemathesis: failure code and
operation; skuguard: check name) that it does not also report against the faithful
sandbox (run in full, without ``--exitfirst``), so findings that are not the fault do not
count.

Each tool runs ``--repeat`` times per fault (default 3), the two tools alternating and
taking turns at going first, each run against its own fresh sandbox; the table shows the
median seconds and requests, and a fault is caught only if every repeat caught it.

    python bench/contract_power.py [--quick] [--repeat N] [--faults A,B] [--max-examples N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from contract_tools import ToolRun, run_plain, run_skuguard

from contracts.sandbox.faults import Fault, all_faults
from contracts.sandbox.server import running_sandbox
from contracts.sandbox.variations import all_variations

Runner = Callable[[str], ToolRun]


@dataclass(frozen=True)
class Row:
    fault: str
    plain_caught: int
    ours_caught: int
    repeats: int
    plain_requests: float
    ours_requests: float
    plain_seconds: float
    ours_seconds: float
    plain_false_alarms: int
    ours_false_alarms: int

    @property
    def goal_met(self) -> bool:
        return self.ours_caught == self.repeats and self.ours_seconds < self.plain_seconds

    def cells(self) -> tuple[str, ...]:
        return (
            self.fault,
            _verdict(self.plain_caught, self.repeats),
            str(self.plain_false_alarms),
            _verdict(self.ours_caught, self.repeats),
            str(self.ours_false_alarms),
            f"{self.plain_requests:g} / {self.ours_requests:g}",
            f"{self.plain_seconds:.1f} / {self.ours_seconds:.1f}",
            "yes" if self.goal_met else "no",
        )


HEADER = (
    "fault",
    "plain schemathesis",
    "false alarms with all variations on (plain)",
    "skuguard",
    "false alarms with all variations on (skuguard)",
    "requests sent (plain / skuguard -x)",
    "median seconds (plain / skuguard -x)",
    "faster",
)


def _verdict(caught: int, repeats: int) -> str:
    if caught == repeats:
        return "caught"
    return "missed" if caught == 0 else f"caught {caught}/{repeats}"


def _one_per_api(faults: Sequence[Fault]) -> list[Fault]:
    chosen: dict[str, Fault] = {}
    for fault in faults:
        chosen.setdefault(fault.api, fault)
    return list(chosen.values())


def _on_fresh_sandbox(fault: str | None, run: Runner, variations: Sequence[str] = ()) -> ToolRun:
    with running_sandbox(fault=fault, variations=variations) as sandbox:
        return run(sandbox.base_url)


def _false_alarms(run: Runner) -> int:
    """Distinct failures a tool reports against a fault-free sandbox showing every legal
    variation of the docs: each one is a false alarm."""
    every = [variation.name for variation in all_variations()]
    return len(_on_fresh_sandbox(None, run, every).findings)


def _alternating(
    fault: str, plain: Runner, ours: Runner, repeats: int
) -> tuple[list[ToolRun], list[ToolRun]]:
    """Both tools ``repeats`` times, alternating, the first turn swapping every repeat."""
    plain_runs: list[ToolRun] = []
    our_runs: list[ToolRun] = []
    for repeat in range(repeats):
        turns = [(plain, plain_runs), (ours, our_runs)]
        for runner, runs in turns if repeat % 2 == 0 else reversed(turns):
            runs.append(_on_fresh_sandbox(fault, runner))
    return plain_runs, our_runs


def _caught(runs: Sequence[ToolRun], baseline: ToolRun) -> int:
    return sum(1 for run in runs if run.findings - baseline.findings)


def _table(rows: Sequence[Row]) -> str:
    body = [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in [HEADER, *body]) for i in range(len(HEADER))]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(HEADER, widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += [
        "| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |"
        for line in body
    ]
    return "\n".join(lines)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one fault per API")
    parser.add_argument("--faults", help="only these faults (comma-separated names)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool per fault")
    parser.add_argument("--max-examples", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def _chosen_faults(args: argparse.Namespace) -> list[Fault]:
    faults = list(all_faults())
    if args.faults:
        wanted = {name.strip() for name in args.faults.split(",") if name.strip()}
        unknown = wanted - {fault.name for fault in faults}
        if unknown:
            raise SystemExit(f"contract_power: unknown fault(s) {', '.join(sorted(unknown))}")
        faults = [fault for fault in faults if fault.name in wanted]
    return _one_per_api(faults) if args.quick else faults


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    faults = _chosen_faults(args)
    rows: list[Row] = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="skuguard-bench-") as tmp:
        workdir = Path(tmp)

        def plain(api: str) -> Runner:
            return lambda url: run_plain(api, url, args.max_examples, args.seed, workdir)

        def ours(api: str, *, exitfirst: bool) -> Runner:
            return lambda url: run_skuguard(
                api, url, args.max_examples, args.seed, workdir, exitfirst=exitfirst
            )

        baseline = {
            api: (
                _on_fresh_sandbox(None, plain(api)),
                _on_fresh_sandbox(None, ours(api, exitfirst=False)),
            )
            for api in sorted({fault.api for fault in faults})
        }
        false_alarms = {
            api: (_false_alarms(plain(api)), _false_alarms(ours(api, exitfirst=False)))
            for api in baseline
        }
        for fault in faults:
            plain_runs, our_runs = _alternating(
                fault.name, plain(fault.api), ours(fault.api, exitfirst=True), args.repeat
            )
            plain_base, ours_base = baseline[fault.api]
            rows.append(
                Row(
                    fault=fault.name,
                    plain_caught=_caught(plain_runs, plain_base),
                    ours_caught=_caught(our_runs, ours_base),
                    repeats=args.repeat,
                    plain_requests=statistics.median(run.requests for run in plain_runs),
                    ours_requests=statistics.median(run.requests for run in our_runs),
                    plain_seconds=statistics.median(run.seconds for run in plain_runs),
                    ours_seconds=statistics.median(run.seconds for run in our_runs),
                    plain_false_alarms=false_alarms[fault.api][0],
                    ours_false_alarms=false_alarms[fault.api][1],
                )
            )
            seconds = " ".join(
                f"{p.seconds:.1f}/{o.seconds:.1f}"
                for p, o in zip(plain_runs, our_runs, strict=True)
            )
            print(f"{fault.name}: plain/skuguard seconds {seconds}", file=sys.stderr, flush=True)
    load_after = os.getloadavg()
    print(_table(rows))
    total = len(rows)
    caught = sum(1 for row in rows if row.ours_caught == row.repeats)
    plain_caught = sum(1 for row in rows if row.plain_caught == row.repeats)
    slower = [row.fault for row in rows if not row.goal_met]
    print(
        f"\nskuguard caught {caught}/{total} faults; plain schemathesis {plain_caught}/{total} "
        f"(in each of {args.repeat} repeats). Plain Schemathesis requests are its generated "
        f"test cases.\nskuguard detected {total - len(slower)}/{total} faults in less median "
        f"time than plain schemathesis's run; not faster: {', '.join(slower) or 'none'}.\n"
        f"load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after; "
        f"{os.cpu_count()} CPUs."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
