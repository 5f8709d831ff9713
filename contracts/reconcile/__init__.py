"""``skuguard reconcile``: does each target hold the stock Unleashed says it should?

Unleashed StockOnHand (the stock truth) is compared with the Norce ImportOnhands and Ka-ching
stock imports derived from it, per product x location x target, after placing both sides on
Unleashed keys (ProductCode, WarehouseCode) through a TOML mapping (:mod:`.mapping`).

Kinds of difference: ``missing`` (a source quantity above 0, no target record), ``extra`` (a
target record with a non-zero quantity and no source row), ``quantity`` (both present, apart by
more than the tolerance) and ``unmapped`` (a non-zero row on either side that the mapping cannot
place). Decisions where the vendor docs are silent, and their basis:

- A target row of 0 without a source row is no difference: StockOnHand omits products that
  never had a transaction, so their stock is zero. An extra row with a negative count is
  reported (it differs from that zero; negative absolute counts are undocumented anyway).
- A source row of 0 or less without a target record is no difference; above 0 it is
  ``missing`` with a null target quantity, never a 0: Ka-ching's DELETE (record gone) is not a
  count of 0.
- Per-warehouse rows need the warehouseCode filter (unfiltered rows are all-warehouse totals
  with an empty WarehouseCode). A live source therefore asks once per mapped warehouse, every
  page at pageSize 1000; a warehouse that is not in the mapping cannot be seen live. In
  recorded replies, rows of an unmapped or empty WarehouseCode are ``unmapped``.
- A mapped warehouse without an entry for a target is not carried to that target: its rows
  are not compared there.
- A key seen twice on one side keeps the last value read (a later import overwrites).
- Norce rows with IsActive false are absent; a ``NAME.header.json`` sidecar whose
  SkuOnhandFieldsThatAreSet lacks OnhandValue is refused, as is a Ka-ching target written with
  ``?adjustment=true`` (deltas, not counts).
- Unplaceable rows of 0 are not reported as unmapped: they claim no stock.

Memory is bounded: documents are read item by item (:mod:`.jsonstream`, :mod:`.xmlstream`) and
both sides go to an on-disk SQLite database (:mod:`.comparison`).
"""

from contracts.reconcile.errors import ReconcileError
from contracts.reconcile.run import FORMATS, Request, reconcile

__all__ = ["FORMATS", "ReconcileError", "Request", "reconcile"]
