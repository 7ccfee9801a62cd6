"""The Assignments page lists a withdrawn validation draw (``normtrace code withdraw-draw``) as
withdrawn, with who withdrew it, when and why, and offers none of its units to assign; the
JSON twin says the same (DrawOut.withdrawn); a withdrawal taken back lists it as before.

The project is SYNTHETIC (tests/web/synthetic_draws.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from synthetic_draws import BOOK, build
from web_support import session_for

from normtrace.coding.draw_withdrawal import restore_draw, withdraw_draw
from normtrace.store.db import Store


@pytest.fixture()
def app(tmp_path: Path) -> Iterator[FastAPI]:
    from normtrace.web.app import create_app

    path = build(tmp_path / "template.db")
    shutil.copyfile(path, tmp_path / "syn.db")
    made = create_app(tmp_path / "syn.db", secret="test-secret")
    yield made
    made.state.access.close()


def test_a_withdrawn_draw_is_listed_as_withdrawn_and_offers_no_units(app: FastAPI) -> None:
    admin = session_for(app, "admin")
    made = admin.post("/api/draws", json={"codebook": BOOK, "code": "x", "n": 10, "seed": 9})
    assert made.status_code == 201, made.text
    draw = made.json()["id"]
    assign = f'<a href="/assignments?source=draw&amp;draw_id={draw}">Assign its units'
    assert assign in admin.get("/assignments").text

    def withdraw(store: Store) -> str:
        return withdraw_draw(store, draw, coder="admin", why="SYNTHETIC: the wrong code").said()

    said = app.state.access.write(withdraw)
    (listed,) = admin.get("/api/assignments").json()["draws"]
    assert listed["withdrawn"] == said and said.endswith(": SYNTHETIC: the wrong code")
    page = admin.get("/assignments").text
    assert assign not in page
    assert f'<span class="withdrawn">{said}: it counts in no estimate</span>' in page
    offered = admin.get(f"/assignments?source=draw&draw_id={draw}")
    assert offered.status_code == 400 and f"draw {draw} of x (synth) is withdrawn" in offered.text

    app.state.access.write(lambda store: restore_draw(store, draw, coder="admin"))
    (listed,) = admin.get("/api/assignments").json()["draws"]
    assert listed["withdrawn"] == "" and assign in admin.get("/assignments").text
