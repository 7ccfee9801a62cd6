"""A SYNTHETIC workbench project for the adjudication tests: the document SYN/30 (no real UN
text), the bundled default codebook registered (not applied: no dictionary candidates), the
SYNTHETIC codebook ``mini`` keeping the default's code id ``poc``, and the accounts of
``web_support.ACCOUNTS``.

``tests/`` and ``tests/web`` are on ``sys.path`` (their ``conftest.py`` put them there).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from web_support import ACCOUNTS, PASSWORD, TestClient, session_for

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.store.db import Store
from normtrace.web.access import ProjectAccess
from normtrace.web.app import create_app
from normtrace.web.auth import create_user
from synthetic_docs import insert_document

DEFAULT = "stability-operations"
SYMBOL = "SYN/30"
BRIGADE = f"{SYMBOL}/op09"
OTHER = f"{SYMBOL}/op10"
PARAGRAPHS = [
    (f"{SYMBOL}/op08", "operative", "Decides to renew the synthetic mission for one year;"),
    (BRIGADE, "operative", "Decides to deploy a synthetic Intervention Brigade to protect "
     "civilians in the synthetic region;"),
    (OTHER, "operative", "Requests the synthetic mission to protect civilians in towns;"),
]  # fmt: skip
MINI = Codebook(name="mini", codes=(Code(id="poc", name="PoC (SYNTHETIC)",
                                         entries=(Entry("protect* civilian*"),)),))  # fmt: skip


def build(path: Path) -> Path:
    """The project at ``path``."""
    with Store.open(path) as store:
        with store.transaction() as conn:
            insert_document(conn, SYMBOL, PARAGRAPHS, date="2001-03-28")
        register_codebook(store, load_default_codebook())
        register_codebook(store, MINI)
        with store.transaction():
            for name, role in ACCOUNTS.items():
                create_user(store, name, role, PASSWORD)
    return path


@contextmanager
def serve(project: Path) -> Iterator[tuple[dict[str, TestClient], ProjectAccess]]:
    """The workbench over the built project at ``project``: a signed-in client per account,
    and direct access to the project."""
    app = create_app(project, secret="test-secret")
    try:
        yield {name: session_for(app, name) for name in ACCOUNTS}, app.state.access
    finally:
        app.state.access.close()


@contextmanager
def workbench(path: Path) -> Iterator[tuple[dict[str, TestClient], ProjectAccess]]:
    """The workbench over the project at ``path`` (built first, :func:`build`)."""
    with serve(build(path)) as opened:
        yield opened
