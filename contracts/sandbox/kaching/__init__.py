"""Ka-ching stock import in the sandbox."""
