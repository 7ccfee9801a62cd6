"""A project coded with another version of the default codebook than the one the bundled
measurement was made for (normtrace shipped a revised default codebook; the project was coded
with the earlier one) showed every code as "unvalidated: never measured (run `normtrace code
validate`)", though the code was measured, for another version, and the way to that
measurement is to re-code (a new user's project). Each code the bundled set measured now says
so in one line: the version measured, the version of the codings, the command that re-codes
with the measured one; it stays unvalidated (a measurement is never applied to a version it
was not made for). A version that codes the same passages (edited in prose only) keeps the
bundled measurement, as before.

The project, its resolution and the earlier version stand-in are SYNTHETIC: the bundled
default codebook with one entry of ``poc`` dropped (another ``Codebook.matching``), or with a
definition edited (the same matching)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import cast

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Codebook
from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.validity import (
    DEFAULT_BOOK,
    OtherVersion,
    code_validity,
    group_validity,
    project_validity,
)
from normtrace.parse.model import Document, Paragraph
from normtrace.report.validity import validity_section
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document
from normtrace.trace.annotate import measured_errors
from normtrace.trace.indicators import FrameEvent
from normtrace.trace.ledger import EvidenceItem, Likelihood, UnitRef
from normtrace.trace.result import TraceRun

RECODE = f"normtrace code apply {DEFAULT_BOOK} --bundled"
# SYNTHETIC operative paragraphs (no UN document): poc's entries find the first in every
# version below; the second is coded by no frame's code
OPS = (
    "Requests the SYNTHETIC mission to protect civilians under imminent threat of physical "
    "violence in its areas of deployment",
    "Decides to remain seized of the SYNTHETIC matter",
)


def _earlier(book: Codebook) -> Codebook:
    """A stand-in for an earlier default codebook: ``poc`` without its first entry, so its
    entries differ (another matching), though it codes the passages of ``OPS`` as the bundled
    version does (the case of a real revision that changed none of 46,314 passages)."""
    return replace(book, codes=tuple(replace(c, entries=c.entries[1:]) if c.id == "poc" else c
                                     for c in book.codes))  # fmt: skip


def _prose(book: Codebook) -> Codebook:
    """The default codebook with a definition edited: a new version coding the same passages."""
    return replace(book, codes=tuple(replace(c, definition=c.definition + " (edited)")
                                     if c.id == "poc" else c for c in book.codes))  # fmt: skip


def _project(path: Path, version: Codebook) -> Path:
    """A SYNTHETIC project of one resolution, auto-coded with ``version`` of the default."""
    symbol = "S/RES/9901 (2099)"  # no UN resolution has this number yet
    paragraphs = tuple(Paragraph(f"{symbol}/op{i}", "operative", text, i, number=str(i))
                       for i, text in enumerate(OPS, 1))  # fmt: skip
    doc = Document(symbol, "resolution", "synthetic.v1", "SYNTHETIC resolution", "2099-01-15",
                   2099, paragraphs=paragraphs)  # fmt: skip
    with Store.open(path) as store:
        save_document(store, doc, SourceRecord(symbol, hashlib.sha256(symbol.encode()).hexdigest(),
                                               1, "text/plain", "test"))  # fmt: skip
        apply_codebook(store, version)
    return path


def test_codes_measured_for_another_version_say_so_and_stay_unvalidated(tmp_path: Path) -> None:
    book = load_default_codebook()
    earlier = _earlier(book)
    assert earlier.matching != book.matching
    db = _project(tmp_path / "p.db", earlier)
    bundled = code_validity(None, DEFAULT_BOOK)["poc"]
    assert bundled.validated and bundled.source  # the measurement there is to use
    with Store.open(db) as store:
        measured = code_validity(store, DEFAULT_BOOK, earlier.version)
        everywhere = project_validity(store)
    for v in (measured["poc"], everywhere["poc"]):
        assert v.other_version == OtherVersion(DEFAULT_BOOK, book.version, earlier.version)
        assert not v.source and v.precision is None and not v.validated  # not applied
        assert v.frame == "protection_of_civilians"
        said = v.describe()
        assert "never measured" not in said
        assert f"re-code with `{RECODE}` to bring that measurement back" in said
        assert said.endswith(f"if it is your own edit, validate your own labels (`normtrace code "
                             f"validate --codebook {DEFAULT_BOOK}`): re-coding with the bundled "
                             "version would set the edit aside")  # fmt: skip
        assert said.startswith(f"unvalidated: measured for version {book.version} (the bundled "
                               f"{DEFAULT_BOOK}), but this project's codings are of version "
                               f"{earlier.version}, whose entries differ, so the measurement "
                               "is not of the codings this project holds (the two versions may "
                               "or may not code its passages differently). If "
                               f"{earlier.version} is an earlier release's, re-code with "
                               f"`{RECODE}` to bring that measurement back (it refuses "
                               "where your codings hold codes the bundled version lacks, and "
                               "names them: `--force` applies it anyway, those codings kept out "
                               "of its exports); ")  # fmt: skip
        assert "codes differently" not in said  # not known: poc's entries differ, that is all
        assert "\n" not in said
        assert RECODE in v.passage_trust("") and "never measured" not in v.passage_trust("")
        assert v.to_dict()["measured_for_other_version"] == {
            "codebook": DEFAULT_BOOK, "measured_version": book.version,
            "codings_version": earlier.version, "recode": RECODE, "note": v.flag(),
        }  # fmt: skip
    # every code the bundled set measured, each with its frame (a frame's codes share one)
    assert {c for c, v in measured.items() if v.other_version} == {
        c for codes in book.frame_codes().values() for c in codes
    }
    frame = group_validity(measured, ["offensive_force", *book.frame_codes()["offensive_force"]])
    assert frame.other_version is not None and not frame.validated
    # a code no version was measured for is still never measured
    assert "reason_giving" not in measured


def test_every_surface_names_the_version_and_the_command(tmp_path: Path) -> None:
    book = load_default_codebook()
    earlier = _earlier(book)
    db = str(_project(tmp_path / "p.db", earlier))
    runner = CliRunner()
    first = runner.invoke(cli, ["--project", db, "first", "--code", "poc"])
    assert first.exit_code == 0, first.output
    assert "never measured" not in first.output
    assert (f"measured error: unvalidated: measured for version {book.version} (the bundled "
            f"{DEFAULT_BOOK}), but this project's codings are of version {earlier.version}"
            ) in first.output  # fmt: skip
    assert f"an earlier release's: `{RECODE}`" in first.output  # the first use's row
    freq = runner.invoke(cli, ["--project", db, "freq", "--by", "year"])
    assert freq.exit_code == 0, freq.output
    lines = [x for x in freq.output.splitlines() if RECODE in x]
    assert len(lines) == 1 and "poc" in lines[0], freq.output  # once, naming its codes
    assert "poc's dictionary: unvalidated: never measured" not in freq.output

    from normtrace.web.codebooks import view_codebook
    from normtrace.web.validation import validation_page

    with Store.open(Path(db)) as store:
        page = {c.id: c for c in view_codebook(store, DEFAULT_BOOK).codes}
        levels = validation_page(store, DEFAULT_BOOK).levels
        validity = project_validity(store)
    assert RECODE in page["poc"].measured_error and not page["poc"].validated
    assert "never measured" not in page["poc"].measured_error
    for level in levels:  # no run: no bundled table for another version, and why
        assert level.bundled == [] and RECODE in level.missing, level.missing

    # a trace item resting on a coding of poc
    item = EvidenceItem("E1", "SYNTHETIC", "coded_spans", {"H1": Likelihood(0.5, "SYNTHETIC")},
                        (UnitRef("S/RES/9901 (2099)/op1", code="poc"),))  # fmt: skip
    (error,) = measured_errors(item, validity, {"S/RES/9901 (2099)/op1": ""})
    assert not error.validated and RECODE in error.text and "never measured" not in error.text

    # the case report's validity section: the status column and one caveat naming the codes
    data = SimpleNamespace(
        frame_events=[FrameEvent("2099-01-15", "resolution", "poc", "S/RES/9901 (2099)/op1")],
        codings=SimpleNamespace(codebook="", note=lambda: ""),
    )
    inputs = cast(TraceRun, SimpleNamespace(data=data, trace=None, validity=validity,
                                            validations=[], genres={}))  # fmt: skip
    _, _, html = validity_section(inputs, tmp_path / "out")
    assert '<p class="caveat other-version">poc: measured for version' in html
    assert "never measured" not in html.split("<h3>")[0]
    rows = (tmp_path / "out" / "data" / "code_validity.csv").read_text(encoding="utf-8")
    assert f"re-code with `{RECODE}`" in rows


def test_recoding_with_the_command_said_brings_the_measurement(tmp_path: Path) -> None:
    book = load_default_codebook()
    db = str(_project(tmp_path / "p.db", _earlier(book)))
    done = CliRunner().invoke(cli, ["--project", db, *RECODE.split()[1:]])
    assert done.exit_code == 0, done.output
    with Store.open(Path(db)) as store:
        v = project_validity(store)["poc"]
    bundled = code_validity(None, DEFAULT_BOOK)["poc"]
    assert v == bundled and v.other_version is None and v.validated


def test_a_version_coding_the_same_passages_keeps_the_bundled_measurement(tmp_path: Path) -> None:
    book = load_default_codebook()
    prose = _prose(book)
    assert prose.version != book.version and prose.matching == book.matching
    db = _project(tmp_path / "p.db", prose)
    bundled = code_validity(None, DEFAULT_BOOK)["poc"]
    with Store.open(db) as store:
        v = project_validity(store)["poc"]
    assert v.other_version is None and v.validated
    assert (v.precision, v.recall, v.n) == (bundled.precision, bundled.recall, bundled.n)
    assert v.source == (f"{bundled.source}; measured for version {book.version}, which codes "
                        f"the same passages as {prose.version}")  # fmt: skip
    assert v.to_dict()["measured_for_other_version"] is None  # JSON says the note is absent
