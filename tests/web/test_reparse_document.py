"""The workbench re-parses a document (admins), as ``normtrace ingest --reparse PATH`` does on
the file of its current version, in the background, and its page prints what that command
prints: each file's lines and the summary (stop 46 left the workbench without a re-parse). The
resolution, its versions and the coding are SYNTHETIC (``synthetic_moved``)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from synthetic_review import finished, served, unchanged
from web_support import TestClient, session_for

from normtrace.cli import cli
from synthetic_moved import FILE, FIRST, INSERTED, SYMBOL, text


def _finished(client: TestClient, job: str) -> dict[str, object]:
    return finished(client, job, "the re-parse")


def _copy(project: Path, twin: Path) -> None:
    """A copy of ``project`` at ``twin`` (SQLite's backup: the workbench holds it open)."""
    twin.unlink(missing_ok=True)
    with sqlite3.connect(project) as source, sqlite3.connect(twin) as target:
        source.backup(target)


def _cli(project: Path, path: Path) -> list[str]:
    """What `normtrace ingest --reparse PATH` prints on ``project``, but the project line."""
    run = CliRunner().invoke(cli, ["--project", str(project), "ingest", "--reparse", str(path)])
    assert run.exit_code == 0, run.output
    return [line for line in run.stderr.splitlines() if not line.startswith("project:")]


def test_a_reparse_prints_what_ingest_reparse_prints(tmp_path: Path) -> None:
    with served(tmp_path / "p", unchanged) as app:
        admin, ana = session_for(app, "admin"), session_for(app, "ana")
        with app.state.access.read() as store:
            (doc,) = store.conn.execute("SELECT id FROM documents WHERE symbol = ? AND "
                                        "is_current = 1", (SYMBOL,)).fetchone()  # fmt: skip
        assert ana.post(f"/api/documents/{doc}/reparse").status_code == 403  # admins only
        assert 'action="/documents/' in admin.get(f"/documents/{doc}").text  # the button
        assert f"/documents/{doc}/reparse" not in ana.get(f"/documents/{doc}").text
        path = tmp_path / "p" / FILE
        # the same bytes read the same: unchanged, and the summary says so, as the CLI's
        twin = tmp_path / "twin.db"
        _copy(tmp_path / "p" / "p.db", twin)
        started = admin.post(f"/api/documents/{doc}/reparse")
        assert started.status_code == 202, started.text
        job = _finished(admin, started.json()["id"])
        assert job["reparse"] is True and job["state"] == "finished", job
        assert [*job["lines"], job["summary"]] == _cli(twin, path)  # type: ignore[list-item]
        assert "1 unchanged" in str(job["summary"]) and "0 re-parsed" in str(job["summary"])
        # the file was edited since (a paragraph inserted before op1): a new version, ana's
        # coding listed for review, the summary's codings part as the CLI's
        path.write_text(text([INSERTED, *FIRST]), encoding="utf-8")
        _copy(tmp_path / "p" / "p.db", twin)
        job = _finished(admin, admin.post(f"/api/documents/{doc}/reparse").json()["id"])
        assert [*job["lines"], job["summary"]] == _cli(twin, path)  # type: ignore[list-item]
        assert "1 new version" in str(job["summary"]) and "1 need review" in str(job["summary"])
        page = admin.get(f"/upload?job={job['id']}").text
        assert "Re-parse (" in page and str(job["summary"]).split(";")[0] in page
        # a file the server cannot find: one line saying what to do
        shutil.move(path, tmp_path / "elsewhere.txt")
        lost = admin.post(f"/api/documents/{doc}/reparse")
        assert (
            lost.status_code == 400
            and "is not found from the workbench's server" in (lost.json()["error"])
        )
