"""The workbench settles a coding that needs review, as `code review` does (stop 46 left it CLI
only): the review queue lists the coder's codings a new version left off their words, with the
words they were made on and the unit's words now, and settles each one way — move (to where
its unchanged words went), keep (on the words there now), drop — through the library's
``resolve_review``; the workbench's undo takes a settlement back and the coding is listed
again. The resolution, coders and memos are SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

from synthetic_review import (
    CHANGED,
    CHANGED_WORDS,
    change_coded_words,
    mark_done_then_insert,
    served,
)
from web_support import session_for

from normtrace.coding.human import events
from normtrace.coding.human.anchors import open_reviews
from normtrace.coding.human.made_at import made_and_moved
from normtrace.coding.human.reviews import current_reviews
from synthetic_moved import INSERTED, OP1, OP2, insert_before_op1

WORDS = "Recognizes the ownership"


def _marked(pieces: list[dict[str, object]]) -> list[object]:
    return [p["text"] for p in pieces if p["marked"]]


def test_a_coding_whose_words_moved_is_shown_moved_by_its_coder_and_the_move_undone(
    tmp_path: Path,
) -> None:
    with served(tmp_path, insert_before_op1) as app:
        ana, bob = session_for(app, "ana"), session_for(app, "bob")
        with app.state.access.read() as store:
            (coding,) = events.human_codings(store, coder="ana")
            made = made_and_moved(store, [coding.event_id])[coding.event_id][0]
        (review,) = ana.get("/api/reviews").json()["reviews"]
        assert review["unit_key"] == OP1 and review["snippet"] == WORDS
        assert review["ways"] == ["move", "drop"] and review["move_to"] == OP2
        assert review["name"] == "Ownership" and review["gone"] is False
        assert _marked(review["was"]) == [WORDS]  # the words it was made on, marked
        assert "".join(p["text"] for p in review["now"]) == INSERTED  # op1 now
        assert bob.get("/api/reviews").json()["reviews"] == []  # ana's to settle, not bob's
        # the unit page says so and links to the queue of that unit
        page = ana.get(f"/units/{OP1}").text
        assert 'href="/reviews?unit=S/RES/9901%20%282031%29/op1"' in page

        refused = bob.post(f"/api/reviews/{review['id']}", json={"way": "move"})
        assert refused.status_code == 400 and "ana settles it" in refused.json()["error"]
        outside = {"way": "place", "start": 0, "end": 10_000}
        wrong = ana.post(f"/api/reviews/{review['id']}", json=outside)
        assert wrong.status_code == 400 and "is outside" in wrong.json()["error"], wrong.text
        half = ana.post(f"/api/reviews/{review['id']}", json={"way": "place", "start": 0})
        assert half.status_code == 400 and "needs the start and end" in half.json()["error"]

        done = ana.post(f"/api/reviews/{review['id']}", json={"way": "move"})
        assert done.status_code == 201, done.text
        settled = done.json()
        assert settled["unit_key"] == OP2 and (settled["start"], settled["end"]) == (0, 24)
        assert settled["message"].startswith("Moved: your coding Ownership on " + OP2)
        assert ana.get("/api/reviews").json()["reviews"] == []
        with app.state.access.read() as store:
            (moved,) = events.human_codings(store, coder="ana")
            assert (moved.unit_key, moved.snippet) == (OP2, WORDS)
            assert events.get_event(store, moved.event_id).reanchors == coding.event_id
            assert made_and_moved(store, [moved.event_id])[moved.event_id][0] == made  # same work
        # undo: listed again, on op1, as before
        undone = ana.post("/api/undo")
        assert undone.status_code == 201 and undone.json()["message"].startswith("Undone:")
        (again,) = ana.get("/api/reviews").json()["reviews"]
        assert (again["id"], again["ways"]) == (review["id"], ["move", "drop"])
        with app.state.access.read() as store:
            assert [r.id for r in open_reviews(store)] == [review["id"]]
            assert events.human_codings(store, coder="ana")[0].event_id == coding.event_id


def test_a_coding_whose_words_changed_is_kept_on_the_new_words_or_dropped(tmp_path: Path) -> None:
    with served(tmp_path, change_coded_words) as app:
        ana = session_for(app, "ana")
        (review,) = ana.get(f"/api/reviews?unit={OP1}").json()["reviews"]
        assert review["ways"] == ["place", "drop"] and review["move_to"] is None
        (place,) = review["places"]
        assert place == {"start": 0, "end": len(CHANGED_WORDS), "words": CHANGED_WORDS,
                         "same": False}  # fmt: skip
        assert _marked(review["now"]) == [CHANGED_WORDS]
        assert "".join(p["text"] for p in review["now"]) == CHANGED
        refused = ana.post(f"/api/reviews/{review['id']}", json={"way": "move"})
        assert refused.status_code == 400 and "nowhere to move it" in refused.json()["error"]
        body = {"way": "place", "start": place["start"], "end": place["end"]}
        kept = ana.post(f"/api/reviews/{review['id']}", json=body)
        assert kept.status_code == 201, kept.text
        assert kept.json()["message"].startswith("Kept: your coding Ownership on " + OP1)
        with app.state.access.read() as store:
            (coding,) = events.human_codings(store, coder="ana")
            assert (coding.unit_key, coding.snippet) == (OP1, CHANGED_WORDS)
        assert ana.post("/api/undo").status_code == 201
        # the form twin: drop it, back to the queue, which says what was done
        form = ana.post(f"/reviews/{review['id']}", data={"way": "drop", "unit": OP1},
                        follow_redirects=False)  # fmt: skip
        assert form.status_code == 303 and form.headers["location"].startswith("/reviews?unit=")
        shown = ana.get(form.headers["location"]).text
        assert "Dropped: your removal of Ownership on " + OP1 in shown
        assert "No coding of yours waits for review" in shown
        with app.state.access.read() as store:
            assert events.human_codings(store, coder="ana") == [] and open_reviews(store) == []


def test_a_move_takes_the_coders_done_mark_with_it_and_says_so(tmp_path: Path) -> None:
    """As `code review ID --move` (the library's settle_review): the coder's "done" mark of
    the unit the coding left goes with it, the settlement says so, one undo takes both back."""
    with served(tmp_path, mark_done_then_insert) as app:
        ana = session_for(app, "ana")
        (review,) = ana.get("/api/reviews").json()["reviews"]
        done = ana.post(f"/api/reviews/{review['id']}", json={"way": "move"})
        assert done.status_code == 201, done.text
        (line,) = done.json()["marks"]
        assert line.startswith(
            f"ana's 'done' mark on the unit {OP1} (synth) moved with it to {OP2}"
        )
        assert line in done.json()["message"]
        with app.state.access.read() as store:
            assert [m.key for m in current_reviews(store, "synth", coder="ana")] == [OP2]
        assert ana.post("/api/undo").status_code == 201
        with app.state.access.read() as store:
            assert [r.id for r in open_reviews(store)] == [review["id"]]
            assert [m.key for m in current_reviews(store, "synth", coder="ana")] == []
