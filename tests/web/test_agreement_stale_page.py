"""The workbench's agreement page names the work it leaves out as stale, as the command line
does (stop 46, F3): per coder the "done" marks and codings on words a new version changed
since, and the units that left the table because of them. The resolution and the coders' work
are SYNTHETIC (tests/synthetic_resolution.py, :mod:`synthetic_web`)."""

from __future__ import annotations

import re
from pathlib import Path

from synthetic_web import DEFAULT, build, serve

from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.pipeline import ingest_paths
from normtrace.store.db import Store
from synthetic_resolution import OP1, OP2, fixed, write

CALLS = "Calls on the Government"
REQUESTS = "Requests the Secretary-General"


def _ingest(project: Path, path: Path) -> None:
    with Store.open(project) as store:
        assert ingest_paths(store, [path], progress=False).ok


def _work(store: Store) -> None:
    """alice and bob code poc on op1; alice codes it on op2's opening words, which bob marks
    "nothing applies"; both mark both units done for the default codebook."""
    for coder in ("alice", "bob"):
        add_code(store, coder=coder, unit_key=OP1, start=0, end=len(CALLS), code="poc",
                 codebook=DEFAULT)  # fmt: skip
    add_code(store, coder="alice", unit_key=OP2, start=0, end=len(REQUESTS), code="poc",
             codebook=DEFAULT)  # fmt: skip
    for coder in ("alice", "bob"):
        mark_done(store, coder=coder, codebook=DEFAULT, unit_keys=[OP1, OP2])


def test_the_page_names_the_stale_work_and_the_unit_that_left(tmp_path: Path) -> None:
    project = build(tmp_path / "p.db")
    path = write(tmp_path / "docs")
    _ingest(project, path)
    with serve(project) as (clients, access):
        order = {"unit_keys": [OP1, OP2], "coders": ["alice", "bob"], "blind": False}
        assert clients["admin"].post("/api/assignments", json=order).status_code == 201
        access.write(_work)
        data = clients["admin"].get("/api/agreement").json()
        assert (data["units"], data["stale"]) == (2, [])
        assert "Work on words changed since" not in clients["admin"].get("/agreement").text
    write(path.parent, fixed())  # a typo fixed in op2, after alice's coded words
    _ingest(project, path)
    with serve(project) as (clients, _):
        data = clients["admin"].get("/api/agreement").json()
        assert data["units"] == 1  # op2 is no longer compared: the numbers are unchanged
        assert data["stale"] == [
            {"coder": "alice", "marks": 1, "codings": 0, "left": [], "codebooks": [DEFAULT]},
            {"coder": "bob", "marks": 1, "codings": 0, "left": [OP2], "codebooks": [DEFAULT]},
        ]
        text = " ".join(re.sub(r"<[^>]+>", " ", clients["admin"].get("/agreement").text).split())
        assert "Work on words changed since" in text
        assert f"bob 1 0 {OP2}" in text and "alice 1 0 none" in text
