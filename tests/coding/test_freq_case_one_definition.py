"""`freq --case` reads a case's documents as `trace`, `report` and `first --case` do
(:func:`normtrace.trace.scope.case_scope`, the one definition): a bundled case or a case YAML
file, not a list of symbols and years of freq's own (stop 43 named three definitions of a
case's documents). Every text here is SYNTHETIC."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli.base import Context
from normtrace.cli.counts import freq_command
from normtrace.coding.counts import code_frequencies
from normtrace.errors import CodebookError, TraceError
from normtrace.store.db import Store
from normtrace.trace.scope import case_scope

CASE = """\
id: syntheticland
title: Syntheticland (SYNTHETIC)
start: 2099-01-01
end: 2099-12-31
terms: [Syntheticland]
"""

PHRASE = "robust posture"


def _document(store: Store, symbol: str, doc_type: str, title: str, date: str, text: str) -> None:
    from normtrace.parse.model import Document, Paragraph
    from normtrace.store.writer import SourceRecord, save_document

    para = Paragraph(f"{symbol}/p1", "numbered", text, 1, number="1")
    doc = Document(symbol, doc_type, "synthetic.v1", title=title, date=date,
                   year=int(date[:4]), paragraphs=(para,))  # fmt: skip
    digest = hashlib.sha256(symbol.encode()).hexdigest()
    save_document(store, doc, SourceRecord(f"synthetic:{symbol}", digest, 1, "text/plain", "test"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Four documents use the phrase: in the Syntheticland case an SG report (its title names
    the case) and a letter (only its text does); outside it a resolution on another country
    of the case's year and a resolution on Syntheticland before the window."""
    folder = tmp_path_factory.mktemp("freq_case")
    path = folder / "p.db"
    with Store.open(path) as store:
        _document(store, "S/2099/10", "report",
                  "Report of the Secretary-General on Syntheticland (SYNTHETIC)", "2099-02-01",
                  f"SYNTHETIC. The mission in Syntheticland keeps a {PHRASE}.")  # fmt: skip
        _document(store, "S/2099/20", "letter", "Letter dated 1 March 2099 (SYNTHETIC)",
                  "2099-03-01", f"SYNTHETIC. Syntheticland asks for a {PHRASE}.")  # fmt: skip
        _document(store, "S/RES/9003 (2099)", "resolution",
                  "Resolution on Otherland (SYNTHETIC)", "2099-04-01",
                  f"SYNTHETIC. Calls on the force in Otherland to keep a {PHRASE}.")  # fmt: skip
        _document(store, "S/RES/9001 (2098)", "resolution",
                  "Resolution on Syntheticland (SYNTHETIC)", "2098-03-01",
                  f"SYNTHETIC. Asks the mission in Syntheticland to keep a {PHRASE}.")  # fmt: skip
    case = folder / "syntheticland.yaml"
    case.write_text(CASE, encoding="utf-8")
    return path, case


def _freq(path: Path, *args: str) -> dict[str, int]:
    out = CliRunner().invoke(freq_command, ["--query", PHRASE, "--format", "csv", *args],
                             obj=Context(str(path), False))  # fmt: skip
    assert out.exit_code == 0, out.output
    return {r["group"]: int(r["count"]) for r in csv.DictReader(io.StringIO(out.output))}


def test_the_case_definition_states_its_documents(project: tuple[Path, Path]) -> None:
    path, case = project
    with Store.open(path) as store:
        scope = case_scope(store, str(case))
        assert scope.symbols == {"S/2099/10", "S/2099/20"} and scope.name == "syntheticland"
        assert case_scope(store, case).symbols == scope.symbols  # a Path as well as a str
        with pytest.raises(TraceError, match="no document of the project"):
            case_scope(store, "mali-2013")
        assert case_scope(store, "mali-2013", allow_empty=True).symbols == frozenset()


def test_freq_by_case_counts_the_case_documents(project: tuple[Path, Path]) -> None:
    path, case = project
    assert _freq(path, "--by", "case", "--case", str(case)) == {"syntheticland": 2}
    # with another grouping a case limits the count to its documents, as first --case does
    assert _freq(path, "--by", "year", "--case", str(case)) == {"2099": 2}
    assert _freq(path, "--by", "year") == {"2098": 1, "2099": 3}
    with Store.open(path) as store:
        (row,) = code_frequencies(store, by="case", query=PHRASE,
                                  cases=[case_scope(store, str(case))])  # fmt: skip
        assert (row.group, row.count, row.group_units) == ("syntheticland", 2, 2)
        with pytest.raises(CodebookError, match="case_scope"):
            code_frequencies(store, by="case", cases={"x": ["S/2099/10"]})  # type: ignore[arg-type]


def test_the_old_symbol_list_is_a_one_line_error_saying_what_to_use(
    project: tuple[Path, Path],
) -> None:
    path, _ = project
    out = CliRunner().invoke(
        freq_command,
        ["--by", "case", "--case", "drc=S/2099/10,2099"],
        obj=Context(str(path), False),
    )
    assert out.exit_code == 2
    (line,) = [ln for ln in out.output.splitlines() if ln.startswith("Error:")]
    assert "bundled case or a case YAML file" in line and "--by symbol" in line
    # a case with no document in the project is an error, as first --case says it
    gone = CliRunner().invoke(freq_command, ["--by", "case", "--case", "mali-2013"],
                              obj=Context(str(path), False))  # fmt: skip
    assert isinstance(gone.exception, TraceError)
    assert "no document of the project" in str(gone.exception)
