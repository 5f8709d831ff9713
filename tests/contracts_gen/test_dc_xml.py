"""The DataContract XML writer against the linter's reader: what is written reads back the same."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.generate import dc_xml
from contracts.generate.strategies import Payload, valid_payloads
from contracts.generate.wire import read_items
from contracts.generate.xml import header_with_codes
from contracts.sandbox.norce.xml_input import parse_header
from linter import norce_model

BOUNDED = settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BODY_KINDS = sorted(norce_model.IMPORT_OPERATIONS)


@pytest.mark.parametrize("kind", BODY_KINDS)
def test_a_written_body_reads_back_as_the_same_items(kind: str) -> None:
    @BOUNDED
    @given(valid_payloads(kind))
    def check(payload: Payload) -> None:
        data = dc_xml.body(payload.body, norce_model.body_item_schema(kind))
        assert read_items(data, kind, "xml") == payload.body

    check()


@pytest.mark.parametrize("kind", BODY_KINDS)
def test_a_written_header_reads_back_as_the_same_header(kind: str) -> None:
    @BOUNDED
    @given(valid_payloads(kind))
    def check(payload: Payload) -> None:
        assert payload.header is not None
        header_kind = norce_model.header_kind_for_body(kind)
        header = header_with_codes(payload.header, header_kind)
        header_schema = norce_model.header_schema_of_kind(header_kind)
        text = dc_xml.header(header, header_schema)
        assert "\n" not in text
        assert parse_header(text, header_schema) == header

    check()


def test_the_body_is_a_datacontract_array() -> None:
    data = dc_xml.body([{"PartNo": "A-1", "OnhandValue": None}], "SkuOnhand")
    text = data.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?><ArrayOfSkuOnhand ')
    assert f'xmlns="{dc_xml.MODELS_NAMESPACE}"' in text
    assert '<SkuOnhand><OnhandValue i:nil="true"/><PartNo>A-1</PartNo></SkuOnhand>' in text


@given(
    st.sampled_from([" lead", "trail ", "bell\x07", "nul\x00", "cr\rlf", "\ufffe"]),
)
def test_a_value_xml_cannot_carry_is_refused(text: str) -> None:
    with pytest.raises(dc_xml.UnwritableError):
        dc_xml.body([{"PartNo": text}], "SkuOnhand")


def test_markup_characters_are_escaped_and_read_back() -> None:
    items = [{"PartNo": "A&B <1>", "WarehouseCode": "W", "LocationCode": "L"}]
    data = dc_xml.body(items, "SkuOnhand")
    assert read_items(data, "norce.onhands", "xml") == items


def test_body_enums_are_member_names_and_read_back_as_codes() -> None:
    items = [{"PartNo": "A", "PriceListCode": "STD", "PriceRule": 2}]
    data = dc_xml.body(items, "SkuPriceList")
    assert b"<PriceRule>FixedPrice</PriceRule>" in data
    assert read_items(data, "norce.prices", "xml") == items
