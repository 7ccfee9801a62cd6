"""Value objects produced by the parsers: documents and their units.

These are plain frozen dataclasses of JSON-able values so that the same stage
functions run in-process and on Dask workers. Offsets are code points.

Unit keys are stable and reversible:

* speech ``S/PV.8703/s002``, paragraph of a speech ``S/PV.8703/s002/p03``;
* resolution preambular ``S/RES/2098 (2013)/pp03``, operative ``.../op12``,
  sub-paragraph ``.../op12/b`` and ``.../op12/b/ii``;
* report/letter/statement paragraph ``S/2013/119/p45``, heading ``S/2013/119/h03``;
  a report's map, figure or table (no running text) ``S/2013/119/map01``, ``/fig01``,
  ``/tab01``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DOC_TYPES = ("resolution", "verbatim", "report", "letter", "prst", "corpus_meeting", "other")
PARAGRAPH_KINDS = (
    "preambular",
    "operative",
    "subparagraph",
    "numbered",
    "heading",
    "text",
    "procedural",
    "map",
    "figure",
    "table",
)


@dataclass(frozen=True)
class Page:
    """One page of extracted text (1-based number)."""

    number: int
    text: str


@dataclass(frozen=True)
class OcrInfo:
    """What OCR did to a document, stored with it as ``documents.meta["ocr"]``."""

    engine: str
    pages: tuple[int, ...]
    mean_confidence: float
    dpi: int
    #: pages scanned sideways or upside down, turned before they were read
    rotated: tuple[int, ...] = ()

    def as_meta(self) -> dict[str, Any]:
        """JSON-able form for the document's meta."""
        return {
            "engine": self.engine,
            "pages": list(self.pages),
            "mean_confidence": round(self.mean_confidence, 1),
            "dpi": self.dpi,
            **({"rotated": list(self.rotated)} if self.rotated else {}),
        }


@dataclass(frozen=True)
class ExtractedText:
    """Text extracted from one source file, with what extracted it."""

    pages: tuple[Page, ...]
    extractor: str
    media_type: str
    #: what OCR did, when some page was recognized (see ``normtrace.ingest.ocr``)
    ocr: OcrInfo | None = None

    @property
    def text(self) -> str:
        """All pages joined by a form feed."""
        return "\f".join(p.text for p in self.pages)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph-level unit: resolution paragraph, report paragraph, speech paragraph."""

    key: str
    kind: str
    text: str
    order: int
    number: str | None = None
    label: str | None = None
    parent_key: str | None = None
    verb: str | None = None
    cites: tuple[str, ...] = ()
    page: int | None = None
    section: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Speech:
    """One turn at speaking in a meeting, as the record prints it."""

    key: str
    index: int
    speaker: str
    text: str
    affiliation: str | None = None
    language: str | None = None
    is_president: bool = False
    header: str = ""
    page: int | None = None
    paragraphs: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class Document:
    """A parsed UN document.

    ``meta`` holds type-specific JSON-able facts: for a verbatim record the
    president, members, agenda, invitations, votes and adoptions; for a
    resolution the adoption meeting; for a report its observations section.
    """

    symbol: str
    doc_type: str
    parser: str
    title: str | None = None
    date: str | None = None
    year: int | None = None
    meeting: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    speeches: tuple[Speech, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    edition: str = "record"
