"""Coding unit levels: the stored units, or whole paragraphs with their sub-paragraphs.

At ``unit`` level a coding target is a stored unit (a speech, a paragraph, a
sub-paragraph such as ``S/RES/2098 (2013)/op12/b``). At ``paragraph`` level it is an
operative or preambular paragraph of a resolution, or a numbered paragraph of a report,
together with all its sub-paragraphs, keyed by the paragraph's key (``S/RES/2098
(2013)/op12``, ``S/2008/202/p64``); every other unit (a speech, a paragraph of a speech, a
heading, a table, a footnote) is its own paragraph.

What a sub-paragraph is, is the parsers' ``parent_key``: a resolution's lettered or numbered
sub-paragraph (``…/op12/b``, ``…/op12/b/ii``) and a report's lettered sub-paragraph
(``…/p64/d``, ``…/annex1/p3/a``) sit under their paragraph, keyed by its key and their label;
a speech's paragraphs (``S/PV.8703/s002/p03``) are keyed under their speech but are
paragraphs, not sub-paragraphs, and a footnote's parent is the paragraph it notes, not one it
belongs to. The key tells which (tests/coding/test_levels_reports.py checks the rule against
the parsers' ``parent_key``).

>>> paragraph_key("S/RES/2098 (2013)/op12/b/ii")
'S/RES/2098 (2013)/op12'
>>> paragraph_key("S/RES/2098 (2013)/pp05")
'S/RES/2098 (2013)/pp05'
>>> paragraph_key("S/2008/202/p64/d")
'S/2008/202/p64'
>>> paragraph_key("S/2008/202/annex1/p3/a")
'S/2008/202/annex1/p3'
>>> paragraph_key("S/PV.8703/s002")
'S/PV.8703/s002'
>>> paragraph_key("S/PV.8703/s002/p03")
'S/PV.8703/s002/p03'
>>> level_key("S/RES/2098 (2013)/op12/b", "unit")
'S/RES/2098 (2013)/op12/b'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from normtrace.errors import CodingError
from normtrace.store.db import Store

LEVELS = ("unit", "paragraph")
#: the level every count reads: ``freq``'s default, ``first``, the case report, the web app's
#: code page (:mod:`normtrace.coding.counted`)
COUNTED_LEVEL = "unit"
#: the names of the paragraphs that hold sub-paragraphs, before their number
_HEADS = ("op", "pp", "p")
#: those of them whose paragraph level has always held their sub-paragraphs (operative and
#: preambular paragraphs; a report's numbered paragraph only since stop 41)
_WHOLE_HEADS = ("op", "pp")
#: a sub-paragraph's key: its paragraph's key (an operative or preambular paragraph ``opN``,
#: ``ppN``, or a report's numbered paragraph ``pN``), then ``/`` and its label(s)
_SUB = re.compile(r"^(?P<head>.*?/(?:op|pp|p)\d[^/]*)/.+$")
#: a key that can hold sub-paragraphs: one ending in such a paragraph
_HEAD = re.compile(r"^.*?/(?:op|pp|p)\d[^/]*$")
#: a speech's paragraph (``…/s002/p03``): keyed under its speech, never a paragraph's head
_SPEECH_PARAGRAPH = re.compile(r"/s\d+/p\d[^/]*$")
#: how the texts of a paragraph's units are joined at paragraph level
JOIN = "\n"
#: up to this many keys, :func:`level_units` reads their targets' units by key (index ranges);
#: more read every unit once
_KEYED = 400


@dataclass(frozen=True)
class LevelUnit:
    """One coding target at a level: its key, its text and the stored units it covers.

    ``offsets[i]`` is where ``members[i]``'s text starts in ``text``.
    """

    key: str
    text: str
    members: tuple[str, ...]
    offsets: tuple[int, ...]

    def locate(self, start: int, end: int) -> tuple[str, int, int]:
        """The member unit holding ``text[start:end]`` and the span in its own text.

        Raises:
            CodingError: the span is outside the text or crosses two member units.
        """
        if not 0 <= start < end <= len(self.text):
            raise CodingError(
                f"span [{start}:{end}] is not inside {self.key} (its text has {len(self.text)} "
                "code points; start must be < end)"
            )
        for i in reversed(range(len(self.members))):
            base = self.offsets[i]
            if start >= base:
                size = (
                    (self.offsets[i + 1] - len(JOIN))
                    if i + 1 < len(self.offsets)
                    else len(self.text)
                )
                if end > size:
                    raise CodingError(
                        f"span [{start}:{end}] of {self.key} crosses from {self.members[i]} "
                        "into the next sub-paragraph; code each sub-paragraph separately"
                    )
                return self.members[i], start - base, end - base
        raise CodingError(f"span [{start}:{end}] is not inside {self.key}")  # pragma: no cover

    def opening(self) -> tuple[str, int, int] | None:
        """Where a coding of the whole target without a span is placed: all of its first member
        unit with text, as ``(member, start, end)`` (a coding sits in one unit), else ``None``.

        >>> group_units([("R/op1", ""), ("R/op1/a", "abc"), ("R/op1/b", "d")],
        ...             "paragraph")[0].opening()
        ('R/op1/a', 0, 3)
        """
        for i, member in enumerate(self.members):
            end = self.offsets[i + 1] - len(JOIN) if i + 1 < len(self.members) else len(self.text)
            if end > self.offsets[i]:
                return member, 0, end - self.offsets[i]
        return None


def check_level(level: str) -> str:
    """``level`` if it is a known level, else a one-line error."""
    if level not in LEVELS:
        raise CodingError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return level


def paragraph_key(key: str) -> str:
    """The key of the paragraph holding ``key`` as a sub-paragraph (else ``key``): an
    operative or preambular paragraph, or a report's numbered paragraph."""
    m = _SUB.match(key)
    return m["head"] if m and not _SPEECH_PARAGRAPH.search(m["head"]) else key


def holds_sub_paragraphs(key: str) -> bool:
    """Whether ``key`` names a paragraph that can hold sub-paragraphs (an operative or
    preambular paragraph, a report's numbered paragraph), not itself one.

    >>> [holds_sub_paragraphs(k) for k in ("R/op1", "R/op1/a", "S/2008/202/p64",
    ...                                    "S/PV.8703/s002/p03", "S/PV.8703/s002")]
    [True, False, True, False, False]
    """
    return bool(_HEAD.match(key)) and not _SPEECH_PARAGRAPH.search(key) and (
        paragraph_key(key) == key)  # fmt: skip


def holds_sub_paragraphs_sql(column: str) -> str:
    """:func:`holds_sub_paragraphs` as an SQL condition on ``column``, for views (they cannot
    call Python; migration 0018 holds it for ``r.unit_key``, and tests check that the two agree
    on real keys and that the migration's copy is this one): the last segment is an operative,
    preambular or numbered paragraph (``opN``, ``ppN``, ``pN``), no earlier segment is one (a
    sub-paragraph's key), and it is not a speech's paragraph (``…/s002/p03``).

    >>> from normtrace.store.db import Store
    >>> conn = Store.open(":memory:").conn
    >>> [conn.execute(f"SELECT {holds_sub_paragraphs_sql('?1')}", (k,)).fetchone()[0]
    ...  for k in ("R/op1", "R/op1/a", "S/2008/202/p64", "S/PV.8703/s002/p03", "S/PV.8703/s002")]
    [1, 0, 1, 0, 0]
    """
    heads = [f"{column} GLOB '*/{h}[0-9]*'" for h in _HEADS]
    subs = [f"{column} GLOB '*/{h}[0-9]*/*'" for h in _HEADS]
    # a speech's paragraph: ``/s`` and digits only, then ``/p`` and a digit, last
    speech = (f"({column} GLOB '*/s[0-9]*/p[0-9]*' "
              f"AND NOT {column} GLOB '*/s[0-9]*[^0-9]*/p[0-9]*')")  # fmt: skip
    return f"(({' OR '.join(heads)}) AND NOT ({' OR '.join(subs)}) AND NOT {speech})"


def read_whole(key: str, read: Iterable[str]) -> bool:
    """Whether a reading of ``key`` at paragraph level (a "done" mark, a verdict on a model
    suggestion) that read the units ``read`` read the paragraph whole, with every sub-paragraph
    it had then, so that a unit added under it since is one its reader never read and the
    reading stops counting (where a reading of one unit would stand while that unit's words
    do): ``key`` holds sub-paragraphs (:func:`holds_sub_paragraphs`) and is an operative or
    preambular paragraph, whose paragraph level has always held its sub-paragraphs (a reading
    of one that read its own unit alone read a paragraph that had none), or the reading read
    more than its own unit. A reading of a report's numbered paragraph that read its own unit
    alone is a reading of that one unit: made before stop 41, when its lettered
    sub-paragraphs were paragraphs of their own, or when it had none. Migration 0018 holds this
    rule for marks (:func:`holds_sub_paragraphs_sql` and :func:`whole_heads_sql`, verbatim).

    >>> [read_whole(k, [k]) for k in ("R/op3", "R/pp1", "S/2008/202/p64", "R/op3/a")]
    [True, True, False, False]
    >>> read_whole("S/2008/202/p64", ["S/2008/202/p64", "S/2008/202/p64/a"])
    True
    """
    if not holds_sub_paragraphs(key):
        return False
    # its last segment is ``opN``, ``ppN`` or ``pN`` (holds_sub_paragraphs)
    return key.rsplit("/", 1)[-1].startswith(_WHOLE_HEADS) or any(k != key for k in read)


def whole_heads_sql(column: str) -> str:
    """The part of :func:`read_whole` that names the paragraphs always read whole, as an SQL
    condition on ``column`` (which :func:`holds_sub_paragraphs_sql` already holds): an operative
    or preambular paragraph. Migration 0018 holds it for ``r.unit_key``; a test checks that the
    migration's copy is this one.

    >>> whole_heads_sql("k")
    "k GLOB '*/op[0-9]*' OR k GLOB '*/pp[0-9]*'"
    """
    return " OR ".join(f"{column} GLOB '*/{h}[0-9]*'" for h in _WHOLE_HEADS)


def level_key(key: str, level: str) -> str:
    """The key of the coding target at ``level`` that holds unit ``key``."""
    return paragraph_key(key) if check_level(level) == "paragraph" else key


def target_clause(key: str, level: str, column: str = "key") -> tuple[str, tuple[str, ...]]:
    """SQL (a condition on ``column``, and its parameters) for the units of the coding
    target ``key`` at ``level``: the unit itself, and at paragraph level also its
    sub-paragraphs — as a key range, which an index answers (a ``LIKE`` prefix scans every
    unit: ``/`` and ``0`` are neighbours, so ``key/…`` lies in ``[key/, key0)``).

    >>> clause, params = target_clause("SYN/1/op12", "paragraph")
    >>> clause, params
    ('(key = ? OR (key > ? AND key < ?))', ('SYN/1/op12', 'SYN/1/op12/', 'SYN/1/op120'))

    Operative and preambular paragraphs and a report's numbered paragraphs hold
    sub-paragraphs (:func:`paragraph_key`); a speech's paragraph, a sub-paragraph and any
    other unit is its own target at both levels.

    >>> target_clause("S/2013/119/p45", "paragraph")[0]
    '(key = ? OR (key > ? AND key < ?))'
    >>> target_clause("S/PV.8703/s002/p03", "paragraph")
    ('key = ?', ('S/PV.8703/s002/p03',))
    >>> target_clause("S/2013/119/p45/a", "paragraph")
    ('key = ?', ('S/2013/119/p45/a',))
    >>> target_clause("S/2013/119/t04", "paragraph")
    ('key = ?', ('S/2013/119/t04',))
    """
    if check_level(level) == "unit" or not holds_sub_paragraphs(key):
        return f"{column} = ?", (key,)
    # strictly after "key/": a key ending in "/" is no sub-paragraph (paragraph_key keeps it)
    return (f"({column} = ? OR ({column} > ? AND {column} < ?))",
            (key, f"{key}/", f"{key}0"))  # fmt: skip


def _preferred(edition: str) -> tuple[bool, str]:
    """The order in which editions sharing a key are taken: the record first."""
    return edition != "record", edition


def group_units(units: Iterable[tuple[str, str]], level: str) -> list[LevelUnit]:
    """Group ``(key, text)`` units (in document order) into the targets of ``level``.

    >>> [u.key for u in group_units([("R/op1", "a"), ("R/op1/a", "b"), ("R/pp1", "c")],
    ...                             "paragraph")]
    ['R/op1', 'R/pp1']
    >>> group_units([("R/op1", "a"), ("R/op1/a", "b")], "paragraph")[0].text
    'a\\nb'
    """
    check_level(level)
    groups: dict[str, list[tuple[str, str]]] = {}
    for key, text in units:
        groups.setdefault(level_key(key, level), []).append((key, text))
    out: list[LevelUnit] = []
    for key, members in groups.items():
        offsets, pos = [], 0
        for _, text in members:
            offsets.append(pos)
            pos += len(text) + len(JOIN)
        out.append(
            LevelUnit(
                key,
                JOIN.join(text for _, text in members),
                tuple(k for k, _ in members),
                tuple(offsets),
            )
        )
    return out


def level_units(
    store: Store, level: str, keys: Iterable[str] | None = None, *, among: str = "units"
) -> list[LevelUnit]:
    """Every current coding target at ``level`` (or only those whose key is in ``keys``),
    made of the units of ``among``: an SQL relation of rows of the ``units`` view, by default
    the view itself (every current unit).

    A key the record and the corpus edition of a meeting share is one target, with the
    record's words (as a coding names the record when no edition is given,
    :func:`~normtrace.coding.human.events.unit_edition_text`): until stop 40 the two texts
    were joined into one, which no export's text cell and no coder's reading matched."""
    wanted = None if keys is None else set(keys)
    where = ""
    params: tuple[str, ...] = ()
    if wanted is not None and len(wanted) <= _KEYED:  # read those targets' units only
        clauses = [target_clause(k, level) for k in sorted(wanted)]
        where = "WHERE " + (" OR ".join(c for c, _ in clauses) or "0")
        params = tuple(p for _, ps in clauses for p in ps)
    rows = store.conn.execute(
        f"SELECT key, text, edition FROM {among} {where} ORDER BY document_id, unit_type, ord, key",
        params,
    ).fetchall()
    editions: dict[str, str] = {}
    for r in rows:
        key, edition = str(r["key"]), str(r["edition"])
        if key not in editions or _preferred(edition) < _preferred(editions[key]):
            editions[key] = edition
    units = [(str(r["key"]), str(r["text"])) for r in rows
             if editions[str(r["key"])] == str(r["edition"])]  # fmt: skip
    if wanted is not None:
        units = [u for u in units if level_key(u[0], level) in wanted]
    return group_units(units, level)
