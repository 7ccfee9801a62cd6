"""A coder's two different memos on one unit in one codings table (a reviewer's finding: the
second was set against the first, just written, and so counted "changed" and recorded at the
import's time, its row's time lost). Each cell is set against the memos the project held
before the import: memos new to it keep the times their rows state; only an edit of a memo
it held is recorded at the import's time.

Every text here is SYNTHETIC (made up for tests, not UN text): a made-up resolution SYN/1.
"""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.exchange.codings import import_codings, resolve_codebook
from normtrace.store.db import Store
from synthetic_docs import insert_document

BOOK = "name: synth\ncodes:\n  - {id: poc, name: Protection}\n  - {id: force, name: Force}\n"
UNIT = "SYN/1/op1"
HEAD = "unit_key,status,code,memo,coder,at\n"


def _project(tmp_path: Path) -> Store:
    book = tmp_path / "synth.yaml"
    book.write_text(BOOK)
    store = Store.open(tmp_path / "p.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [(UNIT, "op", "1. Requests the made-up mission to act;")])
    resolve_codebook(store, str(book))
    return store


def _table(path: Path, *rows: tuple[str, str, str]) -> Path:
    """ana's SYNTHETIC memo rows on op1: (code, memo, at)."""
    lines = [f'{UNIT},memo,{code},"{memo}",ana,{at}' for code, memo, at in rows]
    path.write_text(HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _stated(store: Store) -> list[tuple[str | None, str, str | None]]:
    """ana's memos on op1: (code, text, the time its row stated or None), oldest first."""
    rows = store.conn.execute(
        "SELECT e.code, e.memo, t.made_at FROM effective_coding_events e LEFT JOIN "
        "stated_times t ON t.event_id = e.id WHERE e.action = 'memo' AND e.coder = 'ana' "
        "ORDER BY e.id"
    )
    return [(r[0], str(r[1]), r[2]) for r in rows]


def test_two_memos_new_to_the_project_keep_their_rows_times(tmp_path: Path) -> None:
    store = _project(tmp_path)
    first = _table(tmp_path / "a.csv", ("poc", "SYNTHETIC one", "2026-01-05T10:00:00Z"),
                   ("force", "SYNTHETIC two", "2026-01-06T11:00:00Z"))  # fmt: skip
    report = import_codings(store, first, codebook="synth", coder="nobody")
    assert (report.memos, report.memos_changed, report.memos_already) == (2, 0, 0)
    assert _stated(store) == [
        ("poc", "SYNTHETIC one", "2026-01-05T10:00:00Z"),
        ("force", "SYNTHETIC two", "2026-01-06T11:00:00Z"),
    ]
    # the same table again adds nothing; an edit of the memo about force is a change (the
    # import's time), a memo about poc beside it in the same table is held already
    again = import_codings(store, first, codebook="synth", coder="nobody")
    assert (again.memos, again.memos_changed, again.memos_already) == (0, 0, 2)
    edited = _table(tmp_path / "b.csv", ("poc", "SYNTHETIC one", "2026-01-05T10:00:00Z"),
                    ("force", "SYNTHETIC two, edited", "2026-01-06T11:00:00Z"))  # fmt: skip
    changed = import_codings(store, edited, codebook="synth", coder="nobody")
    assert (changed.memos, changed.memos_changed, changed.memos_already) == (0, 1, 1)
    assert _stated(store)[2] == ("force", "SYNTHETIC two, edited", None)


def test_a_new_memo_beside_an_edit_keeps_its_time(tmp_path: Path) -> None:
    """The project holds ana's memo about poc; a table edits it and adds her first memo about
    force: one change (the import's time), one new memo (its row's time), whatever the
    rows' order."""
    store = _project(tmp_path)
    _table(tmp_path / "a.csv", ("poc", "SYNTHETIC held", "2026-01-05T10:00:00Z"))
    import_codings(store, tmp_path / "a.csv", codebook="synth", coder="nobody")
    both = _table(tmp_path / "b.csv", ("force", "SYNTHETIC new", "2026-01-07T09:00:00Z"),
                  ("poc", "SYNTHETIC held, edited", "2026-01-05T10:00:00Z"))  # fmt: skip
    report = import_codings(store, both, codebook="synth", coder="nobody")
    assert (report.memos, report.memos_changed, report.memos_already) == (1, 1, 0)
    assert _stated(store) == [
        ("poc", "SYNTHETIC held", "2026-01-05T10:00:00Z"),
        ("force", "SYNTHETIC new", "2026-01-07T09:00:00Z"),
        ("poc", "SYNTHETIC held, edited", None),
    ]
