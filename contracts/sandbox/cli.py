"""``skuguard sandbox``: serve the embedded sandbox, or list its seeded faults or variations."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register this module's subcommands."""
    parser = subparsers.add_parser(
        "sandbox",
        help="serve the embedded sandbox of the three APIs (SQLite, seeded faults)",
        description=(
            "Serve Norce Connect, Ka-ching stock import and Unleashed StockOnHand emulators on "
            "one host and port, backed by SQLite. Credentials come from the SKUGUARD_* "
            "environment variables, with sandbox defaults."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080; 0: any free)")
    parser.add_argument("--db", type=Path, help="SQLite file to keep data in (default: throw-away)")
    parser.add_argument("--seed-data", type=Path, help="seed data JSON (default: built in)")
    parser.add_argument("--fault", help="switch on one seeded fault (see --list-faults)")
    parser.add_argument("--list-faults", action="store_true", help="list the faults and exit")
    parser.add_argument(
        "--variation",
        action="append",
        default=[],
        metavar="NAME",
        help="switch on a legal variation (repeatable; see --list-variations)",
    )
    parser.add_argument(
        "--list-variations",
        action="store_true",
        help="list the legal variations with their doc basis and exit",
    )
    parser.add_argument(
        "--max-body-bytes",
        type=int,
        default=None,
        help="largest request body accepted; larger ones get 413 (default 10 MiB)",
    )
    parser.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help=(
            "comma-separated proxy addresses (or '*') whose X-Forwarded-For is believed; "
            "default: none, the peer address is the client's"
        ),
    )
    parser.set_defaults(run=run)


ADMIN_TOKEN_ENV = "SKUGUARD_SANDBOX_ADMIN_TOKEN"


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def admin_token_for(host: str) -> tuple[str | None, str | None]:
    """The admin token for a sandbox bound to ``host`` and the line that announces it.

    On loopback the admin routes stay open (tests switch faults freely); beyond it they need
    a token: from the environment (not printed), or a fresh one printed once.
    """
    import os
    import secrets

    if is_loopback(host):
        return None, None
    from_env = os.environ.get(ADMIN_TOKEN_ENV)
    if from_env:
        return from_env, f"  Admin token      <from {ADMIN_TOKEN_ENV}, not shown>"
    token = secrets.token_urlsafe(24)
    return token, f"  Admin token      {token}  (send Authorization: Bearer <token> to /_sandbox)"


def _fail(place: str, cause: str) -> int:
    print(f"skuguard: {place}: {cause}", file=sys.stderr)
    return EXIT_USAGE


def list_faults() -> str:
    from contracts.sandbox.faults import all_faults

    faults = all_faults()
    width = max(len(f.name) for f in faults)
    lines = [f"{f.name:<{width}}  {f.api:<9}  {f.detected_by:<8}  {f.description}" for f in faults]
    return "\n".join(lines)


def list_variations() -> str:
    from contracts.sandbox.variations import all_variations

    found = all_variations()
    width = max(len(v.name) for v in found)
    return "\n".join(
        f"{v.name:<{width}}  {v.api:<9}  {v.description}  [basis: {v.basis.cite()}]" for v in found
    )


def _shown(value: str, env_name: str) -> str:
    """Print a credential only when it is the sandbox's built-in default, never a real one."""
    from contracts.credentials import ENV_DEFAULTS

    if value == ENV_DEFAULTS[env_name]:
        return f"{value}  (sandbox default; set {env_name} to change)"
    return f"<from {env_name}, not shown>"


def banner(base: str, fault: str | None, variations: tuple[str, ...] = ()) -> str:
    from contracts.credentials import Credentials
    from contracts.sandbox.norce.routes import CONNECT_ROOT, TOKEN_PATH

    creds = Credentials.from_env()
    return "\n".join(
        [
            f"skuguard sandbox listening on {base}",
            f"  Norce Connect    {base}{CONNECT_ROOT}",
            f"  Norce token URL  {base}{TOKEN_PATH}",
            f"  Ka-ching         {base}/kaching",
            f"  Unleashed        {base}/unleashed",
            f"  Admin (sandbox)  {base}/_sandbox",
            f"  Active fault     {fault or 'none'}",
            f"  Variations       {', '.join(variations) or 'none'}",
            "Credentials for this sandbox only:",
            f"  Norce client_id      {creds.norce_client_id}",
            "  Norce client_secret  "
            + _shown(creds.norce_client_secret, "SKUGUARD_NORCE_CLIENT_SECRET"),
            f"  Ka-ching account     {creds.kaching_account}",
            f"  Ka-ching integration {creds.kaching_integration}",
            "  Ka-ching apikey      " + _shown(creds.kaching_apikey, "SKUGUARD_KACHING_APIKEY"),
            f"  Unleashed api id     {creds.unleashed_api_id}",
            "  Unleashed api key    "
            + _shown(creds.unleashed_api_key, "SKUGUARD_UNLEASHED_API_KEY"),
            "Press Ctrl+C to stop.",
        ]
    )


def run(args: argparse.Namespace) -> int:
    if args.list_faults:
        with contextlib.suppress(BrokenPipeError):
            print(list_faults())
        return EXIT_OK
    if args.list_variations:
        with contextlib.suppress(BrokenPipeError):
            print(list_variations())
        return EXIT_OK
    from contracts.sandbox import faults, variations
    from contracts.sandbox.server import bind, serve_forever
    from contracts.sandbox.settings import DEFAULT_MAX_BODY_BYTES, SandboxSettings
    from contracts.sandbox.store import SeedError, load_seed_file

    if args.fault is not None and faults.get_fault(args.fault) is None:
        return _fail("--fault", f"unknown fault {args.fault!r}; see --list-faults")
    for name in args.variation:
        if variations.get_variation(name) is None:
            return _fail("--variation", f"unknown variation {name!r}; see --list-variations")
    if not 0 <= args.port <= 65535:
        return _fail("--port", f"{args.port} is not a port number (0-65535)")
    limit = DEFAULT_MAX_BODY_BYTES if args.max_body_bytes is None else args.max_body_bytes
    if limit < 1:
        return _fail("--max-body-bytes", "must be a positive number of bytes")
    try:
        load_seed_file(args.seed_data)
    except SeedError as exc:
        return _fail("--seed-data", str(exc))
    if args.db is not None and not args.db.parent.exists():
        return _fail("--db", f"directory {args.db.parent} does not exist")
    admin_token, admin_line = admin_token_for(args.host)
    settings = SandboxSettings(
        db_path=args.db,
        seed_data=args.seed_data,
        fault=args.fault,
        variations=tuple(dict.fromkeys(args.variation)),
        max_body_bytes=limit,
        admin_token=admin_token,
    )
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        return _fail(f"{args.host}:{args.port}", f"cannot listen: {exc.strerror or exc}")
    host, port = sock.getsockname()[:2]
    shown_host = f"[{host}]" if ":" in str(host) else str(host)
    print(banner(f"http://{shown_host}:{port}", args.fault, settings.variations), flush=True)
    if admin_line is not None:
        print(admin_line, flush=True)
        print(
            f"skuguard: --host {args.host}: the sandbox is reachable beyond this machine; it "
            "holds test credentials and seeded faults, and its admin routes need the token above",
            file=sys.stderr,
            flush=True,
        )
    try:
        serve_forever(settings, sock, args.forwarded_allow_ips)
    except SeedError as exc:
        return _fail("seed data", str(exc))
    except Exception as exc:  # a database that cannot be opened, and the like
        return _fail("sandbox", f"{type(exc).__name__}: {exc}")
    print("skuguard sandbox stopped", file=sys.stderr)
    return EXIT_OK
