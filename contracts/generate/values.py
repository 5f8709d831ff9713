"""Realistic scalar values for generated payloads: part numbers, cultures, currencies, EANs, dates.

Culture and currency codes are not enums of any spec (the specs keep them plain strings and
the linter checks their shape); the small pools below are real, commonly used codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from hypothesis import strategies as st

CULTURES: tuple[str, ...] = ("sv-SE", "en-GB", "en-US", "nb-NO", "da-DK", "fi-FI", "de-DE")
CURRENCIES: tuple[str, ...] = ("SEK", "EUR", "NOK", "DKK", "USD", "GBP")

_WORDS = (
    "Classic",
    "Organic",
    "Cotton",
    "Oak",
    "Steel",
    "Travel",
    "Summer",
    "Winter",
    "Kids",
    "Sport",
    "Ceramic",
    "Linen",
)
_NOUNS = ("Tee", "Mug", "Chair", "Lamp", "Jacket", "Bottle", "Backpack", "Scarf", "Desk")


def part_number() -> st.SearchStrategy[str]:
    """A new SKU part number such as ``TEE-4821``, ``AB-000173`` or (Nordic) ``ÖL-5512``."""
    return st.one_of(
        st.from_regex(r"\A[A-Z]{2,4}-[0-9]{3,6}\Z"),
        st.from_regex(r"\A[A-ZÅÄÖÆØ]{2,4}-[0-9]{3,6}\Z"),
    )


def code(prefix: str) -> st.SearchStrategy[str]:
    """An entity code such as ``P-4821`` (``prefix`` names the entity)."""
    return st.integers(min_value=1, max_value=999_999).map(lambda n: f"{prefix}-{n}")


def known_or_new(known: Sequence[str], new: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """An entity that exists in the target (from the fixtures) or a new one."""
    if not known:
        return new
    return st.one_of(st.sampled_from(list(known)), new)


def unique_values(
    count: int, known: Sequence[str], new: st.SearchStrategy[str]
) -> st.SearchStrategy[list[str]]:
    """``count`` distinct values, mixing known entities with new ones."""
    return st.lists(known_or_new(known, new), min_size=count, max_size=count, unique=True)


def title() -> st.SearchStrategy[str]:
    """A short product-like text such as ``Organic Cotton Tee``."""
    return st.tuples(
        st.lists(st.sampled_from(_WORDS), min_size=1, max_size=2, unique=True),
        st.sampled_from(_NOUNS),
    ).map(lambda parts: " ".join([*parts[0], parts[1]]))


def slug() -> st.SearchStrategy[str]:
    """A URL slug such as ``organic-cotton-tee``."""
    return title().map(lambda text: text.lower().replace(" ", "-"))


def culture() -> st.SearchStrategy[str]:
    """A culture code of the form xx-XX."""
    return st.sampled_from(CULTURES)


def cultures() -> st.SearchStrategy[list[str]]:
    """One to three distinct culture codes."""
    return st.lists(culture(), min_size=1, max_size=3, unique=True)


def currency() -> st.SearchStrategy[str]:
    """An ISO 4217 currency code."""
    return st.sampled_from(CURRENCIES)


def ean13() -> st.SearchStrategy[str]:
    """A 13-digit EAN with a correct check digit."""
    return st.from_regex(r"\A[0-9]{12}\Z").map(lambda body: body + str(ean_check_digit(body)))


def ean_check_digit(digits: str) -> int:
    """The GS1 check digit of ``digits`` (the code without its last digit)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def timestamp() -> st.SearchStrategy[str]:
    """An RFC 3339 UTC date-time between 2020 and 2030, whole seconds."""
    return st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)).map(
        lambda moment: moment.replace(microsecond=0, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    )


def money() -> st.SearchStrategy[float]:
    """A non-negative amount with at most two decimals."""
    return st.integers(min_value=0, max_value=5_000_000).map(lambda cents: cents / 100)


def quantity() -> st.SearchStrategy[int]:
    """A non-negative whole quantity."""
    return st.integers(min_value=0, max_value=500)


def url() -> st.SearchStrategy[str]:
    """An https URL of an image."""
    return slug().map(lambda name: f"https://cdn.example.com/images/{name}.jpg")
