"""Issue 12 in the workbench: the agreement page sets aside, and lists, a coder's work on a unit
from before its blind assignment (it counted it as an independent blind reading), counts the
unit again once the coder re-read it and marked it done; and the assignment message says
units and coders, not only unit × coder pairs. The coders' work is SYNTHETIC."""

from __future__ import annotations

import json
from typing import Any

from web_support import TestClient

OP09 = "S/RES/2098 (2013)/op09"
OP12 = "S/RES/2098 (2013)/op12"
BOOK = "stability-operations"


def _agreement(client: TestClient) -> dict[str, Any]:
    data: dict[str, Any] = client.get("/api/agreement").json()
    return data


def test_work_before_the_blind_assignment_is_set_aside_until_re_read(
    clients: dict[str, TestClient],
) -> None:
    admin, alice, bob = clients["admin"], clients["alice"], clients["bob"]
    # the unit is open: alice accepts the machine's candidate with it in view
    (found, *_) = alice.get(f"/api/units/{OP09}").json()["unit"]["candidates"]
    assert alice.post(f"/api/candidates/{found['id']}/accept").status_code == 200
    order = {"unit_keys": [OP09], "coders": ["alice", "bob"], "blind": True}
    assert admin.post("/api/assignments", json=order).status_code == 201
    # bob reads it blind and codes the same words
    body = {"unit_key": OP09, "code": found["code"], "start": found["start"], "end": found["end"]}
    assert bob.post("/api/codings", json=body).status_code == 201
    data = _agreement(admin)
    assert data["units"] == 0 and data["set_aside"] == 1
    (early,) = data["predating"]
    assert (early["unit_key"], early["coder"], early["counted"]) == (OP09, "alice", False)
    page = admin.get("/agreement").text
    assert "1 coder reading(s) of blind-assigned units set aside" in page
    assert 'class="set-aside"' in page and "alice" in page
    # she re-reads it blind and marks it done: her reading counts, and the page says why
    done = {"codebook": BOOK, "unit_key": OP09}
    assert alice.post("/api/units/done", json=done).status_code == 201
    data = _agreement(admin)
    assert data["units"] == 1 and data["set_aside"] == 0
    assert [p["counted"] for p in data["predating"]] == [True]
    assert "1 reading(s) with earlier work count" in admin.get("/agreement").text


def test_a_coder_sees_no_blind_units_predating_work(clients: dict[str, TestClient]) -> None:
    """The list follows the page's units: a blind unit not yet revealed is no coder's to see."""
    admin, alice, bob = clients["admin"], clients["alice"], clients["bob"]
    body = {"unit_key": OP09, "code": "poc", "start": 0, "end": 10}
    assert alice.post("/api/codings", json=body).status_code == 201
    order = {"unit_keys": [OP09], "coders": ["alice", "bob"], "blind": True}
    assert admin.post("/api/assignments", json=order).status_code == 201
    assert bob.post("/api/codings", json=body).status_code == 201
    assert _agreement(bob)["predating"] == []
    assert admin.post("/api/reveals", json={"unit_keys": [OP09]}).status_code == 201
    assert [p["coder"] for p in _agreement(bob)["predating"]] == ["alice"]


def test_the_assignment_message_says_units_and_coders(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    form = {
        "unit_keys": [OP09, OP12], "coders": ["alice", "bob"], "blind": "true",
        "source": "keys", "params": json.dumps({}), "csrf_token": admin.headers["X-CSRF-Token"],
    }  # fmt: skip
    sent = admin.post("/assignments", data=form, follow_redirects=False)
    assert sent.status_code == 303
    page = admin.get(sent.headers["location"]).text
    assert "2 units assigned to 2 coders (4 new assignments: one per unit and coder)." in page
    # again, with one unit already given to both: the pairs already there are said
    again = admin.post("/assignments", data={**form, "unit_keys": [OP09]}, follow_redirects=False)
    page = admin.get(again.headers["location"]).text
    assert "1 unit assigned to 2 coders (0 new assignments: one per unit and coder; " in page
    assert "2 were there already)" in page
    done = admin.post("/api/assignments", json={"unit_keys": [OP09], "coders": ["vera", "alice"]})
    assert done.status_code == 400  # a viewer cannot be assigned
    done = admin.post("/api/assignments", json={"unit_keys": [OP12], "coders": ["admin"]}).json()
    assert (done["added"], done["units"], done["coders"]) == (1, 1, 1)
    assert done["message"].startswith("1 unit assigned to 1 coder (1 new assignment")
