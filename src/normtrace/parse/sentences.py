"""The one sentence splitter of normtrace, for every kind of document.

A sentence ends after ``.``, ``!`` or ``?`` (and a closing quote) and white space, before a
capital, an opening quote or a parenthesis; not after ``Mr.``, initials or similar
abbreviations. :func:`sentence_starts` gives where each sentence after the first begins;
:func:`sentences` and :func:`sentence_spans` cut a text there. Its readers: the verbatim
parser (procedure and invitations, sentence by sentence), the dictionary matcher (a
proximity entry's two terms within one sentence:
:class:`~normtrace.coding.dictionary.filters.Sentences`) and the reported-speech detector of
Secretary-General's reports (:mod:`~normtrace.parse.report.reported`) and the sample that
measures it (``tools/reported_sample.py``). It imports nothing of normtrace: a reader may
import it at start-up.

>>> t = "Mr. A. Example spoke on 3 May. He said: “We will act.” The Mission helped (see para. 4)."
>>> [t[a:b] for a, b in sentence_spans(t)]
['Mr. A. Example spoke on 3 May.', 'He said: “We will act.”', 'The Mission helped (see para. 4).']
"""

from __future__ import annotations

import re

_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|Messrs|Mmes|Jr|Sr|Prof|Rev|Msgr|H\.E|etc)|\b[A-Z])$"
)
_SENTENCE_END = re.compile(r"[.!?](?:[”’\"])?\s+(?=[A-Z“‘\"(])")


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of ``text`` after the first begins (code-point offsets): after
    ``.``, ``!`` or ``?`` (and a closing quote) and white space, before a capital, an opening
    quote or a parenthesis; not after ``Mr.``, initials or similar abbreviations (module doc).

    >>> text = "Armed groups. Security operations by Mr. A. Example."
    >>> [text[i:] for i in sentence_starts(text)]
    ['Security operations by Mr. A. Example.']
    """
    out: list[int] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if _ABBREV.search(text[start : m.start()]):
            continue
        out.append(m.end())
        start = m.end()
    return out


def sentences(text: str) -> list[str]:
    """Split text into sentences at :func:`sentence_starts` (each stripped)."""
    bounds = [0, *sentence_starts(text)]
    out = [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    tail = text[bounds[-1] :].strip()
    if tail:
        out.append(tail)
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as code-point ranges ``[start, end)`` without the white space
    around them, in order: :func:`sentences` as offsets (``text[a:b]`` is each sentence).

    >>> t = " One. Two!  Three "
    >>> [t[a:b] for a, b in sentence_spans(t)], sentences(t)
    (['One.', 'Two!', 'Three'], ['One.', 'Two!', 'Three'])
    """
    bounds = [0, *sentence_starts(text), len(text)]
    out: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = text[a:b]
        start, end = a + len(piece) - len(piece.lstrip()), a + len(piece.rstrip())
        if start < end:
            out.append((start, end))
    return out
