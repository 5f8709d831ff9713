"""pytest11 entry point ``skuguard``: options, fixtures and helpers (filled by its owner)."""
