"""Cases for the reading filters: which document symbols belong to a case.

A case's documents are those ``trace``, ``report``, ``first --case`` and ``freq --case`` read:
:func:`normtrace.trace.scope.case_scope`, the one definition (its docstring states the rule).
The filter offers the bundled cases by name (a path is not taken from a browser). Finding a
case's documents reads their units, so the symbol sets are cached per case and invalidated
when documents or meetings are added.
"""

from __future__ import annotations

import threading

from normtrace.actors.cases import load_cases
from normtrace.coding.query import units_signature
from normtrace.errors import NotFoundError
from normtrace.store.db import Store


class CaseIndex:
    """Case names and, per case, the symbols of its documents (cached)."""

    def __init__(self) -> None:
        self._names = sorted(c.name for c in load_cases())
        self._cache: dict[tuple[str, tuple[object, ...], tuple[object, ...]], frozenset[str]] = {}
        self._lock = threading.Lock()

    def names(self) -> list[str]:
        """The names of the known cases."""
        return list(self._names)

    def symbols(self, store: Store, name: str) -> frozenset[str]:
        """The symbols of the documents of case ``name`` (:func:`~normtrace.trace.scope.
        case_scope`; empty when the project holds none of them).

        Raises:
            NotFoundError: ``name`` is not a bundled case (the error lists them).
        """
        from normtrace.trace.scope import case_scope

        if name not in self._names:
            raise NotFoundError("case", name, hint=f"known cases: {', '.join(self._names)}")
        # the units (documents added, retired or replaced) and the meetings' dates and topics
        # (a meeting row's missing date or topic is filled in place, never changed)
        meetings = store.conn.execute(
            "SELECT count(*), max(id), count(date), count(topic) FROM meetings"
        ).fetchone()
        key = (name, units_signature(store), tuple(meetings))
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        found = case_scope(store, name, allow_empty=True).symbols
        with self._lock:
            self._cache = {k: v for k, v in self._cache.items() if k[0] != name}
            self._cache[key] = found
        return found
