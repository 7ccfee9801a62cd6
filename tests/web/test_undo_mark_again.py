"""The workbench's "done again" (a blind re-reading: the unit form's button, or
``POST /api/units/done`` with ``again``) is one action for ``u`` (``POST /api/undo``): one undo
puts the coder's old mark back as it was, made before the blind assignment, and the next
takes back the action before it. Two undos were needed, and after the first the coder held no
mark. The coders' work is SYNTHETIC."""

from __future__ import annotations

from typing import Any

import pytest
from web_support import TestClient, done_anyway

from normtrace.coding.human.made_at import review_made_sql
from normtrace.web.access import ProjectAccess

OP09 = "S/RES/2098 (2013)/op09"
BOOK = "stability-operations"
HX = {"HX-Request": "true"}


def _unit(client: TestClient) -> dict[str, Any]:
    data: dict[str, Any] = client.get(f"/api/units/{OP09}").json()
    return data


def _made(access: ProjectAccess) -> list[str]:
    """When alice's current marks on OP09 were made (their stated time, else recorded)."""
    with access.read() as store:
        rows = store.conn.execute(
            f"SELECT {review_made_sql('m')} FROM current_done_marks m WHERE m.coder = 'alice' "
            "AND m.unit_key = ?",
            (OP09,),
        )
        return [str(r[0]) for r in rows]


def _again(alice: TestClient, route: str) -> None:
    """alice marks OP09 done again, as her blind reading, through ``route``."""
    if route == "form":
        answer = done_anyway(alice, OP09, {"codebook": BOOK, "again": "1"}, HX)
        assert answer.status_code == 200
    else:
        answer = alice.post("/api/units/done", json={"confirm": True, "codebook": BOOK,
                                                     "unit_key": OP09, "again": True})  # fmt: skip
        assert answer.status_code == 201


@pytest.mark.parametrize("route", ["form", "api"])
def test_u_takes_back_done_again_in_one_step(
    clients: dict[str, TestClient], access: ProjectAccess, route: str
) -> None:
    admin, alice = clients["admin"], clients["alice"]
    (found, *_) = _unit(alice)["unit"]["candidates"]
    assert alice.post(f"/api/candidates/{found['id']}/accept").status_code == 200
    done = {"codebook": BOOK, "unit_key": OP09, "confirm": True}
    assert alice.post("/api/units/done", json=done).status_code == 201
    (made,) = _made(access)
    order = {"unit_keys": [OP09], "coders": ["alice", "bob"], "blind": True}
    assert admin.post("/api/assignments", json=order).status_code == 201
    _again(alice, route)
    assert [p["counted"] for p in _unit(alice)["predating"]] == [True]

    back = alice.post("/api/undo")
    assert back.status_code == 201
    # her mark from before the assignment stands again, with its time: no blind reading
    assert _unit(alice)["unit"]["done"] == [BOOK] and _made(access) == [made]
    assert [p["counted"] for p in _unit(alice)["predating"]] == [False]
    message = back.json()["message"]
    assert back.json()["kind"] == "mark" and "made again" in message, message
    assert "the mark from before is back" in message

    # one step: the next u withdraws the mark she made before the assignment, then her accept
    message = alice.post("/api/undo").json()["message"]
    assert message.startswith("Undone: your 'done, nothing (else) applies' mark"), message
    assert message.endswith("it is withdrawn") and _unit(alice)["unit"]["done"] == []
    accept = alice.post("/api/undo").json()
    assert accept["kind"] == "event" and "accept" in accept["message"], accept
