"""Serving the sandbox with uvicorn: in a background thread for tests, or in the foreground."""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from contracts.credentials import Credentials
from contracts.sandbox.app import create_app
from contracts.sandbox.norce.routes import CONNECT_ROOT, TOKEN_PATH
from contracts.sandbox.settings import (
    DEFAULT_BODY_TIMEOUT_S,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_STAGED_FROM_ITEMS,
    DEFAULT_TOKEN_BURST,
    DEFAULT_TOKEN_LIFETIME_S,
    DEFAULT_TOKEN_RATE_PER_MINUTE,
    SandboxSettings,
)
from contracts.sandbox.slow_clients import BoundedHeaderProtocol
from contracts.sandbox.state import SandboxState

STARTUP_TIMEOUT_S = 15.0
SHUTDOWN_TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class SandboxUrls:
    """Where each API of a running sandbox lives (no trailing slashes)."""

    base_url: str

    @property
    def norce_connect(self) -> str:
        return self.base_url + CONNECT_ROOT

    @property
    def norce_token_url(self) -> str:
        return self.base_url + TOKEN_PATH

    @property
    def kaching(self) -> str:
        return self.base_url + "/kaching"

    @property
    def unleashed(self) -> str:
        return self.base_url + "/unleashed"

    @property
    def admin(self) -> str:
        return self.base_url + "/_sandbox"


@dataclass(frozen=True, slots=True)
class RunningSandbox(SandboxUrls):
    """A sandbox served on loopback; ``state`` is its live state (database, fault switch)."""

    state: SandboxState | None = None

    def set_fault(self, name: str | None) -> None:
        """Switch the active fault in-process (same effect as POST /_sandbox/fault)."""
        if self.state is not None:
            self.state.faults.set(name)

    def set_variations(self, names: Iterable[str]) -> None:
        """Switch exactly ``names`` on in-process (same effect as POST /_sandbox/variation)."""
        if self.state is not None:
            self.state.variations.set(names)

    def reset(self) -> None:
        """Back to the seed (same effect as POST /_sandbox/reset)."""
        if self.state is not None:
            self.state.reset()


KEEP_ALIVE_TIMEOUT_S = 5
MAX_CONNECTIONS = 1000


def _config(
    app: object, host: str, port: int | None, forwarded_allow_ips: str | None = None
) -> uvicorn.Config:
    """uvicorn's settings. Forwarding headers (``X-Forwarded-For``) are trusted only from the
    addresses in ``forwarded_allow_ips``; by default from none, since uvicorn's own default
    (trust 127.0.0.1) would let any local client choose the IP the token rate limit counts."""
    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        host=host,
        port=port or 0,
        log_level="warning",
        access_log=False,  # query strings carry Ka-ching API keys: never log them
        lifespan="off",
        timeout_graceful_shutdown=2,
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips or "",
        timeout_keep_alive=KEEP_ALIVE_TIMEOUT_S,
        limit_concurrency=MAX_CONNECTIONS,
        http=BoundedHeaderProtocol,
    )


@contextlib.contextmanager
def running_sandbox(
    fault: str | None = None,
    *,
    db_path: Path | None = None,
    seed_data: Path | None = None,
    credentials: Credentials | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    token_lifetime_s: float = DEFAULT_TOKEN_LIFETIME_S,
    token_rate_per_minute: float = DEFAULT_TOKEN_RATE_PER_MINUTE,
    token_burst: int = DEFAULT_TOKEN_BURST,
    variations: Iterable[str] = (),
    forwarded_allow_ips: str | None = None,
    admin_token: str | None = None,
    body_timeout_s: float = DEFAULT_BODY_TIMEOUT_S,
    staged_from_items: int = DEFAULT_STAGED_FROM_ITEMS,
) -> Iterator[RunningSandbox]:
    """Serve a fresh sandbox on 127.0.0.1 (a free port) in a background thread.

    Yields a :class:`RunningSandbox` with ``base_url`` and the per-API roots
    (``norce_connect`` = ``<base>/norce/commerce/connect/4.0``, ``norce_token_url``,
    ``kaching`` = ``<base>/kaching``, ``unleashed`` = ``<base>/unleashed``, ``admin``).
    ``fault`` names a fault of :mod:`contracts.sandbox.faults` (``None``: faithful);
    ``variations`` name legal variations of :mod:`contracts.sandbox.variations` to switch on.
    Credentials default to :meth:`Credentials.from_env`. The server is always stopped when
    the block ends, also on error. Signature stable: keyword arguments may only be added.
    ``forwarded_allow_ips`` (comma-separated, ``*`` for all) names the proxies whose
    ``X-Forwarded-For`` is believed; ``admin_token`` makes ``/_sandbox/*`` require
    ``Authorization: Bearer <admin_token>``. ``staged_from_items``: see
    :class:`SandboxSettings`.
    """
    settings = SandboxSettings(
        credentials=credentials or Credentials.from_env(),
        db_path=db_path,
        seed_data=seed_data,
        fault=fault,
        max_body_bytes=max_body_bytes,
        token_lifetime_s=token_lifetime_s,
        token_rate_per_minute=token_rate_per_minute,
        token_burst=token_burst,
        variations=tuple(variations),
        admin_token=admin_token,
        body_timeout_s=body_timeout_s,
        staged_from_items=staged_from_items,
    )
    app = create_app(settings)
    state: SandboxState = app.state.sandbox
    sock = bind("127.0.0.1", 0)
    port = int(sock.getsockname()[1])
    server = uvicorn.Server(_config(app, "127.0.0.1", port, forwarded_allow_ips))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="skuguard-sandbox", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the sandbox server did not start")
            time.sleep(0.01)
        yield RunningSandbox(base_url=f"http://127.0.0.1:{port}", state=state)
    finally:
        server.should_exit = True
        thread.join(SHUTDOWN_TIMEOUT_S)
        if thread.is_alive():
            server.force_exit = True
            thread.join(SHUTDOWN_TIMEOUT_S)
        sock.close()
        state.store.close()


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket on ``host:port`` (``OSError`` when it cannot be had)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted connections only when the
    # listening socket says so, and without it keep-alive replies stall ~40 ms (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)  # connections made before uvicorn starts wait in the backlog
    except OSError:
        sock.close()
        raise
    return sock


def serve_forever(
    settings: SandboxSettings, sock: socket.socket, forwarded_allow_ips: str | None = None
) -> None:
    """Serve on ``sock`` in the foreground until SIGINT or SIGTERM (uvicorn handles both)."""
    app = create_app(settings)
    host, port = sock.getsockname()[:2]
    server = uvicorn.Server(_config(app, str(host), int(port), forwarded_allow_ips))
    # uvicorn shuts down gracefully on SIGINT/SIGTERM and then re-raises the signal to the
    # handler installed before it ran; these handlers make that re-raise a quiet return.
    previous = {sig: signal.signal(sig, _quiet) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
        app.state.sandbox.store.close()


def _quiet(signum: int, frame: object) -> None:
    """Nothing to do: uvicorn has already stopped serving."""
