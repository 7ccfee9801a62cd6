"""Work whose words a new version moved, unchanged, to another key (a paragraph inserted before
them) is never lost or put on other words, and says where its words are: a simulated user's
months (repro_7: an operative paragraph inserted before op4 of S/RES/1565 (2004) left a
coding and a mark on op4/b "unit gone", with no word of op5/b, where the same text stood).
The resolution is real (S/RES/2100 (2013)); the inserted paragraphs are SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.human.anchors import open_reviews, resolve_review
from normtrace.coding.human.events import add_code, human_codings
from normtrace.coding.human.mark_texts import words_now_at
from normtrace.coding.human.reviews import mark_done
from normtrace.store.db import Store
from resolution_2100 import PROTECT, ingested_2100, insert_operative, insert_paragraph

RES = "S/RES/2100 (2013)"
#: where op16/c/i's words stand once a paragraph is inserted before op16 (the new op16 has no
#: sub-paragraphs: the key op16/c/i is gone)
PROTECT_NOW = f"{RES}/op17/c/i"


def _text(store: Store, key: str) -> str:
    return str(store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()[0])


def _counted(store: Store, key: str) -> list[tuple[str, int, int]]:
    rows = store.conn.execute(
        "SELECT coder, start, \"end\" FROM codings WHERE source = 'human' AND unit_key = ?", (key,)
    )
    return [(str(r[0]), int(r[1]), int(r[2])) for r in rows]


def test_a_coding_whose_key_is_gone_names_where_its_words_are_and_how_to_keep_it(
    tmp_path: Path,
) -> None:
    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        at = _text(store, PROTECT).index("civilians under imminent threat")
        add_code(store, coder="ana", unit_key=PROTECT, start=at, end=at + 9, code="poc",
                 memo="ana's note")  # fmt: skip
        insert_operative(path, 16)
        assert project.ingest([path]).anchors.review == 1  # type: ignore[union-attr]
        assert (
            store.conn.execute("SELECT 1 FROM units WHERE key = ?", (PROTECT,)).fetchone() is None
        )
        (review,) = open_reviews(store)
        assert review.reason.startswith("unit gone from the new version; ")
        assert f"is now {PROTECT_NOW} (a paragraph was inserted or removed" in review.reason
        add = (f"`normtrace code add '{PROTECT_NOW}' {at} {at + 9} poc --coder ana "
               "--codebook stability-operations --memo 'ana'\"'\"'s note'`")  # fmt: skip
        assert add in review.reason
        assert f"`normtrace code review {review.id} --drop --coder ana`" in review.reason
        # the two commands the reason names keep the coding on its words
        add_code(store, coder="ana", unit_key=PROTECT_NOW, start=at, end=at + 9, code="poc",
                 memo="ana's note")  # fmt: skip
        resolve_review(store, review.id, coder="ana", drop=True)
        assert open_reviews(store) == []
        assert _counted(store, PROTECT_NOW) == [("ana", at, at + 9)]
        assert [h.unit_key for h in human_codings(store, coder="ana")] == [PROTECT_NOW]


def test_a_done_mark_whose_key_is_gone_names_where_its_words_are(tmp_path: Path) -> None:
    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        mark_done(store, coder="ana", codebook="stability-operations", unit_keys=[PROTECT])
        (mark_id,) = store.conn.execute("SELECT id FROM coding_reviews").fetchone()
        insert_operative(path, 16)
        anchors = project.ingest([path]).anchors
        assert anchors is not None and anchors.marks_on_changed_text == (f"{PROTECT} (ana)",)
        assert words_now_at(store, int(mark_id)) == PROTECT_NOW


def test_a_coding_is_not_put_on_another_paragraphs_words_when_the_keys_shift(
    tmp_path: Path,
) -> None:
    """pp09's word "civilians" is also, once, in pp08, which the inserted paragraph makes the
    new pp09: the coding was moved there, onto words its coder never read."""
    key, now = f"{RES}/pp09", f"{RES}/pp10"
    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        text, before = _text(store, key), _text(store, f"{RES}/pp08")
        at = text.index("civilians")
        assert before.count("civilians") == 1 and text.count("civilians") == 1
        add_code(store, coder="ana", unit_key=key, start=at, end=at + 9, code="poc")
        insert_paragraph(path)
        anchors = project.ingest([path]).anchors
        assert anchors is not None and (anchors.reanchored, anchors.review) == (0, 1)
        assert _text(store, key) == before and _text(store, now) == text
        (review,) = open_reviews(store)
        assert review.reason.startswith(f"not found; the text this coding was made on is now {now}")
        assert _counted(store, key) == []
