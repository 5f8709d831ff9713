"""Behaviours switched on by name: faults one at a time, other registries several at once."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from contracts.sandbox.faults import FAULTS, FaultSwitch, UnknownFaultError, all_faults
from contracts.sandbox.switches import Switchboard, TooManySwitchedOnError
from linter.registry_type import Registry


@dataclass(frozen=True)
class Behaviour:
    name: str


class UnknownBehaviourError(LookupError):
    pass


def behaviours() -> Registry[Behaviour]:
    registry: Registry[Behaviour] = Registry("behaviour", key=lambda b: b.name)
    for name in ("alpha", "beta", "gamma"):
        registry.add(Behaviour(name))
    return registry


def test_several_names_can_be_on_at_once_without_a_limit() -> None:
    board = Switchboard(behaviours(), unknown=UnknownBehaviourError)
    assert board.names == frozenset()
    board.set(["alpha", "gamma"])
    assert board.names == {"alpha", "gamma"}
    assert board.active("alpha")
    assert not board.active("beta")
    board.set([])
    assert not board.active("alpha")


def test_a_limit_refuses_more_names_and_keeps_the_previous_ones() -> None:
    board = Switchboard(behaviours(), unknown=UnknownBehaviourError, limit=1)
    board.set(["beta"])
    with pytest.raises(TooManySwitchedOnError, match="at most 1 behaviour"):
        board.set(["alpha", "beta"])
    assert board.names == {"beta"}


def test_unknown_names_raise_the_given_error_when_set_or_asked() -> None:
    board = Switchboard(behaviours(), unknown=UnknownBehaviourError)
    with pytest.raises(UnknownBehaviourError):
        board.set(["alpha", "delta"])
    assert board.names == frozenset()
    with pytest.raises(UnknownBehaviourError):
        board.active("delta")


def test_the_fault_registry_holds_every_fault_once_in_name_order() -> None:
    names = [fault.name for fault in all_faults()]
    assert names == sorted(names)
    assert len(names) == len(set(names)) == len(FAULTS)
    assert FAULTS.get(names[0]) is all_faults()[0]


def test_the_fault_switch_holds_one_fault_or_none() -> None:
    first, second = all_faults()[0].name, all_faults()[1].name
    switch = FaultSwitch(first)
    assert switch.name == first
    assert switch.active(first)
    switch.set(second)
    assert switch.name == second
    assert not switch.active(first)
    switch.set(None)
    assert switch.name is None
    with pytest.raises(UnknownFaultError, match="see `skuguard sandbox --list-faults`"):
        switch.set("no-such-fault")
    with pytest.raises(UnknownFaultError):
        switch.active("no-such-fault")
