"""Issue #12, point 11: Ka-ching ids and empty objects, against the vendor's own code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import linter
from linter import Severity

SKUGUARD = Path(sys.executable).with_name("skuguard")


def _findings(body: bytes) -> list[tuple[str, Severity]]:
    return [(d.code, d.severity) for d in linter.lint_bytes(body, kind="kaching.stock")]


@pytest.mark.parametrize(
    "body", [b'{"store-1": {"shirt": {}}}', b'{"store-1": {}, "store-2": {"mug": 3}}']
)
def test_11_an_empty_location_or_variant_object_passes_the_schema(body: bytes) -> None:
    assert "SG003" not in {code for code, _ in _findings(body)}


@pytest.mark.parametrize(
    "body", [b'{"store-1": {"shirt": {}}}', b'{"store-1": {}, "store-2": {"mug": 3}}']
)
def test_11_an_empty_location_or_variant_object_warns(body: bytes) -> None:
    found = _findings(body)
    assert ("KS004", Severity.WARNING) in found
    assert all(severity is not Severity.ERROR for _, severity in found)


def test_11_a_percent_encoded_id_is_accepted() -> None:
    assert _findings(b'{"store-1": {"%2E123123": 3, "shirt%5Fblue": {"red%2Fs": 1}}}') == []


def test_11_a_forbidden_character_is_still_an_error() -> None:
    assert ("KS002", Severity.ERROR) in _findings(b'{"store-1": {"sku.1": 3}}')


def test_11_ks002_explains_the_plugins_percent_encoding() -> None:
    done = subprocess.run(
        [str(SKUGUARD), "rule", "KS002"], capture_output=True, text=True, timeout=60, check=True
    )
    assert "%2E" in done.stdout
    assert "replaces them with '_'" not in done.stdout
