"""Paragraph labels: operative numbers, ``(a)`` letters, ``(iv)`` romans and ``II.`` parts.

The one tricky case is ``(i)``: the ninth letter after ``(h)``, or the first
roman numeral of a new list. :class:`LabelState` decides by what came before,
as a reader does.

>>> state = LabelState()
>>> [state.classify(x) for x in ["a", "i", "ii", "b", "h", "i"]]
['letter', 'roman', 'roman', 'letter', 'letter', 'letter']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN = re.compile(r"(?=[ivxlc])(?:c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
_ROMAN_VALUES = (
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def is_roman(label: str) -> bool:
    """True for a lower-case roman numeral up to 399 (``iv``, ``xii``)."""
    return bool(label) and _ROMAN.fullmatch(label) is not None


def roman_value(label: str) -> int:
    """The value of a lower-case roman numeral.

    >>> roman_value("xiv")
    14
    """
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for ch, nxt in zip(label, label[1:] + " ", strict=True):
        v = values[ch]
        total += -v if nxt != " " and values[nxt] > v else v
    return total


def to_roman(value: int) -> str:
    """Lower-case roman numeral of ``value`` (1..399).

    >>> to_roman(14)
    'xiv'
    """
    out = []
    for v, s in _ROMAN_VALUES:
        while value >= v:
            out.append(s)
            value -= v
    return "".join(out)


def next_letter(label: str) -> str:
    """The letter label after ``label`` (``z`` → ``aa``, ``aa`` → ``bb``).

    >>> next_letter("h"), next_letter("z")
    ('i', 'aa')
    """
    if label == "z":
        return "aa"
    if len(label) > 1 and len(set(label)) == 1:
        return next_letter(label[0]) * len(label) if label[0] != "z" else "a" * (len(label) + 1)
    return chr(ord(label[-1]) + 1)


@dataclass
class LabelState:
    """The letter and roman lists open under the current paragraph."""

    letter: str | None = None
    roman: str | None = None

    def classify(self, label: str) -> str:
        """Return ``"letter"`` or ``"roman"`` for a bracketed label and remember it."""
        expected_roman = to_roman(roman_value(self.roman) + 1) if self.roman else None
        expected_letter = next_letter(self.letter) if self.letter else "a"
        if is_roman(label) and label == expected_roman:
            kind = "roman"
        elif label == expected_letter:
            kind = "letter"
        elif label == "i" or (self.roman and is_roman(label)):
            kind = "roman"
        else:
            kind = "letter"
        if kind == "letter":
            self.letter, self.roman = label, None
        else:
            self.roman = label
        return kind

    def expected(self) -> tuple[str, ...]:
        """Labels that would continue an open list (for splitting run-on lines)."""
        out = [next_letter(self.letter)] if self.letter else []
        if self.roman:
            out.append(to_roman(roman_value(self.roman) + 1))
        return tuple(out)
