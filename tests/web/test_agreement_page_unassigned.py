"""The workbench's agreement page compares assigned units only; when none is shared it says
so, and for an admin how many units two coders judged across the project (imported or
unassigned work, which `normtrace agreement` compares) and the command, from the same library
function. Document and the coders' work are SYNTHETIC (:mod:`synthetic_web`)."""

from __future__ import annotations

import re
from pathlib import Path

from synthetic_web import DEFAULT, OTHER, workbench

from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.store.db import Store

WORDS = "protect civilians"


def _unassigned_work(store: Store) -> int:
    """alice codes poc on OTHER and bob marks it done, neither assigned: the units the
    command line compares."""
    text = str(store.conn.execute("SELECT text FROM units WHERE key = ?", (OTHER,)).fetchone()[0])
    start = text.index(WORDS)
    add_code(store, coder="alice", unit_key=OTHER, start=start, end=start + len(WORDS),
             code="poc", codebook=DEFAULT)  # fmt: skip
    mark_done(store, coder="bob", codebook=DEFAULT, unit_keys=[OTHER])
    return agreement(store, codebook=DEFAULT).units


def test_an_empty_page_says_what_it_compares_and_where_the_shared_work_is(
    tmp_path: Path,
) -> None:
    with workbench(tmp_path / "p.db") as (clients, access):
        shared = access.write(_unassigned_work)
        assert shared == 1
        data = clients["admin"].get("/api/agreement").json()
        assert data["units"] == 0 and data["project_units"] == 1
        text = re.sub(r"<[^>]+>", "", clients["admin"].get("/agreement").text)
        text = " ".join(text.split())
        assert "No codings to compare yet" not in text  # said while the CLI found 1 unit
        assert "this page compares assigned units only" in text
        assert "1 unit(s) were judged by two or more coders" in text
        assert f"normtrace agreement --codebook {DEFAULT}" in text
        # a coder is not told about other coders' work
        assert clients["alice"].get("/api/agreement").json()["project_units"] is None
