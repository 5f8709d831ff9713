"""``skuguard sandbox``: listing faults, usage errors, and a real start/stop with --db."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from contracts.cli.main import main
from contracts.sandbox.cli import banner
from contracts.sandbox.faults import all_faults
from contracts.sandbox.variations import all_variations

START_TIMEOUT_S = 30


def test_list_faults_prints_every_fault_with_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "--list-faults"]) == 0
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert len(lines) == len(all_faults())
    for fault, line in zip(all_faults(), lines, strict=True):
        assert line.startswith(fault.name)
        assert line.endswith(fault.description)


def test_list_variations_prints_each_with_its_basis(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "--list-variations"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(all_variations())
    for variation, line in zip(all_variations(), lines, strict=True):
        assert line.startswith(variation.name)
        assert variation.description in line
        assert line.endswith(f"[basis: {variation.basis.cite()}]")


def test_banner_names_the_variations() -> None:
    shown = banner("http://127.0.0.1:1", None, ("unleashed-auth-401", "norce-bad-token-403"))
    assert "Variations       unleashed-auth-401, norce-bad-token-403" in shown
    assert "Variations       none" in banner("http://127.0.0.1:1", None)


@pytest.mark.parametrize(
    ("argv", "place"),
    [
        (["--fault", "no-such-fault"], "--fault"),
        (["--variation", "norce-bad-token-403", "--variation", "no-such"], "--variation"),
        (["--port", "70000"], "--port"),
        (["--seed-data", "/nonexistent/seed.json"], "--seed-data"),
        (["--max-body-bytes", "0"], "--max-body-bytes"),
        (["--db", "/nonexistent/dir/x.db"], "--db"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], place: str
) -> None:
    assert main(["sandbox", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"skuguard: {place}: ")
    assert "\n" not in err
    assert "Traceback" not in err


def test_bad_seed_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text("{not json", encoding="utf-8")
    assert main(["sandbox", "--seed-data", str(seed)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_busy_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["sandbox", "--port", str(port)]) == 2
    assert "cannot listen" in capsys.readouterr().err


def test_banner_shows_sandbox_defaults_but_never_real_secrets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SKUGUARD_NORCE_CLIENT_SECRET", raising=False)
    monkeypatch.setenv("SKUGUARD_KACHING_APIKEY", "real-production-key")
    text = banner("http://127.0.0.1:8080", None)
    assert "real-production-key" not in text
    assert "sandbox-secret" in text
    assert "http://127.0.0.1:8080/norce/commerce/connect/4.0" in text
    assert "http://127.0.0.1:8080/kaching" in text
    assert "http://127.0.0.1:8080/unleashed" in text


def _start(db: Path) -> tuple[subprocess.Popen[str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKUGUARD_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "contracts.cli", "sandbox", "--port", "0", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    stdout = proc.stdout

    def pump() -> None:
        for line in stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    first = lines.get(timeout=START_TIMEOUT_S)
    assert first.startswith("skuguard sandbox listening on http://127.0.0.1:")
    return proc, first.rsplit(" ", 1)[-1].strip()


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    return err


def test_serves_stops_on_sigterm_and_keeps_data_in_db(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.db"
    creds = {
        "account": "sandbox-account",
        "integration": "sandbox-integration",
        "apikey": "sandbox-apikey",
    }
    proc, base = _start(db)
    try:
        reply = httpx.post(
            f"{base}/kaching/imports/stock",
            params=creds,
            json={"webshop": {"kept": 42}},
            timeout=30,
        )
        assert reply.status_code == 200
    finally:
        err = _stop(proc)
    assert proc.returncode == 0
    assert "stopped" in err
    assert "Traceback" not in err
    proc, base = _start(db)
    try:
        stock = httpx.get(f"{base}/_sandbox/kaching/stock", timeout=30).json()
        assert stock["webshop"]["kept"] == 42
    finally:
        _stop(proc)
    assert json.loads(json.dumps(stock))  # plain JSON read-back
