"""Measure how well :func:`parse_resolution` reads a folder of resolution texts.

For every ``S-RES-<n>(<year>).txt`` in the folder whose year lies in the range,
the audit parses the file and checks:

* operative paragraphs are numbered 1..N without a gap or repeat, and each
  has a leading verb (``operative_ok``);
* the adoption meeting and the date were found (``adoption_ok``);
* whether the document was flagged truncated.

Files that raise are listed with the error; nothing is swallowed silently.

>>> audit_resolutions("/nonexistent")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
normtrace.errors.NormtraceError: /nonexistent: no S-RES-<n>(<year>).txt files for 1990-2015; ...
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from normtrace.errors import NormtraceError
from normtrace.ingest.text import read_text
from normtrace.parse.model import Document
from normtrace.parse.resolution import parse_resolution

_NAME = re.compile(r"S-RES-(?P<n>\d+)\((?P<y>\d{4})\)\.txt$")


@dataclass(frozen=True)
class Failure:
    """One resolution that failed a check, and why."""

    symbol: str
    reason: str


@dataclass(frozen=True)
class AuditReport:
    """Shares and failure lists of a resolution audit (see the module docstring)."""

    folder: str
    years: tuple[int, int]
    files: int
    seconds: float
    cpu_seconds: float
    operative_ok: int
    adoption_ok: int
    operative_failures: tuple[Failure, ...] = ()
    adoption_failures: tuple[Failure, ...] = ()
    truncated: tuple[Failure, ...] = ()
    errors: tuple[Failure, ...] = ()
    warnings: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def operative_share(self) -> float:
        """Share of parsed files whose operative part passed."""
        return self.operative_ok / self.files if self.files else 0.0

    @property
    def adoption_share(self) -> float:
        """Share of parsed files with adoption meeting and date."""
        return self.adoption_ok / self.files if self.files else 0.0

    def summary(self) -> str:
        """A few lines for a person: shares, counts and time."""
        parsed = self.files - len(self.errors)
        return "\n".join(
            [
                f"resolutions {self.years[0]}-{self.years[1]}: {self.files} files, "
                f"{parsed} parsed, {len(self.errors)} errors",
                f"operative paragraphs 1..N with verbs: {self.operative_ok}/{self.files} "
                f"({self.operative_share:.2%})",
                f"adoption meeting and date: {self.adoption_ok}/{self.files} "
                f"({self.adoption_share:.2%})",
                f"flagged truncated: {len(self.truncated)}",
                f"time: {self.seconds:.1f} s wall, {self.cpu_seconds:.1f} s CPU",
            ]
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form, shares included."""
        out = asdict(self)
        out["operative_share"] = round(self.operative_share, 4)
        out["adoption_share"] = round(self.adoption_share, 4)
        return out


def audit_resolutions(folder: str | Path, years: tuple[int, int] = (1990, 2015)) -> AuditReport:
    """Parse every resolution file of ``folder`` adopted in ``years`` (inclusive) and check it.

    Args:
        folder: a folder of ``S-RES-<n>(<year>).txt`` files.
        years: first and last year to include.

    Raises:
        NormtraceError: the folder holds no resolution file in the range.
    """
    files = resolution_files(Path(folder), years)
    if not files:
        raise NormtraceError(
            f"{folder}: no S-RES-<n>(<year>).txt files for {years[0]}-{years[1]}; "
            "point to the resolutions folder of the shared corpus"
        )
    op_fail: list[Failure] = []
    ad_fail: list[Failure] = []
    trunc: list[Failure] = []
    errors: list[Failure] = []
    n_warn = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for symbol, path in files:
        try:
            doc = parse_resolution(read_text(path).text, symbol=symbol)
        except NormtraceError as exc:
            errors.append(Failure(symbol, f"{type(exc).__name__}: {exc}"))
            continue
        n_warn += len(doc.warnings)
        _check(doc, op_fail, ad_fail, trunc)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    parsed = len(files) - len(errors)
    return AuditReport(
        folder=str(folder),
        years=years,
        files=len(files),
        seconds=round(seconds, 2),
        cpu_seconds=round(cpu, 2),
        operative_ok=parsed - len(op_fail),
        adoption_ok=parsed - len(ad_fail),
        operative_failures=tuple(op_fail),
        adoption_failures=tuple(ad_fail),
        truncated=tuple(trunc),
        errors=tuple(errors),
        warnings=n_warn,
    )


def operative_problem(doc: Document) -> str | None:
    """Why the operative part of ``doc`` fails the check, or ``None`` if it passes.

    Paragraphs must be numbered 1..N (within each part when the resolution
    numbers its parts A, B ... afresh) and each must have a leading verb.
    """
    ops = [p for p in doc.paragraphs if p.kind == "operative"]
    if not ops:
        return "no operative paragraph"
    groups: dict[str | None, list[str | None]] = {}
    for p in ops:
        scope = p.section if doc.meta.get("numbering") == "by_part" else None
        groups.setdefault(scope, []).append(p.number)
    for scope, numbers in groups.items():
        if numbers != [str(i) for i in range(1, len(numbers) + 1)]:
            where = f" in part {scope}" if scope else ""
            return f"numbers {_compact(numbers)}{where} are not 1..{len(numbers)}"
    no_verb = [p.number or "?" for p in ops if not p.verb]
    if no_verb:
        return f"no leading verb in paragraph(s) {', '.join(no_verb)}"
    return None


def _check(
    doc: Document, op_fail: list[Failure], ad_fail: list[Failure], trunc: list[Failure]
) -> None:
    problem = operative_problem(doc)
    if problem:
        op_fail.append(Failure(doc.symbol, problem))
    if not (doc.meeting and doc.date):
        missing = [n for n, v in (("meeting", doc.meeting), ("date", doc.date)) if not v]
        ad_fail.append(Failure(doc.symbol, "no " + " and no ".join(missing)))
    if doc.meta.get("truncated"):
        reasons = [w.removeprefix("truncated: ") for w in doc.warnings if w.startswith("truncated")]
        trunc.append(Failure(doc.symbol, "; ".join(reasons)))


def resolution_files(folder: Path, years: tuple[int, int]) -> list[tuple[str, Path]]:
    """The resolution texts of ``folder`` (``S-RES-N(YYYY).txt``) of ``years`` (inclusive),
    as (symbol, path) in resolution-number order."""
    found = []
    for path in folder.glob("S-RES-*.txt"):
        m = _NAME.search(path.name)
        if m and years[0] <= int(m["y"]) <= years[1]:
            found.append((int(m["n"]), f"S/RES/{m['n']} ({m['y']})", path))
    return [(sym, path) for _, sym, path in sorted(found)]


def _compact(numbers: list[str | None]) -> str:
    text = ",".join(n or "?" for n in numbers)
    return text if len(text) < 60 else text[:57] + "..."
