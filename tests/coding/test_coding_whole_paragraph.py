"""A coding of a whole paragraph (an import at paragraph level without a span, placed on the
paragraph's opening unit) is no coding of that unit's words: agreement does not read it as a
reading of the unit, and a new version that changes a sub-paragraph does not make it a
unit's label (a new user's months: agreement 0.0 on a chapeau nobody coded; `code train`
took the chapeau as a positive once the paragraph's mark went stale). The changed word is
SYNTHETIC; the resolution is real."""

from __future__ import annotations

import json
from pathlib import Path

from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn.labels import collect_labels
from normtrace.store.db import Store
from resolution_2100 import PROTECT, change_words, ingested_2100

PARAGRAPH = "S/RES/2100 (2013)/op16"
BOOK = "stability-operations"


def _import_whole(tmp_path: Path, store: Store) -> None:
    rows = tmp_path / "dee.jsonl"
    rows.write_text(json.dumps({"unit_key": PARAGRAPH, "code": "poc"}) + "\n", encoding="utf-8")
    import_codings(store, rows, codebook=BOOK, coder="dee", level="paragraph")


def test_agreement_does_not_read_a_paragraph_coding_as_its_opening_units(tmp_path: Path) -> None:
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        _import_whole(tmp_path, store)
        (opening,) = [str(r[0]) for r in store.conn.execute(
            "SELECT unit_key FROM human_codings WHERE coder = 'dee'")]  # fmt: skip
        mark_done(store, coder="bo", codebook=BOOK, unit_keys=[opening])
        assert agreement(store, codes=["poc"]).units == 0  # nobody read one unit twice


def test_a_stale_paragraph_mark_leaves_the_paragraph_coding_no_units_label(
    tmp_path: Path,
) -> None:
    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        _import_whole(tmp_path, store)
        book = load_default_codebook()
        assert collect_labels(store, book, "unit").by_code["poc"] == {}
        change_words(project, path, PROTECT)  # a sub-paragraph of op16
        project.ingest([path])
        assert collect_labels(store, book, "unit").by_code["poc"] == {}
        assert collect_labels(store, book, "paragraph").by_code["poc"].get(PARAGRAPH) == 1


def test_a_paragraph_coding_is_the_occurrence_another_coding_there_is(tmp_path: Path) -> None:
    """Two coders find the code in one paragraph, one by a span of a sub-paragraph, the other
    by a coding of the whole paragraph: one occurrence (it was two, one on the chapeau)."""
    from normtrace.coding.counts import code_frequencies
    from normtrace.coding.human.events import add_code

    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=5, code="poc")
        (before,) = code_frequencies(store, by="symbol", source="human", level="paragraph")
        _import_whole(tmp_path, store)
        (after,) = code_frequencies(store, by="symbol", source="human", level="paragraph")
        assert (after.count, after.units) == (before.count, before.units) == (1, 1)


def test_a_unit_coding_of_the_same_span_is_no_paragraph_coding(tmp_path: Path) -> None:
    """A review finding: a coder's own coding of the whole opening unit (the span a paragraph
    coding is placed on) was dropped with it from the counts."""
    from normtrace.coding.counts import code_frequencies
    from normtrace.coding.human.events import add_code

    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=5, code="poc")
        _import_whole(tmp_path, store)
        (opening,) = store.conn.execute(
            "SELECT unit_key, start, \"end\" FROM human_codings WHERE coder = 'dee'"
        ).fetchall()
        add_code(store, coder="bo", unit_key=opening[0], start=opening[1], end=opening[2],
                 code="poc")  # fmt: skip
        (row,) = code_frequencies(store, by="symbol", source="human", level="unit")
        assert (row.count, row.units) == (2, 2)  # bo's chapeau and ana's sub-paragraph
