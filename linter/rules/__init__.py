"""The rule modules; each registers its rules with linter.registry on import."""
