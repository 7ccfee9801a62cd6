"""``POST /api/units/done`` asks first as the unit view does (one rule:
:func:`normtrace.coding.human.mark_asks.mark_done_asking`): a mark that would read pending
machine suggestions as not applying is refused (409, one line naming them and saying what to
send) and nothing is written, unless ``confirm``: ``true``, or the ids of the suggestions the
coder saw. It marked at once, turning them into absences silently. The project is SYNTHETIC
(tests/web/synthetic_workbench.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from synthetic_workbench import BOOK, SYMBOL, served, statuses
from web_support import session_for

OP1, OP2, OP3 = f"{SYMBOL}/op1", f"{SYMBOL}/op2", f"{SYMBOL}/op3"
DONE = "/api/units/done"


@pytest.fixture()
def app(tmp_path: Path) -> Iterator[FastAPI]:
    yield from served(tmp_path / "syn.db")


def _marks(app: FastAPI) -> list[tuple[str, str, str]]:
    with app.state.access.read() as store:
        rows = store.conn.execute("SELECT coder, unit_key, action FROM coding_reviews ORDER BY id")
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]


def test_a_mark_that_decides_pending_suggestions_is_refused_until_confirmed(
    app: FastAPI,
) -> None:
    alice = session_for(app, "alice")
    before = statuses(alice, OP1)
    assert list(before.values()) == ["pending", "pending"]
    refused = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP1})
    assert refused.status_code == 409, refused.text
    said = refused.json()["error"]
    assert "\n" not in said
    assert f"{OP1}: 2 pending machine suggestions (poc \u00d72)" in said
    assert said.endswith('accept or reject them first, or send "confirm": true (or those ids) '
                         "to mark anyway")  # fmt: skip
    assert all(f"c{i}" in said for i in before)  # as `code list` names them
    assert _marks(app) == [] and statuses(alice, OP1) == before  # nothing written
    # confirmed: the mark is made, and the answer names what it decided
    done = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP1, "confirm": True})
    assert done.status_code == 201, done.text
    assert done.json()["reviewed"] == 1 and sorted(done.json()["decided"]) == sorted(before)
    assert _marks(app) == [("alice", OP1, "done")]
    assert set(statuses(alice, OP1).values()) == {"absent"}


def test_confirming_ids_marks_only_while_they_are_all_it_decides(app: FastAPI) -> None:
    alice = session_for(app, "alice")
    ids = sorted(statuses(alice, OP2))
    stale = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP2, "confirm": ids[:1]})
    assert stale.status_code == 409
    assert stale.json()["error"].startswith("the suggestions changed since you confirmed: ")
    assert _marks(app) == []
    done = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP2, "confirm": ids})
    assert done.status_code == 201 and sorted(done.json()["decided"]) == ids


def test_the_ids_the_refusal_names_confirm_as_written(app: FastAPI) -> None:
    """The refusal names the suggestions as `code list` does (c24); sent back so, they
    confirm the mark, as the bare numbers do; another kind of id is refused (400)."""
    alice = session_for(app, "alice")
    ids = sorted(statuses(alice, OP2))
    wrong = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP2, "confirm": [f"s{ids[0]}"]})
    assert wrong.status_code == 400 and "code judge" in wrong.json()["error"], wrong.text
    named = [f"c{i}" for i in ids]
    done = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP2, "confirm": named})
    assert done.status_code == 201, done.text
    assert sorted(done.json()["decided"]) == ids


def test_what_asks_nothing_is_marked_at_once(app: FastAPI) -> None:
    """Nothing pending (op3); a "done for these codes" none of whose codes is pending; the
    coder's own coding of the code sparing its suggestions (a mark says the codes the coder
    did not apply do not apply: nothing contradicts it); a withdrawal."""
    alice = session_for(app, "alice")
    done = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP3})
    assert done.status_code == 201 and done.json()["decided"] == []
    harm = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP1, "codes": ["harm"]})
    assert harm.status_code == 201 and harm.json()["decided"] == []
    coded = alice.post("/api/codings", json={"unit_key": OP1, "code": "poc", "start": 0,
                                             "end": 9, "snippet": "SYNTHETIC"})  # fmt: skip
    assert coded.status_code == 201, coded.text
    mine = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP1})
    assert mine.status_code == 201 and mine.json()["decided"] == []
    back = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP3, "undo": True})
    assert back.status_code == 201 and back.json()["withdrawn"] == 1
    assert _marks(app) == [("alice", OP3, "done"), ("alice", OP1, "done"),
                           ("alice", OP1, "done"), ("alice", OP3, "undone")]  # fmt: skip


def test_a_coder_reading_blind_is_not_asked_about_suggestions_they_are_not_shown(
    app: FastAPI,
) -> None:
    admin, alice = session_for(app, "admin"), session_for(app, "alice")
    order = {"unit_keys": [OP1], "coders": ["alice", "bob"], "blind": True}
    assert admin.post("/api/assignments", json=order).status_code == 201
    done = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP1})
    assert done.status_code == 201 and done.json()["decided"] == []
    again = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP1, "again": True})
    assert again.status_code == 201
