"""Codings without a span: how a count reads a coding that says *that* a unit or paragraph
carries a code, not *where*.

A coder who labels a unit or a paragraph whole gives no span: an import row without ``start``
and ``end`` (at ``--level unit`` it covers the unit's words; at ``--level paragraph`` the
paragraph's, placed on its opening unit, :mod:`~normtrace.coding.human.whole`; a row naming a
speech's paragraph covers those words of the speech,
:mod:`~normtrace.coding.exchange.speech_paragraphs`), the workbench's coding of whole units, a
coder selecting every word of a unit. Such a coding is known by its recorded level
(``paragraph``: migration 0017) or by its words: all of its unit's text, or all of one
paragraph of its speech. It confirms the code there and says nothing of how many passages
carry it. So (the one rule of every count, :func:`normtrace.coding.counts.coded_spans`):

* where the words it reaches hold another counted span of its code (a dictionary candidate no
  coder rejected, a coder's span, an accept), it is no occurrence of its own and is merged
  with none: those spans' occurrences stand as they are, confirmed (a paragraph with seven
  candidates counts seven before a coder confirms the code there and seven after);
* where they hold none, it is one occurrence (the coder found the code where the dictionary
  did not).

Its reach is the whole paragraph for a coding of a paragraph of several units
(:func:`~normtrace.coding.human.whole.whole_paragraph_spans`), else its own words: the unit,
or the speech's paragraph. A coding on exactly a counted candidate's words, or an accepted
candidate's, is that candidate's span (a candidate of a whole unit merges what it overlaps,
before anyone confirms it and after). A frame or group counts its codes' spans under its name
(:meth:`Unspanned.named`): a coding of one of its codes without a span confirms the spans of
the others there. Spans coded by hand say where the code is, and overlapping spans of one code
in one unit are one occurrence, as before. A negative removes what it covers, as before: a
rejected candidate, a "done" mark where no coder coded the code, a rejected suggestion of the
code (:mod:`~normtrace.coding.counts`).

>>> found = Unspanned(units={("R/p1", 0, 40, "poc"): frozenset({"ana"})})
>>> spans = [("R/p1", 0, 40, "poc", ""), ("R/p1", 3, 9, "poc", ""), ("R/p2", 0, 9, "poc", "")]
>>> sorted(found.not_occurrences(spans))
[('R/p1', 0, 40, 'poc')]
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from normtrace.coding.human.whole import placed_whole_paragraph_codings, whole_paragraph_spans
from normtrace.coding.levels import paragraph_key
from normtrace.coding.placed import ACCEPTED_SPANS, PLACED_CODINGS
from normtrace.coding.units import has_table
from normtrace.store.db import Store

#: a span of one code: ``(unit_key, start, end, code)``
Span = tuple[str, int, int, str]

#: the human codings whose words are all of their unit's current text (in their edition), or
#: all of one paragraph of their speech (what an import row naming a speech's paragraph without
#: a span codes: :mod:`~normtrace.coding.exchange.speech_paragraphs`): ``coder, unit_key,
#: start, end, code``
_CURRENT = "d.is_current = 1 AND (h.edition IS NULL OR d.edition = h.edition)"
_WHOLE_UNITS = (
    'SELECT h.coder, h.unit_key, h.start, h."end", h.code FROM human_codings h WHERE (h.start '
    "= 0 AND (EXISTS (SELECT 1 FROM paragraphs p JOIN documents d ON d.id = p.document_id "
    f"WHERE p.key = h.unit_key AND p.speech_id IS NULL AND {_CURRENT} AND p.text = h.snippet) "
    "OR EXISTS (SELECT 1 FROM speeches s JOIN documents d ON d.id = s.document_id WHERE s.key "
    f"= h.unit_key AND s.is_current = 1 AND {_CURRENT} AND s.text = h.snippet))) OR EXISTS "
    "(SELECT 1 FROM speeches s JOIN documents d ON d.id = s.document_id JOIN paragraphs p ON "
    f"p.speech_id = s.id WHERE s.key = h.unit_key AND s.is_current = 1 AND {_CURRENT} AND "
    'p.text = h.snippet AND substr(s.text, h.start + 1, h."end" - h.start) = h.snippet)'
)

#: the human codings whose words stand that were made at paragraph level (a row without a
#: span), back along their re-anchorings to the coding whose level was recorded (migration
#: 0017): ``coder, unit_key, start, end, code``
_AT_PARAGRAPH = (
    "WITH RECURSIVE chain(coder, unit_key, start, fin, code, id, level) AS ("
    'SELECT h.coder, h.unit_key, h.start, h."end", h.code, e.reanchors, e.level '
    f"FROM ({PLACED_CODINGS}) h JOIN coding_events e ON e.id = h.event_id "
    "UNION ALL SELECT c.coder, c.unit_key, c.start, c.fin, c.code, e.reanchors, e.level "
    "FROM chain c JOIN coding_events e ON e.id = c.id WHERE c.level IS NULL) "
    "SELECT coder, unit_key, start, fin, code FROM chain WHERE level = 'paragraph'"
)


@dataclass(frozen=True)
class Unspanned:
    """A project's codings without a span, each with the coders who made it."""

    #: codings of a whole paragraph of several units, placed on its opening unit: they reach
    #: the paragraph
    paragraphs: Mapping[Span, frozenset[str]] = field(default_factory=dict)
    #: codings of a whole unit, or of one paragraph of a speech, or recorded as made at
    #: paragraph level (a paragraph of one unit): they reach their own words
    units: Mapping[Span, frozenset[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.paragraphs or self.units)

    def not_occurrences(self, spans: Iterable[tuple[str, int, int, str, str]]) -> set[Span]:
        """Those of ``spans`` (``unit_key, start, end, code, snippet``: what a count reads)
        that are no occurrence of their own: a coding without a span whose reach holds
        another of ``spans`` of its code (see the module doc)."""
        found = {(k, a, b, c) for k, a, b, c, _t in spans}
        held = Counter((paragraph_key(k), c) for k, _a, _b, c in found)
        out = {s for s in found if s in self.paragraphs and held[(paragraph_key(s[0]), s[3])] > 1}
        where: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for k, a, b, c in found:
            if (k, a, b, c) not in self.paragraphs and (k, a, b, c) not in self.units:
                where[(k, c)].append((a, b))
        return out | {
            (k, a, b, c) for k, a, b, c in found
            if (k, a, b, c) in self.units and any(x < b and a < y for x, y in where[(k, c)])
        }  # fmt: skip

    def named(
        self,
        under: Mapping[str, Collection[str]],
        spans: Iterable[tuple[str, int, int, str, str]],
    ) -> Unspanned:
        """These codings as counted under the names ``under`` gives their codes (code → names:
        a frame or group counts its codes' spans as its own), less those on exactly the words
        of a span of ``spans`` (what a count reads) that says where a code of the same name is:
        a coding of ``poc`` without a span confirms the frame where a candidate of another of
        its codes is, as it confirms a candidate of ``poc``."""
        placed = {
            (k, a, b, n) for k, a, b, c, _t in spans
            if (k, a, b, c) not in self.paragraphs and (k, a, b, c) not in self.units
            for n in under.get(c, ())
        }  # fmt: skip

        def rename(held: Mapping[Span, frozenset[str]]) -> dict[Span, frozenset[str]]:
            out: dict[Span, set[str]] = defaultdict(set)
            for (k, a, b, c), coders in held.items():
                for n in under.get(c, ()):
                    if (k, a, b, n) not in placed:
                        out[(k, a, b, n)] |= coders
            return {s: frozenset(v) for s, v in out.items()}

        return Unspanned(rename(self.paragraphs), rename(self.units))


def unspanned(store: Store) -> Unspanned:
    """The codings without a span of ``store`` whose words stand (see the module doc), less
    those on exactly a candidate's or an accepted candidate's words."""
    if not has_table(store, "human_codings"):
        return Unspanned()
    whole = whole_paragraph_spans(store)
    paragraphs: dict[Span, set[str]] = defaultdict(set)
    units: dict[Span, set[str]] = defaultdict(set)
    if whole:
        for coder, key, start, end, code in placed_whole_paragraph_codings(store):
            if (key, start, end, code) in whole:
                paragraphs[(key, start, end, code)].add(coder)
    for coder, key, start, end, code in _rows(store):
        if (key, start, end, code) not in paragraphs:
            units[(key, start, end, code)].add(coder)
    if not paragraphs and not units:
        return Unspanned()
    candidates = _candidate_spans(store, {s[0] for s in (*paragraphs, *units)})
    return Unspanned(
        {s: frozenset(c) for s, c in paragraphs.items() if s not in candidates},
        {s: frozenset(c) for s, c in units.items() if s not in candidates},
    )


def _rows(store: Store) -> list[tuple[str, str, int, int, str]]:
    """``coder, unit_key, start, end, code`` of the codings of a whole unit and of those made
    at paragraph level (the level is read only where some coding records it)."""
    sql = _WHOLE_UNITS
    recorded = any(
        r[1] == "level" for r in store.conn.execute("PRAGMA table_info(coding_events)")
    ) and store.conn.execute(
        "SELECT 1 FROM coding_events WHERE level = 'paragraph' LIMIT 1"
    ).fetchone() is not None  # fmt: skip
    if recorded:
        sql = f"{_AT_PARAGRAPH} UNION {sql}"  # a WITH clause opens the statement
    return [
        (str(r[0]), str(r[1]), int(r[2]), int(r[3]), str(r[4])) for r in store.conn.execute(sql)
    ]


def _candidate_spans(store: Store, keys: set[str]) -> set[Span]:
    """The spans of ``keys`` that a counted candidate or an accepted one holds."""
    rows = store.conn.execute(
        "SELECT unit_key, start, \"end\", code FROM codings WHERE source = 'auto' AND unit_key "
        'IN (SELECT value FROM json_each(?1)) UNION SELECT unit_key, start, "end", code FROM '
        f"({ACCEPTED_SPANS}) WHERE unit_key IN (SELECT value FROM json_each(?1))",
        (json.dumps(sorted(keys), ensure_ascii=False),),
    )
    return {(str(r[0]), int(r[1]), int(r[2]), str(r[3])) for r in rows}


def confirmed_by(store: Store, found: Unspanned) -> dict[Span, set[str]]:
    """Each counted span (``codings``: a candidate no coder rejected, a coder's span) that a
    coding without a span of its code reaches → the coders of those codings: they read it
    and confirmed the code there (a first use they confirmed is theirs, not the
    dictionary's guess)."""
    out: dict[Span, set[str]] = defaultdict(set)
    if not found:
        return out
    reach: dict[tuple[str, str], list[tuple[Span, frozenset[str]]]] = defaultdict(list)
    for s, coders in found.units.items():
        reach[(paragraph_key(s[0]), s[3])].append((s, coders))
    for s, coders in found.paragraphs.items():
        reach[(paragraph_key(s[0]), s[3])].append((s, coders))
    codes = sorted({s[3] for s in (*found.units, *found.paragraphs)})
    rows = store.conn.execute(
        'SELECT DISTINCT unit_key, start, "end", code FROM codings WHERE code IN '
        "(SELECT value FROM json_each(?))",
        (json.dumps(codes, ensure_ascii=False),),
    )
    for r in rows:
        span: Span = (str(r[0]), int(r[1]), int(r[2]), str(r[3]))
        for whole, coders in reach.get((paragraph_key(span[0]), span[3]), []):
            if whole in found.paragraphs or (
                whole[0] == span[0] and span[1] < whole[2] and whole[1] < span[2]
            ):
                out[span] |= coders
    return out
