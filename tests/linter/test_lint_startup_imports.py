"""What `skuguard lint FILE` leaves out of its start-up, once the spec cache is warm."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.cli_process import clean_env, run_text

PROBE = """
import sys
from contracts.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
finally:
    sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n")
"""
NOT_FOR_ONE_FILE = {
    "yaml",  # the parsed specs come from the cache
    "importlib.resources",  # the specs are read from the package directory
    "hashlib",  # the cache key is BLAKE2 from its own C module
    "shutil",  # argparse is sized without it; only a directory walk needs it
    "subprocess",  # only a directory walk (git ls-files) needs it
    "tomllib",  # only a found pyproject.toml needs it
    "difflib",  # only an unknown name needs it
    "numpy",  # small documents are framed in plain Python
    "jsonschema_rs",  # a clean Ka-ching entry is matched to its schema in plain Python
    "linter.parallel.split",  # one file is linted in this process
    "linter.parallel.part",
    "multiprocessing",
}


def run(*args: str, cwd: Path, cache: Path) -> tuple[int, str, set[str]]:
    env = clean_env(SKUGUARD_CACHE_DIR=str(cache), COLUMNS="60")
    done = run_text([sys.executable, "-c", PROBE, *args], cwd=cwd, env=env)
    modules = done.stderr.rsplit("MODULES ", 1)[-1].split()
    return done.returncode, done.stdout, set(modules)


def test_lint_of_one_file_imports_none_of_these(tmp_path: Path) -> None:
    stock = tmp_path / "stock.json"
    stock.write_text('{"store-1": {"mug": 2}}\n')
    cache = tmp_path / "cache"
    first_code, first_out, first = run("lint", "--isolated", str(stock), cwd=tmp_path, cache=cache)
    assert (first_code, first_out.strip()) == (0, "no problems in 1 file")
    assert "yaml" in first, "the first run parses the specs (the probe sees real imports)"
    code, out, modules = run("lint", "--isolated", str(stock), cwd=tmp_path, cache=cache)
    assert (code, out) == (first_code, first_out)
    assert modules & NOT_FOR_ONE_FILE == set()
    assert "linter.norce_model.body" not in modules or "linter.rules.norce" in modules


def test_a_faulty_entry_still_gets_the_schema_check(tmp_path: Path) -> None:
    stock = tmp_path / "stock.json"
    stock.write_text('{"store-1": {"mug": "2"}}\n')
    _, out, modules = run("lint", "--isolated", str(stock), cwd=tmp_path, cache=tmp_path / "c")
    assert "KS001" in out
    assert "jsonschema_rs" in modules


def test_help_is_sized_by_columns_without_shutil(tmp_path: Path) -> None:
    code, out, modules = run("lint", "--help", cwd=tmp_path, cache=tmp_path / "cache")
    assert code == 0
    assert "--output-format" in out
    breakable = [line for line in out.splitlines() if "{" not in line]  # not a choices list
    assert max(len(line) for line in breakable) <= 60
    assert max(len(line) for line in breakable) > 40
    assert "shutil" not in modules
