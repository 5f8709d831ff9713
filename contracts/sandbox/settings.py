"""What one sandbox instance is configured with."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from contracts.credentials import Credentials

DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
DEFAULT_TOKEN_LIFETIME_S = 3600
DEFAULT_TOKEN_RATE_PER_MINUTE = 3.0
DEFAULT_TOKEN_BURST = 20
DEFAULT_BODY_TIMEOUT_S = 30.0
DEFAULT_STAGED_FROM_ITEMS = 2000


@dataclass(frozen=True, slots=True)
class SandboxSettings:
    """Everything :func:`contracts.sandbox.app.create_app` needs; defaults suit a laptop.

    ``db_path`` ``None`` keeps the database in a temporary directory, removed on close.
    ``seed_data`` ``None`` loads the built-in seed. ``fault`` names one entry of
    :mod:`contracts.sandbox.faults`; ``variations`` name entries of
    :mod:`contracts.sandbox.variations` (any number).
    The token rate limit is a token bucket per client IP: ``token_burst`` requests at once,
    refilled at ``token_rate_per_minute``.
    """

    credentials: Credentials = field(default_factory=Credentials.from_env)
    db_path: Path | None = None
    seed_data: Path | None = None
    fault: str | None = None
    variations: tuple[str, ...] = ()
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    token_lifetime_s: float = DEFAULT_TOKEN_LIFETIME_S
    token_rate_per_minute: float = DEFAULT_TOKEN_RATE_PER_MINUTE
    token_burst: int = DEFAULT_TOKEN_BURST
    admin_token: str | None = None
    """When set, ``/_sandbox/*`` answers only ``Authorization: Bearer <admin_token>``."""
    body_timeout_s: float = DEFAULT_BODY_TIMEOUT_S
    """Seconds a client may take to send a request body (slow clients get 408)."""
    staged_from_items: int = DEFAULT_STAGED_FROM_ITEMS
    """Norce imports of this many accepted items or more are worked out on a stage and then
    written in one short transaction; smaller ones are applied straight in theirs."""
