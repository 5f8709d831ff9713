"""pytest start-up time with the skuguard plugin installed but unused, against ``-p no:skuguard``.

Runs ``pytest --collect-only -q`` on a tiny throwaway project, alternating the
two variants ``--repeat`` times, and prints the median of each and their
difference (goal: under 50 ms). Also prints the import time of the plugin
module itself, measured with ``python -X importtime`` after pytest is loaded.

    python bench/plugin_startup.py [--repeat N] [--check]

``--check`` exits 1 when the median difference is over the goal.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

GOAL_MS = 50.0
TINY_TESTS = """\
def test_one():
    assert 1 + 1 == 2


def test_two():
    assert "sku".upper() == "SKU"
"""
PYTEST = (sys.executable, "-m", "pytest", "-p", "no:cacheprovider")
RUN_TIMEOUT_S = 120


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTEST_PLUGINS", None)
    # As on a user's machine: bytecode and pytest's rewritten-assertion caches are kept.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


class Timing:
    """Wall-clock and CPU (user + system) milliseconds of one child process."""

    def __init__(self, wall_ms: float, cpu_ms: float) -> None:
        self.wall_ms = wall_ms
        self.cpu_ms = cpu_ms


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: Sequence[str], cwd: Path) -> tuple[Timing, subprocess.CompletedProcess[str]]:
    cpu_before = _children_cpu_s()
    start = time.perf_counter()
    done = subprocess.run(
        [*PYTEST, *args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=RUN_TIMEOUT_S,
    )
    wall_s = time.perf_counter() - start
    return Timing(wall_s * 1000, (_children_cpu_s() - cpu_before) * 1000), done


def _make_project(root: Path) -> None:
    (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (root / "test_tiny.py").write_text(TINY_TESTS, encoding="utf-8")


def _check_variants(project: Path) -> None:
    """Make sure the plugin really is loaded in one variant and not in the other."""
    _, with_plugin = _run(["--help"], project)
    _, without = _run(["--help", "-p", "no:skuguard"], project)
    if "--skuguard-base-url" not in with_plugin.stdout:
        sys.exit("plugin_startup: the skuguard plugin is not installed (no pytest11 entry point)")
    if "--skuguard-base-url" in without.stdout:
        sys.exit("plugin_startup: -p no:skuguard did not disable the plugin")


def _plugin_import_ms() -> float:
    """Cumulative import time of ``contracts.pytest.plugin`` once pytest is imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import pytest, contracts.pytest.plugin"],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=RUN_TIMEOUT_S,
    )
    for line in done.stderr.splitlines():
        fields = [part.strip() for part in line.split("|")]
        if len(fields) == 3 and fields[2] == "contracts.pytest.plugin":
            return int(fields[1]) / 1000
    raise SystemExit("plugin_startup: no import time reported for contracts.pytest.plugin")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs of each variant (default 9)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 over {GOAL_MS:.0f} ms")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    with tempfile.TemporaryDirectory(prefix="skuguard-bench-") as tmp:
        project = Path(tmp)
        _make_project(project)
        _check_variants(project)
        variants = {"installed, unused": ["--collect-only", "-q"]}
        variants["-p no:skuguard"] = ["--collect-only", "-q", "-p", "no:skuguard"]
        times: dict[str, list[Timing]] = {name: [] for name in variants}
        for variant_args in variants.values():  # warm-up: file system caches, .pyc
            _run(variant_args, project)
        for round_no in range(args.repeat):
            order = list(variants.items())
            if round_no % 2:
                order.reverse()
            for name, variant_args in order:
                timing, done = _run(variant_args, project)
                if done.returncode != 0:
                    sys.exit(f"plugin_startup: pytest failed ({name}):\n{done.stdout}{done.stderr}")
                times[name].append(timing)

    print(f"pytest --collect-only -q on a tiny project, {args.repeat} rounds of both variants")
    print(f"  {'variant':<20}{'wall ms':>10}{'cpu ms':>10}   wall min..max   (medians)")
    for name, runs in times.items():
        walls = [run.wall_ms for run in runs]
        wall, cpu = statistics.median(walls), statistics.median(run.cpu_ms for run in runs)
        print(f"  {name:<20}{wall:>10.1f}{cpu:>10.1f}   {min(walls):.1f}..{max(walls):.1f}")
    # Differences within a round (the two runs back to back) cancel most of the machine's drift.
    pairs = list(zip(*times.values(), strict=True))
    wall_diff = statistics.median(a.wall_ms - b.wall_ms for a, b in pairs)
    cpu_diff = statistics.median(a.cpu_ms - b.cpu_ms for a, b in pairs)
    print(f"  {'difference':<20}{wall_diff:>10.1f}{cpu_diff:>10.1f}   (median of per-round pairs)")
    verdict = "within" if wall_diff < GOAL_MS else "OVER"
    print(f"  wall-clock difference {wall_diff:.1f} ms: {verdict} the {GOAL_MS:.0f} ms goal")
    print(f"  plugin module import (after pytest): {_plugin_import_ms():.1f} ms")
    return 1 if args.check and wall_diff >= GOAL_MS else 0


if __name__ == "__main__":
    sys.exit(main())
