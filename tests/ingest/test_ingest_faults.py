"""The ingest fault table: every bad-file class gets one line, the batch goes on, exit 1.

All bad files are SYNTHETIC: tests/fixtures/faults (see its README) or made here (FIFOs,
links, unreadable folders, non-UTF-8 names cannot live in git). The good file is a real
resolution text from tests/fixtures/pipeline.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace import Project
from normtrace.cli import cli
from normtrace.errors import IngestError
from normtrace.ingest import source as source_module
from normtrace.ingest.limits import IngestLimits
from normtrace.ingest.source import read_source

FAULTS = Path(__file__).resolve().parent.parent / "fixtures" / "faults"
GOOD = Path(__file__).resolve().parent.parent / "fixtures" / "pipeline" / "S-RES-2100(2013).txt"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX file kinds")


def _fifo(folder: Path) -> Path:
    path = folder / "synthetic-fifo.txt"
    os.mkfifo(path)
    return path


def _dangling(folder: Path) -> Path:
    path = folder / "synthetic-dangling.txt"
    path.symlink_to(folder / "nowhere.txt")
    return path


def _loop(folder: Path) -> Path:
    path = folder / "synthetic-loop.txt"
    path.symlink_to(path)
    return path


def _fixture(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        return Path(shutil.copy(FAULTS / name, folder / name))

    return make


MAKERS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "junk xlsx (BadZipFile)": (_fixture("synthetic_junk.xlsx"), "cannot read the drafts export"),
    "NUL bytes": (_fixture("synthetic_nul.txt"), "NUL bytes"),
    "truncated PDF": (_fixture("synthetic_truncated.pdf"), ""),
    "unclosed HTML": (_fixture("synthetic_unclosed.html"), "unknown document type"),
    "FIFO": (_fifo, "not a regular file (a FIFO)"),
    "dangling link": (_dangling, "dangling symbolic link"),
    "looping link": (_loop, "symbolic link loops"),
}


@posix_only
@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_each_fault_is_one_line_in_a_folder_and_the_batch_goes_on(
    tmp_path: Path, kind: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    make, reason = MAKERS[kind]
    bad = make(folder)
    shutil.copy(GOOD, folder / "zz-good.txt")  # sorted after the bad file
    with Project(tmp_path / "p.db") as project:
        report = project.ingest([folder])
    assert report.counts == {"failed": 1, "new": 1}, report.outcomes
    (failure,) = report.failures
    assert failure.error is not None and "\n" not in failure.error
    assert failure.error.startswith(f"{bad}: ") and reason in failure.error


@posix_only
def test_cli_fault_table_one_line_each_exit_1_and_summary(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad = [make(folder) for make, _ in MAKERS.values()]
    shutil.copy(GOOD, folder / "S-RES-2100(2013).txt")
    missing = tmp_path / "absent.txt"
    result = CliRunner().invoke(
        cli, ["--project", str(tmp_path / "p.db"), "ingest", str(folder), str(missing)]
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(bad) + 1
    assert f"{len(bad) + 2} files: 1 new, 0 new version, 0 unchanged, {len(bad) + 1} failed" in (
        result.output
    )


def test_non_utf8_file_name_is_stored_with_a_printable_path(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"synthetic r\xe9solution S-RES-2100(2013).txt")
    try:
        shutil.copy(GOOD, folder / name)
    except (UnicodeEncodeError, OSError):
        pytest.skip("this file system does not take non-UTF-8 names")
    with Project(tmp_path / "p.db") as project:
        report = project.ingest([folder])
        assert report.counts == {"new": 1}, report.outcomes
        (path,) = [r[0] for r in project.store.conn.execute("SELECT path FROM sources")]
    assert path.endswith("synthetic r\\xe9solution S-RES-2100(2013).txt")


def test_unreadable_folder_is_a_line_not_silence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    shutil.copy(GOOD, folder / "S-RES-2100(2013).txt")
    real = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path) == locked:  # root reads everything: simulate chmod 000
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(source_module.os, "scandir", scandir)
    with Project(tmp_path / "p.db") as project:
        report = project.ingest([folder])
    assert report.counts == {"failed": 1, "new": 1}
    (failure,) = report.failures
    assert (
        failure.error == f"{locked}: cannot read folder (Permission denied); check its permissions"
    )


def test_an_unforeseen_error_is_a_line_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from normtrace import pipeline

    def broken(*args: object, **kwargs: object) -> object:
        raise ZeroDivisionError("synthetic bug")

    monkeypatch.setattr(pipeline, "parse_source", broken)
    with Project(tmp_path / "p.db") as project:
        report = project.ingest([GOOD])
    (failure,) = report.failures
    assert failure.error is not None
    assert "cannot be read (ZeroDivisionError: synthetic bug)" in failure.error


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "synthetic-big.txt"
    big.write_bytes(b"x" * 3 * 1024 * 1024)
    with pytest.raises(
        IngestError,
        match=r"3.0 MiB \(3,145,728 bytes\), over the limit of 1 MiB \(1,048,576 bytes\); raise",
    ):
        read_source(big, IngestLimits(max_file_mb=1))
    assert read_source(big, IngestLimits(max_file_mb=0)).size == 3 * 1024 * 1024


def test_warnings_are_printed_unless_quiet(tmp_path: Path) -> None:
    # a real speech text under a resolution's name: stored, with structural warnings
    speech = GOOD.parent / "UNSC_2020_SPV.8703_spch002.txt"
    misnamed = tmp_path / "S-RES-9999(2020).txt"
    shutil.copy(speech, misnamed)
    args = ["--project", str(tmp_path / "p.db"), "ingest", str(misnamed)]
    loud = CliRunner().invoke(cli, args)
    assert loud.exit_code == 0
    assert f"warning: {misnamed}: no operative paragraph found" in loud.output
    args[1] = str(tmp_path / "q.db")
    quiet = CliRunner().invoke(cli, [*args, "--quiet"])
    assert quiet.exit_code == 0 and "warning:" not in quiet.output


@posix_only
def test_parse_over_the_time_limit_is_stopped_with_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normtrace import pipeline

    def slow(*args: object, **kwargs: object) -> object:
        while True:  # a pathological parse: only the time limit ends it
            pass

    monkeypatch.setattr(pipeline, "parse_source", slow)
    good = tmp_path / "S-RES-2100(2013).txt"
    shutil.copy(GOOD, good)
    with Project(tmp_path / "p.db") as project:
        limits = IngestLimits(max_parse_seconds=0.2)
        report = pipeline.ingest_paths(project.store, [good], limits=limits)
    (failure,) = report.failures
    assert failure.error == (
        f"{good}: parsing took over 0.2 s and was stopped; raise the limit with "
        "--max-parse-seconds or NORMTRACE_MAX_PARSE_SECONDS (0: no limit)"
    )
