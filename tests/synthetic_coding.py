"""A SYNTHETIC project for the coding commands' tests: one resolution-like document SYN/1
(op1 with a sub-paragraph, op2, op10) and codebook ``b``, whose grouping code ``force``
(``codable: false``) holds ``auth`` and ``poc``, and whose ``old`` is retired.

``tests/`` is on ``sys.path`` (its ``conftest.py`` puts it there).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.store.db import Store
from synthetic_docs import insert_document

UNITS = [("SYN/1/op1", "op", "Synthetic head:"), ("SYN/1/op1/a", "op", "a synthetic task;"),
         ("SYN/1/op2", "op", "Synthetic text two."),
         ("SYN/1/op10", "op", "Synthetic ten.")]  # fmt: skip
BOOK = Codebook(name="b", codes=(
    Code(id="force", name="Force", codable=False), Code(id="auth", name="Auth", parent="force"),
    Code(id="poc", name="PoC", parent="force"),
    Code(id="old", name="Old", codable=False)))  # fmt: skip


def make_project(path: Path) -> Path:
    """The project at ``path`` (its file's path)."""
    with Store.open(path) as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/1", UNITS)
        register_codebook(store, BOOK)
    return path


def nt(db: Path, *args: str, code: int = 0) -> Result:
    """``normtrace --project DB ARGS --coder ana``, which must exit with ``code``."""
    out = CliRunner().invoke(cli, ["--project", str(db), *args, "--coder", "ana"])
    assert out.exit_code == code, out.output
    return out
