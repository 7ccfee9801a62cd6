"""One rule for the adjudication in force, read once where it is used (second reading).

Which adjudication stands for a codebook on a unit and code was written four times: in the
library (``coding.human.adjudicated.decisions_in_force``), in the exchange files
(``coding.exchange.adjudications.in_force``, its own SQL), in the workbench's recording
(``web.adjudication.latest``) and on the adjudication page (``routes.adjudication._in_force``,
over the history newest first). They now all read ``decisions_in_force``; these tests pin that
the library, a codings table, a ``.qdpx`` and the page name the same decisions in force after
a decision recorded before migration 0024 (no codebook) and one of this codebook were both
superseded. The four copies agreed: that part is a guard of the refactor, and passes on the
old code too.

What changed, and fails on the old code: a ``.qdpx`` export and a codings-table export read
the decisions in force once (they ran the query three times), and the adjudication page
computes its agreement report once per request (it computed it for the list of disagreements
and again for the disputed passages).

Document, codebook ``mini`` and the coders' work are SYNTHETIC (:mod:`synthetic_web`).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from synthetic_web import DEFAULT, MINI, OTHER, workbench
from web_support import TestClient

from normtrace.coding.exchange.adjudications import MEMBER, in_force
from normtrace.coding.exchange.qdpx import export_qdpx
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.exchange.tables import PassageFilter
from normtrace.coding.human.adjudicated import decisions_in_force
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.store.db import Store, utc_now
from normtrace.web import adjudication
from normtrace.web.access import ProjectAccess

WORDS = "protect civilians"
#: the statement that reads the decisions in force (old and new code alike)
IN_FORCE_SQL = "ORDER BY a.unit_key, a.code, a.id"


def _settled(access: ProjectAccess, admin: TestClient) -> dict[str, int]:
    """alice codes poc on WORDS for both codebooks, bob read the unit for both and found
    none; an "absent" as recorded before migration 0024 (no codebook) decides for both; the
    admin then decides poc present for mini (superseding it there) and absent for mini
    (superseding that). Returns the ids of the three adjudications."""
    order = {"unit_keys": [OTHER], "coders": ["alice", "bob"], "blind": False}
    assert admin.post("/api/assignments", json=order).status_code == 201

    def write(store: Store) -> dict[str, int]:
        text = str(
            store.conn.execute("SELECT text FROM units WHERE key = ?", (OTHER,)).fetchone()[0]
        )
        start = text.index(WORDS)
        coded = {b: add_code(store, coder="alice", unit_key=OTHER, start=start,
                             end=start + len(WORDS), code="poc", codebook=b).id
                 for b in (DEFAULT, MINI.name)}  # fmt: skip
        for b in (DEFAULT, MINI.name):
            mark_done(store, coder="bob", codebook=b, unit_keys=[OTHER])
        cur = store.conn.execute(  # as the workbench recorded it before 0024 (SYNTHETIC)
            "INSERT INTO adjudications (unit_key, code, decision, original_event_ids, "
            "adjudicator_id, created_at) VALUES (?, 'poc', 'absent', ?, "
            "(SELECT id FROM users WHERE name = 'admin'), ?)",
            (OTHER, json.dumps(sorted(coded.values())), utc_now()),
        )
        return {"old": int(cur.lastrowid or 0), "alice_mini": coded[MINI.name]}

    made = access.write(write)
    keep = {"unit_key": OTHER, "codes": ["poc"], "keep": [made["alice_mini"]],
            "codebook": MINI.name, "supersedes": {"poc": made["old"]}}  # fmt: skip
    present = admin.post("/api/adjudications/passage", json=keep)
    assert present.status_code == 201, present.text
    (row,) = present.json()
    none = {"unit_key": OTHER, "codes": ["poc"], "keep": [], "codebook": MINI.name,
            "supersedes": {"poc": row["id"]}}  # fmt: skip
    absent = admin.post("/api/adjudications/passage", json=none)
    assert absent.status_code == 201, absent.text
    (last,) = absent.json()
    return {"old": made["old"], "present": int(row["id"]), "absent": int(last["id"])}


def _page_current(admin: TestClient, book: str) -> tuple[set[int], set[int]]:
    """The ids of the decisions in force the page shows: on its list of disagreements, and
    on its disputed passages."""
    page = admin.get("/api/adjudication", params={"codebook": book})
    assert page.status_code == 200, page.text
    body = page.json()
    items = {i["current"]["id"] for i in body["items"] if i["current"] is not None}
    passages = {a["id"] for p in body["passages"] for a in p["current"]}
    return items, passages


def test_the_library_the_files_and_the_page_name_the_same_decisions_in_force(
    tmp_path: Path,
) -> None:
    """Guard (pure refactor: passes on the old code too)."""
    path = tmp_path / "p.db"
    with workbench(path) as (clients, access):
        admin = clients["admin"]
        ids = _settled(access, admin)
        expected = {DEFAULT: ids["old"], MINI.name: ids["absent"]}
        for book, stands in expected.items():
            assert _page_current(admin, book) == ({stands}, {stands})
    with Store.open(path) as store:
        for book, stands in expected.items():
            assert [d.id for d in decisions_in_force(store, book)] == [stands]
            assert [(d.id, d.decision) for d in in_force(store, book)] == [(stands, "absent")]
            table = tmp_path / f"{book}.csv"
            written = export(store, table, ExportRequest(PassageFilter(sources=("human",)), book))
            rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
            decided = [(r["unit_key"], r["status"], r["coder"]) for r in rows
                       if r["source"] == "adjudication"]  # fmt: skip
            assert decided == [(OTHER, "absent", "admin")]
            # the history a table does not carry: mini's old decision and its present one
            replaced = [n for n in written.notes if "a later decision replaced" in n]
            assert replaced == ([] if book == DEFAULT else [
                f"2 adjudication(s) of {book} a later decision replaced (the history; the "
                "decisions in force are rows of source adjudication): list them on the "
                "workbench's Adjudication page"])  # fmt: skip
            target = tmp_path / f"{book}.qdpx"
            report = export_qdpx(store, target, codebook=book)
            with zipfile.ZipFile(target) as zf:
                lines = [json.loads(x) for x in zf.read(MEMBER).decode().splitlines()]
            assert [(x["unit_key"], x["decision"], x["adjudicator"]) for x in lines] == [
                (OTHER, "absent", "admin")
            ]
            assert report.adjudications == 1
            assert any(s.startswith("2 adjudication(s) of mini a later decision replaced")
                       for s in report.skipped) == (book == MINI.name)  # fmt: skip


def _in_force_reads(store: Store, run: Any) -> int:
    """How many times ``run()`` reads the decisions in force."""
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        run()
    finally:
        store.conn.set_trace_callback(None)
    return sum(1 for sql in seen if "FROM adjudications a" in sql and IN_FORCE_SQL in sql)


def test_an_export_reads_the_decisions_in_force_once(tmp_path: Path) -> None:
    """A ``.qdpx`` and a codings table read them once (three times before)."""
    path = tmp_path / "p.db"
    with workbench(path) as (clients, access):
        _settled(access, clients["admin"])
    with Store.open(path) as store:
        request = ExportRequest(PassageFilter(sources=("human",)), MINI.name)
        qdpx = _in_force_reads(
            store, lambda: export_qdpx(store, tmp_path / "m.qdpx", codebook=MINI.name)
        )
        table = _in_force_reads(store, lambda: export(store, tmp_path / "m.csv", request))
    assert (qdpx, table) == (1, 1)


def test_the_adjudication_page_computes_its_agreement_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One agreement report per request, for the disagreements and the disputed passages
    alike (two before)."""
    with workbench(tmp_path / "p.db") as (clients, access):
        admin = clients["admin"]
        ids = _settled(access, admin)
        calls: list[str | None] = []
        computed = adjudication.agreement

        def counted(store: Store, **kwargs: Any) -> Any:
            calls.append(kwargs.get("codebook"))
            return computed(store, **kwargs)

        monkeypatch.setattr(adjudication, "agreement", counted)
        assert _page_current(admin, MINI.name) == ({ids["absent"]}, {ids["absent"]})
        assert calls == [MINI.name]
