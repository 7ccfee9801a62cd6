"""A SYNTHETIC workbench project for the review-queue tests: the made-up S/RES/9901 (2031) of
``synthetic_moved`` ingested from a file, ana's coding of op1's "Recognizes the ownership"
with memos (``synthetic_moved.code_ownership``), then a new version of the file that leaves the
coding waiting for review; the accounts ana and bob (coders) and admin. Nothing here is UN text.
:func:`finished` waits for a background job (an upload, a re-parse) of that workbench.

``tests/`` and ``tests/web`` are on ``sys.path`` (their ``conftest.py`` put them there).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import FastAPI
from web_support import PASSWORD, TestClient

from normtrace.project import Project
from normtrace.web.app import create_app
from normtrace.web.auth import create_user
from synthetic_moved import FIRST, OP1, code_ownership, insert_before_op1, project, text, tick

#: op1 of a version whose coded words changed: "Recognizes the ownership" is no longer there;
#: a word alignment carries the span to "Recognizes the full ownership" (0-29)
CHANGED = (
    "Recognizes the full ownership of the synthetic Government of Examplia over its transition;"
)
#: the words a review of :data:`CHANGED` offers to keep the coding on
CHANGED_WORDS = "Recognizes the full ownership"


def change_coded_words(opened: Project, path: Path) -> None:
    """Ingest a version whose op1 reads :data:`CHANGED` (a word added inside the coded words)."""
    tick()
    path.write_text(text([CHANGED, *FIRST[1:]]), encoding="utf-8")
    opened.ingest([path])
    tick()


def build(folder: Path, change: Callable[[Project, Path], None]) -> Path:
    """The project in ``folder``: the first version, ana's coding and memos, accounts, then
    ``change`` (``synthetic_moved.insert_before_op1`` or :func:`change_coded_words`); its
    path."""
    with project(folder) as (opened, path):
        with opened.store.transaction():
            for name, role in (("ana", "coder"), ("bob", "coder"), ("admin", "admin")):
                create_user(opened.store, name, role, PASSWORD)
        code_ownership(opened.store, "SYNTHETIC with the coding", "SYNTHETIC on her coding")
        change(opened, path)
    return folder / "p.db"


@contextmanager
def served(folder: Path, change: Callable[[Project, Path], None]) -> Iterator[FastAPI]:
    """The workbench over :func:`build`'s project, closed after."""
    app = create_app(build(folder, change), secret="test-secret")
    try:
        yield app
    finally:
        app.state.access.close()


def finished(client: TestClient, job: str, what: str) -> dict[str, object]:
    """Background job ``job`` (``/api/uploads/ID``: an upload or a re-parse) once finished or
    failed, polled every 0.1 s; after 60 s an AssertionError "``what`` did not finish in 60 s"."""
    for _ in range(600):
        data = client.get(f"/api/uploads/{job}").json()
        if data["state"] in ("finished", "failed"):
            return dict(data)
        time.sleep(0.1)
    raise AssertionError(f"{what} did not finish in 60 s")


def unchanged(opened: Project, path: Path) -> None:
    """No new version: the first stays current (for :func:`build`'s ``change``)."""


def mark_done_then_insert(opened: Project, path: Path) -> None:
    """ana marks op1 done for ``synth`` (after her coding), then
    ``synthetic_moved.insert_before_op1``: her coding and her mark wait on op1's old words."""
    from normtrace.coding.human.reviews import mark_done

    tick()
    mark_done(opened.store, coder="ana", codebook="synth", unit_keys=[OP1])
    insert_before_op1(opened, path)
