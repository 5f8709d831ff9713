"""Issue #12, point 12: skuguard's ISO 4217 list agrees with the maintained ``iso4217`` package."""

from __future__ import annotations

import json

import iso4217
import pytest

import linter
from linter import Severity
from linter.iso4217 import ACTIVE_CODES, WITHDRAWN_CODES

PUBLISHED = {currency.code for currency in iso4217.Currency}


def test_the_active_codes_are_the_published_list_one() -> None:
    assert sorted(ACTIVE_CODES - PUBLISHED) == []
    assert sorted(PUBLISHED - ACTIVE_CODES) == []


def test_no_withdrawn_code_is_in_the_published_list() -> None:
    assert sorted(WITHDRAWN_CODES & PUBLISHED) == []


def test_bgn_is_withdrawn_and_xad_is_active() -> None:
    assert "BGN" in WITHDRAWN_CODES
    assert "BGN" not in ACTIVE_CODES
    assert "XAD" in ACTIVE_CODES


def _price_findings(currency: str) -> list[str]:
    item = {"PartNo": "S1", "PriceListCode": "STD", "PriceSale": 1.0, "CurrencyCode": currency}
    header = {"AccountId": 1, "FullFile": False, "SkuPriceListFieldsThatAreSet": [3]}
    found = linter.lint_bytes(
        json.dumps([item]).encode(), kind="norce.prices", header=json.dumps(header)
    )
    return [d.message for d in found if d.severity in (Severity.ERROR, Severity.WARNING)]


@pytest.mark.parametrize("currency", ["XAD", "EUR", "SEK"])
def test_an_active_currency_lints_clean(currency: str) -> None:
    assert _price_findings(currency) == []


def test_the_withdrawn_bulgarian_lev_is_reported_as_withdrawn() -> None:
    messages = _price_findings("BGN")
    assert messages
    assert any("withdrawn" in m for m in messages)
