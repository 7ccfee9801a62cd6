"""Does lineage stay within a mission? Check it against an exhaustive comparison.

``normtrace eval lineage ../shared`` (or ``python -m normtrace.evaluate.lineage
../shared``) parses the resolutions adopted ``since``–``until`` (default
2010–2015) from ``corpus/resolutions``, finds reuse among all their
paragraphs in memory (the same :func:`~normtrace.reuse.links.find_reuse` the
store uses), and traces the lineage of every operative paragraph (and
sub-paragraph) of each mission's mandate resolutions adopted in the target
years (default 2013–2015; missions MONUSCO, MINUSMA, MINUSCA).

The gold is computed independently of the reuse links, by exhaustive
comparison: a paragraph is *held* by the mission's previous mandate resolution
when some paragraph of that resolution shares at least ``min_words`` words in
order with it (difflib's matching blocks over normalized words) covering at
least ``min_share`` of the paragraph's words. For every held paragraph the
check asks whether the previous mandate resolution is the chain's first
source. A paragraph whose normalized text stands verbatim in more than
``formula_share`` of the parsed resolutions (``Decides to remain actively
seized of the matter``) is a corpus formula with no lineage and is counted
apart; a held paragraph that no link from the previous resolution reaches
(neither a reuse link nor the renewal alignment of
:class:`~normtrace.reuse.lineage.WithRenewals`, nor its order-insensitive
fallback) is listed. Every link of that fallback
(:mod:`~normtrace.reuse.reordered`) into a checked paragraph is listed too, with
whether the exhaustive check holds the paragraph, so the fallback's false links
can be counted and its links read (``--mission all`` checks every mission's
renewals, to measure it on missions other than the target ones). The
mandate series (which resolutions decide each mission's mandate) comes from
:func:`~normtrace.reuse.mission.mission_of` and is printed, so it can be
checked against the record.

The same run without mission information (the plain latest-strong-link rule)
is reported as the baseline.
"""

from __future__ import annotations

import difflib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from normtrace.errors import NormtraceError
from normtrace.evaluate.resolutions import resolution_files
from normtrace.ingest.text import read_text
from normtrace.parse.resolution import parse_resolution
from normtrace.reuse.lineage import WithRenewals, previous_resolution, trace_lineage
from normtrace.reuse.links import ReuseLink, Unit, find_reuse
from normtrace.reuse.mission import Mandate, mandate_of
from normtrace.reuse.reordered import METHOD
from normtrace.reuse.roles import UnitInfo
from normtrace.reuse.shingles import tokenize

MISSIONS = ("MONUSCO", "MINUSMA", "MINUSCA")
ALL = "all"  # as a mission: every mission a parsed resolution decides the mandate of


@dataclass(frozen=True)
class Miss:
    """A held paragraph whose chain does not start at the previous mandate resolution."""

    key: str
    expected: str
    found: str | None
    found_relation: str | None


@dataclass(frozen=True)
class Reordered:
    """A link of the order-insensitive fallback into a checked paragraph.

    ``held`` says whether the exhaustive (in-order) comparison finds the paragraph in
    the previous mandate resolution; ``share`` and ``words`` are the link's cover.
    """

    key: str
    source: str
    held: bool
    share: float
    words: int


@dataclass
class LineageCheck:
    """Result of :func:`check_lineage`."""

    missions: dict[str, list[str]]
    targets: list[str]
    paragraphs: int
    held: int
    hits: int
    baseline_hits: int
    seconds: float
    formulae: int = 0
    unlinked: list[str] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    baseline_misses: list[Miss] = field(default_factory=list)
    reordered: list[Reordered] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Share of held paragraphs whose chain's first source is the previous resolution."""
        return self.hits / self.held if self.held else 0.0

    @property
    def linked_share(self) -> float:
        """The same share among held paragraphs that some reuse link reaches."""
        linked = self.held - len(self.unlinked)
        return self.hits / linked if linked else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict."""
        return {
            **asdict(self),
            "share": round(self.share, 4),
            "linked_share": round(self.linked_share, 4),
        }

    def render(self) -> str:
        """A short text summary with the misses."""
        lines = ["mandate series:"]
        lines += [f"  {m}: {' → '.join(s)}" for m, s in self.missions.items()]
        base = self.baseline_hits / self.held if self.held else 0.0
        lines.append(
            f"{self.held} of {self.paragraphs} operative units of {len(self.targets)} resolutions "
            f"are held by the mission's previous mandate resolution; it is the chain's first "
            f"source for {self.hits} ({self.share:.1%}); plain rule {self.baseline_hits} "
            f"({base:.1%}); {self.seconds:.0f} s"
        )
        lines.append(
            f"among the {self.held - len(self.unlinked)} held units a reuse link from the "
            f"previous resolution reaches: {self.linked_share:.1%}; "
            f"no such link: {', '.join(self.unlinked) or 'none'}; "
            f"corpus formulae left out: {self.formulae}"
        )
        unheld = sum(not r.held for r in self.reordered)
        lines.append(
            f"order-insensitive fallback (reordered phrases, weaker than aligned reuse): "
            f"{len(self.reordered)} links into checked paragraphs, {unheld} into paragraphs "
            f"the exhaustive check does not hold"
        )
        lines += [
            f"  reordered {r.key} ← {r.source}: {r.words} words, {r.share:.0%}"
            + ("" if r.held else " (not held)")
            for r in self.reordered
        ]
        for m in self.misses:
            lines.append(
                f"  miss {m.key}: expected {m.expected}, got {m.found} ({m.found_relation})"
            )
        return "\n".join(lines)


def holds(paragraph: Sequence[str], candidates: Sequence[Sequence[str]], *,
          min_words: int = 8, min_share: float = 0.5) -> bool:  # fmt: skip
    """Whether any candidate (word list) holds ``paragraph``'s words in order (see module doc).

    >>> holds("a b c d e f g h i".split(), ["x a b c d e f g h i y".split()])
    True
    >>> holds("a b c d e f g h i".split(), ["a b c x d e f".split()])
    False
    """
    need = max(min_words, int(min_share * len(paragraph) + 0.999))
    words = set(paragraph)
    for cand in candidates:
        if len(words.intersection(cand)) < min_words:
            continue
        sm = difflib.SequenceMatcher(None, paragraph, cand, autojunk=False)
        matched = sum(b.size for b in sm.get_matching_blocks() if b.size >= 3)
        if matched >= need:
            return True
    return False


def check_lineage(
    shared: str | Path,
    *,
    since: int = 2010,
    until: int = 2015,
    targets: tuple[int, int] = (2013, 2015),
    missions: Sequence[str] = MISSIONS,
    formula_share: float = 0.1,
) -> LineageCheck:
    """Run the check described in the module doc on ``shared``'s resolutions.

    Raises:
        NormtraceError: ``shared`` has no resolutions for the years.
    """
    start = time.perf_counter()
    folder = Path(shared) / "corpus" / "resolutions"
    files = resolution_files(folder, (since, until))
    if not files:
        raise NormtraceError(
            f"{folder}: no S-RES-<n>(<year>).txt files for {since}-{until}; "
            "give the shared data folder (../shared)"
        )
    units: list[Unit] = []
    infos: dict[str, UnitInfo] = {}
    mandates: dict[str, Mandate] = {}
    dates: dict[str, str] = {}
    for symbol, path in files:
        try:
            doc = parse_resolution(read_text(path).text, symbol=symbol)
        except NormtraceError as exc:
            print(f"skipped {symbol}: {exc}", file=sys.stderr)
            continue
        mandates[doc.symbol] = mandate_of(doc.symbol, "\n".join(p.text for p in doc.paragraphs))
        dates[doc.symbol] = doc.date or f"{doc.year}-12-31"
        for p in doc.paragraphs:
            units.append(Unit(p.key, doc.date, p.order, p.text, doc.symbol))
            infos[p.key] = UnitInfo(p.key, doc.date, doc.symbol, "resolution", p.order)
    links = find_reuse(units)
    into: dict[str, list[ReuseLink]] = {}
    for x in links:
        into.setdefault(x.target, []).append(x)

    def incoming(k: str) -> list[ReuseLink]:
        return into.get(k, [])

    order = sorted((dates[s], s) for s in mandates)
    units_of: dict[str, list[Unit]] = {}
    for u in units:
        units_of.setdefault(u.document, []).append(u)
    by_key = {u.key: u for u in units}
    by_unit_doc = {u.key: u.document for u in units}
    renewed = WithRenewals(
        incoming,
        infos.get,
        mandates.get,
        lambda symbol, when: previous_resolution(symbol, when, order, mandates.get),
        lambda symbol: units_of.get(symbol, []),
        by_key.get,
    )
    if ALL in missions:
        missions = sorted({md.mission for md in mandates.values() if md.mission})
    series = {
        m: sorted((s for s, md in mandates.items() if md.mission == m), key=lambda s: dates[s])
        for m in missions
    }
    words = {u.key: tokenize(u.text).norms for u in units}
    by_doc: dict[str, list[str]] = {}
    for u in units:
        by_doc.setdefault(u.document, []).append(u.key)
    spread: dict[tuple[str, ...], set[str]] = {}
    for u in units:
        spread.setdefault(tuple(words[u.key]), set()).add(u.document)
    formula_docs = formula_share * len(by_doc)
    result = LineageCheck({m: s for m, s in series.items()}, [], 0, 0, 0, 0, 0.0)
    for resolutions in series.values():
        for prev, res in zip(resolutions, resolutions[1:], strict=False):
            if not targets[0] <= int(dates[res][:4]) <= targets[1]:
                continue
            result.targets.append(res)
            previous = [words[k] for k in by_doc[prev]]
            for key in by_doc[res]:
                if "/op" not in key:
                    continue
                if len(spread[tuple(words[key])]) > formula_docs:
                    result.formulae += 1
                    continue
                result.paragraphs += 1
                held = holds(words[key], previous)
                result.reordered += [
                    Reordered(key, x.source, held, x.score, x.words)
                    for x in renewed(key)
                    if x.method == METHOD
                ]
                if not held:
                    continue
                result.held += 1
                if not any(by_unit_doc[x.source] == prev for x in renewed(key)):
                    result.unlinked.append(key)
                for into_, mandate, hits, misses in (
                    (renewed, mandates.get, "hits", result.misses),
                    (incoming, None, "baseline_hits", result.baseline_misses),
                ):
                    found = trace_lineage(key, into_, infos.get, mandate=mandate)
                    first = found.chain[1].unit.document if len(found.chain) > 1 else None
                    if first == prev:
                        setattr(result, hits, getattr(result, hits) + 1)
                    else:
                        rel = next(
                            (s.relation for s in found.sources if s.unit.document == first), None
                        )
                        misses.append(Miss(key, prev, first, rel))
    result.seconds = round(time.perf_counter() - start, 1)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m normtrace.evaluate.lineage SHARED [--json]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(main.__doc__, file=sys.stderr)
        return 2
    found = check_lineage(args[0])
    print(json.dumps(found.to_dict(), indent=2) if "--json" in args else found.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
