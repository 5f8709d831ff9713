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
from linter.checking import DocumentContext, Selection
from linter.config import LintConfig
from linter.read import regions
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


@pytest.fixture(autouse=True)
def fast_path_at_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """These documents are small; the shortcut must still run on them to be compared."""
    monkeypatch.setattr(engine, "FAST_PATH_MIN_BYTES", 0)


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

    with mock.patch.object(norce_fast, "fast_path_for", record):
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


ROW_HEADERS: dict[str, dict[str, Any]] = {
    "norce.onhands": {
        "AccountId": 1,
        "FullFile": False,
        "SkuOnhandFieldsThatAreSet": [
            "OnhandValue",
            "IncomingValue",
            "MinimumValue",
            "MaximumValue",
        ],
    },
    "norce.prices": {
        "AccountId": 1,
        "FullFile": False,
        "SkuPriceListFieldsThatAreSet": ["PriceSale", "IsActive", "PriceRule"],
        "IgnoreSkuPriceListFieldsWhenEmpty": ["PriceSale"],
    },
    "norce.relations": {
        "AccountId": 1,
        "FullFile": False,
        "RelationFieldsThatAreSet": ["IsActive", "SortOrder", "Cultures"],
    },
}
KEY_PROPS = {
    "norce.onhands": ("PartNo", "WarehouseCode", "LocationCode"),
    "norce.prices": ("PartNo", "PriceListCode", "QuantityBreak"),
    "norce.relations": ("PartNo", "RelatedPartNo", "RelationTypeCode"),
}


def clean_row(kind: str, i: int) -> dict[str, Any]:
    if kind == "norce.onhands":
        low = i % 7
        return {
            "PartNo": f"P{i}",
            "WarehouseCode": f"W{i % 3}",
            "LocationCode": "L",
            "OnhandValue": i % 50,
            "IncomingValue": 1.5,
            "MinimumValue": low,
            "MaximumValue": low + i % 4,
        }
    if kind == "norce.prices":
        return {"PartNo": f"P{i}", "PriceListCode": "L", "PriceSale": 10 + i % 7, "IsActive": True}
    culture = [{"CultureCode": "sv-SE", "Name": "Passar"}] if i % 5 == 0 else None
    row = {"PartNo": f"P{i}", "RelatedPartNo": f"Q{i}", "RelationTypeCode": "ACC"}
    return row | {"IsActive": True, "SortOrder": i % 5, "Cultures": culture}


FAULTS: dict[str, list[dict[str, Any]]] = {
    "norce.onhands": [
        {"OnhandValue": -1},
        {"MinimumValue": 9, "MaximumValue": 2},
        {"MinimumValue": True},
        {"OnOrderValue": 3},
        {"LeadTimeDayCount": 2},
        {"OnhandValue": "x"},
        {"IncomingValue": None},
        {"MinimumValue": 2**63 - 1, "MaximumValue": 2**62},
    ],
    "norce.prices": [
        {"PriceSale": -3},
        {"CurrencyCode": "EURO"},
        {"PriceRuleValue": 2},
        {"PriceCatalog": 15},
        {"PriceSale": None},
        {"QuantityBreak": 0},
        {"QuantityBreak": 0.0},
        {"PriceRule": "3"},
    ],
    "norce.relations": [
        {"RelatedPartNo": "SELF"},
        {"DefaultName": "x"},
        {"Cultures": [{"CultureCode": "en", "Name": "Fits"}]},
        {"SortOrder": "a"},
        {"IsActive": None},
    ],
}
REPEAT = -1
"""A fault that copies the key of an earlier row (a repeat)."""


@st.composite
def spread_rows(draw: st.DrawFn, kind: str) -> list[dict[str, Any]]:
    """Clean rows with faults (repeats among them) at drawn places between them."""
    count = draw(st.integers(1, 700))
    rows = [clean_row(kind, i) for i in range(count)]
    faults = draw(
        st.lists(
            st.tuples(
                st.integers(0, count - 1),
                st.integers(REPEAT, len(FAULTS[kind]) - 1),
                st.integers(0, count - 1),
            ),
            min_size=1,
            max_size=16,
        )
    )
    for at, fault, other in faults:
        if fault == REPEAT:
            source = rows[min(other, at)]
            for prop in KEY_PROPS[kind]:
                if prop in source:
                    rows[at][prop] = source[prop]
                else:
                    rows[at].pop(prop, None)
        else:
            rows[at] |= FAULTS[kind][fault]
            if rows[at].get("RelatedPartNo") == "SELF":
                rows[at]["RelatedPartNo"] = rows[at]["PartNo"]
    return rows


ROW_KINDS = ("norce.onhands", "norce.prices", "norce.relations")


@pytest.mark.parametrize("kind", ROW_KINDS)
def test_runs_of_rows_change_no_diagnostic(kind: str) -> None:
    """Rows with errors and repeats spread between clean ones, in runs of any size (repeats
    inside one run and across runs), as an array or as objects back to back: the same
    diagnostics with the fast path as without."""
    seen: list[tuple[int, int]] = []

    @settings(BOUNDED, max_examples=25)
    @given(
        spread_rows(kind),
        st.sampled_from([3, 64, 4096]),
        st.booleans(),
        st.sampled_from([None, LintConfig(ignore=("SG003",))]),
    )
    def check(
        rows: list[dict[str, Any]], run_size: int, stream: bool, config: LintConfig | None
    ) -> None:
        body = b"\n".join(orjson.dumps(row) for row in rows) if stream else orjson.dumps(rows)
        header = orjson.dumps(ROW_HEADERS[kind]).decode()
        with mock.patch.object(regions, "BATCH_ITEMS", run_size):
            with recording_fast_paths() as made:
                fast = lint(kind, body, header, config)
            with without_fast_path():
                full = lint(kind, body, header, config)
        assert fast == full
        seen.append((accepted_count(made), refused_count(made)))

    check()
    assert any(accepted for accepted, _ in seen)
    assert any(refused for _, refused in seen)


@pytest.mark.parametrize("kind", ROW_KINDS)
def test_a_document_read_in_chunks_lints_the_same(kind: str) -> None:
    """A document larger than one read: runs come from the chunked framing; a fault every
    few hundred rows, repeats of rows a run or more before."""
    count = 6000
    rows = [clean_row(kind, i) for i in range(count)]
    faults = FAULTS[kind]
    for number, at in enumerate(range(5, count, 389)):
        rows[at] |= faults[number % len(faults)]
        if rows[at].get("RelatedPartNo") == "SELF":
            rows[at]["RelatedPartNo"] = rows[at]["PartNo"]
    for at, source in ((4100, 17), (4101, 4099), (5999, 0), (300, 299)):
        for prop in KEY_PROPS[kind]:
            if prop in rows[source]:
                rows[at][prop] = rows[source][prop]
    body = orjson.dumps(rows)
    assert len(body) > norce_fast_small_document()
    header = orjson.dumps(ROW_HEADERS[kind]).decode()
    with recording_fast_paths() as made:
        fast = lint(kind, body, header)
    with without_fast_path():
        full = lint(kind, body, header)
    assert fast == full
    codes = {d.code for d in full}
    assert {"NO001", "NL001", "NR002"} & codes
    assert accepted_count(made) > count // 2
    assert refused_count(made) >= 1


def norce_fast_small_document() -> int:
    from linter.read.plain_scan import SMALL_DOCUMENT

    return SMALL_DOCUMENT


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, 1.0, 2.5, -0.5, 2**31, 2**53 + 1]),
    st.sampled_from(["", " ", "x", "sv-SE", "en", "SEK", "EURO", "2024-01-01T00:00:00Z", "ACC"]),
    st.just([]),
    st.just({}),
)


@pytest.mark.parametrize("kind", ROW_KINDS)
@pytest.mark.parametrize("typed", [True, False])
def test_the_column_check_accepts_only_what_jsonschema_rs_accepts(kind: str, typed: bool) -> None:
    """Run by run, the Python column check never says valid where jsonschema-rs says not."""
    from linter import norce_model as nf
    from linter import schemas
    from linter.header import check_header_input
    from linter.rules.norce.fast_columns import column_check
    from linter.rules.norce.fast_schema import Builder, defname, ref

    outcome = check_header_input(
        orjson.dumps(ROW_HEADERS[kind]).decode(),
        kind=kind,
        content_type="json",
        file="<h>",
        selection=Selection(),
    )
    ctx = DocumentContext(kind, "json", outcome.header, nf.header_kind_for_body(kind), {})
    defs = Builder(ctx, norce_fast.COVERED[kind], typed).defs()
    item = nf.body_item_schema(kind)
    check = column_check(defs, defname(item, True), norce_fast._spec_node_at)
    assert check is not None
    run = {"type": "array", "items": {"allOf": [{"type": "object"}, ref(item, True)]}}
    judge = schemas.validator_for_document("norce", run, defs)
    props = sorted(set(KEY_PROPS[kind]) | set(clean_row(kind, 0)) | {"OnOrderValue", "Junk"})
    agreed: list[bool] = []

    @settings(BOUNDED, max_examples=150)
    @given(
        st.lists(
            st.tuples(
                st.integers(1, 50),
                st.dictionaries(st.sampled_from(props), ODD_VALUES, max_size=2),
                st.sets(st.sampled_from(props), max_size=1),
            ),
            min_size=1,
            max_size=4,
        )
    )
    def compare(drawn: list[tuple[int, dict[str, Any], set[str]]]) -> None:
        rows = []
        for number, changes, dropped in drawn:
            row = (
                clean_row(kind, number)
                | {"Cultures": None, "PriceRule": 1, "PriceRuleValue": None}
                | changes
            )
            if kind != "norce.prices":
                for prop in ("PriceRule", "PriceRuleValue"):
                    if prop not in changes:
                        del row[prop]
            if kind != "norce.relations" and "Cultures" not in changes:
                del row["Cultures"]
            rows.append({k: v for k, v in row.items() if k not in dropped})
        if check(rows):
            assert judge.is_valid(rows), rows
            agreed.append(True)

    compare()
    assert agreed, "the column check never accepted a generated run"
    extra = {
        "norce.relations": {"Cultures": None},
        "norce.prices": {"PriceRule": 1, "PriceRuleValue": None},
    }
    assert check([clean_row(kind, i) | extra.get(kind, {}) for i in range(1, 40)])
