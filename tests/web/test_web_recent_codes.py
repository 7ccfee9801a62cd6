"""The codes a coder used last (the keys 1–9) are the account's history: ``GET
/api/me/recent-codes``, the latest first, each once, a coding taken back by undo no longer
counting, another coder's never."""

from __future__ import annotations

from pathlib import Path

from test_web_coding import KEY, OP09, _code
from web_support import TestClient


def test_recent_codes_are_the_coders_latest_first(clients: dict[str, TestClient]) -> None:
    alice, bob = clients["alice"], clients["bob"]
    assert alice.get("/api/me/recent-codes").json() == []
    _code(alice, KEY, "peacekeepers", "poc")
    _code(alice, OP09, "MONUSCO", "intervention_brigade")
    _code(alice, KEY, "peacekeepers", "stabilization")
    _code(bob, KEY, "peacekeepers", "consent")
    assert alice.get("/api/me/recent-codes").json() == [
        "stabilization", "intervention_brigade", "poc"
    ]  # fmt: skip
    # using poc again puts it first, once
    _code(alice, OP09, "Intervention Brigade", "poc")
    assert alice.get("/api/me/recent-codes").json()[:2] == ["poc", "stabilization"]
    assert bob.get("/api/me/recent-codes").json() == ["consent"]
    # an undone coding was not a use (u takes back the last action)
    assert bob.post("/api/undo").status_code == 201
    assert bob.get("/api/me/recent-codes").json() == []


def test_an_ingest_carrying_a_coding_is_no_use_of_its_code(tmp_path: Path) -> None:
    """A new version moved the words of ana's first coding: the ingest's event that carries it
    (a SYNTHETIC word inserted before them) does not make its code her most recent."""
    from normtrace.coding.human.events import add_code
    from normtrace.web.auth import User
    from normtrace.web.codings import recent_codes
    from resolution_2100 import PROTECT, change_words, ingested_2100

    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        pp = store.conn.execute(
            "SELECT key FROM units WHERE key LIKE 'S/RES/2100 (2013)/pp%' "
            "ORDER BY length(key) DESC, key DESC LIMIT 1"  # the last: its key shifts
        ).fetchone()[0]
        n = len(store.conn.execute("SELECT text FROM units WHERE key = ?", (pp,)).fetchone()[0])
        add_code(store, coder="ana", unit_key=pp, start=n - 8, end=n, code="stabilization")
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=5, code="poc")
        change_words(project, path, pp)  # a word inserted before the coded ones
        project.ingest([path])
        assert store.conn.execute(
            "SELECT count(*) FROM coding_events WHERE reanchors IS NOT NULL AND run_id IS NOT NULL"
        ).fetchone()[0], "the ingest carried ana's coding"
        assert recent_codes(store, User(1, "ana", "coder")) == ["poc", "stabilization"]
