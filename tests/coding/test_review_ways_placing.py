"""The review queue's ways come from the one placing rule (coding.human.placing.place), asked
once: the span a word alignment carried changed words to is the one the review's reason
quotes, and each review carries the codebook version its coding was made under (the web's
names follow it; it had read it again per review). The resolution, codebook and coder are
SYNTHETIC (tests/synthetic_moved.py)."""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.human import events
from normtrace.coding.human.placing import Moved, Unplaced, misplaced_coding, place
from normtrace.coding.human.review_ways import Place, review_ways
from synthetic_moved import FIRST, OP1, OP2, OWNERSHIP, insert_before_op1, project, text, tick


def test_changed_words_are_offered_where_the_alignment_carried_them(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        made = events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                               codebook="synth")  # fmt: skip
        tick()
        changed = OWNERSHIP.replace("ownership", "leadership")
        path.write_text(text([changed, *FIRST[1:]]), encoding="utf-8")
        opened.ingest([path])
        (ways,) = review_ways(store)
        assert ways.places == (Place(0, 25, "Recognizes the leadership", same=False),)
        assert ways.ways == ("place", "drop")
        row = misplaced_coding(store, made.id)
        assert row is not None
        found = place(store, row)
        assert isinstance(found, Unplaced) and found.aligned == (0, 25)
        assert "--at 0 --end 25" in ways.review.reason == found.reason
        assert ways.codebook_version == made.codebook_version is not None


def test_a_moved_coding_is_offered_its_move(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        made = events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                               codebook="synth")  # fmt: skip
        insert_before_op1(opened, path)
        (ways,) = review_ways(store)
        assert (ways.move_to, ways.ways) == (OP2, ("move", "drop"))
        row = misplaced_coding(store, made.id)
        assert row is not None and place(store, row) == Moved(OP2, gone=False)
        assert ways.codebook_version == made.codebook_version
