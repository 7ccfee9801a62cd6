"""Issue 12 on the unit page: a coder whose work on a blind-assigned unit predates their
blind assignment is told there, on the unit and on its document, that it is no blind reading
until they re-read the unit and mark it done; "done" again records a new mark even when their
earlier mark is current. The coders' work is SYNTHETIC."""

from __future__ import annotations

from typing import Any

from web_support import TestClient, done_anyway

OP09 = "S/RES/2098 (2013)/op09"
BOOK = "stability-operations"
NOTICE = "predates your blind assignment"
HX = {"HX-Request": "true"}


def _unit(client: TestClient) -> dict[str, Any]:
    data: dict[str, Any] = client.get(f"/api/units/{OP09}").json()
    return data


def _work_then_assign(clients: dict[str, TestClient]) -> None:
    """alice accepts the machine's candidate on the open unit and marks it done; then the
    unit is blind-assigned to her and bob."""
    admin, alice = clients["admin"], clients["alice"]
    (found, *_) = _unit(alice)["unit"]["candidates"]
    assert alice.post(f"/api/candidates/{found['id']}/accept").status_code == 200
    done = {"codebook": BOOK, "unit_key": OP09, "confirm": True}
    assert alice.post("/api/units/done", json=done).status_code == 201
    order = {"unit_keys": [OP09], "coders": ["alice", "bob"], "blind": True}
    assert admin.post("/api/assignments", json=order).status_code == 201


def test_the_unit_page_says_work_predates_the_blind_assignment_until_done_again(
    clients: dict[str, TestClient],
) -> None:
    alice, bob = clients["alice"], clients["bob"]
    _work_then_assign(clients)
    data = _unit(alice)
    (early,) = data["predating"]
    assert (early["unit_key"], early["coder"], early["counted"]) == (OP09, "alice", False)
    page = alice.get(f"/units/{OP09}").text
    assert page.count(NOTICE) == 1 and 'class="notice predating"' in page
    assert "Re-read the unit and mark it done to count it." in page
    assert 'class="done-form done-again done-reread"' in page
    document = alice.get(f"/documents/{data['document_id']}")
    assert document.text.count(NOTICE) == 1
    assert [p["unit_key"] for p in alice.get(f"/api/documents/{data['document_id']}").json()[
        "predating"]] == [OP09]  # fmt: skip
    # bob, assigned too, did nothing before: nothing to tell him
    assert _unit(bob)["predating"] == [] and NOTICE not in bob.get(f"/units/{OP09}").text
    # her mark is current: marking done once more records nothing, and the notice stays
    plain = alice.post(f"/units/{OP09}/done", data={"codebook": BOOK}, headers=HX)
    assert plain.status_code == 200 and NOTICE in plain.text
    # "done again" withdraws the old mark and makes a new one: her reading counts
    again = alice.post(f"/units/{OP09}/done", data={"codebook": BOOK, "again": "1"}, headers=HX)
    assert again.status_code == 200 and NOTICE not in again.text
    assert "again, as your blind reading" in again.headers["HX-Trigger"]
    assert [p["counted"] for p in _unit(alice)["predating"]] == [True]
    page = alice.get(f"/units/{OP09}").text
    assert NOTICE not in page and "done-reread" not in page
    assert BOOK in _unit(alice)["unit"]["done"]  # still marked done, now after the assignment


def test_no_notice_once_the_unit_is_revealed(clients: dict[str, TestClient]) -> None:
    admin, alice = clients["admin"], clients["alice"]
    _work_then_assign(clients)
    assert NOTICE in alice.get(f"/units/{OP09}").text
    assert admin.post("/api/reveals", json={"unit_keys": [OP09]}).status_code == 201
    assert _unit(alice)["predating"] == [] and NOTICE not in alice.get(f"/units/{OP09}").text


def test_a_plain_done_counts_when_no_earlier_mark_stands(clients: dict[str, TestClient]) -> None:
    """Work without a mark before the assignment: the ordinary "done" button re-reads it."""
    admin, alice = clients["admin"], clients["alice"]
    body = {"unit_key": OP09, "code": "poc", "start": 0, "end": 10}
    assert alice.post("/api/codings", json=body).status_code == 201
    order = {"unit_keys": [OP09], "coders": ["alice", "bob"], "blind": True}
    assert admin.post("/api/assignments", json=order).status_code == 201
    page = alice.get(f"/units/{OP09}").text
    assert NOTICE in page and "done-reread" not in page  # no mark to make again
    marked = done_anyway(alice, OP09, {"codebook": BOOK}, HX)
    assert marked.status_code == 200 and NOTICE not in marked.text


def test_the_json_api_marks_a_blind_re_reading_too(clients: dict[str, TestClient]) -> None:
    """``POST /api/units/done`` with ``again``: the same re-reading as the form's button."""
    alice = clients["alice"]
    _work_then_assign(clients)
    done = {"codebook": BOOK, "unit_key": OP09, "confirm": True}
    assert alice.post("/api/units/done", json=done).status_code == 201
    assert [p["counted"] for p in _unit(alice)["predating"]] == [False]  # recorded nothing
    bad = alice.post("/api/units/done", json={**done, "again": True, "codes": ["poc"]})
    assert bad.status_code == 400 and "again is a blind re-reading" in bad.text
    assert alice.post("/api/units/done", json={**done, "again": True}).status_code == 201
    assert [p["counted"] for p in _unit(alice)["predating"]] == [True]


def test_the_form_refuses_again_with_undo_as_the_api_does(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    _work_then_assign(clients)
    bad = alice.post(f"/units/{OP09}/done", data={"codebook": BOOK, "again": "1", "undo": "1"},
                     headers=HX)  # fmt: skip
    assert bad.status_code == 400
    assert [p["counted"] for p in _unit(alice)["predating"]] == [False]
