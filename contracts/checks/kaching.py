"""Domain checks of the Ka-ching stock import: the reply's count, unknown locations, and the
documented effect of set, adjust and delete (read back where the target allows it)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from contracts.checks.context import NOT_JSON, CheckContext, Unmet
from contracts.checks.registry import check
from contracts.checks.sources import source_of
from contracts.generate.kaching import ADJUSTMENT, UNKNOWN_LOCATION_PREFIX
from linter.specs import schema

POST = "POST /imports/stock"
DELETE = "DELETE /imports/stock"
STOCK_READ_BACK = "kaching/stock"
LOCATIONS_READ_BACK = "kaching/locations"
TOLERANCE = 1e-9

Leaf = tuple[str, str, str]  # location, product, variant ('' when none)


def _message_pattern() -> re.Pattern[str]:
    node = schema("kaching", "ImportInitiated")["properties"]["message"]
    return re.compile(str(node["pattern"]).replace("(0|[1-9][0-9]*)", "(?P<count>0|[1-9][0-9]*)"))


def leaves(body: Any) -> Iterator[tuple[Leaf, float]]:
    """Every numeric leaf of a stock body with its value (non-numbers are skipped)."""
    if not isinstance(body, dict):
        return
    for location, products in body.items():
        if not isinstance(products, dict):
            continue
        for product, value in products.items():
            if isinstance(value, dict):
                for variant, count in value.items():
                    if _is_number(count):
                        yield (location, product, variant), float(count)
            elif _is_number(value):
                yield (location, product, ""), float(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _sent_body(ctx: CheckContext) -> dict[str, Any] | None:
    body = ctx.request.json
    return body if isinstance(body, dict) and body is not NOT_JSON else None


def _adjusting(ctx: CheckContext) -> bool:
    return (ctx.request.query_value(ADJUSTMENT) or "").lower() == "true"


@check(
    name="kaching_message_count",
    source=source_of("kaching_message_count"),
    api="kaching",
    operations=(POST, DELETE),
    description="A 200 reply's message counts every stock value sent, one per variant.",
)
def message_count(ctx: CheckContext) -> None:
    body = _sent_body(ctx)
    if ctx.response.status != 200 or body is None:
        return
    reply = ctx.response.json
    message = reply.get("message") if isinstance(reply, dict) else None
    match = _message_pattern().match(message) if isinstance(message, str) else None
    expected = sum(1 for _ in leaves(body))
    if match is None:
        raise Unmet(
            f"expected the message 'Import of {expected} stock value(s) initiated', "
            f"got {message!r}",
        )
    if int(match.group("count")) != expected:
        raise Unmet(
            f"{expected} stock values were sent (variants counted one each), the reply says "
            f"{match.group('count')}: {message!r}",
        )


def _known_locations(ctx: CheckContext) -> set[str] | None:
    if ctx.admin is None:
        return None
    try:
        found = ctx.admin(LOCATIONS_READ_BACK)
    except Exception:  # the target's admin API has no such read-back
        return None
    if isinstance(found, list):
        return {str(item["id"]) if isinstance(item, dict) else str(item) for item in found}
    return None


@check(
    name="kaching_unknown_location_rejected",
    source=source_of("kaching_unknown_location_rejected"),
    api="kaching",
    operations=(POST, DELETE),
    description="A body naming a stock location that does not exist is rejected with a 4xx "
    f"(unknown: reserved ids '{UNKNOWN_LOCATION_PREFIX}…', or absent from the sandbox's list).",
)
def unknown_location_rejected(ctx: CheckContext) -> None:
    body = _sent_body(ctx)
    if body is None:
        return
    known = _known_locations(ctx)
    unknown = sorted(
        location
        for location in body
        if location.startswith(UNKNOWN_LOCATION_PREFIX)
        or (known is not None and location not in known)
    )
    if unknown and not 400 <= ctx.response.status < 500:
        raise Unmet(
            f"stock location {unknown[0]!r} does not exist, so the import should be rejected "
            f"with a 4xx; got {ctx.response.describe()}",
        )


def _read_back(ctx: CheckContext) -> dict[str, Any] | None:
    if ctx.admin is None:
        return None
    found = ctx.admin(STOCK_READ_BACK)
    return found if isinstance(found, dict) else None


class _Unreadable:
    """The read-back cannot show this leaf: it holds the product in the other form (a plain
    count where variant counts were sent, or the reverse), and shows one form per product."""


UNREADABLE = _Unreadable()


def _stored(stock: Mapping[str, Any], leaf: Leaf) -> float | _Unreadable | None:
    location, product, variant = leaf
    products = stock.get(location)
    value = products.get(product) if isinstance(products, dict) else None
    if variant:
        if _is_number(value):
            return UNREADABLE
        value = value.get(variant) if isinstance(value, dict) else None
    elif isinstance(value, dict):
        return UNREADABLE
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _describe_leaf(leaf: Leaf) -> str:
    return "/".join(part for part in leaf if part)


@check(
    name="kaching_stock_effect",
    source=source_of("kaching_stock_effect"),
    api="kaching",
    operations=(POST, DELETE),
    description="Read back after a 200: a set stores the values sent; an adjustment sent "
    "again adds its deltas; a delete removes the records, also when set and deleted once more "
    "(removing is not setting 0).",
)
def stock_effect(ctx: CheckContext) -> None:
    body = _sent_body(ctx)
    if ctx.response.status != 200 or body is None or ctx.admin is None:
        return
    sent = dict(leaves(body))
    if not sent:
        return
    if ctx.request.method == "DELETE":
        _require_removed(ctx, sent)
        # The records may not have existed: set them, delete again, and look once more.
        path = DELETE.split(" ", 1)[1]
        created = ctx.call("POST", path, body=ctx.request.body)
        if created is not None and created.status == 200:
            deleted = ctx.call("DELETE", path, body=ctx.request.body)
            if deleted is not None and deleted.status == 200:
                _require_removed(ctx, sent)
        return
    if not _adjusting(ctx):
        stock = _read_back(ctx) or {}
        for leaf, value in sent.items():
            stored = _stored(stock, leaf)
            if stored is UNREADABLE:
                continue
            if not isinstance(stored, float) or abs(stored - value) > TOLERANCE:
                raise Unmet(
                    f"after setting {_describe_leaf(leaf)} to {value:g}, read-back should give "
                    f"{value:g}, got {'no record' if stored is None else f'{stored:g}'}",
                )
        return
    _adjust_again(ctx, body, sent)


def _require_removed(ctx: CheckContext, sent: Mapping[Leaf, float]) -> None:
    stock = _read_back(ctx) or {}
    for leaf in sent:
        value = _stored(stock, leaf)
        if isinstance(value, float):
            raise Unmet(
                f"after DELETE, the stock record {_describe_leaf(leaf)} should be gone; it "
                f"is still there with count {value:g}"
                + (" (DELETE must remove, not set 0)" if value == 0 else ""),
            )


def _adjust_again(ctx: CheckContext, body: dict[str, Any], sent: Mapping[Leaf, float]) -> None:
    if ctx.client is None:
        return
    before = _read_back(ctx) or {}
    response = ctx.call(
        "POST", POST.split(" ", 1)[1], query=[(ADJUSTMENT, "true")], body=ctx.request.body
    )
    if response is None or response.status != 200:
        return
    after = _read_back(ctx) or {}
    for leaf, delta in sent.items():
        old, new = _stored(before, leaf), _stored(after, leaf)
        if old is UNREADABLE or new is UNREADABLE:
            continue
        old = old if isinstance(old, float) else 0.0
        if not isinstance(new, float) or abs(new - (old + delta)) > TOLERANCE:
            raise Unmet(
                f"adjusting {_describe_leaf(leaf)} by {delta:g} from {old:g} should give "
                f"{old + delta:g}, read-back gives {'no record' if new is None else f'{new:g}'}",
            )
