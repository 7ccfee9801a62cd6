"""The workbench's "done" only translates the library's one rule
(:func:`normtrace.coding.human.mark_asks.mark_done_asking`): a misused blind re-reading is
refused (400) in the API's and the form's own words, a withdrawal asks nothing, and nothing is
written by a refusal. Both once checked ``again`` and withdrew marks themselves; the answers are
the same. The project is SYNTHETIC (tests/web/synthetic_workbench.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from synthetic_workbench import BOOK, SYMBOL, marks, served, statuses
from web_support import session_for

OP1, OP3 = f"{SYMBOL}/op1", f"{SYMBOL}/op3"
DONE = "/api/units/done"
HX = {"HX-Request": "true"}
API_REFUSED = ("again is a blind re-reading of a unit for every code: send it without undo, "
               "codes or a paragraph level")  # fmt: skip
FORM_REFUSED = ("again is a blind re-reading of a unit for every code: send it without undo or "
                "a choice of codes")  # fmt: skip


@pytest.fixture()
def app(tmp_path: Path) -> Iterator[FastAPI]:
    yield from served(tmp_path / "syn.db")


@pytest.mark.parametrize(
    "misused",
    [{"undo": True}, {"codes": ["poc"]}, {"level": "paragraph"}, {"level": "sentence"}],
    ids=["undo", "codes", "paragraph", "unknown-level"],
)
def test_the_api_refuses_a_misused_re_reading_in_its_words(
    app: FastAPI, misused: dict[str, object]
) -> None:
    alice = session_for(app, "alice")
    body = {"codebook": BOOK, "unit_key": OP3, "again": True, **misused}
    refused = alice.post(DONE, json=body)
    assert refused.status_code == 400, refused.text
    assert refused.json()["error"] == API_REFUSED
    assert marks(app) == []


@pytest.mark.parametrize(
    "misused", [{"undo": "1"}, {"scoped": "1", "codes": ["poc"]}, {"scoped": "1"}],
    ids=["undo", "codes", "no-code-ticked"],
)  # fmt: skip
def test_the_form_refuses_a_misused_re_reading_in_its_words(
    app: FastAPI, misused: dict[str, object]
) -> None:
    alice = session_for(app, "alice")
    data = {"codebook": BOOK, "again": "1", **misused}
    refused = alice.post(f"/units/{OP3}/done", data=data, headers=HX)
    assert refused.status_code == 400, refused.text
    assert refused.json()["error"] == FORM_REFUSED
    assert marks(app) == []


def test_a_withdrawal_asks_nothing_on_either_surface(app: FastAPI) -> None:
    alice = session_for(app, "alice")
    before = statuses(alice, OP1)
    done = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP1, "confirm": True})
    assert done.status_code == 201 and set(statuses(alice, OP1).values()) == {"absent"}
    # withdrawn with no confirmation, though its suggestions become pending again
    back = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP1, "undo": True})
    assert back.status_code == 201, back.text
    assert back.json() == {"withdrawn": 1, "unit_key": OP1, "codebook": BOOK, "codes": None,
                           "decided": []}  # fmt: skip
    assert statuses(alice, OP1) == before
    # the form: marked anyway, then withdrawn, saying so
    alice.post(f"/units/{OP1}/done", data={"codebook": BOOK, "confirm": " ".join(
        str(i) for i in before)}, headers=HX)  # fmt: skip
    form = alice.post(f"/units/{OP1}/done", data={"codebook": BOOK, "undo": "1"}, headers=HX)
    assert form.status_code == 200, form.text
    assert f"Withdrawn: your 'done' mark ({BOOK}) on {OP1}" in form.headers["HX-Trigger"]
    assert marks(app) == [(OP1, "done"), (OP1, "undone"), (OP1, "done"), (OP1, "undone")]
    nothing = alice.post(DONE, json={"codebook": BOOK, "unit_key": OP1, "undo": True})
    assert nothing.status_code == 400 and "has no current 'done' mark" in nothing.json()["error"]
