"""A grouping code (``codable: false``) is never applied (docs/codebook-schema.md): a new user's
`code add … offensive_force` succeeded and `freq` counted it. A retired code takes no new
codings either, but a restored project keeps the ones it had. SYNTHETIC units.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.qdpx import export_qdpx
from normtrace.coding.exchange.qdpx_read import import_qdpx
from normtrace.coding.human.events import add_code, human_codings, list_events
from normtrace.store.db import Store
from synthetic_coding import UNITS, make_project, nt
from synthetic_docs import insert_document


def test_a_grouping_or_retired_code_is_refused_and_not_counted(tmp_path: Path) -> None:
    """`code add … offensive_force` (a grouping code) succeeded and `freq` counted it."""
    db = make_project(tmp_path / "p.db")
    out = nt(db, "code", "add", "SYN/1/op2", "0", "9", "force", code=1)
    assert out.stderr == (
        "error: code 'force' of codebook b is a grouping code (codable: false), never applied; "
        "nothing recorded on SYN/1/op2: code with one of its codable codes: auth, poc\n"
    )
    out = nt(db, "code", "add", "SYN/1/op2", "0", "9", "old", code=1)
    assert "code 'old' of codebook b is retired (codable: false in its current version)" in (
        out.stderr)  # fmt: skip
    with Store.open(db) as store:
        assert list_events(store) == []
    freq = CliRunner().invoke(cli, ["--project", str(db), "freq", "--code", "force", "--source",
                                    "human", "--format", "json"])  # fmt: skip
    assert freq.exit_code == 0 and json.loads(freq.stdout) == []


def test_a_restored_project_keeps_its_codings_of_a_code_retired_since(tmp_path: Path) -> None:
    """A retired code keeps its old codings: a .qdpx of the project reads them back."""
    db = tmp_path / "p.db"
    with Store.open(db) as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/1", UNITS)
        register_codebook(store, Codebook(name="b", codes=(Code(id="old", name="Old"),)))
        add_code(store, coder="ana", unit_key="SYN/1/op2", start=0, end=9, code="old")
        register_codebook(store, Codebook(name="b", codes=(
            Code(id="old", name="Old", codable=False),)))  # fmt: skip
        export_qdpx(store, tmp_path / "p.qdpx", codebook="b")
    with Store.open(tmp_path / "fresh.db") as fresh:
        assert import_qdpx(fresh, tmp_path / "p.qdpx").codings == 1
        assert [(h.unit_key, h.code) for h in human_codings(fresh)] == [("SYN/1/op2", "old")]
