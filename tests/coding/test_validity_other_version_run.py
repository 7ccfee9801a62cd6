"""A codebook upgrade (the bundled default codebook's version changed while the project's
codings are of the earlier one) and a validation run that labelled no unit of a code: the code
read "P – · R – · n 0 — unvalidated: 0 labelled units < 30" (the run's empty score), and
`freq` then called it a code with no dictionary, where it should say that it was measured for
another version and how to re-code with it (a new user's finding B4, U1). A run that labelled
none of a code replaces nothing, the other-version explanation included.

The project, its resolution, its labels and the earlier version stand-in are SYNTHETIC (the
project of test_validity_other_version: the bundled default codebook with one entry of
``poc`` dropped)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner
from test_validity_other_version import RECODE, _earlier, _project

from normtrace.cli import cli
from normtrace.coding.dictionary.apply import apply_codebook, stored_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn.validate import validate, validations
from normtrace.coding.validity import DEFAULT_BOOK, code_validity, project_validity
from normtrace.parse.model import Document, Paragraph
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document

SYMBOL = "S/RES/9902 (2099)"  # no UN resolution has this number yet
UNIT = "S/RES/9901 (2099)/op1"  # the SYNTHETIC paragraph poc's entries find
#: a SYNTHETIC paragraph stabilization's entries find (so freq counts the code)
STABILIZE = "Calls for the stabilization of the SYNTHETIC region"


def _labelled_for_poc_only(path: Path) -> int:
    """SYNTHETIC: the earlier version's project with a second resolution that stabilization's
    entries find, its first paragraph coded poc by a coder who marks it reviewed for poc only,
    then validated (a run that labels no unit of any other code). The run's id."""
    with Store.open(path) as store:
        doc = Document(SYMBOL, "resolution", "synthetic.v1", "SYNTHETIC resolution",
                       "2099-02-15", 2099, paragraphs=(Paragraph(
                           f"{SYMBOL}/op1", "operative", STABILIZE, 1, number="1"),))  # fmt: skip
        save_document(store, doc, SourceRecord(SYMBOL, hashlib.sha256(SYMBOL.encode())
                                               .hexdigest(), 1, "text/plain", "test"))  # fmt: skip
        apply_codebook(store, stored_codebook(store, DEFAULT_BOOK))
        text = store.conn.execute("SELECT text FROM units WHERE key = ?", (UNIT,)).fetchone()[0]
        add_code(store, coder="ana", unit_key=UNIT, start=0, end=len(text), code="poc",
                 codebook=DEFAULT_BOOK)  # fmt: skip
        mark_done(store, coder="ana", codebook=DEFAULT_BOOK, unit_keys=[UNIT], codes=["poc"])
        return validate(store, DEFAULT_BOOK, folds=2, reference=False).run_id


def test_a_run_that_labelled_none_of_a_code_keeps_the_other_version_explanation(
    tmp_path: Path,
) -> None:
    """SYNTHETIC project: stabilization (measured for the bundled version only, labelled by no
    run) says what it was measured for and the command; poc, labelled, is the run's."""
    book = load_default_codebook()
    earlier = _earlier(book)
    db = _project(tmp_path / "p.db", earlier)
    run_id = _labelled_for_poc_only(db)
    with Store.open(db) as store:
        measured = code_validity(store, DEFAULT_BOOK, earlier.version)
        everywhere = project_validity(store)
        (run,) = validations(store, DEFAULT_BOOK)
    empty = run.get("stabilization", "dictionary")  # the run listed it, labelling none of it
    assert run.run_id == run_id and empty is not None and empty.n == 0
    for v in (measured["stabilization"], everywhere["stabilization"]):
        assert v.other_version is not None and v.other_version.measured == book.version
        assert not v.source and not v.no_dictionary and not v.validated
        assert "labelled units < 30" not in v.describe() and RECODE in v.describe()
    # the run that labelled poc measures it (the labelled code is the run's, as before)
    assert measured["poc"].source.startswith(f"validation run {run_id} (unit level)")
    assert measured["poc"].other_version is None

    freq = CliRunner().invoke(cli, ["--project", str(db), "freq", "--by", "year", "--code",
                                    "stabilization", "--code", "poc"])  # fmt: skip
    assert freq.exit_code == 0, freq.output
    assert "0 labelled units < 30" not in freq.output
    assert "no dictionary" not in freq.output
    (line,) = [x for x in freq.output.splitlines() if RECODE in x]
    assert "stabilization" in line and "poc" not in line.split(":")[0], freq.output
