"""``code validate``'s terminal table is readable (N1's finding F7: about 450 characters wide, a
long note repeated on every row): each figure with its interval, each note once below the
table under a key; CSV and JSON keep every field and the whole note on each row.

Documents, codebook and marks here are SYNTHETIC.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.human.reviews import mark_done
from normtrace.store.db import Store
from synthetic_docs import insert_document

BOOK = Codebook(
    name="synth",
    codes=(
        Code(id="x", name="X", entries=(Entry("alpha"),)),
        Code(id="z", name="Z", entries=(Entry("zebra"),)),
    ),
)


def _project(path: Path) -> None:
    with Store.open(path) as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/1", [(f"SYN/1/op{i}", "op", "alpha" if i % 3 else "beta")
                                            for i in range(1, 13)])  # fmt: skip
        register_codebook(store, BOOK)
        keys = [f"SYN/1/op{i}" for i in range(1, 13)]
        mark_done(store, coder="ana", codebook="synth", unit_keys=keys, codes=["x"])


def _validate(path: Path, *more: str) -> str:
    out = CliRunner().invoke(cli, ["--project", str(path), "code", "validate", "--codebook",
                                   "synth", "--folds", "2", "--no-reference", *more])  # fmt: skip
    assert out.exit_code == 0, out.output
    return out.output


def test_the_terminal_table_keys_its_notes_and_csv_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    _project(path)
    table = _validate(path)
    lines = table.splitlines()
    head = lines[0].split()
    assert head == ["code", "method", "n", "positives", "tp", "fp", "fn", "precision", "recall",
                    "f1", "note"]  # fmt: skip
    z_note = "no unit is labelled for this code, so nothing scores it"
    below = lines[lines.index("notes:") + 1 :]
    assert any(line.startswith("[") and line.endswith(z_note) for line in below)
    rows = lines[2 : lines.index("notes:")]
    assert all(z_note not in row for row in rows)  # the note is said once, below
    assert max(len(line) for line in rows) <= 120
    z_rows = [row for row in rows if row.startswith("z ")]
    assert z_rows and all(row.rstrip().endswith("]") for row in z_rows)
    assert len(below) == len(set(below))
    # CSV: every field, the whole note on each row
    found = list(csv.DictReader(io.StringIO(_validate(path, "--format", "csv"))))
    z_dictionary = next(r for r in found if r["code"] == "z" and r["method"] == "dictionary")
    assert z_dictionary["note"] == z_note
    assert {"precision_low", "recall_high", "f1_interval_method", "more_positives"} <= set(found[0])
