"""Ingesting the UN Library's meeting tables and veto list routes them into the meeting index."""

from __future__ import annotations

import json
from pathlib import Path

from normtrace import Project
from normtrace.actors.veto_table import parse_veto_table

FIX = Path(__file__).parent / "fixtures" / "index"
TABLE_2013 = Path(__file__).parent / "fixtures" / "actors" / "meetings" / "scact2013_table_en.html"


def test_veto_list_rows() -> None:
    vetoes = parse_veto_table((FIX / "scact_veto_table_en.html").read_text(encoding="utf-8"))
    first = vetoes[0]
    assert (first.date, first.draft, first.records) == ("2022-05-26", "S/2022/431", ("S/PV.9048",))
    assert first.members == ("China", "Russian Federation")


def test_tables_ingest_into_meetings_once(tmp_path: Path) -> None:
    with Project(tmp_path / "p.db") as project:
        report = project.ingest([FIX, TABLE_2013])
        assert report.counts == {"new": 2}, report.failures
        assert project.ingest([FIX, TABLE_2013]).counts == {"unchanged": 2}
        conn = project.store.conn
        row = conn.execute("SELECT date, topic FROM meetings WHERE symbol = 'S/PV.7091'").fetchone()
        assert row["date"] == "2013-12-24" and "Sudan" in row["topic"]
        meta = conn.execute("SELECT meta FROM meetings WHERE symbol = 'S/PV.9048'").fetchone()
        assert json.loads(meta[0])["vetoes"][0]["draft"] == "S/2022/431"
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
