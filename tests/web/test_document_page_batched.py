"""The document page reads its units' dictionary candidates in one query, not one per unit
(a whole-corpus project took 5-7 s per long document, N2 finding 4), and shows what each
unit's own page shows. SYNTHETIC project: no real UN text.

``tests/`` and ``tests/web`` are on ``sys.path`` (their ``conftest.py`` put them there).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from web_support import ACCOUNTS, PASSWORD, session_for

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.dictionary.candidates import (
    counted_in_sql,
    counted_sql,
    units_candidates,
)
from normtrace.coding.human.events import record_verdict
from normtrace.coding.human.reviews import mark_done
from normtrace.store.db import Store
from normtrace.web import codings, queries
from normtrace.web.app import create_app
from normtrace.web.auth import create_user, get_user
from normtrace.web.routes import reading
from normtrace.web.teams import assign
from synthetic_docs import insert_document

BOOK = Codebook(name="syn-book", codes=(
    Code(id="poc", name="PoC (SYNTHETIC)", entries=(Entry("protect* civilian*"),)),
    Code(id="ceasefire", name="Ceasefire (SYNTHETIC)", entries=(Entry("ceasefire"),)),
))  # fmt: skip
#: the candidate query of a unit or a page of units (the marker of its SQL)
CANDIDATES_SQL = "FROM current_auto_codings a LEFT JOIN current_verdicts v"


def _paragraphs(symbol: str, n: int) -> list[tuple[str, str, str]]:
    """``n`` SYNTHETIC operative paragraphs, most with one or two candidates, some none."""
    texts = [
        "Decides that the synthetic mission shall protect civilians and observe the ceasefire;",
        "Requests the synthetic mission to protect civilians in the synthetic towns;",
        "Decides to remain seized of the synthetic matter;",
    ]
    return [(f"{symbol}/op{i + 1}", "operative", texts[i % 3]) for i in range(n)]


def _build(path: Path) -> Path:
    """Two SYNTHETIC resolutions (6 and 60 paragraphs), the codebook applied, verdicts of
    two coders, a "done" mark and a blind assignment."""
    with Store.open(path) as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/7", _paragraphs("SYN/7", 6), date="2001-03-28")
            insert_document(conn, "SYN/8", _paragraphs("SYN/8", 60), date="2002-03-28")
        with store.transaction():
            for name, role in ACCOUNTS.items():
                create_user(store, name, role, PASSWORD)
        apply_codebook(store, BOOK)
        ids = {(str(r[0]), str(r[1])): int(r[2]) for r in store.conn.execute(
            "SELECT unit_key, code, id FROM current_auto_codings")}  # fmt: skip
        with store.transaction():
            for doc in ("SYN/7", "SYN/8"):
                record_verdict(store, coder="alice", auto_coding_id=ids[f"{doc}/op1", "poc"],
                               verdict="accept")  # fmt: skip
                record_verdict(store, coder="bob", auto_coding_id=ids[f"{doc}/op2", "poc"],
                               verdict="reject")  # fmt: skip
                record_verdict(store, coder="bob", auto_coding_id=ids[f"{doc}/op4", "poc"],
                               verdict="reject")  # fmt: skip
                mark_done(store, coder="bob", codebook=BOOK.name, unit_keys=[f"{doc}/op5"])
            admin = get_user(store, "admin")
            assign(store, admin, ["SYN/7/op4", "SYN/8/op4"], ["alice", "bob"], blind=True)
    return path


@contextmanager
def _traced(path: Path) -> Iterator[tuple[Any, list[str]]]:
    """A stand-in for the workbench's project access whose reads go through one store with
    every statement recorded."""
    seen: list[str] = []
    with Store.open(path) as store:

        class Access:
            @contextmanager
            def read(self) -> Iterator[Store]:
                yield store

        store.conn.set_trace_callback(seen.append)
        try:
            yield Access(), seen
        finally:
            store.conn.set_trace_callback(None)


def _document_ids(path: Path) -> dict[str, int]:
    with Store.open(path) as store:
        rows = store.conn.execute("SELECT symbol, id FROM documents")
        return {str(r[0]): int(r[1]) for r in rows}


def test_the_document_page_reads_candidates_once_however_many_units(tmp_path: Path) -> None:
    """One candidate query for a page of 6 units and one for 60 (one per unit before)."""
    path = _build(tmp_path / "p.db")
    docs = _document_ids(path)
    reads = {}
    for name in ("alice", "admin"):
        for symbol, n in (("SYN/7", 6), ("SYN/8", 60)):
            with _traced(path) as (access, seen), Store.open(path) as plain:
                user = get_user(plain, name)
                view = reading.document(docs[symbol], user, access)
            assert len(view.units) == n
            assert any(u.candidates for u in view.units)
            reads[name, n] = sum(CANDIDATES_SQL in sql for sql in seen)
    assert reads == {("alice", 6): 1, ("alice", 60): 1, ("admin", 6): 1, ("admin", 60): 1}


def test_each_unit_on_the_document_page_is_its_unit_page(tmp_path: Path) -> None:
    """Every unit of the document page (JSON; the HTML page is made of the same data) equals
    its own unit page for each reader: own verdicts, another coder's reject and a "done"
    mark read as absent, the blind unit's candidates hidden from its coders and, to a viewer
    who may not see the coders' work, pending."""
    path = _build(tmp_path / "p.db")
    docs = _document_ids(path)
    app = create_app(path, secret="test-secret")
    try:
        statuses: dict[tuple[str, str], list[str]] = {}
        for name in ("alice", "bob", "admin", "vera"):
            client = session_for(app, name)
            for symbol in ("SYN/7", "SYN/8"):
                page = client.get(f"/api/documents/{docs[symbol]}")
                assert page.status_code == 200, page.text
                for unit in page.json()["units"]:
                    alone = client.get(f"/api/units/{unit['key']}")
                    assert alone.status_code == 200, alone.text
                    assert unit == alone.json()["unit"], unit["key"]
                    statuses[name, unit["key"]] = [c["status"] for c in unit["candidates"]]
                html = client.get(f"/documents/{docs[symbol]}")
                assert html.status_code == 200
        for doc in ("SYN/7", "SYN/8"):
            assert statuses["alice", f"{doc}/op1"] == ["accept", "pending"]
            assert statuses["alice", f"{doc}/op2"] == ["absent"]  # bob's reject
            assert statuses["bob", f"{doc}/op2"] == ["reject"]
            assert statuses["alice", f"{doc}/op3"] == []  # no candidate
            assert statuses["alice", f"{doc}/op5"] == ["absent"]  # bob's "done" mark
            assert statuses["alice", f"{doc}/op4"] == []  # blind: hidden from its coder
            assert statuses["admin", f"{doc}/op4"] == ["absent", "pending"]  # sees everyone
            # a viewer not assigned: the coders' reject is theirs to tell
            assert statuses["vera", f"{doc}/op4"] == ["pending", "pending"]
    finally:
        app.state.access.close()


def test_counted_for_a_page_is_the_counts_rule(tmp_path: Path) -> None:
    """:func:`counted_in_sql` (a page's units) says of every candidate what the ``codings``
    view's rule :func:`counted_sql` says; and the page's read equals each unit's alone."""
    path = _build(tmp_path / "p.db")
    with Store.open(path) as store:
        keys = [str(r[0]) for r in store.conn.execute("SELECT key FROM paragraphs ORDER BY key")]
        units = f"({', '.join('?' * len(keys))})"
        rows = store.conn.execute(
            f"SELECT a.id, {counted_sql('a')}, {counted_in_sql('a', units)} "
            "FROM current_auto_codings a ORDER BY a.id",
            keys,
        ).fetchall()
        assert len(rows) > 60
        assert all(r[1] == r[2] for r in rows)
        assert {r[1] for r in rows} == {0, 1}  # both kinds are there
        page = units_candidates(store, keys, coder="alice")
        for key in keys:
            alone = units_candidates(store, [key], coder="alice")
            assert alone.get(key, []) == page.get(key, []), key
        user = get_user(store, "alice")
        units_out = queries.document_units(store, 1)
        batched = codings.units_with_codings(store, user, units_out)
        assert batched == [codings.with_codings(store, user, u) for u in units_out]
