"""Payload files as pytest items: ``pytest --skuguard-lint`` (or ``skuguard_lint = true``).

Every ``*.json`` / ``*.xml`` file pytest visits that ``skuguard lint DIR`` would pick is
one test item: sidecars (``NAME.header.json``) belong to their body, files git ignores and
files ``[tool.skuguard.lint]`` excludes are left out, and a file whose content names no
payload kind (an ordinary ``package.json``) is not collected. The item lints the file when
it runs; errors fail it, warnings only with ``--skuguard-lint-strict`` (or ``strict`` in
``[tool.skuguard.lint]``). A failing item shows the linter's text report of the file.

This module imports the linter only inside functions: it is loaded when the option is on.
Nothing is cached across processes: each xdist worker selects the files itself, in the same
way, so every worker collects the same items.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from contracts.pytest.options import LintSettings

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

    from linter import Diagnostic
    from linter.config import LintConfig

MARKER = "skuguard_lint"
ITEM_NAME = "skuguard-lint"


class PayloadLintError(Exception):
    """A payload file has diagnostics that fail its item."""

    def __init__(self, report: str) -> None:
        super().__init__(report)
        self.report = report


class PayloadUnreadableError(Exception):
    """The file cannot be linted at all; the message is one ``skuguard: <place>: <cause>``."""


@dataclass
class PayloadSelector:
    """Decides which visited files are payload items, and lints them."""

    settings: LintSettings
    config: LintConfig
    rootpath: Path
    explicit: frozenset[Path] = frozenset()
    _listed: dict[Path, set[Path] | None] = field(default_factory=dict)

    @property
    def strict(self) -> bool:
        return self.settings.strict or self.config.strict

    def collect(self, file_path: Path, parent: pytest.Collector) -> PayloadFile | None:
        """The file's collector, or ``None`` when it is not a payload item."""
        from linter._api import PAYLOAD_SUFFIXES, is_sidecar

        if file_path.suffix not in PAYLOAD_SUFFIXES or is_sidecar(file_path):
            return None  # a sidecar is linted with its body
        resolved = file_path.resolve()
        if not self._within_lint_paths(resolved):
            return None
        named = resolved in self.explicit
        if not named and not self._walked(resolved):
            return None
        readable, kind = self.kind_of(file_path)
        if readable and kind is None and not named:
            return None  # no payload: an ordinary JSON or XML file
        node: PayloadFile = PayloadFile.from_parent(parent, path=file_path)
        node.kind = kind
        return node

    def kind_of(self, path: Path) -> tuple[bool, str | None]:
        """Whether the file's head could be read, and the kind it (or the config) names.

        An unreadable file is still collected: its item fails saying why."""
        configured = self.config.kind_for(path)
        if configured is not None:
            return True, configured
        from linter.read.detect import SNIFF_SIZE, detect_kind

        try:
            with path.open("rb") as stream:
                head = stream.read(SNIFF_SIZE)
        except OSError:
            return False, None
        return True, detect_kind(head)

    def _within_lint_paths(self, resolved: Path) -> bool:
        if not self.settings.paths:
            return True
        return any(resolved.is_relative_to(root) for root in self.settings.paths)

    def _walked(self, resolved: Path) -> bool:
        """Whether a directory walk (``skuguard lint DIR``) would pick the file."""
        from linter.walk import is_excluded

        patterns = self.config.excludes
        for base in (self.config.root or self.rootpath, self.rootpath):
            parts = _parts_below(resolved, base)
            if parts is not None and is_excluded(parts, patterns):
                return False
        listed = self._git_listing(resolved)
        return listed is None or resolved in listed

    def _git_listing(self, resolved: Path) -> set[Path] | None:
        from linter.walk import git_listed

        root = self.rootpath.resolve()
        directory = root if resolved.is_relative_to(root) else resolved.parent
        if directory not in self._listed:
            self._listed[directory] = git_listed(directory)
        return self._listed[directory]

    def lint(self, path: Path, kind: str | None) -> list[Diagnostic]:
        from linter._api import LintUsageError, lint_file

        shown = _shown_path(path)
        try:
            return lint_file(
                shown,
                kind=kind,
                header=None,
                header_file="<header>",
                content_type=None,
                config=self.config,
            )
        except LintUsageError as error:
            raise PayloadUnreadableError(f"skuguard: {error}") from None
        except OSError as error:
            raise PayloadUnreadableError(
                f"skuguard: {shown}: cannot read it: {error.strerror or error}"
            ) from None


def _parts_below(path: Path, base: Path) -> tuple[str, ...] | None:
    try:
        return path.relative_to(base.resolve()).parts
    except ValueError:
        return None


def _shown_path(path: Path) -> Path:
    """The path relative to the working directory when below it, as ``skuguard lint`` shows it;
    the code frames of the report are read through it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def explicit_files(config: pytest.Config) -> frozenset[Path]:
    """Files named on the command line: linted even where a directory walk would skip them."""
    base = config.invocation_params.dir
    found: set[Path] = set()
    for arg in config.args:
        candidate = base / arg.split("::", 1)[0]
        if candidate.is_file():
            found.add(candidate.resolve())
    return frozenset(found)


def make_selector(config: pytest.Config, settings: LintSettings) -> PayloadSelector:
    """The run's selector; a bad ``[tool.skuguard.lint]`` table is a usage error."""
    from linter.config import ConfigError, find_config

    try:
        lint_config = find_config(start=config.rootpath)
    except ConfigError as error:
        raise pytest.UsageError(f"skuguard: {error}") from None
    return PayloadSelector(settings, lint_config, config.rootpath, explicit_files(config))


class PayloadFile(pytest.File):
    """One payload file (with its sidecar header, if any): collects one :class:`PayloadItem`."""

    kind: str | None = None

    def collect(self) -> Iterable[PayloadItem]:
        item: PayloadItem = PayloadItem.from_parent(self, name=ITEM_NAME)
        item.kind = self.kind
        yield item


class PayloadItem(pytest.Item):
    """Lints its file when run; fails on errors (and on warnings when strict)."""

    kind: str | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_marker(MARKER)

    def runtest(self) -> None:
        from linter import Severity
        from linter.report.text import render_text

        selector: PayloadSelector = self.config.stash[SELECTOR_KEY]
        diagnostics = selector.lint(self.path, self.kind)
        failing = {Severity.ERROR, Severity.WARNING} if selector.strict else {Severity.ERROR}
        if not diagnostics:
            return
        report = render_text(diagnostics, 1)
        if any(d.severity in failing for d in diagnostics):
            raise PayloadLintError(report)
        self.add_report_section("call", "skuguard lint", report)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, PayloadLintError):
            return excinfo.value.report.rstrip("\n")
        if isinstance(excinfo.value, PayloadUnreadableError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[os.PathLike[str] | str, int | None, str]:
        return self.path, None, f"{ITEM_NAME} {self.path.name}"


SELECTOR_KEY = pytest.StashKey[PayloadSelector]()


__all__ = [
    "ITEM_NAME",
    "MARKER",
    "SELECTOR_KEY",
    "PayloadFile",
    "PayloadItem",
    "PayloadSelector",
    "make_selector",
]
