"""The fixture resolution S/RES/2100 (2013) (a real text: ``tests/fixtures/pipeline``) in a
new project with the default codebook, for tests of what a new version of a document does to
the coders' work. Words the tests add to its file are SYNTHETIC."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.project import Project
from normtrace.store.db import Store

FIX = Path(__file__).resolve().parent / "fixtures" / "pipeline" / "S-RES-2100(2013).txt"
#: a sub-paragraph with protection-of-civilians candidates
PROTECT = "S/RES/2100 (2013)/op16/c/i"


@contextmanager
def ingested_2100(tmp_path: Path, *, apply: bool = False) -> Iterator[tuple[Project, Path]]:
    """The resolution ingested into a new project with the default codebook registered (and
    applied, with ``apply``), and the copy of its file (to edit into new versions)."""
    path = tmp_path / FIX.name
    shutil.copy(FIX, path)
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        book = load_default_codebook()
        register_codebook(project.store, book)
        if apply:
            apply_codebook(project.store, book, progress=False)
        yield project, path


def candidate(store: Store, key: str, code: str | None = None) -> sqlite3.Row:
    """The first current dictionary candidate on ``key`` (of ``code``): ``id``, ``start``,
    ``end``, ``code``, ``snippet``."""
    row: sqlite3.Row | None = store.conn.execute(
        'SELECT id, start, "end", code, snippet FROM current_auto_codings WHERE unit_key = ? '
        "AND (? IS NULL OR code = ?) ORDER BY start, id LIMIT 1",
        (key, code, code),
    ).fetchone()
    assert row is not None, f"no candidate on {key}"
    return row


def change_words(project: Project, path: Path, key: str) -> bytes:
    """Write a version of the file in which ``key``'s words gain a SYNTHETIC word; returns the
    file's old bytes (to put back)."""
    raw = path.read_bytes()
    text = raw.decode("cp1252")
    unit = project.store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()
    words = str(unit[0]).split()
    # a stretch of the unit's words found once in the file (lines may wrap elsewhere)
    once = next(" ".join(words[i : i + 3]) for i in range(len(words))
                if text.count(" ".join(words[i : i + 3])) == 1)  # fmt: skip
    path.write_bytes(text.replace(once, once + " SYNTHETIC").encode("cp1252"))
    return raw


def insert_paragraph(path: Path, after: str = "Reaffirming its strong") -> None:
    """Write a version with a SYNTHETIC preambular paragraph after the one starting ``after``:
    the later preambular keys shift by one."""
    lines = path.read_bytes().decode("cp1252").split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith(after))
    lines.insert(at + 1, "Noting a SYNTHETIC paragraph inserted for this test,")
    path.write_bytes("\n".join(lines).encode("cp1252"))


def suggestion(store: Store, key: str, code: str, *, level: str = "unit") -> int:
    """Plant a SYNTHETIC model and its suggestion of ``code`` for ``key``'s current text at
    ``level`` under the default codebook (:func:`synthetic_coding.plant_suggestion`); returns
    the suggestion's id."""
    from normtrace.coding.levels import level_units
    from synthetic_coding import plant_suggestion

    (target,) = level_units(store, level, [key])
    return plant_suggestion(store, "stability-operations", level, key, code, target.text)


def assign_blind_now(store: Store) -> dict[str, dict[str, str]]:
    """ana's and bo's blind reading of :data:`PROTECT` begins now, as the workbench records a
    blind assignment (after a tick: work recorded just before has an earlier time); returns
    when each began, by unit and coder."""
    import time

    from normtrace.store.db import utc_now

    time.sleep(0.002)
    at = utc_now(precise=True)
    with store.transaction() as conn:
        for name in ("ana", "bo"):
            conn.execute(
                "INSERT OR IGNORE INTO users (name, role, password_hash, created_at) "
                "VALUES (?, 'coder', '-', ?)",
                (name, at),
            )
            conn.execute(
                "INSERT INTO assignments (unit_key, user_id, blind, assigned_at) "
                "SELECT ?, id, 1, ? FROM users WHERE name = ?",
                (PROTECT, at, name),
            )
    time.sleep(0.002)
    return {PROTECT: {"ana": at, "bo": at}}


def insert_operative(path: Path, number: int) -> None:
    """Write a version with a SYNTHETIC operative paragraph (no sub-paragraphs) numbered
    ``number``, the operative paragraphs from ``number`` on renumbered one up: their keys
    shift by one, and the keys of the sub-paragraphs of the old paragraph ``number`` are gone
    from the new version (their words now stand under ``number + 1``)."""
    import re

    out = []
    for line in path.read_bytes().decode("cp1252").split("\n"):
        m = re.match(r"(\d+)\. (.*)", line)
        if m and int(m[1]) >= number:
            if int(m[1]) == number:
                out.append(f"{number}. Requests a SYNTHETIC report inserted for this test;")
            line = f"{int(m[1]) + 1}. {m[2]}"
        out.append(line)
    path.write_bytes("\n".join(out).encode("cp1252"))
