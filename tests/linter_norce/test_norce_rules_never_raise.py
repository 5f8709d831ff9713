"""The Norce rules never fail internally (SG000), whatever JSON they are given."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import check_header, lint_object

NAMES = st.sampled_from(
    [
        "Code",
        "PartNo",
        "Variants",
        "Skus",
        "StandardPrice",
        "Cultures",
        "CultureCode",
        "PriceRule",
        "PriceRuleValue",
        "EanCode",
        "ProductParametrics",
        "ValueList",
        "MinimumValue",
        "MaximumValue",
        "RelatedPartNo",
        "WarehouseCode",
        "LocationCode",
        "CurrencyCode",
        "QuantityBreak",
        "x",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
JSON: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=5),
    max_leaves=25,
)
LIST_NAMES = st.sampled_from(
    [
        "ProductFieldsThatAreSet",
        "VariantFieldsThatAreSet",
        "SkuFieldsThatAreSet",
        "SkuPriceListFieldsThatAreSet",
        "IgnoreSkuPriceListFieldsWhenEmpty",
        "SkuOnhandFieldsThatAreSet",
        "RelationFieldsThatAreSet",
        "SerializationType",
        "FullFile",
        "JobId",
        "SupplierId",
    ]
)
HEADERS = st.dictionaries(
    LIST_NAMES,
    st.one_of(SCALARS, st.lists(st.one_of(st.integers(-2, 30), st.text(max_size=12)), max_size=6)),
    max_size=6,
)
KINDS = st.sampled_from(["norce.products", "norce.onhands", "norce.prices", "norce.relations"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(JSON, max_size=4), header=HEADERS, kind=KINDS)
def test_body_and_header_rules_never_fail(
    body: list[Any], header: dict[str, Any], kind: str
) -> None:
    found = lint_object(body, kind=kind, header=json.dumps(header))
    assert not [d for d in found if d.code == "SG000"], found


@settings(max_examples=60, deadline=None)
@given(header=HEADERS, kind=st.sampled_from(["norce.header", "norce.products", "norce.prices"]))
def test_header_rules_never_fail(header: dict[str, Any], kind: str) -> None:
    found = check_header(header, kind=kind, content_type="xml")
    assert not [d for d in found if d.code == "SG000"], found
