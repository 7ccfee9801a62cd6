"""Importing a codings table again after its memos were edited (a new user's finding: the
edit of a coding's memo was dropped without a word, the edit of a "nothing applies" row's
memo was added as a second memo, and the summary said "imported 0 codings and 43 'none
applies' rows" when nothing was new).

One behaviour for every memo cell: the coder's same memo there is not written again; an
edited one is recorded as a new memo event beside the earlier one, which stays (append-only);
the report and the command's summary count what was new, changed and held already.

Every text here is SYNTHETIC (made up for tests): the project of ``synthetic_coding``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.exchange.tables import PassageFilter
from normtrace.store.db import Store
from synthetic_coding import make_project

HEAD = "unit_key,code,start,end,memo,at\n"
AT = "2026-01-05T10:00:00Z"


def table(path: Path, coding_memo: str, none_memo: str) -> Path:
    """ana's SYNTHETIC table: poc on op2's first word with a memo, op10 "nothing applies"."""
    path.write_text(
        HEAD + f'SYN/1/op2,poc,0,9,"{coding_memo}",{AT}\nSYN/1/op10,,,,"{none_memo}",{AT}\n',
        encoding="utf-8",
    )
    return path


def _memos(store: Store) -> list[tuple[str, str, int | None, str | None, str]]:
    """Every memo the project holds: (coder, unit, start, code, text), in the log's order
    (the coding's own memo first, as the code event carries it)."""
    rows = store.conn.execute(
        "SELECT coder, unit_key, start, code, memo FROM effective_coding_events WHERE "
        "COALESCE(memo, '') <> '' AND action IN ('code', 'memo') ORDER BY id"
    )
    return [(str(r[0]), str(r[1]), r[2], r[3], str(r[4])) for r in rows]


def _exported(store: Store, path: Path) -> list[dict[str, str]]:
    export(store, path, ExportRequest(PassageFilter(sources=("human",)), "b"))
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_an_edited_memo_is_recorded_beside_the_earlier_one_for_codings_and_none_rows(
    tmp_path: Path,
) -> None:
    db = make_project(tmp_path / "p.db")
    first = table(tmp_path / "a.csv", "SYNTHETIC first reading", "SYNTHETIC procedural")
    edited = table(tmp_path / "b.csv", "SYNTHETIC second reading", "SYNTHETIC purely procedural")
    with Store.open(db) as store:
        made = import_codings(store, first, codebook="b", coder="ana")
        again = import_codings(store, edited, codebook="b", coder="ana")
        # both edits are there, each beside the memo it edits (nothing overwritten), the
        # coding's on its span and about its code, the same way as the unit's
        assert _memos(store) == [
            ("ana", "SYN/1/op2", 0, "poc", "SYNTHETIC first reading"),
            ("ana", "SYN/1/op10", None, None, "SYNTHETIC procedural"),
            ("ana", "SYN/1/op10", None, None, "SYNTHETIC purely procedural"),
            ("ana", "SYN/1/op2", 0, "poc", "SYNTHETIC second reading"),
        ]
        assert (made.codings, made.none_applies, made.memos, made.coding_memos) == (1, 1, 1, 1)
        assert (again.codings, again.already) == (0, 1)  # the coding was held already
        assert (again.none_applies, again.none_applies_already) == (0, 1)
        assert (again.memos, again.memos_changed, again.memos_already) == (0, 2, 0)
        # the row's at dated the coding and the mark, not the edit: the edits keep no
        # stated time, the first memo of the unit does
        stated = {
            str(r[0])
            for r in store.conn.execute(
                "SELECT e.memo FROM coding_events e JOIN stated_times t ON t.event_id = e.id "
                "WHERE e.action = 'memo'"
            )
        }
        assert stated == {"SYNTHETIC procedural"}
        # the edited file again, or the first one: nothing is new
        for path in (edited, first):
            same = import_codings(store, path, codebook="b", coder="ana")
            assert (same.memos, same.memos_changed, same.memos_already) == (0, 0, 2)
        assert len(_memos(store)) == 4
        # an export shows both memos of the coding, joined, and both of the unit
        rows = _exported(store, tmp_path / "out.csv")
        coded = [r["memo"] for r in rows if r["status"] == "coded"]
        assert coded == ["SYNTHETIC first reading | SYNTHETIC second reading"]
        on_unit = [r["memo"] for r in rows if r["status"] == "memo"]
        assert on_unit == ["SYNTHETIC procedural", "SYNTHETIC purely procedural"]
        back = import_codings(store, tmp_path / "out.csv", codebook="b", coder="ana")
        assert (back.memos, back.memos_changed, back.memos_already) == (0, 0, 3)
        assert len(_memos(store)) == 4


def test_an_edit_of_a_joined_cell_records_its_new_part(tmp_path: Path) -> None:
    """An export joins a coding's memos with " | "; editing one part of such a cell records
    that part, not the memos the project holds already once more."""
    db = make_project(tmp_path / "p.db")
    with Store.open(db) as store:
        import_codings(store, table(tmp_path / "a.csv", "SYNTHETIC one", "x"), codebook="b",
                       coder="ana")  # fmt: skip
        import_codings(store, table(tmp_path / "b.csv", "SYNTHETIC two", "x"), codebook="b",
                       coder="ana")  # fmt: skip
        rows = _exported(store, tmp_path / "out.csv")
        (coded,) = [r for r in rows if r["status"] == "coded"]
        assert coded["memo"] == "SYNTHETIC one | SYNTHETIC two"
        coded["memo"] = "SYNTHETIC one | SYNTHETIC two, on second thought"
        edited = tmp_path / "edited.csv"
        with edited.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        report = import_codings(store, edited, codebook="b", coder="ana")
        assert (report.memos_changed, report.memos_already) == (1, 1)  # (op10's memo row)
        assert [m[4] for m in _memos(store) if m[1] == "SYN/1/op2"] == [
            "SYNTHETIC one", "SYNTHETIC two", "SYNTHETIC two, on second thought"
        ]  # fmt: skip


def test_whitespace_is_no_edit_and_a_first_memo_on_a_held_coding_is_new(tmp_path: Path) -> None:
    db = make_project(tmp_path / "p.db")
    with Store.open(db) as store:
        import_codings(store, table(tmp_path / "a.csv", "", "SYNTHETIC  a\nnote"),
                       codebook="b", coder="ana")  # fmt: skip
        later = table(tmp_path / "b.csv", "SYNTHETIC later", "SYNTHETIC a note")
        report = import_codings(store, later, codebook="b", coder="ana")
        assert [m[2:] for m in _memos(store)] == [
            (None, None, "SYNTHETIC  a\nnote"), (0, "poc", "SYNTHETIC later")
        ]  # fmt: skip
        assert (report.memos, report.memos_changed, report.memos_already) == (1, 0, 1)
