"""--report-har: every exchange of the run as a HAR 1.2 log, redacted, for browser dev tools."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from contracts import __version__
from contracts.report.redact import Redactor
from contracts.run.http.traffic import Exchange


def _pairs(pairs: Sequence[tuple[str, str]], redactor: Redactor) -> list[dict[str, str]]:
    redacted = redactor.headers(dict(pairs))
    return [{"name": name, "value": redacted.get(name, "")} for name, _ in pairs]


def _content(body: bytes, mime: str, redactor: Redactor) -> dict[str, Any]:
    try:
        return {"size": len(body), "mimeType": mime, "text": redactor.text(body.decode("utf-8"))}
    except UnicodeDecodeError:
        encoded = base64.b64encode(body).decode("ascii")
        return {"size": len(body), "mimeType": mime, "text": encoded, "encoding": "base64"}


def _entry(exchange: Exchange, redactor: Redactor) -> dict[str, Any]:
    request = exchange.request
    url = redactor.url(request.url)
    request_mime = dict((k.lower(), v) for k, v in request.headers).get("content-type", "")
    response_mime = dict((k.lower(), v) for k, v in exchange.response_headers).get(
        "content-type", ""
    )
    entry: dict[str, Any] = {
        "startedDateTime": datetime.fromtimestamp(exchange.started, UTC).isoformat(),
        "time": round(exchange.seconds * 1000, 3),
        "request": {
            "method": request.method,
            "url": url,
            "httpVersion": exchange.http_version,
            "cookies": [],
            "headers": _pairs(request.headers, redactor),
            "queryString": [
                {"name": k, "value": v}
                for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)
            ],
            "headersSize": -1,
            "bodySize": len(request.body or b""),
        },
        "response": {
            "status": exchange.status,
            "statusText": exchange.reason,
            "httpVersion": exchange.http_version,
            "cookies": [],
            "headers": _pairs(exchange.response_headers, redactor),
            "content": _content(exchange.response_body, response_mime, redactor),
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(exchange.response_body),
        },
        "cache": {},
        "timings": {"send": 0, "wait": round(exchange.seconds * 1000, 3), "receive": 0},
        "comment": exchange.api,
    }
    if request.body:
        entry["request"]["postData"] = {
            "mimeType": request_mime,
            "text": _content(request.body, request_mime, redactor)["text"],
        }
    return entry


def har_document(exchanges: Sequence[Exchange], redactor: Redactor) -> dict[str, Any]:
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "skuguard", "version": __version__},
            "entries": [_entry(exchange, redactor) for exchange in exchanges],
        }
    }


def write_har(path: Path, exchanges: Sequence[Exchange], redactor: Redactor) -> None:
    text = json.dumps(har_document(exchanges, redactor), indent=1, ensure_ascii=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(redactor.text(text) + "\n", encoding="utf-8")
