"""One role vocabulary for report authors: a Secretary-General's report is ``secretariat``, a
Security Council mission's report ``council_mission``, in ``first``, ``freq --by role``,
``kwic --by role`` and the case aggregate alike (a new user found ``first`` separating them,
``freq`` and ``kwic`` lumping both under ``(report)`` and the aggregate counting the mission's
words as ``other``). Every text here is SYNTHETIC."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli.base import Context
from normtrace.cli.counts import freq_command, kwic_command
from normtrace.cli.reuse import aggregate_command, first_command
from normtrace.store.db import Store

#: SYNTHETIC wording the mission's report proposes and the resolution takes over word for word
MISSION_WORDS = (
    "the mission should conduct robust patrols in the synthetic capital together with the "
    "national police of Syntheticland and report to the Council every three months"
)


def _document(store: Store, symbol: str, doc_type: str, title: str, date: str,
              texts: list[str], tag: str = "p") -> None:  # fmt: skip
    from normtrace.parse.model import Document, Paragraph
    from normtrace.store.writer import SourceRecord, save_document

    paras = tuple(
        Paragraph(
            f"{symbol}/{tag}{i}", "numbered" if tag == "p" else "operative", text, i, number=str(i)
        )  # fmt: skip
        for i, text in enumerate(texts, 1)
    )
    doc = Document(symbol, doc_type, "synthetic.v1", title=title, date=date,
                   year=int(date[:4]), paragraphs=paras)  # fmt: skip
    digest = hashlib.sha256(symbol.encode()).hexdigest()
    save_document(store, doc, SourceRecord(f"synthetic:{symbol}", digest, 1, "text/plain", "test"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SYNTHETIC project: an SG report, a Council mission's report, then a resolution that
    takes over the mission's wording; reuse run."""
    from normtrace.reuse.store_reuse import update_reuse

    path = tmp_path_factory.mktemp("authors") / "p.db"
    with Store.open(path) as store:
        _document(
            store,
            "S/2099/100",
            "report",
            "Report of the Secretary-General on Syntheticland (SYNTHETIC)",
            "2099-02-01",
            ["SYNTHETIC. The police of Syntheticland began robust patrols in the north."],
        )
        _document(
            store,
            "S/2099/200",
            "report",
            "Report of the Security Council mission to Syntheticland (SYNTHETIC)",
            "2099-05-01",
            [f"SYNTHETIC. We recommend that {MISSION_WORDS}."],
        )
        _document(store, "S/RES/9999 (2099)", "resolution", "Resolution 9999 (SYNTHETIC)",
                  "2099-06-01", [f"Decides that {MISSION_WORDS};"], tag="op")  # fmt: skip
        update_reuse(store)
    return path


def _run(path: Path, command, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(command, list(args), obj=Context(str(path), False))
    assert result.exit_code == 0, result.output
    return result.output


def test_first_names_each_reports_author(project: Path) -> None:
    found = json.loads(_run(project, first_command, "robust patrols", "--json"))
    by_role = {role: o["document"] for role, o in found["first_by_role"].items()}
    assert by_role == {"secretariat": "S/2099/100", "council_mission": "S/2099/200",
                       "resolution": "S/RES/9999 (2099)"}  # fmt: skip


def test_freq_by_role_names_the_same_authors(project: Path) -> None:
    out = _run(project, freq_command, "--query", "robust patrols", "--by", "role",
               "--format", "csv")  # fmt: skip
    rows = {r["group"]: int(r["count"]) for r in csv.DictReader(io.StringIO(out))}
    assert rows == {"secretariat": 1, "council_mission": 1, "resolution": 1}


def test_kwic_by_role_names_the_same_authors(project: Path) -> None:
    out = _run(project, kwic_command, "robust patrols", "--by", "role", "--window", "2")
    assert "[secretariat] S/2099/100/p1" in out
    assert "[council_mission] S/2099/200/p1" in out
    assert "(report)" not in out


def test_the_aggregate_counts_the_missions_words_as_the_missions(project: Path) -> None:
    found = json.loads(_run(project, aggregate_command, "S/RES/9999 (2099)", "--json"))
    counts = found["counts"]
    assert counts["council_mission"] >= len(MISSION_WORDS.split()) - 2, counts
    assert counts["other"] == 0 and counts["secretariat"] == 0
    text = _run(project, aggregate_command, "S/RES/9999 (2099)")
    assert "council_mission" in text
