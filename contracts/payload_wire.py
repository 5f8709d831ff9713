"""Public path of a payload's wire form documented in the README; it lives in
:mod:`contracts.generate.wire`."""

from contracts.generate.wire import (
    MEDIA_TYPES,
    body_bytes,
    content_type_of,
    header_text,
    is_plain_json,
    lint_payload,
    media_type,
    norce_header_text,
    read_items,
)

__all__ = [
    "MEDIA_TYPES",
    "body_bytes",
    "content_type_of",
    "header_text",
    "is_plain_json",
    "lint_payload",
    "media_type",
    "norce_header_text",
    "read_items",
]
