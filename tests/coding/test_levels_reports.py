"""A report's numbered paragraph with its lettered sub-paragraphs is one paragraph at
``--level paragraph``, as an operative paragraph with its sub-paragraphs is (a new user's
report: `freq --level paragraph` counted 165 targets for S/2005/302 at both levels, and `code
suggest --level paragraph` suggested ``S/2008/202/p64/d`` though p64 was labelled whole). What a
sub-paragraph is, is the parsers' ``parent_key``; a speech's paragraphs and any other unit stay
their own paragraph. Marks and verdicts made at paragraph level on a report's paragraph or
sub-paragraph before the roll-up read the one unit they read. Report texts are SYNTHETIC
(tests/fixtures/texts); the resolutions are real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
from normtrace.coding.human.reviews import mark_done, review_targets
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.levels import level_units, paragraph_key, target_clause
from normtrace.errors import CodingError
from normtrace.parse.model import Document
from normtrace.parse.report import parse_report
from normtrace.parse.resolution.parser import parse_resolution
from normtrace.store.db import Store
from synthetic_docs import insert_document

TEXTS = Path(__file__).resolve().parent.parent / "fixtures" / "texts"


def _text(name: str) -> str:
    raw = (TEXTS / name).read_bytes().decode("utf-8", errors="replace")
    return "\n".join(line for line in raw.splitlines() if not line.startswith("#"))


def _head(doc: Document, key: str) -> str:
    """The paragraph holding ``key`` by the parser's ``parent_key``: up the chain while the
    parent is a paragraph the key is keyed under (a footnote's parent is the paragraph it
    notes, not one it belongs to)."""
    parents = {p.key: p.parent_key for p in doc.paragraphs}
    while (parent := parents.get(key)) and parent in parents and key.startswith(parent + "/"):
        key = parent
    return key


@pytest.mark.parametrize("name", ["synthetic_S-2099-901_report.txt",
                                  "synthetic_S-2099-903_report_wrapped.txt",
                                  "synthetic_S-2099-902_letter.txt",
                                  "synthetic_S-PRST-2099-3_statement.txt",
                                  "S-RES-2098(2013).txt", "S-RES-1542(2004).txt"])  # fmt: skip
def test_the_paragraph_of_a_key_is_the_parsers_parent(name: str) -> None:
    text = _text(name)
    doc = parse_resolution(text) if name.startswith("S-RES") else parse_report(text)
    for p in doc.paragraphs:
        assert paragraph_key(p.key) == _head(doc, p.key), p.key


def test_a_reports_sub_paragraphs_roll_up_and_speech_paragraphs_do_not() -> None:
    doc = parse_report(_text("synthetic_S-2099-901_report.txt"))
    assert paragraph_key("S/2099/901/p3/b") == "S/2099/901/p3"  # was its own paragraph
    assert paragraph_key("S/PV.8703/s002/p03") == "S/PV.8703/s002/p03"
    assert target_clause("S/PV.8703/s002/p03", "paragraph")[0] == "key = ?"
    assert {p.parent_key for p in doc.paragraphs if p.key.startswith("S/2099/901/p3/")} == {
        "S/2099/901/p3"}  # fmt: skip


REPORT = [("SYN/R/p44", "numbered", "Synthetic paragraph forty-four."),
          ("SYN/R/p45", "numbered", "Synthetic head:"),
          ("SYN/R/p45/a", "subparagraph", "(a) a synthetic task;"),
          ("SYN/R/p45/b", "subparagraph", "(b) another synthetic task.")]  # fmt: skip
BOOK = Codebook(name="synth", codes=(Code(id="poc", name="PoC"),))


def _project(path: Path) -> Store:
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, "SYN/R", REPORT, doc_type="report")
    register_codebook(store, BOOK)
    return store


def test_paragraph_level_targets_of_a_report(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    targets = {u.key: u.members for u in level_units(store, "paragraph")}
    assert targets == {"SYN/R/p44": ("SYN/R/p44",),
                       "SYN/R/p45": ("SYN/R/p45", "SYN/R/p45/a", "SYN/R/p45/b")}  # fmt: skip
    with pytest.raises(CodingError, match=r"sub-paragraph; at --level paragraph name its "
                       r"paragraph \(SYN/R/p45\)"):  # fmt: skip
        mark_done(store, coder="ana", codebook="synth", unit_keys=["SYN/R/p45/a"],
                  level="paragraph")  # fmt: skip


def _old_mark(store: Store, key: str) -> None:
    """A paragraph-level mark as one was recorded before stop 41, when a report's
    sub-paragraph was a paragraph of its own: it read that one unit's words."""
    (text,) = store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()
    version = store.conn.execute("SELECT version FROM current_codebooks").fetchone()[0]
    store.conn.execute(
        "INSERT INTO coding_reviews (at, coder, codebook, codebook_version, level, unit_key, "
        "source, action, codes, texts) VALUES ('2026-01-01T00:00:00.000000Z', 'ana', 'synth', "
        "?, 'paragraph', ?, 'manual', 'done', NULL, ?)",
        (version, key, json.dumps({key: text})),
    )
    store.conn.commit()


def test_old_paragraph_marks_on_a_report_read_the_unit_they_read(tmp_path: Path) -> None:
    """A mark made at paragraph level on ``p45/a`` (then a paragraph) reviewed that unit: a
    unit's negative now, and at paragraph level one of p45's units (p45 is reviewed once all
    of them are). One on ``p45`` that read p45's words only reads that unit, not p45/a, b."""
    store = _project(tmp_path / "p.db")
    _old_mark(store, "SYN/R/p45/a")
    reviewed, touched = review_targets(store, "synth", "unit", code="poc")
    assert reviewed == touched == {"SYN/R/p45/a"}
    assert review_targets(store, "synth", "paragraph", code="poc") == (set(), {"SYN/R/p45"})
    _old_mark(store, "SYN/R/p45")
    _old_mark(store, "SYN/R/p45/b")
    assert review_targets(store, "synth", "unit", code="poc")[0] == {
        "SYN/R/p45", "SYN/R/p45/a", "SYN/R/p45/b"}  # fmt: skip
    book = stored_codebook(store, "synth")
    assert collect_labels(store, book, "paragraph").by_code["poc"] == {"SYN/R/p45": 0}


def test_an_old_paragraph_mark_on_the_head_alone_reviews_no_sub_paragraph(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    _old_mark(store, "SYN/R/p45")
    assert review_targets(store, "synth", "unit", code="poc")[0] == {"SYN/R/p45"}
    assert review_targets(store, "synth", "paragraph", code="poc")[0] == set()
    # a mark made now reads the whole paragraph, its sub-paragraphs included
    mark_done(store, coder="bo", codebook="synth", unit_keys=["SYN/R/p45"], level="paragraph")
    assert review_targets(store, "synth", "paragraph", code="poc")[0] == {"SYN/R/p45"}
