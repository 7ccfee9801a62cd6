"""The workbench lists a coding's memos where the coding stands, on the words they were written
on, by the rule of ``code list`` and the exports (passage_memos), and dates every memo by when
it was made (reviewer F1, F2). It picked memos by their own unit and quoted the unit's current
text at their old offsets: after an ingest re-anchored a coding, or its coder moved it with
``code review --move``, a memo was shown on words nobody coded, and the moved coding's memos
were missing at its new place (its dispute there showed no reason from its coder); memos not
written with a coding were dated by recording time, ignoring the time an import stated, so a
coder's reasons were listed out of order. The resolution, coders and memos are SYNTHETIC."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import FastAPI
from web_support import PASSWORD, done_anyway, session_for

from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.human import events
from normtrace.coding.human.anchors import open_reviews, resolve_review
from normtrace.coding.human.made_at import record_stated
from normtrace.store.db import Store
from normtrace.web import codings, queries
from normtrace.web.auth import User, create_user
from synthetic_moved import (
    INSERTED,
    OP1,
    OP2,
    OWNERSHIP,
    SYMBOL,
    code_ownership,
    insert_before_op1,
    project,
    reword_op1,
    unit_text,
)

ADMIN = User(1, "admin", "admin")
WORDS = "Recognizes the ownership"  # op1[0:24] of the first version
FREE = "the synthetic Government"  # words of op1 no coding is on
OWN = "“Recognizes the ownership” · Ownership"


def _coded(store: Store) -> None:
    """ana's coding of WORDS with a memo, her memo on it after, bob's memo on other words."""
    code_ownership(store, "SYNTHETIC with the coding", "SYNTHETIC on her coding")
    at = OWNERSHIP.index(FREE)
    events.add_memo(store, coder="bob", unit_key=OP1, start=at, end=at + len(FREE),
                    memo="SYNTHETIC on free words")  # fmt: skip


def _shown(store: Store, key: str) -> list[tuple[str, str, str]]:
    """The memos of the unit page of ``key`` (the admin's)."""
    unit = codings.with_codings(store, ADMIN, queries.get_unit(store, key))
    return [(m.author, m.target, m.text) for m in unit.memos]


def test_a_moved_codings_memos_go_with_it_and_no_memo_quotes_words_now_at_its_offsets(
    tmp_path: Path,
) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        _coded(store)
        insert_before_op1(opened, path)
        assert unit_text(store, OP1) == INSERTED
        gone = " (words no longer at this place)"
        # waiting for review: its words left op1; nothing is quoted from the inserted text
        assert _shown(store, OP1) == [
            ("ana", OWN + gone, "SYNTHETIC on her coding"),
            ("bob", f"“{FREE}”{gone}", "SYNTHETIC on free words"),
        ]
        assert _shown(store, OP2) == []
        (review,) = open_reviews(store)
        resolve_review(store, review.id, coder="ana", move=True)
        # at op2 with the coding, on the words it was written on
        assert _shown(store, OP2) == [("ana", OWN, "SYNTHETIC on her coding")]
        # at op1: where it went; bob's memo was on no coding: its words left its place
        assert _shown(store, OP1) == [
            ("ana", f"{OWN} (words since moved with the coding to {OP2})",
             "SYNTHETIC on her coding"),
            ("bob", f"“{FREE}”{gone}", "SYNTHETIC on free words"),
        ]  # fmt: skip
        for key in (OP1, OP2):
            for _, target, _ in _shown(store, key):
                assert INSERTED[:10] not in target and "Welcomes" not in target


def test_a_re_anchored_codings_memo_is_on_its_words_not_on_the_words_at_its_old_offsets(
    tmp_path: Path,
) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        _coded(store)
        reword_op1(opened, path)  # "Firmly and SYNTHETICALLY " now stands at op1[0:25]
        (coding,) = events.human_codings(store, coder="ana")
        assert (coding.unit_key, coding.start) == (OP1, 25)
        shown = _shown(store, OP1)
        assert shown[0] == ("ana", OWN, "SYNTHETIC on her coding")
        # bob's free words moved within op1 too: the memo says so, quoting its own words
        assert shown[1] == ("bob", f"“{FREE}” (words no longer at this place)",
                            "SYNTHETIC on free words")  # fmt: skip
        assert all("Firmly" not in target for _, target, _ in shown)


@contextmanager
def _served(path: Path) -> Iterator[FastAPI]:
    from normtrace.web.app import create_app

    with Store.open(path) as store:
        for name, role in (("ana", "coder"), ("bob", "coder"), ("admin", "admin")):
            create_user(store, name, role, PASSWORD)
    app = create_app(path, secret="test-secret")
    try:
        yield app
    finally:
        app.state.access.close()


def _ana_on(app: FastAPI, key: str) -> list[tuple[str, str, str]]:
    """ana's reasons on the disputed passage of ``key``, as the adjudication page lists them."""
    admin, bob = session_for(app, "admin"), session_for(app, "bob")
    order = {"unit_keys": [key], "coders": ["ana", "bob"], "blind": False}
    assert admin.post("/api/assignments", json=order).status_code == 201
    done = done_anyway(bob, key, {"codebook": "synth"}, {"HX-Request": "true"})
    assert done.is_success, done.text
    page = admin.get("/api/adjudication", params={"codebook": "synth"}).json()
    (passage,) = [p for p in page["passages"] if p["unit_key"] == key]
    (ana,) = [r for r in passage["readings"] if r["coder"] == "ana"]
    return [(m["target"], m["text"], m["created_at"]) for m in ana["memos"]]


def test_the_dispute_where_a_coding_was_moved_lists_its_coders_memos_on_it(
    tmp_path: Path,
) -> None:
    with project(tmp_path) as (opened, path):
        _coded(opened.store)
        insert_before_op1(opened, path)
        (review,) = open_reviews(opened.store)
        resolve_review(opened.store, review.id, coder="ana", move=True)
    with _served(tmp_path / "p.db") as app:
        reasons = _ana_on(app, OP2)
    assert [(target, text) for target, text, _ in reasons] == [
        (f"{OWN} (with the coding)", "SYNTHETIC with the coding"),
        (OWN, "SYNTHETIC on her coding"),
    ]


def test_every_memo_is_dated_when_it_was_made_after_a_table_round_trip(tmp_path: Path) -> None:
    """ana writes a memo on op1, then codes it with a memo; the table goes to a new project:
    the import states both times, and her reasons keep their order."""
    table = tmp_path / "out.csv"
    with project(tmp_path / "a") as (opened, _):
        events.add_memo(opened.store, coder="ana", unit_key=OP1, memo="SYNTHETIC first, on op1")
        time.sleep(0.01)
        events.add_code(opened.store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                        memo="SYNTHETIC then, with the coding", codebook="synth")  # fmt: skip
        export(opened.store, table, ExportRequest(codebook="synth"))
        written = {e.memo: e.at for e in events.list_events(opened.store)}
    time.sleep(0.01)  # the import's events are recorded after both
    with project(tmp_path / "b") as (opened, _):
        report = import_codings(opened.store, table, codebook="synth", coder="ana")
        assert (report.codings, report.memos) == (1, 1)
        page = codings.with_codings(opened.store, ADMIN, queries.get_unit(opened.store, OP1))
        assert [(m.text, m.created_at) for m in page.memos] == [
            ("SYNTHETIC first, on op1", written["SYNTHETIC first, on op1"])
        ]
    with _served(tmp_path / "b" / "p.db") as app:
        reasons = _ana_on(app, OP1)
    assert [(text, at) for _, text, at in reasons] == [
        ("SYNTHETIC first, on op1", written["SYNTHETIC first, on op1"]),
        ("SYNTHETIC then, with the coding", written["SYNTHETIC then, with the coding"]),
    ]


def test_document_memos_are_dated_when_they_were_made(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, _):
        store = opened.store
        later = events.add_document_memo(store, coder="ana", document=SYMBOL, memo="SYNTHETIC b")
        stated = events.add_document_memo(store, coder="bob", document=SYMBOL,
                                          memo="SYNTHETIC a")  # fmt: skip
        record_stated(
            store, source="import:SYNTHETIC.csv", events={stated.id: "2020-01-01T00:00:00Z"}
        )
        document_id = int(store.conn.execute(
            "SELECT id FROM documents WHERE symbol = ? AND is_current = 1", (SYMBOL,)
        ).fetchone()[0])  # fmt: skip
        listed = codings.document_memos(store, ADMIN, document_id).memos
        assert [(m.text, m.created_at) for m in listed] == [
            ("SYNTHETIC a", "2020-01-01T00:00:00Z"),
            ("SYNTHETIC b", later.at),
        ]


def test_the_page_lists_no_memo_twice(tmp_path: Path) -> None:
    """A memo on a coding standing in its own unit is listed once (by its unit and its
    coding)."""
    with project(tmp_path) as (opened, _):
        _coded(opened.store)
        shown = _shown(opened.store, OP1)
        assert [text for _, _, text in shown] == ["SYNTHETIC on her coding",
                                                  "SYNTHETIC on free words"]  # fmt: skip
        assert shown[1][1] == f"“{FREE}”"
