"""A new version that loses most of the current version's words is held back, not made current.

The coders' work hangs on the current version's words: a file cut short or mis-extracted
that became current would send every coding on the words it lost to review as moved or lost,
without a word to the user. So before a new version of a record replaces the current one
(an edited file, a file put back, an ``ingest --reparse``), the share of the current
version's words it keeps is measured: the overlap of the two versions' word multisets
(every word of every unit, casefolded; a word kept as often as both versions hold it), over
the current version's words. Below :data:`KEEP_AT_LEAST` the new version is stored but not
made current (*held back*: a version row marked in ``meta[HELD]`` with what was measured,
never current, with no full-text rows), the ingest says so in one line and fails; the
option ``replace_shrunk`` (``normtrace ingest --replace-shrunk``; with ``--reparse`` for a new
reading of the current version's own bytes, which are otherwise known and ``unchanged``) makes
it current anyway (:meth:`Shrunk.command`; the workbench's box).
Human work is never touched either way.

The threshold was measured on 337 real documents of ``../shared`` (281 resolutions, every
eighth of the corpus but the reserved ones; 53 reports; 3 verbatim records): each re-ingested
over itself (other bytes, the same words) keeps all its words; the three verbatim records'
corpus edition (the corpus' own reading: OCR noise, no front matter) keeps 80-99.7 % of the
record's words (80 % on the two-page S/PV.8701); four reports re-parsed by OCR instead of
their text layer (``--reparse --ocr force``) keep 99.1-99.7 %; a PDF cut after an earlier revision's
``%%EOF`` keeps 94.7-100 % (:mod:`~normtrace.ingest.pdf_check`); the first third of each of
the 281 resolution files keeps at most 37 % and every one was held back. Half is the rule
"loses most of its words" states; a cut that keeps more than half is not caught.
Corpus-edition speeches (superseded one at a time) are not measured.

>>> share_kept(Counter({"a": 2, "b": 1}), Counter({"a": 1, "c": 5}))
0.3333333333333333
>>> share_kept(Counter(), Counter({"a": 1}))
1.0
"""

from __future__ import annotations

import json
import math
import re
import shlex
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from normtrace.parse.model import Document
from normtrace.store.rows import version_units

#: the least share of the current version's words a new version keeps and is made current
KEEP_AT_LEAST = 0.5
#: ``documents.meta`` key of a held-back version: what was measured when it was held back
HELD = "held_back"
#: SQL condition: version row ``{0}`` was held back (never current)
IS_HELD = f"json_extract({{0}}.meta, '$.{HELD}') IS NOT NULL"
#: SQL condition: version row ``{0}`` was not held back (current, or current once)
NOT_HELD = f"json_extract({{0}}.meta, '$.{HELD}') IS NULL"
#: SQL: section and flags of paragraph key ``?`` as the current version reads them, else as
#: the newest version that was once current does (a key the current version lacks); never a
#: held-back version's, which was never current (its rows are newer than the current ones)
PARAGRAPH_SECTION = (
    "SELECT p.section, p.flags FROM paragraphs p JOIN documents d ON d.id = p.document_id "
    f"WHERE p.key = ? AND {NOT_HELD.format('d')} ORDER BY d.is_current DESC, p.id DESC LIMIT 1"
)

_WORD = re.compile(r"\w+")


def words(texts: Iterable[str]) -> Counter[str]:
    """The word multiset of ``texts`` (casefolded ``\\w+`` runs).

    >>> sorted(words(["The Council", "the council."]).items())
    [('council', 2), ('the', 2)]
    """
    out: Counter[str] = Counter()
    for text in texts:
        out.update(_WORD.findall(text.casefold()))
    return out


def share_kept(current: Counter[str], new: Counter[str]) -> float:
    """The share of ``current``'s words that ``new`` keeps (1.0 for no words)."""
    total = sum(current.values())
    if not total:
        return 1.0
    return sum((current & new).values()) / total


def document_words(document: Document) -> Counter[str]:
    """Every word of ``document``'s units: its paragraphs outside speeches and its speeches
    (what :func:`stored_words` reads of a stored version)."""
    return words([p.text for p in document.paragraphs] + [s.text for s in document.speeches])


def stored_words(conn: sqlite3.Connection, document_id: int) -> Counter[str]:
    """Every word of stored version ``document_id``'s units (:func:`document_words`; the
    units :func:`~normtrace.store.rows.version_units` reads, as re-anchoring does)."""
    return words(text for _, text in version_units(conn, document_id))


@dataclass(frozen=True)
class Shrunk:
    """A new reading of ``symbol`` (``edition``) that keeps ``kept`` of the ``words`` words of
    current version ``current_version`` (read from ``current_path``): held back as version
    ``version`` (``made_current`` False), or made current with ``replace_shrunk``."""

    symbol: str
    edition: str
    version: int
    current_version: int
    current_path: str
    kept: int
    words: int
    made_current: bool = False
    #: read again from the bytes the current version was read from (``ingest --reparse``)
    reparsed: bool = False

    @property
    def share(self) -> float:
        """The share of the current version's words kept."""
        return self.kept / self.words if self.words else 1.0

    def command(self, path: str, *, ocr: str = "auto") -> str:
        """The ``normtrace ingest`` command that makes this reading of the file at ``path``
        current: ``--reparse`` for a reading of the current version's own bytes (without it,
        known bytes are ``unchanged``), ``--ocr`` when ``ocr`` (the mode that read it) is not
        the default ``auto`` (else another reading would be made current)."""
        flags = ["--reparse"] if self.reparsed else []
        flags += ["--replace-shrunk"] + ([] if ocr == "auto" else ["--ocr", ocr])
        return f"normtrace ingest {' '.join(flags)} {shlex.quote(path)}"

    def message(self, path: str, *, ocr: str = "auto", remedy: str | None = None) -> str:
        """What the ingest says of the file at ``path`` (after ``path:``), one line: what was
        measured, where, and what to do: run :meth:`command` (``ocr``: the OCR mode that
        read it), or ``remedy`` instead (the workbench's box)."""
        edition = "" if self.edition == "record" else f" ({self.edition})"
        # floored: 49.6 % is not "50 %", under the 50 % a new version must keep
        kept = (f"keeps {self.kept:,} of the {self.words:,} words of version "
                f"{self.current_version} ({math.floor(100 * self.share)} %)")  # fmt: skip
        if self.made_current:
            return (f"made version {self.version} of {self.symbol}{edition} current though it "
                    f"{kept} (--replace-shrunk); codings on the words it lost are listed by "
                    "`normtrace code review`")  # fmt: skip
        do = remedy or f"run `{self.command(path, ocr=ocr)}`"
        if self.reparsed:  # the file is the one read before: its new reading lost the words
            why, todo = ("the parser now reads fewer words from the same bytes",
                         f"If the new reading is right, {do}")  # fmt: skip
        else:
            why = "cut short or mis-extracted?"
            todo = f"Ingest the whole file, or, if the words are meant to go, {do}"
        return (f"a new reading of {self.symbol}{edition} {kept}, under the "
                f"{100 * KEEP_AT_LEAST:.0f} % a new version must keep ({why}): stored as "
                f"version {self.version}, not made current; version {self.current_version} "
                f"(from {self.current_path}) stays current with the coders' work. "
                f"{todo}")  # fmt: skip

    def as_meta(self) -> dict[str, object]:
        """What ``meta[HELD]`` of the held-back version records."""
        return {"kept": self.kept, "words": self.words, "of_version": self.current_version,
                "keep_at_least": KEEP_AT_LEAST}  # fmt: skip


def measure(
    conn: sqlite3.Connection, document: Document, current_id: int, version: int
) -> Shrunk | None:
    """:class:`Shrunk` when ``document``, to be stored as ``version``, keeps less than
    :data:`KEEP_AT_LEAST` of the words of current version ``current_id``; else ``None``."""
    before = stored_words(conn, current_id)
    kept = sum((before & document_words(document)).values())
    total = sum(before.values())
    if not total or kept / total >= KEEP_AT_LEAST:
        return None
    row = conn.execute(
        "SELECT d.version, s.path FROM documents d LEFT JOIN sources s ON s.id = d.source_id "
        "WHERE d.id = ?",
        (current_id,),
    ).fetchone()
    return Shrunk(document.symbol, document.edition, version, int(row["version"]),
                  str(row["path"]), kept, total)  # fmt: skip


def held_meta(document: Document, shrunk: Shrunk) -> Document:
    """``document`` with ``meta[HELD]`` saying what was measured (stored with its row)."""
    return replace(document, meta={**document.meta, HELD: shrunk.as_meta()})


def is_held(conn: sqlite3.Connection, source_id: int) -> bool:
    """Whether the bytes of source ``source_id`` were held back (a version of theirs is
    marked :data:`HELD`) and no current version was read from them."""
    row = conn.execute(
        f"SELECT 1 FROM documents d WHERE d.source_id = ? AND {IS_HELD.format('d')} "
        "AND NOT EXISTS (SELECT 1 FROM documents c WHERE c.source_id = ? AND "
        "c.is_current = 1) LIMIT 1",
        (source_id, source_id),
    ).fetchone()
    return row is not None


def held_before(conn: sqlite3.Connection, source_id: int, current_id: int) -> int | None:
    """The version of a reading of source ``source_id`` already held back against current
    version ``current_id`` (so a run again writes nothing), else ``None``."""
    rows = conn.execute(
        "SELECT d.version, d.meta, c.version AS now FROM documents d JOIN documents c "
        "ON c.id = ? AND c.symbol = d.symbol AND c.edition = d.edition "
        f"WHERE d.source_id = ? AND {IS_HELD.format('d')} "
        "ORDER BY d.version DESC",
        (current_id, source_id),
    ).fetchall()
    for r in rows:
        if json.loads(r["meta"])[HELD].get("of_version") == r["now"]:
            return int(r["version"])
    return None
