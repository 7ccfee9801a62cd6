"""Blind means blind: every route in ``app.routes`` walked as a blind coder, and as an admin
who codes blind, shows no candidate, suggestion or other coder's coding of the assigned unit.

Probes make a leak visible wherever it would surface: a dictionary candidate and a model
suggestion of the code ``zz_probe`` (a codebook of its own, not codable, so no coding menu
lists it) on the assigned unit, and the other coder's coding carries a marked memo. Pages
about the probe code itself (its code page, its suggestion queue) name the code; there a
leak shows as the assigned unit's key.
"""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from web_support import TestClient

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.human import events
from normtrace.store.db import Store, utc_now
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import get_user
from normtrace.web.teams import assign

KEY = "S/PV.8703/s002"
PROBE = "zz_probe"
MEMO = "MEMO-OF-THE-OTHER-CODER"
SAMPLE = {
    "document_id": "2", "key": KEY, "name": "stability-operations", "codebook": "blindprobe",
    "code": PROBE, "fmt": "csv", "job_id": "none", "draw_id": "1",
}  # fmt: skip


def _probes(store: Store) -> None:
    book = Codebook(name="blindprobe", codes=(Code(id=PROBE, name="Probe", codable=False),))
    book_id = register_codebook(store, book)
    text = store.conn.execute("SELECT text FROM units WHERE key = ?", (KEY,)).fetchone()[0]
    run = store.start_run("coding", "test.probe")
    store.conn.execute(
        "INSERT INTO coding_runs (run_id, codebook_id, codebook, codebook_version, units, spans, "
        "finished_at) VALUES (?, ?, 'blindprobe', ?, 1, 1, ?)",
        (run, book_id, book.version, utc_now()),
    )
    store.conn.execute(
        'INSERT INTO auto_codings (run_id, codebook_id, codebook_version, unit_key, start, "end", '
        "snippet, text_sha256, code, entry) VALUES (?, ?, ?, ?, 0, 5, ?, 'x', ?, 'probe')",
        (run, book_id, book.version, KEY, text[:5], PROBE),
    )
    learn = store.start_run("learn", "test.probe")
    store.conn.execute(
        "INSERT INTO learn_models (run_id, codebook, codebook_version, level, version, params, "
        "codes, model, created_at) VALUES (?, 'blindprobe', ?, 'unit', 'v', '{}', '{}', x'', ?)",
        (learn, book.version, utc_now()),
    )
    store.conn.execute(
        "INSERT INTO suggestions (run_id, model_run_id, model_version, codebook, "
        "codebook_version, level, unit_key, code, probability, text_sha256) "
        "VALUES (?, ?, 'v', 'blindprobe', ?, 'unit', ?, ?, 0.5, 'x')",
        (learn, learn, book.version, KEY, PROBE),
    )


def _get_paths(app: FastAPI) -> list[str]:
    paths = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and "GET" in route.methods:
            paths.append(re.sub(r"\{(\w+)(:path)?\}", lambda m: SAMPLE[m[1]], str(context.path)))
    return paths


def _setup(access: ProjectAccess, coders: list[str], other: str) -> None:
    def run(store: Store) -> None:
        _probes(store)
        assign(store, get_user(store, "admin"), [KEY], coders, blind=True)
        events.add_code(store, coder=other, unit_key=KEY, start=0, end=9, code="poc", memo=MEMO)
        events.add_memo(store, coder=other, unit_key=KEY, memo=MEMO)

    access.write(run)


def _walk(app: FastAPI, client: TestClient) -> list[str]:
    leaks = []
    paths = _get_paths(app)
    assert len(paths) > 20 and any(p.startswith("/codes/") for p in paths)
    for path in paths:
        for accept in ("text/html", "application/json"):
            response = client.get(path, params={"q": "the"}, headers={"Accept": accept})
            # a page about the probe code names it; a leak there names the assigned unit
            for marker in (MEMO, KEY if PROBE in path else PROBE):
                if marker in response.text:
                    leaks.append(f"{path} ({accept}): {marker}")
    return leaks


def test_probes_are_visible_when_not_blind(
    app: FastAPI, clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """The walk can fail: without the blind assignment the probes show."""
    access.write(_probes)
    alice = clients["alice"]
    unit = alice.get(f"/api/units/{KEY}").json()["unit"]
    assert PROBE in {c["code"] for c in unit["candidates"]}
    assert PROBE in alice.get("/api/learn/blindprobe/zz_probe").text
    assert PROBE in alice.get(f"/api/codes/{PROBE}").text


def test_a_blind_coder_sees_nothing_of_others_or_the_machine_on_any_route(
    app: FastAPI, clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    _setup(access, ["alice", "bob"], other="bob")
    assert _walk(app, clients["alice"]) == []
    # revealing is explicit, and then everything shows
    clients["admin"].post("/api/reveals", json={"unit_keys": [KEY]})
    unit = clients["alice"].get(f"/api/units/{KEY}").json()["unit"]
    assert {c["coder"] for c in unit["codings"]} == {"bob"}
    assert PROBE in {c["code"] for c in unit["candidates"]}


def test_an_admin_who_codes_blind_is_a_blind_coder(
    app: FastAPI, clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    _setup(access, ["admin", "bob"], other="bob")
    assert _walk(app, clients["admin"]) == []
    refused = clients["admin"].get("/export/project.qdpx")
    assert refused.status_code == 403 and "reveal" in refused.text

    # an admin not assigned to the unit still sees every coding on it
    def run(store: Store) -> None:
        from normtrace.web.auth import create_user

        create_user(store, "ada", "admin", "correct horse battery")

    access.write(run)
    from web_support import session_for

    ada = session_for(app, "ada")
    assert MEMO in ada.get(f"/api/units/{KEY}").text


def test_an_admin_assigned_blind_who_has_not_started_sees_no_agreement_there(
    app: FastAPI, clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """A review found a leak: once agreement counted only coders who worked on a unit, an
    admin assigned blind but not yet started was no longer among them, so the unit was not
    hidden from them and /agreement listed the others' codes there."""
    _setup(access, ["admin", "alice", "bob"], other="bob")
    access.write(lambda store: events.add_code(store, coder="alice", unit_key=KEY, start=0,
                                               end=9, code="consent"))  # fmt: skip
    assert clients["admin"].get("/api/agreement").json()["units"] == 0
    assert _walk(app, clients["admin"]) == []
    # the blind coder can still say "done, nothing applies" on the unit assigned to them
    assert "Done, nothing (else) applies" in clients["alice"].get(f"/units/{KEY}").text
