"""The vendor-client corpus (tests/vendor_corpus/norce) lints with no error and no warning.

Every file there is a valid, intended import as the vendor's own .NET contract classes write it
(issue #12); a finding on any of them is a false alarm.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import linter
from linter import Severity

from .conftest import CORPUS, bodies, content_type_of, header_dict, header_of, kind_of

# Warnings and errors each vendor-built file is expected to get: none (NH015 on the
# price file with vendor-only ignore codes is an info).
EXPECTED: dict[str, list[str]] = {}
"""What a vendor-built import may still get: 12 (PriceRule) in IgnoreSkuPriceListFieldsWhenEmpty
is a wire-only code, accepted with a warning (issue #12, point 7)."""


def _expected(body: Path) -> list[str]:
    """Both serialisations of an import expect the same codes."""
    return EXPECTED.get(body.name.replace("-xml.xml", ".json"), [])


def _findings(result: linter.LintResult) -> list[str]:
    return [
        f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}"
        for d in result.diagnostics
        if d.severity in (Severity.ERROR, Severity.WARNING)
    ]


def test_the_corpus_holds_every_import_and_both_serialisations() -> None:
    found = {(kind_of(b), content_type_of(b)) for b in bodies()}
    assert found == {
        (kind, content_type)
        for kind in ("norce.products", "norce.prices", "norce.onhands", "norce.relations")
        for content_type in ("json", "xml")
    }
    assert all(header_of(b).is_file() for b in bodies())


def test_the_manifest_describes_every_file() -> None:
    manifest = (CORPUS / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z-]+(?:\.header)?\.(?:json|xml))`", manifest))
    on_disk = {p.name for p in CORPUS.iterdir() if p.name not in {"README.md", "BUILD_INFO.txt"}}
    assert on_disk <= listed


@pytest.mark.parametrize("body", bodies(), ids=lambda b: b.name)
def test_the_header_names_the_body_serialisation(body: Path) -> None:
    assert header_dict(body)["SerializationType"] == (1 if body.suffix == ".xml" else 0)


@pytest.mark.parametrize("body", bodies(), ids=lambda b: b.name)
def test_a_vendor_built_import_lints_clean(body: Path) -> None:
    result = linter.lint_path(body, kind=kind_of(body), content_type=content_type_of(body))
    assert result.failures == []
    assert [line.split(": ", 1)[1].split(" ", 1)[0] for line in _findings(result)] == _expected(
        body
    )


@pytest.mark.parametrize("body", bodies(), ids=lambda b: b.name)
def test_the_kind_of_a_vendor_built_body_is_detected(body: Path) -> None:
    assert linter.detect_kind(body.read_bytes()) == kind_of(body)


def test_the_whole_corpus_directory_lints_clean() -> None:
    result = linter.lint_path(CORPUS)
    assert result.failures == []
    assert sorted(line.split(": ", 1)[1].split(" ", 1)[0] for line in _findings(result)) == sorted(
        code for body in bodies() for code in _expected(body)
    )
    assert result.files == len(bodies())
