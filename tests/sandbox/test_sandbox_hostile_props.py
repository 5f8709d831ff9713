"""Generated hostile requests to every sandbox operation, over real HTTP: each gets a 4xx,
never a 500, and the read-back shows nothing stored from a refused request."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.sandbox.client import CREDS, ONHAND_HEADER, SandboxClient
from contracts.sandbox.norce.routes import CONNECT_ROOT, TOKEN_PATH
from contracts.sandbox.server import RunningSandbox, running_sandbox

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# JSON text fragments that no operation can accept: each stands where a value goes.
NUMBERS = st.sampled_from(
    ["1e400", "-1e400", "1e309", "1" + "0" * 400, "-" + "9" * 330, "NaN", "Infinity", "-Infinity"]
)
SURROGATE = st.sampled_from(["\\ud800", "\\udfff", "\\udbff\\u0041", "a\\udc00b"]).map(
    lambda s: f'"{s}"'
)
# Raw characters below U+0020 are not allowed inside JSON strings.
CONTROL = st.sampled_from(["\x00", "\x01", "\n", "\x1b"]).map(lambda c: f'"a{c}b"')
DEEP = st.integers(min_value=65, max_value=5000).flatmap(
    lambda n: st.sampled_from(["[" * n + "]" * n, '{"a":' * n + "1" + "}" * n])
)
VALUE = st.one_of(NUMBERS, SURROGATE, CONTROL, DEEP)
KEY = st.one_of(SURROGATE, CONTROL)
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "utf-32", "cp1252-raw"])


def encode(text: str, encoding: str) -> bytes:
    if encoding == "cp1252-raw":  # a single-byte encoding where UTF-8 is expected
        return text.replace('"a', '"\xe6\xf8').encode("latin-1", "backslashreplace")
    if encoding == "utf-8":
        return text.encode("utf-8")
    return text.encode(encoding)


def _hostile_value_or_key(template_value: str, template_key: str) -> st.SearchStrategy[str]:
    return st.one_of(
        VALUE.map(lambda v: template_value.replace("@", v)),
        KEY.map(lambda k: template_key.replace("@", k)),
    )


ONHAND_VALUE = '[{"PartNo":"TEE-S","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":@}]'
ONHAND_KEY = '[{"PartNo":"TEE-S","WarehouseCode":"W1","LocationCode":"L1",@:1}]'
PART_VALUE = '[{"PartNo":@,"WarehouseCode":"W1","LocationCode":"L1","OnhandValue":1}]'
KACHING_VALUE = '{"store-1":{"TEE":@}}'
KACHING_KEY = '{"store-1":{@:1}}'
KACHING_VARIANT = '{"store-1":{"TEE":{@:1}}}'

NORCE_BODIES = st.tuples(
    st.one_of(
        _hostile_value_or_key(ONHAND_VALUE, ONHAND_KEY),
        VALUE.map(lambda v: PART_VALUE.replace("@", v)),
    ),
    ENCODINGS,
)
KACHING_BODIES = st.tuples(
    st.one_of(
        _hostile_value_or_key(KACHING_VALUE, KACHING_KEY),
        KEY.map(lambda k: KACHING_VARIANT.replace("@", k)),
    ),
    ENCODINGS,
)
NOT_XML_TEXT = st.sampled_from(["&#xD800;", "&#0;", "\x00", "\x1b"])
XML_NUMBER = st.one_of(
    st.sampled_from(["1e400", "-1e400", "NaN", "INF", "1" + "0" * 400]), NOT_XML_TEXT
)
XML_DEEP = st.integers(min_value=65, max_value=20_000).map(lambda n: "<a>" * n + "</a>" * n)
QUERY_VALUES = st.sampled_from(
    ["1e400", "nan", "inf", "-inf", "1" + "0" * 400, "%ED%A0%80", "%00", "%FF%FE", "\u00e6"]
)


def snapshot(api: SandboxClient) -> tuple[object, ...]:
    return (
        api.stock(),
        api.http.get("/_sandbox/kaching/events").json(),
        api.norce_rows("onhands"),
        api.norce_rows("products"),
        api.http.get("/_sandbox/norce/jobs").json(),
        api.http.get("/_sandbox/fault").json()["active"],
    )


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with running_sandbox(credentials=CREDS) as running:
        yield running


@pytest.fixture(scope="module")
def api(sandbox: RunningSandbox) -> Iterator[SandboxClient]:
    with httpx.Client(base_url=sandbox.base_url, timeout=30) as client:
        helper = SandboxClient(client)
        helper.reset()
        yield helper


def refused(reply: httpx.Response) -> None:
    sent = reply.request.content[:200]
    assert 400 <= reply.status_code < 500, (reply.status_code, reply.text[:300], sent)


NORCE_IMPORTS = ["ImportOnhands", "ImportProducts", "ImportSkuPriceLists", "ImportRelations"]


@EXAMPLES
@given(body=NORCE_BODIES, operation=st.sampled_from(NORCE_IMPORTS))
def test_norce_json_imports_refuse_hostile_bodies(
    api: SandboxClient, body: tuple[str, str], operation: str
) -> None:
    before = snapshot(api)
    text, encoding = body
    reply = api.norce_import(
        operation,
        None,
        ONHAND_HEADER,
        content=encode(text, encoding),
        headers={"Content-Type": "application/json"},
    )
    refused(reply)
    assert snapshot(api) == before


@EXAMPLES
@given(
    inner=st.one_of(
        XML_NUMBER.map(lambda t: f"<OnhandValue>{t}</OnhandValue>"),
        NOT_XML_TEXT.map(lambda t: f"<Code>{t}</Code>"),
        XML_DEEP,
    ),
    operation=st.sampled_from(NORCE_IMPORTS),
)
def test_norce_xml_imports_refuse_hostile_bodies(
    api: SandboxClient, inner: str, operation: str
) -> None:
    before = snapshot(api)
    xml = (
        "<ArrayOfSkuOnhand><SkuOnhand><PartNo>TEE-S</PartNo><WarehouseCode>W1</WarehouseCode>"
        f"<LocationCode>L1</LocationCode>{inner}</SkuOnhand></ArrayOfSkuOnhand>"
    )
    reply = api.norce_import(
        operation,
        None,
        ONHAND_HEADER,
        content=xml.encode("utf-8", "surrogatepass"),
        headers={"Content-Type": "application/xml"},
    )
    refused(reply)
    assert snapshot(api) == before


@EXAMPLES
@given(
    body=KACHING_BODIES,
    method=st.sampled_from(["POST", "DELETE"]),
    adjustment=st.sampled_from([None, "true"]),
)
def test_kaching_refuses_hostile_bodies(
    api: SandboxClient, body: tuple[str, str], method: str, adjustment: str | None
) -> None:
    before = snapshot(api)
    text, encoding = body
    reply = api.kaching(None, content=encode(text, encoding), method=method, adjustment=adjustment)
    refused(reply)
    assert snapshot(api) == before


@EXAMPLES
@given(
    body=st.one_of(
        VALUE.map(lambda v: '{"name":@}'.replace("@", v)),
        VALUE.map(lambda v: '{"seconds":@}'.replace("@", v)),
    ),
    path=st.sampled_from(["/_sandbox/fault", "/_sandbox/clock/advance"]),
)
def test_admin_routes_refuse_hostile_bodies(api: SandboxClient, body: str, path: str) -> None:
    before = snapshot(api)
    reply = api.http.post(path, content=body.encode(), headers={"Content-Type": "application/json"})
    refused(reply)
    assert snapshot(api) == before


@EXAMPLES
@given(
    field=st.sampled_from(["grant_type", "client_id", "client_secret", "scope"]),
    value=QUERY_VALUES,
)
def test_token_endpoint_refuses_hostile_forms(api: SandboxClient, field: str, value: str) -> None:
    api.reset()  # a fresh rate-limit bucket
    form = {
        "grant_type": "client_credentials",
        "client_id": CREDS.norce_client_id,
        "client_secret": "wrong",
    }
    form[field] = value
    content = "&".join(f"{k}={v if k == field else quote(v)}" for k, v in form.items())
    reply = api.http.post(
        TOKEN_PATH,
        content=content.encode("utf-8", "surrogatepass"),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    refused(reply)


@EXAMPLES
@given(
    value=QUERY_VALUES,
    target=st.sampled_from(
        [
            f"{CONNECT_ROOT}/Job/Get?id=@",
            f"{CONNECT_ROOT}/Job/GetLog?id=@",
            "/unleashed/StockOnHand?pageSize=@",
            "/unleashed/StockOnHand?productCode=@",
            "/unleashed/StockOnHand?warehouseCode=@",
            "/unleashed/StockOnHand/@",
            "/unleashed/StockOnHand/Page/@",
        ]
    ),
)
def test_queries_and_paths_refuse_hostile_values(
    api: SandboxClient, value: str, target: str
) -> None:
    before = snapshot(api)
    url = target.replace("@", value)
    if url.startswith("/unleashed"):
        path, _, query = url.partition("?")
        reply = api.unleashed(path.removeprefix("/unleashed/"), query)
    else:
        reply = api.http.get(url, headers={"Authorization": f"Bearer {api.token()}"})
    if "productCode" in url or "warehouseCode" in url:
        assert reply.status_code < 500, (reply.status_code, reply.text[:300])
    else:
        refused(reply)
    assert snapshot(api) == before


def test_a_valid_import_is_still_stored(api: SandboxClient) -> None:
    """The false-alarm side: the same templates with ordinary values are accepted."""
    api.reset()
    reply = api.kaching(json.loads(KACHING_VALUE.replace("@", "7")))
    assert reply.status_code == 200, reply.text
    assert api.stock()["store-1"]["TEE"] == 7
    onhand = api.norce_import(
        "ImportOnhands",
        None,
        ONHAND_HEADER,
        content=ONHAND_VALUE.replace("@", "3").encode(),
        headers={"Content-Type": "application/json"},
    )
    assert onhand.status_code == 200, onhand.text
