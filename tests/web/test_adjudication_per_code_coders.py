"""Adjudication shows each code's own coders: a coder compared for one code of a disputed
passage says nothing of its other codes. The passage listed the union of its codes' coders, so
a coder who marked the unit done for one code only read as having found none of the others,
and "None of these codes here" claimed them. The document and the coders' work are SYNTHETIC
(:mod:`synthetic_web`)."""

from __future__ import annotations

from pathlib import Path

from synthetic_web import BRIGADE, DEFAULT, workbench
from web_support import TestClient

from normtrace.web.adjudication import disputes
from normtrace.web.auth import User

OP09 = BRIGADE


def _done_for(client: TestClient, code: str) -> None:
    body = {"codebook": DEFAULT, "unit_key": OP09, "codes": [code]}
    assert client.post("/api/units/done", json=body).status_code == 201


def test_each_code_of_a_passage_is_read_by_its_own_coders(tmp_path: Path) -> None:
    with workbench(tmp_path / "p.db") as (clients, access):
        admin, alice, bob = clients["admin"], clients["alice"], clients["bob"]
        order = {"unit_keys": [OP09], "coders": ["admin", "alice", "bob"], "blind": False}
        assert admin.post("/api/assignments", json=order).status_code == 201
        text = alice.get(f"/api/units/{OP09}").json()["unit"]["text"]
        at = text.index("Intervention Brigade")
        for code in ("intervention_brigade", "poc"):
            body = {"unit_key": OP09, "start": at, "end": at + 20, "code": code,
                    "codebook": DEFAULT}  # fmt: skip
            assert alice.post("/api/codings", json=body).status_code == 201
        _done_for(bob, "poc")  # bob read the unit for poc only
        _done_for(admin, "intervention_brigade")  # admin for the brigade only
        with access.read() as store:
            (d,) = disputes(store, User(1, "admin", "admin"), DEFAULT)
        assert d.codes == ("intervention_brigade", "poc")
        assert d.by_code == (
            ("intervention_brigade", ("admin", "alice")),
            ("poc", ("alice", "bob")),
        )
        assert d.codes_of("bob") == ("poc",) and d.codes_of("alice") == d.codes
        (passage,) = admin.get("/api/adjudication").json()["passages"]
        readings = {r["coder"]: r for r in passage["readings"]}
        assert readings["bob"]["compared_for"] == ["Protection of civilians"]
        assert readings["alice"]["compared_for"] == []
        labels = [o["label"] for o in passage["options"]]
        # nobody was compared for both codes and coded neither
        assert labels[-1] == "None of these codes here"
        page = admin.get("/adjudication").text
        assert (
            'bob <span class="compared-for">(compared for Protection of civilians only)</span>: '
            "none of it here" in page
        )
