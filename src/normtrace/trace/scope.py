"""A case's documents: the one definition every reading of a case takes.

``normtrace trace CASE`` and ``report CASE`` read a case's documents
(:func:`normtrace.trace.store_trace.case_documents`); ``first --case``, ``freq --case`` and
the web workbench's case filter read the same documents through :func:`case_scope`, so
that a case means one set of documents on every surface.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
    def name(self) -> str:
        """The case's id (``haiti-2004``): a group's name in ``freq --by case``."""
        return self.case.id

    @property
    def label(self) -> str:
        """``case haiti-2004``: how a reading limited to it names it."""
        return f"case {self.case.id}"


def case_scope(
    store: Store, case: str | Path | CaseWindow, *, allow_empty: bool = False
) -> CaseScope:
    """The project's documents of ``case``: a bundled case id (``haiti-2004``), the path of a
    case YAML file (either form of :func:`normtrace.trace.run.resolve_case`), or a window
    already read.

    The rule: a case is a window of dates, terms that name it (a Council-context case file's
    countries, topics and mission) and listed symbols (its key and related resolutions). Its
    documents are the project's current documents dated inside the window (a document's own
    date, else its meeting's: :mod:`normtrace.store.held`) that

    * are listed by symbol, or
    * belong to a meeting (a record's own, a resolution's adoption meeting) whose agenda
      items name a term: the agenda items every surface reads (``--topic``, the topic
      timeline: :func:`normtrace.store.topics.meeting_topic`), the UN Library meeting
      index's once imported, else the meeting row's own topic, or
    * have a title that names a term, or
    * have at least :data:`~normtrace.trace.store_trace.MENTION_SHARE` (a fifth) of their
      units of running text naming a term: their speeches (each one unit) and their
      paragraphs outside speeches that :mod:`normtrace.parse.running` counts as running text
      (no heading, procedural line, table, map, figure, caption, footnote or other unit it
      counts apart, in the numerator or the denominator),

    a term counting as a whole word, case aside ("Mali" does not name "Somalia"; a hyphen
    ends a word here, so "Guinea" names "Guinea-Bissau", which ``--topic Guinea`` does not
    take). A case with no terms takes every document of its window. A listed symbol dated
    outside the window is not a case document. Both editions of a meeting (the record and the
    corpus) share its symbol, so both are read.

    ``allow_empty``: return an empty scope instead of raising when no document of the
    project is in the case (the web's case filter then shows no document).

    Raises:
        TraceError: no such case (the error lists the bundled ones), or, unless
            ``allow_empty``, no document of the project is in it.
    """
    window = case if isinstance(case, CaseWindow) else resolve_case(str(case))
    symbols = frozenset(str(d["symbol"]) for d in case_documents(store, window))
    if not symbols and not allow_empty:
        terms = ", ".join(window.terms) or "none"
        raise TraceError(
            f"case {window.id}: no document of the project is in it (window {window.start} to "
            f"{window.end}, terms {terms}); ingest its documents or check the case file"
        )
    return CaseScope(window, symbols)
