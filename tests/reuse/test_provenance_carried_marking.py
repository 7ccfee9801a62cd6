"""``provenance`` marks as carried in a renewal paragraph the words ``secretariat`` counts as
carried: every word a link from the previous resolution aligns to an identical word of it (the
rule of :meth:`~normtrace.reuse.attribution.Attributor.aligned_words`), not only the words of
the one link the chain follows.

A new user found ``Decides to … of UNMISET`` unmarked in a renewal whose predecessor's op1
starts with the same words, while ``secretariat`` rightly counted 0 new words there. Every
document here is SYNTHETIC (symbols no UN document uses, texts that say so)."""

from __future__ import annotations

import hashlib

import pytest

from normtrace.parse.model import Document, Paragraph
from normtrace.reuse.provenance import provenance
from normtrace.reuse.secretariat import secretariat_origin
from normtrace.reuse.shingles import tokenize
from normtrace.reuse.store_reuse import update_reuse
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document

PREVIOUS, RENEWAL = "S/RES/9931 (2098)", "S/RES/9932 (2098)"
BEFORE = (
    "Decides to extend the mandate of UNSYN for a period of 6 months, with a view to "
    "subsequently extending the mandate for a further and final period of 6 months, until "
    "20 May 2099;"
)
AFTER = "Decides to extend the mandate of UNSYN for a final period of 6 months until 20 May 2099;"


def _resolution(store: Store, symbol: str, date: str, ops: list[str]) -> None:
    paragraphs = tuple(
        Paragraph(f"{symbol}/op{i}", "operative", text, i, number=str(i))
        for i, text in enumerate(ops, 1)
    )
    doc = Document(symbol, "resolution", "synthetic.v1", "SYNTHETIC resolution", date,
                   int(date[:4]), paragraphs=paragraphs)  # fmt: skip
    digest = hashlib.sha256(symbol.encode()).hexdigest()
    save_document(store, doc, SourceRecord(symbol, digest, 1, "text/plain", "test"))


@pytest.fixture(scope="module")
def store() -> Store:
    project = Store.open(":memory:")
    _resolution(project, PREVIOUS, "2098-05-14", [BEFORE])
    _resolution(project, RENEWAL, "2098-11-16", [AFTER])
    update_reuse(project)
    return project


def test_provenance_marks_as_carried_what_secretariat_counts_as_carried(store: Store) -> None:
    found = provenance(store, f"{RENEWAL}/op1")
    assert [s.unit.key for s in found.chain[:2]] == [f"{RENEWAL}/op1", f"{PREVIOUS}/op1"]
    words = tokenize(AFTER)
    marked = {
        i
        for i, (a, b) in enumerate(zip(words.starts, words.ends, strict=True))
        if any(lo <= a and b <= hi for lo, hi in found.chain[0].aligned)
    }
    unmarked = len(words.starts) - len(marked)
    assert unmarked == secretariat_origin(store, RENEWAL).new_words
    # "Decides to extend the mandate of UNSYN" opens both paragraphs: carried, and marked
    assert set(range(7)) <= marked
