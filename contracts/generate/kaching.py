"""Ka-ching stock import bodies: known stock locations, products with and without variants."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from contracts.generate.payloads import Fixtures, Payload

Draw = Callable[[st.SearchStrategy[Any]], Any]

ADJUSTMENT = "adjustment"
# Stock location ids with this prefix are taken to exist nowhere (checks rely on it).
UNKNOWN_LOCATION_PREFIX = "skuguard-unknown-"
_SIZES = ("xs", "s", "m", "l", "xl", "red", "blue", "black")


def product_id() -> st.SearchStrategy[str]:
    """A Ka-ching product id such as ``tshirt-042`` (no forbidden characters)."""
    return st.from_regex(r"\A[a-z]{3,8}(-[0-9]{2,4})?\Z")


# The simplest examples Hypothesis tries first should already exercise the API: a product
# with variants, non-zero counts and an adjustment. Hence the inverted booleans and the
# rotated count ranges below (every value stays reachable).


def _counts(adjustment: bool) -> st.SearchStrategy[int]:
    if adjustment:
        return st.integers(min_value=0, max_value=100).map(lambda n: n + 1 if n < 50 else 49 - n)
    return st.integers(min_value=0, max_value=500).map(lambda n: (n + 1) % 501)


@st.composite
def stock_body(
    draw: Draw, locations: list[str], adjustment: bool, max_products: int = 4
) -> dict[str, Any]:
    """location -> product -> count | (variant -> count), for the given locations."""
    body: dict[str, Any] = {}
    for location in locations:
        products = draw(st.lists(product_id(), min_size=1, max_size=max_products, unique=True))
        entry: dict[str, Any] = {}
        for product in products:
            if not draw(st.booleans()):
                count = draw(st.integers(min_value=0, max_value=2).map(lambda n: (2, 3, 1)[n]))
                variants = draw(
                    st.lists(st.sampled_from(_SIZES), min_size=count, max_size=count, unique=True)
                )
                entry[product] = {
                    f"{product}-{size}": draw(_counts(adjustment)) for size in variants
                }
            else:
                entry[product] = draw(_counts(adjustment))
        body[location] = entry
    return body


@st.composite
def stock(draw: Draw, fixtures: Fixtures, deleting: bool = False) -> Payload:
    """A stock import to known locations; with ``deleting`` every value is 0 (it is ignored)."""
    known = fixtures.kaching.stock_locations
    locations = draw(st.lists(st.sampled_from(known), min_size=1, max_size=len(known), unique=True))
    adjustment = False if deleting else not draw(st.booleans())
    body = draw(stock_body(locations, adjustment))
    if deleting:
        body = {loc: {p: _zeroed(c) for p, c in products.items()} for loc, products in body.items()}
    options = {ADJUSTMENT: True} if adjustment else {}
    return Payload(kind="kaching.stock", body=body, options=options)


@st.composite
def stock_to_unknown_location(draw: Draw, fixtures: Fixtures, deleting: bool = False) -> Payload:
    """A lint-clean stock import that also names a stock location that cannot exist."""
    payload = draw(stock(fixtures, deleting=deleting))
    missing = UNKNOWN_LOCATION_PREFIX + draw(st.from_regex(r"\A[a-z0-9]{4,8}\Z"))
    extra = draw(stock_body([missing], adjustment=ADJUSTMENT in payload.options))
    if deleting:
        extra = {
            loc: {p: _zeroed(c) for p, c in products.items()} for loc, products in extra.items()
        }
    return Payload(kind=payload.kind, body={**payload.body, **extra}, options=payload.options)


def _zeroed(count: Any) -> Any:
    if isinstance(count, dict):
        return {variant: 0 for variant in count}
    return 0


def count_values(body: Any) -> int:
    """The number of numeric leaves of a stock body (what Ka-ching reports it parsed)."""
    if isinstance(body, bool):
        return 0
    if isinstance(body, int | float):
        return 1
    if isinstance(body, dict):
        return sum(count_values(value) for value in body.values())
    return 0
