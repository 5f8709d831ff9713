"""Payloads on the wire: the runner sends a payload's exact bytes and media type, and judges
the request it sent by linting it as that serialization."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.generate.strategies import (
    Payload,
    broken_payloads,
    operation_payloads,
    valid_payloads,
)
from contracts.generate.wire import body_bytes, content_type_of, header_text, media_type
from contracts.run.generation import Drawn, domain_cases
from contracts.run.http.request import UnsendableCaseError, build_request
from contracts.run.lint import lint_errors

BOUNDED = settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
BASE_URL = "http://127.0.0.1:9/norce/commerce/connect/4.0"
NORCE_OPERATIONS = sorted(op for op, info in operation_payloads().items() if info.api == "norce")


@functools.cache
def _operation(operation_id: str) -> Any:
    from contracts.run.runner import load_schema

    for result in load_schema("norce").get_all_operations():
        operation = result.ok()
        if operation.definition.raw.get("operationId") == operation_id:
            return operation
    raise LookupError(operation_id)


def _cases(operation_id: str, payloads: st.SearchStrategy[Payload]) -> st.SearchStrategy[Drawn]:
    return domain_cases(_operation(operation_id), payloads, {})


def test_content_types_of_media_types() -> None:
    assert content_type_of("application/xml; charset=utf-8") == "xml"
    assert content_type_of("text/xml") == "xml"
    assert content_type_of("application/json") == "json"
    assert content_type_of(None) == "json"


@pytest.mark.parametrize("operation_id", NORCE_OPERATIONS)
def test_an_xml_payload_is_sent_as_its_bytes_and_judged_valid(operation_id: str) -> None:
    kind = operation_payloads()[operation_id].kind

    @BOUNDED
    @given(_cases(operation_id, valid_payloads(kind, content_types=("xml",))))
    def check(drawn: Drawn) -> None:
        request = build_request(drawn.case, BASE_URL, {})
        payload = drawn.payload
        assert request.headers["content-type"] == media_type(payload) == "application/xml"
        assert request.content == body_bytes(payload)
        assert request.headers["x-stormconnect-header"] == header_text(payload)
        assert lint_errors(operation_id, request) == []

    check()


@pytest.mark.parametrize("code", ["NH007", "NH002", "SG006", "SG001"])
def test_a_broken_xml_request_is_judged_by_its_rule(code: str) -> None:
    @BOUNDED
    @given(_cases("ImportOnhands", broken_payloads("norce.onhands", code, content_types=("xml",))))
    def check(drawn: Drawn) -> None:
        request = build_request(drawn.case, BASE_URL, {})
        errors = lint_errors("ImportOnhands", request)
        assert errors
        assert {e.split(" ", 1)[0] for e in errors} == {code}

    check()


@pytest.mark.parametrize("code", ["SG002", "SG004", "SG005"])
def test_a_json_payload_broken_in_its_bytes_is_sent_as_those_bytes(code: str) -> None:
    @BOUNDED
    @given(_cases("ImportRelations", broken_payloads("norce.relations", code)))
    def check(drawn: Drawn) -> None:
        request = build_request(drawn.case, BASE_URL, {})
        assert request.content == body_bytes(drawn.payload)
        assert request.headers["content-type"] == "application/json"
        assert {e.split(" ", 1)[0] for e in lint_errors("ImportRelations", request) or []} == {code}

    check()


def test_a_multiline_header_is_never_put_on_the_wire() -> None:
    @BOUNDED
    @given(_cases("ImportSkuPriceLists", broken_payloads("norce.prices", "SG009")))
    def check(drawn: Drawn) -> None:
        with pytest.raises(UnsendableCaseError):
            build_request(drawn.case, BASE_URL, {})

    check()


@pytest.mark.parametrize("operation_id", NORCE_OPERATIONS)
def test_the_faithful_sandbox_accepts_xml_payloads_in_full(operation_id: str, fresh: Any) -> None:
    info = operation_payloads()[operation_id]

    @settings(
        max_examples=4, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(valid_payloads(info.kind, content_types=("xml",)))
    def check(payload: Payload) -> None:
        text = header_text(payload)
        assert text is not None
        ctx = fresh.norce.exchange(
            operation_id,
            info.method,
            info.path,
            headers={"Content-Type": media_type(payload), "X-StormConnect-Header": text},
            body=body_bytes(payload),
        )
        assert ctx.response.status == 200, ctx.response.describe()
        summary = ctx.response.json["ValidationSummary"]
        assert summary["NrOfItemsInTotal"] == len(payload.body)
        assert summary["NrOfValidationFailures"] == 0

    check()
