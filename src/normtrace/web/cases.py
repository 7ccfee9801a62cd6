"""Cases for the reading filters: which document symbols belong to a case.

A case's documents are those of its chronology (:func:`normtrace.actors.cases.
case_timeline`: meetings on its topics in its window, and the resolutions and
drafts linked to them). Building a chronology reads the meeting index, so the
symbol sets are cached per case and invalidated when documents are added.
"""

from __future__ import annotations

import threading

from normtrace.actors.cases import Case, case_timeline, load_cases
from normtrace.errors import NotFoundError
from normtrace.store.db import Store


class CaseIndex:
    """Case names and, per case, the symbols of its chronology (cached)."""

    def __init__(self) -> None:
        self._cases = {c.name: c for c in load_cases()}
        self._cache: dict[tuple[str, int, int], frozenset[str]] = {}
        self._lock = threading.Lock()

    def names(self) -> list[str]:
        """The names of the known cases."""
        return sorted(self._cases)

    def symbols(self, store: Store, name: str) -> frozenset[str]:
        """The symbols of documents and meetings in case ``name``."""
        case = self._case(name)
        stamp = store.conn.execute(
            "SELECT count(*), coalesce(max(id), 0) FROM documents"
        ).fetchone()
        key = (name, int(stamp[0]), int(stamp[1]))
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        found = frozenset(e.symbol for e in case_timeline(store, case))
        found |= frozenset(case.key_resolutions) | frozenset(case.related_resolutions)
        with self._lock:
            self._cache = {k: v for k, v in self._cache.items() if k[0] != name}
            self._cache[key] = found
        return found

    def _case(self, name: str) -> Case:
        if name not in self._cases:
            raise NotFoundError("case", name, hint=f"known cases: {', '.join(self.names())}")
        return self._cases[name]
