"""Property tests: the linter never raises, and its findings ignore key order and whitespace."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import detect_kind, lint_bytes
from linter.registry import KINDS

ONHAND_HEADER = '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3,8,9]}'

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=25,
)
kinds = st.sampled_from(KINDS)
PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROFILE
@given(data=st.binary(max_size=300), kind=kinds, content_type=st.sampled_from(["json", "xml"]))
def test_never_raises_on_arbitrary_bytes(data: bytes, kind: str, content_type: str) -> None:
    if kind == "kaching.stock":
        content_type = "json"
    lint_bytes(data, kind=kind, content_type=content_type)
    detect_kind(data)


@PROFILE
@given(value=json_values, kind=kinds)
def test_never_raises_on_arbitrary_json(value: Any, kind: str) -> None:
    data = json.dumps(value).encode()
    lint_bytes(data, kind=kind, header=ONHAND_HEADER if kind == "norce.onhands" else None)
    detect_kind(data)


@PROFILE
@given(
    value=st.lists(json_values, max_size=4).map(
        lambda rows: [{"PartNo": "x", **({} if not isinstance(r, dict) else r)} for r in rows]
    )
)
def test_never_raises_on_json_shaped_like_an_array_of_objects(value: Any) -> None:
    for kind in ("norce.products", "norce.onhands", "norce.prices", "norce.relations"):
        lint_bytes(json.dumps(value).encode(), kind=kind)


number = (
    st.integers(-5, 10) | st.floats(-5, 10, allow_nan=False) | st.sampled_from(["3", None, True])
)
ids = st.sampled_from(["a", "b.c", "d/e", "f", "g#", "h[1]", "i"])
kaching_bodies = st.dictionaries(
    ids,
    st.dictionaries(ids, number | st.dictionaries(ids, number, max_size=3), max_size=3),
    max_size=3,
)
onhand_rows = st.lists(
    st.fixed_dictionaries(
        {
            "PartNo": st.sampled_from(["A", "B", "C"]),
            "WarehouseCode": st.sampled_from(["W1", "W2"]),
            "LocationCode": st.sampled_from(["L"]),
        },
        optional={
            "OnhandValue": number,
            "MinimumValue": number,
            "MaximumValue": number,
            "OnOrderValue": number,
            "IsActive": st.booleans(),
        },
    ),
    max_size=5,
)


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: _shuffled(value[k], rng) for k in keys}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in value]
    return value


def _findings(data: bytes, kind: str, header: str | None) -> set[tuple[str, str]]:
    return {(d.code, d.pointer) for d in lint_bytes(data, kind=kind, header=header)}


def _check_invariance(value: Any, kind: str, header: str | None, seed: int) -> None:
    rng = random.Random(seed)
    compact = json.dumps(value, separators=(",", ":")).encode()
    shuffled = _shuffled(value, rng)
    if kind == "norce.header":  # a header must be one line (SG009): vary spaces only
        spaced = json.dumps(shuffled, separators=(" , ", " :  ")).encode()
    else:
        spaced = json.dumps(shuffled, indent=rng.choice([1, 2, 4])).encode()
    assert _findings(compact, kind, header) == _findings(spaced, kind, header)


@PROFILE
@given(body=kaching_bodies, seed=st.integers(0, 2**16))
def test_kaching_findings_ignore_key_order_and_whitespace(body: Any, seed: int) -> None:
    _check_invariance(body, "kaching.stock", None, seed)


@PROFILE
@given(rows=onhand_rows, seed=st.integers(0, 2**16))
def test_onhand_findings_ignore_key_order_and_whitespace(rows: Any, seed: int) -> None:
    _check_invariance(rows, "norce.onhands", ONHAND_HEADER, seed)


@PROFILE
@given(value=json_values, kind=kinds, seed=st.integers(0, 2**16))
def test_arbitrary_findings_ignore_key_order_and_whitespace(
    value: Any, kind: str, seed: int
) -> None:
    _check_invariance(value, kind, None, seed)


@PROFILE
@given(value=json_values, kind=kinds)
def test_small_and_large_document_framing_agree(value: Any, kind: str) -> None:
    import linter.read.json as json_reader

    data = json.dumps(value).encode()
    header = ONHAND_HEADER if kind == "norce.onhands" else None
    plain = lint_bytes(data, kind=kind, header=header)
    saved = json_reader.SMALL_DOCUMENT
    json_reader.SMALL_DOCUMENT = -1  # frame it as a large document (numpy scanner)
    try:
        framed = lint_bytes(data, kind=kind, header=header)
    finally:
        json_reader.SMALL_DOCUMENT = saved
    assert plain == framed
