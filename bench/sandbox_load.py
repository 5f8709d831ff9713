"""Load on the sandbox over loopback: requests/s and p99 of concurrent clients, and how long
they stall while a big Norce import is applied.

Starts ``skuguard sandbox`` as a child process on a free loopback port, runs ``--clients``
threads that read Unleashed stock and import Ka-ching stock for ``--seconds``, then again
while one ``--items``-item ImportOnhands is sent. Bounded in time and count; the child is
always stopped. Usage: ``python bench/sandbox_load.py [--clients 8] [--seconds 5]``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

import httpx

from contracts.credentials import Credentials
from contracts.sandbox.auth import unleashed_signature
from contracts.sandbox.norce.routes import CONNECT_ROOT, TOKEN_PATH

CREDS = Credentials.from_env({})
_LISTENING = re.compile(r"listening on (http://\S+)")
IMPORT_WINDOW_S = 120.0
HEADER = {"AccountId": 1, "FullFile": False, "SkuOnhandFieldsThatAreSet": [3]}


@dataclass
class Latencies:
    values: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, ok: bool) -> None:
        with self.lock:
            self.values.append(seconds)
            self.errors += 0 if ok else 1

    def p(self, q: float) -> float:
        ordered = sorted(self.values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def _client_loop(
    base: str, until: float, out: Latencies, worker: int, stop: threading.Event
) -> None:
    signature = unleashed_signature(CREDS.unleashed_api_key, "")
    unleashed = {"api-auth-id": CREDS.unleashed_api_id, "api-auth-signature": signature}
    kaching = {
        "account": CREDS.kaching_account,
        "integration": CREDS.kaching_integration,
        "apikey": CREDS.kaching_apikey,
    }
    with httpx.Client(base_url=base, timeout=60) as client:
        n = 0
        while time.monotonic() < until and not stop.is_set():
            started = time.perf_counter()
            if n % 2:
                reply = client.post(
                    "/kaching/imports/stock", params=kaching, json={"store-1": {f"P{worker}": n}}
                )
            else:
                reply = client.get("/unleashed/StockOnHand", headers=unleashed)
            out.add(time.perf_counter() - started, reply.status_code == 200)
            n += 1


def _load(
    base: str, clients: int, seconds: float, stop: threading.Event | None = None
) -> Latencies:
    out = Latencies()
    until = time.monotonic() + seconds
    stop = stop or threading.Event()
    threads = [
        threading.Thread(target=_client_loop, args=(base, until, out, i, stop))
        for i in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    return out


def _big_import(base: str, items: int) -> tuple[float, int]:
    body = [
        {"PartNo": "TEE-S", "WarehouseCode": f"W{i}", "LocationCode": "L1", "OnhandValue": i}
        for i in range(items)
    ]
    data = json.dumps(body).encode()
    with httpx.Client(base_url=base, timeout=300) as client:
        token = client.post(
            TOKEN_PATH,
            data={
                "grant_type": "client_credentials",
                "client_id": CREDS.norce_client_id,
                "client_secret": CREDS.norce_client_secret,
            },
        ).json()["access_token"]
        started = time.perf_counter()
        reply = client.post(
            f"{CONNECT_ROOT}/Product/ImportOnhands",
            content=data,
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "X-StormConnect-Header": json.dumps(HEADER),
            },
        )
        return time.perf_counter() - started, reply.status_code


def _report(name: str, lat: Latencies, seconds: float) -> None:
    rate = len(lat.values) / seconds
    print(
        f"{name}: {len(lat.values)} requests, {rate:.0f} req/s, p50 {lat.p(0.5) * 1000:.1f} ms, "
        f"p99 {lat.p(0.99) * 1000:.1f} ms, max {max(lat.values, default=0) * 1000:.0f} ms, "
        f"errors {lat.errors}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    code = "import sys; from contracts.cli.main import main; sys.exit(main())"
    command = [sys.executable, "-c", code, "sandbox", "--port", "0"]
    proc = subprocess.Popen(
        [*command, "--max-body-bytes", str(64 * 1024 * 1024)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        match = _LISTENING.search(proc.stdout.readline())
        if match is None:
            print("the sandbox did not start", file=sys.stderr)
            return 2
        base = match.group(1)
        _report("steady", _load(base, args.clients, args.seconds), args.seconds)
        result: dict[str, tuple[float, int]] = {}
        done = threading.Event()

        def run_import() -> None:
            try:
                result["import"] = _big_import(base, args.items)
            finally:
                done.set()

        importer = threading.Thread(target=run_import)
        importer.start()
        started = time.monotonic()
        during = _load(base, args.clients, IMPORT_WINDOW_S, done)
        window = time.monotonic() - started
        importer.join(300)
        took, status = result.get("import", (float("nan"), 0))
        print(f"import of {args.items} items: {took:.1f} s, status {status}")
        _report("during import", during, window)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
