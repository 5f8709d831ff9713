"""Breakers: for a (kind, rule code), the mutation of a valid payload that breaks exactly that
rule. :mod:`contracts.breakers.registry` holds them, one module per rule family defines them,
and :mod:`contracts.breakers.unbreakable` lists the rules that have none, with the reason."""
