"""The codes a coder used last (the keys 1–9) are the account's history: ``GET
/api/me/recent-codes``, the latest first, each once, a coding taken back by undo no longer
counting, another coder's never."""

from __future__ import annotations

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
