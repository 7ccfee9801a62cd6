"""``ingest --reparse`` of a report PDF read again after the layout's upgrade (``pdf.pdfium.v2``:
a one-column page's half-lines are measured against its line pitch): the new version records
the new extractor, the heading the old layout joined with its sub-heading becomes two
headings (every later heading key shifts by one), and codings follow their words only.

The report is SYNTHETIC (``tests/synthetic_report_pdf.py``); the old reading is the real
extractor with the old rule (no page is one column) under its old name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace import Project
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.anchors import open_reviews, settle_review
from normtrace.coding.human.events import add_code
from normtrace.ingest import pdf, pdf_layout
from synthetic_report_pdf import HEADING, SUB_HEADING, SYMBOL, report_pdf


def _text(project: Project, key: str) -> str:
    row = project.store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()
    return str(row[0])


def _code(project: Project, key: str, words: str) -> None:
    at = _text(project, key).index(words)
    add_code(project.store, coder="ana", unit_key=key, start=at, end=at + len(words), code="poc")


def _counted(project: Project) -> list[tuple[str, str]]:
    rows = project.store.conn.execute(
        "SELECT unit_key, snippet FROM codings WHERE source = 'human' ORDER BY unit_key"
    )
    return [(str(r[0]), str(r[1])) for r in rows]


def test_reparse_splits_the_joined_heading_and_codings_follow_their_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "S_2099_911.pdf"
    path.write_bytes(report_pdf())
    h02, h03, h04, p2 = (f"{SYMBOL}/{k}" for k in ("h02", "h03", "h04", "p2"))
    with monkeypatch.context() as old:  # the layout before v2, under its name
        old.setattr(pdf_layout, "one_column", lambda columns: False)
        old.setattr(pdf, "EXTRACTOR", "pdf.pdfium.v1")
        project = Project(tmp_path / "p.db")
        assert project.ingest([path], progress=False).counts == {"new": 1}
    with project:
        assert _text(project, h02) == f"{HEADING.split('. ', 1)[1]} {SUB_HEADING}"
        assert _text(project, h03) == "Security"
        register_codebook(project.store, load_default_codebook())
        _code(project, h02, SUB_HEADING)  # words of the sub-heading, in the joined heading
        _code(project, h03, "Security")  # a heading whose key the split shifts
        _code(project, p2, "invented for a test")  # a paragraph: its key stays
        report = project.ingest([path], reparse=True, progress=False)
        assert report.counts == {"new_version": 1} and report.reparsed == 1
        rows = project.store.conn.execute(
            "SELECT version, is_current, extractor FROM documents ORDER BY version"
        ).fetchall()
        assert [tuple(r) for r in rows] == [(1, 0, "pdf.pdfium.v1"), (2, 1, pdf.EXTRACTOR)]
        assert pdf.EXTRACTOR == "pdf.pdfium.v3"
        assert (_text(project, h02), _text(project, h03), _text(project, h04)) == (
            HEADING.split(". ", 1)[1], SUB_HEADING, "Security",
        )  # fmt: skip
        # the paragraph's coding stands; the headings' codings are never placed on other words
        assert _counted(project) == [(p2, "invented for a test")]
        reviews = {r.unit_key: r for r in open_reviews(project.store)}
        assert sorted(reviews) == [h02, h03]
        assert reviews[h02].snippet == SUB_HEADING and reviews[h03].snippet == "Security"
        # the shifted heading's coding moves to the unit its words went to, by its coder
        settle_review(project.store, reviews[h03].id, coder="ana", move=True)
        assert _counted(project) == [(h04, "Security"), (p2, "invented for a test")]
