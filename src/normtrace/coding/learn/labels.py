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
"""

from __future__ import annotations

from dataclasses import dataclass, field

from normtrace.coding.codebook import Codebook
from normtrace.coding.human.reviews import targets_by_code
from normtrace.coding.human.verdicts_now import verdicts_now
from normtrace.coding.human.whole import whole_paragraph_codings
from normtrace.coding.levels import check_level, level_key, level_units, paragraph_key
from normtrace.coding.placed import PLACED_CODINGS, PLACED_VERDICTS
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
    #: per code, the further targets a mark for some codes only touched for it (that code is
    #: never suggested there; the others still are)
    touched_for: dict[str, frozenset[str]] = field(default_factory=dict)

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
    coded: set[str] = set()
    # a coding belongs to the codebook whose version it records (one with none, to any
    # codebook holding its code id): another codebook's codings of a shared code id are
    # not this codebook's labels
    # (codings whose words stand: one a new version moved waits for review and labels nothing)
    rows = store.conn.execute(
        f'SELECT coder, unit_key, start, "end", code FROM ({PLACED_CODINGS}) WHERE '
        "codebook_version IS NULL "
        "OR codebook_version IN (SELECT version FROM codebooks WHERE name = ?)",
        (book.name,),
    )
    codings = [(str(r["coder"]), str(r["unit_key"]), int(r["start"]), int(r["end"]),
                str(r["code"])) for r in rows if r["code"] in code_set]  # fmt: skip
    # at unit level, a coding of a whole paragraph of several units is no unit's label
    of_paragraphs = whole_paragraph_codings(store, codings, book.name) if level == "unit" else set()
    inside: dict[str, set[str]] = {c: set() for c in codes}  # paragraphs holding each code
    for coding in codings:
        key, code = level_key(coding[1], level), coding[4]
        coded.add(key)
        inside[code].add(paragraph_key(coding[1]))
        if coding not in of_paragraphs:
            positive[code].add(key)
    judged = [j for j in _judgements(store, book.name) if j[1] in code_set]
    # the paragraphs a human coding or an accepted verdict puts each code in (whoever's)
    held: dict[str, set[str]] = {code: set(keys) for code, keys in inside.items()}
    for key, code, verdict, _ in judged:
        if verdict == "accept":
            held[code].add(paragraph_key(key))
    _apply_judgements(store, judged, level, positive, rejected, held)
    targets = targets_by_code(store, book.name, level, [*codes, ""], held)
    whole = targets.pop("")[1]  # "": no code; touched by marks of every code
    by_code: dict[str, dict[str, int]] = {}
    touched_for: dict[str, frozenset[str]] = {}
    for code in codes:
        reviewed, near = targets[code]
        if near - whole:
            touched_for[code] = frozenset(near - whole)
        labels = {k: 0 for k in reviewed | rejected[code]}
        labels.update({k: 1 for k in positive[code]})
        by_code[code] = labels
    return Labels(book.name, level, codes, by_code, frozenset(whole | coded), touched_for)


def _judgements(store: Store, codebook: str) -> list[tuple[str, str, str, str]]:
    """Every verdict on ``codebook``'s proposals that stands, as ``(key, code, verdict,
    level)``: each coder's current verdict on each dictionary candidate (about a span of a
    unit: ``unit``), and each coder's latest verdict per code on each suggestion target, at the
    level it reads (:func:`~normtrace.coding.human.verdicts_now.verdicts_now`, the one rule: an
    accept the coder later replaced by a reject of a later run's suggestion labels nothing). A
    verdict on words a new version changed (a candidate's span, a suggestion's target) says
    nothing of the new words and is left out."""
    rows = store.conn.execute(
        # the verdict's own key: one an ingest carried with its words to another key still
        # names the candidate it judged, under the old key (coding.human.anchors)
        f"SELECT v.unit_key, a.code, v.verdict FROM ({PLACED_VERDICTS}) v "
        "JOIN auto_codings a ON a.id = v.auto_coding_id "
        "JOIN codebooks b ON b.id = a.codebook_id WHERE b.name = ?",
        (codebook,),
    ).fetchall()
    out = [(str(r[0]), str(r[1]), str(r[2]), "unit") for r in rows]
    return out + [(s.key, s.code, s.verdict, s.at) for s in verdicts_now(store, codebook)]


def _apply_judgements(
    store: Store,
    judged: list[tuple[str, str, str, str]],
    level: str,
    positive: dict[str, set[str]],
    rejected: dict[str, set[str]],
    held: dict[str, set[str]],
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
    to_check = {paragraph_key(k) for k, _, v, at in judged
                if level == "paragraph" and at == "unit" and v == "reject"}  # fmt: skip
    to_check |= {k for k, _, v, at in judged if level == "unit" and at == "paragraph"}
    members = (
        {u.key: u.members for u in level_units(store, "paragraph", to_check)} if to_check else {}
    )
    for key, code, verdict, at in judged:
        if at == level:
            (positive if verdict == "accept" else rejected)[code].add(key)
        elif level == "paragraph":  # a unit's verdict, read at paragraph level
            target = paragraph_key(key)
            if verdict == "accept":
                positive[code].add(target)
            elif members.get(target) == (key,):
                rejected[code].add(target)
        elif verdict == "reject" and key not in held[code]:
            rejected[code].update(members.get(key, ()))
        elif verdict == "accept" and len(members.get(key, ())) == 1:  # the paragraph is its unit
            positive[code].update(members[key])
