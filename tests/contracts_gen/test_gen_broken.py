"""Each broken strategy breaks exactly its rule: the linter reports it, and no other error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from contracts.strategies import (
    Payload,
    breakable_rules,
    broken_payloads,
    inherent_companions,
    norce_header_text,
)
from linter import Severity, lint_object
from linter.registry import KINDS

BOUNDED = settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

CASES = [(kind, code) for kind in KINDS for code in breakable_rules(kind)]


def codes_of(payload: Payload) -> tuple[set[str], set[str]]:
    header = norce_header_text(payload.header) if payload.header is not None else None
    diagnostics = lint_object(
        payload.body, kind=payload.kind, header=header, options=dict(payload.options)
    )
    errors = {d.code for d in diagnostics if d.severity is Severity.ERROR}
    return {d.code for d in diagnostics}, errors


def test_some_rules_are_breakable_for_every_norce_body_kind() -> None:
    for kind in ("norce.products", "norce.onhands", "norce.prices", "norce.relations"):
        assert breakable_rules(kind), kind


@pytest.mark.parametrize(("kind", "code"), CASES)
def test_broken_payload_breaks_exactly_its_rule(kind: str, code: str) -> None:
    @BOUNDED
    @given(broken_payloads(kind, code))
    def check(payload: Payload) -> None:
        found, errors = codes_of(payload)
        assert code in found
        assert errors <= {code} | inherent_companions(kind, code)

    check()
