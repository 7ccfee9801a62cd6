"""`normtrace code import`'s summary says what an import wrote and what the project held
already (a new user's finding: importing the same table again printed "imported 0 codings and
43 'none applies' rows" when nothing was new, and nothing about its memos' edits).

Every text here is SYNTHETIC (made up for tests): the project of ``synthetic_coding``.
"""

from __future__ import annotations

from pathlib import Path

from test_import_memo_edits import table

from synthetic_coding import make_project, nt


def test_the_summary_says_what_was_new_and_what_was_held_already(tmp_path: Path) -> None:
    db = make_project(tmp_path / "p.db")
    first = table(tmp_path / "a.csv", "SYNTHETIC first reading", "SYNTHETIC procedural")
    out = nt(db, "code", "import", str(first), "--codebook", "b").stdout
    assert "imported 1 new coding(s) and 1 new 'none applies' row(s) on 2 units" in out
    assert "memos: 2 new (1 with their codings)" in out
    same = nt(db, "code", "import", str(first), "--codebook", "b").stdout
    assert "imported 0 new coding(s) and 0 new 'none applies' row(s) on 2 units" in same
    assert ("1 coding row(s) and 1 'none applies' row(s) the project held already, not "
            "written again; memos: 2 unchanged") in same  # fmt: skip
    edited = table(tmp_path / "b.csv", "SYNTHETIC second reading", "SYNTHETIC procedural")
    changed = nt(db, "code", "import", str(edited), "--codebook", "b").stdout
    assert ("memos: 1 changed, each recorded as a new memo event beside the earlier one "
            "(which stays), 1 unchanged") in changed  # fmt: skip
