"""Records of an XML document read one at a time (defused: no DTDs, no entities).

A record is an element named ``record`` that is the root or a child of the root; it is
returned as ``{child local name: stripped text}`` and then dropped, so memory stays bounded.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import IO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from contracts.reconcile.errors import ReconcileError


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def is_xml(stream: IO[bytes]) -> bool:
    """Whether a seekable stream holds XML (its first non-blank byte is ``<``)."""
    start = stream.tell()
    head = stream.read(256)
    stream.seek(start)
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def records(stream: IO[bytes], place: str, record: str) -> Iterator[dict[str, str]]:
    depth = 0
    root: ET.Element | None = None
    try:
        for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                if root is None:
                    root = element
                continue
            depth -= 1
            if depth <= 1 and local_name(element.tag) == record:
                yield {local_name(child.tag): (child.text or "").strip() for child in element}
                if root is not None and element is not root:
                    root.clear()
    except ET.ParseError as exc:
        raise ReconcileError(place, f"not well-formed XML: {exc}") from None
    except DefusedXmlException as exc:
        raise ReconcileError(place, f"refused XML: {type(exc).__name__}") from None
