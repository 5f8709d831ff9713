"""A generated request's content (:class:`Payload`) and what a target holds (:class:`Fixtures`).

``Fixtures`` is also the schema of the ``--fixtures`` TOML file of ``skuguard contract``.
Its defaults name the entities seeded in the embedded sandbox, so a run against the
sandbox needs no file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from linter.specs import schema

# The entities seeded in the embedded sandbox; keep them in step with it
# (contracts/sandbox/seed_data.json; a test checks that they agree).
SANDBOX_STOCK_LOCATIONS: tuple[str, ...] = ("store-1", "webshop", "warehouse-cph")
SANDBOX_PART_NOS: tuple[str, ...] = ("TEE-S", "TEE-M", "MUG-1")
SANDBOX_WAREHOUSE_CODES: tuple[str, ...] = ()
SANDBOX_LOCATION_CODES: tuple[str, ...] = ()
SANDBOX_PRICE_LIST_CODES: tuple[str, ...] = ("STD-SEK", "B2B-EUR")


@dataclass(frozen=True)
class Payload:
    """One generated request payload, as the linter sees it.

    ``kind`` is a linter kind (``norce.products``, ``kaching.stock`` …); ``body`` is the
    JSON-able document; ``header`` is the Norce ``X-StormConnect-Header`` object (``None``
    for the other APIs); ``options`` holds per-request facts such as ``{"adjustment": True}``.

    ``content_type`` is how the body is serialized: ``"json"``, or ``"xml"`` (Norce's
    DataContract XML; for ``norce.header`` payloads, an XML-serialized header).
    ``body_bytes`` and ``header_text`` are the exact body and header value when they are not
    simply ``body`` and ``header`` written out (an XML body, or a payload broken in its
    bytes); :mod:`contracts.generate.wire` gives the bytes of any payload.
    """

    kind: str
    body: Any
    header: dict[str, Any] | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    content_type: str = "json"
    body_bytes: bytes | None = None
    header_text: str | None = None


_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)


class KachingFixtures(BaseModel):
    """Ka-ching entities that exist in the target."""

    model_config = _STRICT

    stock_locations: list[str] = Field(
        default_factory=lambda: list(SANDBOX_STOCK_LOCATIONS), min_length=1
    )

    @field_validator("stock_locations")
    @classmethod
    def _firebase_keys(cls, value: list[str]) -> list[str]:
        pattern = re.compile(str(schema("kaching", "FirebaseKey")["pattern"]))
        for index, key in enumerate(value):
            if not pattern.search(key):
                raise ValueError(
                    f"item {index} ({key!r}) is not a Ka-ching id (empty, or holds . / # $ * [ ])"
                )
        return value


class NorceFixtures(BaseModel):
    """Norce entities that exist in the target (generated payloads mix them with new ones)."""

    model_config = _STRICT

    part_nos: list[str] = Field(default_factory=lambda: list(SANDBOX_PART_NOS))
    warehouse_codes: list[str] = Field(default_factory=lambda: list(SANDBOX_WAREHOUSE_CODES))
    location_codes: list[str] = Field(default_factory=lambda: list(SANDBOX_LOCATION_CODES))
    price_list_codes: list[str] = Field(default_factory=lambda: list(SANDBOX_PRICE_LIST_CODES))


class UnleashedFixtures(BaseModel):
    """Unleashed needs nothing: its entities are discovered by listing."""

    model_config = _STRICT


class Fixtures(BaseModel):
    """Entities that exist in the target, by API; the defaults are the sandbox's seed data."""

    model_config = _STRICT

    kaching: KachingFixtures = Field(default_factory=KachingFixtures)
    norce: NorceFixtures = Field(default_factory=NorceFixtures)
    unleashed: UnleashedFixtures = Field(default_factory=UnleashedFixtures)

    @classmethod
    def from_toml(cls, path: str | Path) -> Fixtures:
        """Read and validate a fixtures TOML file.

        Raises :class:`FixturesError` whose message names the file and the exact problem:
        unreadable file, TOML syntax error (with line and column), unknown key, wrong type.
        """
        place = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise FixturesError(f"{place}: cannot read the file: {_os_reason(exc)}") from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise FixturesError(f"{place}: not valid TOML: {exc}") from None
        return cls.from_mapping(data, place=place)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, place: str = "<fixtures>") -> Fixtures:
        """Validate already-parsed fixtures (e.g. a TOML table); errors as in :meth:`from_toml`."""
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            raise FixturesError(f"{place}: {_describe(exc)}") from None


class FixturesError(ValueError):
    """A fixtures file that cannot be used; the message names the place and the cause."""


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def _describe(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        location = _toml_location(error["loc"])
        kind = error["type"]
        if kind == "extra_forbidden":
            problems.append(f"{location}: unknown key")
        elif kind in {"model_type", "dict_type"}:
            problems.append(f"{location}: must be a table, got {error.get('input')!r}")
        elif kind == "value_error":
            problems.append(f"{location}: {error['ctx']['error']}")
        elif kind == "too_short":
            problems.append(f"{location}: must not be empty")
        else:
            got = error.get("input")
            problems.append(f"{location}: {error['msg'].lower()} (got {got!r})")
    return "; ".join(problems)


def _toml_location(loc: tuple[int | str, ...]) -> str:
    if not loc:
        return "top level"
    head, *rest = loc
    text = f"[{head}]" if rest else f"key {head!r}"
    for part in rest:
        text += f"[{part}]" if isinstance(part, int) else f" {part}"
    return text
