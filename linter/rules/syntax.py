"""Rules about the bytes and the shape of a payload: parseable, no duplicate keys, schema.

These are *source* rules: the reader and the engine emit them (there is no check
function); they are registered here so that they are documented and selectable like
every other rule.
"""

from __future__ import annotations

from linter import codes
from linter.diagnostics import Severity
from linter.registry import KINDS, NORCE_BODY_KINDS, Example, source_rule

_ONHAND_HEADER = '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}'
_ONHAND_ROW = '{"PartNo":"A-1","WarehouseCode":"MAIN","LocationCode":"STORE","OnhandValue":5}'

source_rule(
    code=codes.NOT_PARSEABLE,
    name="not-parseable",
    severity=Severity.ERROR,
    kinds=KINDS,
    summary="The payload is not valid JSON or XML (the position of the first error is given).",
    why=(
        "Every one of the three APIs parses the whole body before it looks at any item: "
        "Norce answers 400 to a body it cannot deserialize, Ka-ching rejects the request, "
        "and a recorded Unleashed response that does not parse cannot be replayed. One "
        "missing comma loses the whole import."
    ),
    bad=Example(
        body='[{"PartNo": "A-1", "WarehouseCode": "MAIN" "LocationCode": "S"}]',
        kind="norce.onhands",
    ),
    good=Example(body=f"[{_ONHAND_ROW}]", kind="norce.onhands", header=_ONHAND_HEADER),
)

source_rule(
    code=codes.DUPLICATE_KEY,
    name="duplicate-key",
    severity=Severity.ERROR,
    kinds=KINDS,
    summary="An object has the same key twice.",
    why=(
        "JSON leaves duplicate keys undefined (RFC 8259 section 4): .NET's serializer behind "
        "Norce Connect, Firebase behind Ka-ching and Python's json module each keep only one of "
        "the values, not necessarily the one you meant, and without any warning."
    ),
    bad=Example(
        body='[{"PartNo": "A-1", "WarehouseCode": "MAIN", "LocationCode": "S", "PartNo": "A-2"}]',
        kind="norce.onhands",
        header=_ONHAND_HEADER,
    ),
    good=Example(body=f"[{_ONHAND_ROW}]", kind="norce.onhands", header=_ONHAND_HEADER),
)

source_rule(
    code=codes.SCHEMA_VIOLATION,
    name="schema-violation",
    severity=Severity.ERROR,
    kinds=KINDS,
    summary=(
        "A value breaks the API's schema in openapi/: type, required key, format, enum, "
        "int32 range."
    ),
    why=(
        "The schemas in openapi/ encode what the vendors document: Norce's ImportOnhands needs "
        "PartNo, WarehouseCode and LocationCode on every row and takes numbers for quantities; "
        "integer fields are .NET int32; Ka-ching counts must be JSON numbers; Unleashed GUIDs "
        "and /Date(ms)/ dates have fixed forms. A value of the wrong type makes the vendor "
        "reject or silently drop the row."
    ),
    bad=Example(
        body='[{"PartNo": "A-1", "WarehouseCode": "MAIN", "OnhandValue": "5"}]',
        kind="norce.onhands",
    ),
    good=Example(body=f"[{_ONHAND_ROW}]", kind="norce.onhands", header=_ONHAND_HEADER),
)

source_rule(
    code=codes.EMPTY_DOCUMENT,
    name="empty-document",
    severity=Severity.ERROR,
    kinds=KINDS,
    summary="The payload is empty (no bytes, or only whitespace).",
    why=(
        "An empty body is not JSON; the Norce and Ka-ching import endpoints document a JSON "
        "array or object body, and an empty file is usually a failed export."
    ),
    bad=Example(body="  \n", kind="kaching.stock"),
    good=Example(body='{"store-1": {"sku-1": 3}}', kind="kaching.stock"),
)

source_rule(
    code=codes.NOT_UTF8,
    name="not-utf8",
    severity=Severity.ERROR,
    kinds=KINDS,
    summary="The payload is not valid UTF-8.",
    why=(
        "JSON exchanged between systems must be UTF-8 (RFC 8259 section 8.1). A Latin-1 export "
        "of product names (e.g. 'Bl\\xe5') is rejected or garbled by every one of the APIs."
    ),
    bad=Example(body='{"store-1": {"bl\udce5": 3}}', kind="kaching.stock"),
    good=Example(body='{"store-1": {"bl\u00e5": 3}}', kind="kaching.stock"),
)

source_rule(
    code=codes.UNSAFE_XML,
    name="unsafe-xml",
    severity=Severity.ERROR,
    kinds=KINDS,
    summary="XML with entity declarations, external entities or a DTD that declares them.",
    why=(
        "Entity expansion (the 'billion laughs') and external entities (XXE) let a payload "
        "exhaust memory or read files. The .NET DataContract XML Norce accepts and the XML "
        "Unleashed returns never need them, so the linter refuses them instead of expanding."
    ),
    bad=Example(
        body=(
            '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx">]>'
            "<ArrayOfSkuOnhand><SkuOnhand><PartNo>&x;</PartNo></SkuOnhand></ArrayOfSkuOnhand>"
        ),
        kind="norce.onhands",
    ),
    good=Example(
        body=(
            "<ArrayOfSkuOnhand><SkuOnhand><LocationCode>S</LocationCode><PartNo>A-1</PartNo>"
            "<WarehouseCode>MAIN</WarehouseCode><OnhandValue>5</OnhandValue></SkuOnhand>"
            "</ArrayOfSkuOnhand>"
        ),
        kind="norce.onhands",
        header='{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3],"SerializationType":1}',
    ),
)

source_rule(
    code=codes.ITEM_TOO_LARGE,
    name="item-too-large",
    severity=Severity.ERROR,
    kinds=KINDS,
    summary=(
        "One item (a Norce element, a Ka-ching location, an Unleashed row) is too large to stream."
    ),
    why=(
        "The linter reads payloads item by item to keep memory bounded whatever the file size; "
        "a single item above the limit (64 MB by default) would need gigabytes once parsed. "
        "Ka-ching's import endpoint runs as a cloud function with a request cap of about 10 MB, "
        "so such a location could not be sent anyway: split it."
    ),
    bad=Example(
        body='{"store-1": {"sku-1": 3, "sku-2": 4, "sku-3": 5}}',
        kind="kaching.stock",
        options={"max_item_bytes": 16},
    ),
    good=Example(
        body='{"store-1": {"sku-1": 3}}', kind="kaching.stock", options={"max_item_bytes": 1024}
    ),
)

source_rule(
    code=codes.HEADER_MISSING,
    name="header-missing",
    severity=Severity.INFO,
    kinds=NORCE_BODY_KINDS,
    summary=(
        "A Norce body was linted without its X-StormConnect-Header; the rules needing it were "
        "skipped."
    ),
    why=(
        "Norce reads a body through its header: fields whose flag is not set in the "
        "...FieldsThatAreSet lists are ignored, FullFile changes what Code means. Without the "
        "header (--header, or a NAME.header.json sidecar) those checks cannot run."
    ),
    bad=Example(body=f"[{_ONHAND_ROW}]", kind="norce.onhands"),
    good=Example(body=f"[{_ONHAND_ROW}]", kind="norce.onhands", header=_ONHAND_HEADER),
)

source_rule(
    code=codes.HEADER_MULTILINE,
    name="header-multiline",
    severity=Severity.ERROR,
    kinds=(*sorted(NORCE_BODY_KINDS), "norce.header"),
    summary="The X-StormConnect-Header value spans several lines.",
    why=(
        "The ProductHeader doc: the header 'must be a single string without line breaks'. "
        "It travels as an HTTP header value, where a line break ends the header (or is "
        "rejected by the HTTP stack)."
    ),
    bad=Example(body='{\n  "AccountId": 1,\n  "FullFile": false\n}', kind="norce.header"),
    good=Example(
        body='{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}', kind="norce.header"
    ),
)
