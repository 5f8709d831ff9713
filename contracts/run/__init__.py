"""A contract run: targets, operation plans, generation, HTTP, follow-ups and ordering."""
