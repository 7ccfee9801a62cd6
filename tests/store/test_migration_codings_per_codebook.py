"""Migration 0022 (a coding per codebook) on a project with months of work: a SYNTHETIC event
log written as the writers before it could write it (one coding per coder, span and code id;
removals copying their coding's version, or none as re-anchoring wrote them; undos; codings
that record no version) holds exactly the same current codings after the migration."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from normtrace.store import db
from normtrace.store.db import Store

#: SYNTHETIC codebook versions: two of book "alpha", one of "beta" (they share code ids)
VERSIONS = {"a1": "alpha", "a2": "alpha", "b1": "beta"}
SPANS = [(0, 5), (0, 9), (3, 9)]


def _old_project(path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """A project at the schema before 0022, with a random event log; returns its version."""
    every = db.migrations()
    (before,) = [n for n, name, _ in every if name.startswith("0022_")]
    monkeypatch.setattr(db, "migrations", lambda: every[: before - 1])
    rng = random.Random(22)
    with Store.open(path) as store:
        conn = store.conn
        with store.transaction():
            for version, name in VERSIONS.items():
                conn.execute(
                    "INSERT INTO codebooks (name, version, sha256, yaml, created_at) VALUES "
                    "(?, ?, ?, '', '2025-01-01T00:00:00Z')",
                    (name, version, version * 8),
                )
        for step in range(1500):
            coder, code = rng.choice(["ana", "ben", "cy"]), rng.choice(["poc", "stab"])
            unit = rng.choice(["R/op1", "R/op2"])
            start, end = rng.choice(SPANS)
            held = conn.execute(
                'SELECT event_id, codebook_version FROM human_codings WHERE coder = ? AND '
                'unit_key = ? AND code = ? AND start = ? AND "end" = ?',
                (coder, unit, code, start, end)).fetchone()  # fmt: skip
            at = f"2025-{1 + step // 150:02d}-01T00:00:{step % 60:02d}.{step:06d}Z"
            values: dict[str, object] = {"at": at, "coder": coder, "unit_key": unit,
                                         "start": start, "end": end, "code": code,
                                         "snippet": "x" * (end - start)}  # fmt: skip
            roll = rng.random()
            if roll < 0.1:  # an undo of one of the coder's events not undone yet
                targets = [int(r[0]) for r in conn.execute(
                    "SELECT id FROM effective_coding_events WHERE coder = ? AND action IN "
                    "('code', 'uncode') ORDER BY id", (coder,))]  # fmt: skip
                if not targets:
                    continue
                values = {"at": at, "coder": coder, "action": "undo",
                          "target_event": rng.choice(targets)}  # fmt: skip
            elif held is None:  # a coding, of a version or (older writers) none
                values |= {"action": "code",
                           "codebook_version": rng.choice([*VERSIONS, None])}  # fmt: skip
            else:  # its removal, naming its version, or none (re-anchoring's)
                version = held[1] if rng.random() < 0.7 else None
                values |= {"action": "uncode", "codebook_version": version}
            columns = ", ".join(f'"{k}"' for k in values)
            marks = ", ".join("?" * len(values))
            with store.transaction():
                conn.execute(f"INSERT INTO coding_events ({columns}) VALUES ({marks})",
                             list(values.values()))  # fmt: skip
    monkeypatch.setattr(db, "migrations", lambda: every)
    return before - 1


def _current(store: Store) -> list[tuple[object, ...]]:
    return [tuple(r) for r in store.conn.execute(
        'SELECT event_id, coder, unit_key, start, "end", code, codebook_version FROM '
        "human_codings ORDER BY event_id")]  # fmt: skip


def test_migrating_keeps_every_current_coding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "months.db"
    every = db.migrations()
    before = _old_project(path, monkeypatch)
    monkeypatch.setattr(db, "migrations", lambda: every[:before])
    with Store.open(path) as store:
        old = _current(store)
        events_before = store.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0]
    assert len(old) > 10  # a log with work left standing (at most 36 spans can be held)
    monkeypatch.setattr(db, "migrations", lambda: every)
    with Store.open(path) as store:
        assert store.schema_version() == len(every)
        assert _current(store) == old
        assert store.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0] == (
            events_before
        )  # nothing written, nothing rewritten
        books = dict(store.conn.execute(
            "SELECT codebook_version, codebook FROM human_codings WHERE codebook_version IS NOT "
            "NULL"))  # fmt: skip
        assert books and all(VERSIONS[v] == b for v, b in books.items())
    assert (tmp_path / f"months.db.bak-v{before}").exists()
