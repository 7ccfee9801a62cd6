"""What the human coders said about a codebook's codes, at a coding level.

A target (unit, or paragraph at ``paragraph`` level) is *positive* for a code when
a coder holds a human coding of it on the target (at paragraph level: on any of its
units) or accepted a suggestion or auto-coded candidate of it there. It is
*negative* when it was reviewed for the code (``coding_reviews``: imported, or
"done, nothing applies", for every code of the codebook or for some named ones; marks
at the other level count as :mod:`normtrace.coding.human.reviews` says) and is not
positive, or when a coder rejected a suggestion of the code there and nobody made it
positive. At ``unit`` level a paragraph of one unit is that unit: a verdict on a paragraph
suggestion there labels the unit, an accept as a positive and a reject as a negative. A
paragraph of several units reviewed as a whole makes its units
negatives for each code no human coding or accept puts in the paragraph
(:mod:`~normtrace.coding.human.mark_reach`, the one rule). Everything else is unlabelled. At
``unit`` level that includes the unit on which an import at paragraph level placed a coding
of a whole paragraph of several units (:func:`whole_paragraph_codings`): the coding says the
paragraph carries the code, not which of its units does; so are the other units of a
paragraph reviewed whole that carries the code.

**Several coders** are pooled: a target any coder holds positive (a coding, an accept) is
positive, whoever else rejected the code there or marked it done without it; it is negative
only when nobody holds it positive. **An adjudication overrides the coders on its target**
(:func:`~normtrace.coding.human.adjudicated.decisions_in_force`, the decision in force for
the codebook, as every count reads it): a decision that the code is *absent* on a unit makes
that unit a negative whatever the coders coded, accepted or reviewed there (their codings and
accepts of the code on it label nothing, as they count nothing, and put the code in no
paragraph); at ``paragraph`` level it makes the paragraph negative when the unit is the
whole paragraph, and otherwise leaves the paragraph to its other units' work (and never
suggested for the code). A decision that it is *present* makes its unit (at ``paragraph``
level its paragraph) positive while its final coding's words stand, as the counts count it.
:attr:`Labels.why` says which coders and which decision each label rests on
(:mod:`~normtrace.coding.learn.label_table` lists them: ``normtrace code labels``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from normtrace.coding.codebook import Codebook
from normtrace.coding.human.adjudicated import Adjudicated, decisions_in_force
from normtrace.coding.human.judged import candidate_verdicts
from normtrace.coding.human.reviews import targets_by_code
from normtrace.coding.human.verdicts_now import paragraphs_of_several, verdicts_now
from normtrace.coding.human.whole import whole_paragraph_codings
from normtrace.coding.levels import check_level, level_key, level_units, paragraph_key
from normtrace.coding.placed import PLACED_CODINGS
from normtrace.store.db import Store


@dataclass(frozen=True)
class Labels:
    """Per code, the labelled targets: key → 1 (code applies) or 0 (it does not)."""

    codebook: str
    level: str
    codes: tuple[str, ...]
    by_code: dict[str, dict[str, int]] = field(default_factory=dict)
    #: targets a human coded, or reviewed for every code of the codebook, wholly or in part
    #: (never suggested)
    human: frozenset[str] = frozenset()
    #: per code, the further targets a mark for some codes only touched for it, or an
    #: adjudication decided it on one of their units (that code is never suggested there; the
    #: others still are)
    touched_for: dict[str, frozenset[str]] = field(default_factory=dict)
    #: per code, each labelled target's reasons other than review marks, in the order found:
    #: ``coded by X``, ``accepted by X (candidate|suggestion)``, ``rejected by X (...)``,
    #: ``decided absent|present by X (adjudication N)``
    why: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    #: per code, the labelled targets review marks count as reviewed for it
    reviewed: dict[str, frozenset[str]] = field(default_factory=dict)

    def judged(self, code: str) -> frozenset[str]:
        """The targets a person judged for ``code``: labelled, touched or coded."""
        return (
            self.human | self.touched_for.get(code, frozenset()) | set(self.by_code.get(code, {}))
        )

    def keys(self) -> list[str]:
        """Every target labelled for at least one code, sorted."""
        return sorted({k for labels in self.by_code.values() for k in labels})

    def counts(self, code: str) -> tuple[int, int]:
        """(positives, negatives) of ``code``."""
        values = self.by_code.get(code, {}).values()
        pos = sum(values)
        return pos, len(values) - pos


def collect_labels(store: Store, book: Codebook, level: str = "unit") -> Labels:
    """The labels of ``book``'s codable codes at ``level`` from the project's human work."""
    check_level(level)
    codes = tuple(c.id for c in book.codes if c.codable)
    code_set = set(codes)
    positive: dict[str, set[str]] = {c: set() for c in codes}
    rejected: dict[str, set[str]] = {c: set() for c in codes}
    why = _Why()
    coded: set[str] = set()
    decided = [d for d in decisions_in_force(store, book.name) if d.code in code_set]
    absent = {(d.unit_key, d.code) for d in decided if not d.present}
    # a coding belongs to the codebook whose version it records (one with none, to any
    # codebook holding its code id): another codebook's codings of a shared code id are
    # not this codebook's labels
    # (codings whose words stand: one a new version moved waits for review and labels nothing)
    rows = store.conn.execute(
        f'SELECT coder, unit_key, start, "end", code, event_id FROM ({PLACED_CODINGS}) WHERE '
        "codebook_version IS NULL "
        "OR codebook_version IN (SELECT version FROM codebooks WHERE name = ?)",
        (book.name,),
    ).fetchall()
    codings = [(str(r["coder"]), str(r["unit_key"]), int(r["start"]), int(r["end"]),
                str(r["code"])) for r in rows if r["code"] in code_set]  # fmt: skip
    standing = {int(r["event_id"]) for r in rows}  # a present decision's final coding among them
    # at unit level, a coding of a whole paragraph of several units is no unit's label
    of_paragraphs = whole_paragraph_codings(store, codings, book.name) if level == "unit" else set()
    inside: dict[str, set[str]] = {c: set() for c in codes}  # paragraphs holding each code
    for coding in codings:
        key, code = level_key(coding[1], level), coding[4]
        coded.add(key)
        if coding in of_paragraphs:
            continue
        why.add(code, key, f"coded by {coding[0]}")
        if (coding[1], code) in absent:  # an adjudicator decided it absent there
            continue
        inside[code].add(paragraph_key(coding[1]))
        positive[code].add(key)
    for coding in of_paragraphs:
        if (coding[1], coding[4]) not in absent:
            inside[coding[4]].add(paragraph_key(coding[1]))
    judged = [j for j in _judgements(store, book.name) if j.code in code_set]
    # an accept of the code on a unit an adjudicator decided it absent on labels nothing (a
    # paragraph of one unit is that unit; one of several is more than the unit decided)
    several = paragraphs_of_several(store, {j.key for j in judged if j.at == "paragraph"
                                            and (j.key, j.code) in absent})  # fmt: skip
    judged = [j for j in judged if j.verdict != "accept" or (j.key, j.code) not in absent
              or j.key in several]  # fmt: skip
    # the paragraphs a human coding or an accepted verdict puts each code in (whoever's)
    held: dict[str, set[str]] = {code: set(keys) for code, keys in inside.items()}
    for j in judged:
        if j.verdict == "accept":
            held[j.code].add(paragraph_key(j.key))
    _apply_judgements(store, judged, level, positive, rejected, held, why)
    forced, undecided = _decided(store, decided, level, standing, why)
    targets = targets_by_code(store, book.name, level, [*codes, ""], held)
    whole = targets.pop("")[1]  # "": no code; touched by marks of every code
    by_code: dict[str, dict[str, int]] = {}
    touched_for: dict[str, frozenset[str]] = {}
    reasons: dict[str, dict[str, tuple[str, ...]]] = {}
    reviewed_for: dict[str, frozenset[str]] = {}
    for code in codes:
        reviewed, near = targets[code]
        near = near | undecided.get(code, set())
        if near - whole:
            touched_for[code] = frozenset(near - whole)
        labels = {k: 0 for k in reviewed | rejected[code]}
        labels.update({k: 1 for k in positive[code]})
        labels.update(forced.get(code, {}))
        by_code[code] = labels
        reasons[code] = why.of(code, labels)
        reviewed_for[code] = frozenset(k for k in reviewed if k in labels)
    return Labels(book.name, level, codes, by_code, frozenset(whole | coded), touched_for,
                  reasons, reviewed_for)  # fmt: skip


class _Why:
    """Each target's reasons per code, in the order found (see :attr:`Labels.why`)."""

    def __init__(self) -> None:
        self._found: dict[str, dict[str, list[str]]] = {}

    def add(self, code: str, key: str, reason: str) -> None:
        said = self._found.setdefault(code, {}).setdefault(key, [])
        if reason not in said:
            said.append(reason)

    def of(self, code: str, labelled: dict[str, int]) -> dict[str, tuple[str, ...]]:
        """The reasons of ``code``'s labelled targets."""
        found = self._found.get(code, {})
        return {k: tuple(found[k]) for k in labelled if k in found}


def _decided(
    store: Store, decided: list[Adjudicated], level: str, standing: set[int], why: _Why
) -> tuple[dict[str, dict[str, int]], dict[str, set[str]]]:
    """What the adjudications in force say at ``level``: per code, the targets they label
    (absent → 0, present → 1, overriding the coders), and the further targets a decision on
    one of their units makes no label of but keeps from suggestions (a paragraph of several
    units at ``paragraph`` level, decided absent on one of them). A present decision labels
    while its final coding stands (is among ``standing``, the codings whose words stand)."""
    forced: dict[str, dict[str, int]] = {}
    undecided: dict[str, set[str]] = {}
    heads = {paragraph_key(d.unit_key) for d in decided} if level == "paragraph" else set()
    members = {u.key: u.members for u in level_units(store, level, heads)} if heads else {}
    for d in decided:
        target = level_key(d.unit_key, level)
        if d.present and d.final_event_id not in standing:
            continue  # its words changed: the decision is about words no longer there
        why.add(d.code, target, f"decided {d.decision} by {d.adjudicator} (adjudication {d.id})")
        if d.present or level == "unit" or members.get(target, (d.unit_key,)) == (d.unit_key,):
            forced.setdefault(d.code, {})[target] = int(d.present)
        else:  # absent on one unit of several: the others' work labels the paragraph
            undecided.setdefault(d.code, set()).add(target)
    return forced, undecided


class _Judged(NamedTuple):
    """A verdict that stands (:func:`_judgements`)."""

    key: str
    code: str
    verdict: str
    #: the level it reads at
    at: str
    coder: str
    #: ``candidate`` (a dictionary candidate) or ``suggestion`` (a model's)
    kind: str

    @property
    def reason(self) -> str:
        return f"{self.verdict}ed by {self.coder} ({self.kind})"


def _judgements(store: Store, codebook: str) -> list[_Judged]:
    """Every verdict on ``codebook``'s proposals that stands: each coder's current verdict on
    each dictionary candidate (about a span of a unit: ``unit``), and each coder's latest
    verdict per code on each suggestion target, at the level it reads
    (:func:`~normtrace.coding.human.verdicts_now.verdicts_now`, the one rule: an accept the
    coder later replaced by a reject of a later run's suggestion labels nothing). A verdict on
    words a new version changed (a candidate's span, a suggestion's target) says nothing of
    the new words and is left out."""
    # the one reading of candidates' verdicts, which agreement reads too (coding.human.judged)
    out = [_Judged(v.unit_key, v.code, v.verdict, "unit", v.coder, "candidate")
           for v in candidate_verdicts(store, codebook)]  # fmt: skip
    return out + [_Judged(s.key, s.code, s.verdict, s.at, s.coder, "suggestion")
                  for s in verdicts_now(store, codebook)]  # fmt: skip


def _apply_judgements(
    store: Store,
    judged: list[_Judged],
    level: str,
    positive: dict[str, set[str]],
    rejected: dict[str, set[str]],
    held: dict[str, set[str]],
    why: _Why,
) -> None:
    """Add the labels verdicts give at ``level``, by what a paragraph is (its units read
    together), never against what a person said the paragraph holds:

    * a verdict at ``level`` labels its target;
    * at ``paragraph`` level, an accepted unit verdict makes its paragraph positive (a unit
      carries the code, so the paragraph does, as for a human coding); a rejected one makes
      it negative only when the unit is the whole paragraph (no sub-paragraphs): a rejected
      span of a sub-paragraph says nothing of the others;
    * at ``unit`` level, a rejected paragraph suggestion makes every unit of the paragraph
      negative, unless a human coding (a coding of a whole paragraph too) or an accepted
      verdict puts the code in the paragraph (``held``: code → those paragraphs; an import
      at paragraph level without a span places its coding on the first unit, so the unit
      carrying the words may be another); an accepted one on a paragraph of one unit (no
      sub-paragraphs) makes that unit positive: the paragraph is that unit
      (:mod:`~normtrace.coding.human.mark_reach`), so its accept and its reject read alike;
      an accepted one on a paragraph of several units says nothing of which unit carries it.

    Without the cross-level rules a suggestion judged at one level was suggested again at
    the other on the very same text (a paragraph without sub-paragraphs).
    """
    to_check = {paragraph_key(j.key) for j in judged
                if level == "paragraph" and j.at == "unit" and j.verdict == "reject"}  # fmt: skip
    to_check |= {j.key for j in judged if level == "unit" and j.at == "paragraph"}
    members = (
        {u.key: u.members for u in level_units(store, "paragraph", to_check)} if to_check else {}
    )
    for j in judged:
        code, accept, found = j.code, j.verdict == "accept", (positive, rejected)
        targets: tuple[str, ...] = ()
        if j.at == level:
            targets = (j.key,)
        elif level == "paragraph":  # a unit's verdict, read at paragraph level
            target = paragraph_key(j.key)
            if accept or members.get(target) == (j.key,):
                targets = (target,)
        elif not accept and j.key not in held[code]:
            targets = members.get(j.key, ())
        elif accept and len(members.get(j.key, ())) == 1:  # the paragraph is its unit
            targets = members[j.key]
        found[0 if accept else 1][code].update(targets)
        for target in targets:
            why.add(code, target, j.reason)
