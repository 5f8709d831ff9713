"""Path matching like the real hosts: ASP.NET's case-insensitive paths and optional trailing slash.

Norce Connect and Unleashed are ASP.NET services, so ``/stockonhand/2/`` reaches the same
action as ``/StockOnHand/2``; third-party clients rely on it. Ka-ching is a Cloud Function
whose routing is undocumented: its paths stay exact unless the
``kaching-case-insensitive-paths`` variation is on. The middleware rewrites the request path
to the sandbox's spelling before routing; segments that are not route words (GUIDs, page
numbers) are kept as sent.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from contracts.sandbox import variations

ASPNET_PREFIXES = ("/norce", "/unleashed")
KACHING_PREFIX = "/kaching"


def route_words(paths: Iterable[str], extra: Iterable[str] = ()) -> dict[str, str]:
    """Lower-case form -> spelling, of every literal segment of ``paths`` (and ``extra``)."""
    words: dict[str, str] = {}
    for path in paths:
        for segment in path.split("/"):
            if segment and "{" not in segment:
                words.setdefault(segment.lower(), segment)
    for word in extra:
        words.setdefault(word.lower(), word)
    return words


def canonical(path: str, words: dict[str, str]) -> str:
    """``path`` with route words in their spelling and no trailing slash."""
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return "/".join(words.get(segment.lower(), segment) for segment in path.split("/"))


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    lowered = path.lower()
    return any(lowered == p or lowered.startswith(p + "/") for p in prefixes)


class CanonicalPaths:
    """Rewrite ``scope["path"]`` of Norce and Unleashed requests (Ka-ching under a variation)."""

    def __init__(self, app: ASGIApp, words: dict[str, str]) -> None:
        self.app = app
        self.words = words

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            if _under(path, ASPNET_PREFIXES) or (
                _under(path, (KACHING_PREFIX,)) and self._kaching_lenient(scope)
            ):
                fixed = canonical(path, self.words)
                if fixed != path:
                    scope = {**scope, "path": fixed, "raw_path": fixed.encode("utf-8")}
        await self.app(scope, receive, send)

    @staticmethod
    def _kaching_lenient(scope: Scope) -> bool:
        app = scope.get("app")
        state = getattr(getattr(app, "state", None), "sandbox", None)
        return state is not None and state.variations.active(
            variations.KACHING_CASE_INSENSITIVE_PATHS
        )
