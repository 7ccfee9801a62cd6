"""What is running text: the one definition every count of running text reads.

A rate per 10,000 words, ``ls``'s paragraph count and the unit denominators of shares divide
by the *running text* of documents: the prose a reader reads through. A document also holds
units that are no running text; they stay stored, searchable and codable, but are counted
apart, by class (:data:`OTHER_CLASSES`):

* ``heading`` — a section heading (kind ``heading``);
* ``procedural`` — a procedural line (kind ``procedural``: ``(Signed) ...``, ``Adopted by the
  Security Council at its ... meeting``, a statement's opening, a record's ``The meeting rose
  at ...``);
* ``table``, ``map``, ``figure`` — a report's table, map or figure (kinds of the same name,
  :mod:`normtrace.parse.report.blocks`; a map's cartographic notice is its map's);
* ``footnote`` — a note printed at the foot of a page or under a table (flag ``footnote``);
* ``contents`` — a line of a table of contents (flag ``contents``);
* ``caption`` — the title of a table, map or figure, or the date line under it (flag
  ``caption``);
* ``table_text`` — cells of a table that the text layer printed as lines of text (flag
  ``table_text``);
* ``scrap`` — page debris with no reading (a barcode's digits, a symbol printed mirrored,
  OCR noise: flag ``scrap``);
* ``names`` — a line of a list of names (a mission's members: flag ``names``);
* ``heading`` also — a heading's line that a parser left as text (flag ``heading``);
* ``non_text`` — any other unit a parser marks ``non_text``.

Every other unit is running text: a speech, a resolution's preambular and operative
paragraphs and their sub-paragraphs, a report's numbered paragraphs, their items and its
unnumbered prose (a letter's text, an annex's prose, a list's bullet points). A kind this
module does not name (a plugin parser's) is running text unless a flag above says otherwise.

>>> unit_class("numbered"), unit_class("heading"), unit_class("text", ["caption", "non_text"])
('running', 'heading', 'caption')
>>> unit_class(None, [])  # a speech
'running'
>>> describe(60, {"heading": 18, "caption": 4, "table": 2, "map": 1, "footnote": 1})
'60 paragraphs, 26 other units: 18 headings, 4 captions, 2 tables, 1 map, 1 footnote'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

RUNNING = "running"

#: kinds that are never running text, and the class each one is counted under
OTHER_KINDS = ("heading", "procedural", "table", "map", "figure")
#: flags that make a unit no running text, in the order that decides its class
OTHER_FLAGS = (
    "cartographic_notice",
    "footnote",
    "contents",
    "caption",
    "table_text",
    "scrap",
    "names",
    "heading",
    "non_text",
)
_FLAG_CLASS = {"cartographic_notice": "map"}

#: every class of other unit, in reporting order, with its singular and plural label
OTHER_CLASSES: dict[str, tuple[str, str]] = {
    "heading": ("heading", "headings"),
    "procedural": ("procedural line", "procedural lines"),
    "table": ("table", "tables"),
    "table_text": ("line of table text", "lines of table text"),
    "caption": ("caption", "captions"),
    "map": ("map", "maps"),
    "figure": ("figure", "figures"),
    "footnote": ("footnote", "footnotes"),
    "contents": ("contents line", "contents lines"),
    "scrap": ("scrap", "scraps"),
    "names": ("line of a list of names", "lines of lists of names"),
    "non_text": ("other non-text unit", "other non-text units"),
}


def unit_class(kind: str | None, flags: Iterable[str] = ()) -> str:
    """``"running"`` for a unit of running text, else its class (a key of
    :data:`OTHER_CLASSES`). ``kind`` is ``None`` for a speech."""
    if kind in OTHER_KINDS:
        return str(kind)
    held = set(flags)
    for flag in OTHER_FLAGS:
        if flag in held:
            return _FLAG_CLASS.get(flag, flag)
    return RUNNING


def is_running(kind: str | None, flags: Iterable[str] = ()) -> bool:
    """Whether a unit of ``kind`` with ``flags`` is running text (:func:`unit_class`)."""
    return unit_class(kind, flags) == RUNNING


def running_sql(kind: str, flags: str) -> str:
    """SQL condition: the unit whose kind is the SQL expression ``kind`` (NULL: a speech) and
    whose flags the JSON list ``flags`` (NULL: none) is running text, by the rule of
    :func:`unit_class`."""
    kinds = ", ".join(f"'{k}'" for k in OTHER_KINDS)
    marks = ", ".join(f"'{f}'" for f in OTHER_FLAGS)
    return (
        f"(COALESCE({kind}, '') NOT IN ({kinds}) AND NOT EXISTS (SELECT 1 FROM "
        f"json_each(COALESCE({flags}, '[]')) WHERE value IN ({marks})))"
    )


def describe(paragraphs: int, others: Mapping[str, int]) -> str:
    """``60 paragraphs, 26 other units: 18 headings, 4 captions, ...``: the paragraphs of
    running text and the other units by class (``others``: class -> count), largest first."""
    head = f"{paragraphs} paragraph{'' if paragraphs == 1 else 's'}"
    total = sum(others.values())
    if not total:
        return head
    order = list(OTHER_CLASSES)
    parts = [
        f"{n} {OTHER_CLASSES.get(c, (c, c))[n != 1]}"
        for c, n in sorted(
            others.items(), key=lambda x: (-x[1], order.index(x[0]) if x[0] in order else 99)
        )
        if n
    ]
    return f"{head}, {total} other unit{'' if total == 1 else 's'}: {', '.join(parts)}"
