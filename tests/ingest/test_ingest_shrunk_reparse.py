"""A held-back ("shrunk") reading of the current version's own bytes (``ingest --reparse``):
its error names the command that makes it current, its warnings are not "reads the same",
and no reader takes its rows (never current) for the current version's (R1 findings 1-4, 8;
stop 48). The resolution is SYNTHETIC: the made-up S/RES/9903 (2031), no UN text; a re-parse
is faked by laying a change over the real parser's output (``synthetic_reparse``).
"""

from __future__ import annotations

import json
import shlex
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from test_ingest_shrunk import FILE, OP1, SYMBOL, text

from normtrace.coding.units import unit_genres
from normtrace.parse.model import Document
from normtrace.project import Project
from normtrace.reuse.secretariat import _Context
from normtrace.store.shrunk import Shrunk
from synthetic_reparse import parser_setter

WARNING = "SYNTHETIC: pages 2-9 unreadable"


@pytest.fixture()
def parser(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """``parser(change)``: the real parser with ``change`` laid over its output."""
    return parser_setter(monkeypatch)


def cut(document: Document) -> Document:
    """A SYNTHETIC misreading that keeps 3 of the 14 paragraphs (under half the words), gives
    op1 another section and flag, another date, and one warning more."""
    paragraphs = tuple(
        replace(p, section="SYNTHETIC VIII. Observations", flags=("observations",))
        if p.key == OP1 else p
        for p in document.paragraphs[:3]
    )  # fmt: skip
    return replace(document, paragraphs=paragraphs, date="1990-01-01", year=1990,
                   warnings=(*document.warnings, WARNING))  # fmt: skip


@pytest.fixture()
def held(tmp_path: Path, parser: Callable[..., None]) -> tuple[Project, Path, list[str]]:
    """The whole resolution ingested, then a re-parse that lost most words, held back: the
    project, the file and the re-parse's lines."""
    path = tmp_path / FILE
    path.write_text(text(), encoding="utf-8")
    project = Project(tmp_path / "p.db")
    assert project.ingest([path]).counts == {"new": 1}
    parser(cut)
    report = project.ingest([path], reparse=True)
    assert report.counts == {"shrunk": 1} and not report.ok
    parser()
    return project, path, [*report.outcomes[0].lines(), report.summary()]


def _versions(project: Project) -> list[tuple[int, int]]:
    rows = project.store.conn.execute(
        "SELECT version, is_current FROM documents WHERE symbol = ? ORDER BY version", (SYMBOL,)
    )
    return [(int(r[0]), int(r[1])) for r in rows]


def test_a_held_reparse_names_the_command_that_makes_it_current(
    held: tuple[Project, Path, list[str]], parser: Callable[..., None]
) -> None:
    project, path, lines = held
    error = lines[0]
    assert error.startswith(f"error: {path}: a new reading of {SYMBOL} keeps "), error
    assert "the parser now reads fewer words from the same bytes" in error
    assert "Ingest the whole file" not in error  # the file is whole: the reading lost words
    command = f"normtrace ingest --reparse --replace-shrunk {shlex.quote(str(path))}"
    assert error.endswith(f"If the new reading is right, run `{command}`"), error
    # the advice followed (the same misreading) makes it current; --replace-shrunk alone
    # finds known bytes: unchanged, nothing made current
    parser(cut)
    assert project.ingest([path], replace_shrunk=True).counts == {"unchanged": 1}
    assert _versions(project) == [(1, 1), (2, 0)]
    assert project.ingest([path], reparse=True, replace_shrunk=True).counts == {"new_version": 1}
    assert _versions(project) == [(1, 0), (2, 0), (3, 1)]
    project.close()


def test_the_command_names_the_ocr_mode_that_read_it(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    path = tmp_path / FILE
    path.write_text(text(), encoding="utf-8")
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        parser(cut)
        report = project.ingest([path], reparse=True, ocr="never")
        assert report.outcomes[0].error is not None
        command = (
            f"normtrace ingest --reparse --replace-shrunk --ocr never {shlex.quote(str(path))}"
        )
        assert report.outcomes[0].error.endswith(f"run `{command}`"), report.outcomes[0].error
    shrunk = Shrunk(SYMBOL, "record", 2, 1, "a.txt", 10, 100)  # new bytes: no --reparse
    assert shrunk.command("a b.txt", ocr="force") == (
        "normtrace ingest --replace-shrunk --ocr force 'a b.txt'"
    )
    assert "Ingest the whole file" in shrunk.message("a.txt")


def test_a_held_reparses_warnings_are_not_reads_the_same_nor_counted(
    held: tuple[Project, Path, list[str]],
) -> None:
    project, path, lines = held
    assert f"warning appeared (held back: not current): {path}: {WARNING}" in lines, lines
    assert not [line for line in lines if "reads the same" in line], lines
    assert lines[-1].endswith(
        "parser warnings against the previous reading: 0 appeared, 0 gone, in 0 documents"
    ), lines[-1]
    project.close()


def test_the_share_is_floored_never_50_under_50() -> None:
    shrunk = Shrunk(SYMBOL, "record", 2, 1, "a.txt", 199, 400)  # 49.75 %
    assert "(49 %), under the 50 %" in shrunk.message("a.txt")
    made = replace(shrunk, made_current=True)
    assert "(49 %)" in made.message("a.txt")


def test_readers_of_a_keys_newest_row_read_the_current_version(
    held: tuple[Project, Path, list[str]],
) -> None:
    """The held version's rows are newer than the current one's: its section, flags, date
    must not stand for the current version's (reuse's report sections, the genre)."""
    project, _, _ = held
    assert _Context(project.store).section(OP1) == (None, ())
    assert unit_genres(project.store, [OP1]) == {OP1: ""}  # adopted 2031, not "early" (1990)
    project.close()


def test_notes_never_name_a_held_version_as_once_current(
    held: tuple[Project, Path, list[str]],
) -> None:
    """A copy of the bytes of version 1 (whose re-parse was held back as version 2) ingested
    from elsewhere once an edit is current: they are version 1, not the held version 2."""
    project, path, _ = held
    backup = path.parent / "bak" / FILE
    backup.parent.mkdir()
    shutil.copy(path, backup)
    path.write_text(text(11), encoding="utf-8")
    assert project.ingest([path]).counts == {"new_version": 1}  # version 3
    (line,) = project.ingest([backup]).outcomes[0].note_lines()
    assert f"its bytes are stored version 1 of {SYMBOL}, while version 3 " in line, line
    project.close()


def test_a_file_changed_since_names_the_version_once_current(
    held: tuple[Project, Path, list[str]],
) -> None:
    """The file of version 1 (and of its held-back re-parse, version 2) edited, then
    re-parsed: it changed since version 1 was read from it, not the held version 2."""
    project, path, _ = held
    path.write_text(text(11), encoding="utf-8")
    outcome = project.ingest([path], reparse=True).outcomes[0]
    assert outcome.changed_since is not None
    assert outcome.changed_since.startswith(
        f"the file changed since version 1 of {SYMBOL} was read from it"
    ), outcome.changed_since
    project.close()


def test_bytes_only_ever_held_back_are_named_held(tmp_path: Path) -> None:
    """A cut copy held back; once the current version changed so that the copy keeps half its
    words, ingesting the copy changes nothing: its note says it was held back, not "again"."""
    path, copy = tmp_path / FILE, tmp_path / "copy" / FILE
    copy.parent.mkdir()
    path.write_text(text(), encoding="utf-8")
    copy.write_text(text(4), encoding="utf-8")  # 4 of 12 paragraphs: under half
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        assert project.ingest([copy]).counts == {"shrunk": 1}  # version 2, held back
        path.write_text(text(5), encoding="utf-8")
        assert project.ingest([path], replace_shrunk=True).counts == {"new_version": 1}
        outcome = project.ingest([copy]).outcomes[0]
        assert outcome.status == "earlier_version", outcome
        (line,) = outcome.note_lines()
        assert f"a reading of its bytes was held back as version 2 of {SYMBOL}" in line, line
        assert "current again" not in line
        held = project.store.conn.execute(
            "SELECT json_extract(meta, '$.held_back') FROM documents WHERE version = 2"
        ).fetchone()[0]
        assert json.loads(held)["of_version"] == 1
