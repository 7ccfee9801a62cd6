"""A speech's paragraphs where a unit is named: ``normtrace export paragraphs`` keys a speech's
paragraphs under it (``S/PV.8750/s004/p01``), but a speech is coded whole: its coding unit is
the speech (``S/PV.8750/s004``), whose text is its paragraphs' texts in order, and at
``paragraph`` level a speech is its own paragraph (:mod:`normtrace.coding.levels`).

So that those keys can be imported and coded, a speech paragraph's key stands for its words in
its speech's text: a span ``[start:end]`` of the paragraph is the span of the speech that holds
the same words (:meth:`SpeechParagraph.place`), and a coding of the paragraph without a span
codes those words. A speech is marked reviewed when a file names all its paragraphs (a speech
of one paragraph, as every corpus speech is, by naming that one).

>>> p = SpeechParagraph("M/s001/p02", "M/s001", "record", ("One.", "Two words."), 1)
>>> p.place("One.\\n\\nTwo words.")
(6, 16)
>>> p.place("One. Other words.") is None
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from normtrace.coding.exchange.coding_rows import CodingRow
from normtrace.errors import CodingError
from normtrace.store.db import Store

#: the key of a speech's paragraph: its speech's key, then ``/p`` and its number
_KEY = re.compile(r"^(?P<speech>.+/s\d+)/p\d+$")


@dataclass(frozen=True)
class SpeechParagraph:
    """Paragraph ``key`` of speech ``speech`` in ``edition``: the texts of all the speech's
    paragraphs in order (``texts``), this one's at ``index``."""

    key: str
    speech: str
    edition: str
    texts: tuple[str, ...]
    index: int
    #: the keys of all the speech's paragraphs, in order
    members: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The paragraph's own words."""
        return self.texts[self.index]

    @property
    def siblings(self) -> int:
        """How many paragraphs its speech has."""
        return len(self.texts)

    def place(self, speech_text: str) -> tuple[int, int] | None:
        """Where the paragraph's words are in ``speech_text`` (its speech's paragraphs found in
        order), else ``None`` (the text is another edition's or version's)."""
        at = 0
        for i, text in enumerate(self.texts):
            found = speech_text.find(text, at)
            if found < 0:
                return None
            if i == self.index:
                return found, found + len(text)
            at = found + len(text)
        return None  # pragma: no cover - index < len(texts)


def speech_paragraphs(store: Store, keys: Collection[str]) -> dict[str, list[SpeechParagraph]]:
    """The current speech paragraphs among ``keys``, each with one entry per current edition
    that has it (the record edition first)."""
    wanted = sorted(k for k in keys if _KEY.match(k))
    if not wanted:
        return {}
    rows = store.conn.execute(
        "SELECT p.key, p.speech_id, s.key AS speech, d.edition FROM paragraphs p "
        "JOIN speeches s ON s.id = p.speech_id JOIN documents d ON d.id = p.document_id "
        "WHERE d.is_current = 1 AND s.is_current = 1 AND p.key IN (SELECT value FROM "
        "json_each(?)) ORDER BY d.edition <> 'record', d.edition",
        (json.dumps(wanted, ensure_ascii=False),),
    ).fetchall()
    if not rows:
        return {}
    texts: dict[int, list[tuple[str, str]]] = {}
    ids = json.dumps(sorted({int(r["speech_id"]) for r in rows}))
    for r in store.conn.execute(
        "SELECT speech_id, key, text FROM paragraphs WHERE speech_id IN (SELECT value FROM "
        "json_each(?)) ORDER BY speech_id, ord, id",
        (ids,),
    ):
        texts.setdefault(int(r["speech_id"]), []).append((str(r["key"]), str(r["text"])))
    out: dict[str, list[SpeechParagraph]] = {}
    for r in rows:
        members = texts[int(r["speech_id"])]
        index = [k for k, _ in members].index(str(r["key"]))
        out.setdefault(str(r["key"]), []).append(
            SpeechParagraph(
                str(r["key"]),
                str(r["speech"]),
                str(r["edition"]),
                tuple(t for _, t in members),
                index,
                tuple(k for k, _ in members),
            )  # fmt: skip
        )
    return out


def on_speech(
    found: list[SpeechParagraph], speech_text: str, start: int | None, end: int | None
) -> tuple[SpeechParagraph, int, int] | str:
    """The span of the speech (whose text is ``speech_text``) that ``[start:end]`` of a speech
    paragraph (``found``: its editions, :func:`speech_paragraphs`) names, all the paragraph
    without a span; or why there is none (one line)."""
    para = found[0]
    for edition in found:
        placed = edition.place(speech_text)
        if placed is None:
            continue
        base, stop = placed
        if start is None and end is None:
            return edition, base, stop
        if start is None or end is None:
            return "a span needs both start and end"
        if not 0 <= start < end <= stop - base:
            return (
                f"span [{start}:{end}] is not inside {edition.key} (its text has "
                f"{stop - base} code points; start must be < end)"
            )
        return edition, base + start, base + end
    return (
        f"{para.key} is a paragraph of speech {para.speech}, which is coded whole, and its "
        f"words are not in the text of {para.speech} this project codes; name "
        f"{para.speech} with offsets into its text (`normtrace show` prints it)"
    )


def placed_row(
    row: CodingRow,
    found: list[SpeechParagraph],
    speech_text: str | None,
    *,
    reviewing: bool,
    named: Collection[str],
) -> CodingRow | str:
    """``row``, which names a speech paragraph (``found``: its editions), on its speech's words
    (``speech_text``: the speech's text as the import reads it, ``None`` if it reads none); or
    why it cannot be. A row that marks its unit reviewed (``reviewing``) marks the speech
    when the rows of its coder and level name all the speech's paragraphs (``named``)."""
    para = found[0]
    if reviewing and not set(para.members) <= set(named):
        missing = [k.rsplit("/", 1)[1] for k in para.members if k not in named]
        return (
            f"{row.unit_key} is one of {para.siblings} paragraphs of speech {para.speech}, "
            f"which is reviewed whole, and the file does not name {', '.join(missing[:5])}"
            f"{' …' if len(missing) > 5 else ''}: add rows for them, name {para.speech}, or "
            "set reviewed to no on this row"
        )
    if speech_text is None:  # pragma: no cover - a current paragraph's speech is current
        return f"speech {para.speech} of {row.unit_key} has no text to code"
    where = on_speech(found, speech_text, row.start, row.end)
    if isinstance(where, str):
        return where
    _, start, end = where
    return replace(row, unit_key=para.speech, start=start, end=end)


def speech_span(
    store: Store, key: str, start: int, end: int, edition: str | None = None
) -> tuple[str, int, int] | None:
    """``(speech key, start, end)``: where ``[start:end]`` of speech paragraph ``key`` lies in
    its speech's text (the record edition's unless ``edition`` names one), as ``normtrace code
    add`` and ``code remove`` take such a key; ``None`` when ``key`` names no speech paragraph.

    Raises:
        CodingError: the span is not inside the paragraph, or its words are not in the text.
    """
    from normtrace.coding.human.events import unit_edition_text

    found = speech_paragraphs(store, [key]).get(key)
    if not found:
        return None
    _, text = unit_edition_text(store, found[0].speech, edition)
    where = on_speech(found, text, start, end)
    if isinstance(where, str):
        raise CodingError(where)
    return where[0].speech, where[1], where[2]
