"""The plain-Python schema check never contradicts jsonschema-rs, and is sure often enough.

It decides whether the validator runs at all (:func:`linter.schemas.schema_findings`), so a
``True`` that jsonschema-rs would refuse hides a finding. Values come from the payload
strategies (valid, and breaking one rule each) and from random edits of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.generate.strategies import breakable_rules, broken_payloads, valid_payloads
from linter import norce_model, schemas
from linter.quick_schema import verdict

NORCE_BODIES = ("norce.products", "norce.onhands", "norce.prices", "norce.relations")
ODD_VALUES: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(
        [
            "",
            "x.y",
            "a\n",
            "http://example.com/a b",
            "https://example.com/img.jpg",
            "2021-02-29",
            "2020-02-29",
            "123e4567-e89b-12d3-a456-426614174000",
            "2015-06-22T02:32:20.74",
            -1,
            0,
            1.0,
            1.5,
            2**31,
            2**70,
            True,
            False,
            None,
            [],
            {},
        ]
    ),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
BOUNDED = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def checked(api: str, name: str, instance: Any) -> bool | None:
    """The plain verdict, asserted to agree with jsonschema-rs wherever it is sure."""
    document = schemas._component_document(api, name)
    answer = verdict(document, instance, document)
    if answer is not None:
        assert answer == schemas.validator(api, name).is_valid(instance), (name, instance)
    return answer


def values_of(kind: str, body: Any, header: Any) -> Iterator[tuple[str, str, Any]]:
    """``(api, schema name, value)`` for what the linter validates in one payload."""
    if kind in NORCE_BODIES:
        for item in body if isinstance(body, list) else [body]:
            yield "norce", norce_model.body_item_schema(kind), item
        if isinstance(header, dict):
            header_kind = norce_model.header_kind_for_body(kind)
            yield "norce", norce_model.header_schema_of_kind(header_kind), header
    elif kind == "kaching.stock" and isinstance(body, dict):
        for location, products in body.items():
            yield "kaching", schemas.KACHING_DOCUMENT, {location: products}
    elif kind == "unleashed.stock-on-hand":
        yield "unleashed", schemas.UNLEASHED_PAGE, body


def paths(node: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*here, index))


def replaced(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {k: replaced(v, rest, value) if k == head else v for k, v in node.items()}
    return [replaced(v, rest, value) if i == head else v for i, v in enumerate(node)]


KINDS = (*NORCE_BODIES, "kaching.stock", "unleashed.stock-on-hand")


@pytest.mark.parametrize("kind", KINDS)
def test_sure_about_most_valid_payloads_and_always_right(kind: str) -> None:
    answers: list[bool | None] = []

    @BOUNDED
    @given(valid_payloads(kind))
    def check(payload: Any) -> None:
        for api, name, value in values_of(kind, payload.body, payload.header):
            answers.append(checked(api, name, value))

    check()
    assert answers.count(True) >= len(answers) // 2, answers


@pytest.mark.parametrize("kind", KINDS)
def test_never_contradicts_the_validator_on_edited_values(kind: str) -> None:
    wrong: list[bool | None] = []

    @BOUNDED
    @given(valid_payloads(kind), st.data())
    def check(payload: Any, data: st.DataObject) -> None:
        for api, name, value in values_of(kind, payload.body, payload.header):
            path = data.draw(st.sampled_from(list(paths(value))))
            edited = replaced(value, path, data.draw(ODD_VALUES))
            wrong.append(checked(api, name, edited))

    check()
    assert False in wrong, "the edits never made a value that is surely invalid"


@pytest.mark.parametrize(
    ("kind", "code"), [(kind, code) for kind in KINDS for code in breakable_rules(kind)][::3]
)
def test_never_contradicts_the_validator_on_broken_payloads(kind: str, code: str) -> None:
    @settings(BOUNDED, max_examples=8)
    @given(broken_payloads(kind, code))
    def check(payload: Any) -> None:
        if payload.content_type != "json" or payload.body_bytes is not None:
            return
        for api, name, value in values_of(kind, payload.body, payload.header):
            checked(api, name, value)

    check()


DOCUMENT = {
    "components": {"schemas": {"Id": {"type": "string", "pattern": "^[a-z]+$"}}},
    "type": "object",
    "properties": {
        "count": {"type": "integer", "minimum": 0, "maximum": 2147483647},
        "flag": {"enum": [True, 1]},
        "id": {"$ref": "#/components/schemas/Id"},
        "url": {"type": "string", "format": "uri"},
        "either": {"oneOf": [{"type": "integer"}, {"type": "number"}]},
        "day": {"type": "string", "format": "date"},
    },
}


@pytest.mark.parametrize(
    ("instance", "expected"),
    [
        ({"count": 3, "id": "abc"}, True),
        ({"count": 1.0}, None),  # an integer to JSON Schema; left to the validator
        ({"count": 2**70}, None),
        ({"count": -1}, False),
        ({"count": True}, False),
        ({"flag": True}, True),
        ({"flag": 1}, True),
        ({"flag": 1.0}, None),
        ({"flag": False}, False),
        ({"id": "abc\n"}, None),  # Python's "$" matches before a final line break
        ({"id": "ABC"}, False),
        ({"url": "https://example.com/a/b.jpg?x=1"}, True),
        ({"url": "https://example.com/a b"}, None),
        ({"either": 1}, False),  # both branches match
        ({"either": 1.5}, True),
        ({"day": "2020-02-29"}, True),
        ({"day": "2021-02-29"}, None),
        ({"count": object()}, None),  # not a JSON value
        ({"other": object()}, True),  # never looked at
    ],
)
def test_plain_verdicts(instance: dict[str, Any], expected: bool | None) -> None:
    assert verdict(DOCUMENT, instance, DOCUMENT) is expected


@pytest.mark.parametrize(
    "pattern", ["(?=a)a", "(?i)a", "a{,3}", "a*+", r"\d+", r"\w", "[[a]]", "(?P<n>a)"]
)
def test_patterns_python_reads_differently_are_left_to_the_validator(pattern: str) -> None:
    schema = {"type": "string", "pattern": pattern}
    assert verdict(schema, "a", schema) is None


TESTS = Path(__file__).resolve().parents[1]
_BODY_PREFIXES = {
    "products": "norce.products",
    "onhands": "norce.onhands",
    "prices": "norce.prices",
    "relations": "norce.relations",
    "import-products": "norce.products",
    "import-onhands": "norce.onhands",
    "import-sku-price-lists": "norce.prices",
    "import-relations": "norce.relations",
}


def _written_elsewhere() -> Iterator[tuple[str, Path]]:
    """Payloads nobody here wrote: the vendor .NET client's, and the documented examples."""
    for path in sorted((TESTS / "vendor_corpus" / "norce").glob("*.json")):
        if not path.name.endswith(".header.json"):
            yield _BODY_PREFIXES[path.stem.split("-")[0]], path
    for path in sorted((TESTS / "examples" / "norce").glob("import-*.json")):
        stem = path.name.split(".")[0]
        if path.name == f"{stem}.json" and stem in _BODY_PREFIXES:
            yield _BODY_PREFIXES[stem], path
    for path in sorted((TESTS / "examples" / "kaching").glob("*-with*.json")):
        yield "kaching.stock", path
    yield "unleashed.stock-on-hand", TESTS / "examples" / "unleashed" / "stock-on-hand-list.json"


WRITTEN_ELSEWHERE = list(_written_elsewhere())


def _document(text: str) -> Any:
    """The JSON value, or the list of objects written back to back (as the .NET client does)."""
    decoder, values, at = json.JSONDecoder(), [], 0
    while at < len(text.rstrip()):
        value, at = decoder.raw_decode(text, at)
        values.append(value)
        at += len(text[at:]) - len(text[at:].lstrip())
    return values[0] if len(values) == 1 else values


@pytest.mark.parametrize(
    ("kind", "path"), WRITTEN_ELSEWHERE, ids=[p.name for _, p in WRITTEN_ELSEWHERE]
)
def test_agrees_on_payloads_written_elsewhere(kind: str, path: Path) -> None:
    body = _document(path.read_text(encoding="utf-8-sig"))
    sidecar = path.with_name(path.name.split(".")[0] + ".header.json")
    header = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else None
    answers = [checked(api, name, value) for api, name, value in values_of(kind, body, header)]
    assert answers
    assert set(answers) == {True}  # sure of each: these small clean payloads load no validator


def test_payloads_written_elsewhere_cover_every_kind() -> None:
    assert {kind for kind, _ in WRITTEN_ELSEWHERE} == set(KINDS)
    assert len([p for _, p in WRITTEN_ELSEWHERE if "vendor_corpus" in str(p)]) >= 6
