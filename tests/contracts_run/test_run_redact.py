"""The redactor hides configured, learnt and contextual secrets, and leaves placeholders."""

from __future__ import annotations

import logging

import pytest

from contracts.credentials import Credentials
from contracts.report.redact import REDACTED, RedactingFilter, Redactor

CREDENTIALS = Credentials.from_env(
    {
        "SKUGUARD_NORCE_CLIENT_SECRET": "norce-very-secret",
        "SKUGUARD_KACHING_APIKEY": "kaching/key+with=odd",
        "SKUGUARD_UNLEASHED_API_KEY": "unleashed-key-123",
    }
)


@pytest.fixture
def redactor() -> Redactor:
    return Redactor.from_credentials(CREDENTIALS)


def test_configured_secrets_are_hidden_in_every_form(redactor: Redactor) -> None:
    text = (
        "secret norce-very-secret, key kaching%2Fkey%2Bwith%3Dodd, "
        "plus kaching%2Fkey%2Bwith%3Dodd and unleashed-key-123"
    )
    out = redactor.text(text)
    for secret in ("norce-very-secret", "kaching%2Fkey", "unleashed-key-123"):
        assert secret not in out
    assert out.count(REDACTED) == 4


def test_learnt_token_and_contextual_values_are_hidden(redactor: Redactor) -> None:
    redactor.add("eyJ.learnt.token")
    out = redactor.text(
        "token eyJ.learnt.token; Authorization: Bearer other-token\n"
        "url http://h/x?account=a&apikey=anything-else&b=1\n"
        "api-auth-signature: c2lnbmF0dXJl\n"
        "form client_secret=zzz"
    )
    assert "eyJ.learnt.token" not in out
    assert "other-token" not in out
    assert "anything-else" not in out
    assert "c2lnbmF0dXJl" not in out
    assert "zzz" not in out
    assert "account=a" in out
    assert "b=1" in out


def test_placeholders_survive(redactor: Redactor) -> None:
    text = (
        'curl "http://h/x?apikey=${SKUGUARD_KACHING_APIKEY}" '
        '-H "Authorization: Bearer ${NORCE_TOKEN}"'
    )
    assert redactor.text(text) == text
    placeholder = "apikey={{SKUGUARD_KACHING_APIKEY}}"
    assert redactor.text(placeholder) == placeholder


def test_headers_urls_and_structures(redactor: Redactor) -> None:
    assert redactor.headers({"Authorization": "x", "Accept": "a"}) == {
        "Authorization": REDACTED,
        "Accept": "a",
    }
    assert redactor.url("http://h/p?apikey=k&adjustment=true") == (
        f"http://h/p?apikey={REDACTED}&adjustment=true"
    )
    data = redactor.data({"client_secret": "s", "nested": ["unleashed-key-123", 3]})
    assert data == {"client_secret": REDACTED, "nested": [REDACTED, 3]}


def test_xml_stays_well_formed(redactor: Redactor) -> None:
    text = "<failure>Authorization: Bearer abc.def</failure>"
    expected = f"<failure>Authorization: Bearer {REDACTED}</failure>"
    assert redactor.text(text) == expected
    assert redactor.text(expected) == expected


def test_logging_filter_redacts_the_final_message(redactor: Redactor) -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "got %s", ("unleashed-key-123",), None
    )
    RedactingFilter(redactor).filter(record)
    assert record.getMessage() == f"got {REDACTED}"


def test_short_values_are_not_treated_as_secrets() -> None:
    redactor = Redactor(["ab"])
    assert redactor.text("abc") == "abc"


def test_credential_named_fields_are_hidden_by_name(redactor: Redactor) -> None:
    out = redactor.url("http://h/x?Access_Key=k1k1k1&Session_Token=t2t2t2&page=3&PASSWORD=p3p3")
    assert "k1k1k1" not in out
    assert "t2t2t2" not in out
    assert "p3p3" not in out
    assert "page=3" in out
    headers = redactor.headers(
        {"X-Api-Key": "a1a1a1", "Cookie": "s=c1c1", "X-Auth-Token": "z9z9", "Accept": "text/xml"}
    )
    assert headers == {
        "X-Api-Key": REDACTED,
        "Cookie": REDACTED,
        "X-Auth-Token": REDACTED,
        "Accept": "text/xml",
    }
    curl = redactor.text('curl "http://h/?my_secret=s5s5" -H "X-Client-Signature: g7g7g7"')
    assert "s5s5" not in curl
    assert "g7g7g7" not in curl


def test_prose_and_shell_expressions_are_not_cut(redactor: Redactor) -> None:
    prose = "skuguard: auth: token endpoint http://h/t answered 400; check token_expiry: ok"
    assert redactor.text(prose) == prose
    signed = (
        'curl "http://h/StockOnHand?page=1" -H "api-auth-signature: $(printf %s \'page=1\' '
        '| openssl dgst -sha256 -binary -hmac "$SKUGUARD_UNLEASHED_API_KEY" | base64)"'
    )
    assert redactor.text(signed) == signed
    report = {"by_check": {"token_expiry": 1, "ignored_auth": 2}, "check": "ignored_auth"}
    assert redactor.data(report) == report


def test_header_values_given_with_h_are_learnt(redactor: Redactor) -> None:
    redactor.learn_headers({"X-Api-Key": "given-key-88", "Cookie": "a=b1b1b1; c=d2d2d2"})
    redactor.learn_headers({"Accept": "application/json"})
    out = redactor.text("body echoes given-key-88, b1b1b1 and d2d2d2 as application/json")
    assert "given-key-88" not in out
    assert "b1b1b1" not in out
    assert "d2d2d2" not in out
    assert "application/json" in out
