"""A SYNTHETIC project with pending dictionary suggestions (no real UN text): one document whose
paragraphs are given, codebooks registered and applied in order, so that each dictionary's
candidates wait, pending, for a coder.

``tests/`` is on ``sys.path`` (its ``conftest.py`` puts it there), so a test imports this as
``from synthetic_suggestions import ...``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.store.db import Store
from synthetic_docs import insert_document

#: the SYNTHETIC codebook ``syn``: ``poc`` on "protect*", ``sec`` on "secure"
PROTECT_SECURE = Codebook(name="syn", codes=(
    Code(id="poc", name="Protection", entries=(Entry("protect*"),)),
    Code(id="sec", name="Security", entries=(Entry("secure"),)),
))  # fmt: skip


def add_pending(
    store: Store,
    symbol: str,
    texts: Mapping[str, str],
    books: Iterable[Codebook] = (PROTECT_SECURE,),
    *,
    kind: str = "op",
    date: str = "2001-01-01",
) -> None:
    """The document ``symbol`` of the paragraphs ``texts`` (key: text, in order, each of
    ``kind``) in ``store``, and ``books`` registered and applied, one after the other."""
    with store.transaction() as conn:
        insert_document(conn, symbol, [(k, kind, t) for k, t in texts.items()], date=date)
    for book in books:
        register_codebook(store, book)
        apply_codebook(store, book, progress=False)


def pending_project(
    path: Path,
    symbol: str,
    texts: Mapping[str, str],
    books: Iterable[Codebook] = (PROTECT_SECURE,),
) -> Path:
    """The project at ``path`` made by :func:`add_pending`; its file's path."""
    with Store.open(path) as store:
        add_pending(store, symbol, texts, books)
    return path
