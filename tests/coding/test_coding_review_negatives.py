"""A "done, nothing (else) applies" mark is the coder's reading of the whole unit: the
dictionary's candidates there that the coder neither coded nor accepted stop counting
(counts, first uses, kwic), as rejected ones do; withdrawing the mark brings them back."""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.counts import first_appearances
from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.events import record_verdict
from normtrace.coding.human.reviews import mark_done
from normtrace.store.db import Store

BRIGADE = "S/RES/2098 (2013)/op12/b"


def _coded(store: Store, key: str) -> set[str]:
    return {str(r[0]) for r in store.conn.execute(
        "SELECT code FROM codings WHERE unit_key = ?", (key,))}  # fmt: skip


def test_a_unit_marked_done_drops_the_candidates_its_coder_did_not_take(store: Store) -> None:
    book = load_default_codebook()
    apply_codebook(store, book)
    before = _coded(store, BRIGADE)
    assert {"intervention_brigade", "neutralize_disarm"} <= before
    mark_done(store, coder="ana", codebook=book.name, unit_keys=[BRIGADE])
    assert _coded(store, BRIGADE) == set()
    assert not any(f.unit_key == BRIGADE for f in first_appearances(store))
    # ana accepts one candidate: that one counts again, the others stay out
    row = store.conn.execute(
        "SELECT id FROM current_auto_codings WHERE unit_key = ? AND code = 'neutralize_disarm'",
        (BRIGADE,),
    ).fetchone()
    record_verdict(store, coder="ana", auto_coding_id=int(row[0]), verdict="accept")
    assert _coded(store, BRIGADE) == {"neutralize_disarm"}
    # withdrawn, the mark no longer speaks for ana
    mark_done(store, coder="ana", codebook=book.name, unit_keys=[BRIGADE], undo=True)
    assert _coded(store, BRIGADE) == before


def test_a_paragraph_marked_done_covers_its_sub_paragraphs(store: Store) -> None:
    book = load_default_codebook()
    apply_codebook(store, book)
    assert _coded(store, BRIGADE)
    mark_done(store, coder="bo", codebook=book.name, unit_keys=["S/RES/2098 (2013)/op12"],
              level="paragraph")  # fmt: skip
    assert _coded(store, BRIGADE) == set()
    assert _coded(store, "S/RES/2098 (2013)/op12") == set()
    # a unit-level mark on the paragraph itself says nothing of its sub-paragraphs
    mark_done(store, coder="bo", codebook=book.name, unit_keys=["S/RES/2098 (2013)/op12"],
              level="paragraph", undo=True)  # fmt: skip
    mark_done(store, coder="bo", codebook=book.name, unit_keys=["S/RES/2098 (2013)/op12"])
    assert _coded(store, BRIGADE) and _coded(store, "S/RES/2098 (2013)/op12") == set()


def test_a_code_the_coder_gave_the_paragraph_keeps_its_candidates_in_it(store: Store) -> None:
    # a paragraph-level import puts the code on the paragraph's first unit and marks the
    # paragraph done: the code is in the paragraph, wherever the dictionary found it
    from normtrace.coding.human.events import add_code

    book = load_default_codebook()
    apply_codebook(store, book)
    assert "intervention_brigade" in _coded(store, BRIGADE)
    add_code(store, coder="ana", unit_key="S/RES/2098 (2013)/op12", start=0, end=12,
             code="intervention_brigade")  # fmt: skip
    mark_done(store, coder="ana", codebook=book.name, unit_keys=["S/RES/2098 (2013)/op12"],
              level="paragraph")  # fmt: skip
    assert "intervention_brigade" in _coded(store, BRIGADE)
    assert "neutralize_disarm" not in _coded(store, BRIGADE)  # a code ana did not give


def test_another_coders_accept_stands_against_a_done_mark(store: Store) -> None:
    book = load_default_codebook()
    apply_codebook(store, book)
    row = store.conn.execute(
        "SELECT id FROM current_auto_codings WHERE unit_key = ? AND code = 'neutralize_disarm'",
        (BRIGADE,),
    ).fetchone()
    record_verdict(store, coder="ben", auto_coding_id=int(row[0]), verdict="accept")
    mark_done(store, coder="ana", codebook=book.name, unit_keys=[BRIGADE])
    assert _coded(store, BRIGADE) == {"neutralize_disarm"}  # ben's explicit accept stands


def test_apply_leaves_section_headings_to_hand_coding(tmp_path: Path) -> None:
    """SYNTHETIC report. A heading names a section ("Protection of civilians") and states
    nothing; no labelled sample holds one, so the dictionary does not count it as a use."""
    from normtrace.coding.human.events import add_code
    from synthetic_docs import insert_document

    store = Store.open(tmp_path / "h.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/R", [
            ("SYN/R/h01", "heading", "Protection of civilians"),
            ("SYN/R/p1", "numbered", "The mission continued to protect civilians in the north."),
        ], doc_type="report")  # fmt: skip
    report = apply_codebook(store, load_default_codebook())
    assert report.headings == 1 and report.units == 1
    assert _coded(store, "SYN/R/h01") == set() and "poc" in _coded(store, "SYN/R/p1")
    add_code(store, coder="ana", unit_key="SYN/R/h01", start=0, end=10, code="poc")
    assert _coded(store, "SYN/R/h01") == {"poc"}  # by hand, a heading can be coded
