"""SYNTHETIC projects for the exchange tests (import and export of codings and adjudications):
a codebook file and a project holding one made-up resolution and, when given speeches, the
made-up meeting SYN/PV.1. Nothing here is UN text.

``tests/`` is on ``sys.path`` (its ``conftest.py`` puts it there), so any test imports this as
``from synthetic_exchange import SyntheticProject``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from normtrace.coding.exchange.codings import resolve_codebook
from normtrace.store.db import Store
from synthetic_docs import insert_document, insert_meeting

#: codebook ``synth``: codes ``poc`` and ``force``
CODEBOOK = """name: synth
codes:
  - {id: poc, name: Protection}
  - {id: force, name: Force}
"""
#: the two speeches of the made-up meeting SYN/PV.1 (keys SYN/PV.1/s001, SYN/PV.1/s002)
SPEECHES = (
    "Synthetic speaker one calls for talks between the invented parties.",
    "Synthetic speaker two asks that civilians in the made-up region be protected.",
)
MEETING = "SYN/PV.1"


@dataclass(frozen=True)
class SyntheticProject:
    """A made-up resolution ``symbol`` with paragraphs ``units`` ``(key, kind, text)``, the
    meeting SYN/PV.1 with ``speeches`` (none when empty), and the codebook ``codebook``."""

    symbol: str
    units: Sequence[tuple[str, str, str]]
    speeches: Sequence[str] = ()
    codebook: str = CODEBOOK

    def book(self, folder: Path) -> Path:
        """The codebook written to ``folder/synth.yaml``; its path."""
        path = folder / "synth.yaml"
        path.write_text(self.codebook)
        return path

    def open(self, path: Path, book: Path) -> Store:
        """A new project at ``path`` holding the texts, with the codebook file ``book``."""
        store = Store.open(path)
        with store.transaction() as conn:
            insert_document(conn, self.symbol, self.units)
            if self.speeches:
                insert_meeting(conn, MEETING, self.speeches)
        resolve_codebook(store, str(book))
        return store
