"""Where the lint commands write: stdout (surviving ``| head``) or a file, and usage errors."""

from __future__ import annotations

import os
import sys

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def emit(text: str) -> bool:
    """Write to stdout; ``False`` when the reader went away (e.g. ``| head``)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return False
    return True


def fail(place: str, cause: str) -> int:
    """Report a usage or input error on stderr; returns the usage exit code."""
    print(f"skuguard: {place}: {cause}", file=sys.stderr)
    return EXIT_USAGE


__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "emit", "fail"]
