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


def plant_suggestion(
    store: Store, codebook: str, level: str, unit_key: str, code: str, words: str
) -> int:
    """A SYNTHETIC model (a learn run, no real classifier) and its suggestion of ``code`` on
    ``unit_key`` at ``level``, made on ``words`` (their hash is what a verdict judged), under
    ``codebook``'s current version; returns the suggestion's id."""
    from normtrace.coding.dictionary.apply import text_sha256
    from normtrace.store.db import utc_now

    (version,) = store.conn.execute(
        "SELECT version FROM current_codebooks WHERE name = ?", (codebook,)
    ).fetchone()
    run = store.start_run("learn", "test.synthetic")
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO learn_models (run_id, codebook, codebook_version, level, version, "
            "params, codes, model, created_at) VALUES (?, ?, ?, ?, 'v', '{}', '{}', x'', ?)",
            (run, codebook, version, level, utc_now()),
        )
        sid = conn.execute(
            "INSERT INTO suggestions (run_id, model_run_id, model_version, codebook, "
            "codebook_version, level, unit_key, code, probability, text_sha256) "
            "VALUES (?, ?, 'v', ?, ?, ?, ?, ?, 0.9, ?)",
            (run, run, codebook, version, level, unit_key, code, text_sha256(words)),
        ).lastrowid
    return int(sid or 0)
