"""HTTP adapters for :class:`~contracts.check_context.Client` and ``Admin`` over httpx."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from contracts.check_context import ReceivedResponse


class HttpxClient:
    """Follow-up requests to one API root, through an ``httpx.Client`` and an ``httpx.Auth``."""

    def __init__(self, http: httpx.Client, base_url: str, auth: httpx.Auth | None = None) -> None:
        self._http = http
        self._base_url = base_url.rstrip("/")
        self._auth = auth

    def __call__(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> ReceivedResponse:
        """Send ``METHOD base_url + path`` and return the response."""
        content: bytes | None
        sent_headers = dict(headers or {})
        content = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
        if content is not None:
            sent_headers.setdefault("Content-Type", "application/json")
        request = self._http.build_request(
            method,
            self._base_url + path,
            params=list(query.items()) if isinstance(query, Mapping) else list(query or ()),
            headers=sent_headers,
            content=content,
        )
        if self._auth is not None:
            response = self._http.send(request, auth=self._auth)
        else:
            response = self._http.send(request)
        return ReceivedResponse.of(response)


class HttpAdmin:
    """Sandbox read-back: ``GET <admin_url>/<path>``; raises ``LookupError`` on a non-200."""

    def __init__(self, http: httpx.Client, admin_url: str) -> None:
        self._http = http
        self._admin_url = admin_url.rstrip("/")

    def __call__(self, path: str, query: Mapping[str, str] | None = None) -> Any:
        """The parsed JSON of the read-back at ``path``."""
        response = self._http.get(f"{self._admin_url}/{path.lstrip('/')}", params=query)
        if response.status_code != 200:
            raise LookupError(f"sandbox read-back {path}: HTTP {response.status_code}")
        return response.json()
