"""HTTP of a live reconciliation: signed Unleashed pages, and target read-back bodies."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

import httpx
import orjson

from contracts.credentials import Credentials
from contracts.reconcile.errors import ReconcileError
from contracts.reconcile.rows import SourceRow
from contracts.reconcile.source import live_page_rows, live_queries
from contracts.run.auth import UNLEASHED_CLIENT_TYPE, unleashed_signature

TIMEOUT_S = 60.0
SPOOL_BYTES = 8 << 20
MAX_PAGES = 1_000_000


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def _client() -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT_S, follow_redirects=False)


def _failed(url: str, reply: httpx.Response) -> ReconcileError:
    return ReconcileError(url, f"HTTP {reply.status_code}: {reply.text[:200].strip()}")


def unleashed_rows(
    root: str, warehouses: Iterable[str], as_at: str | None, credentials: Credentials
) -> Iterator[SourceRow]:
    """Every page of StockOnHand for each warehouse, each request signed over its query."""
    base = root.rstrip("/") + "/StockOnHand"
    with _client() as client:
        for warehouse, query in live_queries(warehouses, as_at):
            headers = {
                "Accept": "application/json",
                "Content-Type": "application/json",
                "api-auth-id": credentials.unleashed_api_id,
                "api-auth-signature": unleashed_signature(credentials.unleashed_api_key, query),
                "client-type": UNLEASHED_CLIENT_TYPE,
            }
            page, pages = 1, 1
            while page <= min(pages, MAX_PAGES):
                url = (base if page == 1 else f"{base}/{page}") + f"?{query}"
                try:
                    reply = client.get(url, headers=headers)
                except httpx.HTTPError as exc:
                    raise ReconcileError(url, f"{type(exc).__name__}: {exc}") from None
                if reply.status_code != 200:
                    raise _failed(url, reply)
                try:
                    body = orjson.loads(reply.content)
                except orjson.JSONDecodeError as exc:
                    raise ReconcileError(url, f"the reply is not JSON: {exc}") from None
                rows, pages = live_page_rows(body, url, warehouse)
                yield from rows
                page += 1


def read_back(url: str) -> IO[bytes]:
    """The body a GET of ``url`` answers, spooled (to disk when large) for the file readers."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    try:
        with _client() as client, client.stream("GET", url) as reply:
            if reply.status_code != 200:
                reply.read()
                raise _failed(url, reply)
            for chunk in reply.iter_bytes():
                spool.write(chunk)
    except httpx.HTTPError as exc:
        spool.close()
        raise ReconcileError(url, f"{type(exc).__name__}: {exc}") from None
    except ReconcileError:
        spool.close()
        raise
    spool.seek(0)
    return spool
