"""The pytest plugin: options, the sandbox fixture, contract tests and assertions."""
