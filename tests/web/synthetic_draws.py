"""A small SYNTHETIC project for the Assignments page's validation draw (no real UN text, and
none of the reserved resolutions the shared fixture project holds): a report of 40 numbered
paragraphs (every 10th holds "alpha"), the last with two sub-paragraphs, a resolution of 80
operative paragraphs (every 4th holds "alpha"); the codebook ``synth`` applied, whose code ``x``
has the entry "alpha" and whose ``offensive_force`` stands for a frame (no entries); alice and
bob (coders) and admin."""

from __future__ import annotations

from pathlib import Path

from web_support import PASSWORD

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.store.db import Store
from normtrace.web.auth import create_user
from synthetic_docs import insert_document

BOOK = "synth"
CODEBOOK = Codebook(name=BOOK, codes=(
    Code(id="x", name="Synthetic X", entries=(Entry("alpha"),)),
    Code(id="offensive_force", name="Offensive force"),
))  # fmt: skip
REPORT, RESOLUTION = "SYN/R/1", "SYN/RES/1"
#: the report's paragraph holding two sub-paragraphs
WITH_SUBS = f"{REPORT}/p40"


def _paragraphs() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    report = [(f"{REPORT}/p{i}", "numbered",
               "SYNTHETIC: alpha here" if i % 10 == 0 else "SYNTHETIC: plain words")
              for i in range(1, 41)]  # fmt: skip
    report += [(f"{WITH_SUBS}/a", "subparagraph", "(a) SYNTHETIC: a first task;"),
               (f"{WITH_SUBS}/b", "subparagraph", "(b) SYNTHETIC: a second task.")]  # fmt: skip
    resolution = [(f"{RESOLUTION}/op{i}", "op",
                   "SYNTHETIC: alpha decides" if i % 4 == 0 else "SYNTHETIC: the Council decides")
                  for i in range(1, 81)]  # fmt: skip
    return report, resolution


def build(path: Path, *, users: bool = True) -> Path:
    """The project at ``path`` (``users``: with alice, bob and admin; argon2 is slow, so a
    project only compared with another is built without)."""
    report, resolution = _paragraphs()
    with Store.open(path) as store:
        with store.transaction() as conn:
            insert_document(conn, REPORT, report, doc_type="report", date="2005-03-01")
            insert_document(conn, RESOLUTION, resolution, date="2005-04-01")
        if users:
            for name, role in (("alice", "coder"), ("bob", "coder"), ("admin", "admin")):
                create_user(store, name, role, PASSWORD)
        register_codebook(store, CODEBOOK)
        apply_codebook(store, CODEBOOK, progress=False)
    return path


def label(store: Store, key: str, positive: bool) -> None:
    """SYNTHETIC: ana labels ``key`` for x: a coding of its whole text when positive, and a
    done mark (a negative where it codes nothing)."""
    if positive:
        text = store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()[0]
        add_code(store, coder="ana", unit_key=key, start=0, end=len(text), code="x",
                 codebook=BOOK)  # fmt: skip
    mark_done(store, coder="ana", codebook=BOOK, unit_keys=[key])
