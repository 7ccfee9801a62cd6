"""Ingesting a folder again looks up each unchanged file's rows by source (migration 0025):
without an index on ``source_id`` every file scanned the documents and speeches tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.store.db import Store


@pytest.mark.parametrize("table", ["documents", "speeches"])
def test_rows_of_a_source_are_found_by_an_index(tmp_path: Path, table: str) -> None:
    with Store.open(tmp_path / "p.db") as store:
        plan = store.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT id FROM {table} WHERE source_id = ?", (1,)
        ).fetchall()
    details = " ".join(str(row[-1]) for row in plan)
    assert "USING" in details and "INDEX" in details and "(source_id=?)" in details, details
