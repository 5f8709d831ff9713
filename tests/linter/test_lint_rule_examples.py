"""Every registered rule fires on its bad example and stays quiet on its good one."""

from __future__ import annotations

import pytest

from linter._api import example_diagnostics
from linter.registry import Rule, all_rules

RULES = all_rules()


@pytest.mark.parametrize("registered", RULES, ids=[r.code for r in RULES])
def test_bad_example_is_reported(registered: Rule) -> None:
    codes = {d.code for d in example_diagnostics(registered.bad, registered)}
    assert registered.code in codes, (
        f"{registered.code} bad example not reported; got {sorted(codes)}"
    )


@pytest.mark.parametrize("registered", RULES, ids=[r.code for r in RULES])
def test_good_example_is_clean_for_its_rule(registered: Rule) -> None:
    found = example_diagnostics(registered.good, registered)
    mine = [d for d in found if d.code == registered.code]
    assert not mine, f"{registered.code} good example reported: {mine}"


@pytest.mark.parametrize("registered", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented(registered: Rule) -> None:
    assert registered.summary.strip()
    assert len(registered.why.strip()) > 40
    assert (
        registered.bad.body != registered.good.body
        or registered.bad.options != registered.good.options
        or registered.bad.header != registered.good.header
    )
