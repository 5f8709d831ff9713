"""Public path of the Hypothesis strategies documented in the README; they live in
:mod:`contracts.generate.strategies`."""

from contracts.generate.strategies import (
    Fixtures,
    FixturesError,
    OperationPayload,
    Payload,
    UnknownKindError,
    breakable_rules,
    broken_payloads,
    inherent_companions,
    norce_header_text,
    operation_payloads,
    payload_for_operation,
    unbreakable_rules,
    valid_payloads,
)

__all__ = [
    "Fixtures",
    "FixturesError",
    "OperationPayload",
    "Payload",
    "UnknownKindError",
    "breakable_rules",
    "broken_payloads",
    "inherent_companions",
    "norce_header_text",
    "operation_payloads",
    "payload_for_operation",
    "unbreakable_rules",
    "valid_payloads",
]
