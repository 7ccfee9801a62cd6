"""A SYNTHETIC resolution file (the made-up S/RES/9901 (2031); nothing here is UN text) ingested
into a new project with codebook ``synth``, and its next versions: a paragraph inserted
before op1 (op1's words, unchanged, then stand at op2), or words moved within op1; and a fresh
project of the current version to import exports into. For the tests of codings a new version
moved (``code review --move``, the time of moved work).

``tests/`` is on ``sys.path`` (its ``conftest.py`` puts it there), so a test imports this as
``from synthetic_moved import ...``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from normtrace.coding.exchange.codings import resolve_codebook
from normtrace.coding.human import events
from normtrace.project import Project
from normtrace.store.db import Store

SYMBOL = "S/RES/9901 (2031)"
OP1, OP2, OP3 = f"{SYMBOL}/op1", f"{SYMBOL}/op2", f"{SYMBOL}/op3"
#: op1's text in the first version; "Recognizes the ownership" is at 0-24
OWNERSHIP = "Recognizes the ownership of the synthetic Government of Examplia over its transition;"
#: the paragraph a second version inserts before op1 (op1's words move to op2)
INSERTED = "Welcomes the synthetic restored paragraph of the invented Council;"
#: codebook ``synth``: code ``own`` (no dictionary entry), ``aid`` (the dictionary proposes
#: "invented police", in op2 of the first version)
BOOK = ("name: synth\ncodes:\n  - {id: own, name: Ownership}\n"
        "  - {id: aid, name: Aid, entries: [invented police]}\n")  # fmt: skip
FILE = "S-RES-9901(2031).txt"

_HEAD = """United Nations
Security Council

S/RES/9901 (2031)
Distr.: General 2 March 2031

Resolution 9901 (2031)
Adopted by the Security Council at its 99001st meeting, on 2 March 2031
The Security Council,
Recalling its synthetic statements on the invented region of Examplia,
"""


def text(operative: list[str]) -> str:
    """The file's text with these operative paragraphs, numbered from 1."""
    return _HEAD + "".join(f"{n}. {p}\n" for n, p in enumerate(operative, start=1))


FIRST = [OWNERSHIP, "Requests the made-up mission to support the invented police;",
         "Decides to remain seized of the synthetic matter."]  # fmt: skip


@contextmanager
def project(folder: Path) -> Iterator[tuple[Project, Path]]:
    """The first version ingested into ``folder/p.db`` with codebook ``synth``, and the path
    of the file (to write later versions into)."""
    folder.mkdir(exist_ok=True)
    path = folder / FILE
    path.write_text(text(FIRST), encoding="utf-8")
    book = folder / "synth.yaml"
    book.write_text(BOOK, encoding="utf-8")
    with Project(folder / "p.db") as opened:
        opened.ingest([path])
        resolve_codebook(opened.store, str(book))
        yield opened, path


def fresh_project(folder: Path, source: Path) -> Project:
    """A new project in ``folder`` holding the current version of the resolution (the file
    ``source``, copied) and codebook ``synth`` (the ``synth.yaml`` beside ``source``): where an
    export of :func:`project` is imported. The caller closes it (``with fresh_project(...)``)."""
    folder.mkdir()
    (folder / FILE).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "synth.yaml").write_text((source.parent / "synth.yaml").read_text())
    opened = Project(folder / "p.db")
    opened.ingest([folder / FILE])
    resolve_codebook(opened.store, str(folder / "synth.yaml"))
    return opened


def insert_before_op1(project: Project, path: Path) -> None:
    """Ingest a version with :data:`INSERTED` as the new op1 (the old op1 is op2 now)."""
    tick()
    path.write_text(text([INSERTED, *FIRST]), encoding="utf-8")
    project.ingest([path])
    tick()


def reword_op1(project: Project, path: Path) -> None:
    """Ingest a version whose op1 opens with a new clause: its words move within op1."""
    tick()
    path.write_text(text(["Firmly and SYNTHETICALLY " + FIRST[0][0].lower() + FIRST[0][1:],
                          *FIRST[1:]]), encoding="utf-8")  # fmt: skip
    project.ingest([path])
    tick()


def tick() -> None:
    """A pause: work recorded on either side of it has different times."""
    time.sleep(0.003)


def unit_text(store: Store, key: str) -> str:
    """The current text of ``key``."""
    return str(store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()[0])


def code_ownership(store: Store, memo: str, after: str) -> events.CodingEvent:
    """ana's coding ``own`` of "Recognizes the ownership" (op1[0:24]) with ``memo``, and her
    memo ``after`` written on it afterwards; the coding's event."""
    made = events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                           memo=memo, codebook="synth")  # fmt: skip
    events.add_memo(store, coder="ana", unit_key=OP1, start=0, end=24, code="own", memo=after,
                    codebook="synth")  # fmt: skip
    return made
