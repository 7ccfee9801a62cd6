"""What a validation run measured, and whether it still holds: the human labels behind each
code's score when the run was made, recorded with the run, and the one reading of whether they
changed since (:func:`stale_notes`), which every surface quoting a stored validation calls
(``freq``, ``first``, the case report, the web workbench's codebook and validation pages,
through :func:`normtrace.coding.validity.code_validity` or directly).

A ``code validate`` run is k-fold cross-validation: slow, so nothing re-runs it behind a
reader's back. Its record (:func:`record`) holds, per code, how many labelled targets and
positives stood behind its score and a fingerprint of those labels (each target's key and
label), beside the last row id of each table of human work (a watermark). Reading it again is
cheap: while no row was added to those tables the labels are the run's; else the labels are
collected again (:func:`~normtrace.coding.learn.labels.collect_labels`, no model) and
compared per code. A code whose labels differ is named with what the run measured, what the
labels are now, how many records of coding work came after it and the command that measures
again. A run stored before this record was kept says what it can once coding work was
recorded after it began: its score's counts against today's labels (changed, or may have).
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.learn.labels import Labels, collect_labels
from normtrace.coding.learn.scores import CodeScore
from normtrace.coding.levels import level_units
from normtrace.errors import NotFoundError
from normtrace.store.db import Store


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


#: the tables whose rows can change a codebook's labels (human work, and new document
#: versions that move it): the watermark is the last id of each
_WORK_TABLES = ("coding_events", "coding_reviews", "adjudications", "anchor_reviews",
                "documents", "speech_replacements")  # fmt: skip


@dataclass(frozen=True)
class LabelCount:
    """The labelled targets of one code, and their fingerprint."""

    n: int
    positives: int
    digest: str

    def said(self, level: str) -> str:
        """``57 labelled paragraphs (9 positive)``."""
        return f"{self.n} labelled {level}s ({self.positives} positive)"


def watermark(store: Store) -> dict[str, int]:
    """The last row id of each table of human work (0 for an empty one)."""
    return {
        table: int(store.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
        for table in _WORK_TABLES
    }


def label_counts(store: Store, labels: Labels) -> dict[str, LabelCount]:
    """Per code of ``labels``, its labelled targets whose text still exists (what a
    validation run scores: ``CodeScore.n`` and ``positives``) and their fingerprint."""
    there = {u.key for u in level_units(store, labels.level, labels.keys())}
    out: dict[str, LabelCount] = {}
    for code in labels.codes:
        held = sorted((k, v) for k, v in labels.by_code.get(code, {}).items() if k in there)
        text = "\n".join(f"{k}\t{v}" for k, v in held)
        out[code] = LabelCount(
            len(held),
            sum(v for _, v in held),
            hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        )
    return out


def record(store: Store, labels: Labels, mark: dict[str, int]) -> dict[str, Any]:
    """What a validation run stores of the labels it measured (``mark``: the
    :func:`watermark` taken before the labels were read)."""
    return {
        "watermark": mark,
        "codes": {
            code: {"n": c.n, "positives": c.positives, "digest": c.digest}
            for code, c in label_counts(store, labels).items()
        },
    }


#: stale_notes' answers per store, by run and watermark: a page or a report asks several times
#: for one run; any new row of human work changes the watermark, so an answer never outlives
#: the labels it read
_ANSWERS: weakref.WeakKeyDictionary[Store, dict[tuple[int, str], dict[str, str]]] = (
    weakref.WeakKeyDictionary()
)


def stale_notes(store: Store, run: Validation) -> dict[str, str]:
    """Per code of ``run`` whose human labels changed since the run, in words: what the run
    measured, what the labels are now, how much coding work came after it, and the command that
    measures again. Codes whose labels stand are absent (an empty dict: the run holds). Read
    once per run and watermark (the labels are collected again only after new human work)."""
    mark = watermark(store)
    answers = _ANSWERS.setdefault(store, {})
    key = (run.run_id, json.dumps(mark, sort_keys=True))
    if key not in answers:
        answers[key] = _stale_notes(store, run, mark)
    return dict(answers[key])


def _stale_notes(store: Store, run: Validation, mark: dict[str, int]) -> dict[str, str]:
    kept = run.measured
    if kept is not None and kept.get("watermark") == mark:
        return {}  # no row of human work since: the labels are the run's
    later = _later_work(store, run, None if kept is None else kept.get("watermark"))
    if kept is None and not later:
        return {}  # a run stored before its labels were: no coding work recorded after it
    now = _labels_now(store, run)
    if now is None:
        return {}
    again = f"run `normtrace code validate --codebook {run.codebook} --level {run.level}` again"
    after = f" before {later} later record(s) of coding work" if later else ""
    out: dict[str, str] = {}
    if kept is not None:
        for code, was in kept.get("codes", {}).items():
            then = LabelCount(int(was["n"]), int(was["positives"]), str(was["digest"]))
            current = now.get(code, LabelCount(0, 0, ""))
            if current.digest == then.digest:
                continue
            other = " (other targets)" if (current.n, current.positives) == (
                then.n, then.positives) else ""  # fmt: skip
            out[code] = (
                f"labels changed since: validation run {run.run_id} measured "
                f"{then.said(run.level)}{after}; they are now {current.said(run.level)}"
                f"{other}: {again}"
            )
        return out
    # a run stored before its labels were recorded, coding work after it: its scores'
    # counts against the labels now
    for code in dict.fromkeys(s.code for s in run.scores):
        s = next(x for x in run.scores if x.code == code)
        current = now.get(code, LabelCount(0, 0, ""))
        then = LabelCount(s.n, s.positives, "")
        if (current.n, current.positives) != (then.n, then.positives):
            out[code] = (
                f"labels changed since: validation run {run.run_id} measured "
                f"{then.said(run.level)}{after}; they are now {current.said(run.level)}: {again}"
            )
        else:
            out[code] = (
                f"labels may have changed since: validation run {run.run_id} measured "
                f"{then.said(run.level)}{after} (it predates the record of which labels it "
                f"read): {again}"
            )
    return out


def _labels_now(store: Store, run: Validation) -> dict[str, LabelCount] | None:
    """The labels of ``run``'s codebook at its level now (``None`` when the codebook is gone)."""
    try:
        book = stored_codebook(store, run.codebook, run.codebook_version)
    except NotFoundError:
        try:
            book = stored_codebook(store, run.codebook)
        except NotFoundError:
            return None
    return label_counts(store, collect_labels(store, book, run.level))


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
