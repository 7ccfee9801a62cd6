"""Teams: agreement per code over blind assignments, reveal, adjudication keeping originals."""

from __future__ import annotations

import pytest
from test_web_coding import KEY, OP09, _code
from web_support import TestClient

from normtrace.web.access import ProjectAccess


@pytest.fixture()
def coded(clients: dict[str, TestClient]) -> dict[str, dict[str, object]]:
    """alice and bob code two blind-assigned units (bob marks one done, nothing applies);
    they agree on poc and differ elsewhere."""
    admin, alice, bob = clients["admin"], clients["alice"], clients["bob"]
    order = {"unit_keys": [KEY, OP09], "coders": ["alice", "bob"], "blind": True}
    assert admin.post("/api/assignments", json=order).json()["added"] == 4
    # bob read OP09 and found nothing of the codebook there (a unit a coder never worked on
    # is no agreement that nothing applies)
    done = {"unit_key": OP09, "codebook": "stability-operations"}
    assert bob.post("/api/units/done", json=done).status_code == 201
    made = {
        "alice_poc": _code(alice, KEY, "peacekeepers"),
        "bob_poc": _code(bob, KEY, "peacekeepers"),
        "bob_r2p": _code(bob, KEY, "Tessalit", "r2p"),
        "alice_ib": _code(alice, OP09, "Intervention Brigade", "intervention_brigade"),
    }
    # each coder marks the units they coded done: a coding judges its own code only, as
    # training reads it (coding.human.judged), so the mark says the other codes are absent
    for client, units in ((alice, (KEY, OP09)), (bob, (KEY,))):
        for unit in units:
            mark = {"unit_key": unit, "codebook": "stability-operations"}
            assert client.post("/api/units/done", json=mark).status_code == 201
    return made


def _by_code(report: dict[str, object]) -> dict[str, dict[str, object]]:
    return {c["code"]: c for c in report["codes"]}  # type: ignore[attr-defined]


def test_agreement_per_code(clients: dict[str, TestClient], coded: object) -> None:
    report = clients["admin"].get("/api/agreement").json()
    assert report["units"] == 2 and report["coders"] == ["alice", "bob"]
    codes = _by_code(report)
    assert (codes["poc"]["percent"], codes["poc"]["kappa"], codes["poc"]["alpha"]) == (1, 1, 1)
    # r2p: alice 0/0, bob 1/0 -> p_o = .5, p_e = .5 (kappa 0); alpha = 1 - 3*2/(3*1+1*3) = 0
    assert (codes["r2p"]["percent"], codes["r2p"]["kappa"], codes["r2p"]["alpha"]) == (0.5, 0, 0)
    assert codes["r2p"]["disagreements"] == [
        {"unit_key": KEY, "code": "r2p", "applied_by": ["bob"], "not_applied_by": ["alice"],
         "adjudicated": None, "name": "Responsibility to protect"}
    ]  # fmt: skip
    assert codes["intervention_brigade"]["disagreements"][0]["applied_by"] == ["alice"]
    assert report["overall"]["units"] == 2
    html = clients["admin"].get("/agreement").text
    assert "Krippendorff" in html and 'data-code="r2p"' in html


def test_coders_see_agreement_only_after_reveal(
    clients: dict[str, TestClient], coded: object
) -> None:
    alice = clients["alice"]
    assert alice.get("/api/agreement").json()["units"] == 0
    assert "bob" not in alice.get("/agreement").text
    clients["admin"].post("/api/reveals", json={"unit_keys": [KEY, OP09]})
    assert alice.get("/api/agreement").json()["units"] == 2


def test_adjudication_records_a_final_coding_and_keeps_both_originals(
    clients: dict[str, TestClient], coded: dict[str, dict[str, object]]
) -> None:
    admin = clients["admin"]
    page = admin.get("/api/adjudication").json()
    item = next(i for i in page["items"] if i["code"] == "r2p")
    assert [o["coder"] for o in item["originals"]] == ["bob"] and item["current"] is None
    decision = {"unit_key": KEY, "code": "r2p", "decision": "present",
                "coding_id": coded["bob_r2p"]["id"], "note": "bob is right"}  # fmt: skip
    made = admin.post("/api/adjudications", json=decision)
    assert made.status_code == 201, made.text
    first = made.json()
    assert first["original_event_ids"] == [coded["bob_r2p"]["id"]]
    assert first["snippet"] == "Tessalit" and first["adjudicator"] == "admin"
    unit = clients["alice"].get(f"/api/units/{KEY}").json()["unit"]
    final = [c for c in unit["codings"] if c["origin"] == "adjudicated"]
    assert [(c["code"], c["snippet"], c["coder"]) for c in final] == [
        ("r2p", "Tessalit", "adjudication:admin")
    ]
    everyone = admin.get(f"/api/units/{KEY}").json()["unit"]["codings"]
    assert {(c["coder"], c["code"]) for c in everyone} >= {("bob", "r2p"), ("alice", "poc")}
    stale = admin.post("/api/adjudications", json={**decision, "decision": "absent"})
    assert stale.status_code == 409 and "already adjudicated" in stale.json()["error"]
    redo = {**decision, "decision": "absent", "supersedes_id": first["id"]}
    second = admin.post("/api/adjudications", json=redo).json()
    assert second["supersedes_id"] == first["id"] and second["final_event_id"] is None
    unit = admin.get(f"/api/units/{KEY}").json()["unit"]
    assert not [c for c in unit["codings"] if c["origin"] == "adjudicated"]
    assert ("bob", "r2p") in {(c["coder"], c["code"]) for c in unit["codings"]}
    history = admin.get("/api/adjudication").json()["history"]
    assert [h["decision"] for h in history] == ["absent", "present"]
    agreement = _by_code(admin.get("/api/agreement").json())
    assert agreement["r2p"]["disagreements"][0]["adjudicated"] == "absent"


def test_only_admins_adjudicate(clients: dict[str, TestClient], coded: object) -> None:
    decision = {"unit_key": KEY, "code": "r2p", "decision": "absent"}
    assert clients["alice"].post("/api/adjudications", json=decision).status_code == 403
    assert clients["alice"].get("/api/adjudication").status_code == 403


def test_forged_adjudications_are_refused_and_never_leak(
    clients: dict[str, TestClient], coded: dict[str, dict[str, object]], access: object
) -> None:
    """Issue 14 item 6: only the adjudication flow makes adjudicated codings."""
    from normtrace.coding.human import events
    from normtrace.errors import CodingError

    def forge(store: object) -> None:
        events.add_code(store, coder="adjudication:admin", unit_key=KEY, start=0, end=5,  # type: ignore[arg-type]
                        code="r2p")  # fmt: skip

    with pytest.raises(CodingError, match="reserved"):
        access.write(forge)  # type: ignore[attr-defined]

    def legacy(store: object) -> None:  # a row forged before the check existed
        store.conn.execute(  # type: ignore[attr-defined]
            'INSERT INTO coding_events (at, coder, action, unit_key, start, "end", snippet, code) '
            "VALUES ('2026-01-01T00:00:00Z', 'adjudication:admin', 'code', ?, 0, 5, "
            "(SELECT substr(text, 1, 5) FROM units WHERE key = ?), 'r2p')",
            (KEY, KEY),
        )

    access.write(legacy)  # type: ignore[attr-defined]
    unit = clients["alice"].get(f"/api/units/{KEY}").json()["unit"]
    assert not [c for c in unit["codings"] if c["coder"].startswith("adjudication:")]
    assert not [c for c in unit["codings"] if c["coder"] == "bob"]  # still blind


def test_an_assigned_unit_nobody_worked_on_is_no_agreement(
    clients: dict[str, TestClient],
) -> None:
    """A new user assigned 44 units to two coders who coded two: agreement reported 44
    units at 1.000 (the untouched ones counted as agreeing that nothing applies)."""
    admin, alice, bob = clients["admin"], clients["alice"], clients["bob"]
    order = {"unit_keys": [KEY, OP09], "coders": ["alice", "bob"], "blind": False}
    admin.post("/api/assignments", json=order)
    _code(alice, KEY, "peacekeepers")
    _code(bob, KEY, "peacekeepers")
    assert admin.get("/api/agreement").json()["units"] == 1  # OP09: nobody worked on it


def test_an_absent_decision_overrules_the_codings_in_every_count(
    clients: dict[str, TestClient], coded: dict[str, dict[str, object]], project: object
) -> None:
    """A workbench user's adjudicated 'None of these codes here' left the coder's coding in
    the code page's count, the exports and every frequency."""
    from pathlib import Path

    from normtrace.coding.counts import coded_spans
    from normtrace.coding.kwic import kwic
    from normtrace.store.db import Store

    def r2p_on_key(source: str) -> int:
        with Store.open(Path(str(project))) as store:
            return sum(1 for s in coded_spans(store, source) if (s[0], s[3]) == (KEY, "r2p"))

    assert r2p_on_key("human") == r2p_on_key("all") == 1
    admin = clients["admin"]
    absent = {"unit_key": KEY, "code": "r2p", "decision": "absent", "note": "not R2P"}
    first = admin.post("/api/adjudications", json=absent).json()
    assert r2p_on_key("human") == r2p_on_key("all") == 0
    with Store.open(Path(str(project))) as store:
        assert not [x for x in kwic(store, code="r2p") if x.unit_key == KEY]
        from normtrace.reuse import first_appearance

        found = first_appearance(store, code="r2p")
        assert KEY not in {o.key for o in found.occurrences}
    # a later decision of present restores the count (the coding was never deleted)
    present = {**absent, "decision": "present", "coding_id": coded["bob_r2p"]["id"],
               "supersedes_id": first["id"]}  # fmt: skip
    assert admin.post("/api/adjudications", json=present).status_code == 201
    assert r2p_on_key("human") == 1


def test_agreement_and_the_cli_count_a_mark_for_its_codebook_version_only(
    clients: dict[str, TestClient], coded: object, access: ProjectAccess, project: object
) -> None:
    """bob marked OP09 done under the codebook as it was; a later version adds a code, which
    alice applies there. bob never judged that code, nor did either coder on KEY, where
    they coded under the older version: no row for it (the workbench's own agreement counted
    bob as a 0 on OP09, and the library counted KEY as agreed absence); the same numbers as
    the library's; and the adjudicator's final coding is no third coder's."""
    from dataclasses import replace as changed
    from pathlib import Path

    from normtrace.coding.codebook import Code
    from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
    from normtrace.coding.human.agreement import agreement
    from normtrace.store.db import Store

    def new_version(store: Store) -> None:
        book = stored_codebook(store, "stability-operations")
        extra = Code(id="zz_synthetic_new", name="SYNTHETIC new code")
        register_codebook(store, changed(book, codes=(*book.codes, extra)))

    access.write(new_version)
    _code(clients["alice"], OP09, "Intervention Brigade", "zz_synthetic_new")
    report = clients["admin"].get("/api/agreement").json()
    # only alice judged it anywhere: bob's mark, and both coders' codings on KEY, were made
    # under the version without it
    assert "zz_synthetic_new" not in _by_code(report)
    assert {(d["unit_key"], d["code"]) for c in report["codes"] for d in c["disagreements"]} == {
        (KEY, "r2p"),
        (OP09, "intervention_brigade"),
    }
    # an adjudicated final coding changes no coder's row, here or on the command line
    body = {"unit_key": KEY, "code": "r2p", "decision": "present",
            "coding_id": coded["bob_r2p"]["id"]}  # type: ignore[index]  # fmt: skip
    assert clients["admin"].post("/api/adjudications", json=body).status_code == 201
    with Store.open(Path(str(project))) as store:
        cli = agreement(store)
    assert cli.coders == ("alice", "bob")
    after = _by_code(clients["admin"].get("/api/agreement").json())["r2p"]
    row = {r.code: r for r in cli.rows}["r2p"]
    assert (
        (row.percent_agreement, row.cohen_kappa) == (after["percent"], after["kappa"]) == (0.5, 0)
    )
