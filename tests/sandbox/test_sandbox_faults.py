"""Every seeded fault has a symptom observable through the API, absent without the fault.

The symptoms are keyed by fault name; a fault added to the registry without a symptom here
fails ``test_every_fault_has_a_symptom``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from contracts.sandbox.auth import unleashed_signature
from contracts.sandbox.client import ONHAND_HEADER
from contracts.sandbox.client import SandboxClient as Api
from contracts.sandbox.faults import all_faults, get_fault
from contracts.sandbox.store import load_seed_file

GUID = {p["code"]: p["guid"] for p in load_seed_file(None)["unleashed"]["products"]}
INT32_MAX = 2**31 - 1


def _onhand(part: str = "TEE-S", **extra: Any) -> dict[str, Any]:
    return {"PartNo": part, "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": 5, **extra}


def _import_reply(api: Api) -> Any:
    return api.onhands([_onhand(), _onhand("TEE-M")])


def _by_code(api: Api, query: str = "") -> dict[str, dict[str, Any]]:
    return {r["ProductCode"]: r for r in api.all_rows(query)}


# --- Norce ---------------------------------------------------------------------------------


def jobid_number(api: Api) -> bool:
    return isinstance(_import_reply(api).json()["JobId"], int)


def jobid_not_int32(api: Api) -> bool:
    return int(_import_reply(api).json()["JobId"]) > INT32_MAX


def reply_text_plain(api: Api) -> bool:
    return not _import_reply(api).headers["content-type"].startswith("application/json")


def summary_missing(api: Api) -> bool:
    return "ValidationSummary" not in _import_reply(api).json()


def header_dependency_ignored(api: Api) -> bool:
    header = {"AccountId": 1, "FullFile": False, "VariantFieldsThatAreSet": [5]}
    return api.norce_import("ImportProducts", [{"Code": "P-100"}], header).status_code == 200


def total_off_by_one(api: Api) -> bool:
    return bool(_import_reply(api).json()["ValidationSummary"]["NrOfItemsInTotal"] != 2)


def failures_not_counted(api: Api) -> bool:
    header = {**ONHAND_HEADER, "SkuOnhandFieldsThatAreSet": [3, 8, 9]}
    bad = _onhand("TEE-M", MinimumValue=10, MaximumValue=1)
    reply = api.onhands([_onhand(), bad], header)
    return bool(reply.json()["ValidationSummary"]["NrOfValidationFailures"] != 1)


def unset_fields_overwritten(api: Api) -> bool:
    api.onhands([_onhand()])
    only_incoming = {**ONHAND_HEADER, "SkuOnhandFieldsThatAreSet": ["IncomingValue"]}
    api.onhands([_onhand(OnhandValue=99, IncomingValue=1)], only_incoming)
    return bool(api.norce_rows("onhands")[0]["OnhandValue"] != 5)


def unknown_partno_not_logged(api: Api) -> bool:
    job = api.onhands([_onhand("NO-SUCH-PART")]).json()["JobId"]
    return not any("NO-SUCH-PART" in r["Message"] for r in api.job(job, "GetLog").json())


def job_get_wrong_job(api: Api) -> bool:
    _import_reply(api)
    second = _import_reply(api).json()["JobId"]
    return bool(api.job(second).json()["JobId"] != int(second))


def job_never_finishes(api: Api) -> bool:
    job = _import_reply(api).json()["JobId"]
    polls = [api.job(job).json()["IsFinished"] for _ in range(3)]  # bounded polling
    return not any(polls)


def non_ascii_500(api: Api) -> bool:
    return api.onhands([_onhand("TRÖJA-Ä1")]).status_code >= 500


def bearer_not_checked(api: Api) -> bool:
    return (
        api.norce_import("ImportOnhands", [_onhand()], ONHAND_HEADER, token="forged").status_code
        == 200
    )


def token_never_expires(api: Api) -> bool:
    token = api.token()
    api.advance(3601)
    return (
        api.norce_import("ImportOnhands", [_onhand()], ONHAND_HEADER, token=token).status_code
        == 200
    )


def token_not_rate_limited(api: Api) -> bool:
    codes = [api.token_reply().status_code for _ in range(25)]
    return 429 not in codes


# --- Ka-ching ------------------------------------------------------------------------------


def adjustment_ignored(api: Api) -> bool:
    api.kaching({"webshop": {"cap": 10}})
    api.kaching({"webshop": {"cap": 5}}, adjustment="true")
    return bool(api.stock()["webshop"]["cap"] != 15)


def delete_sets_zero(api: Api) -> bool:
    api.kaching({"webshop": {"cap": 10}})
    api.kaching({"webshop": {"cap": 0}}, method="DELETE")
    return "cap" in api.stock()["webshop"]


def variants_miscounted(api: Api) -> bool:
    message = api.kaching({"webshop": {"tee": {"s": 1, "m": 2}}}).json()["message"]
    return bool(message != "Import of 2 stock value(s) initiated")


def unknown_location_accepted(api: Api) -> bool:
    return api.kaching({"atlantis": {"cap": 1}}).status_code == 200


def apikey_not_checked(api: Api) -> bool:
    return api.kaching({"webshop": {"cap": 1}}, apikey="guessed").status_code == 200


def status_missing(api: Api) -> bool:
    return "status" not in api.kaching({"webshop": {"cap": 1}}).json()


def throttles(api: Api) -> bool:
    answers = [api.kaching({"webshop": {"cap": 1}}) for _ in range(3)]
    return any(r.status_code == 429 and r.headers.get("retry-after") == "1" for r in answers)


# --- Unleashed -----------------------------------------------------------------------------


def warehouse_filter_ignored(api: Api) -> bool:
    return any(r["WarehouseCode"] != "HO" for r in api.all_rows("warehouseCode=HO"))


def pagination_off_by_one(api: Api) -> bool:
    guids = [r["Guid"] for r in api.all_rows("pageSize=5")]
    return len(guids) != len(set(guids))


def available_ignores_allocated(api: Api) -> bool:
    shelf = _by_code(api)["BOOKSHELF"]
    return bool(shelf["AvailableQty"] != shelf["QtyOnHand"] - shelf["AllocatedQty"])


def modified_since_exclusive(api: Api) -> bool:
    millis = int(_by_code(api)["BOOKSHELF"]["LastModifiedOn"][6:-2])
    at = datetime.fromtimestamp(millis / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return "BOOKSHELF" not in _by_code(api, f"modifiedSince={at}")


def signature_not_checked(api: Api) -> bool:
    forged = unleashed_signature("not-the-key", "pageSize=1")
    return api.unleashed("StockOnHand", "pageSize=1", signature=forged).status_code == 200


def orderby_ignored(api: Api) -> bool:
    descriptions = [r["ProductDescription"] for r in api.all_rows("orderBy=productDescription")]
    return descriptions != sorted(descriptions)


def allwarehouses_disagrees(api: Api) -> bool:
    single = api.soh(path=f"StockOnHand/{GUID['BOOK']}")["AvailableQty"]
    per_wh = api.soh(path=f"StockOnHand/{GUID['BOOK']}/AllWarehouses")["Items"]
    return bool(sum(w["AvailableQty"] for w in per_wh) != single)


def total_cost_wrong(api: Api) -> bool:
    book = _by_code(api)["BOOK"]
    return bool(abs(book["TotalCost"] - book["QtyOnHand"] * book["AvgCost"]) > 1e-3)


def guid_returns_other_product(api: Api) -> bool:
    return bool(api.soh(path=f"StockOnHand/{GUID['BOOK']}")["ProductGuid"] != GUID["BOOK"])


def unknown_guid_200(api: Api) -> bool:
    return api.unleashed("StockOnHand/00000000-0000-4000-8000-000000000000").status_code == 200


def dates_iso(api: Api) -> bool:
    return not str(_by_code(api)["BOOK"]["LastModifiedOn"]).startswith("/Date(")


def xml_ignored(api: Api) -> bool:
    reply = api.unleashed("StockOnHand", "pageSize=1", accept="application/xml")
    return not reply.headers["content-type"].startswith("application/xml")


SYMPTOMS: dict[str, Callable[[Api], bool]] = {
    "norce-jobid-number": jobid_number,
    "norce-jobid-not-int32": jobid_not_int32,
    "norce-reply-text-plain": reply_text_plain,
    "norce-summary-missing": summary_missing,
    "norce-header-dependency-ignored": header_dependency_ignored,
    "norce-total-off-by-one": total_off_by_one,
    "norce-failures-not-counted": failures_not_counted,
    "norce-unset-fields-overwritten": unset_fields_overwritten,
    "norce-unknown-partno-not-logged": unknown_partno_not_logged,
    "norce-job-get-wrong-job": job_get_wrong_job,
    "norce-job-never-finishes": job_never_finishes,
    "norce-non-ascii-500": non_ascii_500,
    "norce-bearer-not-checked": bearer_not_checked,
    "norce-token-never-expires": token_never_expires,
    "norce-token-not-rate-limited": token_not_rate_limited,
    "kaching-adjustment-ignored": adjustment_ignored,
    "kaching-delete-sets-zero": delete_sets_zero,
    "kaching-variants-miscounted": variants_miscounted,
    "kaching-unknown-location-accepted": unknown_location_accepted,
    "kaching-apikey-not-checked": apikey_not_checked,
    "kaching-status-missing": status_missing,
    "kaching-throttles": throttles,
    "unleashed-warehouse-filter-ignored": warehouse_filter_ignored,
    "unleashed-pagination-off-by-one": pagination_off_by_one,
    "unleashed-available-ignores-allocated": available_ignores_allocated,
    "unleashed-modified-since-exclusive": modified_since_exclusive,
    "unleashed-signature-not-checked": signature_not_checked,
    "unleashed-orderby-ignored": orderby_ignored,
    "unleashed-allwarehouses-disagrees": allwarehouses_disagrees,
    "unleashed-total-cost-wrong": total_cost_wrong,
    "unleashed-guid-returns-other-product": guid_returns_other_product,
    "unleashed-unknown-guid-200": unknown_guid_200,
    "unleashed-dates-iso": dates_iso,
    "unleashed-xml-ignored": xml_ignored,
}


def test_every_fault_has_a_symptom() -> None:
    assert sorted(SYMPTOMS) == [f.name for f in all_faults()]
    assert len(SYMPTOMS) >= 20


def test_registry_entries_are_documented() -> None:
    for fault in all_faults():
        assert fault.description.endswith(".")
        assert "\n" not in fault.description
        assert fault.name.startswith(fault.api + "-")
    assert {f.detected_by for f in all_faults()} == {"schema", "domain", "sequence"}


@pytest.mark.parametrize("name", [f.name for f in all_faults()])
def test_fault_symptom_shows_only_with_the_fault(api: Api, name: str) -> None:
    symptom = SYMPTOMS.get(name)
    assert symptom is not None, f"fault {name} has no symptom test"
    assert get_fault(name) is not None
    assert symptom(api) is False, "faithful sandbox shows the symptom"
    api.reset()
    api.fault(name)
    assert symptom(api) is True, "the fault's symptom did not show"


def test_fault_switch_via_admin_route(api: Api) -> None:
    reply = api.http.post("/_sandbox/fault", json={"name": "no-such-fault"})
    assert reply.status_code == 400
    api.fault("kaching-status-missing")
    state = api.http.get("/_sandbox/fault").json()
    assert state["active"] == "kaching-status-missing"
    assert state["description"]
    api.fault(None)
    assert api.http.get("/_sandbox/fault").json()["active"] is None
