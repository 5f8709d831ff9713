"""Seeded faults: realistic integration bugs the sandbox can be switched into, one at a time.

Each fault is defined once here, in the :data:`FAULTS` registry, with the line that documents
it. Handlers consult the active fault at the point where the bug would live
(``state.faults.active(NAME)``); there are no copies of handlers. ``detected_by`` says what
kind of check can notice it: ``schema`` (a response-shape check), ``domain`` (a rule about one
exchange) or ``sequence`` (a rule over several calls).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from contracts.sandbox.switches import Switchboard
from linter.registry_type import Registry
from linter.specs import Api

DetectedBy = Literal["schema", "domain", "sequence"]


@dataclass(frozen=True, slots=True)
class Fault:
    name: str
    api: Api
    detected_by: DetectedBy
    description: str


FAULTS: Registry[Fault] = Registry("fault", key=lambda fault: fault.name)


def _fault(name: str, api: Api, detected_by: DetectedBy, description: str) -> str:
    return FAULTS.add(Fault(name, api, detected_by, description)).name


# Norce Connect
NORCE_JOBID_NUMBER = _fault(
    "norce-jobid-number",
    "norce",
    "schema",
    "Import replies carry JobId as a JSON number instead of a string holding an int32.",
)
NORCE_JOBID_NOT_INT32 = _fault(
    "norce-jobid-not-int32",
    "norce",
    "domain",
    "Job ids are allocated beyond the int32 range, so JobId no longer fits an int32.",
)
NORCE_REPLY_TEXT_PLAIN = _fault(
    "norce-reply-text-plain",
    "norce",
    "schema",
    "Import replies are sent with Content-Type text/plain instead of application/json.",
)
NORCE_SUMMARY_MISSING = _fault(
    "norce-summary-missing", "norce", "schema", "Import replies omit the ValidationSummary object."
)
NORCE_HEADER_DEPENDENCY_IGNORED = _fault(
    "norce-header-dependency-ignored",
    "norce",
    "domain",
    "Header list dependencies (e.g. VariantFieldsThatAreSet without Variants) are accepted.",
)
NORCE_TOTAL_OFF_BY_ONE = _fault(
    "norce-total-off-by-one",
    "norce",
    "domain",
    "ValidationSummary.NrOfItemsInTotal is one less than the number of items sent.",
)
NORCE_FAILURES_NOT_COUNTED = _fault(
    "norce-failures-not-counted",
    "norce",
    "domain",
    "ValidationSummary.NrOfValidationFailures stays 0 even when items fail validation.",
)
NORCE_UNSET_FIELDS_OVERWRITTEN = _fault(
    "norce-unset-fields-overwritten",
    "norce",
    "sequence",
    "Fields whose flag is not in the header (products, on-hands, prices) are written anyway.",
)
NORCE_UNKNOWN_PARTNO_NOT_LOGGED = _fault(
    "norce-unknown-partno-not-logged",
    "norce",
    "sequence",
    "Rows for unknown part numbers are ignored without a line in Job/GetLog.",
)
NORCE_JOB_GET_WRONG_JOB = _fault(
    "norce-job-get-wrong-job",
    "norce",
    "sequence",
    "Job/Get?id=N answers with the job created before N (a lookup returning another record).",
)
NORCE_JOB_NEVER_FINISHES = _fault(
    "norce-job-never-finishes",
    "norce",
    "sequence",
    "Jobs stay in status Initialized with IsFinished false forever.",
)
NORCE_NON_ASCII_500 = _fault(
    "norce-non-ascii-500",
    "norce",
    "domain",
    "A non-ASCII part number makes the import answer 500 Internal Server Error.",
)
NORCE_BEARER_NOT_CHECKED = _fault(
    "norce-bearer-not-checked",
    "norce",
    "domain",
    "Connect calls succeed without a valid bearer token.",
)
NORCE_TOKEN_NEVER_EXPIRES = _fault(
    "norce-token-never-expires",
    "norce",
    "sequence",
    "Access tokens are still accepted after expires_in has passed.",
)
NORCE_TOKEN_NOT_RATE_LIMITED = _fault(
    "norce-token-not-rate-limited",
    "norce",
    "sequence",
    "The token endpoint never answers 429, however fast it is called.",
)
# Ka-ching
KACHING_ADJUSTMENT_IGNORED = _fault(
    "kaching-adjustment-ignored",
    "kaching",
    "sequence",
    "adjustment=true is ignored: values replace the stock count instead of adding to it.",
)
KACHING_DELETE_SETS_ZERO = _fault(
    "kaching-delete-sets-zero",
    "kaching",
    "sequence",
    "DELETE sets the stock count to 0 instead of removing the stock record.",
)
KACHING_VARIANTS_MISCOUNTED = _fault(
    "kaching-variants-miscounted",
    "kaching",
    "domain",
    "The reply message counts a product with variants as one value, not one per variant.",
)
KACHING_UNKNOWN_LOCATION_ACCEPTED = _fault(
    "kaching-unknown-location-accepted",
    "kaching",
    "domain",
    "Stock for a stock location that does not exist is accepted with 200.",
)
KACHING_APIKEY_NOT_CHECKED = _fault(
    "kaching-apikey-not-checked",
    "kaching",
    "domain",
    "Any apikey value is accepted on the import endpoint.",
)
KACHING_THROTTLES = _fault(
    "kaching-throttles",
    "kaching",
    "sequence",
    "The 3rd stock import, and every 20th after it, is answered 429 with Retry-After: 1.",
)
KACHING_STATUS_MISSING = _fault(
    "kaching-status-missing", "kaching", "schema", "The success reply lacks the status field."
)
# Unleashed
UNLEASHED_WAREHOUSE_FILTER_IGNORED = _fault(
    "unleashed-warehouse-filter-ignored",
    "unleashed",
    "domain",
    "The warehouseCode filter is ignored: rows of every warehouse are returned.",
)
UNLEASHED_PAGINATION_OFF_BY_ONE = _fault(
    "unleashed-pagination-off-by-one",
    "unleashed",
    "sequence",
    "Pages after the first start one row early, so a row appears on two pages.",
)
UNLEASHED_AVAILABLE_IGNORES_ALLOCATED = _fault(
    "unleashed-available-ignores-allocated",
    "unleashed",
    "domain",
    "AvailableQty equals QtyOnHand: allocated quantities are not subtracted.",
)
UNLEASHED_MODIFIED_SINCE_EXCLUSIVE = _fault(
    "unleashed-modified-since-exclusive",
    "unleashed",
    "domain",
    "modifiedSince drops rows modified exactly at the given instant (exclusive boundary).",
)
UNLEASHED_SIGNATURE_NOT_CHECKED = _fault(
    "unleashed-signature-not-checked",
    "unleashed",
    "domain",
    "api-auth-signature is not verified: any signature is accepted.",
)
UNLEASHED_ORDERBY_IGNORED = _fault(
    "unleashed-orderby-ignored",
    "unleashed",
    "domain",
    "orderBy is ignored: the list is always ordered by product code.",
)
UNLEASHED_ALLWAREHOUSES_DISAGREES = _fault(
    "unleashed-allwarehouses-disagrees",
    "unleashed",
    "sequence",
    "AllWarehouses leaves out the last warehouse, so it disagrees with the per-warehouse list.",
)
UNLEASHED_TOTAL_COST_WRONG = _fault(
    "unleashed-total-cost-wrong",
    "unleashed",
    "domain",
    "TotalCost is the average cost of one unit instead of QtyOnHand x AvgCost.",
)
UNLEASHED_GUID_RETURNS_OTHER_PRODUCT = _fault(
    "unleashed-guid-returns-other-product",
    "unleashed",
    "domain",
    "GET /StockOnHand/{guid} answers with the next product by code.",
)
UNLEASHED_UNKNOWN_GUID_200 = _fault(
    "unleashed-unknown-guid-200",
    "unleashed",
    "domain",
    "An unknown product GUID gets 200 with an empty item instead of 404.",
)
UNLEASHED_DATES_ISO = _fault(
    "unleashed-dates-iso",
    "unleashed",
    "schema",
    "JSON dates are ISO 8601 strings instead of /Date(ms)/.",
)
UNLEASHED_XML_IGNORED = _fault(
    "unleashed-xml-ignored", "unleashed", "schema", "Accept: application/xml is answered with JSON."
)


def all_faults() -> tuple[Fault, ...]:
    """Every fault, sorted by name."""
    return FAULTS.entries()


def get_fault(name: str) -> Fault | None:
    return FAULTS.get(name)


class UnknownFaultError(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown fault {name!r}; see `skuguard sandbox --list-faults`")


class FaultSwitch:
    """The one active fault (or none) of a running sandbox; safe across threads."""

    def __init__(self, name: str | None = None) -> None:
        self._board = Switchboard(FAULTS, unknown=UnknownFaultError, limit=1)
        self.set(name)

    def set(self, name: str | None) -> None:
        self._board.set(() if name is None else (name,))

    @property
    def name(self) -> str | None:
        return next(iter(self._board.names), None)

    def active(self, name: str) -> bool:
        """Is ``name`` the active fault? (``name`` must be a registered fault.)"""
        return self._board.active(name)
