"""What a validation run measured, and whether it still holds: the human labels behind each
code's score when the run was made and the texts of the targets they label, recorded with the
run, and the one reading of whether they changed since (:func:`stale_notes`, and
:func:`unknown_notes` for a run recorded before the texts were), which every surface quoting a
stored validation calls (``freq``, ``first``, the case report, the web workbench's codebook and
validation pages, through :func:`normtrace.coding.validity.code_validity` or directly).

A ``code validate`` run is k-fold cross-validation: slow, so nothing re-runs it behind a
reader's back. Its record (:func:`record`) holds, per code, how many labelled targets and
positives stood behind its score and a fingerprint of those labels (each target's key and
label); a fingerprint of each labelled target's text as the run read it (``texts``: the
dictionary and the model read them, and a new version of a document, from ``ingest --reparse``
or an edited file, or a replaced corpus speech, can change a unit's text while its human
codings stand); beside the last row id of each table of human work and of new document
versions (a watermark). Reading it again is cheap: while no row was added to those tables the
labels and texts are the run's; else the labels are collected again
(:func:`~normtrace.coding.learn.labels.collect_labels`, no model) and the targets' texts read
in the same pass, and both are compared per code. A code whose labels or whose labelled
targets' texts differ is named, with what changed (``Since.changed``: labels, texts, or
labels and texts, :data:`~normtrace.coding.measured_error.CHANGED`, which the JSON and CSV keys
and the flags read) and a note that says so in its opening words (``labels changed since``,
``texts changed since``, ``labels and texts changed since``): what the run measured, what
the labels are now, how many of its labelled targets read otherwise, how many records of
coding work came after it and the command that measures again.

A run stored before the texts were recorded cannot say whether they changed: once a new
version of a document holding a code's labelled targets, or a replacement of such a speech,
came after it (one of their texts may have changed), the code is named in
:func:`unknown_notes` (``texts not recorded: ...``, with how many such readings came), which is
neither stale nor current; while none came, the texts are the run's (a new version of a
document none of its labelled targets is in says nothing of them). A run stored before any
record was kept says what it can once coding work was recorded after it began: its score's
counts against today's labels (changed, or may have), and its texts as unknown once such a
document version came after it.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.learn.labels import Labels, collect_labels
from normtrace.coding.learn.scores import CodeScore
from normtrace.coding.levels import level_key, level_units
from normtrace.coding.measured_error import Changed
from normtrace.errors import NotFoundError
from normtrace.store.db import Store
from normtrace.store.shrunk import NOT_HELD


class Validation(Protocol):
    """What is read of a stored run (:class:`normtrace.coding.learn.validate.Validation`,
    which imports this module)."""

    @property
    def run_id(self) -> int: ...
    @property
    def codebook(self) -> str: ...
    @property
    def codebook_version(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def scores(self) -> Sequence[CodeScore]: ...
    @property
    def measured(self) -> dict[str, Any] | None: ...


#: the tables whose rows can change a codebook's labels or its targets' texts (human work, and
#: new document versions that move it or read otherwise): the watermark is the last id of each
_WORK_TABLES = ("coding_events", "coding_reviews", "adjudications", "anchor_reviews",
                "documents", "speech_replacements")  # fmt: skip

#: the tables whose new rows can give a stored unit another text (a document's new version, a
#: corpus speech replaced)
_TEXT_TABLES = ("documents", "speech_replacements")


@dataclass(frozen=True)
class LabelCount:
    """The labelled targets of one code, and their fingerprint."""

    n: int
    positives: int
    digest: str
    #: the labelled targets themselves (not compared: the digest stands for them)
    keys: tuple[str, ...] = field(default=(), compare=False)

    def said(self, level: str) -> str:
        """``57 labelled paragraphs (9 positive)``."""
        return f"{self.n} labelled {level}s ({self.positives} positive)"


@dataclass(frozen=True)
class Measured:
    """What a run reads of the labels: per code its :class:`LabelCount`, and per labelled
    target that still exists the fingerprint of its text (:func:`text_fingerprint`)."""

    codes: dict[str, LabelCount]
    texts: dict[str, str]


@dataclass(frozen=True)
class Since:
    """What became of a run's measurement since it ran, per code, in words: ``stale``, the
    codes whose labels or labelled targets' texts changed; ``unknown``, the codes of a run
    recorded before the texts were, when a text of their labelled targets may have changed
    since (neither stale nor current: nobody can tell); and as data, ``changed``: for each
    code of ``stale``, what changed (``labels``, ``texts`` or ``labels and texts``), which
    the flags and the JSON and CSV keys read, never the note's words."""

    stale: dict[str, str] = field(default_factory=dict)
    unknown: dict[str, str] = field(default_factory=dict)
    changed: dict[str, Changed] = field(default_factory=dict)


def watermark(store: Store) -> dict[str, int]:
    """The last row id of each table of human work (0 for an empty one)."""
    return {
        table: int(store.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
        for table in _WORK_TABLES
    }


def text_fingerprint(text: str) -> str:
    """A short fingerprint of one target's text (48 bits: a chance change is not missed).

    >>> text_fingerprint("The Council.") == text_fingerprint("The Council.")
    True
    >>> text_fingerprint("The Council.") == text_fingerprint("The Counci1.")
    False
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def measured(store: Store, labels: Labels) -> Measured:
    """Per code of ``labels``, its labelled targets whose text still exists (what a
    validation run scores: ``CodeScore.n`` and ``positives``) and their fingerprint; and the
    fingerprint of each such target's text, read in the same pass."""
    texts = {u.key: text_fingerprint(u.text)
             for u in level_units(store, labels.level, labels.keys())}  # fmt: skip
    out: dict[str, LabelCount] = {}
    for code in labels.codes:
        held = sorted((k, v) for k, v in labels.by_code.get(code, {}).items() if k in texts)
        text = "\n".join(f"{k}\t{v}" for k, v in held)
        out[code] = LabelCount(
            len(held),
            sum(v for _, v in held),
            hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
            tuple(k for k, _ in held),
        )
    return Measured(out, texts)


def label_counts(store: Store, labels: Labels) -> dict[str, LabelCount]:
    """Per code of ``labels``, its :class:`LabelCount` (:func:`measured`'s ``codes``)."""
    return measured(store, labels).codes


def record(store: Store, labels: Labels, mark: dict[str, int]) -> dict[str, Any]:
    """What a validation run stores of the labels it measured and of their targets' texts
    (``mark``: the :func:`watermark` taken before the labels were read)."""
    now = measured(store, labels)
    return {
        "watermark": mark,
        "codes": {
            code: {"n": c.n, "positives": c.positives, "digest": c.digest}
            for code, c in now.codes.items()
        },
        "texts": now.texts,
    }


#: the answers per store, by run and watermark: a page or a report asks several times for one
#: run; any new row of human work or new document version changes the watermark, so an answer
#: never outlives the labels and texts it read
_ANSWERS: weakref.WeakKeyDictionary[Store, dict[tuple[int, str], Since]] = (
    weakref.WeakKeyDictionary()
)


def since(store: Store, run: Validation) -> Since:
    """What became of ``run``'s measurement (:class:`Since`); read once per run and watermark
    (the labels are collected again only after new human work or a new document version).
    Callers get their own copy."""
    mark = watermark(store)
    answers = _ANSWERS.setdefault(store, {})
    key = (run.run_id, json.dumps(mark, sort_keys=True))
    if key not in answers:
        answers[key] = _since(store, run, mark)
    found = answers[key]
    return Since(dict(found.stale), dict(found.unknown), dict(found.changed))


def stale_notes(store: Store, run: Validation) -> dict[str, str]:
    """Per code of ``run`` whose human labels or labelled targets' texts changed since the run,
    in words: what changed (in its opening words; as data, ``Since.changed``), what the run
    measured, what the labels are now, how many of its labelled targets read otherwise, how
    much coding work came after it, and the command that measures again. Codes that stand are
    absent (an empty dict: the run holds, or for a run recorded before the texts were, see
    :func:`unknown_notes`)."""
    return since(store, run).stale


def unknown_notes(store: Store, run: Validation) -> dict[str, str]:
    """Per code of ``run``, recorded before runs kept the texts they read, whether its labelled
    targets' texts changed since, when that cannot be told (a new version of a document
    holding one of them, or a replacement of such a speech, came after the run): ``texts not
    recorded: ...``. Empty for a run that recorded them, and for a code none of whose labelled
    targets' texts can have changed."""
    return since(store, run).unknown


def _since(store: Store, run: Validation, mark: dict[str, int]) -> Since:
    kept = run.measured
    if kept is not None and kept.get("watermark") == mark:
        return Since()  # no row of human work or new version since: all is the run's
    then_mark = None if kept is None else kept.get("watermark")
    later = _later_work(store, run, then_mark)
    recorded = None if kept is None else kept.get("texts")
    # a run that did not record its texts: the new readings of a text that came after it
    readings = [] if recorded is not None else _readings_after(store, run, then_mark)
    if kept is None and not later and not readings:
        return Since()  # a run stored before its labels were: nothing recorded after it
    now = _labels_now(store, run)
    if now is None:
        return Since()
    again = f"run `normtrace code validate --codebook {run.codebook} --level {run.level}` again"
    after = f" before {later} later record(s) of coding work" if later else ""
    codes = list(kept.get("codes", {})) if kept is not None else list(
        dict.fromkeys(s.code for s in run.scores))  # fmt: skip
    unknown = _unknowns(run, now, codes, readings, again)
    if kept is None:  # what it can say is of its labels
        counted = _before_record(run, now, later, after, again)
        return Since(counted, unknown, dict.fromkeys(counted, "labels"))
    out: dict[str, str] = {}
    changed: dict[str, Changed] = {}
    for code, was in kept.get("codes", {}).items():
        then = LabelCount(int(was["n"]), int(was["positives"]), str(was["digest"]))
        current = now.codes.get(code, LabelCount(0, 0, ""))
        labels = current.digest != then.digest
        moved = 0 if recorded is None else sum(
            1 for k in current.keys if k in recorded and recorded[k] != now.texts[k])  # fmt: skip
        if not labels and not moved:
            continue
        head = f"validation run {run.run_id} measured {then.said(run.level)}"
        what: Changed
        if not moved:
            other = " (other targets)" if (current.n, current.positives) == (
                then.n, then.positives) else ""  # fmt: skip
            what, said = "labels", f"{head}{after}; they are now {current.said(run.level)}{other}"
        elif not labels:
            what, said = "texts", f"{head}; {_texts_said(moved, current.n, run.level)}"
        else:
            what, said = "labels and texts", (
                f"{head}{after}; they are now {current.said(run.level)}, and "
                f"{_texts_said(moved, current.n, run.level)}")  # fmt: skip
        out[code], changed[code] = f"{what} changed since: {said}: {again}", what
    return Since(out, unknown, changed)


def _unknowns(
    run: Validation,
    now: Measured,
    codes: list[str],
    readings: list[tuple[str, str]],
    again: str,
) -> dict[str, str]:
    """Per code of a run that did not record its texts, the note that whether they changed is
    not known, when new readings (:func:`_readings_after`: a reading and a unit key it holds)
    came of the documents or speeches holding the code's labelled targets: those labelled now,
    which are the run's own while its labels stand (the same fingerprint); for a code whose
    labels changed since, that note says so already."""
    touched: dict[str, set[str]] = {}  # target -> the readings that hold it
    for reading, key in readings:
        touched.setdefault(level_key(key, run.level), set()).add(reading)
    out: dict[str, str] = {}
    for code in codes:
        found: set[str] = set()
        for target in now.codes.get(code, LabelCount(0, 0, "")).keys:
            found |= touched.get(target, set())
        if found:
            out[code] = _unknown(run, len(found), again)
    return out


def _texts_said(moved: int, n: int, level: str) -> str:
    """``the texts of 2 of its 25 labelled units changed since the run read them``."""
    if moved == 1:
        return f"the text of 1 of its {n} labelled {level}s changed since the run read it"
    return f"the texts of {moved} of its {n} labelled {level}s changed since the run read them"


def _unknown(run: Validation, replaced: int, again: str) -> str:
    """What a run recorded before the texts were says once a text of its labelled targets may
    have changed."""
    came = (f"{replaced} new document version(s) or replaced speech(es) holding its labelled "
            f"{run.level}s came after it")  # fmt: skip
    return (
        f"texts not recorded: validation run {run.run_id} was stored before runs recorded the "
        f"texts they measured and {came}, so whether they still read as it read them is not "
        f"known (neither stale nor current on that account): {again} to record them"
    )


def _before_record(
    run: Validation, now: Measured, later: int, after: str, again: str
) -> dict[str, str]:
    """A run stored before its labels were recorded: its scores' counts against the labels
    now, once coding work came after it (without such work, only counts that differ, which a
    text change can make: a mark on changed words no longer counts)."""
    out: dict[str, str] = {}
    for code in dict.fromkeys(s.code for s in run.scores):
        s = next(x for x in run.scores if x.code == code)
        current = now.codes.get(code, LabelCount(0, 0, ""))
        then = LabelCount(s.n, s.positives, "")
        if (current.n, current.positives) != (then.n, then.positives):
            out[code] = (
                f"labels changed since: validation run {run.run_id} measured "
                f"{then.said(run.level)}{after}; they are now {current.said(run.level)}: {again}"
            )
        elif later:
            out[code] = (
                f"labels may have changed since: validation run {run.run_id} measured "
                f"{then.said(run.level)}{after} (it predates the record of which labels it "
                f"read): {again}"
            )
    return out


def _labels_now(store: Store, run: Validation) -> Measured | None:
    """The labels of ``run``'s codebook at its level now, with their targets' texts (``None``
    when the codebook is gone)."""
    try:
        book = stored_codebook(store, run.codebook, run.codebook_version)
    except NotFoundError:
        try:
            book = stored_codebook(store, run.codebook)
        except NotFoundError:
            return None
    return measured(store, collect_labels(store, book, run.level))


def _readings_after(
    store: Store, run: Validation, mark: dict[str, int] | None
) -> list[tuple[str, str]]:
    """The readings that can have replaced a stored unit's text and came after ``run`` (a
    document version that replaced another; a corpus speech replaced), each with the key of
    every current unit it can have given another text (a version: the current units of its
    document's symbol, in either edition; a replaced speech: its key), as ``(reading, key)``.
    A version held back (:mod:`normtrace.store.shrunk`) is none: it was never current, so no
    unit took its text. After the run's watermark, else (a run stored before watermarks were
    kept) made by a later run, or by no run (then whether before or after it is not known:
    counted), or for a speech replaced by no run, recorded after the second it began. One
    query."""
    if mark is not None:
        docs, speeches = "f.id > :documents", "r.id > :speech_replacements"
        params: dict[str, Any] = {t: int(mark.get(t, 0)) for t in _TEXT_TABLES}
    else:
        docs = "(f.run_id IS NULL OR f.run_id > :run)"
        speeches = ("(r.run_id > :run OR (r.run_id IS NULL AND "
                    "substr(r.at, 1, 19) > substr(:since, 1, 19)))")  # fmt: skip
        params = {"run": run.run_id, "since": _started(store, run.run_id)}
    # the current documents of each new version's symbol (as the units view reads them); a
    # version held back (never current: the units kept the current version's texts) is none
    held = ("FROM documents f JOIN documents c ON c.symbol = f.symbol AND c.is_current = 1 "
            f"{{}} WHERE f.version > 1 AND {NOT_HELD.format('f')} AND {docs}")  # fmt: skip
    rows = store.conn.execute(
        "SELECT 'version ' || f.id, p.key "
        + held.format("JOIN paragraphs p ON p.document_id = c.id AND p.speech_id IS NULL")
        + " UNION ALL SELECT 'version ' || f.id, s.key "
        + held.format("JOIN speeches s ON s.document_id = c.id AND s.is_current = 1")
        + " UNION ALL SELECT 'speech ' || r.id, s.key FROM speech_replacements r "
        f"JOIN speeches s ON s.id = r.speech_id WHERE {speeches}",
        params,
    ).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def _later_work(store: Store, run: Validation, mark: dict[str, int] | None) -> int:
    """How many records of coding work of ``run``'s codebook (codings, verdicts, undos, review
    marks, adjudications; not memos) came after the run: after its watermark, else (a run
    stored before watermarks were kept) recorded after the second it began."""
    codes = ("SELECT c.code FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
             "WHERE b.name = :book")  # fmt: skip
    if mark is not None:
        after = {t: int(mark.get(t, 0)) for t in ("coding_events", "coding_reviews",
                                                   "adjudications")}  # fmt: skip
        events = ("id > :coding_events", "id > :coding_reviews", "id > :adjudications")
        params: dict[str, Any] = {"book": run.codebook, **after}
    else:
        # by the second: work of the second the run began is taken as read by it
        since = "substr({}, 1, 19) > substr(:since, 1, 19)"
        events = (since.format("at"), since.format("at"), since.format("created_at"))
        params = {"book": run.codebook, "since": _started(store, run.run_id)}
    row = store.conn.execute(
        f"SELECT (SELECT count(*) FROM coding_events WHERE {events[0]} AND action != 'memo' "
        f"AND (code IS NULL OR code IN ({codes}))) + "
        f"(SELECT count(*) FROM coding_reviews WHERE {events[1]} AND codebook = :book) + "
        f"(SELECT count(*) FROM adjudications WHERE {events[2]} AND code IN ({codes}))",
        params,
    ).fetchone()
    return int(row[0])


def _started(store: Store, run_id: int) -> str:
    row = store.conn.execute("SELECT started_at FROM runs WHERE id = ?", (run_id,)).fetchone()
    return str(row[0]) if row is not None else ""
