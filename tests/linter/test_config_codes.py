"""`--select`/`--ignore` and the config's codes are checked against linter.codes, not by
importing every rule module: both lists must name the same codes."""

from __future__ import annotations

import pytest

from linter.config import ConfigError, _rule_codes, validate_codes
from linter.registry import all_rules


def test_rule_codes_are_the_registered_ones() -> None:
    assert sorted(_rule_codes()) == sorted(r.code for r in all_rules())


def test_prefixes_and_codes_pass_and_an_unknown_code_fails() -> None:
    assert validate_codes(["sg003", " NP", "KS"], "--select") == ("SG003", "NP", "KS")
    with pytest.raises(ConfigError, match="'ZZ9' matches no rule code"):
        validate_codes(["ZZ9"], "--select")
    with pytest.raises(ConfigError, match="SG000"):  # the internal-error code is no rule
        validate_codes(["SG000"], "--ignore")
