"""Everything one running sandbox holds: settings, database, clock, tokens, fault, variations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contracts.sandbox.auth import TokenIssuer
from contracts.sandbox.clock import Clock
from contracts.sandbox.faults import FaultSwitch
from contracts.sandbox.settings import SandboxSettings
from contracts.sandbox.store import Store, load_seed_file
from contracts.sandbox.switches import Switchboard
from contracts.sandbox.variations import Variation, variation_board


@dataclass
class SandboxState:
    settings: SandboxSettings
    store: Store
    seed: dict[str, Any]
    faults: FaultSwitch
    variations: Switchboard[Variation]
    clock: Clock
    tokens: TokenIssuer

    @classmethod
    def create(cls, settings: SandboxSettings) -> SandboxState:
        seed = load_seed_file(settings.seed_data)
        store = Store(settings.db_path)
        if not store.is_seeded():
            store.reset(seed)
        clock = Clock()
        tokens = TokenIssuer(
            settings.credentials,
            clock,
            lifetime_s=settings.token_lifetime_s,
            rate_per_minute=settings.token_rate_per_minute,
            burst=settings.token_burst,
        )
        return cls(
            settings=settings,
            store=store,
            seed=seed,
            faults=FaultSwitch(settings.fault),
            variations=variation_board(settings.variations),
            clock=clock,
            tokens=tokens,
        )

    def reset(self) -> None:
        """Back to the seed: data, issued tokens, rate limits and clock (fault, variations stay)."""
        self.store.reset(self.seed)
        self.tokens.reset()
        self.clock.reset()
