"""The mapping file (TOML): where each Unleashed product and warehouse lands in each target.

Validated with pydantic; a bad file is a :class:`ReconcileError` naming the key at fault.
Products not listed map by identity (Norce PartNo = Ka-ching product id = ProductCode, no
Ka-ching variant). A target key listed under ``[products]`` always belongs to the product it
is listed for; an unlisted target key is placed by identity unless that code is itself listed
(then its target keys are the listed ones and the row cannot be placed).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from contracts.reconcile.errors import ReconcileError

Target = Literal["norce", "kaching"]
TARGETS: tuple[Target, ...] = ("norce", "kaching")
Quantity = Literal["AvailableQty", "QtyOnHand"]
NoVariant = ""
Code = Annotated[str, StringConstraints(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProductEntry(_Strict):
    norce: Code | None = None
    kaching: Code | None = None
    kaching_variant: Code | None = None


class NorceLocation(_Strict):
    warehouse: Code
    location: Code


class WarehouseEntry(_Strict):
    norce: NorceLocation | None = None
    kaching: Code | None = None


class QuantityChoice(_Strict):
    norce: Quantity = "AvailableQty"
    kaching: Quantity = "AvailableQty"


class MappingFile(_Strict):
    products: dict[Code, ProductEntry] = Field(default_factory=dict)
    warehouses: dict[Code, WarehouseEntry]
    quantity: QuantityChoice = Field(default_factory=QuantityChoice)


K = TypeVar("K")
NorceKey = tuple[str, str]  # (WarehouseCode, LocationCode)
KachingKey = tuple[str, str]  # (product id, variant id or '')


@dataclass(frozen=True, slots=True)
class StockMapping:
    """The validated mapping with its reverse lookups."""

    file: MappingFile
    norce_products: dict[str, str]
    kaching_products: dict[KachingKey, str]
    norce_warehouses: dict[NorceKey, str]
    kaching_warehouses: dict[str, str]

    def quantity(self, target: Target) -> Quantity:
        return self.file.quantity.norce if target == "norce" else self.file.quantity.kaching

    def knows_warehouse(self, warehouse: str) -> bool:
        return warehouse in self.file.warehouses

    def norce_location(self, warehouse: str) -> NorceKey | None:
        entry = self.file.warehouses.get(warehouse)
        if entry is None or entry.norce is None:
            return None
        return entry.norce.warehouse, entry.norce.location

    def kaching_location(self, warehouse: str) -> str | None:
        entry = self.file.warehouses.get(warehouse)
        return None if entry is None else entry.kaching

    def norce_part(self, product: str) -> str:
        entry = self.file.products.get(product)
        return product if entry is None or entry.norce is None else entry.norce

    def kaching_key(self, product: str) -> KachingKey:
        entry = self.file.products.get(product)
        if entry is None:
            return product, NoVariant
        return entry.kaching or product, entry.kaching_variant or NoVariant

    def product_of_norce(self, part_no: str) -> str | None:
        found = self.norce_products.get(part_no)
        if found is not None:
            return found
        return None if part_no in self.file.products else part_no

    def product_of_kaching(self, product: str, variant: str) -> str | None:
        found = self.kaching_products.get((product, variant))
        if found is not None:
            return found
        if variant != NoVariant or product in self.file.products:
            return None
        return product


def load_mapping(path: Path) -> StockMapping:
    place = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReconcileError(place, f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ReconcileError(place, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ReconcileError(place, f"not valid TOML: {exc}") from None
    try:
        parsed = MappingFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise ReconcileError(place, f"key {key}: {first['msg']}") from None
    return build_mapping(parsed, place)


def build_mapping(parsed: MappingFile, place: str = "<mapping>") -> StockMapping:
    """Reverse lookups; two entries claiming one target key are refused, naming the second."""
    if not parsed.warehouses:
        raise ReconcileError(place, "key warehouses: at least one Unleashed warehouse is needed")
    norce_products: dict[str, str] = {}
    kaching_products: dict[KachingKey, str] = {}
    for code, entry in parsed.products.items():
        part = entry.norce or code
        _claim(norce_products, part, code, place, f"products.{code}.norce")
        key = (entry.kaching or code, entry.kaching_variant or NoVariant)
        _claim(kaching_products, key, code, place, f"products.{code}.kaching")
    norce_warehouses: dict[NorceKey, str] = {}
    kaching_warehouses: dict[str, str] = {}
    for code, wh in parsed.warehouses.items():
        if wh.norce is not None:
            where = (wh.norce.warehouse, wh.norce.location)
            _claim(norce_warehouses, where, code, place, f"warehouses.{code}.norce")
        if wh.kaching is not None:
            _claim(kaching_warehouses, wh.kaching, code, place, f"warehouses.{code}.kaching")
    return StockMapping(
        parsed, norce_products, kaching_products, norce_warehouses, kaching_warehouses
    )


def _claim(table: dict[K, str], key: K, owner: str, place: str, name: str) -> None:
    previous = table.setdefault(key, owner)
    if previous != owner:
        raise ReconcileError(
            place, f"key {name}: {key!r} is already the target of {previous!r}; one each"
        )
