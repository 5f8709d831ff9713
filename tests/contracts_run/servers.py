"""Small independent servers for the false-alarm tests: a proxy in front of the faithful
sandbox that answers the way the documents also allow, and a page that is not an API.

Each serves on 127.0.0.1 in a background thread and is stopped when its ``with`` ends.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from typing import Any

import httpx
import uvicorn

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]
# (path, status, body) -> (status, body) or None to pass the answer through.
Rewrite = Callable[[str, int, bytes], tuple[int, bytes] | None]


@contextlib.contextmanager
def serving(app: App) -> Iterator[str]:
    """Serve ``app`` on a free loopback port; yields its root URL."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def proxy(upstream: str, rewrite: Rewrite, *, hidden: Callable[[str], str | None]) -> App:
    """Forward to ``upstream``; ``hidden(path)`` maps a path to the upstream path (``None``:
    answer 404 here); ``rewrite`` may change an upstream answer's status and body."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = bool(message.get("more_body"))
        target = hidden(scope["path"])
        if target is None:
            await _answer(send, 404, b"Not Found", "text/plain")
            return
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, v in scope["headers"]
            if k.lower() not in (b"host", b"content-length")
        ]
        query = scope.get("query_string", b"").decode("latin-1")
        url = upstream + target + (f"?{query}" if query else "")
        async with httpx.AsyncClient() as client:
            answer = await client.request(scope["method"], url, headers=headers, content=body)
        status, content = answer.status_code, answer.content
        changed = rewrite(scope["path"], status, content)
        if changed is not None:
            status, content = changed
        media = answer.headers.get("content-type", "application/json")
        await _answer(send, status, content, media)

    return app


async def _answer(send: Send, status: int, body: bytes, media: str) -> None:
    headers = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def other_error_bodies(path: str, status: int, body: bytes) -> tuple[int, bytes] | None:
    """Every 4xx in another documented-silent shape, and a 400 as 422 (both allowed)."""
    if not 400 <= status < 500 or status in (401, 403):
        return None
    text = json.dumps({"error": "rejected", "message": "request not accepted"})
    return (422 if status == 400 else status), text.encode()


def html_page() -> App:
    """A web page, whatever is asked: not an API."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await _answer(send, 200, b"<!doctype html><p>Welcome</p>", "text/html")

    return app
