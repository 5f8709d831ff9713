"""A small synchronous client of a sandbox's three APIs and its admin routes.

Used by the sandbox's own tests and handy in scripts: it signs Unleashed requests, fetches
Norce tokens and adds Ka-ching's query credentials. It wraps any :class:`httpx.Client`
whose ``base_url`` is the sandbox (a real server, or Starlette's in-process TestClient).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from contracts.credentials import Credentials
from contracts.sandbox.auth import unleashed_signature
from contracts.sandbox.norce.routes import CONNECT_ROOT, TOKEN_PATH

CREDS = Credentials.from_env({})
"""The built-in sandbox defaults (the environment is not read)."""
ONHAND_HEADER = {"AccountId": 1, "FullFile": False, "SkuOnhandFieldsThatAreSet": [3]}
KNOWN_PARTS = ("TEE-S", "TEE-M", "MUG-1")


class SandboxClient:
    """Thin helpers over one httpx client (real HTTP or in-process) for the three APIs."""

    def __init__(self, client: httpx.Client) -> None:
        self.http = client
        self._token: str | None = None

    # admin ---------------------------------------------------------------------------
    def reset(self) -> None:
        assert self.http.post("/_sandbox/reset").status_code == 200
        self.fault(None)
        self.variations()
        self._token = None

    def fault(self, name: str | None) -> None:
        reply = self.http.post("/_sandbox/fault", json={"name": name})
        assert reply.status_code == 200, reply.text

    def variations(self, *names: str) -> None:
        """Switch exactly ``names`` on (none: all off)."""
        reply = self.http.post("/_sandbox/variation", json={"names": list(names)})
        assert reply.status_code == 200, reply.text

    def advance(self, seconds: float) -> None:
        assert self.http.post("/_sandbox/clock/advance", json={"seconds": seconds}).is_success

    def stock(self) -> dict[str, Any]:
        found: dict[str, Any] = self.http.get("/_sandbox/kaching/stock").json()
        return found

    def norce_rows(self, what: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.http.get(f"/_sandbox/norce/{what}").json()
        return found

    # Norce ---------------------------------------------------------------------------
    def token_reply(self, **form: str) -> httpx.Response:
        data = {
            "client_id": CREDS.norce_client_id,
            "client_secret": CREDS.norce_client_secret,
            "grant_type": "client_credentials",
            "scope": "prod",
            **form,
        }
        return self.http.post(TOKEN_PATH, data=data)

    def token(self) -> str:
        if self._token is None:
            reply = self.token_reply()
            assert reply.status_code == 200, reply.text
            self._token = str(reply.json()["access_token"])
        return self._token

    def norce_import(
        self,
        operation: str,
        body: Any,
        header: Mapping[str, Any] | str | None,
        *,
        token: str | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        sent: dict[str, str] = {"Authorization": f"Bearer {token or self.token()}"}
        if header is not None:
            sent["X-StormConnect-Header"] = (
                header if isinstance(header, str) else json.dumps(header)
            )
        if content is None:
            content = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        return self.http.post(f"{CONNECT_ROOT}/Product/{operation}", content=content, headers=sent)

    def onhands(self, body: Any, header: Mapping[str, Any] = ONHAND_HEADER) -> httpx.Response:
        return self.norce_import("ImportOnhands", body, header)

    def job(self, job_id: str | int, what: str = "Get") -> httpx.Response:
        return self.http.get(
            f"{CONNECT_ROOT}/Job/{what}",
            params={"id": str(job_id)},
            headers={"Authorization": f"Bearer {self.token()}"},
        )

    # Ka-ching ------------------------------------------------------------------------
    def kaching(
        self,
        body: Any,
        *,
        method: str = "POST",
        adjustment: str | None = None,
        apikey: str | None = None,
        content: bytes | None = None,
        content_type: str = "application/json",
        drop: tuple[str, ...] = (),
    ) -> httpx.Response:
        params = {
            "account": CREDS.kaching_account,
            "integration": CREDS.kaching_integration,
            "apikey": apikey if apikey is not None else CREDS.kaching_apikey,
        }
        for name in drop:
            del params[name]
        if adjustment is not None:
            params["adjustment"] = adjustment
        data = json.dumps(body).encode() if content is None else content
        return self.http.request(
            method,
            "/kaching/imports/stock",
            params=params,
            content=data,
            headers={"Content-Type": content_type},
        )

    # Unleashed -----------------------------------------------------------------------
    def unleashed(
        self,
        path: str = "StockOnHand",
        query: str = "",
        *,
        accept: str = "application/json",
        signature: str | None = None,
        api_id: str | None = None,
    ) -> httpx.Response:
        headers = {
            "Accept": accept,
            "api-auth-id": api_id if api_id is not None else CREDS.unleashed_api_id,
            "api-auth-signature": signature
            if signature is not None
            else unleashed_signature(CREDS.unleashed_api_key, query),
        }
        url = f"/unleashed/{path}" + (f"?{query}" if query else "")
        return self.http.get(url, headers=headers)

    def soh(self, query: str = "", path: str = "StockOnHand") -> dict[str, Any]:
        reply = self.unleashed(path, query)
        assert reply.status_code == 200, reply.text
        found: dict[str, Any] = reply.json()
        return found

    def all_rows(self, query: str = "") -> list[dict[str, Any]]:
        first = self.soh(query)
        rows = list(first["Items"])
        for page in range(2, first["Pagination"]["NumberOfPages"] + 1):
            rows += self.soh(query, f"StockOnHand/{page}")["Items"]
        return rows
