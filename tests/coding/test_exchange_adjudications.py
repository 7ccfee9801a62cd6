"""Adjudication decisions travel in every export and come back as decisions: a codings table
(CSV, XLSX) holds a row of source ``adjudication`` per decision in force, present and absent;
a ``.qdpx`` holds them in ``normtrace/adjudications.jsonl`` (and says so). ``code import`` and
``code import-qdpx`` record them as adjudications of the same adjudicator (they refused the
coder ``adjudication:pol``, lost every "absent", and import-qdpx left an empty project behind).

Every text here is SYNTHETIC (made up for tests, not UN text): a made-up resolution SYN/1 and a
made-up meeting SYN/PV.1 with two speeches.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.exchange.adjudications import MEMBER, in_force
from normtrace.coding.exchange.codings import CodingImportError, import_codings
from normtrace.coding.exchange.qdpx import export_qdpx
from normtrace.coding.exchange.qdpx_read import import_qdpx
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.exchange.tables import PassageFilter
from normtrace.coding.human import events
from normtrace.errors import CodingError
from normtrace.store.db import Store
from normtrace.web.adjudication import Decision, adjudicate
from normtrace.web.auth import User, authenticate, create_user
from synthetic_exchange import SPEECHES, SyntheticProject

UNITS = [
    ("SYN/1/op1", "op", "1. Requests the synthetic mission to protect invented civilians;"),
    ("SYN/1/op2", "op", "2. Authorizes all necessary means in the made-up district."),
]
PROJECT = SyntheticProject("SYN/1", UNITS, SPEECHES)
PASSWORD = "synthetic-pass-1"
#: the words pol decided poc present on, and where they are in SYN/1/op1
WORDS = "protect invented civilians"
AT, TO = UNITS[0][2].index(WORDS), UNITS[0][2].index(WORDS) + len(WORDS)


@pytest.fixture()
def book(tmp_path: Path) -> Path:
    return PROJECT.book(tmp_path)


@pytest.fixture()
def adjudicated(tmp_path: Path, book: Path) -> Store:
    """A SYNTHETIC project: ana and ben disagree on three units; pol (admin) decided poc
    present on SYN/1/op1 (ana's span), poc absent on speech s002 (ben coded it), and force on
    SYN/1/op2 present, then absent (the second supersedes the first)."""
    store = PROJECT.open(tmp_path / "adjudicated.db", book)
    a = events.add_code(store, coder="ana", unit_key="SYN/1/op1", start=AT, end=TO, code="poc")
    events.add_code(store, coder="ben", unit_key="SYN/PV.1/s002", start=20, end=29, code="poc")
    f = events.add_code(store, coder="ana", unit_key="SYN/1/op2", start=3, end=13, code="force")
    with store.transaction():
        pol = create_user(store, "pol", "admin", PASSWORD)
        adjudicate(
            store,
            pol,
            Decision(
                "SYN/1/op1",
                "poc",
                "present",
                coding_id=a.id,
                note="synthetic: ana's span",
                codebook="synth",
            ),
        )
        adjudicate(
            store,
            pol,
            Decision(
                "SYN/PV.1/s002", "poc", "absent", note="synthetic: talks, not PoC", codebook="synth"
            ),
        )
        first = adjudicate(
            store, pol, Decision("SYN/1/op2", "force", "present", coding_id=f.id, codebook="synth")
        )
        adjudicate(
            store,
            pol,
            Decision(
                "SYN/1/op2", "force", "absent", codebook="synth", supersedes_id=int(first["id"])
            ),
        )  # type: ignore[call-overload]
    return store


def _decided(store: Store) -> list[tuple[object, ...]]:
    return sorted(
        (s.unit_key, s.code, s.decision, s.adjudicator, s.note, s.start, s.end, s.made)
        for s in in_force(store, "synth")
    )


def _freq(path: Path) -> str:
    out = CliRunner().invoke(cli, ["--project", str(path), "freq", "--by", "symbol", "--source",
                                   "human", "--codebook", "synth", "--format", "csv"])  # fmt: skip
    assert out.exit_code == 0, out.output
    return out.stdout


def _codings(store: Store) -> list[tuple[str, str, int, int, str]]:
    rows = store.conn.execute('SELECT coder, unit_key, start, "end", code FROM human_codings')
    return sorted(tuple(r) for r in rows)  # type: ignore[misc]


def test_fixture(adjudicated: Store) -> None:
    assert [d[:4] for d in _decided(adjudicated)] == [
        ("SYN/1/op1", "poc", "present", "pol"),
        ("SYN/1/op2", "force", "absent", "pol"),
        ("SYN/PV.1/s002", "poc", "absent", "pol"),
    ]
    # the absent decisions overrule the coders' codings in the counts
    assert "SYN/PV.1,poc" not in _freq(adjudicated.path)  # type: ignore[arg-type]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_table_round_trip_keeps_the_decisions(
    adjudicated: Store, tmp_path: Path, book: Path, suffix: str
) -> None:
    table = tmp_path / f"codings{suffix}"
    written = export(adjudicated, table, ExportRequest(PassageFilter(sources=("human",)), "synth"))
    assert any("1 adjudication(s) of synth a later decision replaced" in n for n in written.notes)
    fresh = PROJECT.open(tmp_path / "fresh.db", book)
    report = import_codings(fresh, table, codebook="synth", coder="nobody")
    assert report.adjudications == 3
    assert _decided(fresh) == _decided(adjudicated)
    assert _codings(fresh) == _codings(adjudicated)  # the final coding of adjudication:pol too
    assert _freq(fresh.path) == _freq(adjudicated.path)  # type: ignore[arg-type]
    # pol has a closed account here: named on the decisions, no sign-in
    assert fresh.conn.execute("SELECT active FROM users WHERE name = 'pol'").fetchone()[0] == 0
    assert authenticate(fresh, "pol", PASSWORD) is None
    # the decisions are recorded once: importing the file again adds none
    again = import_codings(fresh, table, codebook="synth", coder="nobody")
    assert (again.adjudications, again.adjudications_already) == (0, 3)
    assert fresh.conn.execute("SELECT count(*) FROM adjudications").fetchone()[0] == 3
    # `users add pol` opens the account
    with fresh.transaction():
        create_user(fresh, "pol", "admin", PASSWORD)
    assert authenticate(fresh, "pol", PASSWORD) == User(
        fresh.conn.execute("SELECT id FROM users WHERE name = 'pol'").fetchone()[0], "pol", "admin"
    )


def test_the_rows_of_the_decisions(adjudicated: Store, tmp_path: Path) -> None:
    table = tmp_path / "codings.csv"
    export(adjudicated, table, ExportRequest(PassageFilter(sources=("human",)), "synth"))
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    decided = sorted(
        (r["unit_key"], r["code"], r["status"], r["coder"], r["memo"], r["text"])
        for r in rows if r["source"] == "adjudication"
    )  # fmt: skip
    assert decided == [
        ("SYN/1/op1", "poc", "present", "pol", "synthetic: ana's span", WORDS),
        ("SYN/1/op2", "force", "absent", "pol", "", UNITS[1][2]),
        ("SYN/PV.1/s002", "poc", "absent", "pol", "synthetic: talks, not PoC", SPEECHES[1]),
    ]
    assert not [r for r in rows if r["coder"].startswith("adjudication:")]


def test_a_decision_differing_from_the_projects_is_refused(
    adjudicated: Store, tmp_path: Path, book: Path
) -> None:
    table = tmp_path / "codings.csv"
    export(adjudicated, table, ExportRequest(PassageFilter(sources=("human",)), "synth"))
    fresh = PROJECT.open(tmp_path / "fresh.db", book)
    with fresh.transaction():
        eve = create_user(fresh, "eve", "admin", PASSWORD)
        adjudicate(fresh, eve, Decision("SYN/1/op2", "force", "present", start=3, end=13,
                                        codebook="synth"))  # fmt: skip
    before = _codings(fresh)
    with pytest.raises(CodingImportError) as err:
        import_codings(fresh, table, codebook="synth", coder="nobody")
    assert [p for p in err.value.problems if "decided" in p] == [
        next(p for p in err.value.problems if p.endswith(
            "eve decided force present on SYN/1/op2 in this project; the file says absent by "
            "pol: decide it again in the workbench, or delete the row"))
    ]  # fmt: skip
    assert _codings(fresh) == before  # nothing imported
    assert fresh.conn.execute("SELECT count(*) FROM adjudications").fetchone()[0] == 1


def test_an_older_exports_final_codings_are_present_decisions(
    adjudicated: Store, tmp_path: Path, book: Path
) -> None:
    """A table made before decisions travelled: the final coding as a human row of coder
    adjudication:pol (refused as a reserved name before)."""
    old = tmp_path / "old.csv"
    old.write_text(
        "source,status,unit_key,code,coder,reviewed,text,memo,start,end\n"
        f"human,coded,SYN/1/op1,poc,ana,no,{WORDS},,{AT},{TO}\n"
        f"human,coded,SYN/1/op1,poc,adjudication:pol,no,{WORDS},synthetic: ana's span,{AT},{TO}\n"
    )
    fresh = PROJECT.open(tmp_path / "fresh.db", book)
    report = import_codings(fresh, old, codebook="synth", coder="nobody")
    assert (report.codings, report.adjudications) == (1, 1)
    assert [d[:7] for d in _decided(fresh)] == [
        ("SYN/1/op1", "poc", "present", "pol", "synthetic: ana's span", AT, TO)
    ]
    assert ("adjudication:pol", "SYN/1/op1", AT, TO, "poc") in _codings(fresh)


def test_qdpx_round_trip_keeps_the_decisions(adjudicated: Store, tmp_path: Path) -> None:
    target = tmp_path / "project.qdpx"
    written = export_qdpx(adjudicated, target, codebook="synth")
    assert written.adjudications == 3
    assert any(
        line.startswith("3 adjudication decision(s) of synth (1 present, 2 absent) are in "
                        f"{MEMBER} inside the file, not in project.qde")
        for line in written.skipped
    )  # fmt: skip
    with zipfile.ZipFile(target) as zf:
        lines = [json.loads(x) for x in zf.read(MEMBER).decode().splitlines()]
    assert sorted(x["decision"] for x in lines) == ["absent", "absent", "present"]
    fresh = Store.open(tmp_path / "fresh.db")
    report = import_qdpx(fresh, target)
    assert report.adjudications == 3
    assert _decided(fresh) == _decided(adjudicated)
    assert _codings(fresh) == _codings(adjudicated)
    assert _freq(fresh.path) == _freq(adjudicated.path)  # type: ignore[arg-type]
    assert import_qdpx(fresh, target).adjudications == 0  # once
    assert fresh.conn.execute("SELECT count(*) FROM adjudications").fetchone()[0] == 3


def test_a_failed_import_qdpx_leaves_no_project(adjudicated: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.qdpx"
    export_qdpx(adjudicated, good, codebook="synth")
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == MEMBER:
                data = data.replace(b'"decision": "absent"', b'"decision": "maybe"', 1)
            dst.writestr(item, data)
    with pytest.raises(CodingError, match="an adjudication is present or absent, not 'maybe'"):
        import_qdpx(Store.open(":memory:"), bad)
    new = tmp_path / "new" / "project.db"
    out = CliRunner().invoke(cli, ["--project", str(new), "code", "import-qdpx", str(bad)])
    assert out.exit_code == 1
    assert "not 'maybe'" in out.output
    assert not new.parent.exists()  # neither the file nor the folder made for it
    ok = CliRunner().invoke(cli, ["--project", str(new), "code", "import-qdpx", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "3 adjudication decisions" in ok.stdout
