"""Progress of a contract run: a live rich table on a terminal, plain lines otherwise (a pipe,
a file, or CI set), nothing under --quiet; -v adds a line per request."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TextIO

import httpx

from contracts.report.output import progress_line
from contracts.report.redact import Redactor
from contracts.run.operation import PHASES, OperationOutcome

Mode = Literal["live", "plain", "quiet"]
# Plain mode: a line at least this often while requests are being sent.
HEARTBEAT_SECONDS = 5.0


def choose_mode(stream: TextIO, *, quiet: bool) -> Mode:
    if quiet:
        return "quiet"
    if os.environ.get("CI") or not stream.isatty():
        return "plain"
    return "live"


def _operation_count(api: str) -> int:
    from linter.specs import spec_view

    paths: Any = spec_view(api)["paths"]  # type: ignore[arg-type]
    return sum(
        1
        for item in paths.values()
        for method, operation in item.items()
        if isinstance(operation, dict) and method != "parameters"
    )


@dataclass(slots=True)
class _ApiProgress:
    total_phases: int
    phases_done: int = 0
    cases: int = 0
    requests: int = 0
    failures: int = 0
    current: str = "starting"
    started: float = 0.0


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


class Progress:
    """The run's ``progress`` and ``on_request`` callbacks; use as a context manager."""

    def __init__(
        self,
        stream: TextIO,
        redactor: Redactor,
        apis: Sequence[str],
        *,
        mode: Mode,
        verbose: bool = False,
    ) -> None:
        self._stream = stream
        self._redactor = redactor
        self.mode = mode
        self._verbose = verbose
        self._lock = threading.Lock()
        self._last_line = time.monotonic()
        now = time.monotonic()
        self._apis = {
            api: _ApiProgress(total_phases=_operation_count(api) * len(PHASES), started=now)
            for api in apis
        }
        self._live: Any = None
        self._console: Any = None

    def __enter__(self) -> Progress:
        if self.mode == "live":
            from rich.console import Console
            from rich.live import Live

            self._console = Console(file=self._stream)
            self._live = Live(
                self._table(), console=self._console, refresh_per_second=4, transient=False
            )
            self._live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.update(self._table())
            self._live.__exit__(None, None, None)
            self._live = None

    def _table(self) -> Any:
        from rich.table import Table

        table = Table(title="skuguard contract", expand=False)
        for column in ("API", "operation", "phases", "cases", "requests", "failures"):
            table.add_column(column, justify="left" if column in ("API", "operation") else "right")
        table.add_column("elapsed", justify="right")
        table.add_column("ETA", justify="right")
        now = time.monotonic()
        for api, state in self._apis.items():
            elapsed = now - state.started
            eta = "-"
            if state.phases_done:
                left = max(state.total_phases - state.phases_done, 0)
                eta = _clock(elapsed / state.phases_done * left)
            table.add_row(
                api,
                self._redactor.text(state.current),
                f"{state.phases_done}/{state.total_phases}",
                str(state.cases),
                str(state.requests),
                f"[red]{state.failures}[/red]" if state.failures else "0",
                _clock(elapsed),
                eta,
            )
        return table

    def _print(self, text: str) -> None:
        line = self._redactor.text(text)
        if self._console is not None:
            self._console.print(line, markup=False, highlight=False)
        else:
            print(line, file=self._stream, flush=True)
        self._last_line = time.monotonic()

    def operation(self, outcome: OperationOutcome) -> None:
        """One phase of one operation (or a probe's outcome) is done."""
        with self._lock:
            state = self._apis.get(outcome.api)
            if state is not None:
                state.phases_done += 1
                state.cases += outcome.cases
                state.failures += len(outcome.failures)
                state.current = outcome.label
            if self.mode == "plain" or (self.mode == "live" and self._verbose):
                self._print(progress_line(outcome))
            if self._live is not None:
                self._live.update(self._table())

    def request(self, api: str, request: httpx.Request) -> None:
        with self._lock:
            state = self._apis.get(api)
            if state is not None:
                state.requests += 1
            if self.mode == "quiet":
                return
            if self._verbose:
                self._print(f"[{api}] {request.method} {self._redactor.url(str(request.url))}")
            elif (
                self.mode == "plain"
                and state is not None
                and time.monotonic() - self._last_line >= HEARTBEAT_SECONDS
            ):
                self._print(
                    f"[{api}] working: {state.requests} requests, {state.cases} cases done, "
                    f"{_clock(time.monotonic() - state.started)} elapsed"
                )
            if self._live is not None:
                self._live.update(self._table())
