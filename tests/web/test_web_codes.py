"""The code page (every passage of a code), its export, and the download buttons."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Callable

import pytest
from web_support import TestClient

from normtrace.coding.human import events
from normtrace.store.db import Store
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import get_user
from normtrace.web.teams import assign

SPEECH = "S/PV.8703/s002"
OP = "S/RES/2098 (2013)/op09"
CODE = "intervention_brigade"


def _code(access: ProjectAccess, coder: str, key: str, start: int, end: int) -> None:
    def run(store: Store) -> None:
        events.add_code(store, coder=coder, unit_key=key, start=start, end=end, code=CODE)

    access.write(run)


def _candidate_units(access: ProjectAccess) -> set[str]:
    with access.read() as store:
        rows = store.conn.execute(
            "SELECT unit_key FROM current_auto_codings WHERE code = ?", (CODE,)
        ).fetchall()
    return {r[0] for r in rows}


def test_code_page_lists_human_codings_and_labelled_candidates(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    _code(access, "alice", SPEECH, 0, 30)
    _code(access, "bob", OP, 0, 40)
    data = clients["vera"].get(f"/api/codes/{CODE}").json()
    human = [p for p in data["passages"] if p["source"] == "human"]
    assert {(p["coder"], p["unit_key"]) for p in human} == {("alice", SPEECH), ("bob", OP)}
    machine = [p for p in data["passages"] if p["source"] == "candidate"]
    assert {p["unit_key"] for p in machine} == _candidate_units(access)
    assert all(p["coder"] is None and p["source_label"] == "Dictionary candidate" for p in machine)
    speech = next(p for p in human if p["unit_key"] == SPEECH)
    assert speech["symbol"] == "S/PV.8703" and speech["date"] == "2020-01-15"
    assert speech["speaker"] and speech["role_label"] == "Role unresolved"
    assert "start" not in speech and "end" not in speech  # offsets are never shown
    counts = {c["value"]: c["count"] for c in data["by_document"]}
    assert counts["S/PV.8703"] >= 1 and data["listed"] == len(data["passages"])
    only = clients["vera"].get(f"/api/codes/{CODE}", params={"source": "human", "coder": "bob"})
    assert [p["unit_key"] for p in only.json()["passages"]] == [OP]
    html = clients["vera"].get(f"/codes/{CODE}").text
    assert "Dictionary candidate" in html and "Human coding" in html and "coded by" in html
    assert "Export this view" in html


def test_export_this_view_is_the_page_as_xlsx_and_csv(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    _code(access, "alice", SPEECH, 0, 30)
    params = {"source": "human"}
    response = clients["alice"].get(f"/codes/{CODE}/export.xlsx", params=params)
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("source", "status", "symbol") and len(rows) == 2
    csv_text = clients["alice"].get(f"/codes/{CODE}/export.csv", params=params).text
    assert csv_text.count("\n") == 2 and "alice" in csv_text
    assert clients["alice"].get(f"/codes/{CODE}/export.ods").status_code == 404


def test_code_page_and_its_export_keep_blind_units_blind(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    assert SPEECH in _candidate_units(access) or OP in _candidate_units(access)
    blind = [k for k in (SPEECH, OP) if k in _candidate_units(access)]

    def run(store: Store) -> None:
        assign(store, get_user(store, "admin"), blind, ["alice", "bob"], blind=True)

    access.write(run)
    for key in blind:
        _code(access, "bob", key, 0, 20)
    for path in (f"/api/codes/{CODE}", f"/codes/{CODE}/export.csv"):
        text = clients["alice"].get(path).text
        assert "bob" not in text
        for key in blind:
            assert key not in text
    # the admin, not assigned, sees everything
    assert "bob" in clients["admin"].get(f"/api/codes/{CODE}").text


def test_project_downloads_are_for_admins_and_codebooks_for_all(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    _code(access, "alice", SPEECH, 0, 30)
    for path in ("/export/codings.xlsx", "/export/project.qdpx"):
        assert clients["alice"].get(path).status_code == 403
    qdpx = clients["admin"].get("/export/project.qdpx")
    assert qdpx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(qdpx.content)) as zf:
        assert "project.qde" in zf.namelist()
    assert clients["admin"].get("/export/codings.csv").text.count("alice") == 1
    yaml = clients["vera"].get("/codebooks/stability-operations/export.yaml")
    assert yaml.status_code == 200 and "codes:" in yaml.text
    qdc = clients["vera"].get("/codebooks/stability-operations/export.qdc")
    assert "urn:QDA-XML:codebook:1.0" in qdc.text
    page = clients["admin"].get("/codebooks/stability-operations").text
    assert "/export/project.qdpx" in page and f"/codes/{CODE}" in page


def test_a_long_code_page_is_paged_and_counts_every_passage(
    clients: dict[str, TestClient], access: ProjectAccess, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normtrace.web import codepage

    _code(access, "alice", SPEECH, 0, 30)
    whole = clients["alice"].get(f"/api/codes/{CODE}").json()
    assert whole["listed"] >= 2 and whole["shown"] == whole["listed"]
    monkeypatch.setattr(codepage, "PAGE_LIMIT", 1)  # pages of one passage
    first = clients["alice"].get(f"/api/codes/{CODE}").json()
    second = clients["alice"].get(f"/api/codes/{CODE}", params={"offset": 1}).json()
    assert (first["listed"], first["shown"], second["shown"]) == (whole["listed"], 1, 1)
    assert first["by_document"] == second["by_document"] == whole["by_document"]
    assert [first["passages"][0], second["passages"][0]] == whole["passages"][:2]
    beyond = clients["alice"].get(f"/api/codes/{CODE}", params={"offset": 10_000}).json()
    assert beyond["passages"] == [] and beyond["listed"] == whole["listed"]
    page = clients["alice"].get(f"/codes/{CODE}", params={"offset": 1})
    assert page.status_code == 200 and 'rel="prev"' in page.text


def _export_rows(client: TestClient, params: dict[str, str]) -> list[dict[str, str]]:
    text = client.get(f"/codes/{CODE}/export.csv", params=params).text
    return list(csv.DictReader(io.StringIO(text)))


def test_code_page_pages_concatenate_to_the_export_and_counts_match_it(
    clients: dict[str, TestClient], access: ProjectAccess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each page reads only its passages, the counts are SQL aggregates: the pages, in order,
    are the export of the same view, and the counts are those of the export's rows, for
    every viewer of a project with a blind unit."""
    from normtrace.web import codepage

    _code(access, "alice", SPEECH, 0, 30)
    _code(access, "bob", SPEECH, 5, 25)
    _code(access, "bob", OP, 0, 40)

    def run(store: Store) -> None:
        assign(store, get_user(store, "admin"), [SPEECH], ["alice", "bob"], blind=True)

    access.write(run)
    monkeypatch.setattr(codepage, "PAGE_LIMIT", 3)
    shown = ("source", "status", "symbol", "unit_key", "coder", "role", "left", "text", "right")
    for name in ("alice", "bob", "admin", "vera"):
        for params in ({}, {"source": "human"}, {"document": "S/PV.8703"}, {"coder": "bob"}):
            client = clients[name]
            first = client.get(f"/api/codes/{CODE}", params=params).json()
            pages = [first] + [
                client.get(f"/api/codes/{CODE}", params={**params, "offset": str(at)}).json()
                for at in range(3, first["listed"], 3)
            ]
            paged = [{k: p[k] or "" for k in shown} for page in pages for p in page["passages"]]
            export = _export_rows(client, params)
            assert paged == [{k: r[k] for k in shown} for r in export], (name, params)
            for page in pages:
                # the counts of the passages listed (the totals are freq's:
                # test_codepage_counted)
                counts = {k: page[k] for k in ("listed", "by_source", "roles", "coders")}
                assert counts == _counts_of(export), (name, params)
    alice = _export_rows(clients["alice"], {})
    assert not any(r["coder"] == "bob" and r["unit_key"] == SPEECH for r in alice)
    last = clients["alice"].get(f"/api/codes/{CODE}", params={"offset": str(2**63 - 1)})
    assert last.status_code == 200 and last.json()["passages"] == []


def _counts_of(rows: list[dict[str, str]]) -> dict[str, object]:
    """The code page's counts of the passages listed computed from the export's rows
    (largest first, ties in the order of the passages)."""
    from normtrace.web.codepage import SOURCE_LABELS
    from normtrace.web.labels import role_label

    def largest(values: list[str], label: Callable[[str], str]) -> list[dict[str, object]]:
        return [
            {"value": v, "label": label(v), "count": n} for v, n in Counter(values).most_common()
        ]

    return {
        "listed": len(rows),
        "by_source": largest([r["source"] for r in rows], SOURCE_LABELS.__getitem__),
        "roles": largest([r["role"] for r in rows], role_label),
        "coders": sorted({r["coder"] for r in rows if r["coder"]}),
    }


def test_the_codings_export_carries_review_marks_and_keeps_blind_ones_hidden(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """The admins' codings table reads back with `code import`: each row says whether it
    marks its unit reviewed, and every mark is a row of its own; the blind
    rule hides another coder's mark as it hides their codings."""
    from normtrace.coding.human.reviews import mark_done

    _code(access, "alice", SPEECH, 0, 30)

    def marks(store: Store) -> None:
        for coder, key in (("alice", SPEECH), ("bob", OP)):
            mark_done(store, coder=coder, codebook="stability-operations", unit_keys=[key])

    access.write(marks)

    def table() -> set[tuple[str, ...]]:
        text = clients["admin"].get("/export/codings.csv").text
        return {
            (r["coder"], r["unit_key"], r["code"], r["status"], r["reviewed"])
            for r in csv.DictReader(io.StringIO(text))
        }

    assert table() == {
        ("alice", SPEECH, CODE, "coded", "no"),
        ("alice", SPEECH, "", "reviewed", "unit"),  # every mark is a row of its own
        ("bob", OP, "", "reviewed", "unit"),
    }

    def blind(store: Store) -> None:
        assign(store, get_user(store, "admin"), [OP], ["admin", "bob"], blind=True)

    access.write(blind)
    assert table() == {
        ("alice", SPEECH, CODE, "coded", "no"),
        ("alice", SPEECH, "", "reviewed", "unit"),
    }


def test_a_database_error_is_one_line_and_the_connection_lives_on(
    clients: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database error that escaped the library (here a write tried on a read-only
    connection) is answered 500 in one line, like a StoreError, and logged; left to
    Starlette it closed the client's connection and spilled a traceback."""
    import sqlite3

    from normtrace.web import codepage

    def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(codepage, "passage_page", broken)
    client = clients["alice"]
    response = client.get("/api/codes/poc")
    assert response.status_code == 500
    body = response.json()
    assert body["status"] == 500 and "\n" not in body["error"]
    assert "the project's database failed on this request" in body["error"]
    assert client.get("/api/documents").status_code == 200  # the same client goes on
