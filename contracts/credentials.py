"""Credentials of the three APIs, read from the environment by the sandbox and by contract runs.

The defaults are the embedded sandbox's, so a sandbox and a contract run started
in one environment agree without flags. They are not secrets of any real system.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

ENV_DEFAULTS: Mapping[str, str] = {
    "SKUGUARD_NORCE_CLIENT_ID": "sandbox-client",
    "SKUGUARD_NORCE_CLIENT_SECRET": "sandbox-secret",
    "SKUGUARD_KACHING_ACCOUNT": "sandbox-account",
    "SKUGUARD_KACHING_INTEGRATION": "sandbox-integration",
    "SKUGUARD_KACHING_APIKEY": "sandbox-apikey",
    "SKUGUARD_UNLEASHED_API_ID": "sandbox-api-id",
    "SKUGUARD_UNLEASHED_API_KEY": "sandbox-api-key",
}


@dataclass(frozen=True, slots=True)
class Credentials:
    norce_client_id: str
    norce_client_secret: str
    kaching_account: str
    kaching_integration: str
    kaching_apikey: str
    unleashed_api_id: str
    unleashed_api_key: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials:
        env = os.environ if environ is None else environ
        values = {
            f.name: env.get(_env_name(f.name)) or ENV_DEFAULTS[_env_name(f.name)]
            for f in fields(cls)
        }
        return cls(**values)

    def secrets(self) -> tuple[str, ...]:
        """The values that must never appear in output, reports or logs."""
        return (self.norce_client_secret, self.kaching_apikey, self.unleashed_api_key)


def _env_name(field_name: str) -> str:
    return "SKUGUARD_" + field_name.upper()
