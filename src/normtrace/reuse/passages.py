"""The report passage behind a resolution paragraph's new wording, as ``secretariat`` quotes it.

A report paragraph may reach a resolution paragraph through several links (two aligned runs
of one sentence, separated by words the Council changed), and its credited words may come
through a chain as well. The passage quotes *every* word its counts rest on:

* ``source_text`` / ``target_text`` — the text of the report paragraph (resolution
  paragraph) that the passage rests on: every aligned span of every link between the two, and
  every word credited to the report paragraph or counted as reported in it
  (``new_words_reported``), in document order; where words of the paragraph are left out
  between two such stretches, :data:`CUT` (" … ") stands for them. Verbatim otherwise.
* ``source_credited`` / ``target_credited`` — the words credited to the report paragraph
  (``new_words_credited``: new words whose earliest source it is), in each text, each run of
  consecutive words verbatim, runs joined by :data:`CUT`. ``target_credited`` holds exactly
  ``new_words_credited`` words.
* ``source_marked`` — ``source_text`` with each run of credited words in ``«…»``: what the
  text output of ``secretariat`` and ``aggregate`` prints.
* ``aligned_spans`` — how many aligned spans (links) the texts join (0: only a chain reaches
  the report paragraph).

One rule for quoted text in every command (``provenance`` too): what stands inside ``«…»`` is
verbatim text of the document named, words it shares with the later text (``provenance``:
the words aligned identical; ``secretariat``, ``aggregate``: the words credited to it); the
text around the marks is the same document's other words, verbatim; " … " marks words left out.

>>> from normtrace.reuse.shingles import tokenize
>>> words = tokenize("I urge all parties to cease hostilities and to protect civilians now")
>>> quoted(words, {2, 3, 4, 5, 8, 9, 10}, {2, 3, 4, 5, 9, 10})
('all parties to cease … to protect civilians', '«all parties to cease» … to «protect civilians»')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from normtrace.reuse.attribution import word_range
from normtrace.reuse.links import ReuseLink
from normtrace.reuse.shingles import Words

#: stands for the words of a paragraph left out between two quoted stretches of it
CUT = " … "
#: what a rendered passage's text is (the line the text output prints before the passages)
PASSAGE_LEGEND = (
    "report paragraphs behind the new words, each with its text verbatim below: the words "
    "credited to it in «…», the rest of its aligned text around them, … where its words are "
    "left out"
)


@dataclass(frozen=True)
class ReportPassage:
    """New wording of a resolution paragraph found in an earlier Secretary-General report.

    Attributes:
        words: new words of ``target`` that this report paragraph's own links align (0 when
            only a chain reaches it); ``new_words_linked`` in files.
        earliest_words: new words of ``target`` whose earliest source is this paragraph
            (they add up to the resolution's ``from_secretariat``); ``new_words_credited``.
        source_text, target_text, source_credited, target_credited, source_marked,
            aligned_spans: the quoted texts (module doc).
        via: for those words, when they came through other units, each way, the unit
            nearest the report first ("S/2008/586/p37"); ``credited_via``.
        reported_words: new words whose earliest source is this paragraph but lie in a
            sentence it gives as another's words (not credited to the Secretariat);
            ``new_words_reported``.
        said_by: who said those words, as the report names them; ``said_by``.
        source_mission, same_mission: the report's own mission; is it the resolution's
            (:mod:`normtrace.reuse.secretariat`).
    """

    target: str
    source: str
    report: str
    report_date: str | None
    section: str | None
    flag: str | None
    lag_days: int | None
    words: int
    earliest_words: int
    source_text: str
    target_text: str
    via: tuple[str, ...] = ()
    reported_words: int = 0
    said_by: tuple[str, ...] = ()
    source_mission: str | None = None
    same_mission: bool | None = None
    source_credited: str = ""
    target_credited: str = ""
    source_marked: str = ""
    aligned_spans: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict, the counts named for what they count (class doc)."""
        out = asdict(self)
        counts = {
            "new_words_linked": out.pop("words"),
            "new_words_credited": out.pop("earliest_words"),
            "credited_via": "; ".join(out.pop("via")),
            "new_words_reported": out.pop("reported_words"),
            "said_by": "; ".join(out.pop("said_by")),
        }
        at = list(out).index("source_text")
        items = list(out.items())
        return dict([*items[:at], *counts.items(), *items[at:]])


@dataclass(frozen=True)
class PassageTexts:
    """The quoted texts of a passage (module doc)."""

    source_text: str
    target_text: str
    source_credited: str
    target_credited: str
    source_marked: str
    aligned_spans: int


def passage_texts(
    source: Words,
    target: Words,
    links: Sequence[ReuseLink],
    credited: Sequence[tuple[int, int]],
    shown: Sequence[tuple[int, int]] = (),
) -> PassageTexts:
    """The texts of a passage (module doc) from the words of the report paragraph ``source``
    and the resolution paragraph ``target``, every link between them, and the (target word,
    source word) pairs ``credited`` to the report paragraph; ``shown``: other pairs its counts
    rest on (the words it gives as another's), quoted unmarked."""
    src_words = {s for _, s in (*credited, *shown)}
    tgt_words = {t for t, _ in (*credited, *shown)}
    for link in links:
        src_words.update(range(*word_range(source, link.source_start, link.source_end)))
        tgt_words.update(range(*word_range(target, link.target_start, link.target_end)))
    src_credited = {s for _, s in credited}
    tgt_credited = {t for t, _ in credited}
    source_text, marked = quoted(source, src_words, src_credited)
    target_text, _ = quoted(target, tgt_words, tgt_credited)
    return PassageTexts(
        source_text,
        target_text,
        _text(source, _runs(src_credited)),
        _text(target, _runs(tgt_credited)),
        marked,
        len(links),
    )


def quoted(words: Words, shown: Iterable[int], marked: Iterable[int]) -> tuple[str, str]:
    """The words ``shown`` and ``marked`` of ``words`` as verbatim runs joined by
    :data:`CUT`, and the same text with each run of ``marked`` words in ``«…»``."""
    marks = set(marked)
    runs = _runs(set(shown) | marks)
    pieces = []
    for a, b in runs:
        at = words.starts[a]
        piece: list[str] = []
        for c, d in _runs({i for i in marks if a <= i <= b}):
            piece.extend((words.text[at : words.starts[c]], "«",
                          words.text[words.starts[c] : words.ends[d]], "»"))  # fmt: skip
            at = words.ends[d]
        piece.append(words.text[at : words.ends[b]])
        pieces.append("".join(piece))
    return _text(words, runs), CUT.join(pieces)


def _runs(indices: Iterable[int]) -> list[tuple[int, int]]:
    """Runs of consecutive word numbers, first and last word of each."""
    runs: list[list[int]] = []
    for i in sorted(set(indices)):
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return [(a, b) for a, b in runs]


def _text(words: Words, runs: Sequence[tuple[int, int]]) -> str:
    """The text of each run, verbatim, joined by :data:`CUT`."""
    return CUT.join(words.text[words.starts[a] : words.ends[b]] for a, b in runs)
