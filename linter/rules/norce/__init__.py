"""The Norce Connect rules, one module per import (and the header rules they share)."""
