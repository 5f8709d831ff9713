"""The SQLite store: seed files, seed errors, transactions, reset."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from contracts.sandbox.client import SandboxClient
from contracts.sandbox.server import running_sandbox
from contracts.sandbox.store import SeedError, Store, load_seed_file

MINIMAL: dict[str, Any] = {
    "kaching": {"locations": [{"id": "only-shop"}], "stock": []},
    "norce": {"price_lists": [], "products": []},
    "unleashed": {
        "warehouses": [{"guid": "11111111-1111-4111-8111-111111111111", "code": "W", "name": "W"}],
        "products": [
            {"guid": "22222222-2222-4222-8222-222222222222", "code": "P", "description": "p"}
        ],
        "transactions": [
            {
                "product": "P",
                "warehouse": "W",
                "date": "2024-01-01T00:00:00",
                "kind": "receipt",
                "qty": 3,
                "unit_cost": 2.0,
            }
        ],
    },
}


def test_builtin_seed_has_what_the_docs_promise() -> None:
    seed = load_seed_file(None)
    assert {"store-1", "webshop"} <= {loc["id"] for loc in seed["kaching"]["locations"]}
    unleashed = seed["unleashed"]
    assert len(unleashed["warehouses"]) >= 2
    assert len({t["warehouse"] for t in unleashed["transactions"]}) >= 2
    assert len({t["date"][:10] for t in unleashed["transactions"]}) >= 3
    traded = {t["product"] for t in unleashed["transactions"]}
    assert len(traded) > 5
    assert any(p["code"] not in traded for p in unleashed["products"])


def test_custom_seed_file(tmp_path: Path) -> None:
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(MINIMAL), encoding="utf-8")
    with running_sandbox(seed_data=path) as server, httpx.Client(base_url=server.base_url) as c:
        api = SandboxClient(c)
        assert api.kaching({"only-shop": {"x": 1}}).status_code == 200
        assert api.kaching({"store-1": {"x": 1}}).status_code == 404
        page = api.soh()
        assert [(r["ProductCode"], r["QtyOnHand"], r["TotalCost"]) for r in page["Items"]] == [
            ("P", 3, 6)
        ]


@pytest.mark.parametrize(
    ("seed", "fragment"),
    [
        ({"kaching": []}, "/kaching: must be an object"),
        ({"kaching": {"locations": [{"name": "no id"}]}}, "missing or ill-typed field"),
        (
            {
                "unleashed": {
                    **MINIMAL["unleashed"],
                    "transactions": [{**MINIMAL["unleashed"]["transactions"][0], "kind": "theft"}],
                }
            },
            "transaction kind 'theft'",
        ),
        ({"kaching": {"locations": [{"id": "a"}, {"id": "a"}]}}, "inconsistent data"),
    ],
)
def test_bad_seed_is_refused_and_nothing_loaded(seed: dict[str, Any], fragment: str) -> None:
    store = Store()
    try:
        with pytest.raises(SeedError) as raised:
            store.reset(seed)
        assert fragment in str(raised.value)
        assert not store.is_seeded()
    finally:
        store.close()


def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.db")
    try:
        store.reset(MINIMAL)

        def write_then_fail() -> None:
            with store.transaction() as conn:
                conn.execute("INSERT INTO kaching_locations (id, name) VALUES ('new', 'n')")
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            write_then_fail()
        with store.reading() as conn:
            ids = [r["id"] for r in conn.execute("SELECT id FROM kaching_locations")]
        assert ids == ["only-shop"]
    finally:
        store.close()


def test_seed_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match="cannot read"):
        load_seed_file(tmp_path / "missing.json")
    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    with pytest.raises(SeedError, match="top level must be an object"):
        load_seed_file(listed)


def test_running_sandbox_exposes_each_api_root_and_always_stops() -> None:
    with running_sandbox(fault="kaching-status-missing") as server:
        base = server.base_url
        assert base.startswith("http://127.0.0.1:")
        assert server.norce_connect == f"{base}/norce/commerce/connect/4.0"
        assert server.norce_token_url == f"{base}/norce/identity/1.0/connect/token"
        assert (server.kaching, server.unleashed, server.admin) == (
            f"{base}/kaching",
            f"{base}/unleashed",
            f"{base}/_sandbox",
        )
        assert httpx.get(f"{server.admin}/health").json()["fault"] == "kaching-status-missing"
        server.set_fault(None)
        assert httpx.get(f"{server.admin}/health").json()["fault"] is None
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{base}/_sandbox/health", timeout=2)


def test_admin_clock_and_fault_routes_refuse_bad_input() -> None:
    with running_sandbox() as server, httpx.Client(base_url=server.base_url) as client:
        for body in (b"{}", b'{"seconds": -1}', b'{"seconds": true}', b"nope"):
            assert client.post("/_sandbox/clock/advance", content=body).status_code == 400
        for body in (b"{}", b'{"name": 3}', b"[]"):
            assert client.post("/_sandbox/fault", content=body).status_code == 400
