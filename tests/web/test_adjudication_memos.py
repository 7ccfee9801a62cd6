"""The adjudication page shows the coders' reasons (newuser44): each reading lists the memo its
coder wrote with the coding and their memos on the unit, its words and codings; memos on the
unit by anyone else (the adjudicator's) are listed under the readings. The adjudicator decided
without them. The project and its memos are SYNTHETIC."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from synthetic_workbench import BOOK, SYMBOL, coded_with_memos, served
from web_support import session_for

OP3 = f"{SYMBOL}/op3"


@pytest.fixture()
def app(tmp_path: Path) -> Iterator[FastAPI]:
    yield from served(tmp_path / "syn.db")


def _reading(passage: dict[str, Any], coder: str) -> dict[str, Any]:
    (found,) = [r for r in passage["readings"] if r["coder"] == coder]
    return found


def test_each_reading_shows_its_coders_memos_and_the_unit_memos_are_listed(
    app: FastAPI,
) -> None:
    admin, alice, bob = (session_for(app, n) for n in ("admin", "alice", "bob"))
    coded_with_memos(admin, alice, bob)
    hx = {"HX-Request": "true"}
    unit_memo = {"text": "SYNTHETIC: weather only, no harm"}
    assert bob.post(f"/units/{OP3}/memos", data=unit_memo, headers=hx).status_code == 200
    own = {"text": "SYNTHETIC: ask the coders"}
    assert admin.post(f"/units/{OP3}/memos", data=own, headers=hx).status_code == 200

    page = admin.get("/api/adjudication", params={"codebook": BOOK}).json()
    (passage,) = [p for p in page["passages"] if p["unit_key"] == OP3]
    theirs = [(m["target"], m["text"]) for m in _reading(passage, "alice")["memos"]]
    assert theirs == [
        ("\u201csynthetic report\u201d \u00b7 Harm to civilians (with the coding)",
         "SYNTHETIC: the report names harm"),
        ("\u201csynthetic report\u201d \u00b7 Harm to civilians", "SYNTHETIC: see the annex"),
    ]  # fmt: skip
    assert [(m["target"], m["text"]) for m in _reading(passage, "bob")["memos"]] == [
        ("unit", "SYNTHETIC: weather only, no harm")]  # fmt: skip
    assert [(m["author"], m["text"]) for m in passage["memos"]] == [
        ("admin", "SYNTHETIC: ask the coders")]  # fmt: skip
    html = admin.get("/adjudication", params={"codebook": BOOK}).text
    for text in ("SYNTHETIC: the report names harm", "SYNTHETIC: see the annex",
                 "SYNTHETIC: weather only, no harm", "SYNTHETIC: ask the coders"):  # fmt: skip
        assert html.count(text) == 1, text
    assert 'aria-label="bob&#39;s memos"' in html or 'aria-label="bob\'s memos"' in html
