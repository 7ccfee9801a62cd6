"""Reported speech of a project's SG report paragraphs: stored by a run, read by provenance.

:func:`update_reported` scans every current paragraph of a Secretary-General's report (role
``secretariat``) whose text the current rules (:data:`~normtrace.parse.report.reported.
ALGORITHM`) have not read, with :func:`~normtrace.parse.report.reported.reported_speech`,
and stores what it finds (``reported_scans``, ``reported_speech``, migration 0021) under a
run of stage ``reported_speech``; ``normtrace reuse`` runs it after linking.

:class:`ReportedIndex` answers, for a unit and its text, which of its sentences are reported
speech and who spoke: from the stored scan of that text by the current rules, else by
running the same rules on the text (the same answer; a project reused before 0021, or a text
changed since, is never read as the Secretariat's own words for want of a scan). The
Secretariat origin (:mod:`~normtrace.reuse.secretariat`), the case aggregate, provenance and
``first`` read it by one rule: a word of a paragraph of an SG report (:func:`in_sg_report`:
role ``secretariat`` and not a speech, whose words are its speaker's own) inside a reported
sentence is *reported in the Secretary-General's report, said by X* (role :data:`REPORTED`),
never the Secretariat's (:meth:`ReportedIndex.said`; for a span, :meth:`ReportedIndex.said_at`).

>>> from normtrace.reuse.roles import UnitInfo
>>> from normtrace.reuse.shingles import tokenize
>>> from normtrace.store.db import Store
>>> index = ReportedIndex(Store.open(":memory:"))
>>> text = "MINUSTAH helped. The President stated that calm would return."
>>> [(r.speaker, text[r.start:r.end]) for r in index.spans("S/1/p1", text)]
[('The President', 'The President stated that calm would return.')]
>>> index.at("S/1/p1", text, 0, 8) is None, index.at("S/1/p1", text, 17, 30).speaker
(True, 'The President')
>>> report = UnitInfo("S/1/p1", "2004-01-01", "S/1", "secretariat")
>>> briefing = UnitInfo("S/PV.1/s3", "2004-01-02", "S/PV.1", "secretariat", speech=True)
>>> index.said(report, tokenize(text), 4).speaker, index.said(briefing, tokenize(text), 4)
('The President', None)
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from normtrace.parse.report.reported import ALGORITHM, Reported, reported_speech
from normtrace.reuse.roles import UnitInfo
from normtrace.reuse.shingles import Words
from normtrace.reuse.store_reuse import load_units, text_sha256
from normtrace.store.db import Store

#: the role of words an SG report gives as another's: reported by the Secretariat, not its own
REPORTED = "reported_in_sg_report"
#: the stage of the runs that store scans
STAGE = "reported_speech"


def in_sg_report(unit: UnitInfo | None) -> bool:
    """Whether ``unit`` is a paragraph of a Secretary-General's report (role ``secretariat``,
    not a speech: a Secretariat briefing gives its speaker's own words): the units whose
    reported sentences are scanned and never read as the Secretariat's (module doc)."""
    return unit is not None and unit.role == "secretariat" and not unit.speech


@dataclass(frozen=True)
class ReportedRun:
    """What one :func:`update_reported` did: its run (0: nothing to scan), the paragraphs
    scanned and the reported sentences found in them."""

    run_id: int
    scanned: int
    sentences: int


def update_reported(store: Store) -> ReportedRun:
    """Scan the SG report paragraphs whose current text the current rules have not read, and
    store the reported sentences found, as one run (module doc)."""
    done = {
        (str(r[0]), str(r[1]))
        for r in store.conn.execute(
            "SELECT s.unit_key, s.text_sha256 FROM reported_scans s JOIN runs r ON r.id = "
            "s.run_id WHERE r.algorithm = ?",
            (ALGORITHM,),
        )
    }
    todo = []
    for unit in load_units(store):
        if not in_sg_report(unit.info):
            continue
        digest = text_sha256(unit.unit.text)
        if (unit.info.key, digest) not in done:
            todo.append((unit.info.key, digest, reported_speech(unit.unit.text)))
    if not todo:
        return ReportedRun(0, 0, 0)
    run = store.start_run(STAGE, ALGORITHM)
    with store.transaction() as conn:
        for key, digest, found in todo:
            scan = conn.execute(
                "INSERT INTO reported_scans (unit_key, text_sha256, run_id) VALUES (?, ?, ?)",
                (key, digest, run),
            ).lastrowid
            conn.executemany(
                "INSERT INTO reported_speech (scan_id, start, end, speaker, cue, rule) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(scan, r.start, r.end, r.speaker, r.cue, r.rule) for r in found],
            )
    sentences = sum(len(f) for *_, f in todo)
    store.finish_run(run, {"paragraphs": len(todo), "reported_sentences": sentences})
    return ReportedRun(run, len(todo), sentences)


class ReportedIndex:
    """The reported sentences of units, read once per unit text (module doc): the text's
    digest, the stored scan (or the rules' reading) and the starts :meth:`word` bisects are
    found on the first question about a ``(key, text)`` and kept, so the words of a paragraph
    cost one lookup each, not a hash of the paragraph."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._read: dict[tuple[str, str], tuple[tuple[Reported, ...], tuple[int, ...]]] = {}

    def _spans(self, key: str, text: str) -> tuple[tuple[Reported, ...], tuple[int, ...]]:
        """The reported sentences of ``key`` whose text is ``text`` and their starts."""
        read = self._read.get((key, text))
        if read is None:
            digest = text_sha256(text)
            found = self._stored(key, digest) or tuple(reported_speech(text))
            read = self._read[(key, text)] = (found, tuple(r.start for r in found))
        return read

    def spans(self, key: str, text: str) -> tuple[Reported, ...]:
        """The reported sentences of unit ``key`` whose text is ``text``, in order."""
        return self._spans(key, text)[0]

    def _stored(self, key: str, digest: str) -> tuple[Reported, ...] | None:
        scan = self.store.conn.execute(
            "SELECT s.id FROM reported_scans s JOIN runs r ON r.id = s.run_id WHERE "
            "s.unit_key = ? AND s.text_sha256 = ? AND r.algorithm = ? ORDER BY s.id DESC LIMIT 1",
            (key, digest, ALGORITHM),
        ).fetchone()
        if scan is None:
            return None
        rows = self.store.conn.execute(
            "SELECT start, end, speaker, cue, rule FROM reported_speech WHERE scan_id = ? "
            "ORDER BY start",
            (scan[0],),
        )
        return tuple(Reported(int(a), int(b), str(s), str(c), str(r)) for a, b, s, c, r in rows)

    def at(self, key: str, text: str, start: int, end: int) -> Reported | None:
        """The reported sentence of ``key`` that holds the span ``[start, end)``, if any."""
        for r in self.spans(key, text):
            if r.start <= start and end <= r.end:
                return r
        return None

    def word(self, key: str, words: Words, index: int) -> Reported | None:
        """The reported sentence that holds word ``index`` of ``words`` (unit ``key``'s)."""
        found, starts = self._spans(key, words.text)
        if not found:
            return None
        at = words.starts[index]
        i = bisect.bisect_right(starts, at) - 1
        return found[i] if i >= 0 and at < found[i].end else None

    def said(self, unit: UnitInfo | None, words: Words, index: int) -> Reported | None:
        """The reported sentence that holds word ``index`` of ``words`` (``unit``'s text), when
        ``unit`` is a paragraph of an SG report (:func:`in_sg_report`); else None. The one
        test of a word reported in an SG report: ``aggregate``, ``secretariat`` and
        ``provenance`` read it (module doc)."""
        if unit is None or not in_sg_report(unit):
            return None
        return self.word(unit.key, words, index)

    def said_at(self, unit: UnitInfo | None, text: str, start: int, end: int) -> Reported | None:
        """:meth:`said` for the span ``[start, end)`` of ``unit``'s text ``text`` (a phrase or
        code ``first`` found): the reported sentence that holds all of it."""
        if unit is None or not in_sg_report(unit):
            return None
        return self.at(unit.key, text, start, end)
