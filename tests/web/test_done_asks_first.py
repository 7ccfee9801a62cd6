"""The unit view's "Done, nothing (else) applies" says what it will decide before it acts
(newuser44 F4): a mark that would read pending machine suggestions as not applying is not made
at once; the unit asks, naming them ("2 pending machine suggestions (Protection ×2) will count
as not applying here"), and "Done anyway" (``confirm``: the ids shown) makes it; the message
after it names what it decided, and u undoes it. The project is SYNTHETIC."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from synthetic_workbench import BOOK, SYMBOL, marks, served, statuses
from web_support import TestClient, session_for

OP1, OP2, OP3 = f"{SYMBOL}/op1", f"{SYMBOL}/op2", f"{SYMBOL}/op3"
HX = {"HX-Request": "true"}


@pytest.fixture()
def app(tmp_path: Path) -> Iterator[FastAPI]:
    yield from served(tmp_path / "syn.db")


def _flash(answer: object) -> str:
    return str(json.loads(answer.headers["HX-Trigger"])["normtrace-flash"])  # type: ignore[attr-defined]


def test_done_asks_naming_the_suggestions_then_marks_and_says_what_it_decided(
    app: FastAPI,
) -> None:
    alice = session_for(app, "alice")
    before = statuses(alice, OP1)
    assert list(before.values()) == ["pending", "pending"]
    asked = alice.post(f"/units/{OP1}/done", data={"codebook": BOOK}, headers=HX)
    assert asked.status_code == 200 and marks(app) == []  # nothing written yet
    assert "HX-Trigger" not in asked.headers
    assert ("2 pending machine suggestions (Protection \u00d72) will count as not applying "
            "here") in asked.text  # fmt: skip
    assert asked.text.count('class="done-check"') == 1 and "Done anyway" in asked.text
    confirm = re.search(r'name="confirm" value="([0-9 ]+)"', asked.text)
    assert confirm is not None and set(map(int, confirm[1].split())) == set(before)
    assert statuses(alice, OP1) == before  # still pending
    # Done anyway: the mark is made, and the message names what it decided, with u
    done = alice.post(f"/units/{OP1}/done", data={"codebook": BOOK, "confirm": confirm[1]},
                      headers=HX)  # fmt: skip
    assert done.status_code == 200 and marks(app) == [(OP1, "done")]
    said = _flash(done)
    assert said.startswith(f"Done ({BOOK}) on {OP1}: 2 pending machine suggestions "
                           "(Protection \u00d72) now count as not applying"), said  # fmt: skip
    assert said.endswith("(u undoes)") and 'class="done-check"' not in done.text
    assert set(statuses(alice, OP1).values()) == {"absent"}
    # u takes it back: the suggestions are pending again
    back = alice.post("/api/undo")
    assert back.status_code == 201 and statuses(alice, OP1) == before


def test_a_unit_with_nothing_pending_is_marked_at_once(app: FastAPI) -> None:
    alice = session_for(app, "alice")
    done = alice.post(f"/units/{OP3}/done", data={"codebook": BOOK}, headers=HX)
    assert marks(app) == [(OP3, "done")] and 'class="done-check"' not in done.text
    assert _flash(done) == (f"Done ({BOOK}) on {OP3}: the codes you did not apply here count "
                            "as not applying (u undoes)")  # fmt: skip


def test_done_anyway_marks_only_while_it_decides_what_was_shown(app: FastAPI) -> None:
    """A confirmation names the suggestions shown: one that was not (a stale page, a new run)
    makes the unit ask again, saying so; and a "done for these codes" asks only about its
    codes, and keeps them when it is confirmed."""
    alice = session_for(app, "alice")
    ids = statuses(alice, OP2)
    (sec,) = [i for i in ids if _code(alice, i) == "sec"]
    stale = alice.post(f"/units/{OP2}/done", data={"codebook": BOOK, "confirm": str(sec)},
                       headers=HX)  # fmt: skip
    assert marks(app) == [] and "The suggestions changed since you were asked." in stale.text
    assert "2 pending machine suggestions (Security, Protection)" in stale.text
    # done for Security only: it asks about the Security suggestion alone
    scoped = {"codebook": BOOK, "scoped": "1", "codes": ["sec"]}
    asked = alice.post(f"/units/{OP2}/done", data=scoped, headers=HX)
    assert "1 pending machine suggestion (Security) will count" in asked.text
    assert marks(app) == []
    done = alice.post(f"/units/{OP2}/done", data={**scoped, "confirm": str(sec)}, headers=HX)
    assert marks(app) == [(OP2, "done")]
    assert "1 pending machine suggestion (Security) now counts as not applying" in _flash(done)
    assert statuses(alice, OP2) == {i: ("absent" if i == sec else "pending") for i in ids}
    # the mark speaks for Security only
    unit = alice.get(f"/api/units/{OP2}").json()["unit"]
    assert unit["done"] == [] and unit["done_some"] == {BOOK: [["sec"]]}


def test_a_refused_confirmation_says_what_to_send(app: FastAPI) -> None:
    alice = session_for(app, "alice")
    bad = alice.post(f"/units/{OP1}/done", data={"codebook": BOOK, "confirm": "all"}, headers=HX)
    assert bad.status_code == 400 and "confirm must list suggestion ids" in bad.text
    assert marks(app) == []


def _code(client: TestClient, candidate: int) -> str:
    unit = client.get(f"/api/units/{OP2}").json()["unit"]
    return str(next(c["code"] for c in unit["candidates"] if c["id"] == candidate))


def test_the_code_a_applies_is_the_last_applied_by_hand_not_an_accepts(app: FastAPI) -> None:
    """``GET /api/me/last-hand-code`` (the key `a`, newuser44 F5): the code of the coder's
    latest coding not made by accepting a suggestion; the keys 1-9 keep the accept's code."""
    alice = session_for(app, "alice")
    assert alice.get("/api/me/last-hand-code").json() == {"code": None}
    coded = alice.post("/api/codings", json={"unit_key": OP3, "code": "harm", "start": 0,
                                             "end": 9, "snippet": "SYNTHETIC"})  # fmt: skip
    assert coded.status_code == 201
    unit = alice.get(f"/api/units/{OP1}").json()["unit"]
    assert alice.post(f"/api/candidates/{unit['candidates'][0]['id']}/accept").is_success
    assert alice.get("/api/me/last-hand-code").json() == {"code": "harm"}
    assert alice.get("/api/me/recent-codes").json()[:2] == ["poc", "harm"]
    # undoing the accept, then the coding: no code applied by hand is left
    assert alice.post("/api/undo").status_code == 201
    assert alice.post("/api/undo").status_code == 201
    assert alice.get("/api/me/last-hand-code").json() == {"code": None}
    assert session_for(app, "bob").get("/api/me/last-hand-code").json() == {"code": None}


def test_a_coder_reading_blind_is_not_told_of_suggestions_they_are_not_shown(
    app: FastAPI,
) -> None:
    """A blind-assigned coder sees no machine suggestions: "done" is their own reading, made
    at once, and names none."""
    admin, alice = session_for(app, "admin"), session_for(app, "alice")
    order = {"unit_keys": [OP1], "coders": ["alice", "bob"], "blind": True}
    assert admin.post("/api/assignments", json=order).status_code == 201
    assert alice.get(f"/api/units/{OP1}").json()["unit"]["candidates"] == []
    done = alice.post(f"/units/{OP1}/done", data={"codebook": BOOK}, headers=HX)
    assert marks(app) == [(OP1, "done")] and "pending machine" not in done.text
    assert "pending machine" not in _flash(done)
