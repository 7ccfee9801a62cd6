"""A new version that keeps less than half of the current version's words (a file cut short or
mis-extracted) is stored but not made current: the ingest says so in one line and fails, and
the coders' work stays on the current version; ``--replace-shrunk`` makes it current (CHANGELOG
stop 47, "known, not mended": such a version was made current without a word).

The resolution is SYNTHETIC: the made-up S/RES/9903 (2031), no UN text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.exchange.codings import resolve_codebook
from normtrace.coding.human import events
from normtrace.coding.human.replaced import replaced_units
from normtrace.project import Project
from normtrace.store.shrunk import HELD, KEEP_AT_LEAST, share_kept, words

SYMBOL = "S/RES/9903 (2031)"
FILE = "S-RES-9903(2031).txt"
OP1 = f"{SYMBOL}/op1"
BOOK = "name: synth\ncodes:\n  - {id: own, name: Ownership}\n"


def text(last: int = 12) -> str:
    """The SYNTHETIC resolution with operative paragraphs 1 to ``last``."""
    ops = "".join(
        f"{n}. Requests the SYNTHETIC mission number {n} to report on invented matter {n} in "
        "the made-up region, with civilians, rule of law and elections;\n"
        for n in range(1, last + 1)
    )
    return (f"United Nations {SYMBOL}\nSecurity Council Distr.: General\n3 March 2031\n\n"
            "Resolution 9903 (2031)\nAdopted by the Security Council at its 99903rd meeting, "
            "on 3 March 2031\n\nThe Security Council,\nRecalling its earlier SYNTHETIC "
            f"decisions on the invented region,\n{ops}")  # fmt: skip


def first_third(whole: str) -> str:
    """The first third of ``whole``'s characters: a copy cut short."""
    return whole[: len(whole) // 3]


@pytest.fixture
def coded(tmp_path: Path) -> Iterator[tuple[Project, Path]]:
    """The whole resolution ingested, with ana's coding ``own`` on op1's first word."""
    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / FILE
    path.write_text(text(), encoding="utf-8")
    (tmp_path / "synth.yaml").write_text(BOOK, encoding="utf-8")
    with Project(tmp_path / "p.db") as project:
        assert project.ingest([path]).counts == {"new": 1}
        resolve_codebook(project.store, str(tmp_path / "synth.yaml"))
        events.add_code(project.store, coder="ana", unit_key=OP1, start=0, end=8, code="own",
                        codebook="synth")  # fmt: skip
        yield project, path


def _count(project: Project, sql: str) -> int:
    return int(project.store.conn.execute(sql).fetchone()[0])


def test_the_share_of_words_kept() -> None:
    whole = words([text()])
    assert share_kept(whole, words([text()[::-1][::-1]])) == 1.0
    assert share_kept(whole, words(reversed(text().splitlines()))) == 1.0  # order is not read
    assert share_kept(whole, words([first_third(text())])) < KEEP_AT_LEAST
    assert share_kept(whole, words([text(11)])) > 0.9  # one paragraph of twelve gone
    assert share_kept(words([]), whole) == 1.0


def test_a_cut_file_is_held_back_and_the_coders_work_stays(
    coded: tuple[Project, Path],
) -> None:
    project, path = coded
    work = _count(project, "SELECT count(*) FROM coding_events")
    fts = _count(project, "SELECT count(*) FROM unit_fts")
    path.write_text(first_third(text()), encoding="utf-8")
    report = project.ingest([path])
    assert report.counts == {"shrunk": 1}
    assert not report.ok
    (outcome,) = report.outcomes
    (line,) = outcome.lines(quiet=True)
    assert line.startswith(f"error: {path}: a new reading of {SYMBOL} keeps ")
    assert "of version 1 (" in line and "under the 50 % a new version must keep" in line
    assert "stored as version 2, not made current; version 1 (from" in line
    assert line.endswith(f"run `normtrace ingest --replace-shrunk '{path}'`")
    assert "1 held back (lost most of the current version's words" in report.summary()
    held = project.store.conn.execute(
        "SELECT version, is_current, json_extract(meta, '$.held_back.of_version') FROM "
        "documents WHERE symbol = ? ORDER BY version",
        (SYMBOL,),
    ).fetchall()
    assert [tuple(r) for r in held] == [(1, 1, None), (2, 0, 1)]
    assert _count(project, f"SELECT count(*) FROM units WHERE key = '{SYMBOL}/op12'") == 1
    assert _count(project, "SELECT count(*) FROM unit_fts") == fts
    assert _count(project, "SELECT count(*) FROM coding_events") == work
    assert _count(project, "SELECT count(*) FROM anchor_reviews") == 0
    assert _count(project, f"SELECT count(*) FROM human_codings WHERE unit_key = '{OP1}'") == 1


def test_held_back_bytes_again_write_nothing_and_fail_again(
    coded: tuple[Project, Path],
) -> None:
    project, path = coded
    path.write_text(first_third(text()), encoding="utf-8")
    project.ingest([path])
    rows = _count(project, "SELECT count(*) FROM documents")
    for reparse in (False, True):
        report = project.ingest([path], reparse=reparse)
        assert report.counts == {"shrunk": 1} and not report.ok
        assert "stored as version 2, not made current" in report.outcomes[0].lines()[0]
    assert _count(project, "SELECT count(*) FROM documents") == rows
    # a cut copy beside the whole file: held back at every run, the whole file stays current
    path.write_text(text(), encoding="utf-8")
    assert project.ingest([path]).counts == {"unchanged": 1}
    beside = path.parent / "copy" / FILE
    beside.parent.mkdir()
    beside.write_text(first_third(text()), encoding="utf-8")
    assert project.ingest([path.parent]).counts == {"unchanged": 1, "shrunk": 1}
    assert _count(project, "SELECT count(*) FROM documents") == rows
    assert _count(project, f"SELECT count(*) FROM units WHERE key = '{SYMBOL}/op12'") == 1


def test_replace_shrunk_makes_it_current_and_replaces_the_version_that_was(
    coded: tuple[Project, Path],
) -> None:
    project, path = coded
    path.write_text(first_third(text()), encoding="utf-8")
    project.ingest([path])  # held back as version 2
    report = project.ingest([path], replace_shrunk=True)
    assert report.counts == {"new_version": 1} and report.ok
    (outcome,) = report.outcomes
    assert outcome.note_lines()[0].startswith(
        f"note: {path}: made version 3 of {SYMBOL} current though it keeps "
    )
    current = project.store.conn.execute(
        "SELECT version FROM documents WHERE symbol = ? AND is_current = 1", (SYMBOL,)
    ).fetchone()
    assert current[0] == 3
    assert _count(project, f"SELECT count(*) FROM units WHERE key = '{SYMBOL}/op12'") == 0
    # the version it replaced is version 1, the one the coders read, not the held-back one
    assert f"{SYMBOL}/op12" in replaced_units(project.store, report.run_id).before
    assert _count(project, f"SELECT count(*) FROM human_codings WHERE unit_key = '{OP1}'") == 1


def test_new_bytes_with_replace_shrunk_are_made_current_at_once(
    coded: tuple[Project, Path],
) -> None:
    project, path = coded
    path.write_text(first_third(text()), encoding="utf-8")
    report = project.ingest([path], replace_shrunk=True)
    assert report.counts == {"new_version": 1} and report.ok
    assert report.outcomes[0].shrunk is not None and report.outcomes[0].shrunk.made_current
    assert _count(project, "SELECT count(*) FROM documents WHERE meta LIKE '%held_back%'") == 0


def test_an_edit_that_keeps_most_words_is_made_current(coded: tuple[Project, Path]) -> None:
    project, path = coded
    path.write_text(text(11), encoding="utf-8")
    report = project.ingest([path])
    assert report.counts == {"new_version": 1} and report.ok
    assert report.outcomes[0].shrunk is None and report.outcomes[0].note_lines() == []
    assert (
        HELD
        not in project.store.conn.execute(
            "SELECT meta FROM documents WHERE symbol = ? AND is_current = 1", (SYMBOL,)
        ).fetchone()[0]
    )


def test_the_cli_fails_on_a_held_back_file_and_replace_shrunk_passes(tmp_path: Path) -> None:
    db, path = str(tmp_path / "p.db"), tmp_path / FILE
    path.write_text(text(), encoding="utf-8")
    assert CliRunner().invoke(cli, ["--project", db, "ingest", str(path)]).exit_code == 0
    path.write_text(first_third(text()), encoding="utf-8")
    out = CliRunner().invoke(cli, ["--project", db, "ingest", "--quiet", str(path)])
    assert out.exit_code == 1, out.output
    assert f"error: {path}: a new reading of {SYMBOL} keeps " in out.stderr
    assert "0 failed, 1 held back (lost most of the current version's words" in out.stderr
    out = CliRunner().invoke(cli, ["--project", db, "ingest", "--replace-shrunk", str(path)])
    assert out.exit_code == 0, out.output
    assert f"note: {path}: made version 3 of {SYMBOL} current though it keeps " in out.stderr
