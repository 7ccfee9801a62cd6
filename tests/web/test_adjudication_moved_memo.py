"""The adjudication page dates the memo a coder wrote with a coding by when the coding was made,
also after a new version of the text re-anchored the coding (the re-anchored coding is a new
event: its recording time is the ingest's, and the memo was listed as written then, after the
coder's later memos). The project, coders and memos are SYNTHETIC."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from synthetic_workbench import BOOK, SYMBOL, WITH_CODING, coded_with_memos, served
from web_support import session_for

from normtrace.coding.human import events
from normtrace.store.db import Store

OP3 = f"{SYMBOL}/op3"


@pytest.fixture()
def app(tmp_path: Path) -> Iterator[FastAPI]:
    yield from served(tmp_path / "syn.db")


def test_a_re_anchored_codings_memo_keeps_the_time_the_coding_was_made(
    app: FastAPI, tmp_path: Path
) -> None:
    admin, alice, bob = (session_for(app, n) for n in ("admin", "alice", "bob"))
    coded_with_memos(admin, alice, bob)
    why = WITH_CODING
    time.sleep(0.003)
    # an ingest re-anchors alice's coding (here to the same offsets, as when words after it
    # changed): the uncode of the old span and the code that names the event it moves
    with Store.open(tmp_path / "syn.db") as store:
        (first,) = events.human_codings(store, coder="alice")
        events.append_event(
            store, coder="alice", action="uncode", trusted=True, unit_key=OP3, start=first.start,
            end=first.end, code="harm", memo="re-anchored: moved", reanchors=first.event_id,
            codebook_version=first.codebook_version,
        )  # fmt: skip
        moved = events.add_code(store, coder="alice", unit_key=OP3, start=first.start,
                                end=first.end, code="harm", memo=why, reanchors=first.event_id,
                                codebook=BOOK)  # fmt: skip
        assert moved.at > first.at
    page = admin.get("/api/adjudication", params={"codebook": BOOK}).json()
    (passage,) = [p for p in page["passages"] if p["unit_key"] == OP3]
    (alice_reading,) = [r for r in passage["readings"] if r["coder"] == "alice"]
    memos = [(m["text"], m["created_at"]) for m in alice_reading["memos"]]
    assert memos[0] == (why, first.at)  # written with the coding, before her memo on it
    assert [text for text, _ in memos] == [why, "SYNTHETIC: see the annex"]
