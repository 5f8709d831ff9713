"""The linter's public functions (re-exported by :mod:`linter`)."""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from linter.checking import DocumentInput, HeaderInput, Selection
from linter.codes import DUPLICATE_KEY
from linter.config import LintConfig
from linter.diagnostics import Diagnostic, Severity
from linter.engine import lint_document
from linter.positions import sort_diagnostics
from linter.read.detect import detect_kind, sniff_content_type
from linter.registry import KINDS, NORCE_BODY_KINDS, Example, Rule

CONTENT_TYPES = ("json", "xml")
PAYLOAD_SUFFIXES = (".json", ".xml")
SIDECAR_SUFFIXES = (".header.json", ".header.xml")


class LintUsageError(ValueError):
    """The input cannot be linted at all (unknown kind, unreadable file, bad argument)."""


class UndetectedKindError(LintUsageError):
    """Nothing names the file's kind and its content tells none: not a payload we know.

    Named alone it is a usage error; found by a directory walk or given among several paths
    (pre-commit's file list) it is skipped with :func:`skip_line`."""


def skip_line(path: Path | str) -> str:
    return (
        f"{path}: skipped: not a payload of a known kind (use --kind or [tool.skuguard.lint] kinds)"
    )


@dataclass
class LintResult:
    """Diagnostics of every linted file, and how many files were linted."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    failures: list[str] = field(default_factory=list)
    """One line per input that could not be linted (``<place>: <cause>``)."""
    skipped: list[str] = field(default_factory=list)
    """One info line per walked file of no detectable kind (see :class:`UndetectedKindError`)."""

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def infos(self) -> int:
        return self.count(Severity.INFO)


def _check_kind(kind: str) -> str:
    from linter.kinds import KIND_REGISTRY

    if kind not in KIND_REGISTRY:
        raise LintUsageError(f"unknown kind {kind!r}; known kinds: {', '.join(KINDS)}")
    return kind


def _check_content_type(content_type: str) -> str:
    if content_type not in CONTENT_TYPES:
        raise LintUsageError(f"unknown content type {content_type!r}; use json or xml")
    return content_type


def _selection(config: LintConfig | None) -> Selection:
    if config is None:
        return Selection()
    return Selection(config.select, config.ignore)


def lint_bytes(
    data: bytes,
    *,
    kind: str,
    header: HeaderInput | None = None,
    content_type: str | None = "json",
    file: str = "<bytes>",
    options: Mapping[str, Any] | None = None,
    config: LintConfig | None = None,
) -> list[Diagnostic]:
    """Lint one payload held in memory. ``content_type=None`` sniffs it from the bytes."""
    _check_kind(kind)
    chosen = sniff_content_type(data) if content_type is None else _check_content_type(content_type)
    doc = DocumentInput(
        open=lambda: io.BytesIO(data),
        kind=kind,
        file=file,
        content_type=chosen,
        header=header,
        header_file="<header>",
        options=dict(options or {}),
    )
    return lint_document(doc, _selection(config))


def lint_object(
    obj: Any,
    *,
    kind: str,
    header: HeaderInput | None = None,
    content_type: str = "json",
    options: Mapping[str, Any] | None = None,
) -> list[Diagnostic]:
    """Lint a payload given as Python data (serialized to JSON to be read).

    ``content_type`` is the serialization the payload was received in: rules that depend
    on it (e.g. names are not allowed in an XML header's lists) see that one.
    """
    _check_kind(kind)
    _check_content_type(content_type)
    try:
        data = orjson.dumps(obj)
    except TypeError as error:
        raise LintUsageError(f"the object cannot be serialized as JSON: {error}") from None
    doc = DocumentInput(
        open=lambda: io.BytesIO(data),
        kind=kind,
        file="<object>",
        content_type=content_type,
        header=header,
        options=dict(options or {}),
        parse_as="json",
    )
    return lint_document(doc, Selection())


def check_header(
    header: HeaderInput,
    *,
    kind: str,
    content_type: str = "json",
    options: Mapping[str, Any] | None = None,
) -> list[Diagnostic]:
    """Diagnostics of a Norce X-StormConnect-Header for a body of ``kind``.

    ``header`` is the header text (str or bytes) or an already parsed dict. Runs the source
    rules (one line, valid JSON, duplicate keys), the header schema and the header rules.
    """
    from linter.header import check_header_input

    _check_kind(kind)
    _check_content_type(content_type)
    outcome = check_header_input(
        header,
        kind=kind,
        content_type=content_type,
        file="<header>",
        selection=Selection(),
        options=options,
    )
    from linter.positions import finish

    doc = DocumentInput(open=lambda: io.BytesIO(b""), kind=kind, file="<header>")
    return finish(outcome.pending, doc, None)


def read_items(data: bytes, kind: str, content_type: str = "json") -> list[Any]:
    """The items of a Norce body (``ArrayOf<Model>`` XML, or a JSON array or objects back to
    back) as Python data, read as the linter reads them (XML typed by the spec).

    Raises :class:`LintUsageError` for a kind that is not a Norce body, and when the bytes
    cannot be read (empty, not well-formed, not UTF-8, unsafe XML, an item too large). A
    repeated key is not an error here: its last value is kept, as JSON parsers do.
    """
    from linter import norce_model, schemas
    from linter.kinds import LAYOUTS
    from linter.read.json import JsonReader
    from linter.read.problems import FatalSourceError
    from linter.read.xml import XmlReader

    if _check_kind(kind) not in NORCE_BODY_KINDS:
        raise LintUsageError(f"{kind} is not a Norce body kind")
    reader: XmlReader | JsonReader
    if _check_content_type(content_type) == "xml":
        item_schema = schemas.component("norce", norce_model.body_item_schema(kind))
        resolve = lambda s: schemas.resolve_ref("norce", s)  # noqa: E731
        reader = XmlReader(io.BytesIO(data), LAYOUTS[kind], item_schema, {}, resolve)
    else:
        reader = JsonReader(io.BytesIO(data), LAYOUTS[kind])
    try:
        items = [item.value for item in reader.items()]
    except (FatalSourceError, ValueError) as error:
        raise LintUsageError(f"the {content_type} body cannot be read: {error}") from None
    fatal = [p for p in reader.problems if p.code != DUPLICATE_KEY]
    if fatal:
        raise LintUsageError(f"the {content_type} body cannot be read: {fatal[0].message}")
    return items


def example_diagnostics(example: Example, rule: Rule) -> list[Diagnostic]:
    """Lint a rule's example as the documentation shows it."""
    kind = example.kind or sorted(rule.kinds)[0]
    body = example.body.encode("utf-8", "surrogateescape")
    return lint_bytes(
        body,
        kind=kind,
        header=example.header,
        content_type=None,
        file="<example>",
        options=example.options,
    )


# -- paths ----------------------------------------------------------------------------------


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIXES)


def iter_payload_files(path: Path, config: LintConfig | None = None) -> Iterator[Path]:
    """``path`` itself, or the *.json / *.xml files below a directory: sidecars, files git
    ignores and files the config's exclude globs match are left out (:mod:`linter.walk`)."""
    if path.is_dir():
        from linter.walk import walk

        chosen = config or LintConfig()
        base = chosen.root or Path.cwd()
        for found in walk(path, PAYLOAD_SUFFIXES, chosen.excludes, base):
            if not is_sidecar(found):
                yield found
        return
    if is_sidecar(path) and _body_of_sidecar(path) is not None:
        return  # linted as the header of its body
    yield path


def _body_of_sidecar(path: Path) -> Path | None:
    stem = path.name.rsplit(".header.", 1)[0]
    for suffix in PAYLOAD_SUFFIXES:
        body = path.with_name(stem + suffix)
        if body.is_file():
            return body
    return None


def sidecar_for(path: Path) -> Path | None:
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def _read_head(path: Path, size: int) -> bytes:
    with path.open("rb") as stream:
        return stream.read(size)


def lint_file(
    path: Path,
    *,
    kind: str | None,
    header: HeaderInput | None,
    header_file: str,
    content_type: str | None,
    config: LintConfig | None,
    options: Mapping[str, Any] | None = None,
    display: str | None = None,
) -> list[Diagnostic]:
    """Lint one file on disk, streaming it. Raises :class:`LintUsageError` when it cannot."""
    doc, selection = prepare_file(
        path,
        kind=kind,
        header=header,
        header_file=header_file,
        content_type=content_type,
        config=config,
        options=options,
        display=display,
    )
    return lint_document(doc, selection)


def prepare_file(
    path: Path,
    *,
    kind: str | None,
    header: HeaderInput | None,
    header_file: str,
    content_type: str | None,
    config: LintConfig | None,
    options: Mapping[str, Any] | None = None,
    display: str | None = None,
) -> tuple[DocumentInput, Selection]:
    """What :func:`lint_file` lints: the document (kind, header, options) and the rules."""
    from linter.read.detect import SNIFF_SIZE

    name = display or str(path)
    if path.exists() and not path.is_file():
        raise LintUsageError(f"{name}: not a regular file (a directory, FIFO, device or socket)")
    try:
        head = _read_head(path, SNIFF_SIZE)
    except OSError as error:
        raise LintUsageError(f"{name}: cannot read it: {error.strerror or error}") from None
    chosen_type = content_type
    if chosen_type is None:
        chosen_type = "xml" if path.suffix == ".xml" else sniff_content_type(head)
    _check_content_type(chosen_type)
    chosen_kind = kind or (config.kind_for(path) if config else None) or detect_kind(head)
    if chosen_kind is None:
        raise UndetectedKindError(
            f"{name}: cannot tell the payload kind from its content; pass --kind "
            f"(one of {', '.join(KINDS)}) or map the path in [tool.skuguard.lint] kinds"
        )
    _check_kind(chosen_kind)
    if chosen_kind == "kaching.stock" and chosen_type == "xml":
        raise LintUsageError(f"{name}: Ka-ching stock imports are JSON only")
    if header is None and chosen_kind in NORCE_BODY_KINDS:
        sidecar = sidecar_for(path)
        if sidecar is not None:
            try:
                header = sidecar.read_bytes()
            except OSError as error:
                raise LintUsageError(
                    f"{sidecar}: cannot read it: {error.strerror or error}"
                ) from None
            header_file = str(sidecar)
    run_options = dict(options or {})
    if config is not None and config.adjustment:
        run_options.setdefault("adjustment", True)
    if config is not None and config.assembled:
        run_options.setdefault("assembled", True)
    doc = DocumentInput(
        open=lambda: path.open("rb"),
        kind=chosen_kind,
        file=name,
        content_type=chosen_type,
        header=header,
        header_file=header_file,
        options=run_options,
    )
    return doc, _selection(config)


def lint_path(
    path: str | Path,
    *,
    kind: str | None = None,
    header: HeaderInput | None = None,
    content_type: str | None = None,
    config: LintConfig | None = None,
    options: Mapping[str, Any] | None = None,
) -> LintResult:
    """Lint a file, or every payload file below a directory.

    Inputs that cannot be linted at all are listed in ``failures``.
    """
    if kind is not None:
        _check_kind(kind)
    if content_type is not None:
        _check_content_type(content_type)
    root = Path(path)
    result = LintResult()
    if not root.exists():
        result.failures.append(f"{root}: no such file or directory")
        return result
    walked = root.is_dir()
    for file in iter_payload_files(root, config):
        try:
            found = lint_file(
                file,
                kind=kind,
                header=header,
                header_file="<header>",
                content_type=content_type,
                config=config,
                options=options,
            )
        except UndetectedKindError as error:
            if walked:
                result.skipped.append(skip_line(file))
            else:
                result.failures.append(str(error))
            continue
        except LintUsageError as error:
            result.failures.append(str(error))
            continue
        result.diagnostics.extend(found)
        result.files += 1
    result.diagnostics = sort_diagnostics(result.diagnostics)
    return result


def read_stream_fully(stream: BinaryIO) -> bytes:
    return stream.read()
