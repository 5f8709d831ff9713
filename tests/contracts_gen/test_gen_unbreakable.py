"""The reasons some rules have no breaker hold: checked against the spec and the linter."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from contracts.breakers.norce.payload import lists
from contracts.breakers.unbreakable import EXCLUSIONS, INFO_REASON, unbreakable
from contracts.generate.norce_header import HEADER_SCHEMAS, list_enum
from linter import Severity, lint_bytes, norce_model
from linter.header import MAX_HEADER_SIZE
from linter.registry import KINDS, get_rule
from linter.specs import schema


def _properties(kind: str) -> dict[str, dict[str, object]]:
    props: dict[str, dict[str, object]] = schema("norce", HEADER_SCHEMAS[kind])["properties"]
    return props


def _no_dependency(kind: str) -> bool:
    return not any(
        "x-skuguard-requires" in node and "x-skuguard-subset-of" not in node
        for node in _properties(kind).values()
    )


def _no_subset_list(kind: str) -> bool:
    return not any("x-skuguard-subset-of" in node for node in _properties(kind).values())


def _no_twins(kind: str) -> bool:
    header_schema = HEADER_SCHEMAS[kind]
    for list_name in lists(header_schema):
        enum = list_enum(header_schema, list_name)
        if any(norce_model.twin_base(m.name, enum) for m in enum.members):
            return False
    return True


def _no_deprecated_member(kind: str) -> bool:
    header_schema = HEADER_SCHEMAS[kind]
    return not any(
        member.deprecated
        for list_name in lists(header_schema)
        for member in list_enum(header_schema, list_name).members
    )


def _no_docs_only_list(kind: str) -> bool:
    header_schema = HEADER_SCHEMAS[kind]
    enums = {list_enum(header_schema, name).schema_name for name in lists(header_schema)}
    return not enums & {enum for enum, _ in norce_model.SKU_FIELDS_DOCS_ONLY}


def _xml_is_not_kaching(kind: str) -> bool:
    body = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "x">]><a/>'
    codes = {d.code for d in lint_bytes(body, kind=kind, content_type="xml")}
    return codes == {"SG001"}


def _big_header_is_sg001(kind: str) -> bool:
    text = b'{"AccountId":1,"FullFile":false,"StorageName":"' + b"x" * MAX_HEADER_SIZE + b'"}'
    return {d.code for d in lint_bytes(text, kind=kind)} == {"SG001"}


FACTS: dict[str, Callable[[str], bool]] = {
    "NH003": _no_dependency,
    "NH004": _no_subset_list,
    "NH009": _no_twins,
    "NH010": _no_deprecated_member,
    "NH011": _no_docs_only_list,
    "SG006": _xml_is_not_kaching,
    "SG007": _big_header_is_sg001,
}


@pytest.mark.parametrize("exclusion", EXCLUSIONS, ids=lambda e: e.code)
def test_the_reason_of_an_exclusion_holds(exclusion: object) -> None:
    from contracts.breakers.unbreakable import Exclusion

    assert isinstance(exclusion, Exclusion)
    fact = FACTS[exclusion.code]
    for kind in sorted(exclusion.kinds):
        assert fact(kind), (exclusion.code, kind, exclusion.reason)


@pytest.mark.parametrize("kind", KINDS)
def test_info_rules_are_the_only_ones_excluded_as_info(kind: str) -> None:
    for code, reason in unbreakable(kind).items():
        rule = get_rule(code)
        assert rule is not None
        assert (reason == INFO_REASON) == (rule.severity is Severity.INFO), code
