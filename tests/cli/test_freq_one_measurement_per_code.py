"""`freq` gave one count row two measured errors: a code of a frame asked for alone printed the
measurement code_validity gives it (the project's run of the code), but asked for with the
frame's other codes printed the first code's (the bundled frame figure, saying the run
"labelled no unit of this code"), and the frame asked for by name read "never measured" (a new
user's finding B2, U1). Each code now shows the one measurement code_validity gives it, codes of
a frame sharing a line only where theirs are the same.

The project, its resolution and its labels are SYNTHETIC: one resolution coded with the bundled
default codebook, a paragraph each that offensive_operations and robust_posture find, the first
labelled for offensive_operations only and validated."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.counted_error import alone
from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn.validate import validate
from normtrace.coding.validity import DEFAULT_BOOK, project_validity
from normtrace.parse.model import Document, Paragraph
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document

SYMBOL = "S/RES/9903 (2099)"  # no UN resolution has this number yet
#: SYNTHETIC operative paragraphs: offensive_operations finds the first, robust_posture the second
OPS = (
    "Authorizes the SYNTHETIC force to carry out targeted offensive operations",
    "Calls on the SYNTHETIC mission to maintain a robust posture",
)
MEASURED = f"{SYMBOL}/op1"


def _project(path: Path) -> Path:
    """SYNTHETIC: the resolution, coded with the bundled default codebook; its first paragraph
    coded offensive_operations by a coder who marks it reviewed for that code only; validated."""
    paragraphs = tuple(Paragraph(f"{SYMBOL}/op{i}", "operative", text, i, number=str(i))
                       for i, text in enumerate(OPS, 1))  # fmt: skip
    doc = Document(SYMBOL, "resolution", "synthetic.v1", "SYNTHETIC resolution", "2099-03-15",
                   2099, paragraphs=paragraphs)  # fmt: skip
    with Store.open(path) as store:
        save_document(store, doc, SourceRecord(SYMBOL, hashlib.sha256(SYMBOL.encode())
                                               .hexdigest(), 1, "text/plain", "test"))  # fmt: skip
        apply_codebook(store, load_default_codebook())
        add_code(store, coder="ana", unit_key=MEASURED, start=0, end=len(OPS[0]),
                 code="offensive_operations", codebook=DEFAULT_BOOK)  # fmt: skip
        mark_done(store, coder="ana", codebook=DEFAULT_BOOK, unit_keys=[MEASURED],
                  codes=["offensive_operations"])  # fmt: skip
        validate(store, DEFAULT_BOOK, folds=2, reference=False)
    return path


def _said(db: Path, *codes: str) -> list[str]:
    """freq's stderr lines of measured error (with their "measured on" lines)."""
    args = ["--project", str(db), "freq", "--by", "year"]
    for code in codes:
        args += ["--code", code]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 0, done.output
    return [x for x in done.output.splitlines() if x.startswith(("measured", "  measured", "note"))]


def _of(lines: list[str], code: str) -> str:
    """The measured error said of ``code``, and where it was measured."""
    (at,) = [i for i, x in enumerate(lines) if x.startswith("measured error")
             and (f"({code}" in x or f" {code}'s" in x)]  # fmt: skip
    return lines[at].split(": ", 1)[1] + "\n" + lines[at + 1]


def test_a_code_shows_its_own_measurement_whichever_codes_come_with_it(tmp_path: Path) -> None:
    """SYNTHETIC project: offensive_operations (its run's) and robust_posture (the bundled frame
    figure, its run labelling none of it) differ; freq says each one's, alone or together."""
    db = _project(tmp_path / "p.db")
    with Store.open(db) as store:
        measured = project_validity(store)
    own, sibling = measured["offensive_operations"], measured["robust_posture"]
    assert own.frame == sibling.frame == "offensive_force"
    assert "labelled no unit of this code" not in own.source  # its run labelled it
    assert "labelled no unit of this code" in sibling.source
    # the counts are of a resolution: each code's measurement on resolutions, no other genre's
    said = _of(_said(db, "offensive_operations"), "offensive_operations")
    together = _said(db, "offensive_operations", "robust_posture")
    assert said == f"{alone(own).describe()}\n  measured on: {own.source}"
    assert _of(together, "offensive_operations") == said
    assert _of(together, "robust_posture") == (
        f"{alone(sibling).describe()}\n  measured on: {sibling.source}")  # fmt: skip
    assert "measured apart" in "\n".join(together)
    # the frame asked for by name: each of its codes' measurement, not "never measured"
    framed = _said(db, "offensive_force")
    assert not any("never measured" in x for x in framed), framed
    assert _of(framed, "offensive_operations") == said
    assert any(x.startswith("note: offensive_force counts the spans of its codes") for x in framed)


def test_csv_and_json_rows_carry_the_measured_error_the_table_says(tmp_path: Path) -> None:
    """SYNTHETIC project: each row of --format csv and json carries its code's measured error
    (figures, intervals, n, flag, source: code_validity's), as the table's note says it."""
    import csv
    import io
    import json

    db = _project(tmp_path / "p.db")
    with Store.open(db) as store:
        measured = project_validity(store)
    base = ["--project", str(db), "freq", "--by", "year", "--code", "offensive_operations",
            "--code", "robust_posture", "--format"]  # fmt: skip
    out = CliRunner().invoke(cli, [*base, "csv"])
    assert out.exit_code == 0, out.output
    table = list(csv.DictReader(io.StringIO(out.stdout)))
    rows = json.loads(CliRunner().invoke(cli, [*base, "json"]).stdout)
    assert {r["code"] for r in table} == {r["code"] for r in rows} == {
        "offensive_operations", "robust_posture"}  # fmt: skip
    for r, c in zip(rows, table, strict=True):
        v = measured[r["code"]]
        assert (r["measured_precision"], r["measured_recall"], r["measured_n"]) == (
            v.precision, v.recall, v.n)  # fmt: skip
        assert (r["measured_recall_low"], r["measured_recall_high"]) == (
            v.recall_low, v.recall_high)  # fmt: skip
        assert r["measured_flag"] == v.flag() and r["measured_source"] == v.source
        assert r["measured_validated"] is v.validated
        assert r["measured_error"] == alone(v).describe()  # a resolution's: no other genre
        assert c["measured_flag"] == v.flag() and c["measured_source"] == v.source
        assert c["measured_precision"] == ("" if v.precision is None else str(v.precision))
    help_text = CliRunner().invoke(cli, ["freq", "--help"]).output
    assert "measured_flag" in help_text and "measured_source" in help_text
