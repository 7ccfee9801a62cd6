"""A reuse link is one of its kind and names each side's edition (N2 F-reuse-3; migration 0032).

SYNTHETIC documents only (symbols no UN document uses; texts invented): a meeting stored as
its record and as corpus speeches (one key, two editions, one speech worded differently in
each), resolutions that carry its words, and two resolutions whose one shared passage two
anchor chains reach (the real case was S/RES/1455 (2003)/op1 → S/RES/2083 (2012)/op1).
Serial, partitioned and interrupted-then-resumed runs store the same rows in the same order,
none twice; an incremental run after a full one changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from synthetic_store import resolution, save

from normtrace.parse.model import Document, Speech
from normtrace.reuse.links import ReuseParams, Unit, find_reuse
from normtrace.reuse.partitioned import serial_mapper
from normtrace.reuse.store_parallel import update_reuse_partitioned
from normtrace.reuse.store_reuse import all_links, update_reuse
from normtrace.store.db import Store, migrations
from normtrace.store.writer import SourceRecord, save_document

# SYNTHETIC: one passage; an anchor of the repeated "of accord" joins the wrong chain
SPLIT_A = (
    "Agrees to widen the use of the tools listed in clause 7 (d) of accord 4411 (1977), "
    "clause 3 (f) of accord 5522 (1988) and clauses 6 and 9 of accord 6633 (1999);"
)
SPLIT_B = (
    "Agrees that all parties shall apply the tools as earlier listed in clause 3 (f) of accord "
    "5522 (1988), clauses 6 and 9 of accord 6633 (1999), and clauses 6 and 2 of accord 7744 "
    "(2005), with regard to the groups and other persons, bodies and entities linked to them:"
)
SPEECH_1 = (
    "SYNTHETIC speech. We urge the synthetic mission to keep its patrols in the northern "
    "valleys and to report every quarter on the safety of the displaced families there."
)
SPEECH_2_RECORD = (
    "SYNTHETIC speech. The council should ask the envoy to convene the parties at the lake "
    "conference and to table the draft charter for the river districts before winter."
)
# the corpus edition reads one word differently (a transcription variant)
SPEECH_2_CORPUS = SPEECH_2_RECORD.replace("before winter", "before the winter")
LATER_OPS = [
    "Requests the synthetic mission to keep its patrols in the northern valleys and to report "
    "every quarter on the safety of the displaced families there;",
    "Asks the envoy to convene the parties at the lake conference and to table the draft "
    "charter for the river districts before the winter;",
]


def _meeting(edition: str) -> Document:
    """A SYNTHETIC meeting of two speeches, keys S/PV.99001/s001 and …/s002 in each edition."""
    second = SPEECH_2_RECORD if edition == "record" else SPEECH_2_CORPUS
    speeches = tuple(
        Speech(f"S/PV.99001/s00{i}", i, f"SYNTHETIC speaker {i}", text)
        for i, text in enumerate((SPEECH_1, second), 1)
    )
    return Document("S/PV.99001", "meeting", "synthetic.v1", "SYNTHETIC meeting", "2031-03-01",
                    2031, speeches=speeches, edition=edition)  # fmt: skip


def _project(path: Path) -> Path:
    with Store.open(path) as store:
        save(store, _meeting("record"))
        corpus = SourceRecord("S/PV.99001 corpus", "c" * 64, 1, "text/plain", "test")
        save_document(store, _meeting("corpus"), corpus)
        save(store, resolution("S/RES/99101 (2031)", "2031-06-01", LATER_OPS))
        save(store, resolution("S/RES/99102 (2030)", "2030-01-01", [SPLIT_A]))
        save(store, resolution("S/RES/99103 (2032)", "2032-01-01", [SPLIT_B]))
    return path


def _rows(store: Store) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in store.conn.execute(
            "SELECT id, source_key, source_edition, target_key, target_edition, source_start, "
            "source_end, target_start, target_end, score, words, boilerplate, same_date "
            "FROM reuse_links ORDER BY id"
        )
    ]


def _identity(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return row[1:9]


def test_one_passage_from_two_anchor_chains_is_one_link() -> None:
    units = [
        Unit("A/p1", "2030-01-01", 1, SPLIT_A, "A"),
        Unit("B/p1", "2032-01-01", 1, SPLIT_B, "B"),
    ]
    links = find_reuse(units)
    assert len(links) == 1, links
    assert (links[0].words, links[0].score) == (15, 0.9677)


def test_serial_partitioned_and_resumed_store_the_same_rows_once(tmp_path: Path) -> None:
    base = _project(tmp_path / "base.db")
    copies = {}
    for name in ("serial", "partitioned", "resumed"):
        copies[name] = tmp_path / f"{name}.db"
        with sqlite3.connect(base) as a, sqlite3.connect(copies[name]) as b:
            a.backup(b)
    with Store.open(copies["serial"]) as store:
        update_reuse(store, full=True)
        serial = _rows(store)
        again = update_reuse(store)  # incremental, nothing changed: nothing to do
        assert (again.indexed_units, again.links_added, again.links_removed) == (0, 0, 0)
        assert _rows(store) == serial
    identities = [_identity(r) for r in serial]
    assert len(identities) == len(set(identities))
    # each edition of the meeting is a source of its own, and says so
    sources = {(r[1], r[2], r[3]) for r in serial}
    for edition in ("record", "corpus"):
        assert ("S/PV.99001/s001", edition, "S/RES/99101 (2031)/op1") in sources
        assert ("S/PV.99001/s002", edition, "S/RES/99101 (2031)/op2") in sources
    split = [r for r in serial if r[3] == "S/RES/99103 (2032)/op1"]
    assert len(split) == 1
    assert all(r[2] and r[4] for r in serial)

    with Store.open(copies["partitioned"]) as store:
        update_reuse_partitioned(store, mapper=serial_mapper, engine="local", workers=3,
                                 memory_mb=64, params=ReuseParams())  # fmt: skip
        assert _rows(store) == serial

    # an interrupted run (the third align task fails), then the same call again: resumed
    calls = {"align": 0}

    def failing(func: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        for item in items:
            if func.__name__ == "align_partition":
                calls["align"] += 1
                if calls["align"] == 3:
                    raise KeyboardInterrupt
            yield func(item)

    with Store.open(copies["resumed"]) as store:
        with pytest.raises(KeyboardInterrupt):
            update_reuse_partitioned(store, mapper=failing, engine="local", workers=3,
                                     memory_mb=64)  # fmt: skip
        report = update_reuse_partitioned(store, mapper=serial_mapper, engine="local",
                                          workers=3, memory_mb=64)  # fmt: skip
        assert report.resumed.get("align", 0) >= 2
        assert _rows(store) == serial


def test_migration_removes_exact_duplicates_only_and_keys_state_by_edition(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v31.db"
    conn = sqlite3.connect(path)
    for number, _name, sql in migrations()[:31]:
        conn.executescript(sql)
        conn.execute(f"PRAGMA user_version = {number}")
    rows = [
        ("S/RES/99102 (2030)/op1", "S/RES/99103 (2032)/op1", 83, 158, 67, 139, 0.9677, 15),
        ("S/RES/99102 (2030)/op1", "S/RES/99103 (2032)/op1", 83, 158, 67, 139, 0.9677, 15),
        ("S/RES/99102 (2030)/op1", "S/RES/99103 (2032)/op1", 83, 158, 67, 139, 0.9, 14),
        ("S/PV.99001/s001", "S/RES/99101 (2031)/op1", 0, 50, 0, 50, 1.0, 9),
    ]
    conn.executemany(
        "INSERT INTO reuse_links (source_key, target_key, source_start, source_end, "
        "target_start, target_end, score, words) VALUES (?,?,?,?,?,?,?,?)",
        rows,
    )
    conn.execute(
        "INSERT INTO reuse_state (unit_key, text_sha256, document, n, shingles) "
        "VALUES ('S/PV.99001/s001', 'x', 'S/PV.99001', 4, x'')"
    )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        kept = store.conn.execute(
            "SELECT id, score, source_edition, target_edition FROM reuse_links ORDER BY id"
        ).fetchall()
        # the second row repeated the first in every column: gone; the third differs: kept
        assert [tuple(r) for r in kept] == [(1, 0.9677, None, None), (3, 0.9, None, None),
                                            (4, 1.0, None, None)]  # fmt: skip
        assert [
            tuple(r) for r in store.conn.execute("SELECT unit_key, edition FROM reuse_state")
        ] == [("S/PV.99001/s001", "")]
        insert = (
            "INSERT INTO reuse_links (source_key, source_edition, target_key, target_edition, "
            "source_start, source_end, target_start, target_end, score, words) "
            "VALUES ('a', 'record', 'b', 'corpus', 0, 5, 0, 5, 1.0, 8)"
        )
        store.conn.execute(insert)
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute(insert)
        assert len(all_links(store)) == 4
