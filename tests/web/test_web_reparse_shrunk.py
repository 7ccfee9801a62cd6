"""The workbench's re-parse of a document whose new reading loses most of the current
version's words: held back, its error names the re-parse form's box (not a command on the
server), and the box (``replace_shrunk``) makes it current, as ``normtrace ingest --reparse
--replace-shrunk`` does (R1 findings 1 and 10, stop 48). The resolution, its versions and the
coding are SYNTHETIC (``synthetic_moved``); the re-parse is faked by laying a cut over the
real parser's output."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from synthetic_review import finished, served, unchanged
from web_support import session_for

from normtrace.parse.model import Document
from normtrace.web.uploads import BOX
from synthetic_moved import SYMBOL
from synthetic_reparse import parser_setter


def cut(document: Document) -> Document:
    """A SYNTHETIC misreading that keeps only the first paragraph."""
    return replace(document, paragraphs=document.paragraphs[:1])


def test_a_held_reparse_names_the_box_and_the_box_makes_it_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served(tmp_path / "p", unchanged) as app:
        admin = session_for(app, "admin")
        with app.state.access.read() as store:
            (doc,) = store.conn.execute("SELECT id FROM documents WHERE symbol = ? AND "
                                        "is_current = 1", (SYMBOL,)).fetchone()  # fmt: skip
        page = admin.get(f"/documents/{doc}").text
        assert 'name="replace_shrunk"' in page and BOX in page  # the re-parse form's box
        parser_setter(monkeypatch)(cut)
        job = finished(admin, admin.post(f"/api/documents/{doc}/reparse").json()["id"], "re")
        (outcome,) = job["outcomes"]  # type: ignore[misc]
        assert outcome["status"] == "shrunk", outcome
        error = str(outcome["error"])
        assert error.endswith(f'If the new reading is right, tick "{BOX}" and re-parse it again')
        assert "normtrace ingest" not in error and "Ingest the whole file" not in error
        assert f"error: {error}" in job["lines"]  # type: ignore[operator]
        started = admin.post(f"/api/documents/{doc}/reparse", data={"replace_shrunk": "true"})
        assert started.status_code == 202, started.text
        job = finished(admin, started.json()["id"], "re")
        assert [o["status"] for o in job["outcomes"]] == ["new_version"], job  # type: ignore[attr-defined]
        with app.state.access.read() as store:
            versions = store.conn.execute(
                "SELECT version, is_current FROM documents WHERE symbol = ? ORDER BY version",
                (SYMBOL,),
            ).fetchall()
        assert [tuple(v) for v in versions] == [(1, 0), (2, 0), (3, 1)]
        # the form posts the box too
        form = admin.post(f"/documents/{doc}/reparse", data={"replace_shrunk": "true"},
                          follow_redirects=False)  # fmt: skip
        assert form.status_code == 303, form.text
