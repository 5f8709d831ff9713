"""Where Norce's Job service lives: found once per run, from the first JobId an import returns.

The Job service is a separate service beside the Product service (reference/apis.md §1.2:
``…/4.0/api/Job/Get?id=`` on Storm hosts, ``…/4.0/Job/…`` in the shared client on Norce
hosts). :class:`JobService` tries ``--job-url`` when given, else ``<root>`` and
``<root>/api``; the first whose ``Job/Get?id=<a real JobId>`` answers 200 with a JSON object
is the one used. When none does, the job checks are skipped with one notice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import httpx

Send = Callable[[str], httpx.Response]
# JobIds tried on every candidate before the job checks are skipped.
ATTEMPTS = 3


class JobService:
    """The Job service root of one Norce target, discovered on first use. Thread-safe."""

    def __init__(self, product_root: str, job_url: str | None = None) -> None:
        root = product_root.rstrip("/")
        self.candidates: tuple[str, ...] = (
            (job_url.rstrip("/"),) if job_url else (root, root + "/api")
        )
        self._lock = threading.Lock()
        self._decided = False
        self._tried_ids: set[str] = set()
        self.root: str | None = None
        self.notice: str | None = None

    def find(self, job_id: str, send: Send) -> str | None:
        """The Job service root (absolute URL), or ``None`` once none has answered."""
        with self._lock:
            if self._decided or job_id in self._tried_ids:
                return self.root
            tried = []
            for candidate in self.candidates:
                url = f"{candidate}/Job/Get"
                try:
                    response = send(url)
                except httpx.TransportError as exc:
                    tried.append(f"{url} ({type(exc).__name__})")
                    continue
                if response.status_code == 200 and _json_object(response):
                    self.root = candidate
                    break
                tried.append(f"{url} ({response.status_code})")
            else:
                # A job may be unknown to a lookup for a moment: give up only after
                # ATTEMPTS different JobIds found no service.
                self._tried_ids.add(job_id)
                if len(self._tried_ids) < ATTEMPTS:
                    return None
                self.notice = (
                    f"Norce job checks skipped: no Job service answered Job/Get for "
                    f"{ATTEMPTS} JobIds imports returned (last id={job_id}) at "
                    f"{', '.join(tried)}; give --job-url"
                )
            self._decided = True
            return self.root


def _json_object(response: httpx.Response) -> bool:
    try:
        return isinstance(response.json(), dict)
    except ValueError:
        return False
