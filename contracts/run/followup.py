"""Follow-up requests for domain checks: the same API and auth, and a sandbox's admin read-back."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from contracts.run.jobs import JobService

ADMIN_PREFIX = "/_sandbox"


class FollowUpClient:
    """Sends authenticated requests to one API root; counts what it sends. Thread-safe."""

    def __init__(
        self, client: httpx.Client, root: str, auth: httpx.Auth, headers: Mapping[str, str]
    ) -> None:
        self._client = client
        self._root = root.rstrip("/")
        self._auth = auth
        self._headers = dict(headers)
        self._lock = threading.Lock()
        self.requests_sent = 0
        # Norce only: where the Job service answers (set by the run).
        self.jobs: JobService | None = None

    def job_path(self, path: str, job_id: str) -> str | None:
        """The absolute URL of Job service ``path`` (e.g. ``Job/Get``), discovered with
        ``job_id``; ``None`` when no Job service answers. Without discovery: ``path``."""
        if self.jobs is None:
            return path
        root = self.jobs.find(job_id, lambda url: self("GET", url, query=[("id", job_id)]))
        return None if root is None else f"{root}/{path.lstrip('/')}"

    def __call__(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> httpx.Response:
        merged = {**self._headers, **(headers or {})}
        kwargs: dict[str, Any] = {}
        if isinstance(body, bytes | bytearray):
            kwargs["content"] = bytes(body)
            merged.setdefault("Content-Type", "application/json")
        elif body is not None:
            kwargs["json"] = body
        url = (
            path
            if path.startswith(("http://", "https://"))
            else self._root + "/" + path.lstrip("/")
        )
        request = self._client.build_request(
            method,
            url,
            params=_pairs(query),
            headers=merged,
            **kwargs,
        )
        with self._lock:
            self.requests_sent += 1
        response = self._client.send(request, auth=self._auth)
        response.read()
        return response


def _pairs(
    query: Mapping[str, str] | Sequence[tuple[str, str]] | None,
) -> list[tuple[str, str | int | float | bool | None]]:
    items = query.items() if isinstance(query, Mapping) else (query or ())
    return [(str(name), str(value)) for name, value in items]


class SandboxAdmin:
    """Reads ``<sandbox root>/_sandbox/<path>``; only for sandbox targets."""

    def __init__(self, client: httpx.Client, sandbox_root: str) -> None:
        self._client = client
        self._base = sandbox_root.rstrip("/") + ADMIN_PREFIX

    def __call__(self, path: str, query: Mapping[str, str] | None = None) -> Any:
        response = self._client.get(self._base + "/" + path.lstrip("/"), params=query)
        response.raise_for_status()
        return response.json()

    def post(self, path: str, body: Any) -> Any:
        response = self._client.post(self._base + "/" + path.lstrip("/"), json=body)
        response.raise_for_status()
        return response.json()


def sandbox_admin(client: httpx.Client, root: str) -> SandboxAdmin | None:
    """The admin reader of the sandbox serving ``root``, if the target is a sandbox."""
    origin = str(httpx.URL(root).copy_with(path="", query=None, fragment=None)).rstrip("/")
    try:
        response = client.get(origin + ADMIN_PREFIX + "/health")
    except httpx.TransportError:
        return None
    return SandboxAdmin(client, origin) if response.status_code == 200 else None
