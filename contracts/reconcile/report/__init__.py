"""What a reconciliation writes: its report rows, and their text, CSV, JSON and HTML forms."""
