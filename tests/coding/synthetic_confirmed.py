"""SYNTHETIC projects for the tests of how a coder's confirmation of a code enters the counts
(a new user's finding: confirming ``poc`` on a paragraph with seven candidates of it, by a
coding of the whole paragraph without a span, turned seven occurrences into one).

Every text here is made up (no UN document): a report ``SYN/2001/9`` of numbered paragraphs,
``p3`` with two sub-paragraphs, and codebook ``confirm`` whose code ``poc`` has three entries
that never overlap one another (``civilians``, ``shelter*``, ``patrol*``) and whose code
``aid`` has one (``rations``).

``tests/coding`` is on ``sys.path`` for its own tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.counts import code_frequencies
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.store.db import Store
from synthetic_docs import insert_document

#: SYNTHETIC codebook: entries of poc never overlap, so each candidate is an occurrence
BOOK = Codebook(name="confirm", codes=(
    Code(id="poc", name="Protection",
         entries=(Entry("civilians"), Entry("shelter*"), Entry("patrol*"))),
    Code(id="aid", name="Aid", entries=(Entry("rations"),)),
))  # fmt: skip
SYMBOL = "SYN/2001/9"
#: SYNTHETIC paragraphs: p1 holds three candidates of poc, p2 none, p3 (a chapeau and two
#: sub-paragraphs) one in each sub-paragraph, p4 one of poc and one of aid
UNITS = [
    (f"{SYMBOL}/p1", "numbered", "Patrols went out at dawn so that civilians could reach the "
     "shelters before the rains."),
    (f"{SYMBOL}/p2", "numbered", "The mission counted the wells of the valley."),
    (f"{SYMBOL}/p3", "numbered", "The mission further:"),
    (f"{SYMBOL}/p3/a", "subparagraph", "(a) opened two shelters;"),
    (f"{SYMBOL}/p3/b", "subparagraph", "(b) escorted civilians to the market."),
    (f"{SYMBOL}/p4", "numbered", "Rations reached the civilians of the north."),
]  # fmt: skip


def confirmed_project(path: Path | str, units: Iterable[tuple[str, str, str]] = UNITS) -> Store:
    """A new project at ``path`` (``":memory:"`` too) holding ``units`` of the SYNTHETIC report,
    with codebook ``confirm`` applied; the caller closes it."""
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, SYMBOL, units, doc_type="report", date="2001-03-01")
    register_codebook(store, BOOK)
    apply_codebook(store, BOOK, progress=False)
    return store


def poc_count(store: Store, source: str = "all", code: str = "poc") -> tuple[int, int]:
    """``(count, spans)`` of ``code`` over the project, as ``freq --code CODE`` gives them."""
    rows = code_frequencies(store, by="symbol", source=source, codes=[code])
    return sum(r.count for r in rows), sum(r.spans for r in rows)


def import_rows(store: Store, folder: Path, rows: list[dict[str, str]], level: str) -> None:
    """Import ``rows`` (JSON Lines) as coder ana's, at ``level``, into codebook ``confirm``."""
    path = folder / f"rows{len(list(folder.iterdir()))}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    import_codings(store, path, codebook=BOOK.name, coder="ana", level=level)
