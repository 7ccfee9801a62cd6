"""``first`` reads each unit's date from ``load_units``, which dates it as
:mod:`normtrace.store.held` dates its document (its own date, else its meeting's); the copy
of that look-up ``first`` kept (``held_dated``) is gone. Its one other reading, a symbol held
in two editions (``held_by_symbol`` prefers the record's row), gives no other date: the
record's date is its meeting's, which dates the corpus edition too. A guard, not a change.
Every text here is SYNTHETIC."""

from __future__ import annotations

import hashlib

from normtrace.parse.model import Document, Speech
from normtrace.reuse.first import first_appearance
from normtrace.reuse.store_reuse import load_units
from normtrace.store.db import Store
from normtrace.store.held import held_by_symbol
from normtrace.store.writer import SourceRecord, save_document

MEETING = "S/PV.99961"


def _save(store: Store, doc: Document) -> None:
    digest = hashlib.sha256(f"{doc.symbol}/{doc.edition}".encode()).hexdigest()
    save_document(
        store, doc, SourceRecord(f"synthetic:{doc.edition}", digest, 1, "text/plain", "t")
    )


def test_a_corpus_edition_is_dated_by_its_record_s_meeting() -> None:
    store = Store.open(":memory:")
    text = "SYNTHETIC. We ask for a lasting synthetic ceasefire in the valley."
    corpus = Speech(f"{MEETING}/s001", 1, "Speaker 1", text)
    _save(store, Document(MEETING, "corpus_meeting", "synthetic.v1", year=2099, meeting=MEETING,
                          speeches=(corpus,), edition="corpus"))  # fmt: skip
    record = Speech(f"{MEETING}/s001", 1, "Speaker 1", "SYNTHETIC. The record's own wording.")
    _save(store, Document(MEETING, "verbatim", "synthetic.v1", "SYNTHETIC meeting", "2099-02-01",
                          2099, meeting=MEETING, speeches=(record,)))  # fmt: skip
    held = held_by_symbol(store)
    assert held[MEETING]["edition"] == "record" and held[MEETING]["date"] == "2099-02-01"
    units = load_units(store)
    assert len(units) == 2
    # what held_dated computed is what load_units gives
    assert all(s.info.date == (s.info.date or held[s.info.document]["date"]) for s in units)
    assert {s.info.date for s in units} == {"2099-02-01"}
    found = first_appearance(store, phrase="lasting synthetic ceasefire")
    assert found.earliest is not None and found.earliest.date == "2099-02-01"
