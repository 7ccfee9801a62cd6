"""Build SYNTHETIC documents and put them into a test project through the store writer.

For the reuse tests whose resolutions and reports are written by hand (symbols no UN document
uses, texts that say so); real fixture resolutions go through :mod:`store_helpers` instead.
``tests/reuse`` is on ``sys.path`` (its ``conftest.py`` puts it there), so a test imports this
as ``from synthetic_store import resolution, report, save, saved``.

:func:`two_mission_renewal` is the mission tests' shared case: a renewal of the synthetic
mission UNSYN whose new words come from a report on UNSYN and from one on another mission.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence

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


#: the new words of a :func:`two_mission_renewal` a report on its own mission says first
OWN_PHRASE = "to deploy synthetic formed police units along every synthetic border crossing"
#: the new words of a :func:`two_mission_renewal` a report on another mission says first
OTHER_PHRASE = "in close consultation with the synthetic regional organizations and neighbours"
#: op1 of both resolutions of a :func:`two_mission_renewal`, formatted with the mandate's year
EXTEND = "Decides to extend the mandate of UNSYN until 15 October {};"


def two_mission_renewal(
    previous: str,
    renewal: str,
    own_report: str,
    other_report: str,
    *,
    keep: Sequence[str] = (),
    more: Sequence[Document] = (),
    also: Sequence[str] = (),
) -> list[Document]:
    """The SYNTHETIC documents, in the order to save them, of a renewal of UNSYN:

    - ``previous`` (2012-10-01): :data:`EXTEND` to 2013, then ``keep``;
    - ``more`` (any other documents, saved here);
    - ``other_report`` (2005-06-01), a report of the Secretary-General on another mission
      (UNSOMO) whose 2nd paragraph holds :data:`OTHER_PHRASE`;
    - ``own_report`` (2013-08-01), one on UNSYN whose 2nd paragraph holds :data:`OWN_PHRASE`;
    - ``renewal`` (2013-10-10): :data:`EXTEND` to 2014, ``keep``, a request holding
      :data:`OWN_PHRASE`, a call holding :data:`OTHER_PHRASE`, then ``also``.
    """
    return [
        resolution(previous, "2012-10-01", [EXTEND.format(2013), *keep]),
        *more,
        report(
            other_report, "2005-06-01",
            ["SYNTHETIC. This report covers the United Nations Synthetic Observation Mission in "
             "Otherland (UNSOMO) since my last report.",
             f"SYNTHETIC. The mission will withdraw {OTHER_PHRASE} before the end of the year."],
            title="SYNTHETIC report of the Secretary-General on the activities of the United "
            "Nations Synthetic Observation Mission in Otherland (for the period from 1 January "
            "to 1 June)",
        ),
        report(
            own_report, "2013-08-01",
            ["SYNTHETIC. The Council extended the mandate of the United Nations Synthetic Mission "
             "(UNSYN) until 15 October 2013.",
             f"SYNTHETIC. I recommend {OWN_PHRASE} before the synthetic elections next year."],
        ),
        resolution(renewal, "2013-10-10", [
            EXTEND.format(2014), *keep,
            f"Requests UNSYN {OWN_PHRASE} before the synthetic elections;",
            f"Calls upon the synthetic Government to act {OTHER_PHRASE} at every stage;",
            *also,
        ]),
    ]  # fmt: skip


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
