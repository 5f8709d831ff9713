"""The Norce fast path never changes what the linter reports.

It lets items that pass one schema check (plus a few targeted checks) skip the schema check
and the item rules; that is only sound if passing implies the full rules find nothing.
The properties below compare linting with and without it on generated documents that mix
coherent items and items breaking one rule each.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import jsonschema_rs
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.generate.strategies import Payload, breakable_rules, broken_payloads, valid_payloads
from linter import Diagnostic, engine, lint_bytes
from linter.checking import DocumentContext
from linter.config import LintConfig
from linter.registry import Scope, rules_for
from linter.rules.norce import fast as norce_fast
from linter.rules.norce.values import (
    CULTURE_PATTERN,
    FirstSeen,
    culture_code_problem,
    gtin_problem,
    gtin_valid,
    is_blank,
)

KINDS = ("norce.products", "norce.onhands", "norce.prices", "norce.relations")
BOUNDED = settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@contextmanager
def without_fast_path() -> Iterator[None]:
    with mock.patch.object(engine, "_fast_path", return_value=None):
        yield


@contextmanager
def recording_fast_paths() -> Iterator[list[norce_fast.FastPath]]:
    """Every fast path the engine makes meanwhile (each counts what it accepted and refused)."""
    made: list[norce_fast.FastPath] = []
    original = norce_fast.fast_path_for

    def record(ctx: Any, codes: frozenset[str], schema_on: bool) -> norce_fast.FastPath | None:
        found = original(ctx, codes, schema_on)
        if found is not None:
            made.append(found)
        return found

    with mock.patch.object(engine, "fast_path_for", record):
        yield made


def accepted_count(made: list[norce_fast.FastPath]) -> int:
    return sum(path.accepted for path in made)


def refused_count(made: list[norce_fast.FastPath]) -> int:
    return sum(len(path.refused) for path in made)


CASES = [
    (kind, code)
    for kind in KINDS
    for code in (None, *(c for c in breakable_rules(kind) if c in norce_fast.COVERED[kind]))
]


def documents(kind: str, code: str | None) -> st.SearchStrategy[list[Payload]]:
    """1-3 coherent payloads and, with ``code``, one breaking it, in any order."""
    valid = st.lists(valid_payloads(kind), min_size=1 if code is None else 0, max_size=3)
    if code is None:
        return valid
    return st.tuples(valid, broken_payloads(kind, code), st.integers(0, 3)).map(
        lambda drawn: [*drawn[0][: drawn[2]], drawn[1], *drawn[0][drawn[2] :]]
    )


def lint(
    kind: str, body: bytes, header: str | None, config: LintConfig | None = None
) -> list[Diagnostic]:
    return lint_bytes(body, kind=kind, header=header, file="<doc>", config=config)


def header_text(header: Any) -> str | None:
    return None if header is None else orjson.dumps(header).decode()


def accepted_alone(kind: str, item: Any, header: Any) -> bool:
    ctx = DocumentContext(kind, "json", header, None, {})
    codes = frozenset(rule.code for rule in rules_for(kind, Scope.ITEM))
    fast = norce_fast.fast_path_for(ctx, codes, True)
    assert fast is not None
    return fast.accepts(item, 0)


@pytest.mark.parametrize(("kind", "code"), CASES)
def test_the_fast_path_changes_no_diagnostic(kind: str, code: str | None) -> None:
    """Whole documents lint the same with and without it; an item it accepts on its own
    gets no finding from the schema check or any item rule."""
    accepted: list[int] = []
    refused: list[int] = []
    covered = norce_fast.COVERED[kind] | {"SG003"}

    @BOUNDED
    @given(documents(kind, code))
    def check(parts: list[Payload]) -> None:
        items = [item for part in parts for item in part.body]
        body, header = orjson.dumps(items), header_text(parts[0].header)
        with recording_fast_paths() as made:
            fast = lint(kind, body, header)
        accepted.append(accepted_count(made))
        refused.append(refused_count(made))
        with without_fast_path():
            assert fast == lint(kind, body, header)
        for part in parts:
            for item in part.body:
                if accepted_alone(kind, item, part.header):
                    with without_fast_path():
                        alone = lint(kind, orjson.dumps([item]), header_text(part.header))
                    assert [d for d in alone if d.code in covered and d.file == "<doc>"] == []

    check()
    assert any(accepted), "the generated documents never took the fast path"
    if code is not None:
        assert any(refused), f"no item breaking {code} was refused"


@pytest.mark.parametrize(
    ("flags", "odd_rows", "code"),
    [
        (["OnhandValue"], {"IncomingValue": 2}, "NO004"),
        (["OnhandValue", "IncomingValue"], {"IncomingValue": 2}, "NO005"),
    ],
)
def test_a_field_reported_once_lets_later_items_through_again(
    flags: list[str], odd_rows: dict[str, int], code: str
) -> None:
    """NO004 (present, not flagged) and NO005 (flagged, absent) report a field once; after
    that the rebuilt schema lets the rows that would repeat it take the fast path."""
    header = {"AccountId": 1, "FullFile": False, "SkuOnhandFieldsThatAreSet": flags}
    rows = [
        {"PartNo": f"P{i}", "WarehouseCode": "W", "LocationCode": "L", "OnhandValue": 1}
        | (odd_rows if i % 2 else {})
        for i in range(3 * norce_fast._MIN_REBUILD_GAP)
    ]
    body, header_text = orjson.dumps(rows), orjson.dumps(header).decode()
    with recording_fast_paths() as made:
        fast = lint("norce.onhands", body, header_text)
    with without_fast_path():
        full = lint("norce.onhands", body, header_text)
    assert fast == full
    assert [d.code for d in full] == [code]
    (path,) = made
    assert path.refused
    assert max(path.refused) < len(rows) - norce_fast._MIN_REBUILD_GAP
    assert path.accepted == len(rows) - len(path.refused)


@pytest.mark.parametrize("empty", [None, " ", "absent"])
@pytest.mark.parametrize("config", [None, LintConfig(ignore=("SG003",))])
def test_every_price_with_an_empty_mandatory_field_is_reported(
    empty: object, config: LintConfig | None
) -> None:
    """NP013 reports each such price, also after NP002 reported the field once (and with the
    schema check off, which otherwise refuses a null or text price)."""
    header = {
        "AccountId": 1,
        "FullFile": False,
        "ProductFieldsThatAreSet": ["Code", "Variants"],
        "VariantFieldsThatAreSet": ["Skus"],
        "SkuFieldsThatAreSet": ["StandardPrice"],
        "SkuPriceListFieldsThatAreSet": ["PriceSale"],
        "IgnoreSkuPriceListFieldsWhenEmpty": ["PriceSale"],
    }

    def product(i: int) -> dict[str, Any]:
        price: dict[str, Any] = {"PartNo": f"S{i}", "PriceListCode": "L", "PriceSale": 1}
        if i % 3 == 0:
            if empty == "absent":
                del price["PriceSale"]
            else:
                price["PriceSale"] = empty
        sku = {"PartNo": f"S{i}", "StandardPrice": price}
        return {"Code": f"P{i}", "Variants": [{"Skus": [sku]}]}

    products = [product(i) for i in range(3 * norce_fast._MIN_REBUILD_GAP)]
    body, header_text = orjson.dumps(products), orjson.dumps(header).decode()
    with recording_fast_paths() as made:
        fast = lint("norce.products", body, header_text, config)
    with without_fast_path():
        full = lint("norce.products", body, header_text, config)
    assert fast == full
    assert sum(d.code == "NP013" for d in full) == norce_fast._MIN_REBUILD_GAP
    assert accepted_count(made)


def test_no_fast_path_when_a_rule_it_does_not_cover_is_active() -> None:
    ctx = DocumentContext("norce.products", "json", None, None, {})
    assert norce_fast.fast_path_for(ctx, frozenset({"NP001", "ZZ999"}), True) is None
    assert norce_fast.fast_path_for(ctx, frozenset({"NP001"}), True) is not None
    xml = DocumentContext("norce.products", "xml", None, None, {})
    assert norce_fast.fast_path_for(xml, frozenset({"NP001"}), True) is None
    prices = DocumentContext("norce.prices", "json", None, None, {})
    assert norce_fast.fast_path_for(prices, frozenset({"NL001", "NO001"}), True) is None
    assert norce_fast.fast_path_for(prices, frozenset({"NL001"}), True) is not None
    stock = DocumentContext("kaching.stock", "json", None, None, {})
    assert norce_fast.fast_path_for(stock, frozenset(), True) is None


def test_covered_codes_are_the_item_rules_of_their_kind() -> None:
    for kind, covered in norce_fast.COVERED.items():
        assert covered == {rule.code for rule in rules_for(kind, Scope.ITEM)}


def test_python_blanks_are_exactly_the_characters_str_strip_removes() -> None:
    found = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert found == norce_fast.PYTHON_BLANKS


@given(st.text(alphabet=st.sampled_from(norce_fast.PYTHON_BLANKS + "aZ0-_é\u00a0")))
def test_not_blank_pattern_agrees_with_is_blank(value: str) -> None:
    checker = jsonschema_rs.validator_for({"pattern": norce_fast.NOT_BLANK})
    assert checker.is_valid(value) is not is_blank(value)


@given(
    st.one_of(
        st.text(alphabet="abzAZ-_ \n", max_size=7),
        st.from_regex(r"[a-z]{2}-[A-Z]{2}\n?", fullmatch=True),
    )
)
def test_culture_pattern_agrees_with_the_rule(value: str) -> None:
    checker = jsonschema_rs.validator_for({"pattern": CULTURE_PATTERN})
    assert checker.is_valid(value) is (culture_code_problem(value) is None)


@given(
    st.one_of(
        st.text(alphabet="0123456789", max_size=15),
        st.text(max_size=14),
        st.integers(),
        st.none(),
    )
)
def test_gtin_valid_agrees_with_gtin_problem(value: object) -> None:
    assert gtin_valid(value) is (gtin_problem(value) is None)


def test_price_rule_schema_refuses_what_the_rule_refuses() -> None:
    codes = frozenset({"NP017"})
    ctx = DocumentContext("norce.products", "json", None, None, {})
    fast = norce_fast.fast_path_for(ctx, codes, False)
    assert fast is not None

    def with_rule(value: object) -> dict[str, Any]:
        price = {"PartNo": "S", "PriceListCode": "L", "PriceRule": value}
        return {"Variants": [{"Skus": [{"PartNo": "S", "StandardPrice": price}]}]}

    assert fast.accepts(with_rule(3), 0)
    assert fast.accepts(with_rule(None), 1)
    for bad in (True, 0, 13, "3", 2.5):
        assert not fast.accepts(with_rule(bad), 2), bad


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=6), st.integers(0, 3))
def test_new_digests_and_add_digests_remember_like_seen_before(keys: list[str], split: int) -> None:
    tracker = FirstSeen()
    for position, key in enumerate(keys[:split]):
        tracker.seen_before((key,), position)
    rest = [(key,) for key in keys[split:]]
    all_new = not {key for (key,) in rest} & set(keys[:split]) and len(set(rest)) == len(rest)
    digests = tracker.new_digests(rest)
    assert (digests is not None) is all_new
    if digests is None:
        return
    tracker.add_digests(digests, [99] * len(digests))
    for key in rest:
        assert tracker.seen_before(key, 100) == 99
