"""Assignments from a document, a search or a stratified sample; search by code; "code all
hits" with its review; one adjudication per disputed passage (JSON API and forms)."""

from __future__ import annotations

import json

import pytest
from test_web_blind import KEY, PROBE, _probes
from web_support import TestClient

from normtrace.coding.allocation import LARGEST_REMAINDER
from normtrace.coding.allocation import allocate as allocate_any
from normtrace.coding.human import events
from normtrace.errors import WebError
from normtrace.web.access import ProjectAccess
from normtrace.web.teams import SAMPLE_FLOOR, stratified_sample

OP09 = "S/RES/2098 (2013)/op09"


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """The allocation of the web's sample by document type."""
    return allocate_any(sizes, n, SAMPLE_FLOOR, rule=LARGEST_REMAINDER)


def test_allocation_is_proportional_and_keeps_every_stratum() -> None:
    assert allocate({"a": 50, "b": 30, "c": 20}, 10) == {"a": 5, "b": 3, "c": 2}
    assert allocate({"a": 98, "b": 1, "c": 1}, 5) == {"a": 3, "b": 1, "c": 1}
    assert allocate({"a": 3, "b": 1}, 100) == {"a": 3, "b": 1}  # no more than there is
    assert sum(allocate({"a": 7, "b": 5, "c": 3}, 8).values()) == 8


def test_a_sample_is_reproducible_from_its_seed() -> None:
    frame = [(f"r{i}", "resolution") for i in range(40)] + [
        (f"v{i}", "verbatim") for i in range(60)
    ]
    one, two = stratified_sample(frame, 10, 5), stratified_sample(frame, 10, 5)
    assert one == two and len(one.keys) == 10
    assert one.strata == {"resolution": (4, 40), "verbatim": (6, 60)}
    assert stratified_sample(frame, 10, 6).keys != one.keys


def test_assign_a_document_a_search_and_a_sample(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    page = admin.get("/api/assignments", params={"source": "document", "document_id": 2}).json()
    assert page["chosen"]["description"] == "every unit of S/PV.8703 (4)"
    assert [u["key"] for u in page["chosen"]["units"]][0] == "S/PV.8703/s001"
    found = admin.get(
        "/api/assignments", params={"source": "search", "q": "Intervention Brigade"}
    ).json()["chosen"]
    assert len(found["units"]) >= 3 and json.loads(found["params"])["query"]
    done = admin.post(
        "/api/assignments", json={"sample": {"n": 5, "seed": 11}, "coders": ["alice", "bob"]}
    ).json()
    assert done["added"] == 10 and done["units"] == 5 and done["seed"] == 11
    # the form: ticked units and coders, where they came from recorded with the batch
    form = {
        "unit_keys": [KEY, OP09], "coders": ["alice"], "blind": "true", "source": "document",
        "params": json.dumps({"document": "S/PV.8703"}),
        "csrf_token": admin.headers["X-CSRF-Token"],
    }  # fmt: skip
    sent = admin.post("/assignments", data=form, follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == "/assignments?added=2&assigned_units=2&assigned_coders=1"
    no_coder = admin.post("/assignments", data={**form, "coders": []}, follow_redirects=False)
    assert no_coder.status_code == 400 and "coder" in no_coder.text
    assert admin.get("/api/assignments", params={"source": "nowhere"}).status_code == 400
    assert (
        clients["alice"].get("/api/assignments", params={"source": "sample", "n": 2}).status_code
        == 403
    )


def test_search_by_code_keeps_blind_codings_and_candidates_hidden(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    access.write(_probes)
    alice, bob = clients["alice"], clients["bob"]
    with_probe = alice.get("/api/search", params={"code": PROBE, "code_source": "candidate"})
    assert [h["key"] for h in with_probe.json()["hits"]] == [KEY]
    assert with_probe.json()["hits"][0]["codes"][0]["source"] == "candidate"
    clients["admin"].post(
        "/api/assignments", json={"unit_keys": [KEY], "coders": ["alice", "bob"], "blind": True}
    )
    bob_codes = bob.post(
        "/api/codings", json={"unit_key": KEY, "start": 0, "end": 5, "code": "poc"}
    )
    assert bob_codes.status_code == 201
    assert bob.get("/api/search", params={"code": "poc"}).json()["total"] == 1
    # alice is blind-assigned KEY: neither bob's coding nor the probe candidate shows
    assert alice.get("/api/search", params={"code": "poc"}).json()["total"] == 0
    hidden = alice.get("/api/search", params={"code": PROBE, "code_source": "candidate"})
    assert hidden.json()["total"] == 0
    words = alice.get("/api/search", params={"q": "Mali"}).json()["hits"]
    assert all(c["code"] != PROBE for h in words for c in h["codes"])
    assert alice.get("/api/search", params={"code": "poc", "code_source": "x"}).status_code == 400


def test_code_all_hits_reviews_then_codes_as_events(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    alice = clients["alice"]
    clients["admin"].post(
        "/api/assignments", json={"unit_keys": [OP09], "coders": ["bob", "admin"], "blind": True}
    )
    query = {"q": "Intervention Brigade", "apply_code": "intervention_brigade"}
    review = alice.get("/api/search/code-all", params=query).json()
    with access.read() as store:
        assert events.human_codings(store, coder="alice") == []  # the review writes nothing
    statuses = {i["unit_key"]: i["status"] for i in review["items"]}
    assert statuses[OP09] == "blind" and review["blind"] >= 1
    tokens = [i["token"] for i in review["items"]]  # blind ones too: refused again on write
    done = alice.post(
        "/api/search/code-all", json={"code": "intervention_brigade", "tokens": tokens}
    )
    assert done.status_code == 201
    body = done.json()
    assert len(body["added"]) == review["new"]
    assert {s["unit_key"] for s in body["skipped"]} == {OP09}
    with access.read() as store:
        made = events.human_codings(store, coder="alice", code="intervention_brigade")
    assert len(made) == review["new"] and {h.snippet for h in made} == {"Intervention Brigade"}
    again = alice.get("/api/search/code-all", params=query).json()
    assert again["new"] == 0 and again["held"] == review["new"]
    whole = alice.get("/api/search/code-all", params={**query, "scope": "unit"}).json()
    assert all(i["left"] == "" and i["right"] == "" for i in whole["items"])
    forged = alice.post(
        "/api/search/code-all", json={"code": "intervention_brigade", "tokens": ["0:5:x:" + KEY]}
    ).json()
    assert forged["added"] == [] and "changed" in forged["skipped"][0]["reason"]
    assert clients["vera"].get("/api/search/code-all", params=query).status_code == 403
    # the batch is taken back in one step (a new user pressed u once per coding), and only
    # what still holds: a coding removed since stays removed, no one else's is touched
    batch = {"code": "intervention_brigade", "first": min(body["added"]),
             "last": max(body["added"])}  # fmt: skip
    assert clients["bob"].post("/api/search/code-all/undo", json=batch).status_code == 400
    undone = alice.post("/api/search/code-all/undo", json=batch)
    assert undone.status_code == 201 and len(undone.json()["undone"]) == review["new"]
    with access.read() as store:
        assert events.human_codings(store, coder="alice", code="intervention_brigade") == []
    assert alice.post("/api/search/code-all/undo", json=batch).status_code == 400


def test_the_search_page_offers_to_undo_the_batch_it_just_coded(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    alice = clients["alice"]
    query = {"q": "Intervention Brigade", "apply_code": "intervention_brigade"}
    review = alice.get("/api/search/code-all", params=query).json()
    tokens = [i["token"] for i in review["items"] if i["status"] == "new"]
    page = alice.get("/search/code-all", params=query)
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    done = alice.post("/search/code-all", data={"code": "intervention_brigade", "tokens": tokens,
                      "back": "Intervention Brigade", "csrf_token": csrf})  # fmt: skip
    assert done.status_code == 200 and "Undo these" in done.text
    form = done.text.split('class="undo-batch"')[1]
    first = int(form.split('name="first" value="')[1].split('"')[0])
    last = int(form.split('name="last" value="')[1].split('"')[0])
    back = alice.post("/search/code-all/undo", data={"code": "intervention_brigade",
                      "first": first, "last": last, "back": "x", "csrf_token": csrf})  # fmt: skip
    assert back.status_code == 200 and f"Took back {len(tokens)} coding(s)" in back.text
    with access.read() as store:
        assert events.human_codings(store, coder="alice", code="intervention_brigade") == []
    # an event number below 1 is refused as the API refuses it (the route sweep found a 500)
    zero = alice.post("/search/code-all/undo", data={"code": "intervention_brigade",
                      "first": 1, "last": 0, "back": "x", "csrf_token": csrf})  # fmt: skip
    assert zero.status_code == 422


def test_one_decision_per_disputed_passage(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    admin, alice, bob = clients["admin"], clients["alice"], clients["bob"]
    admin.post("/api/assignments", json={"unit_keys": [OP09], "coders": ["alice", "bob"]})
    text = alice.get(f"/api/units/{OP09}").json()["unit"]["text"]
    at, far = text.index("Intervention Brigade"), text.index("Goma")

    def code(client: TestClient, start: int, end: int, code: str) -> int:
        made = client.post(
            "/api/codings", json={"unit_key": OP09, "start": start, "end": end, "code": code}
        )
        assert made.status_code == 201, made.text
        return int(made.json()["id"])

    ib = code(alice, at, at + 20, "intervention_brigade")
    code(bob, at, at + 32, "offensive_operations")
    code(bob, far, far + 4, "poc")  # elsewhere in the unit: a passage of its own
    page = admin.get("/api/adjudication").json()
    assert len(page["items"]) == 3  # per unit and code
    passages = page["passages"]
    assert [sorted(c["code"] for c in p["codes"]) for p in passages] == [
        ["intervention_brigade", "offensive_operations"],
        ["poc"],
    ]
    first = passages[0]
    assert [r["coder"] for r in first["readings"]] == ["alice", "bob"]
    assert [o["value"] for o in first["options"]][-1] == "none"
    assert "As alice coded it" in first["options"][0]["label"]
    made = admin.post(
        "/api/adjudications/passage",
        json={"unit_key": OP09, "codes": ["intervention_brigade", "offensive_operations"],
              "keep": [ib], "note": "named, not an operation"},
    )  # fmt: skip
    assert made.status_code == 201
    assert [(a["code"], a["decision"]) for a in made.json()] == [
        ("intervention_brigade", "present"),
        ("offensive_operations", "absent"),
    ]
    assert made.json()[0]["original_coders"] == ["alice"]
    settled = admin.get("/api/adjudication").json()["passages"][0]
    assert settled["settled"] and len(settled["current"]) == 2
    # a stale page (not naming the decisions it replaces) is refused; nothing half-written
    stale = admin.post(
        "/api/adjudications/passage",
        json={"unit_key": OP09, "codes": ["intervention_brigade", "offensive_operations"]},
    )
    assert stale.status_code == 409
    wrong = admin.post(
        "/api/adjudications/passage", json={"unit_key": OP09, "codes": ["poc"], "keep": [ib]}
    )
    assert wrong.status_code == 404
    with access.read() as store:
        assert store.conn.execute("SELECT count(*) FROM adjudications").fetchone()[0] == 2
    html = admin.get("/adjudication").text
    assert "Originals" not in html and "As bob coded it" in html


def test_form_choice_values_are_checked() -> None:
    from normtrace.web.routes.adjudication import _keep, _supersedes

    assert _keep("none") == [] and _keep("keep:3,4") == [3, 4]
    with pytest.raises(WebError):
        _keep("keep:3;DROP")
    assert _supersedes(["poc=4"]) == {"poc": 4}
    with pytest.raises(WebError):
        _supersedes(["poc"])


def test_code_all_hits_skips_words_a_coding_of_the_code_covers(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """A new user's day: code-all added a second coding of the code inside one the coder
    already held (the code page then listed the words twice)."""
    alice = clients["alice"]
    query = {"q": "Intervention Brigade", "apply_code": "intervention_brigade"}
    first = alice.get("/api/search/code-all", params=query).json()["items"][0]
    with access.read() as store:
        text = str(store.conn.execute("SELECT text FROM units WHERE key = ?",
                                      (first["unit_key"],)).fetchone()[0])  # fmt: skip
    body = {"unit_key": first["unit_key"], "code": "intervention_brigade", "start": 0,
            "end": len(text)}  # fmt: skip
    assert alice.post("/api/codings", json=body).status_code == 201
    review = alice.get("/api/search/code-all", params=query).json()
    statuses = {i["token"]: i["status"] for i in review["items"]}
    assert statuses[first["token"]] == "held"
    done = alice.post("/api/search/code-all", json={"code": "intervention_brigade",
                                                    "tokens": [first["token"]]}).json()  # fmt: skip
    assert done["added"] == [] and "already holds this code" in done["skipped"][0]["reason"]
