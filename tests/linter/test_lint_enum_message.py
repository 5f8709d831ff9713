"""SG003 messages for a value outside an enum list the allowed values by code and name."""

from __future__ import annotations

from linter import schemas
from linter.specs import coded_enum


def test_enum_failure_names_every_code() -> None:
    found = list(schemas.schema_findings("norce", "ProductField", 99, "/0"))
    assert len(found) == 1
    pointer, message = found[0]
    assert pointer == "/0"
    members = coded_enum("norce", "ProductField").members
    listed = ", ".join(f"{m.code} ({m.name})" for m in members)
    prefix = "does not match the ProductField schema: 99 is not an allowed value; allowed: "
    assert message == prefix + listed
    assert "other candidates" not in message


def test_a_valid_code_gives_no_finding() -> None:
    assert list(schemas.schema_findings("norce", "ProductField", 3, "")) == []
