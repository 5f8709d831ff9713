"""The embedded sandbox: a local emulator of the three APIs on SQLite."""
