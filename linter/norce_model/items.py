"""The properties of one item of each Norce body kind, from a small cache entry of its own.

Telling a payload's kind needs only these (a lone object is a Norce row when its keys are
properties of the row's schema); reading them imports neither the body nor the header model
and, once cached, loads no Norce spec.
"""

from __future__ import annotations

import functools

from linter.norce_model.names import IMPORT_OPERATIONS
from linter.spec_cache import cached_value
from linter.specs import SpecError, spec_digest


def _build() -> dict[str, frozenset[str]]:
    from linter.norce_model.body import body_node
    from linter.norce_model.spec import body_item_schema

    table: dict[str, frozenset[str]] = {}
    for kind in IMPORT_OPERATIONS:
        try:
            table[kind] = body_node(body_item_schema(kind)).properties
        except SpecError:  # left to the lazy path, which raises it when it matters
            continue
    return table


@functools.cache
def _table() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = cached_value(
        "norce-item-properties", spec_digest("norce"), _build
    )
    return table


def item_properties(kind: str) -> frozenset[str]:
    """The properties of one item of the body of ``kind`` (e.g. ``Product`` for products)."""
    found = _table().get(kind)
    if found is not None:
        return found
    from linter.norce_model.body import body_node
    from linter.norce_model.spec import body_item_schema

    return body_node(body_item_schema(kind)).properties


__all__ = ["item_properties"]
