"""Where a coding's words went when a new version of its text came: the one rule.

A coding is identified by its snippet, not its offsets (:mod:`~normtrace.coding.human.anchors`
says what an ingest and a coder's settlement do with the answer). :func:`place` asks the
question once for a coding (or a verdict) no longer at its offsets (:func:`misplaced_codings`):

* the text it was made on stands, unchanged, at exactly one other unit of the document
  (:class:`Moved`: a paragraph inserted or removed before it shifted the keys);
* the snippet's single place in its unit's text now, or the one place whose surrounding words
  (from the text it was made on, :data:`CONTEXT` code points) match better than every other;
* no exact place, but a word alignment of the old text to the new one carries the span to
  words that differ only in case, spacing or punctuation (:class:`~normtrace.coding.human.
  alignment.Aligned`);
* else why there is none (:class:`Unplaced`: its reason, the equally likely places, and the
  span the alignment carried the coded words to when they changed).

>>> from normtrace.store.db import Store
>>> misplaced_codings(Store.open(":memory:"))
[]
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field

from normtrace.coding.human import events
from normtrace.coding.human.alignment import Aligned, aligned_span, spelling_change
from normtrace.coding.human.mark_texts import moved_to
from normtrace.coding.placed import placed_sql
from normtrace.errors import NotFoundError
from normtrace.store.db import Store

#: Code points of surrounding text compared to choose between several places.
CONTEXT = 40

# Current human codings whose snippet is not at their offsets in their unit's current text,
# narrowed by ``{where}`` (SQL on alias ``h``, ``AND ...`` or empty).
_MISPLACED = (
    'SELECT h.event_id, h.coder, h.unit_key, h.start, h."end", h.snippet, h.text_sha256, '
    "h.code, h.edition, h.memo, h.codebook_version, h.codebook "
    f"FROM human_codings h WHERE NOT {placed_sql('h')} {{where}}"
    "ORDER BY h.event_id"
)


def misplaced_codings(store: Store, *, unit_key: str | None = None) -> list[sqlite3.Row]:
    """The current human codings whose snippet is not at their offsets in their unit's current
    text (only ``unit_key``'s, given one), oldest first: ``event_id, coder, unit_key, start,
    end, snippet, text_sha256, code, edition, memo, codebook_version, codebook``."""
    if unit_key is None:
        return store.conn.execute(_MISPLACED.format(where="")).fetchall()
    sql = _MISPLACED.format(where="AND h.unit_key = ? ")
    return store.conn.execute(sql, (unit_key,)).fetchall()


def misplaced_coding(store: Store, event_id: int) -> sqlite3.Row | None:
    """The coding ``event_id`` as :func:`misplaced_codings` gives it, or ``None`` when it is
    no longer current or stands at its offsets (settled meanwhile)."""
    row: sqlite3.Row | None = store.conn.execute(
        _MISPLACED.format(where="AND h.event_id = ? "), (event_id,)
    ).fetchone()
    return row


@dataclass(frozen=True)
class Moved:
    """The unit text a coding or verdict was made on stands, unchanged, at exactly one other
    unit of its document (:func:`~normtrace.coding.human.mark_texts.moved_to`): ``key``;
    ``gone``: its own key is not in the new version."""

    key: str
    gone: bool


@dataclass(frozen=True)
class Unplaced:
    """No single place: ``reason`` in words, the equally likely ``places`` (starts) when there
    are several, and ``aligned``, the span of the unit's text now that a word alignment carries
    the coded words to when they changed (a word added, dropped or replaced: the coder judges
    whether those words carry the code), else ``None``."""

    reason: str
    places: list[int] = field(default_factory=list)
    aligned: tuple[int, int] | None = None


def place(
    store: Store, row: sqlite3.Row, *, align: bool = True
) -> int | Aligned | Moved | Unplaced:
    """Where the coding (or verdict) ``row`` (columns as :func:`misplaced_codings`) went: its
    single new start, its aligned span (``align``: when its exact words are gone and the words
    there differ only in spelling), the other unit its unchanged text moved to, or why there is
    none (:class:`Unplaced`, with the aligned span of changed words when ``align``)."""
    r = row
    old = old_text(store, str(r["unit_key"]), r["text_sha256"])
    try:
        _, text = events.unit_edition_text(store, r["unit_key"], r["edition"])
    except NotFoundError:
        text = None
    if old is not None and text != old:
        # checked before the snippet's places in the key's new text: when the keys shifted,
        # the same words may stand there in another paragraph
        elsewhere = moved_to(store, str(r["unit_key"]), old)
        if elsewhere is not None:
            return Moved(elsewhere, gone=text is None)
    if text is None:
        return Unplaced("unit gone")
    snippet = str(r["snippet"])
    places = occurrences(text, snippet)
    if len(places) == 1:
        return places[0]
    if not places:
        span = aligned_span(old, text, int(r["start"]), int(r["end"])) if align and old else None
        if span is None:
            return Unplaced("not found")
        now = text[span[0] : span[1]]
        change = spelling_change(snippet, now)
        if change is not None:
            return Aligned(span[0], span[1], change)
        shown = now if len(now) <= 80 else now[:79] + "…"
        why = (f"not found; the aligned words now read {shown!r} at {span[0]}-{span[1]} "
               f"(to code them: --at {span[0]} --end {span[1]})")  # fmt: skip
        return Unplaced(why, aligned=span)
    if old is not None:
        start, end = int(r["start"]), int(r["end"])
        before, after = old[max(0, start - CONTEXT) : start], old[end : end + CONTEXT]
        scores = [_context_score(text, p, len(snippet), before, after) for p in places]
        best = max(scores)
        if scores.count(best) == 1:
            return places[scores.index(best)]
    return Unplaced(f"ambiguous: {len(places)} places", places)


def occurrences(text: str, snippet: str) -> list[int]:
    """Every start of ``snippet`` in ``text``, overlapping ones too."""
    places, at = [], text.find(snippet)
    while at >= 0:
        places.append(at)
        at = text.find(snippet, at + 1)
    return places


def _context_score(text: str, at: int, length: int, before: str, after: str) -> int:
    """Code points of ``before``/``after`` that agree with the text around ``at``."""
    left = text[max(0, at - len(before)) : at]
    right = text[at + length : at + length + len(after)]
    n = 0
    for a, b in zip(reversed(left), reversed(before), strict=False):
        if a != b:
            break
        n += 1
    for a, b in zip(right, after, strict=False):
        if a != b:
            break
        n += 1
    return n


def old_text(store: Store, unit_key: str, digest: object) -> str | None:
    """The text (any stored version of ``unit_key``) a coding was made on, found by its hash
    ``digest`` (the event's ``text_sha256``); ``None`` when none holds it (or no hash)."""
    if not digest:
        return None
    rows = store.conn.execute(
        "SELECT text FROM speeches WHERE key = ? "
        "UNION ALL SELECT text FROM paragraphs WHERE key = ?",
        (unit_key, unit_key),
    )
    for (text,) in rows:
        if sha256(str(text)) == digest:
            return str(text)
    return None


def sha256(text: str) -> str:
    """The hex SHA-256 of ``text`` in UTF-8 (as events store ``text_sha256``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
