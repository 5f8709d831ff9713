"""Auth of contract runs: token URL, rate limit, Ka-ching parameters, Unleashed signatures."""

from __future__ import annotations

import httpx
import pytest

from contracts.credentials import Credentials
from contracts.ratelimit import TokenBucket
from contracts.report.redact import Redactor
from contracts.run.auth import (
    AuthError,
    KachingAuth,
    UnleashedAuth,
    norce_token_url,
    strip_auth,
    unleashed_signature,
)
from contracts.sandbox.auth import unleashed_signature as sandbox_signature

CREDENTIALS = Credentials.from_env({})


def _authed(auth: httpx.Auth, url: str) -> httpx.Request:
    flow = auth.sync_auth_flow(httpx.Request("GET", url))
    return next(flow)


def test_token_url_is_next_to_the_connect_root() -> None:
    assert norce_token_url("https://s.api-se.norce.tech/commerce/connect/4.0/") == (
        "https://s.api-se.norce.tech/identity/1.0/connect/token"
    )
    with pytest.raises(AuthError, match="--token-url"):
        norce_token_url("https://example.test/api")


def test_token_bucket_allows_the_burst_then_three_a_minute() -> None:
    now = [0.0]
    bucket = TokenBucket(rate_per_minute=3, burst=20, clock=lambda: now[0])
    for _ in range(20):
        assert bucket.wait_time() == 0
        bucket.take()
    assert bucket.wait_time() == pytest.approx(20.0)
    now[0] += 20.0
    assert bucket.wait_time() == 0


def test_kaching_parameters_replace_generated_ones() -> None:
    request = _authed(
        KachingAuth(CREDENTIALS), "http://h/kaching/imports/stock?apikey=junk&adjustment=true"
    )
    params = request.url.params
    assert params["apikey"] == CREDENTIALS.kaching_apikey
    assert params["account"] == CREDENTIALS.kaching_account
    assert params["integration"] == CREDENTIALS.kaching_integration
    assert params["adjustment"] == "true"
    assert params.get_list("apikey") == [CREDENTIALS.kaching_apikey]


@pytest.mark.parametrize(
    "url",
    [
        "http://h/unleashed/StockOnHand",
        "http://h/unleashed/StockOnHand?warehouseCode=W1&modifiedSince=2024-01-02T03%3A04%3A05",
        "http://h/unleashed/StockOnHand/Page/2?productId=a%2Cb&warehouseName=Main%20St",
    ],
)
def test_unleashed_signature_covers_the_query_as_sent(url: str) -> None:
    redactor = Redactor()
    request = _authed(UnleashedAuth(CREDENTIALS, redactor), url)
    query = request.url.query.decode()
    expected = sandbox_signature(CREDENTIALS.unleashed_api_key, query)
    assert request.headers["api-auth-signature"] == expected
    assert request.headers["api-auth-id"] == CREDENTIALS.unleashed_api_id
    assert "client-type" in request.headers
    assert expected not in redactor.text(f"sig {expected}")


def test_unleashed_signature_of_the_empty_query() -> None:
    assert unleashed_signature("k", b"") == sandbox_signature("k", "")


def test_strip_auth_removes_every_credential() -> None:
    request = httpx.Request(
        "POST",
        "http://h/x?account=a&integration=i&apikey=k&adjustment=true",
        headers={"Authorization": "Bearer t", "api-auth-signature": "s", "api-auth-id": "i"},
        content=b"{}",
    )
    bare = strip_auth(request)
    assert str(bare.url) == "http://h/x?adjustment=true"
    assert "authorization" not in bare.headers
    assert "api-auth-signature" not in bare.headers
    assert bare.content == b"{}"
