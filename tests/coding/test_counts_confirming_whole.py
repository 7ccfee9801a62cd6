"""Confirming a code does not lower its count (a new user's finding A1, stop 50).

At ``--level paragraph`` a coder labels a drawn paragraph whole, without a span. Such a coding
covered every dictionary candidate of the code in the paragraph, and overlapping spans are one
occurrence, so a paragraph with seven candidates of poc counted seven before the coder
confirmed poc there and one after (poc 289 -> 274 over the user's project): counts and rates
depended on how much had been validated.

The rule now (docs/codebook-schema.md, under the frequencies; coding.unspanned): a coding
without a span says the unit or paragraph carries the code, not where; it is an occurrence of
its own only where no other counted span of the code lies in its reach, and otherwise leaves
those spans' occurrences as they are. A span coding says where: overlapping spans of the code
stay one occurrence. A negative (a rejected candidate, a "done" mark without the code) removes
what it covers.

Every text and the codebook are SYNTHETIC (tests/coding/synthetic_confirmed.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from synthetic_confirmed import BOOK, SYMBOL, UNITS, confirmed_project, import_rows, poc_count

from normtrace.coding.counts import (
    code_frequencies,
    code_occurrences,
    coded_spans,
    first_appearances,
)
from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.human.events import add_code, record_verdict
from normtrace.coding.kwic import kwic
from normtrace.store.db import Store
from normtrace.trace.books import coding_scope

P1 = f"{SYMBOL}/p1"
P1_TEXT = UNITS[0][2]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    project = confirmed_project(tmp_path / "p.db")
    try:
        yield project
    finally:
        project.close()


def _candidate(store: Store, key: str, snippet: str) -> int:
    (cid,) = store.conn.execute(
        "SELECT id FROM current_auto_codings WHERE unit_key = ? AND snippet = ? AND code = 'poc'",
        (key, snippet),
    ).fetchone()
    return int(cid)


def test_confirming_a_paragraph_whole_leaves_its_count(store: Store, tmp_path: Path) -> None:
    """The user's case: p1 holds three candidates of poc; a coder confirms poc on p1 without a
    span at --level paragraph (and marks it reviewed for poc). Before: 6 -> 4."""
    assert poc_count(store) == (6, 6)
    folder = tmp_path / "in"
    folder.mkdir()
    import_rows(store, folder, [{"unit_key": P1, "code": "poc", "reviewed": "paragraph for poc"}],
                "paragraph")  # fmt: skip
    assert poc_count(store) == (6, 6)
    assert poc_count(store, source="human") == (1, 1)  # the coder's own: one paragraph


def test_confirming_by_hand_leaves_the_count_everywhere_counts_are_read(store: Store) -> None:
    """A unit coded whole by hand (the workbench's or ``code add``'s span over all its words):
    freq, the web code page, kwic, first use and the case report read the same three
    candidates, and the first use says who confirmed it."""
    add_code(store, coder="ana", unit_key=P1, start=0, end=len(P1_TEXT), code="poc",
             level="unit")  # fmt: skip
    assert poc_count(store) == (6, 6)
    assert len(code_occurrences(store, {"poc": ["poc"]})) == 6
    lines = [(line.unit_key, line.match) for line in kwic(store, code="poc")]
    assert [k for k, w in lines if k == P1] == [P1] * 3 and P1_TEXT not in [w for _k, w in lines]
    read = coding_scope(store)
    sql, params = read.sql()
    reported = {(r[0], r[1], r[2], r[3]) for r in store.conn.execute(sql, params)}
    assert reported == {(k, a, b, c) for k, a, b, c, _t in coded_spans(store)}
    (first,) = first_appearances(store, codes={"poc": ["poc"]})
    assert (first.unit_key, first.snippet, first.checked_by) == (P1, "Patrols", "ana")


def test_a_whole_paragraph_of_sub_paragraphs_leaves_their_count(
    store: Store, tmp_path: Path
) -> None:
    """p3 is a chapeau and two sub-paragraphs, each with a candidate: a coding of the whole
    paragraph (placed on the chapeau) is no third occurrence."""
    folder = tmp_path / "in"
    folder.mkdir()
    import_rows(store, folder, [{"unit_key": f"{SYMBOL}/p3", "code": "poc"}], "paragraph")
    assert poc_count(store) == (6, 6)


def test_a_whole_coding_where_the_dictionary_found_nothing_is_one_occurrence(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    import_rows(store, folder, [{"unit_key": f"{SYMBOL}/p2", "code": "poc"}], "paragraph")
    assert poc_count(store) == (7, 7)


def test_negatives_remove_what_they_cover(store: Store, tmp_path: Path) -> None:
    """A rejected candidate, and a paragraph reviewed for poc with no poc, count no more; a
    paragraph confirmed whole whose candidates were all rejected still carries the code once."""
    folder = tmp_path / "in"
    folder.mkdir()
    record_verdict(store, coder="ana", auto_coding_id=_candidate(store, P1, "civilians"),
                   verdict="reject")  # fmt: skip
    assert poc_count(store) == (5, 5)
    import_rows(store, folder, [{"unit_key": f"{SYMBOL}/p4", "code": "",
                                 "reviewed": "paragraph for poc"}], "paragraph")  # fmt: skip
    assert poc_count(store) == (4, 4)
    assert poc_count(store, code="aid") == (1, 1)  # reviewed for poc only
    import_rows(store, folder, [{"unit_key": P1, "code": "poc"}], "paragraph")
    assert poc_count(store) == (4, 4)  # confirmed: its two standing candidates stay two
    for snippet in ("Patrols", "shelters"):
        record_verdict(store, coder="ana", auto_coding_id=_candidate(store, P1, snippet),
                       verdict="reject")  # fmt: skip
    assert poc_count(store) == (3, 3)  # p1: the coder's confirmation alone, one occurrence


def test_a_span_coding_says_where(store: Store) -> None:
    """A span coding over one candidate is that occurrence, not a second one; over words the
    dictionary missed it is one more; over two candidates it makes them one passage (the
    coder said where the passage runs: overlapping spans are one occurrence, as before)."""
    start = P1_TEXT.index("civilians")
    add_code(store, coder="ana", unit_key=P1, start=start, end=start + 9, code="poc")
    assert poc_count(store) == (6, 6)  # the candidate's own span: one span, one occurrence
    add_code(store, coder="bo", unit_key=P1, start=start, end=start + 21, code="poc")
    assert poc_count(store) == (6, 7)  # "civilians could reach": over one candidate
    dawn = P1_TEXT.index("dawn")
    add_code(store, coder="cy", unit_key=P1, start=dawn, end=dawn + 4, code="poc")
    assert poc_count(store) == (7, 8)  # "dawn": words the dictionary missed
    add_code(store, coder="di", unit_key=P1, start=0, end=start + 9, code="poc")
    assert poc_count(store) == (5, 9)  # "Patrols ... civilians": one passage


def test_a_group_counts_a_confirmation_of_one_code_where_another_is_found(store: Store) -> None:
    """p1 holds three candidates of poc and none of aid: a coder who confirms aid there whole
    finds aid where the dictionary did not (aid: one more), while the group of both codes, as
    freq --code counts a frame or group, already counted p1 three times and still does."""
    under = {"poc": ["both"], "aid": ["both"]}

    def both() -> int:
        return sum(r.count for r in code_frequencies(store, by="symbol", under=under))

    assert (both(), poc_count(store, code="aid")) == (7, (1, 1))
    add_code(store, coder="ana", unit_key=P1, start=0, end=len(P1_TEXT), code="aid",
             level="unit")  # fmt: skip
    assert (both(), poc_count(store, code="aid")) == (7, (2, 2))
    found = code_occurrences(store, {"poc": ["both"], "aid": ["both"]})
    assert len(found) == 7  # the web code page of the group counts as freq does


def test_a_speech_paragraph_confirmed_whole_leaves_its_count(tmp_path: Path) -> None:
    """A speech is coded as one unit; a row naming one of its paragraphs without a span, at
    --level paragraph, codes those words of the speech: it confirms the candidates in them,
    and is one occurrence in a paragraph where the dictionary found nothing. SYNTHETIC
    speech."""
    paragraphs = (
        "We thank the invented briefer.",
        "Patrols kept civilians in the shelters safe.",
        "We support the mission.",
    )
    store = confirmed_project(tmp_path / "s.db")
    try:
        with store.transaction() as conn:
            doc = conn.execute(
                "INSERT INTO documents (symbol, doc_type, date, year, parser) "
                "VALUES ('SYN/PV.7', 'verbatim', '2001-03-02', 2001, 'test')"
            ).lastrowid
            speech = conn.execute(
                "INSERT INTO speeches (document_id, key, idx, speaker, text) VALUES "
                "(?, 'SYN/PV.7/s001', 1, 'Speaker 1', ?)",
                (doc, "\n\n".join(paragraphs)),
            ).lastrowid
            for order, words in enumerate(paragraphs, start=1):
                conn.execute(
                    "INSERT INTO paragraphs (document_id, speech_id, key, kind, ord, text) "
                    "VALUES (?, ?, ?, 'text', ?, ?)",
                    (doc, speech, f"SYN/PV.7/s001/p{order:02d}", order, words),
                )
        apply_codebook(store, BOOK, progress=False)
        assert poc_count(store) == (9, 9)
        folder = tmp_path / "in"
        folder.mkdir()
        row = {"unit_key": "SYN/PV.7/s001/p02", "code": "poc", "reviewed": "no"}
        import_rows(store, folder, [row], "paragraph")
        assert poc_count(store) == (9, 9)
        row = {"unit_key": "SYN/PV.7/s001/p03", "code": "poc", "reviewed": "no"}
        import_rows(store, folder, [row], "paragraph")
        assert poc_count(store) == (10, 10)
    finally:
        store.close()
