"""Measure the actors domain on a corpus: role coverage and resolution–meeting links.

``python -m normtrace.evaluate.actors SHARED`` prints, for ``SHARED`` = the
``../shared`` folder:

* the share of speeches in ``corpus/speeches-2020`` (and of the verbatim PDFs
  in ``corpus/verbatim``) that get a role without overrides, and the rest;
* how many resolutions in ``corpus/resolutions`` link to their adoption
  meeting (UN Library index or the resolution's own adoption line).

Nothing here writes to a project.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from normtrace.actors.corpus_loader import load_corpus
from normtrace.actors.meetings_index import load_index
from normtrace.actors.reference import Reference, load_reference
from normtrace.actors.roles import SpeechRole, resolve_roles
from normtrace.parse.model import Document


@dataclass
class RoleEvaluation:
    """Role coverage over a set of meeting documents."""

    speeches: int = 0
    by_role: dict[str, int] = field(default_factory=dict)
    unresolved: list[SpeechRole] = field(default_factory=list)

    @property
    def share_resolved(self) -> float:
        """Share of speeches whose role is not ``unknown``."""
        return 1 - len(self.unresolved) / self.speeches if self.speeches else 1.0

    def add(self, roles: Sequence[SpeechRole]) -> None:
        """Count ``roles``."""
        self.speeches += len(roles)
        for r in roles:
            self.by_role[r.role] = self.by_role.get(r.role, 0) + 1
        self.unresolved += [r for r in roles if not r.resolved]


def evaluate_documents(docs: Sequence[Document], ref: Reference | None = None) -> RoleEvaluation:
    """Resolve every speech of ``docs`` (dates from the library index when missing)."""
    reference = ref or load_reference()
    dates = {m.symbol: m.date for m in load_index() if m.date}
    result = RoleEvaluation()
    for doc in docs:
        result.add(resolve_roles(doc, reference, day=doc.date or dates.get(doc.symbol)))
    return result


def verbatim_documents(folder: Path) -> list[Document]:
    """Parse the verbatim PDFs in ``folder`` (``S_PV.*.pdf``)."""
    from normtrace.ingest.pdf import extract_pdf
    from normtrace.parse.verbatim import parse_verbatim

    docs = []
    for pdf in sorted(folder.glob("S_PV.*.pdf")):
        docs.append(parse_verbatim(extract_pdf(pdf.read_bytes(), path=str(pdf))))
    return docs


def resolution_links(folder: Path) -> tuple[int, int, list[str]]:
    """``(linked, total, unlinked symbols)`` for the resolution files in ``folder``."""
    from normtrace.ingest.text import read_text
    from normtrace.parse.resolution.meta import adoption_facts
    from normtrace.parse.symbols import symbol_from_filename

    indexed = {o for m in load_index() for o in m.outcomes}
    unlinked, total = [], 0
    for path in sorted(folder.glob("*.txt")):
        found = symbol_from_filename(path.name)
        if found is None:
            continue
        total += 1
        symbol = str(found.symbol)
        if symbol in indexed:
            continue
        if adoption_facts(read_text(path).text).meeting_number is None:
            unlinked.append(symbol)
    return total - len(unlinked), total, unlinked


def _report(name: str, result: RoleEvaluation) -> None:
    n_ok = result.speeches - len(result.unresolved)
    print(f"{name}: {n_ok}/{result.speeches} speeches resolved ({result.share_resolved:.2%})")
    print("  by role: " + ", ".join(f"{k} {v}" for k, v in sorted(result.by_role.items())))
    for r in result.unresolved:
        print(f"  unresolved {r.speech_key} {r.speaker!r}: {'; '.join(r.evidence)}")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m normtrace.evaluate.actors SHARED``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(main.__doc__, file=sys.stderr)
        return 2
    shared = Path(args[0])
    ref = load_reference()
    corpus = load_corpus(shared / "corpus" / "speeches-2020")
    _report("corpus speeches-2020", evaluate_documents(corpus.documents, ref))
    _report(
        "verbatim PDFs", evaluate_documents(verbatim_documents(shared / "corpus" / "verbatim"), ref)
    )
    linked, total, unlinked = resolution_links(shared / "corpus" / "resolutions")
    print(f"resolutions linked to an adoption meeting: {linked}/{total} ({linked / total:.2%})")
    if unlinked:
        print(f"  not linked: {', '.join(unlinked)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
