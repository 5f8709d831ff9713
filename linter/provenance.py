"""Where an expectation comes from: the statement that lets skuguard fail someone's build.

Every rule, check and judged spec constraint carries a :class:`Source`. Only a documented one
(a seed statement, a vendor contract or reference, a public vendor client, or a standard the
protocol itself rests on) may turn a finding into a violation. An ``assumed`` source is
skuguard's own choice where the documents are silent: it is reported as an observation unless
the user asks for ``--strict-assumptions``.

In the specs a source is written beside the constraint it grounds, as ``x-skuguard-source``::

    x-skuguard-source:
      kind: seed                                # seed | vendor | reference | standard | assumed
      where: norce-import-onhands.md            # file, repository path, or section
      quote: "PartNo (string, required)"        # seeds: the statement, verbatim and short

or, for skuguard's own choices, just ``x-skuguard-source: assumed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["ASSUMED", "Source", "SourceError", "SourceKind"]


class SourceKind(StrEnum):
    SEED = "seed"
    """A statement in the vendor documentation kept in ``shared/seeds/``."""
    VENDOR = "vendor"
    """The vendor's own contract, reference page or code (named in ``reference/apis.md``)."""
    REFERENCE = "reference"
    """A fact researched from public vendor material, as ``reference/apis.md`` records it."""
    STANDARD = "standard"
    """A standard the protocol rests on (HTTP, JSON, ISO 4217, GTIN)."""
    ASSUMED = "assumed"
    """skuguard's own choice where the documents are silent."""


class SourceError(ValueError):
    """An ``x-skuguard-source`` value that is not a source."""


@dataclass(frozen=True, slots=True)
class Source:
    kind: SourceKind
    where: str = ""
    quote: str = ""

    @property
    def documented(self) -> bool:
        """May a finding grounded here fail a run?"""
        return self.kind is not SourceKind.ASSUMED

    def cite(self) -> str:
        """One line naming the source, for messages and reports."""
        if self.kind is SourceKind.ASSUMED:
            return "assumed (skuguard's choice; the documents are silent)"
        text = f"{self.kind.value}: {self.where}" if self.where else self.kind.value
        return f'{text}: "{self.quote}"' if self.quote else text

    @classmethod
    def parse(cls, value: object) -> Source:
        """Read an ``x-skuguard-source`` value: ``"assumed"`` or a mapping with ``kind``."""
        if value == "assumed":
            return ASSUMED
        if not isinstance(value, Mapping):
            raise SourceError(f"a source is 'assumed' or a mapping with 'kind', not {value!r}")
        try:
            kind = SourceKind(str(value.get("kind")))
        except ValueError:
            kinds = ", ".join(k.value for k in SourceKind)
            raise SourceError(f"source kind {value.get('kind')!r} is not one of {kinds}") from None
        where, quote = value.get("where", ""), value.get("quote", "")
        if not isinstance(where, str) or not isinstance(quote, str):
            raise SourceError("a source's 'where' and 'quote' are strings")
        if kind is not SourceKind.ASSUMED and not where:
            raise SourceError(f"a {kind.value} source names where it is ('where')")
        return cls(kind, where, quote)

    @classmethod
    def seed(cls, file: str, quote: str) -> Source:
        return cls(SourceKind.SEED, file, quote)

    @classmethod
    def vendor(cls, where: str, quote: str = "") -> Source:
        return cls(SourceKind.VENDOR, where, quote)

    @classmethod
    def reference(cls, where: str, quote: str = "") -> Source:
        return cls(SourceKind.REFERENCE, where, quote)

    @classmethod
    def standard(cls, where: str, quote: str = "") -> Source:
        return cls(SourceKind.STANDARD, where, quote)


ASSUMED = Source(SourceKind.ASSUMED)
