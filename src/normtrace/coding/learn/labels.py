"""What the human coders said about a codebook's codes, at a coding level.

A target (unit, or paragraph at ``paragraph`` level) is *positive* for a code when
a coder holds a human coding of it on the target (at paragraph level: on any of its
units) or accepted a suggestion or auto-coded candidate of it there. It is
*negative* when it was reviewed for the codebook (``coding_reviews``: imported, or
"done, nothing applies"; marks at the other level count as
:mod:`normtrace.coding.human.reviews` says) and is not positive, or when a coder
rejected a suggestion of the code there and nobody made it positive. Everything else
is unlabelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from normtrace.coding.codebook import Codebook
from normtrace.coding.human.reviews import review_targets
from normtrace.coding.levels import check_level, level_key, level_units
from normtrace.store.db import Store


@dataclass(frozen=True)
class Labels:
    """Per code, the labelled targets: key → 1 (code applies) or 0 (it does not)."""

    codebook: str
    level: str
    codes: tuple[str, ...]
    by_code: dict[str, dict[str, int]] = field(default_factory=dict)
    #: targets a human coded or reviewed for the codebook, wholly or in part (never suggested)
    human: frozenset[str] = frozenset()

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
    rows = store.conn.execute(
        "SELECT unit_key, code FROM human_codings WHERE codebook_version IS NULL "
        "OR codebook_version IN (SELECT version FROM codebooks WHERE name = ?)",
        (book.name,),
    )
    for r in rows:
        if r["code"] in code_set:
            key = level_key(str(r["unit_key"]), level)
            positive[r["code"]].add(key)
            coded.add(key)
    verdicts = store.conn.execute(
        "SELECT s.unit_key, s.code, v.verdict FROM current_suggestion_verdicts v "
        "JOIN suggestions s ON s.id = v.suggestion_id WHERE s.codebook = ? AND s.level = ?",
        (book.name, level),
    )
    auto = store.conn.execute(
        "SELECT a.unit_key, a.code, v.verdict FROM current_verdicts v "
        "JOIN auto_codings a ON a.id = v.auto_coding_id "
        "JOIN codebooks b ON b.id = a.codebook_id WHERE b.name = ?",
        (book.name,),
    )
    for r in [*verdicts, *auto]:
        if r["code"] not in code_set:
            continue
        key = level_key(str(r["unit_key"]), level)
        (positive if r["verdict"] == "accept" else rejected)[r["code"]].add(key)
    for code, key, verdict in _across_levels(store, book.name, level):
        if code in code_set:
            (positive if verdict == "accept" else rejected)[code].add(key)
    reviewed, touched = review_targets(store, book.name, level)
    by_code: dict[str, dict[str, int]] = {}
    for code in codes:
        labels = {k: 0 for k in reviewed | rejected[code]}
        labels.update({k: 1 for k in positive[code]})
        by_code[code] = labels
    return Labels(book.name, level, codes, by_code, frozenset(touched | coded))


def _across_levels(store: Store, codebook: str, level: str) -> list[tuple[str, str, str]]:
    """``(code, target, verdict)`` that verdicts on suggestions of the *other* level say
    about targets at ``level``, by what a paragraph is (its units, read together):

    * at ``paragraph`` level, an accepted unit suggestion makes its paragraph positive (a
      unit carries the code, so the paragraph does, as for a human coding); a rejected one
      makes it negative only when the unit is the whole paragraph (no sub-paragraphs);
    * at ``unit`` level, a rejected paragraph suggestion makes every unit of the paragraph
      negative (the paragraph with all its units does not carry the code); an accepted one
      says nothing of which unit carries it.

    Without this, a suggestion judged at one level was suggested again at the other on the
    very same text (a paragraph without sub-paragraphs).
    """
    other = "unit" if level == "paragraph" else "paragraph"
    rows = store.conn.execute(
        "SELECT s.unit_key, s.code, v.verdict FROM current_suggestion_verdicts v "
        "JOIN suggestions s ON s.id = v.suggestion_id WHERE s.codebook = ? AND s.level = ?",
        (codebook, other),
    ).fetchall()
    if not rows:
        return []
    out: list[tuple[str, str, str]] = []
    if level == "paragraph":
        paragraphs = {level_key(str(r["unit_key"]), level) for r in rows}
        members = {u.key: u.members for u in level_units(store, level, paragraphs)}
        for r in rows:
            key = level_key(str(r["unit_key"]), level)
            whole = members.get(key) == (str(r["unit_key"]),)
            if r["verdict"] == "accept" or whole:
                out.append((str(r["code"]), key, str(r["verdict"])))
        return out
    rejected = [(str(r["unit_key"]), str(r["code"])) for r in rows if r["verdict"] == "reject"]
    if not rejected:
        return []
    members = {u.key: u.members for u in level_units(store, "paragraph", {k for k, _ in rejected})}
    for paragraph, code in rejected:
        out += [(code, unit, "reject") for unit in members.get(paragraph, ())]
    return out
