"""Baselines: adopt the linter on a legacy catalog by recording today's findings and
reporting only new ones (``skuguard lint --baseline FILE``, ``--update-baseline``).

A finding is identified by its file, code, the key of the item it is in and the pointer
inside that item (:mod:`linter.baseline.anchor`); the file format is in
:mod:`linter.baseline.store`.
"""

from __future__ import annotations

from linter.baseline.anchor import Identity
from linter.baseline.command import (
    Filtered,
    Updated,
    apply_baseline,
    baseline_path,
    identities,
    update_baseline,
)
from linter.baseline.store import BASELINE_VERSION, BaselineError, read_baseline, render_baseline

__all__ = [
    "BASELINE_VERSION",
    "BaselineError",
    "Filtered",
    "Identity",
    "Updated",
    "apply_baseline",
    "baseline_path",
    "identities",
    "read_baseline",
    "render_baseline",
    "update_baseline",
]
