"""A stated time names its zone. A file's ``at`` "2024-01-01 10:00" was read as UTC: a coder in
Nairobi who wrote her local time had her work placed three hours later, after a blind
assignment made at 08:00 UTC, and read as a blind reading. normtrace guesses no zone (UTC, or
the importing machine's local time, would differ between machines): the row is refused in one
line that says how to write it; a time with its zone or offset is read as written. The project,
coders and times are SYNTHETIC."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from test_import_stated_times import EARLY, KEY, _ana_early, _csv, _stated

from normtrace.coding.exchange.codings import CodingImportError, import_codings
from normtrace.coding.exchange.qdpx import export_qdpx
from normtrace.coding.exchange.qdpx_read import import_qdpx
from normtrace.coding.human.made_at import stated_time
from normtrace.errors import CodingError
from normtrace.store.db import Store
from synthetic_coding import make_project


def test_a_time_without_a_zone_is_refused_in_one_line(tmp_path: Path) -> None:
    rows = [{"unit_key": KEY, "code": "poc", "start": "0", "end": "9", "coder": "ana",
             "at": "2024-01-01 10:00"}]  # fmt: skip
    with Store.open(make_project(tmp_path / "p.db")) as store:
        with pytest.raises(CodingImportError) as raised:
            import_codings(store, _csv(tmp_path / "local.csv", rows), codebook="b", coder="ana")
        (problem,) = raised.value.problems
        assert problem == (
            "row 2: at 2024-01-01 10:00 names no time zone: write it with one, e.g. "
            "2024-01-01T10:00:00Z (UTC) or 2024-01-01T10:00:00+02:00 (a spreadsheet's date "
            "cell has none: write the time as text)"
        )
        assert "\n" not in problem
        assert store.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0] == 0
        # with its offset it is read as written: 10:00 in Nairobi is 07:00 UTC
        rows[0]["at"] = "2024-01-01T10:00:00+03:00"
        import_codings(store, _csv(tmp_path / "nairobi.csv", rows), codebook="b", coder="ana")
        assert _stated(store) == [("event:code", "2024-01-01T07:00:00Z"),
                                  ("mark", "2024-01-01T07:00:00Z")]  # fmt: skip


def test_a_spreadsheet_date_cell_is_refused_the_same_way(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["unit_key", "code", "start", "end", "coder", "at"])
    sheet.append([KEY, "poc", 0, 9, "ana", dt.datetime(2024, 1, 1, 10, 0)])  # no zone
    book.save(tmp_path / "cells.xlsx")
    with Store.open(make_project(tmp_path / "p.db")) as store:
        with pytest.raises(CodingImportError) as raised:
            import_codings(store, tmp_path / "cells.xlsx", codebook="b", coder="ana")
        (problem,) = raised.value.problems
        assert problem.startswith("row 2: at 2024-01-01 10:00:00 names no time zone")


def test_a_qdpx_creation_time_without_a_zone_is_refused(tmp_path: Path) -> None:
    with Store.open(make_project(tmp_path / "p.db")) as store:
        import_codings(store, _ana_early(tmp_path), codebook="b", coder="ana")
        export_qdpx(store, tmp_path / "p.qdpx", codebook="b")
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    qde = members["project.qde"].decode("utf-8")
    coding = re.search(r"<Coding [^>]*>", qde)
    assert coding is not None and EARLY in coding[0]
    members["project.qde"] = qde.replace(
        coding[0], coding[0].replace(EARLY, EARLY.rstrip("Z"))).encode("utf-8")  # fmt: skip
    with zipfile.ZipFile(tmp_path / "local.qdpx", "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    with Store.open(tmp_path / "fresh.db") as fresh:
        with pytest.raises(CodingError, match="creationDateTime 2024-01-01T10:00:00 names no "
                                              "time zone: write it with one"):  # fmt: skip
            import_qdpx(fresh, tmp_path / "local.qdpx")
        assert fresh.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0] == 0


def test_stated_time_reads_a_zone_or_an_offset() -> None:
    assert stated_time("2024-05-01T10:00:00Z") == "2024-05-01T10:00:00Z"
    assert stated_time("2024-05-01T12:00:00+02:00") == "2024-05-01T10:00:00Z"
    assert stated_time(dt.datetime(2024, 5, 1, 10, tzinfo=dt.UTC)) == "2024-05-01T10:00:00Z"
    with pytest.raises(CodingError, match="names no time zone"):
        stated_time(dt.datetime(2024, 5, 1, 10))
