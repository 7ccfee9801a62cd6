"""Imports keep the time a file says the work was done (a table's ``at`` cell, a ``.qdpx``'s
``creationDateTime``) beside the time they record it: work done elsewhere before a unit's
blind assignment is set aside by the blind-reading rule, not read as a blind reading (the
imports stamped it with the import's time). A stated time that is no time or is after the
import is a bad row; an export writes the stated time, so a round trip keeps it. The project,
coders and times are SYNTHETIC."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.exchange.codings import CodingImportError, import_codings
from normtrace.coding.exchange.qdpx import export_qdpx
from normtrace.coding.exchange.qdpx_read import import_qdpx
from normtrace.coding.human.blind_work import predating_work
from normtrace.errors import CodingError
from normtrace.store.db import Store, utc_now
from synthetic_coding import make_project

KEY = "SYN/1/op2"
EARLY = "2024-01-01T10:00:00Z"  # when ana coded in another program (SYNTHETIC)


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["unit_key", "code", "start", "end", "coder", "at"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def _ana_early(tmp_path: Path) -> Path:
    """ana's coding of ``poc`` on KEY, stated as made at EARLY (and so her mark of KEY)."""
    return _csv(tmp_path / "ana.csv", [
        {"unit_key": KEY, "code": "poc", "start": "0", "end": "9", "coder": "ana", "at": EARLY},
    ])  # fmt: skip


def _stated(store: Store) -> list[tuple[str, str]]:
    """(kind, made_at) of every stated time: ``event:<action>`` or ``mark``."""
    rows = store.conn.execute(
        "SELECT CASE WHEN t.event_id IS NULL THEN 'mark' ELSE 'event:' || e.action END, "
        "t.made_at FROM stated_times t LEFT JOIN coding_events e ON e.id = t.event_id ORDER BY 1"
    )
    return [(str(r[0]), str(r[1])) for r in rows]


def test_work_an_import_says_was_done_before_the_blind_assignment_is_set_aside(
    tmp_path: Path,
) -> None:
    with Store.open(make_project(tmp_path / "p.db")) as store:
        assigned = utc_now(precise=True)  # the unit is blind-assigned to ana and bo now
        import_codings(store, _ana_early(tmp_path), codebook="b", coder="ana")
        # bo's file says nothing of when: his work is the import's, after the assignment
        bo = _csv(tmp_path / "bo.csv", [{"unit_key": KEY, "code": "poc", "start": "0",
                                         "end": "9", "coder": "bo", "at": ""}])  # fmt: skip
        import_codings(store, bo, codebook="b", coder="bo")
        (early,) = predating_work(store, {KEY: {"ana": assigned, "bo": assigned}})
        # her coding and her "done" mark were made before it: no blind re-reading either
        assert (early.coder, early.first, early.last, early.counted) == ("ana", EARLY, EARLY, False)
        assert _stated(store) == [("event:code", EARLY), ("mark", EARLY)]
        # the events keep their recording time: when the project learned of the work
        recorded = store.conn.execute("SELECT min(at) FROM coding_events").fetchone()[0]
        assert recorded > assigned


def test_a_stated_time_that_is_no_time_or_in_the_future_is_a_bad_row(tmp_path: Path) -> None:
    rows = [
        {"unit_key": KEY, "code": "poc", "start": "0", "end": "9", "coder": "ana", "at": EARLY},
        {"unit_key": KEY, "code": "auth", "start": "0", "end": "9", "coder": "ana",
         "at": "last Tuesday"},
        {"unit_key": "SYN/1/op10", "code": "poc", "start": "0", "end": "5", "coder": "ana",
         "at": "2999-01-01T00:00:00Z"},
    ]  # fmt: skip
    with Store.open(make_project(tmp_path / "p.db")) as store:
        with pytest.raises(CodingImportError) as raised:
            import_codings(store, _csv(tmp_path / "bad.csv", rows), codebook="b", coder="ana")
        assert raised.value.problems == [
            "row 3: at must be a date and time (ISO-8601, e.g. 2024-05-01T10:00:00Z), not "
            "'last Tuesday'",
            raised.value.problems[1],
        ]
        assert raised.value.problems[1].startswith("row 4: at 2999-01-01T00:00:00Z is after this "
                                                   "import (")  # fmt: skip
        assert store.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0] == 0
        assert store.conn.execute("SELECT count(*) FROM coding_reviews").fetchone()[0] == 0


def test_export_then_import_keeps_when_the_work_was_made(tmp_path: Path) -> None:
    db = make_project(tmp_path / "p.db")
    with Store.open(db) as store:
        import_codings(store, _ana_early(tmp_path), codebook="b", coder="ana")
    table = tmp_path / "codings.csv"
    out = CliRunner().invoke(cli, ["--project", str(db), "code", "export", str(table),
                                   "--codebook", "b"])  # fmt: skip
    assert out.exit_code == 0, out.output
    with table.open(encoding="utf-8") as f:
        written = [(r["code"], r["status"], r["at"]) for r in csv.DictReader(f)]
    assert sorted(written) == [("", "reviewed", EARLY), ("poc", "coded", EARLY)]
    with Store.open(make_project(tmp_path / "other.db")) as other:
        import_codings(other, table, codebook="b", coder="ana")
        assert _stated(other) == [("event:code", EARLY), ("mark", EARLY)]


def test_qdpx_keeps_creation_date_time_and_refuses_a_future_one(tmp_path: Path) -> None:
    with Store.open(make_project(tmp_path / "p.db")) as store:
        import_codings(store, _ana_early(tmp_path), codebook="b", coder="ana")
        export_qdpx(store, tmp_path / "p.qdpx", codebook="b")
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    qde = members["project.qde"].decode("utf-8")
    assert f'creationDateTime="{EARLY}"' in qde
    assert qde.count(f'creationDateTime="{EARLY}"') == qde.count("creationDateTime=")
    with Store.open(tmp_path / "fresh.db") as fresh:
        assigned = utc_now(precise=True)
        assert import_qdpx(fresh, tmp_path / "p.qdpx").codings == 1
        assert _stated(fresh) == [("event:code", EARLY), ("mark", EARLY)]
        (early,) = predating_work(fresh, {KEY: {"ana": assigned}})
        assert (early.first, early.counted) == (EARLY, False)
    # a coding's creationDateTime after the import: nothing is imported
    coding = re.search(r"<Coding [^>]*>", qde)
    assert coding is not None and EARLY in coding[0]
    future = coding[0].replace(EARLY, "2999-01-01T00:00:00Z")
    members["project.qde"] = qde.replace(coding[0], future).encode("utf-8")
    with zipfile.ZipFile(tmp_path / "future.qdpx", "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    with Store.open(tmp_path / "fresh2.db") as fresh:
        with pytest.raises(CodingError, match="creationDateTime 2999-01-01T00:00:00Z is after"):
            import_qdpx(fresh, tmp_path / "future.qdpx")
        assert fresh.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0] == 0
        assert fresh.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_a_stated_time_in_whole_seconds_may_stand_anywhere_in_its_second(tmp_path: Path) -> None:
    """Work a file says was done at 10:00:00 (whole seconds) may predate an assignment made at
    10:00:00.4: it is set aside (it read as the end of its second, a blind reading). A mark
    made of rows one of which states no time is the import's (it read as the latest stated)."""
    with Store.open(make_project(tmp_path / "p.db")) as store:
        rows = [{"unit_key": KEY, "code": "poc", "start": "0", "end": "9", "coder": "ana",
                 "at": "2024-01-01T10:00:00Z"}]  # fmt: skip
        import_codings(store, _csv(tmp_path / "a.csv", rows), codebook="b", coder="ana")
        (early,) = predating_work(store, {KEY: {"ana": "2024-01-01T10:00:00.400000Z"}})
        assert (early.coder, early.counted) == ("ana", False)
    with Store.open(make_project(tmp_path / "q.db")) as store:
        rows.append({"unit_key": KEY, "code": "auth", "start": "0", "end": "9", "coder": "ana",
                     "at": ""})  # fmt: skip
        import_codings(store, _csv(tmp_path / "b.csv", rows), codebook="b", coder="ana")
        assert _stated(store) == [("event:code", "2024-01-01T10:00:00Z")]  # no mark's time
