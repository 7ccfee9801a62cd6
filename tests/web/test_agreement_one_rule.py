"""Intercoder agreement reads the same on every surface: the command line, the library called
without arguments, the workbench's agreement page and adjudication all set aside a coder's
work on a blind-assigned unit from before their blind reading began. Until now only the
agreement page did: `normtrace agreement` and adjudication counted alice's open-unit coding as
a blind reading, so the CLI printed another kappa than the page on the same project, and
adjudication listed a disagreement that rests on no blind reading. The coders' work is
SYNTHETIC; the resolution is real (S/RES/2098 (2013))."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from web_support import TestClient

from normtrace.cli import cli
from normtrace.coding.human.agreement import agreement
from normtrace.store.db import Store

RES = "S/RES/2098 (2013)"
EARLY, BOTH, ONE, NEITHER = (f"{RES}/op{n}" for n in ("09", "10", "13", "14"))
BOOK = "stability-operations"


def _code(client: TestClient, key: str) -> None:
    body = {"unit_key": key, "code": "poc", "start": 0, "end": 10}
    assert client.post("/api/codings", json=body).status_code == 201


def _done(client: TestClient, key: str) -> None:
    assert (
        client.post("/api/units/done", json={"codebook": BOOK, "unit_key": key}).status_code == 201
    )


def _blind_project(clients: dict[str, TestClient]) -> None:
    """alice codes EARLY while it is open (the machine's candidates in view); then four units
    are blind-assigned to alice and bob, who read them: bob finds nothing in EARLY."""
    admin, alice, bob = clients["admin"], clients["alice"], clients["bob"]
    _code(alice, EARLY)
    order = {"unit_keys": [EARLY, BOTH, ONE, NEITHER], "coders": ["alice", "bob"], "blind": True}
    assert admin.post("/api/assignments", json=order).status_code == 201
    _done(bob, EARLY)
    _code(alice, BOTH)
    _code(bob, BOTH)
    _code(alice, ONE)
    _done(bob, ONE)
    _done(alice, NEITHER)
    _done(bob, NEITHER)


def _poc(rows: list[dict[str, Any]], key: str = "code") -> dict[str, Any]:
    return next(r for r in rows if r[key] == "poc")


def test_the_cli_and_the_library_set_aside_what_the_page_sets_aside(
    clients: dict[str, TestClient], project: Path
) -> None:
    _blind_project(clients)
    page = clients["admin"].get("/api/agreement").json()
    shown = _poc(page["codes"])
    assert shown["unit_keys"] == [BOTH, ONE, NEITHER] and shown["kappa"] == 0.4
    assert page["set_aside"] == 1
    runner = CliRunner()
    out = runner.invoke(cli, ["--project", str(project), "agreement", "--format", "json"])
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    row = _poc(report["rows"])
    # the page's numbers, from the same readings (EARLY counted, it was 0.2 on 4 units)
    assert (row["cohen_kappa"], row["units"], row["unit_keys"]) == (
        shown["kappa"], shown["units"], shown["unit_keys"])  # fmt: skip
    assert row["krippendorff_alpha"] == shown["alpha"]
    assert [(p["unit_key"], p["coder"], p["counted"]) for p in report["predating"]] == [
        (EARLY, "alice", False)
    ]
    with Store.open(project) as store:
        mine = _poc([r.__dict__ for r in agreement(store).rows])
    assert (mine["cohen_kappa"], mine["unit_keys"]) == (shown["kappa"], tuple(shown["unit_keys"]))
    # the table names the reading set aside, after the table
    table = runner.invoke(cli, ["--project", str(project), "agreement"])
    assert table.exit_code == 0, table.output
    (note,) = [line for line in table.stderr.splitlines() if "predates" in line]
    (early,) = report["predating"]
    assert note == (
        f"note: {EARLY}, alice: work at {early['first']} predates their blind reading "
        f"(since {early['blind_since']}); re-read and mark done to count it"
    )


def test_adjudication_lists_no_disagreement_resting_on_set_aside_work(
    clients: dict[str, TestClient],
) -> None:
    _blind_project(clients)
    admin = clients["admin"]
    data = admin.get("/api/adjudication").json()
    # ONE is a disagreement of two blind readings; EARLY's rested on alice's open-unit coding
    assert [(i["unit_key"], i["code"]) for i in data["items"]] == [(ONE, "poc")]
    assert [p["unit_key"] for p in data["passages"]] == [ONE]
    (passage,) = data["passages"]
    assert sorted(r["coder"] for r in passage["readings"]) == ["alice", "bob"]
    # once alice re-reads EARLY blind and marks it done, her reading there counts
    _done(clients["alice"], EARLY)
    data = admin.get("/api/adjudication").json()
    assert [(i["unit_key"], i["code"]) for i in data["items"]] == [(EARLY, "poc"), (ONE, "poc")]
