"""Rules: placeholder, filled by its owner."""
