"""A text of many resolutions is refused, not parsed as one; a document's parser warnings are
printed up to a cap; the parse time limit holds in any thread (N2 F-bad-2). SYNTHETIC
resolutions (invented symbols S/RES/1000 (2031) ...)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from normtrace import Project
from normtrace.errors import IngestError
from normtrace.ingest.limits import time_limit
from normtrace.pipeline import SHOWN, FileOutcome
from synthetic_resolution import TEXT


def _dump(count: int) -> str:
    """``count`` SYNTHETIC resolutions, one after the other in one text."""
    return "\n".join(TEXT.replace("9901", str(1000 + i)) for i in range(count))


def test_a_text_of_many_resolutions_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "S-RES-1000(2031).txt"
    path.write_text(_dump(5), encoding="utf-8")
    with Project(tmp_path / "p.db") as project:
        report = project.ingest([path], progress=False)
        held = project.store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert report.counts == {"failed": 1} and held == 0
    (failure,) = report.failures
    assert failure.error == (
        f"{path}: holds 5 resolutions (S/RES/1000 (2031), S/RES/1001 (2031), S/RES/1002 "
        "(2031), ...), not one: a file must be one document; split it into one file per "
        "resolution (named by its symbol, e.g. S-RES-1234(2005).txt) and ingest the folder"
    )


def test_a_file_named_by_no_symbol_is_checked_too(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(_dump(3), encoding="utf-8")
    with Project(tmp_path / "p.db") as project:
        (failure,) = project.ingest([path], progress=False).failures
    assert failure.error is not None and "holds 3 resolutions" in failure.error


def test_two_resolutions_in_one_file_are_left_to_the_parser(tmp_path: Path) -> None:
    """The rule's threshold: one resolution file of ../shared quotes a second one's header."""
    path = tmp_path / "S-RES-1000(2031).txt"
    path.write_text(_dump(2), encoding="utf-8")
    with Project(tmp_path / "p.db") as project:
        report = project.ingest([path], progress=False)
    assert report.counts == {"new": 1}
    (outcome,) = report.outcomes
    assert any(w.startswith("duplicate unit key") for w in outcome.warnings)


def test_a_documents_warnings_are_printed_up_to_a_cap_then_counted() -> None:
    warnings = tuple(f"duplicate unit key S/RES/1000 (2031)/op{i}" for i in range(75))
    outcome = FileOutcome("a.txt", "new", symbol="S/RES/1000 (2031)", warnings=warnings)
    lines = outcome.warning_lines()
    assert len(lines) == SHOWN + 1 and SHOWN == 20
    assert lines[0] == "warning: a.txt: duplicate unit key S/RES/1000 (2031)/op0"
    assert lines[-1] == (
        f"warning: a.txt: ... and {75 - SHOWN} more warning(s), 75 in all "
        "(`normtrace show 'S/RES/1000 (2031)'` lists them)"
    )
    few = FileOutcome("a.txt", "new", warnings=warnings[:SHOWN]).warning_lines()
    assert len(few) == SHOWN


def test_the_parse_time_limit_fires_outside_the_main_thread() -> None:
    """A Dask worker parses in a thread: SIGALRM cannot reach it, and the limit held nowhere."""
    caught: list[tuple[str, float]] = []

    def parse() -> None:
        began = time.monotonic()
        try:
            with time_limit(0.2, path="x.txt"):
                while time.monotonic() - began < 5:  # a parse that runs on
                    pass
        except IngestError as exc:
            caught.append((str(exc), time.monotonic() - began))

    worker = threading.Thread(target=parse)
    worker.start()
    worker.join()
    ((line, took),) = caught
    assert line.startswith("x.txt: parsing took over 0.2 s and was stopped") and took < 2


def test_a_parse_that_ends_in_time_is_not_stopped_later() -> None:
    def parse() -> None:
        with time_limit(0.05, path="x.txt"):
            pass
        time.sleep(0.2)  # past the limit, outside the block: nothing is raised here
        done.append(True)

    done: list[bool] = []
    worker = threading.Thread(target=parse)
    worker.start()
    worker.join()
    assert done == [True]
