"""``skuguard contract`` from parsed arguments to an exit code: run the suite, print and write
its reports."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, TextIO

from contracts.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from contracts.credentials import Credentials
from contracts.report.har import write_har
from contracts.report.html import render_html, write_html
from contracts.report.output import (
    Finding,
    by_check,
    failure_details,
    observation_lines,
    summary_table,
    write_json,
    write_junit,
)
from contracts.report.progress import Progress, choose_mode
from contracts.report.redact import Redactor, redact_logging
from contracts.report.replay import curl_command, replay_document, write_replay
from contracts.run.auth import AuthError
from contracts.run.config import (
    RunConfig,
    check_not_negative,
    check_positive,
    check_seconds,
    parse_apis,
    parse_base_url,
    parse_checks,
    parse_headers,
    pick_seed,
)
from contracts.run.http.traffic import parse_rate
from contracts.run.runner import RunResult, known_check_names, run_contract
from contracts.run.target import TargetUnreachableError
from linter.config import ConfigError


def _fail(place: str, cause: str, redactor: Redactor, stream: TextIO) -> int:
    print(redactor.text(f"skuguard: {place}: {cause}"), file=stream)
    return EXIT_USAGE


def build_config(args: argparse.Namespace) -> RunConfig:
    fixtures = None
    if args.fixtures is not None:
        from contracts.generate.payloads import Fixtures, FixturesError

        try:
            fixtures = Fixtures.from_toml(args.fixtures)
        except FixturesError as exc:
            raise ConfigError(f"--fixtures {exc}") from None
    return RunConfig(
        apis=parse_apis(args.api),
        base_url=parse_base_url(args.base_url),
        token_url=parse_base_url(args.token_url) if args.token_url else None,
        headers=parse_headers(args.headers),
        fixtures=fixtures,
        max_examples=check_positive("--max-examples", args.max_examples),
        coverage_max=check_not_negative("--coverage-max", args.coverage_max),
        seed=pick_seed(args.seed),
        workers=check_positive("--workers", args.workers),
        junit=args.junit,
        report_json=args.report_json,
        report_html=args.report_html,
        report_har=args.report_har,
        rate_limit=parse_rate(args.rate_limit),
        timeout=check_seconds("--request-timeout", args.request_timeout) or 10.0,
        max_time=check_seconds("--max-time", args.max_time),
        checks=parse_checks(args.checks, known_check_names()),
        replay_dir=args.replay_dir,
        exitfirst=args.exitfirst,
        strict_assumptions=args.strict_assumptions,
        job_url=parse_base_url(args.job_url, "--job-url") if args.job_url else None,
    )


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")


def collect_findings(
    result: RunResult, config: RunConfig, credentials: Credentials, redactor: Redactor
) -> list[Finding]:
    findings = []
    for outcome in result.outcomes:
        for check, record in sorted(outcome.failures.items()):
            document = replay_document(
                record.request,
                api=outcome.api,
                operation_id=outcome.operation_id,
                check=check,
                message=redactor.text(record.message),
                seed=result.seed,
                root=result.roots[outcome.api],
                credentials=credentials,
                redactor=redactor,
            )
            name = _safe_name(f"{outcome.api}-{outcome.operation_id}-{check}") + ".json"
            path: Path | None
            try:
                path = write_replay(config.replay_dir / name, document)
            except OSError as exc:
                print(f"skuguard: {config.replay_dir / name}: {exc.strerror}", file=sys.stderr)
                path = None
            findings.append(
                Finding(
                    api=outcome.api,
                    operation_id=outcome.operation_id,
                    label=outcome.label,
                    check=check,
                    message=redactor.text(record.message),
                    status=record.status,
                    response_excerpt=redactor.text(record.response_excerpt),
                    seed=result.seed,
                    replay_file=path,
                    curl=redactor.text(curl_command(document)),
                    kind=str(getattr(record, "kind", "violation")),
                    source=_source_text(record),
                    request=redactor.text(_request_text(document)),
                )
            )
    return findings


def _source_text(record: object) -> str | None:
    source = getattr(record, "source", None)
    if source is None:
        return None
    return str(getattr(source, "text", None) or source)


def _request_text(document: dict[str, object]) -> str:
    request: Any = document["request"]
    lines = [f"{request['method']} {request['url']}"]
    lines += [f"{name}: {value}" for name, value in request["headers"]]
    body = request.get("body") or ("(binary body)" if request.get("body_base64") else "")
    return "\n".join(lines) + ("\n\n" + body if body else "")


def _observations(result: RunResult, redactor: Redactor) -> list[str]:
    notes = []
    for throttled in result.throttled:
        api = result.traffic.api_of(throttled.url) if result.traffic else "other"
        root = result.roots.get(api, "")
        path = throttled.url[len(root) :] if root else throttled.url
        notes.append(redactor.text(throttled.text(f"{api} {throttled.method} {path}")))
    if result.stopped_early:
        notes.append("--max-time ran out: the run stopped before it finished")
    return notes


def run_command(args: argparse.Namespace) -> int:
    """Progress and errors go to stderr; the summary and reproductions to stdout."""
    out = sys.stderr
    report = sys.stdout
    credentials = Credentials.from_env()
    redactor = Redactor.from_credentials(credentials)
    redact_logging(redactor)
    if args.replay is not None:
        from contracts.cli.replay import replay_command

        try:
            base_url = parse_base_url(args.base_url)
        except ConfigError as exc:
            place, _, cause = str(exc).partition(": ")
            return _fail(place, cause, redactor, out)
        try:
            headers = parse_headers(args.headers)
        except ConfigError as exc:
            place, _, cause = str(exc).partition(": ")
            return _fail(place, cause, redactor, out)
        redactor.learn_headers(headers)
        return replay_command(
            args.replay, credentials, redactor, out, base_url=base_url, headers=headers
        )
    try:
        config = build_config(args)
    except ConfigError as exc:
        place, _, cause = str(exc).partition(": ")
        return _fail(place, cause, redactor, out)
    redactor.learn_headers(config.headers)
    print(f"skuguard contract: seed {config.seed}", file=out, flush=True)
    mode = choose_mode(out, quiet=args.quiet)
    try:
        with Progress(out, redactor, config.apis, mode=mode, verbose=args.verbose) as progress:
            result = run_contract(
                config,
                credentials=credentials,
                redactor=redactor,
                out=out,
                progress=progress.operation,
                on_request=progress.request,
            )
    except ConfigError as exc:
        place, _, cause = str(exc).partition(": ")
        return _fail(place, cause, redactor, out)
    except AuthError as exc:
        return _fail("auth", str(exc), redactor, out)
    except TargetUnreachableError as exc:
        place, _, cause = str(exc).partition(": unreachable: ")
        return _fail(place, f"unreachable: {cause}", redactor, out)
    findings = collect_findings(result, config, credentials, redactor)
    observations = _observations(result, redactor)
    exit_code = EXIT_FINDINGS if findings else (EXIT_USAGE if result.errors else EXIT_OK)
    if result.stopped_early:
        exit_code = EXIT_USAGE
    print(redactor.text(summary_table(result.outcomes)), file=report)
    if findings:
        counts = ", ".join(f"{name} {count}" for name, count in by_check(findings).items())
        print(f"\nviolations by check: {counts}", file=report)
        print("\n" + failure_details(findings, redactor), file=report)
    observed = observation_lines(result.outcomes, redactor)
    observed += [f"  {note}" for note in observations]
    if observed:
        print(
            f"\n{len(observed)} observation(s): behaviour the documents leave open "
            "(not violations; --strict-assumptions counts them):",
            file=report,
        )
        print("\n".join(observed), file=report)
    for notice in result.notices:
        print(redactor.text(f"skuguard: {notice}"), file=out)
    for error in result.errors:
        print(redactor.text(f"skuguard: {error}"), file=out)
    if result.stopped_early:
        print(f"skuguard: --max-time {config.max_time:g}s: stopped before the end", file=out)
    print(
        f"\n{len(findings)} violation(s) in {len(result.outcomes)} operation(s), "
        f"{len(observed)} observation(s); "
        f"{result.requests_sent} requests in {result.seconds:.1f}s; seed {result.seed}",
        file=report,
    )
    try:
        if config.junit is not None:
            write_junit(
                config.junit,
                outcomes=result.outcomes,
                findings=findings,
                seconds=result.seconds,
                redactor=redactor,
            )
        if config.report_json is not None:
            write_json(
                config.report_json,
                outcomes=result.outcomes,
                findings=findings,
                seed=result.seed,
                seconds=result.seconds,
                requests_sent=result.requests_sent,
                exit_code=exit_code,
                redactor=redactor,
                observations=observations,
                stopped_early=result.stopped_early,
            )
        if config.report_html is not None:
            write_html(
                config.report_html,
                render_html(
                    outcomes=result.outcomes,
                    findings=findings,
                    observations=[line.strip() for line in observed],
                    seed=result.seed,
                    seconds=result.seconds,
                    requests_sent=result.requests_sent,
                    exit_code=exit_code,
                    redactor=redactor,
                ),
            )
        if config.report_har is not None:
            exchanges = result.traffic.exchanges if result.traffic else []
            write_har(config.report_har, exchanges, redactor)
    except OSError as exc:
        return _fail(str(exc.filename), exc.strerror or "cannot write", redactor, out)
    return exit_code
