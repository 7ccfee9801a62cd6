"""A case as the documents another reading is limited to (``first --case``).

A case is what ``normtrace trace CASE`` and ``normtrace report CASE`` read: a bundled case
id or the path of a case YAML file (either form, :func:`normtrace.trace.run.resolve_case`),
whose documents are :func:`normtrace.trace.store_trace.case_documents`' (its window; listed
symbols, or a meeting topic, title or enough units naming a case term). The one definition,
so that "first use within this case" reads the documents the case report reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from normtrace.errors import TraceError
from normtrace.store.db import Store
from normtrace.trace.run import resolve_case
from normtrace.trace.store_trace import CaseWindow, case_documents


@dataclass(frozen=True)
class CaseScope:
    """A case and the symbols of the project's documents in it."""

    case: CaseWindow
    symbols: frozenset[str]

    @property
    def label(self) -> str:
        """``case haiti-2004``: how a reading limited to it names it."""
        return f"case {self.case.id}"


def case_scope(store: Store, case: str | CaseWindow) -> CaseScope:
    """The project's documents of ``case`` (a bundled case id, a case file's path, or a
    window already read).

    Raises:
        TraceError: no such case (the error lists the bundled ones), or no document of the
            project is in it.
    """
    window = resolve_case(case) if isinstance(case, str) else case
    symbols = frozenset(str(d["symbol"]) for d in case_documents(store, window))
    if not symbols:
        terms = ", ".join(window.terms) or "none"
        raise TraceError(
            f"case {window.id}: no document of the project is in it (window {window.start} to "
            f"{window.end}, terms {terms}); ingest its documents or check the case file"
        )
    return CaseScope(window, symbols)
