"""A re-parse of a document whose file was edited since it was read says so, in the workbench's
job lines as in `normtrace ingest --reparse PATH`'s: the bytes read are the file's now, not the
stored ones (the workbench had parsed whatever file was at the stored path, saying nothing).
The resolution and its versions are SYNTHETIC (``synthetic_moved``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner
from synthetic_review import finished, served, unchanged
from web_support import TestClient, session_for

from normtrace.cli import cli
from normtrace.store.stored_file import stored_file
from synthetic_moved import FILE, FIRST, INSERTED, SYMBOL, text


def _finished(client: TestClient, job: str) -> dict[str, object]:
    return finished(client, job, "the re-parse")


def test_a_file_edited_since_it_was_read_is_named_by_web_and_cli(tmp_path: Path) -> None:
    with served(tmp_path / "p", unchanged) as app:
        admin = session_for(app, "admin")
        with app.state.access.read() as store:
            (doc,) = store.conn.execute("SELECT id FROM documents WHERE symbol = ? AND "
                                        "is_current = 1", (SYMBOL,)).fetchone()  # fmt: skip
            held = stored_file(store, int(doc))
        path = tmp_path / "p" / FILE
        assert (held.symbol, held.version, held.path) == (SYMBOL, 1, path)
        # the same bytes: nothing to say
        job = _finished(admin, admin.post(f"/api/documents/{doc}/reparse").json()["id"])
        assert not any("changed since" in str(line) for line in job["lines"])  # type: ignore[attr-defined]
        twin = tmp_path / "twin.db"
        with sqlite3.connect(tmp_path / "p" / "p.db") as source, sqlite3.connect(twin) as target:
            source.backup(target)
        path.write_text(text([INSERTED, *FIRST]), encoding="utf-8")
        job = _finished(admin, admin.post(f"/api/documents/{doc}/reparse").json()["id"])
        lines = [str(line) for line in job["lines"]]  # type: ignore[attr-defined]
        said = [line for line in lines if "the file changed since version 1 of" in line]
        assert len(said) == 1 and said[0].startswith(f"note: {path}: "), lines
        assert "not re-parsed from those stored" in said[0]
    run = CliRunner().invoke(cli, ["--project", str(twin), "ingest", "--reparse", str(path)])
    assert run.exit_code == 0, run.output
    assert said[0] in run.stderr.splitlines()
    # once read, the bytes are stored: a re-parse says nothing
    run = CliRunner().invoke(cli, ["--project", str(twin), "ingest", "--reparse", str(path)])
    assert run.exit_code == 0 and "changed since" not in run.stderr, run.output
