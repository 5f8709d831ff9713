"""Checks: what a contract run verifies of each exchange, and the probes it sends."""
