"""Legal variations: behaviours the vendor docs allow that the default sandbox does not show.

They are the mirror image of the seeded faults. Each is defined once here, in the
:data:`VARIATIONS` registry, with the statement that makes it legal (``basis``). Any number may
be on at once, together with a fault. Handlers consult ``state.variations.active(NAME)`` where
the behaviour lives; there are no copies of handlers. A contract suite that raises no false
alarm passes against the sandbox with any of them switched on.
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts.sandbox.switches import Switchboard
from linter.provenance import Source
from linter.registry_type import Registry
from linter.specs import Api

APIS_MD = "reference/apis.md"


@dataclass(frozen=True, slots=True)
class Variation:
    name: str
    api: Api
    description: str
    basis: Source


VARIATIONS: Registry[Variation] = Registry("variation", key=lambda v: v.name)


def _variation(name: str, api: Api, description: str, basis: Source) -> str:
    return VARIATIONS.add(Variation(name, api, description, basis)).name


def _ref(section: str, quote: str) -> Source:
    return Source.reference(f"{APIS_MD} {section}", quote)


# Norce Connect
NORCE_ERROR_ASPNET_MESSAGE = _variation(
    "norce-error-aspnet-message",
    "norce",
    'Error replies are ASP.NET\'s {"Message": "..."} instead of StatusCode/Description.',
    _ref("1.5", "[U] 400 body shape."),
)
NORCE_BAD_TOKEN_403 = _variation(
    "norce-bad-token-403",
    "norce",
    "A missing, wrong or expired bearer token is answered 403 instead of 401.",
    _ref("1.5", "[U] Status and body for ... a bad token (presumably 401)."),
)
NORCE_ITEMS_FAILED_NOT_REJECTED = _variation(
    "norce-items-failed-not-rejected",
    "norce",
    "Items that break the schema are counted in NrOfValidationFailures with 200, not 400.",
    _ref(
        "1.5",
        "[D] Per-item problems surface as ValidationSummary.NrOfValidationFailures + Messages"
        " in the 200 reply",
    ),
)
NORCE_ITEM_RULES_ONLY_COUNTED = _variation(
    "norce-item-rules-only-counted",
    "norce",
    "Only item-scope linter problems fail an item; document-scope ones pass as messages.",
    _ref("1.5", "[U] Status and body for ... unknown enum values"),
)
NORCE_UNKNOWN_HEADER_CODE_ACCEPTED = _variation(
    "norce-unknown-header-code-accepted",
    "norce",
    "A header list holding an unknown code (NH001) is accepted silently.",
    _ref("1.5", "[U] Status and body for a missing/malformed X-StormConnect-Header, unknown enum"),
)
NORCE_SERIALIZATION_MISMATCH_ACCEPTED = _variation(
    "norce-serialization-mismatch-accepted",
    "norce",
    "A SerializationType that disagrees with the body's content type (NH007) is accepted.",
    _ref("1.5", "[U] Status and body for a missing/malformed X-StormConnect-Header"),
)
NORCE_JOB_ONLY_UNDER_API = _variation(
    "norce-job-only-under-api",
    "norce",
    "Job/Get and Job/GetLog are served only under .../4.0/api/Job/ (the Storm-era host).",
    _ref("1.2", "[U] whether the api/ segment is needed on new hosts"),
)
NORCE_JOB_SERVICE_ABSENT = _variation(
    "norce-job-service-absent",
    "norce",
    "The job service lives on another host: Job/Get and Job/GetLog answer 404 here.",
    _ref("1.2", "[U] whether the api/ segment is needed on new hosts; the sandbox may serve both"),
)
# Ka-ching
KACHING_ERROR_ERROR_MESSAGE = _variation(
    "kaching-error-error-message",
    "kaching",
    'Error replies are {"error": "<code>", "message": "..."} (no status field).',
    _ref("2.4", "[U] Error status codes and body shape (malformed JSON, wrong key, wrong method)"),
)
KACHING_FRACTIONAL_REJECTED = _variation(
    "kaching-fractional-rejected",
    "kaching",
    "A fractional stock count is rejected with 400.",
    _ref("2.3", "[U] negative or fractional absolute counts."),
)
KACHING_FLOAT_ZERO_REJECTED = _variation(
    "kaching-float-zero-rejected",
    "kaching",
    "A count written as a floating-point zero (0.0) is rejected with 400.",
    _ref("2.3", "[U] negative or fractional absolute counts."),
)
KACHING_EMPTY_BODY_ACCEPTED = _variation(
    "kaching-empty-body-accepted",
    "kaching",
    "An empty body {} is accepted with 200 and a count of 0 stock values.",
    _ref("2.4", "[U] Error status codes and body shape (malformed JSON, ...)"),
)
KACHING_CASE_INSENSITIVE_PATHS = _variation(
    "kaching-case-insensitive-paths",
    "kaching",
    "Paths match case-insensitively and accept a trailing slash (/Imports/Stock/).",
    Source.reference(f"{APIS_MD} 2.2 and 2.7"),
)
# Unleashed
UNLEASHED_ERROR_DESCRIPTION_ONLY = _variation(
    "unleashed-error-description-only",
    "unleashed",
    'JSON error replies are {"description": "..."} only.',
    _ref("3.4", "[U] Error body shape (JSON fields)"),
)
UNLEASHED_AUTH_401 = _variation(
    "unleashed-auth-401",
    "unleashed",
    "A missing or wrong api-auth-id or signature is answered 401 instead of 403.",
    _ref("3.4", "[U] ... missing api-auth-id"),
)
UNLEASHED_UNKNOWN_ORDERBY_REJECTED = _variation(
    "unleashed-unknown-orderby-rejected",
    "unleashed",
    "An orderBy naming no column is rejected with 400 instead of falling back to productCode.",
    _ref("3.2", "[U] ... behaviour on unknown filters."),
)
UNLEASHED_PAGE_PAST_INT32_ACCEPTED = _variation(
    "unleashed-page-past-int32-accepted",
    "unleashed",
    "A page number past the int32 range is answered 200 with an empty page.",
    _ref("3.4", "[U] ... behaviour for page > NumberOfPages"),
)
UNLEASHED_PAGE_SIZE_CLAMPED = _variation(
    "unleashed-page-size-clamped",
    "unleashed",
    "A pageSize outside 1-1000 is clamped into that range instead of rejected.",
    _ref("3.4", "[U] ... pageSize outside 1-1000"),
)
UNLEASHED_MODIFIED_SINCE_DATE_ONLY = _variation(
    "unleashed-modified-since-date-only",
    "unleashed",
    "modifiedSince given as a date-time (not YYYY-MM-DD) is rejected with 400.",
    _ref("3.2", "Dates as YYYY-MM-DD (U-SOH)"),
)


def all_variations() -> tuple[Variation, ...]:
    """Every variation, sorted by name."""
    return VARIATIONS.entries()


def get_variation(name: str) -> Variation | None:
    return VARIATIONS.get(name)


class UnknownVariationError(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown variation {name!r}; see `skuguard sandbox --list-variations`")


def variation_board(names: tuple[str, ...] = ()) -> Switchboard[Variation]:
    """The switchboard of a running sandbox's variations, with ``names`` on."""
    board = Switchboard(VARIATIONS, unknown=UnknownVariationError)
    board.set(names)
    return board
