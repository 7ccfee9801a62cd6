"""Measure how well :func:`parse_report` reads the real Secretary-General reports.

``python -m normtrace.evaluate.reports SHARED`` (or ``normtrace eval reports
SHARED``) extracts every PDF of ``SHARED/corpus/reports`` (scans through OCR
when Tesseract is installed), parses it **without** the file name's symbol,
and checks per report:

* typed with symbol and date — the type is a report, letter or statement,
  the symbol read from the first page equals the one in the file name, and a
  date of the symbol's year (or the next: a December report) was found;
* paragraphs numbered 1..N — the body's numbered paragraphs (annexes
  apart) run 1, 2, ... N without gap or repeat;
* headings — how many per report (median, max), and how many of them are
  map or table text by checks independent of the parser's own rules: the
  heading is a run of figures, carries map furniture (a scale, degrees, the
  cartographic notice), or stands on a page where most lines are short
  fragments (a map or chart);
* observations — for every report whose text has an ``Observations``
  heading, whether the parser marked numbered paragraphs as observations.

Nothing is written; files that fail to extract or parse are listed with the
error (a scan without Tesseract is "refused"), never skipped silently.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from normtrace.errors import NormtraceError
from normtrace.parse.model import Document
from normtrace.parse.symbols import symbol_from_filename

REPORTS_DIR = ("corpus", "reports")
_TYPES = ("report", "letter", "prst")
_OBSERVATIONS_HEADING = re.compile(
    r"(?:^|\f)(?:[IVX]{1,6}\.\s+)?Observations\b[^.\n]{0,80}$", re.M | re.I
)
_TITLE = re.compile(
    r"^(?:[A-Z][\w-]*\s+){0,4}?(?:report|letter|note|statement)\b|^(?:Identical\s+)?letters?\b",
    re.I,
)
_FIGURES = re.compile(r"(?:^|\s)[-+]?\d[\d,.]*%?(?=\s|$)")
_LABELLED = re.compile(r"^(?:Annex|Appendix|Enclosure|[IVX]{1,6}\.|[A-Z]\.)(?:\s+[IVX\d]+)?\b")
_MAP_FURNITURE = re.compile(
    r"\b\d+\s?km\b|\b\d{1,3}\s?[o°º]\b|boundaries and names shown|Map No\b", re.I
)


@dataclass(frozen=True)
class ReportCheck:
    """What the evaluation found for one report file."""

    file: str
    symbol: str | None
    doc_type: str | None
    date: str | None
    typed_ok: bool
    numbered_ok: bool
    paragraphs: int
    headings: int
    bad_headings: tuple[str, ...]
    has_observations: bool
    observations_found: bool
    ocr: bool
    problem: str | None = None
    title: str | None = None

    @property
    def title_ok(self) -> bool:
        """The title starts with the document's kind and names no masthead furniture."""
        return bool(self.title and _TITLE.match(self.title) and "Distr" not in self.title)


@dataclass(frozen=True)
class ReportsEvaluation:
    """The evaluation of the report parser over a folder of report PDFs."""

    folder: str
    checks: tuple[ReportCheck, ...]
    seconds: float
    cpu_seconds: float
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def files(self) -> int:
        """Number of PDF files evaluated."""
        return len(self.checks)

    def summary(self) -> str:
        """The measured numbers, a few lines for a person."""
        n = self.files
        typed = sum(c.typed_ok for c in self.checks)
        numbered = sum(c.numbered_ok for c in self.checks)
        heads = [c.headings for c in self.checks if c.problem is None] or [0]
        bad = sum(len(c.bad_headings) for c in self.checks)
        with_obs = [c for c in self.checks if c.has_observations]
        found = sum(c.observations_found for c in with_obs)
        failed = [c for c in self.checks if c.problem]
        lines = [
            f"reports in {self.folder}: {n} files, {n - len(failed)} parsed, "
            f"{sum(c.ocr for c in self.checks)} through OCR",
            f"typed with symbol and date: {typed}/{n}",
            f"title read (starts with the kind of document): "
            f"{sum(c.title_ok for c in self.checks)}/{n}",
            f"paragraphs numbered 1..N: {numbered}/{n} ({numbered / n if n else 0:.1%})",
            f"headings per report: median {statistics.median(heads):g}, max {max(heads)}",
            f"map/table text among headings: {bad}",
            f"observations found: {found}/{len(with_obs)} reports that have them",
            f"time: {self.seconds:.1f} s wall, {self.cpu_seconds:.1f} s CPU",
        ]
        for c in self.checks:
            if c.problem or not (c.typed_ok and c.numbered_ok) or c.bad_headings:
                lines.append(f"  {c.file}: {c.problem or _shortfall(c)}")
            elif c.has_observations and not c.observations_found:
                lines.append(f"  {c.file}: observations heading but none marked")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return asdict(self)


def _shortfall(c: ReportCheck) -> str:
    parts = []
    if not c.typed_ok:
        parts.append(f"typed {c.doc_type} {c.symbol} {c.date}")
    if not c.numbered_ok:
        parts.append("paragraphs not numbered 1..N")
    if c.bad_headings:
        parts.append(f"map/table headings {list(c.bad_headings)[:3]}")
    return "; ".join(parts)


def evaluate_reports(shared: str | Path, *, ocr: str = "auto") -> ReportsEvaluation:
    """Extract, parse and check every report PDF under ``shared/corpus/reports``.

    Raises:
        NormtraceError: the folder is missing or holds no PDF.
    """
    folder = Path(shared).joinpath(*REPORTS_DIR)
    pdfs = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
    if not pdfs:
        raise NormtraceError(
            f"{folder}: no report PDFs; pass the shared data folder (e.g. ../shared)"
        )
    start, cpu = time.perf_counter(), time.process_time()
    checks = tuple(check_report(path, ocr=ocr) for path in pdfs)
    return ReportsEvaluation(
        folder=str(folder),
        checks=checks,
        seconds=round(time.perf_counter() - start, 2),
        cpu_seconds=round(time.process_time() - cpu, 2),
    )


def check_report(path: Path, *, ocr: str = "auto") -> ReportCheck:
    """Extract and parse one report PDF and check it (see the module docstring)."""
    from normtrace.ingest.pdf import extract_pdf

    try:
        extracted = extract_pdf(path.read_bytes(), path=str(path), ocr=ocr)
    except NormtraceError as exc:
        return _failed(path, f"refused: {exc}")
    return check_text(path.name, extracted.text, ocr=extracted.ocr is not None)


def check_text(name: str, text: str, *, ocr: bool = False) -> ReportCheck:
    """Parse one report's extracted text (pages joined by form feeds) and check it."""
    from normtrace.parse.report import parse_report

    try:
        doc = parse_report(text)
    except NormtraceError as exc:
        return _failed(Path(name), f"{type(exc).__name__}: {exc}")
    numbers = [p.number for p in body_paragraphs(doc)]
    has_obs = _OBSERVATIONS_HEADING.search(text) is not None
    found = any(
        "observations" in p.flags for p in doc.paragraphs if p.kind in ("numbered", "subparagraph")
    )
    headings = [p for p in doc.paragraphs if p.kind == "heading"]
    pages = text.split("\f")
    bad = tuple(h.text for h in headings if graphic_text(h.text, _page(pages, h.page)))
    return ReportCheck(
        file=name,
        symbol=doc.symbol,
        doc_type=doc.doc_type,
        date=doc.date,
        typed_ok=_typed(name, doc),
        numbered_ok=bool(numbers) and numbers == [str(i) for i in range(1, len(numbers) + 1)],
        paragraphs=len(numbers),
        headings=len(headings),
        bad_headings=bad,
        has_observations=has_obs,
        observations_found=found,
        ocr=ocr,
        title=doc.title,
    )


def body_paragraphs(doc: Document) -> list[Any]:
    """The numbered paragraphs of the body (annexes apart), in order."""
    return [p for p in doc.paragraphs if p.kind == "numbered" and "annex" not in p.flags]


def graphic_text(heading: str, page: str) -> bool:
    """Whether a heading is map or table text (checks independent of the parser's rules)."""
    if _LABELLED.match(heading):
        return False  # "Annex II", "IV. Observations": a labelled heading, even on a table page
    if len(_FIGURES.findall(heading)) >= 3 or _MAP_FURNITURE.search(heading):
        return True
    lines = [ln.strip() for ln in page.split("\n") if ln.strip()]
    fragments = sum(1 for ln in lines if len(ln) < 40 and not ln.endswith((".", ";", ":")))
    return len(lines) >= 20 and fragments * 2 > len(lines)


def _page(pages: list[str], number: int | None) -> str:
    if number is None or not 1 <= number <= len(pages):
        return ""
    return pages[number - 1]


def _typed(name: str, doc: Document) -> bool:
    expected = symbol_from_filename(name)
    if doc.doc_type not in _TYPES or expected is None or doc.symbol != str(expected.symbol):
        return False
    year = expected.symbol.year
    return doc.date is not None and (year is None or int(doc.date[:4]) in (year, year + 1))


def _failed(path: Path, problem: str) -> ReportCheck:
    return ReportCheck(
        file=path.name,
        symbol=None,
        doc_type=None,
        date=None,
        typed_ok=False,
        numbered_ok=False,
        paragraphs=0,
        headings=0,
        bad_headings=(),
        has_observations=False,
        observations_found=False,
        ocr=False,
        problem=problem,
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m normtrace.evaluate.reports SHARED``: print the evaluation."""
    args = sys.argv[1:] if argv is None else argv
    shared = args[0] if args else "../shared"
    try:
        print(evaluate_reports(shared).summary())
    except NormtraceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
