"""`first --case`: the first use within a case's documents, the documents `trace CASE` and
`report CASE` read (a new user's project of every resolution 1990-2015 gave a DR Congo
resolution as the first "resolution" use of "robust" in the Haiti case). Every text here is
SYNTHETIC."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace import Project
from normtrace.cli.base import Context
from normtrace.cli.reuse import first_command
from normtrace.errors import TraceError
from normtrace.store.db import Store

CASE = """\
id: syntheticland
title: Syntheticland (SYNTHETIC)
start: 2099-01-01
end: 2099-12-31
terms: [Syntheticland]
"""


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
    """A resolution on another country uses the phrase first; in the Syntheticland case an SG
    report uses it, then a resolution on Syntheticland. Returns the project and case file."""
    folder = tmp_path_factory.mktemp("first_case")
    path = folder / "p.db"
    with Store.open(path) as store:
        _document(store, "S/RES/9001 (2098)", "resolution", "Resolution on Otherland (SYNTHETIC)",
                  "2098-03-01", "SYNTHETIC. Calls on the force in Otherland to keep a robust "
                  "posture.")  # fmt: skip
        _document(store, "S/2099/10", "report",
                  "Report of the Secretary-General on Syntheticland (SYNTHETIC)", "2099-02-01",
                  "SYNTHETIC. The mission in Syntheticland keeps a robust posture.")  # fmt: skip
        _document(store, "S/RES/9002 (2099)", "resolution",
                  "Resolution on Syntheticland (SYNTHETIC)", "2099-03-01",
                  "SYNTHETIC. Requests the mission in Syntheticland to keep a robust "
                  "posture.")  # fmt: skip
    case = folder / "syntheticland.yaml"
    case.write_text(CASE, encoding="utf-8")
    return path, case


def test_first_within_a_case_reads_only_its_documents(project: tuple[Path, Path]) -> None:
    path, case = project
    with Project(path) as p:
        everywhere = p.first("robust posture")
        within = p.first("robust posture", case=str(case))
    assert everywhere.earliest is not None and everywhere.earliest.document == "S/RES/9001 (2098)"
    assert everywhere.by_role["resolution"].document == "S/RES/9001 (2098)"
    assert within.earliest is not None and within.earliest.document == "S/2099/10"
    assert {r: o.document for r, o in within.by_role.items()} == {
        "secretariat": "S/2099/10",
        "resolution": "S/RES/9002 (2099)",
    }
    assert len(within.occurrences) == 2 and within.scope == "case syntheticland"
    assert "first within case syntheticland: 2 documents" in within.render()
    # the adoption curve counts the case's documents only
    assert sum(q.documents for q in within.curve) == 2


def test_the_cli_takes_the_case_as_trace_and_report_do(project: tuple[Path, Path]) -> None:
    path, case = project
    ctx = Context(str(path), False)
    out = CliRunner().invoke(first_command, ["robust posture", "--case", str(case), "--json"],
                             obj=ctx)  # fmt: skip
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["earliest"]["document"] == "S/2099/10" and data["scope"] == "case syntheticland"
    plain = CliRunner().invoke(first_command, ["robust posture", "--json"], obj=ctx)
    assert json.loads(plain.output)["earliest"]["document"] == "S/RES/9001 (2098)"


def test_a_case_without_documents_in_the_project_is_one_line_error(
    project: tuple[Path, Path],
) -> None:
    path, _ = project
    with Project(path) as p, pytest.raises(TraceError, match="no document of the project"):
        p.first("robust posture", case="mali-2013")
    out = CliRunner().invoke(first_command, ["robust", "--case", "no-such-case"],
                             obj=Context(str(path), False))  # fmt: skip
    # the command raises; the root group prints the one line (the case names the valid ones)
    assert isinstance(out.exception, TraceError) and "no case 'no-such-case'" in str(out.exception)
