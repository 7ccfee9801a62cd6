"""Build SYNTHETIC documents and put them into a test project through the store writer.

For the reuse tests whose resolutions and reports are written by hand (symbols no UN document
uses, texts that say so); real fixture resolutions go through :mod:`store_helpers` instead.
``tests/reuse`` is on ``sys.path`` (its ``conftest.py`` puts it there), so a test imports this
as ``from synthetic_store import resolution, report, save, saved``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from normtrace.parse.model import Document, Paragraph
from normtrace.reuse.provenance import provenance
from normtrace.reuse.roles import origin_category
from normtrace.reuse.store_reuse import update_reuse
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document

#: the title of a SYNTHETIC report of the Secretary-General on the one synthetic mission
SG_REPORT = "SYNTHETIC report of the Secretary-General on the United Nations Synthetic Mission"


def save(store: Store, doc: Document) -> None:
    """Store ``doc`` with a source record named by its symbol (digest: its symbol's SHA-256)."""
    digest = hashlib.sha256(doc.symbol.encode()).hexdigest()
    save_document(store, doc, SourceRecord(doc.symbol, digest, 1, "text/plain", "test"))


def saved(docs: Iterable[Document], store: Store | None = None) -> Store:
    """``store`` (a new in-memory project when None) with ``docs`` saved in order and reuse
    updated."""
    project = Store.open(":memory:") if store is None else store
    for doc in docs:
        save(project, doc)
    update_reuse(project)
    return project


def resolution(symbol: str, date: str, ops: list[str]) -> Document:
    """A SYNTHETIC resolution of operative paragraphs ``SYMBOL/op1`` … numbered 1 …."""
    paragraphs = tuple(
        Paragraph(f"{symbol}/op{i}", "operative", text, i, number=str(i))
        for i, text in enumerate(ops, 1)
    )
    return Document(symbol, "resolution", "synthetic.v1", "SYNTHETIC resolution", date,
                    int(date[:4]), paragraphs=paragraphs)  # fmt: skip


def report(
    symbol: str,
    date: str,
    texts: list[str],
    *,
    title: str = SG_REPORT,
    section: str = "V. Observations",
) -> Document:
    """A SYNTHETIC report whose numbered paragraphs ``SYMBOL/p1`` … all stand in ``section``."""
    paragraphs = tuple(
        Paragraph(f"{symbol}/p{i}", "numbered", text, i, number=str(i), section=section)
        for i, text in enumerate(texts, 1)
    )
    return Document(symbol, "report", "synthetic.v1", title, date, int(date[:4]),
                    paragraphs=paragraphs)  # fmt: skip


def provenance_counts(store: Store, key: str) -> Counter[str]:
    """The words of unit ``key`` as ``provenance`` names their origins, counted by origin
    category (:func:`~normtrace.reuse.roles.origin_category`; ``citation`` and ``none`` apart,
    categories of no word left out): what ``aggregate`` counts for the unit, when both agree."""
    found = provenance(store, key)
    counts: Counter[str] = Counter()
    for w in found.word_sources:
        counts[origin_category(w.role)] += w.words
    counts["citation"] += found.citations
    counts["none"] += found.unsourced
    return +counts
