"""``code validate`` marks the pooled row of a code with a recorded draw as not to be quoted, in
table, CSV and JSON alike, and puts the draw's weighted row under it in the table (a new user's
trial, B3: the table led with ``poc dictionary 40 18 … recall 1.00 [0.82, 1.00]``, a Wilson
interval over a stratified draw's units unweighted, while the draw's estimate lower down was
``recall 1.00 [0.17, 1.00]``). A recall below 0.7 is printed with the decimals that show it.

The documents and labels are SYNTHETIC: a report and a resolution of 60 paragraphs each, every
fourth holding "protect", the code's one entry, and every such paragraph labelled positive.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.cli.coding_validate import validation_table
from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn.scores import score
from normtrace.coding.sample_draw import draw_sample
from normtrace.store.db import Store
from synthetic_docs import insert_document

HIT = "SYNTHETIC: the mission shall protect civilians."
PLAIN = "SYNTHETIC: the Council takes note of the report."
BOOK = Codebook(name="synth", codes=(Code(id="x", name="X", entries=(Entry("protect"),)),))


def _project(path: Path, *, drawn: bool) -> None:
    """The SYNTHETIC project; ``drawn``: 16 units drawn for x and labelled, else 16 chosen."""
    with Store.open(path) as store:
        with store.transaction() as conn:
            for symbol, kind, doc_type in (("SYN/R/1", "numbered", "report"),
                                           ("SYN/RES/1", "op", None)):  # fmt: skip
                unit = "p" if doc_type else "op"
                insert_document(conn, symbol, [(f"{symbol}/{unit}{i}", kind,
                                                HIT if i % 4 == 0 else PLAIN)
                                               for i in range(1, 61)],
                                doc_type=doc_type or "resolution", date="2010-01-01")  # fmt: skip
        register_codebook(store, BOOK)
        apply_codebook(store, BOOK, progress=False)
        keys = (list(draw_sample(store, "synth", "x", 16, seed=5).units) if drawn
                else [f"SYN/RES/1/op{i}" for i in range(1, 17)])  # fmt: skip
        for key in keys:
            text = store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()
            if text[0] == HIT:
                add_code(store, coder="ana", unit_key=key, start=0, end=len(text[0]), code="x",
                         codebook="synth")  # fmt: skip
            mark_done(store, coder="ana", codebook="synth", unit_keys=[key])


def _validate(path: Path, *more: str) -> str:
    done = CliRunner().invoke(cli, ["--project", str(path), "code", "validate", "--codebook",
                                    "synth", "--no-model", *more])  # fmt: skip
    assert done.exit_code == 0, (done.stdout, done.stderr)
    return done.stdout


def test_the_pooled_row_of_a_drawn_code_is_marked_and_the_weighted_row_follows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.db"
    _project(path, drawn=True)
    table = _validate(path)
    lines = table.splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.split()[:2] == ["x", "dictionary"]]
    assert lines[at + 1].split()[:5] == ["x", "dictionary,", "weighted", "by", "draw"]
    pooled_key = lines[at].split()[-1]
    (note,) = [line for line in lines if line.startswith(f"{pooled_key} ")]
    assert "draw 1 (seed 5)'s among them unweighted" in note
    assert "not the project's figure, not to be quoted" in note
    weighted_key = lines[at + 1].split()[-1]
    (said,) = [line for line in lines if line.startswith(f"{weighted_key} ")]
    assert said.startswith(f"{weighted_key} the draw's estimate on the project's units, pooling "
                           "its genres; the counts use the draw's weighted estimate on each "
                           "genre")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(_validate(path, "--format", "csv"))))
    (row,) = [r for r in rows if r["method"] == "dictionary"]
    assert note.removeprefix(f"{pooled_key} ") == row["not_to_quote"]
    (data,) = [r for r in json.loads(_validate(path, "--format", "json"))
               if r["method"] == "dictionary"]  # fmt: skip
    assert data["not_to_quote"] == row["not_to_quote"]


def test_without_a_draw_nothing_is_marked(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    _project(path, drawn=False)
    assert "not to be quoted" not in _validate(path)
    assert "not_to_quote" not in _validate(path, "--format", "csv").splitlines()[0]
    assert all("not_to_quote" not in r for r in json.loads(_validate(path, "--format", "json")))


def test_a_recall_below_the_threshold_shows_its_decimals() -> None:
    """37 of 53 positives found: recall 0.698, printed 0.698 (0.70 read as the threshold)."""
    s = score("x", "dictionary", [1] * 53 + [0] * 20, [1] * 37 + [0] * 36)
    (row,), _ = validation_table([s])
    assert row["recall"].startswith("0.698 [")
