"""Readers: cut a payload (JSON or XML) into items and report what keeps it from being read."""
