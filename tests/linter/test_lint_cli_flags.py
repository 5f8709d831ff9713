"""`skuguard lint` flags, colour, code frames, one diagnostic per fault, and completion."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from linter.report.frame import frame_lines
from linter.report.style import use_color
from tests.cli_process import SKUGUARD, clean_env, run_text

KACHING = ("--kind", "kaching.stock")
KS001_FAULT = '{"Sku": "x1", "store-2": {"mug": 1}}\n'  # a location that is not an object
ONHAND = {"PartNo": "A-1", "WarehouseCode": "MAIN", "LocationCode": "STORE", "OnhandValue": "x"}
ONHAND_HEADER = '{"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[3]}'


def _env(**extra: str) -> dict[str, str]:
    return clean_env(drop=("NO_COLOR", "FORCE_COLOR"), **extra)


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    # errors="replace": a rule's example may hold bytes that are not UTF-8 on purpose
    return run_text([*SKUGUARD, *args], cwd=cwd, env=env or _env(), errors="replace")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "stock.json").write_text(KS001_FAULT)
    (tmp_path / "clean.json").write_text('{"store-1": {"mug": 2}}\n')
    (tmp_path / "bad.json").write_text(json.dumps([ONHAND]))
    (tmp_path / "bad.header.json").write_text(ONHAND_HEADER)
    return tmp_path


def test_full_format_shows_severity_line_and_caret(work: Path) -> None:
    done = run("lint", *KACHING, "stock.json", cwd=work)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "stock.json:1:2: error KS001 location 'Sku' must map product ids to counts, "
        "not the string 'x1'"
    )
    assert lines[2] == '1 | {"Sku": "x1", "store-2": {"mug": 1}}'
    assert lines[3] == "  |  ^"
    assert lines[-1] == "1 error in 1 file"
    assert "\x1b[" not in done.stdout  # not a terminal: no colour


def test_concise_format_is_one_line_per_diagnostic(work: Path) -> None:
    done = run("lint", *KACHING, "--output-format", "concise", "stock.json", cwd=work)
    assert done.stdout.splitlines() == [
        "stock.json:1:2: error KS001 location 'Sku' must map product ids to counts, "
        "not the string 'x1'",
        "",
        "1 error in 1 file",
    ]


def test_clean_summary_reads_naturally(work: Path) -> None:
    done = run("lint", *KACHING, "clean.json", "stock.json", cwd=work)
    assert done.stdout.splitlines()[-1] == "1 error in 2 files"
    assert run("lint", *KACHING, "clean.json", cwd=work).stdout == "no problems in 1 file\n"


def test_caret_after_a_multibyte_character() -> None:
    text = '{"Sku": "é€𝄞", "x": 1}'
    column = text.index('"x"') + 1  # columns count characters, not bytes
    label, shown, caret = frame_lines(text, 7, column)
    assert (label, shown) == ("7", text)
    assert caret.index("^") == text.index('"x"')


def test_caret_in_a_long_line_stays_under_the_column() -> None:
    text = "[" + "1," * 500 + '"bad"]'
    column = text.index('"bad"') + 1
    _, shown, caret = frame_lines(text, 1, column)
    assert shown.startswith("…")
    assert shown[caret.index("^") :].startswith('"bad"')


def test_caret_with_a_tab_before_the_column() -> None:
    text = '\t{"a": 1}'
    _, shown, caret = frame_lines(text, 1, 3)  # the quote after "\t{"
    assert shown[caret.index("^")] == '"'


def test_one_diagnostic_for_a_fault_a_rule_explains(work: Path) -> None:
    done = run("lint", *KACHING, "--format", "json", "stock.json", cwd=work)
    codes = [d["code"] for d in json.loads(done.stdout)["diagnostics"]]
    assert codes == ["KS001"]  # not also SG003 on the same value


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ('{"store.1": {"mug": 1}}', "/store.1"),
        ('{"store-1": {"mug": 1, "c.up": 0}}', "/store-1/c.up"),
        ('{"store-1": {"mug": {"v.1": 1}}}', "/store-1/mug/v.1"),
    ],
)
def test_a_forbidden_id_character_is_one_diagnostic(body: str, pointer: str) -> None:
    from linter import lint_bytes
    from linter.config import LintConfig

    found = lint_bytes(body.encode(), kind="kaching.stock")
    assert [(d.code, d.pointer) for d in found] == [("KS002", pointer)]
    alone = lint_bytes(body.encode(), kind="kaching.stock", config=LintConfig(ignore=("KS002",)))
    (schema,) = alone
    assert (schema.code, schema.pointer) == ("SG003", pointer)  # the id itself, not its parent
    assert "does not match" in schema.message
    assert "oneOf" not in schema.message


def test_schema_finding_kept_when_the_rule_is_ignored(work: Path) -> None:
    done = run("lint", *KACHING, "--format", "json", "--ignore", "KS001", "stock.json", cwd=work)
    codes = [d["code"] for d in json.loads(done.stdout)["diagnostics"]]
    assert codes == ["SG003"]


def test_schema_finding_without_a_rule_is_still_reported(work: Path) -> None:
    done = run("lint", "--format", "json", "bad.json", cwd=work)
    codes = [d["code"] for d in json.loads(done.stdout)["diagnostics"]]
    assert "SG003" in codes


def test_unleashed_date_gives_one_diagnostic(tmp_path: Path) -> None:
    from linter.rules.unleashed import _page, _row

    (tmp_path / "soh.json").write_text(_page(_row(LastModifiedOn="2015-06-22T02:32:20.74")))
    done = run("lint", "--format", "json", "soh.json", cwd=tmp_path)
    codes = [d["code"] for d in json.loads(done.stdout)["diagnostics"]]
    assert codes == ["US005"]


def test_output_file_gets_the_report(work: Path) -> None:
    done = run(
        "lint", *KACHING, "--format", "json", "--output-file", "out.json", "stock.json", cwd=work
    )
    assert done.returncode == 1
    assert done.stdout == ""
    report = json.loads((work / "out.json").read_text())
    assert report["summary"]["errors"] == 1


def test_output_file_that_cannot_be_written_is_an_input_error(work: Path) -> None:
    done = run("lint", *KACHING, "--output-file", "missing/dir/out.txt", "stock.json", cwd=work)
    assert done.returncode == 2
    assert "missing/dir/out.txt: cannot write the report" in done.stderr


def test_statistics_counts_per_code(work: Path) -> None:
    (work / "two.json").write_text('{"a": "x", "b": "y"}\n')
    done = run("lint", *KACHING, "--statistics", "two.json", "stock.json", cwd=work)
    assert done.returncode == 1
    assert done.stdout.split() == ["3", "KS001", "error", "stock-structure"]


def test_exit_zero_reports_but_exits_0(work: Path) -> None:
    done = run("lint", *KACHING, "--exit-zero", "stock.json", cwd=work)
    assert done.returncode == 0
    assert "KS001" in done.stdout


def test_usage_error_shows_lint_usage(work: Path) -> None:
    done = run("lint", *KACHING, "--no-such-flag", "stock.json", cwd=work)
    assert done.returncode == 2
    assert done.stderr.startswith("usage: skuguard lint ")
    assert "unrecognized arguments: --no-such-flag" in done.stderr


def _bad_config(work: Path) -> None:
    (work / "pyproject.toml").write_text('[tool.skuguard.lint]\nselect = ["ZZ9"]\n')


def test_bad_config_select_is_an_error(work: Path) -> None:
    _bad_config(work)
    done = run("lint", *KACHING, "stock.json", cwd=work)
    assert done.returncode == 2
    assert "'ZZ9' matches no rule code" in done.stderr


def test_command_line_select_replaces_a_bad_config_select(work: Path) -> None:
    _bad_config(work)
    done = run("lint", *KACHING, "--select", "KS", "stock.json", cwd=work)
    assert done.returncode == 1, done.stderr
    assert "KS001" in done.stdout


def test_isolated_ignores_config_files(work: Path) -> None:
    _bad_config(work)
    done = run("lint", *KACHING, "--isolated", "stock.json", cwd=work)
    assert done.returncode == 1, done.stderr


def test_config_file_is_read_instead_of_the_nearest(work: Path) -> None:
    _bad_config(work)
    other = work / "other.toml"
    other.write_text('[tool.skuguard.lint]\nignore = ["KS001"]\n')
    done = run(
        "lint", *KACHING, "--config", "other.toml", "--format", "json", "stock.json", cwd=work
    )
    codes = [d["code"] for d in json.loads(done.stdout)["diagnostics"]]
    assert codes == ["SG003"]


def test_config_file_without_the_table_is_an_error(work: Path) -> None:
    (work / "empty.toml").write_text("[tool.other]\n")
    done = run("lint", *KACHING, "--config", "empty.toml", "stock.json", cwd=work)
    assert done.returncode == 2
    assert "empty.toml: has no [tool.skuguard.lint] table" in done.stderr


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(
    ("choice", "tty", "environ", "expected"),
    [
        ("auto", True, {}, True),
        ("auto", False, {}, False),
        ("auto", True, {"NO_COLOR": "1"}, False),
        ("auto", True, {"NO_COLOR": ""}, True),  # an empty NO_COLOR does not count
        ("auto", False, {"FORCE_COLOR": "1"}, True),
        ("auto", False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ("always", False, {"NO_COLOR": "1"}, True),
        ("never", True, {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_rules(choice: str, tty: bool, environ: dict[str, str], expected: bool) -> None:
    assert use_color(choice, _Stream(tty), environ) is expected


def test_colour_on_a_real_terminal(work: Path) -> None:
    primary, secondary = pty.openpty()
    try:
        with subprocess.Popen(
            [*SKUGUARD, "lint", *KACHING, "stock.json"], cwd=work, env=_env(), stdout=secondary
        ) as process:
            os.close(secondary)
            secondary = -1
            chunks = []
            while True:
                try:
                    chunk = os.read(primary, 65536)
                except OSError:  # the terminal closed: the child is done
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            assert process.wait(timeout=120) == 1
    finally:
        os.close(primary)
        if secondary != -1:
            os.close(secondary)
    output = b"".join(chunks).decode()
    assert "\x1b[1;31merror\x1b[0m" in output


def test_force_color_colours_a_pipe_and_no_color_wins(work: Path) -> None:
    forced = run("lint", *KACHING, "stock.json", cwd=work, env=_env(FORCE_COLOR="1"))
    assert "\x1b[" in forced.stdout
    both = run("lint", *KACHING, "stock.json", cwd=work, env=_env(FORCE_COLOR="1", NO_COLOR="1"))
    assert "\x1b[" not in both.stdout
    never = run(
        "lint", *KACHING, "--color", "never", "stock.json", cwd=work, env=_env(FORCE_COLOR="1")
    )
    assert "\x1b[" not in never.stdout


def test_json_output_is_never_coloured(work: Path) -> None:
    done = run(
        "lint", *KACHING, "--format", "json", "stock.json", cwd=work, env=_env(FORCE_COLOR="1")
    )
    json.loads(done.stdout)


def test_rules_as_json(tmp_path: Path) -> None:
    done = run("rules", "--format", "json", cwd=tmp_path)
    rows = json.loads(done.stdout)
    assert {"code": "KS001", "name": "stock-structure"}.items() <= rows[
        [r["code"] for r in rows].index("KS001")
    ].items()


def test_rule_all_explains_every_rule(tmp_path: Path) -> None:
    listed = run("rules", cwd=tmp_path).stdout.splitlines()
    explained = run("rule", "--all", cwd=tmp_path).stdout
    assert explained.count("\nWhat: ") == len(listed)


def test_unknown_rule_code_gets_one_line_with_the_closest(tmp_path: Path) -> None:
    done = run("rule", "SG03", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "skuguard: rule: unknown rule code 'SG03'; did you mean SG003, US003, SG009?"
    ]


def test_bash_completion_names_the_commands_and_lint_flags(tmp_path: Path) -> None:
    done = run("completion", "bash", cwd=tmp_path)
    assert done.returncode == 0
    assert "complete" in done.stdout
    for word in ("lint", "rules", "sandbox", "--output-format", "--exit-zero", "--statistics"):
        assert word in done.stdout


def test_fish_completion(tmp_path: Path) -> None:
    done = run("completion", "fish", cwd=tmp_path)
    assert "complete -c skuguard -n __fish_use_subcommand -a lint" in done.stdout


HEAVY = ("numpy", "orjson", "schemathesis", "hypothesis", "jsonschema_rs", "linter._api")


@pytest.mark.parametrize("argv", [["--version"], ["rules"], ["rule", "SG003"]])
def test_light_commands_import_nothing_heavy(argv: list[str], tmp_path: Path) -> None:
    probe = (
        "import sys\nfrom contracts.cli.main import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(),
        check=False,
    )
    assert done.stdout.splitlines()[-1] == "[]", done.stderr


def test_schema_finding_inside_a_row_a_rule_flags_stays() -> None:
    from linter import lint_object

    row = {"PartNo": "A-1", "WarehouseCode": "MAIN", "LocationCode": "STORE", "OnhandValue": 5}
    found = lint_object([row, dict(row, LeadTimeDayCount=2**31)], kind="norce.onhands")
    assert {(d.code, d.pointer) for d in found} >= {
        ("NO001", "/1"),
        ("SG003", "/1/LeadTimeDayCount"),
    }
