"""The SARIF 2.1.0 report, with the registered rules that fired."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from linter.diagnostics import Diagnostic, Severity
from linter.registry import all_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://github.com/skuguard/skuguard"

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _artifact_uri(file: str) -> str:
    if file.startswith("<"):
        return file.strip("<>") or "stdin"
    path = Path(file)
    if path.is_absolute():
        return path.as_uri()
    return path.as_posix()


def _sarif_rules(codes: Iterable[str]) -> list[dict[str, Any]]:
    wanted = set(codes)
    rules: list[dict[str, Any]] = []
    for registered in all_rules():
        if registered.code not in wanted:
            continue
        rules.append(
            {
                "id": registered.code,
                "name": registered.name,
                "shortDescription": {"text": registered.summary},
                "fullDescription": {"text": registered.why or registered.summary},
                "help": {"text": f"{registered.summary}\n\nWhy: {registered.why}"},
                "defaultConfiguration": {"level": _SARIF_LEVEL[registered.severity]},
            }
        )
    known = {r["id"] for r in rules}
    for code in sorted(wanted - known):
        rules.append({"id": code, "shortDescription": {"text": "internal error in a rule"}})
    return rules


def render_sarif(diagnostics: Sequence[Diagnostic], files: int, *, version: str = "0") -> str:
    rules = _sarif_rules(d.code for d in diagnostics)
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for d in diagnostics:
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _SARIF_LEVEL[d.severity],
                "message": {"text": d.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _artifact_uri(d.file)},
                            "region": {
                                "startLine": max(d.line, 1),
                                "startColumn": max(d.column, 1),
                            },
                        },
                        "logicalLocations": [
                            {"fullyQualifiedName": d.pointer or "/", "kind": "element"}
                        ],
                    }
                ],
                "properties": {"pointer": d.pointer},
            }
        )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "skuguard",
                        "version": version,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "results": results,
                "properties": {"files": files},
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
