"""Where each check's expectation is documented: one :class:`Source` per check, as data.

Seeds are quoted from ``shared/seeds/``; facts researched from vendor material cite their
section of ``reference/apis.md``. A check whose source is ``assumed`` only observes.
"""

from __future__ import annotations

from collections.abc import Mapping

from linter.provenance import ASSUMED, Source

NORCE_SERVICE = "norce-connect-product-service-4.0.txt"
NORCE_HEADER = "norce-product-header.txt"
KACHING = "kaching-stock-import.txt"
UNLEASHED = "unleashed-stock-on-hand.txt"

SERVER_ERROR = Source.standard(
    "RFC 9110 §15.6", "a 5xx means the server failed to fulfil an apparently valid request"
)
SPEC_STATUSES = Source.seed(NORCE_SERVICE, "Responses Success")
SUCCESS_SCHEMA = Source.seed(
    NORCE_SERVICE, '{ "StatusCode": "string", "Description": "string", "JobId": "string", ...'
)
SPEC_CONSTRAINTS = Source.reference(
    "the operation's spec constraints that carry x-skuguard-source (openapi/*.yaml)"
)
ACCEPT = Source.standard("RFC 9110 §12.5.1", "Accept: the media types acceptable for the response")
AUTH = Source.reference(
    "reference/apis.md §1.1, §2.1, §3.1", "Bearer token / api key / HMAC signature required"
)
TOKEN_EXPIRY = Source.reference("reference/apis.md §1.1", "Token (a JWT) lives 3600 s")
TOKEN_RATE_LIMIT = Source.reference(
    "reference/apis.md §1.1", "3 requests/min per IP plus a burst of 20; over-limit answers 429"
)

BY_CHECK: Mapping[str, Source] = {
    "kaching_message_count": Source.seed(
        KACHING,
        "The number of values that has been parsed from the request will be noted in the message",
    ),
    "kaching_unknown_location_rejected": Source.seed(
        KACHING, "It is not possible to import stock numbers to a non existing stock location."
    ),
    "kaching_stock_effect": Source.seed(
        KACHING,
        "adjustment=true. This will cause the imported data to be interpreted as stock "
        "adjustments instead of as new values.",
    ),
    "norce_validation_summary": Source.seed(
        "norce-import-onhands.md", "NrOfItemsInTotal` (integer) Total number of items in payload."
    ),
    "norce_header_rules_enforced": Source.seed(
        NORCE_HEADER, "Variants Required if you have VariantFieldsThatAreSet values"
    ),
    "norce_job_id_int32": Source.seed(NORCE_SERVICE, "JobId string(int32)"),
    "norce_job_consistent": Source.reference(
        "reference/apis.md §1.2, §1.4", "GET Job/Get?id={int} → JobDto; IsFinished, Totals"
    ),
    "norce_job_log_accounts": Source.reference(
        "reference/apis.md §1.5", "Per-item problems surface ... as Warning/Error log rows"
    ),
    "norce_unset_fields_untouched": Source.seed(
        NORCE_HEADER, "ProductFieldsThatAreSet [integer|string] Required."
    ),
    "unleashed_pagination_arithmetic": Source.reference(
        "reference/apis.md §3.2", "Pagination: /{endpoint}/{page}, pageSize query 1-1000"
    ),
    "unleashed_page_walk": Source.seed(UNLEASHED, "List a page of stock on hand data"),
    "unleashed_filters_honoured": Source.seed(
        UNLEASHED, "warehouseCode Returns Stock on Hand for a specific warehouse code."
    ),
    "unleashed_order_by": Source.seed(
        UNLEASHED,
        "orderBy Orders the list by a specific column, by default the list is ordered by "
        "productCode",
    ),
    "unleashed_quantity_invariants": Source.seed(
        UNLEASHED,
        "AvailableQty Decimal Quantity on hand - allocated quantity + quantity that can be "
        "assembled",
    ),
    "unleashed_lookups_agree": Source.seed(
        UNLEASHED, "View stock on hand for a specific product GET /StockOnHand/{productGuid}"
    ),
    "unleashed_unknown_guid_404": ASSUMED,
}


def source_of(check: str) -> Source:
    """The source of domain check ``check`` (a KeyError names a check without one)."""
    return BY_CHECK[check]
