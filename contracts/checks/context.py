"""What a domain check sees of one exchange: the request actually sent, the response, and helpers
for follow-up requests (``client``) and sandbox read-back (``admin``)."""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

import httpx

from contracts.generate.payloads import Fixtures, Payload

_NOT_JSON = object()


class CheckFailure(AssertionError):  # noqa: N818 (the name the runner expects)
    """A domain check found a violation; the message says what was expected and what came back."""

    def __init__(self, check_name: str, message: str, *, observed: bool = False) -> None:
        super().__init__(f"{check_name}: {message}")
        self.check_name = check_name
        self.message = message
        self.observed = observed


class Unmet(AssertionError):  # noqa: N818 (read as "raise Unmet(...)")
    """Raised by a registered check with only its message; the registry names the failure."""


class Observed(Unmet):
    """Raised by a check for what the target did where the documents leave the behaviour open:
    reported as an observation, never a violation (unless ``--strict-assumptions``)."""


def _parse_json(data: bytes | None) -> Any:
    if not data:
        return _NOT_JSON
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return _NOT_JSON


@dataclass(frozen=True)
class SentRequest:
    """A request as it went on the wire (after every hook and after shrinking), credentials
    included: never print it unredacted. ``body`` is ``None`` for a stream never read."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None

    @classmethod
    def from_httpx(cls, request: httpx.Request) -> SentRequest:
        try:
            body: bytes | None = bytes(request.content)
        except httpx.RequestNotRead:
            body = None
        return cls(
            method=str(request.method).upper(),
            url=str(request.url),
            headers=tuple((name, value) for name, value in request.headers.items()),
            body=body,
        )

    def to_httpx(self) -> httpx.Request:
        return httpx.Request(self.method, self.url, headers=list(self.headers), content=self.body)

    @functools.cached_property
    def _lower_headers(self) -> Mapping[str, str]:
        return {k.lower(): v for k, v in self.headers}

    def header(self, name: str) -> str | None:
        """A header value, case-insensitively; ``None`` when absent."""
        return self._lower_headers.get(name.lower())

    @functools.cached_property
    def path(self) -> str:
        """The URL path (percent-encoded, as sent)."""
        return urlsplit(self.url).path

    @functools.cached_property
    def query(self) -> tuple[tuple[str, str], ...]:
        """Decoded query parameters in order."""
        return tuple(parse_qsl(urlsplit(self.url).query, keep_blank_values=True))

    def query_value(self, name: str) -> str | None:
        """The first value of query parameter ``name`` (case-sensitive), or ``None``."""
        return next((value for key, value in self.query if key == name), None)

    @functools.cached_property
    def json(self) -> Any:
        """The body parsed as JSON; :data:`NOT_JSON` when absent or unparsable."""
        return _parse_json(self.body)


@dataclass(frozen=True)
class ReceivedResponse:
    """A response: status, headers and body bytes."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @functools.cached_property
    def json(self) -> Any:
        """The body parsed as JSON; :data:`NOT_JSON` when absent or unparsable."""
        return _parse_json(self.body)

    @classmethod
    def of(cls, response: Any) -> ReceivedResponse:
        """Adapt an ``httpx.Response`` (or anything with status_code/headers/content)."""
        if isinstance(response, ReceivedResponse):
            return response
        return cls(
            status=int(response.status_code),
            headers=dict(response.headers),
            body=bytes(response.content),
        )

    def header(self, name: str) -> str | None:
        """A header value, case-insensitively; ``None`` when absent."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)

    def describe(self) -> str:
        """Status and the start of the body, for failure messages."""
        text = self.body[:300].decode("utf-8", "replace")
        return f"{self.status} {text}".strip()


NOT_JSON: Any = _NOT_JSON
"""Marker for a body that is absent or not JSON."""


class Client(Protocol):
    """Sends a follow-up request to the same API, authenticated like the run's requests.

    ``path`` is relative to the API's base URL (``/Job/Get``, ``/StockOnHand/Page/2``);
    ``body`` is sent as given (bytes) or as JSON (anything else but ``None``). Returns an
    ``httpx.Response`` or a :class:`ReceivedResponse`.
    """

    def __call__(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> Any: ...


class Admin(Protocol):
    """Reads sandbox state: ``GET <root>/_sandbox/<path>`` with ``query``, parsed JSON back."""

    def __call__(self, path: str, query: Mapping[str, str] | None = None) -> Any: ...


# Failures that are not a check's verdict but a request that could not be completed.
TRANSPORT_CHECK = "request_error"


@dataclass(frozen=True, slots=True)
class Violation:
    """A check's verdict on one exchange: a violation of a documented expectation, or (with
    ``observed``) an observation of behaviour the documents leave open."""

    check: str
    message: str
    observed: bool = False


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request a run sent and its response, with the Schemathesis case it came from.

    ``client`` sends authenticated follow-up requests to the same API, ``admin`` reads a
    sandbox's state (``None`` for other targets), ``payload`` is the domain payload the
    case was built from (``None`` for Schemathesis's own cases).
    """

    api: str
    operation_id: str
    case: Any
    request: httpx.Request
    response: httpx.Response
    client: Client | None = None
    admin: Admin | None = None
    payload: Payload | None = None
    fixtures: Fixtures | None = None


@dataclass(frozen=True)
class CheckContext:
    """Everything a domain check needs about one exchange.

    ``client`` makes follow-up requests against the same target (``None``: no follow-ups);
    ``admin`` reads sandbox state (``None`` when the target has no ``/_sandbox``);
    ``payload`` is what the request was generated from (may be ``None``; checks decide
    validity from the request as sent, never from it).
    """

    operation_id: str
    request: SentRequest
    response: ReceivedResponse
    client: Client | None = None
    admin: Admin | None = None
    payload: Payload | None = None
    fixtures: Fixtures | None = None
    # The run's exchange this context was built from, for checks that need its Schemathesis
    # case (``None`` for a context built by hand).
    exchange: Exchange | None = None

    def call(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> ReceivedResponse | None:
        """A follow-up request through ``client``; ``None`` when there is no client."""
        if self.client is None:
            return None
        return ReceivedResponse.of(
            self.client(method, path, query=query, headers=headers, body=body)
        )

    @classmethod
    def from_httpx(
        cls,
        operation_id: str,
        request: Any,
        response: Any,
        *,
        client: Client | None = None,
        admin: Admin | None = None,
        payload: Payload | None = None,
        fixtures: Fixtures | None = None,
    ) -> CheckContext:
        """Build a context from an ``httpx.Request`` and ``httpx.Response``."""
        sent = SentRequest.from_httpx(request)
        return cls(
            operation_id=operation_id,
            request=sent,
            response=ReceivedResponse.of(response),
            client=client,
            admin=admin,
            payload=payload,
            fixtures=fixtures,
        )

    @classmethod
    def from_exchange(cls, exchange: Exchange) -> CheckContext:
        """Build a context from a run's exchange."""
        return dataclasses.replace(
            cls.from_httpx(
                exchange.operation_id,
                exchange.request,
                exchange.response,
                client=exchange.client,
                admin=exchange.admin,
                payload=exchange.payload,
                fixtures=exchange.fixtures,
            ),
            exchange=exchange,
        )
