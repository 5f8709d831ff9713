"""Each broken strategy breaks exactly its rule: the linter, reading the payload's exact bytes,
reports it and no other error; every rule of every kind has a breaker or a stated reason."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from contracts.generate.strategies import (
    Payload,
    breakable_rules,
    broken_payloads,
    inherent_companions,
    unbreakable_rules,
)
from contracts.generate.wire import lint_payload
from contracts.generate.xml import XML_KINDS
from linter import Severity
from linter.registry import KINDS, all_rules

BOUNDED = settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

CASES = [(kind, code, "json") for kind in KINDS for code in breakable_rules(kind)] + [
    (kind, code, "xml") for kind in sorted(XML_KINDS) for code in breakable_rules(kind)
]


def codes_of(payload: Payload) -> tuple[set[str], set[str]]:
    diagnostics = lint_payload(payload)
    errors = {d.code for d in diagnostics if d.severity is Severity.ERROR}
    return {d.code for d in diagnostics}, errors


def test_some_rules_are_breakable_for_every_norce_body_kind() -> None:
    for kind in ("norce.products", "norce.onhands", "norce.prices", "norce.relations"):
        assert breakable_rules(kind), kind


@pytest.mark.parametrize(("kind", "code", "content_type"), CASES)
def test_broken_payload_breaks_exactly_its_rule(kind: str, code: str, content_type: str) -> None:
    @BOUNDED
    @given(broken_payloads(kind, code, content_types=(content_type,)))
    def check(payload: Payload) -> None:
        found, errors = codes_of(payload)
        assert code in found
        assert errors <= {code} | inherent_companions(kind, code)

    check()


@pytest.mark.parametrize("kind", KINDS)
def test_every_rule_has_a_breaker_or_a_reason(kind: str) -> None:
    applicable = {rule.code for rule in all_rules() if kind in rule.kinds}
    breakable = set(breakable_rules(kind))
    excluded = set(unbreakable_rules(kind))
    assert not breakable & excluded
    assert breakable | excluded == applicable
    assert all(unbreakable_rules(kind).values())


def test_sendable_rules_leave_out_only_what_http_cannot_carry() -> None:
    for kind in KINDS:
        left_out = set(breakable_rules(kind)) - set(breakable_rules(kind, sendable_only=True))
        assert left_out <= {"SG007", "SG009"}, kind
