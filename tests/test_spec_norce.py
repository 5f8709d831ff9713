"""The Norce spec is valid OpenAPI, holds the seeds' examples and rejects bad documents."""

from __future__ import annotations

import copy
import json
import urllib.parse
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from linter import Severity, lint_bytes, specs

EXAMPLES = Path(__file__).parent / "examples" / "norce"
SPEC_URI = "urn:skuguard:spec:norce"
SCHEMAS = "#/components/schemas/"

IMPORT_OPERATIONS = {
    "ImportProducts": ("/Product/ImportProducts", "ProductHeader", "Product"),
    "ImportOnhands": ("/Product/ImportOnhands", "SkuOnhandHeader", "SkuOnhand"),
    "ImportSkuPriceLists": ("/Product/ImportSkuPriceLists", "SkuPriceListHeader", "SkuPriceList"),
    "ImportRelations": ("/Product/ImportRelations", "RelationHeader", "Relation"),
}

# Enum members that govern no body property, each for a reason given in the spec's notes.
FIELDLESS_MEMBERS = {
    ("SkuFieldsThatAreSet", "Name"),
    ("SkuFieldsThatAreSet", "PartNoCreateWhenMissing"),
    ("SkuPriceListFieldsThatAreSet", "FullfileResetInheritance"),
}


def _spec() -> Mapping[str, Any]:
    return specs.spec_view("norce")


def _schemas() -> Mapping[str, Any]:
    found: Mapping[str, Any] = _spec()["components"]["schemas"]
    return found


def _is_absolute_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urllib.parse.urlsplit(value)
    return bool(parts.scheme) and not any(ch.isspace() for ch in value)


@cache
def _format_checker() -> FormatChecker:
    checker = FormatChecker()
    checker.checks("uri")(_is_absolute_uri)
    return checker


@cache
def _registry() -> Registry[Any]:
    resource: Resource[Any] = Resource.from_contents(
        specs.load_spec("norce"), default_specification=DRAFT202012
    )
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return registry


def _pointer_escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _target_pointer(target: str) -> str:
    """A component schema name, or an operationId (its JSON request body)."""
    if target in _schemas():
        return SCHEMAS + target
    path = IMPORT_OPERATIONS[target][0]
    return f"#/paths/{_pointer_escape(path)}/post/requestBody/content/application~1json/schema"


def _validator(target: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": SPEC_URI + _target_pointer(target)},
        registry=_registry(),
        format_checker=_format_checker(),
    )


def _pointer(error: ValidationError) -> str:
    return "".join("/" + _pointer_escape(str(part)) for part in error.absolute_path)


def _leaf_errors(errors: Iterator[ValidationError]) -> set[tuple[str, str]]:
    """(instance pointer, keyword) of the real causes, looking inside anyOf branches.

    An anyOf alternative that fails only by its type at the same place (the `null` of a
    nullable object, the `string` of a code-or-name item) is not a cause.
    """
    leaves: set[tuple[str, str]] = set()
    for error in errors:
        if error.validator == "anyOf" and error.context:
            here = _pointer(error)
            causes = [
                sub
                for sub in error.context
                if not (sub.validator == "type" and _pointer(sub) == here)
            ]
            if causes:
                leaves |= _leaf_errors(iter(causes))
                continue
        leaves.add((_pointer(error), str(error.validator)))
    return leaves


def _errors(target: str, document: object) -> set[tuple[str, str]]:
    return _leaf_errors(_validator(target).iter_errors(document))


def _load_example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _deviations() -> dict[str, Any]:
    loaded: dict[str, Any] = _load_example("deviations.json")
    return loaded


def _list_enum(header: str, list_name: str) -> str:
    """The enum behind a header list property (through its `<Enum>Item`)."""
    item_ref: str = _schemas()[header]["properties"][list_name]["items"]["$ref"]
    item = _schemas()[item_ref.removeprefix(SCHEMAS)]
    enum_ref: str = item["anyOf"][0]["$ref"]
    return enum_ref.removeprefix(SCHEMAS)


def _header_lists() -> dict[str, dict[str, str]]:
    """Header schema -> {list property -> enum name}."""
    lists: dict[str, dict[str, str]] = {}
    for header in ("ProductHeader", "SkuOnhandHeader", "SkuPriceListHeader", "RelationHeader"):
        props = _schemas()[header]["properties"]
        lists[header] = {
            name: _list_enum(header, name) for name, node in props.items() if "items" in node
        }
    return lists


def _enum_for_list(list_name: str) -> str:
    enums = {lists[list_name] for lists in _header_lists().values() if list_name in lists}
    assert len(enums) == 1, f"{list_name} maps to {enums}"
    return enums.pop()


# ---------------------------------------------------------------- the spec as a whole


def test_spec_is_valid_openapi_3_1() -> None:
    spec = specs.load_spec("norce")
    assert spec["openapi"] == "3.1.0"
    validate_openapi(spec)


def test_operations_and_their_ids() -> None:
    ids = {
        (path, method): op["operationId"]
        for path, item in _spec()["paths"].items()
        for method, op in item.items()
    }
    assert ids == {
        ("/Product/ImportProducts", "post"): "ImportProducts",
        ("/Product/ImportOnhands", "post"): "ImportOnhands",
        ("/Product/ImportSkuPriceLists", "post"): "ImportSkuPriceLists",
        ("/Product/ImportRelations", "post"): "ImportRelations",
        ("/Job/Get", "get"): "GetJob",
        ("/Job/GetLog", "get"): "GetJobLog",
    }


@pytest.mark.parametrize("operation_id", sorted(IMPORT_OPERATIONS))
def test_import_declares_its_own_header_and_bodies(operation_id: str) -> None:
    path, header, item = IMPORT_OPERATIONS[operation_id]
    op = _spec()["paths"][path]["post"]
    (param,) = op["parameters"]
    assert param["name"] == "X-StormConnect-Header"
    assert param["in"] == "header"
    assert param["required"] is True
    assert param["content"]["application/json"]["schema"] == {"$ref": SCHEMAS + header}
    content = op["requestBody"]["content"]
    assert op["requestBody"]["required"] is True
    assert set(content) == {"application/json", "application/xml"}
    for media in content.values():
        assert media["schema"]["type"] == "array"
        assert media["schema"]["items"] == {"$ref": SCHEMAS + item}
    assert op["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": SCHEMAS + "JobResponse"
    }
    for status in ("400", "401", "500"):
        error_schema = op["responses"][status]["content"]["application/json"]["schema"]
        assert error_schema == {"$ref": SCHEMAS + "ErrorResponse"}


def test_server_and_oauth2_client_credentials() -> None:
    spec = _spec()
    assert spec["servers"][0]["url"] == (
        "https://customer-slug.api-se.norce.tech/commerce/connect/4.0"
    )
    scheme = spec["components"]["securitySchemes"]["NorceOAuth2"]
    assert scheme["type"] == "oauth2"
    assert scheme["flows"]["clientCredentials"]["tokenUrl"] == (
        "https://customer-slug.api-se.norce.tech/identity/1.0/connect/token"
    )
    assert spec["security"] == [{"NorceOAuth2": []}]


# ---------------------------------------------------------------- examples from the seeds


def _valid_examples() -> list[tuple[str, str]]:
    cases = []
    for seed, entry in _deviations().items():
        cases.append((entry["fixed"] or seed, entry["schema"]))
    return sorted(cases)


@pytest.mark.parametrize(("file", "target"), _valid_examples())
def test_kept_examples_validate(file: str, target: str) -> None:
    assert _errors(target, _load_example(file)) == set()


def test_product_header_example_is_the_printed_one_line() -> None:
    text = (EXAMPLES / "product-header.json").read_text(encoding="utf-8")
    assert text.count("\n") == 1
    assert text.startswith('{"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,1,4,6],')


def _apply(document: Any, ops: list[dict[str, Any]]) -> Any:
    patched = copy.deepcopy(document)

    def parent(pointer: str) -> tuple[Any, str]:
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
        node = patched
        for token in tokens[:-1]:
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node, tokens[-1]

    for op in ops:
        if op["op"] == "move":
            source, key = parent(op["from"])
            value = source.pop(key)
        else:
            value = op["value"]
        target, key = parent(op["path"])
        if isinstance(target, list):
            target[int(key)] = value
        else:
            assert op["op"] == "move" or key in target, op["path"]
            target[key] = value
    return patched


@pytest.mark.parametrize("seed", sorted(_deviations()))
def test_verbatim_seed_fails_exactly_where_recorded(seed: str) -> None:
    entry = _deviations()[seed]
    schema_ops = [op for op in entry["ops"] if "keyword" in op]
    expected = {(op.get("from", op["path"]), op["keyword"]) for op in schema_ops}
    if any(op["op"] == "move" for op in schema_ops):
        # an unknown key is reported on the object that holds it
        expected = {
            (p.rsplit("/", 1)[0], k) if k == "additionalProperties" else (p, k) for p, k in expected
        }
    assert _errors(entry["schema"], _load_example(seed)) == expected


@pytest.mark.parametrize("seed", sorted(s for s, e in _deviations().items() if e["fixed"]))
def test_fixed_copy_is_the_seed_with_the_recorded_fixes(seed: str) -> None:
    entry = _deviations()[seed]
    assert _apply(_load_example(seed), entry["ops"]) == _load_example(entry["fixed"])


KIND_OF_SCHEMA = {
    "ImportProducts": "norce.products",
    "ImportOnhands": "norce.onhands",
    "ImportSkuPriceLists": "norce.prices",
    "ImportRelations": "norce.relations",
}


def _seeds_with_rule_fixes() -> list[str]:
    return sorted(s for s, e in _deviations().items() if any("rule" in op for op in e["ops"]))


@pytest.mark.parametrize("seed", _seeds_with_rule_fixes())
def test_verbatim_seed_breaks_exactly_the_recorded_rules(seed: str) -> None:
    """With its schema fixes applied, the sample breaks linter rules exactly where recorded."""
    entry = _deviations()[seed]
    schema_fixed = _apply(_load_example(seed), [op for op in entry["ops"] if "keyword" in op])
    header = (EXAMPLES / entry["fixed"].replace(".json", ".header.json")).read_text()
    diagnostics = lint_bytes(
        json.dumps(schema_fixed).encode(), kind=KIND_OF_SCHEMA[entry["schema"]], header=header
    )
    found = {(d.pointer, d.code) for d in diagnostics if d.severity == Severity.ERROR}
    assert found == {(op["path"], op["rule"]) for op in entry["ops"] if "rule" in op}


@pytest.mark.parametrize("seed", sorted(_deviations()))
def test_every_fix_names_a_schema_keyword_or_a_rule(seed: str) -> None:
    for op in _deviations()[seed]["ops"]:
        assert ("keyword" in op) + ("rule" in op) + bool(op.get("kept")) == 1, op


# ---------------------------------------------------------------- invalid documents


def _onhand(**changes: Any) -> list[dict[str, Any]]:
    row: dict[str, Any] = {"PartNo": "P1", "LocationCode": "L1", "WarehouseCode": "W1"}
    row.update(changes)
    return [row]


def _without(document: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != key}


HEADER: dict[str, Any] = {"AccountId": 1, "FullFile": False}
PRICE: dict[str, Any] = {"PartNo": "P1", "PriceListCode": "STD"}
RELATION: dict[str, Any] = {"PartNo": "P1", "RelatedPartNo": "P2", "RelationTypeCode": "ACC"}
JOB_RESPONSE: dict[str, Any] = _load_example("job-response.json")

INVALID: list[tuple[str, str, Any, tuple[str, str]]] = [
    (
        "onhand without PartNo",
        "ImportOnhands",
        [_without(_onhand()[0], "PartNo")],
        ("/0", "required"),
    ),
    (
        "onhand without WarehouseCode",
        "ImportOnhands",
        [_without(_onhand()[0], "WarehouseCode")],
        ("/0", "required"),
    ),
    (
        "onhand value as string",
        "ImportOnhands",
        _onhand(OnhandValue="12"),
        ("/0/OnhandValue", "type"),
    ),
    (
        "lead time not integer",
        "ImportOnhands",
        _onhand(LeadTimeDayCount=1.5),
        ("/0/LeadTimeDayCount", "type"),
    ),
    (
        "info without Value",
        "ImportOnhands",
        _onhand(Infos=[{"Code": "c"}]),
        ("/0/Infos/0", "required"),
    ),
    (
        "delivery date not a date",
        "ImportOnhands",
        _onhand(NextDeliveryDate="tomorrow"),
        ("/0/NextDeliveryDate", "format"),
    ),
    ("body is an object", "ImportOnhands", _onhand()[0], ("", "type")),
    (
        "price without PriceListCode",
        "ImportSkuPriceLists",
        [_without(PRICE, "PriceListCode")],
        ("/0", "required"),
    ),
    ("price rule 0", "ImportSkuPriceLists", [{**PRICE, "PriceRule": 0}], ("/0/PriceRule", "enum")),
    (
        "price rule as name",
        "ImportSkuPriceLists",
        [{**PRICE, "PriceRule": "FixedPrice"}],
        ("/0/PriceRule", "enum"),
    ),
    (
        "quantity break fraction",
        "ImportSkuPriceLists",
        [{**PRICE, "QuantityBreak": 1.5}],
        ("/0/QuantityBreak", "type"),
    ),
    (
        "relation without type",
        "ImportRelations",
        [_without(RELATION, "RelationTypeCode")],
        ("/0", "required"),
    ),
    (
        "relation flag as string",
        "ImportRelations",
        [{**RELATION, "IsActive": "true"}],
        ("/0/IsActive", "type"),
    ),
    (
        "doc typo IsDagerousGoods",
        "ImportProducts",
        [{"Variants": [{"IsDagerousGoods": True}]}],
        ("/0/Variants/0", "additionalProperties"),
    ),
    ("variants as object", "ImportProducts", [{"Variants": {}}], ("/0/Variants", "type")),
    (
        "unknown SKU status",
        "ImportProducts",
        [{"Variants": [{"Skus": [{"PartNo": "P1", "Status": 7}]}]}],
        ("/0/Variants/0/Skus/0/Status", "enum"),
    ),
    (
        "image url not a uri",
        "ImportProducts",
        [{"MainImage": {"Url": "no scheme"}}],
        ("/0/MainImage/Url", "format"),
    ),
    ("header without AccountId", "ProductHeader", _without(HEADER, "AccountId"), ("", "required")),
    ("header without FullFile", "SkuOnhandHeader", _without(HEADER, "FullFile"), ("", "required")),
    ("account id as string", "ProductHeader", {**HEADER, "AccountId": "1"}, ("/AccountId", "type")),
    (
        "unknown product field code",
        "ProductHeader",
        {**HEADER, "ProductFieldsThatAreSet": [99]},
        ("/ProductFieldsThatAreSet/0", "enum"),
    ),
    (
        "unknown product field name",
        "ProductHeader",
        {**HEADER, "ProductFieldsThatAreSet": ["Bogus"]},
        ("/ProductFieldsThatAreSet/0", "enum"),
    ),
    (
        "17 in SkuFieldsThatAreSet",
        "ProductHeader",
        {**HEADER, "SkuFieldsThatAreSet": [1, 17]},
        ("/SkuFieldsThatAreSet/1", "enum"),
    ),
    (
        "onhand field 2 is a key",
        "SkuOnhandHeader",
        {**HEADER, "SkuOnhandFieldsThatAreSet": [2]},
        ("/SkuOnhandFieldsThatAreSet/0", "enum"),
    ),
    (
        "14 in ignore list",
        "SkuPriceListHeader",
        {**HEADER, "IgnoreSkuPriceListFieldsWhenEmpty": [14]},
        ("/IgnoreSkuPriceListFieldsWhenEmpty/0", "enum"),
    ),
    (
        "relation field 0",
        "RelationHeader",
        {**HEADER, "RelationFieldsThatAreSet": [0]},
        ("/RelationFieldsThatAreSet/0", "enum"),
    ),
    (
        "serialization type 2",
        "ProductHeader",
        {**HEADER, "SerializationType": 2},
        ("/SerializationType", "enum"),
    ),
    (
        "product list in onhand header",
        "SkuOnhandHeader",
        {**HEADER, "ProductFieldsThatAreSet": [0]},
        ("", "additionalProperties"),
    ),
    ("job id abc", "JobResponse", {**JOB_RESPONSE, "JobId": "abc"}, ("/JobId", "pattern")),
    (
        "job id above int32",
        "JobResponse",
        {**JOB_RESPONSE, "JobId": "2147483648"},
        ("/JobId", "pattern"),
    ),
    ("job id negative", "JobResponse", {**JOB_RESPONSE, "JobId": "-1"}, ("/JobId", "pattern")),
    ("job id leading zero", "JobResponse", {**JOB_RESPONSE, "JobId": "01"}, ("/JobId", "pattern")),
    ("job id empty", "JobResponse", {**JOB_RESPONSE, "JobId": ""}, ("/JobId", "pattern")),
    ("job id as integer", "JobResponse", {**JOB_RESPONSE, "JobId": 5}, ("/JobId", "type")),
    (
        "job response without JobId",
        "JobResponse",
        _without(JOB_RESPONSE, "JobId"),
        ("", "required"),
    ),
    (
        "negative failure count",
        "ValidationSummary",
        {"NrOfItemsInTotal": 1, "NrOfValidationFailures": -1, "Messages": []},
        ("/NrOfValidationFailures", "minimum"),
    ),
    (
        "job status 7",
        "Job",
        {
            "JobId": 1,
            "StatusId": 7,
            "IsFinished": False,
            "Totals": 0,
            "Inserts": 0,
            "Updates": 0,
            "Fail": 0,
            "Start": "2024-05-01T08:00:00Z",
            "LastUpdated": "2024-05-01T08:00:00Z",
        },
        ("/StatusId", "enum"),
    ),
    (
        "log severity 0",
        "JobLogRecord",
        {"SeverityId": 0, "Message": "m", "TimeStamp": "2024-05-01T08:00:00Z"},
        ("/SeverityId", "enum"),
    ),
]


@pytest.mark.parametrize(
    ("target", "document", "expected"),
    [pytest.param(t, d, e, id=name) for name, t, d, e in INVALID],
)
def test_invalid_document_rejected(target: str, document: Any, expected: tuple[str, str]) -> None:
    assert expected in _errors(target, document)


@pytest.mark.parametrize(
    "job_id", ["0", "7", "1234", "999999999", "1999999999", "2147483599", "2147483647"]
)
def test_int32_job_ids_accepted(job_id: str) -> None:
    assert _errors("JobResponse", {**JOB_RESPONSE, "JobId": job_id}) == set()


@pytest.mark.parametrize(
    "job_id", ["2147483648", "2147483650", "2147484000", "2200000000", "3000000000", "99999999999"]
)
def test_job_ids_just_above_int32_rejected(job_id: str) -> None:
    assert ("/JobId", "pattern") in _errors("JobResponse", {**JOB_RESPONSE, "JobId": job_id})


@pytest.mark.parametrize(
    ("target", "document"),
    [
        ("ProductHeader", {**HEADER, "ProductFieldsThatAreSet": [0, "Alias", "Variants"]}),
        ("ProductHeader", {**HEADER, "SerializationType": "XML", "JobId": "42"}),
        ("SkuOnhandHeader", {**HEADER, "SkuOnhandFieldsThatAreSet": [3, "OnOrderValue", 11]}),
        ("SkuPriceListHeader", {**HEADER, "SkuPriceListFieldsThatAreSet": [3, 13]}),
        ("RelationHeader", {**HEADER, "RelationCultureFieldsThatAreSet": ["Name", 7]}),
        ("ImportOnhands", _onhand(OnhandValue=5, IsActive=None, Infos=[])),
        ("ImportProducts", [{"Variants": [{"Skus": [{"PartNo": "P1", "StandardPrice": None}]}]}]),
    ],
)
def test_valid_documents_accepted(target: str, document: Any) -> None:
    assert _errors(target, document) == set()


# ---------------------------------------------------------------- coded enums and their data


def _coded_enum_names() -> list[str]:
    return sorted(name for name, node in _schemas().items() if "x-enum-names" in node)


def test_the_architecture_enums_exist() -> None:
    expected = {
        "ProductField", "ProductCultureField", "VariantField", "VariantCultureField", "SkuField",
        "SkuCultureField", "SkuPriceListField", "SkuStructureItemField",
        "SkuPriceListIgnoreField", "SkuOnhandField", "RelationField", "RelationCultureField",
        "SerializationType", "PriceRule", "SkuStatus", "SkuType", "UnitOfMeasurementType",
        "JobStatus", "LogSeverity",
    }  # fmt: skip
    assert expected <= set(_coded_enum_names())


@pytest.mark.parametrize("name", _coded_enum_names())
def test_coded_enum_reads_every_enum(name: str) -> None:
    node = _schemas()[name]
    coded = specs.coded_enum("norce", name)
    assert list(coded.codes) == node["enum"]
    assert list(coded.names) == node["x-enum-names"]
    assert len(set(coded.codes)) == len(coded.codes)
    assert len(set(coded.names)) == len(coded.names)
    assert set(node.get("x-remarks", {})) <= set(coded.names)
    assert {m.name for m in coded.members if m.deprecated} == set(node.get("x-deprecated", []))
    assert node["type"] == "integer"
    assert node["format"] == "int32"


@pytest.mark.parametrize(
    "name", sorted(n for n in _schemas() if n.endswith("FieldItem") or n == "SerializationTypeItem")
)
def test_item_names_equal_enum_names(name: str) -> None:
    code_branch, name_branch = _schemas()[name]["anyOf"]
    enum = code_branch["$ref"].removeprefix(SCHEMAS)
    assert name == enum + "Item"
    assert name_branch["type"] == "string"
    aliases = list(_schemas()[enum].get("x-enum-aliases", {}))
    assert name_branch["enum"] == [*_schemas()[enum]["x-enum-names"], *aliases]


@pytest.mark.parametrize(
    ("name", "codes", "deprecated"),
    [
        ("SkuField", [*range(0, 17), *range(18, 27)], {"VolumeWeight"}),
        ("SkuPriceListField", list(range(3, 14)), set()),
        ("SkuPriceListIgnoreField", list(range(3, 14)), set()),
        ("SkuOnhandField", list(range(3, 12)), {"OnOrderValue"}),
        ("RelationField", list(range(1, 13)), set()),
        ("RelationCultureField", list(range(1, 8)), set()),
        ("ProductField", list(range(0, 20)), set()),
        ("ProductCultureField", list(range(0, 16)), set()),
        ("VariantField", list(range(0, 18)), set()),
        ("VariantCultureField", list(range(0, 17)), set()),
        ("SkuCultureField", [0, 1, 2, 3], set()),
        ("SkuStructureItemField", [0, 1, 2], set()),
        ("SerializationType", [0, 1], set()),
        ("PriceRule", list(range(1, 13)), set()),
        ("SkuStatus", list(range(1, 7)), set()),
        ("UnitOfMeasurementType", list(range(1, 10)), set()),
        ("JobStatus", list(range(1, 7)), set()),
        ("LogSeverity", [1, 2, 3], set()),
    ],
)
def test_enum_codes_as_documented(name: str, codes: list[int], deprecated: set[str]) -> None:
    coded = specs.coded_enum("norce", name)
    assert list(coded.codes) == codes
    assert {m.name for m in coded.members if m.deprecated} == deprecated


def test_documented_names_and_remarks() -> None:
    sku = specs.coded_enum("norce", "SkuField")
    assert sku.by_code[0].name == "Name"
    assert sku.by_code[26].name == "PartNoCreateWhenMissing"
    assert specs.coded_enum("norce", "SkuPriceListField").by_code[13].name == (
        "FullfileResetInheritance"
    )
    remark = specs.coded_enum("norce", "ProductField").by_name["ProductParametricsCreateOnly"]
    assert remark.remark is not None
    assert "only set if" in remark.remark
    assert "created by this import" in remark.remark
    for enum, notes in (("SkuField", "Name"), ("SkuPriceListField", "13")):
        assert notes in _schemas()[enum]["x-skuguard-note"]


# ---------------------------------------------------------------- cross references


def test_requires_and_subset_refer_to_existing_lists_and_members() -> None:
    seen = 0
    for header, lists in _header_lists().items():
        props = _schemas()[header]["properties"]
        for list_name in lists:
            node = props[list_name]
            if "x-skuguard-requires" in node:
                seen += 1
                needed = node["x-skuguard-requires"]
                assert set(needed) == {"list", "value"}
                assert needed["list"] in lists, (header, list_name)
                enum = specs.coded_enum("norce", lists[needed["list"]])
                assert needed["value"] in enum.by_name, (header, list_name)
            if "x-skuguard-subset-of" in node:
                seen += 1
                other = node["x-skuguard-subset-of"]
                assert other in lists, (header, list_name)
                small = specs.coded_enum("norce", lists[list_name]).members
                large = specs.coded_enum("norce", lists[other]).by_code
                assert all(large[m.code].name == m.name for m in small)
    assert seen >= 8


def test_documented_dependencies_present() -> None:
    props = _schemas()["ProductHeader"]["properties"]
    requires = {
        name: (node["x-skuguard-requires"]["list"], node["x-skuguard-requires"]["value"])
        for name, node in props.items()
        if "x-skuguard-requires" in node
    }
    assert requires == {
        "ProductCultureFieldsThatAreSet": ("ProductFieldsThatAreSet", "Cultures"),
        "VariantFieldsThatAreSet": ("ProductFieldsThatAreSet", "Variants"),
        "VariantCultureFieldsThatAreSet": ("VariantFieldsThatAreSet", "Cultures"),
        "SkuFieldsThatAreSet": ("VariantFieldsThatAreSet", "Skus"),
        "SkuPriceListFieldsThatAreSet": ("SkuFieldsThatAreSet", "StandardPrice"),
        "SkuStructureItemFieldsThatAreSet": ("SkuFieldsThatAreSet", "StructureItems"),
        "IgnoreSkuPriceListFieldsWhenEmpty": ("SkuFieldsThatAreSet", "StandardPrice"),
    }
    for header in ("ProductHeader", "SkuPriceListHeader"):
        ignore = _schemas()[header]["properties"]["IgnoreSkuPriceListFieldsWhenEmpty"]
        assert ignore["x-skuguard-subset-of"] == "SkuPriceListFieldsThatAreSet"


def _governed_objects() -> dict[str, str]:
    return {
        name: node["x-skuguard-fields-list"]
        for name, node in _schemas().items()
        if "x-skuguard-fields-list" in node
    }


def test_governed_objects_as_in_the_architecture() -> None:
    assert _governed_objects() == {
        "Product": "ProductFieldsThatAreSet",
        "ProductCulture": "ProductCultureFieldsThatAreSet",
        "Variant": "VariantFieldsThatAreSet",
        "VariantCulture": "VariantCultureFieldsThatAreSet",
        "Sku": "SkuFieldsThatAreSet",
        "SkuCulture": "SkuCultureFieldsThatAreSet",
        "SkuPriceList": "SkuPriceListFieldsThatAreSet",
        "SkuStructureItem": "SkuStructureItemFieldsThatAreSet",
        "SkuOnhand": "SkuOnhandFieldsThatAreSet",
        "Relation": "RelationFieldsThatAreSet",
        "RelationCulture": "RelationCultureFieldsThatAreSet",
        "ImageCulture": "ImageCultureFieldsThatAreSet",
    }
    assert _schemas()["Product"]["properties"]["AssortmentCode"]["x-skuguard-flag"] == "Assortment"


@pytest.mark.parametrize("obj", sorted(_governed_objects()))
def test_flags_name_members_of_the_objects_list(obj: str) -> None:
    list_name = _governed_objects()[obj]
    enum = specs.coded_enum("norce", _enum_for_list(list_name))
    flags = {
        prop: node["x-skuguard-flag"]
        for prop, node in _schemas()[obj]["properties"].items()
        if "x-skuguard-flag" in node
    }
    assert flags, obj
    assert set(flags.values()) <= set(enum.by_name), obj


@pytest.mark.parametrize("obj", sorted(_governed_objects()))
def test_every_member_has_a_field_or_a_reason(obj: str) -> None:
    list_name = _governed_objects()[obj]
    enum = specs.coded_enum("norce", _enum_for_list(list_name))
    flagged = {
        node["x-skuguard-flag"]
        for node in _schemas()[obj]["properties"].values()
        if "x-skuguard-flag" in node
    }
    for member in enum.names:
        if member in flagged or (list_name, member) in FIELDLESS_MEMBERS:
            continue
        if member.lower().endswith("cleanup"):
            continue
        base = member.removesuffix("CreateOnly").removesuffix("LimitedUpdate")
        assert base != member, f"{obj}: {member} governs no property"
        assert base in flagged, f"{obj}: twin {member} has no base field {base}"


def test_flags_only_on_governed_objects() -> None:
    for name, node in _schemas().items():
        if name in _governed_objects():
            continue
        for prop, sub in node.get("properties", {}).items():
            assert "x-skuguard-flag" not in sub, f"{name}.{prop}"


def test_every_ref_resolves() -> None:
    refs: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(_spec())
    assert refs
    for ref in refs:
        assert ref.startswith(SCHEMAS)
        assert ref.removeprefix(SCHEMAS) in _schemas(), ref
