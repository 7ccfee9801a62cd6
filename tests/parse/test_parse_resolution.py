"""Tests of parse_resolution on real resolution texts (tests/fixtures/texts) and edge cases."""

from __future__ import annotations

import dataclasses
import json
import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normtrace.errors import NormtraceError, ParseError
from normtrace.evaluate.resolutions import Failure, audit_resolutions, operative_problem
from normtrace.ingest.text import read_text
from normtrace.parse.corpus import parse_corpus_speech
from normtrace.parse.model import Document
from normtrace.parse.report import parse_report
from normtrace.parse.resolution import PARSER, parse_resolution

TEXTS = Path(__file__).resolve().parent.parent / "fixtures" / "texts"


def _parse(name: str, symbol: str) -> Document:
    return parse_resolution(read_text(TEXTS / name).text, symbol=symbol)


def _check_golden(doc: Document, name: str) -> None:
    path = TEXTS / "golden" / name
    got = json.dumps(dataclasses.asdict(doc), indent=1, ensure_ascii=False, sort_keys=True)
    if os.environ.get("NORMTRACE_REGEN_GOLDEN") == "1":
        path.write_text(got + "\n", encoding="utf-8")
    assert path.exists(), f"missing golden {path}; run with NORMTRACE_REGEN_GOLDEN=1"
    assert got + "\n" == path.read_text(encoding="utf-8")


def _units(doc: Document, kind: str) -> list[str]:
    return [p.key.split(")/", 1)[1] for p in doc.paragraphs if p.kind == kind]


@pytest.mark.parametrize(
    ("name", "symbol", "golden"),
    [
        ("S-RES-2098(2013).txt", "S/RES/2098 (2013)", "S-RES-2098(2013).json"),
        ("S-RES-1542(2004).txt", "S/RES/1542 (2004)", "S-RES-1542(2004).json"),
    ],
)
def test_golden(name: str, symbol: str, golden: str) -> None:
    _check_golden(_parse(name, symbol), golden)


def test_2098_structure_and_truncation() -> None:
    doc = _parse("S-RES-2098(2013).txt", "S/RES/2098 (2013)")
    assert doc.parser == PARSER and doc.doc_type == "resolution"
    assert (doc.meeting, doc.date, doc.year) == ("S/PV.6943", "2013-03-28", 2013)
    assert doc.meta["adoption_meeting_number"] == 6943
    assert doc.meta["truncated"] is True
    assert any(w.startswith("truncated: text ends with the running header") for w in doc.warnings)
    ops = [p for p in doc.paragraphs if p.kind == "operative"]
    assert [p.number for p in ops] == [str(i) for i in range(1, 36)]
    assert len(_units(doc, "preambular")) == 35
    by_key = {p.key.split(")/", 1)[1]: p for p in doc.paragraphs}
    assert by_key["op7"].verb == "Condemns" and by_key["op7"].text.startswith("Strongly condemns")
    assert by_key["op12/a/ii"].parent_key == "S/RES/2098 (2013)/op12/a"
    assert by_key["op15/i"].label == "(i)"  # the letter after (h), not a roman numeral
    assert "op34/b/vi" in by_key and by_key["op35"].verb == "Decides"  # run-on last line split
    assert "S/2013/119" in by_key["pp28"].cites
    pp08 = by_key["pp08"].text  # split by the page break, re-joined
    assert pp08.endswith(
        "expressing concern at their negative impact on the deteriorating "
        "security and humanitarian situation in South Kivu and in Katanga,"
    )


def test_1542_parts_inside_operative_paragraph() -> None:
    doc = _parse("S-RES-1542(2004).txt", "S/RES/1542 (2004)")
    assert (doc.meeting, doc.date) == ("S/PV.4961", "2004-04-30")
    assert not doc.meta["truncated"] and doc.warnings == ()
    subs = _units(doc, "subparagraph")
    assert subs[:2] == ["op7/I", "op7/I/a"] and "op7/III/b" in subs
    op7 = next(p for p in doc.paragraphs if p.key.endswith("/op7"))
    assert op7.verb == "Decides"  # "Acting under Chapter VII ..., decides"
    continued = next(p for p in doc.paragraphs if p.key.endswith("/op7/I/c"))
    assert "Demobilization and Reintegration (DDR) programmes" in continued.text


def test_refworld_export_with_cr_cr_lf() -> None:
    doc = _parse("S-RES-700(1991).txt", "S/RES/700 (1991)")
    assert (doc.meeting, doc.date) == ("S/PV.2994", "1991-06-17")
    assert [p.verb for p in doc.paragraphs if p.kind == "operative"] == [
        "Expresses",
        "Approves",
        "Reiterates",
        "Requests",
        "Entrusts",
        "Decides",
    ]
    assert len(_units(doc, "preambular")) == 3


def test_run_on_resolution_is_split() -> None:
    doc = _parse("S-RES-1028(1995).txt", "S/RES/1028 (1995)")
    assert _units(doc, "preambular") == ["pp01", "pp02"]
    assert _units(doc, "operative") == ["op1", "op2"]
    assert doc.date == "1995-12-08"


def test_old_resolution_with_adoption_at_end() -> None:
    doc = _parse("S-RES-242(1967).txt", "S/RES/242 (1967)")
    assert (doc.meeting, doc.date) == ("S/PV.1382", "1967-11-22")
    assert doc.meta["date_source"] == "title"
    assert _units(doc, "subparagraph") == ["op1/i", "op1/ii", "op2/a", "op2/b", "op2/c"]
    assert _units(doc, "procedural") == ["pr01"]


def test_single_unnumbered_operative_paragraph() -> None:
    doc = _parse("S-RES-800(1993).txt", "S/RES/800 (1993)")
    (op,) = [p for p in doc.paragraphs if p.kind == "operative"]
    assert (op.number, op.verb, op.flags) == ("1", "Recommends", ("unnumbered",))
    assert doc.meeting is None and "no adoption meeting found in the text" in doc.warnings
    assert doc.date == "1993-01-08"


def test_margin_headings_become_headings() -> None:
    doc = _parse("S-RES-2048(2012).txt", "S/RES/2048 (2012)")
    assert operative_problem(doc) is None
    headings = [p.text for p in doc.paragraphs if p.kind == "heading"]
    assert "New Sanctions Committee" in headings
    op9 = next(p for p in doc.paragraphs if p.key.endswith("/op9"))
    assert op9.section == "New Sanctions Committee" and op9.verb == "Decides"


def test_paragraph_printed_twice_is_dropped_with_warning() -> None:
    doc = _parse("S-RES-764(1992).txt", "S/RES/764 (1992)")
    assert operative_problem(doc) is None
    assert any("printed twice" in w for w in doc.warnings)


def test_symbol_guessed_from_text() -> None:
    text = "Resolution 9999 (2099)\nThe Security Council,\nNoting it,\n1. Decides to act."
    assert parse_resolution(text).symbol == "S/RES/9999 (2099)"


def test_synthetic_edge_cases() -> None:
    # SYNTHETIC text: letters after (h), a verb after an opening clause, a mid-paragraph end.
    text = (
        "S/RES/9999 (2099)\nThe Security Council,\nRecalling its resolutions,\n"
        "1. Acting under Chapter VII of the Charter, decides that all States shall:\n"
        + "".join(f"({c}) act;\n" for c in "abcdefgh")
        + "(i) report;\n2. In this context further requests the Secretary-General to report on"
    )
    doc = parse_resolution(text)
    keys = [p.key.rsplit(")/", 1)[1] for p in doc.paragraphs]
    assert "op1/i" in keys and "op1/h/i" not in keys
    assert [p.verb for p in doc.paragraphs if p.kind == "operative"] == ["Decides", "Requests"]
    assert doc.meta["truncated"] is True
    assert any("mid-paragraph in op2" in w for w in doc.warnings)


@pytest.mark.parametrize("text", ["", "\n\n  \f\n", "13-27381 (E)\n*1327381*\n2"])
def test_empty_text_raises(text: str) -> None:
    with pytest.raises(ParseError, match="empty text"):
        parse_resolution(text, symbol="S/RES/1 (1946)")


def test_no_symbol_raises() -> None:
    with pytest.raises(ParseError, match="no resolution symbol"):
        parse_resolution("The Security Council,\n1. Decides.")


def test_bad_symbol_raises() -> None:
    with pytest.raises(ParseError, match="not a Security Council symbol"):
        parse_resolution("text", symbol="A/RES/1")


@pytest.mark.slow
def test_all_resolutions_parse_and_acceptance_1990_2015(shared_dir: Path) -> None:
    folder = shared_dir / "corpus" / "resolutions"
    report = audit_resolutions(folder, years=(1946, 2015))
    assert report.files == 2259 and report.errors == ()

    def recent(failures: tuple[Failure, ...]) -> list[str]:
        return [f.symbol for f in failures if int(f.symbol[-5:-1]) >= 1990]

    n_recent = sum(1 for p in folder.glob("S-RES-*.txt") if int(p.stem[-5:-1]) >= 1990)
    assert 1 - len(recent(report.operative_failures)) / n_recent >= 0.99
    assert "S/RES/2098 (2013)" in recent(report.truncated)
    # Every file whose text names the adoption meeting yields it; the rest print none.
    assert 1 - len(recent(report.adoption_failures)) / n_recent >= 0.98


_PIECES = st.sampled_from(
    [
        *"aD ,.;:()\n\f-*/",
        "S/RES/1 (1990)",
        "Decides",
        "Recalling",
        "\n1. ",
        "\n2. ",
        "\n(a) ",
        "\n(i) ",
        "\nI. ",
        "\nA\n",
        "\nThe Security Council,\n",
        "\nAnnex\n",
        "\nFootnotes\n",
        "13-27381 (E)",
        "Adopted at its 12th meeting, on 1 May 1990",
        "; 3. Decides",
        "(Signed) X",
    ]
)


@settings(max_examples=150, deadline=None)
@given(text=st.lists(_PIECES, max_size=40).map("".join))
def test_random_text_raises_only_parse_error(text: str) -> None:
    for parse in (
        lambda: parse_resolution(text, symbol="S/RES/1 (1990)"),
        lambda: parse_report(text, symbol="S/2099/1"),
        lambda: parse_report(text),
        lambda: parse_corpus_speech(text, filename="UNSC_2020_SPV.1_spch001.txt"),
    ):
        try:
            doc = parse()
        except ParseError:
            continue
        keys = [p.key for p in doc.paragraphs]
        assert len(keys) == len(set(keys))


def test_audit_on_fixture_folder() -> None:
    report = audit_resolutions(TEXTS, years=(1946, 2015))
    assert report.files == 8 and report.errors == ()
    assert [f.symbol for f in report.truncated] == ["S/RES/2098 (2013)"]
    assert [f.symbol for f in report.adoption_failures] == ["S/RES/800 (1993)"]
    assert report.operative_failures == ()
    data = report.to_dict()
    assert data["operative_share"] == 1.0 and data["adoption_share"] == 0.875
    assert "flagged truncated: 1" in report.summary()


def test_audit_of_empty_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(NormtraceError, match="no S-RES"):
        audit_resolutions(tmp_path)


@pytest.mark.parametrize(
    ("name", "symbol"),
    [
        ("S-RES-2098(2013).txt", "S/RES/2098 (2013)"),
        ("S-RES-1542(2004).txt", "S/RES/1542 (2004)"),
        ("S-RES-2048(2012).txt", "S/RES/2048 (2012)"),
    ],
)
def test_hard_wrapped_text_parses_like_one_paragraph_per_line(name: str, symbol: str) -> None:
    # The real text re-wrapped at 85 characters, as a PDF text layer prints lines.
    text = read_text(TEXTS / name).text
    lines = text.split("\n")
    wrapped = "\n".join(
        "\n".join(textwrap.wrap(ln, 85, break_on_hyphens=False)) or ln for ln in lines
    )
    assert max(len(line) for line in wrapped.split("\n")) <= 85
    flat = parse_resolution(text, symbol=symbol)
    printed = parse_resolution(wrapped, symbol=symbol)
    assert [(p.key, p.text) for p in printed.paragraphs] == [
        (p.key, p.text.replace("\n", " ")) for p in flat.paragraphs
    ]
