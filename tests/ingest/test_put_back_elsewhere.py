"""A file put back after an edit, ingested from another path (a new user's finding F4, stop
46): its bytes are stored as version 1, the edited version 2 stays current (by design: two
versions side by side in a folder never take turns; only a file put back at the current
version's path is current again), and the ingest called it "unchanged". It now says which
version the bytes are, which is current and from where, that nothing changed and how to make
them current again, and counts such files apart from ``unchanged``.

The resolution is SYNTHETIC (tests/synthetic_resolution.py)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.project import Project
from normtrace.store.writer import NotCurrent
from synthetic_resolution import FIXED, OP2, SYMBOL, TEXT, TYPO, fixed, write


def _op2(project: Project) -> str:
    row = project.store.conn.execute("SELECT text FROM units WHERE key = ?", (OP2,)).fetchone()
    return str(row[0])


def _edited(tmp_path: Path, project: Project) -> Path:
    """The SYNTHETIC file ingested, edited in place (its typo fixed) and ingested again: the
    project's current version is 2, read from the returned path."""
    path = write(tmp_path / "docs")
    assert project.ingest([path]).counts == {"new": 1}
    write(path.parent, fixed())
    assert project.ingest([path]).counts == {"new_version": 1}
    assert FIXED in _op2(project)
    return path


def test_a_file_put_back_at_another_path_is_named_an_earlier_version(tmp_path: Path) -> None:
    with Project(tmp_path / "p.db") as project:
        path = _edited(tmp_path, project)
        back = write(tmp_path / "backup")  # the original bytes, at another path
        for reparse in (False, True):
            report = project.ingest([back], reparse=reparse)
            assert report.counts == {"earlier_version": 1}
            (outcome,) = report.outcomes
            assert outcome.symbol == SYMBOL
            assert outcome.not_current == NotCurrent(SYMBOL, "record", 1, 2, str(path))
            (line,) = outcome.note_lines()
            assert line.startswith(
                f"note: {back}: its bytes are stored version 1 of {SYMBOL}, "
                f"while version 2 (from {path}) is current; nothing changed"
            )
            assert f"copy this file over {path} and run `normtrace ingest '{path}'`" in line
            assert "0 unchanged, 1 earlier version(s), not made current" in report.summary()
            assert FIXED in _op2(project)  # the design is kept: the edited version stays
        # the file at the current version's path is plain "unchanged", and has no note
        (same,) = project.ingest([path]).outcomes
        assert (same.status, same.note_lines()) == ("unchanged", [])
        assert "earlier version" not in project.ingest([path]).summary()


def test_a_file_put_back_at_the_same_path_is_current_again(tmp_path: Path) -> None:
    """The existing behaviour, kept; after it the edited bytes are the earlier version."""
    with Project(tmp_path / "p.db") as project:
        path = _edited(tmp_path, project)
        write(path.parent, TEXT)
        assert project.ingest([path]).counts == {"new_version": 1}
        assert TYPO in _op2(project)
        elsewhere = write(tmp_path / "edited", fixed())
        (outcome,) = project.ingest([elsewhere]).outcomes
        assert outcome.status == "earlier_version"
        assert outcome.not_current == NotCurrent(SYMBOL, "record", 2, 3, str(path))
        assert TYPO in _op2(project)


def test_ingest_prints_the_note(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    with Project(db) as project:
        path = _edited(tmp_path, project)
    back = write(tmp_path / "backup")
    out = CliRunner().invoke(cli, ["--project", db, "ingest", "--quiet", str(back)])
    assert out.exit_code == 0, out.output
    assert f"note: {back}: its bytes are stored version 1 of {SYMBOL}" in out.stderr
    assert f"while version 2 (from {path}) is current; nothing changed" in out.stderr
    assert "1 files: 0 new, 0 new version, 0 unchanged, 1 earlier version(s)" in out.stderr
