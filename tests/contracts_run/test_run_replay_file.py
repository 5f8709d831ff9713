"""Replay files hold placeholders instead of credentials, and are filled back exactly."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from contracts.checks.context import SentRequest
from contracts.credentials import Credentials
from contracts.report.redact import Redactor
from contracts.report.replay import (
    ReplayError,
    curl_command,
    filled_request,
    load_replay,
    replay_document,
    retargeted,
    write_replay,
)
from contracts.run.auth import KachingAuth, UnleashedAuth, unleashed_signature

CREDENTIALS = Credentials.from_env(
    {"SKUGUARD_KACHING_APIKEY": "k/ey+1=", "SKUGUARD_UNLEASHED_API_KEY": "unleashed-key-9"}
)
ROOT = "http://127.0.0.1:1/unleashed"


def _sent(auth: httpx.Auth, url: str, body: bytes = b"") -> SentRequest:
    request = httpx.Request("GET" if not body else "POST", url, content=body)
    flow = auth.sync_auth_flow(request)
    return SentRequest.from_httpx(next(flow))


def _document(sent: SentRequest, root: str) -> dict[str, object]:
    return replay_document(
        sent,
        api="x",
        operation_id="op",
        check="some_check",
        message="m",
        seed=5,
        root=root,
        credentials=CREDENTIALS,
        redactor=Redactor.from_credentials(CREDENTIALS),
    )


def test_kaching_keys_become_placeholders_and_come_back(tmp_path: Path) -> None:
    url = "http://127.0.0.1:1/kaching/imports/stock?adjustment=true"
    sent = _sent(KachingAuth(CREDENTIALS), url, b'{"store-1": {"p": 1}}')
    document = _document(sent, "http://127.0.0.1:1/kaching")
    text = json.dumps(document)
    assert "k/ey" not in text
    assert "k%2Fey" not in text
    assert "apikey={{SKUGUARD_KACHING_APIKEY}}" in text
    path = write_replay(tmp_path / "r.json", document)
    replay = load_replay(path)
    request = filled_request(replay, CREDENTIALS, token=None)
    assert str(request.url) == sent.url
    assert request.content == sent.body
    curl = curl_command(document)
    assert "${SKUGUARD_KACHING_APIKEY}" in curl
    assert "k/ey" not in curl


def test_unleashed_signature_is_recomputed_for_a_new_root(tmp_path: Path) -> None:
    sent = _sent(UnleashedAuth(CREDENTIALS, Redactor()), ROOT + "/StockOnHand?warehouseCode=W1")
    document = _document(sent, ROOT)
    request_doc = document["request"]
    assert isinstance(request_doc, dict)
    assert ["api-auth-signature", "{{unleashed-signature}}"] in request_doc["headers"]
    replay = retargeted(load_replay(write_replay(tmp_path / "r.json", document)), "http://h:2/u")
    request = filled_request(replay, CREDENTIALS, token=None)
    assert str(request.url) == "http://h:2/u/StockOnHand?warehouseCode=W1"
    assert request.headers["api-auth-signature"] == unleashed_signature(
        CREDENTIALS.unleashed_api_key, "warehouseCode=W1"
    )
    assert "openssl dgst -sha256" in curl_command(document)


def test_norce_token_placeholder_needs_a_token(tmp_path: Path) -> None:
    sent = SentRequest(
        "GET", "http://h/c/Job/Get?id=1", (("Authorization", "Bearer abc.def"),), b""
    )
    document = _document(sent, "http://h/c")
    assert "abc.def" not in json.dumps(document)
    replay = load_replay(write_replay(tmp_path / "r.json", document))
    with pytest.raises(ReplayError, match="Norce token"):
        filled_request(replay, CREDENTIALS, token=None)
    assert filled_request(replay, CREDENTIALS, token="t2").headers["Authorization"] == "Bearer t2"


@pytest.mark.parametrize(
    ("content", "expected"),
    [("not json", "not a JSON replay file"), ("[]", "not a skuguard replay file")],
)
def test_bad_replay_files(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "r.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReplayError, match=expected):
        load_replay(path)
