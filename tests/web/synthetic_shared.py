"""A SYNTHETIC workbench project whose two codebooks share a code id (no real UN text): the
resolution SYN/22 of three operative paragraphs, the codebooks ``alpha`` and ``beta`` that both
hold ``poc`` (each names it apart, and each dictionary proposes it on the same words), ``alpha``
also ``sec`` (its own), both applied; the accounts of ``web_support.ACCOUNTS``.

``tests/`` and ``tests/web`` are on ``sys.path`` (their ``conftest.py`` put them there).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from synthetic_web import serve
from web_support import ACCOUNTS, PASSWORD, TestClient

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.store.db import Store
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import create_user
from synthetic_suggestions import add_pending

SYMBOL = "SYN/22"
#: "protect synthetic civilians": a candidate of alpha's poc and one of beta's, same words
BOTH = f"{SYMBOL}/op1"
#: "secure a synthetic road": alpha's sec only
SEC = f"{SYMBOL}/op2"
#: nothing either dictionary proposes
NONE = f"{SYMBOL}/op3"
TEXTS = {
    BOTH: "SYNTHETIC: decides to protect synthetic civilians in the synthetic valley;",
    SEC: "SYNTHETIC: requests the synthetic mission to secure a synthetic road;",
    NONE: "SYNTHETIC: takes note of a synthetic report on synthetic weather;",
}
ALPHA = Codebook(name="alpha", codes=(
    Code(id="poc", name="Protection (alpha, SYNTHETIC)", entries=(Entry("protect*"),)),
    Code(id="sec", name="Security (alpha, SYNTHETIC)", entries=(Entry("secure"),)),
))  # fmt: skip
BETA = Codebook(name="beta", codes=(
    Code(id="poc", name="Civilians (beta, SYNTHETIC)", entries=(Entry("protect*"),)),
))  # fmt: skip
#: the name each codebook gives ``poc``
POC = {"alpha": "Protection (alpha, SYNTHETIC)", "beta": "Civilians (beta, SYNTHETIC)"}


def build(path: Path) -> Path:
    """The project at ``path``: the document, both codebooks registered and applied (alpha
    first), the accounts."""
    with Store.open(path) as store:
        add_pending(store, SYMBOL, TEXTS, (ALPHA, BETA), kind="operative", date="2002-02-22")
        with store.transaction():
            for name, role in ACCOUNTS.items():
                create_user(store, name, role, PASSWORD)
    return path


def protect(text: str) -> tuple[int, int]:
    """The offsets of "protect" in ``text`` (the words both codebooks' candidates mark)."""
    at = text.index("protect")
    return at, at + len("protect")


@contextmanager
def workbench(path: Path) -> Iterator[tuple[dict[str, TestClient], ProjectAccess]]:
    """The workbench over the project at ``path`` (built first, :func:`build`)."""
    with serve(build(path)) as opened:
        yield opened
