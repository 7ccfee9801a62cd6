"""Blind statuses: a candidate's (or suggestion's) status, where the web shows it, is made of
the verdicts the viewer may see. On a unit blind-assigned to alice and bob and not revealed, a
third user (carol, a coder not assigned; vera, a viewer) reads ``pending`` where alice's accept
and bob's reject would make it ``disputed``, and still finds a candidate both rejected; an
admin not assigned reads the coders' verdicts, and so does everyone after the reveal.

The project is the web fixture (real S/RES/2098 (2013) text); carol's account is made
directly in the store (synthetic, to skip argon2), the suggestion is a planted row.
"""

from __future__ import annotations

import csv
import io

from fastapi import FastAPI
from web_support import TestClient, session_for

from normtrace.coding.dictionary.apply import text_sha256
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.coding.levels import level_units
from normtrace.store.db import Store, utc_now
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import get_user
from normtrace.web.teams import assign

KEY = "S/RES/2098 (2013)/op12"
CODE = "all_necessary"  # the dictionary proposes it once, on KEY
BOOK = "stability-operations"


def _carol(app: FastAPI) -> TestClient:
    """A coder assigned nothing (synthetic account: no password hash)."""

    def run(store: Store) -> None:
        store.conn.execute(
            "INSERT INTO users (name, role, password_hash, created_at) "
            "VALUES ('carol', 'coder', 'x', ?)",
            (utc_now(),),
        )

    app.state.access.write(run)
    return session_for(app, "carol")


def _blind(access: ProjectAccess) -> tuple[int, int]:
    """KEY blind-assigned to alice and bob; the candidate's id and a planted suggestion's."""

    def run(store: Store) -> tuple[int, int]:
        assign(store, get_user(store, "admin"), [KEY], ["alice", "bob"], blind=True)
        (cid,) = store.conn.execute(
            "SELECT id FROM current_auto_codings WHERE unit_key = ? AND code = ?", (KEY, CODE)
        ).fetchone()
        version = store.conn.execute(
            "SELECT version FROM current_codebooks WHERE name = ?", (BOOK,)
        ).fetchone()[0]
        learn = store.start_run("learn", "test.blind_status")
        store.conn.execute(
            "INSERT INTO learn_models (run_id, codebook, codebook_version, level, version, "
            "params, codes, model, created_at) VALUES (?, ?, ?, 'unit', 'v', '{}', '{}', x'', ?)",
            (learn, BOOK, version, utc_now()),
        )
        # made on KEY's words, as a suggest run records them (a verdict on other words says
        # nothing now: verdicts_now)
        (unit,) = level_units(store, "unit", [KEY])
        cur = store.conn.execute(
            "INSERT INTO suggestions (run_id, model_run_id, model_version, codebook, "
            "codebook_version, level, unit_key, code, probability, text_sha256) "
            "VALUES (?, ?, 'v', ?, ?, 'unit', ?, ?, 0.5, ?)",
            (learn, learn, BOOK, version, KEY, CODE, text_sha256(unit.text)),
        )
        return int(cid), int(cur.lastrowid or 0)

    return access.write(run)


def _verdict(client: TestClient, cid: int, verdict: str) -> None:
    assert client.post(f"/api/candidates/{cid}/{verdict}").status_code == 200


def _statuses(client: TestClient, source: str = "") -> list[tuple[str, str]]:
    """(source, status) of KEY's passages on the code page."""
    params = {"source": source} if source else {}
    data = client.get(f"/api/codes/{CODE}", params=params).json()
    return [(p["source"], p["status"]) for p in data["passages"] if p["unit_key"] == KEY]


def _exported(client: TestClient) -> list[str]:
    text = client.get(f"/api/codes/{CODE}/export.csv", params={"source": "candidate"}).text
    return [r["status"] for r in csv.DictReader(io.StringIO(text)) if r["unit_key"] == KEY]


def _unit_status(client: TestClient) -> list[str]:
    unit = client.get(f"/api/units/{KEY}").json()["unit"]
    return [c["status"] for c in unit["candidates"] if c["code"] == CODE]


def test_others_read_pending_where_the_blind_coders_disagree(
    app: FastAPI, clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    carol, vera, admin = _carol(app), clients["vera"], clients["admin"]
    cid, sid = _blind(access)
    _verdict(clients["alice"], cid, "accept")
    _verdict(clients["bob"], cid, "reject")
    access.write(lambda s: record_suggestion_verdict(s, coder="alice", suggestion_id=sid,
                                                     verdict="accept"))  # fmt: skip
    for third in (carol, vera):
        assert _statuses(third, "candidate") == [("candidate", "pending")]
        assert _statuses(third, "suggestion") == [("suggestion", "pending")]
        # alice's accept made her coding, hidden: the candidate is not left out for it
        assert ("candidate", "pending") in _statuses(third)
        assert _exported(third) == ["pending"]
        assert _unit_status(third) == ["pending"]  # not "absent": bob's reject is his
    page = carol.get(f"/codes/{CODE}", params={"source": "candidate"}).text
    assert "Dictionary candidate (pending)" in page and "(disputed)" not in page
    assert _statuses(admin, "candidate") == [("candidate", "disputed")]
    assert _statuses(admin, "suggestion") == [("suggestion", "accepted")]
    assert _exported(admin) == ["disputed"]
    assert admin.post("/api/reveals", json={"unit_keys": [KEY]}).status_code in (200, 201)
    assert _statuses(carol, "candidate") == [("candidate", "disputed")]
    assert _statuses(vera, "suggestion") == [("suggestion", "accepted")]
    assert _exported(carol) == ["disputed"]
    assert _unit_status(carol) == ["absent"]  # an open unit: another coder's reject counts


def _found(client: TestClient) -> list[str]:
    found = client.get("/api/search", params={"code": CODE, "code_source": "candidate"})
    return [h["key"] for h in found.json()["hits"]]


def _labelled(client: TestClient) -> set[str]:
    """The codes a word search labels KEY with (``all necessary measures`` is in its text)."""
    hits = client.get("/api/search", params={"q": "all necessary measures"}).json()["hits"]
    return {c["code"] for h in hits if h["key"] == KEY for c in h["codes"]}


def _candidates_counted(client: TestClient) -> int:
    data = client.get(f"/api/codes/{CODE}").json()
    return sum(c["count"] for c in data["by_source"] if c["value"] == "candidate")


def test_a_candidate_the_blind_coders_rejected_stays_listed_for_others(
    app: FastAPI, clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    carol, admin = _carol(app), clients["admin"]
    cid, _ = _blind(access)
    _verdict(clients["alice"], cid, "reject")
    _verdict(clients["bob"], cid, "reject")
    assert _found(carol) == [KEY]
    assert CODE in _labelled(carol)
    assert _statuses(carol, "candidate") == [("candidate", "pending")]
    assert _candidates_counted(carol) == 1  # the count beside the list counts what it lists
    review = carol.get("/api/search/code-all", params={
        "code": CODE, "code_source": "candidate", "apply_code": CODE}).json()  # fmt: skip
    assert [(i["unit_key"], i["status"]) for i in review["items"]] == [(KEY, "blind")]
    assert (_found(admin), _statuses(admin, "candidate")) == (
        [],
        [],
    )  # withdrawn for who sees the rejects
    assert CODE not in _labelled(admin)
    assert _candidates_counted(admin) == 0
    admin.post("/api/reveals", json={"unit_keys": [KEY]})
    assert (_found(carol), _statuses(carol, "candidate")) == ([], [])
    assert CODE not in _labelled(carol)


def test_a_blind_unit_changes_no_status_on_other_units(
    app: FastAPI, clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """A reviewer's finding: the blind rule's inner tables shared the candidate's alias, so
    once any unit was blind every unit's status read ``pending`` for a third user."""
    carol = _carol(app)
    _blind(access)
    other = access.write(lambda s: s.conn.execute(
        "SELECT id, unit_key, code FROM current_auto_codings WHERE unit_key <> ? "
        "ORDER BY id LIMIT 1", (KEY,)).fetchone())  # fmt: skip
    cid, key, code = int(other[0]), str(other[1]), str(other[2])
    _verdict(clients["bob"], cid, "reject")
    data = carol.get(f"/api/codes/{code}", params={"source": "candidate"}).json()
    assert [p["status"] for p in data["passages"] if p["unit_key"] == key] == []  # withdrawn
    _verdict(clients["alice"], cid, "accept")
    data = carol.get(f"/api/codes/{code}", params={"source": "candidate"}).json()
    assert "disputed" in [p["status"] for p in data["passages"] if p["unit_key"] == key]
