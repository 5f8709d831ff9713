"""skuguard's contract suite: knows HTTP, judges with :mod:`linter`."""

from __future__ import annotations

__version__ = "0.1.0"
