"""Suggestions: the model's probability of each code on every target not yet human-coded.

Section headings are left to hand coding, as ``code apply`` leaves them
(:data:`normtrace.coding.dictionary.apply.CODED_UNITS`, the one rule). A code its dictionary
rule predicts is suggested only where the dictionary hits
(:meth:`normtrace.coding.learn.train.DictionaryRule.suggested`). Suggestions are stored as
candidates (``suggestions``: run, model version, level, probability); verdicts on them
(:func:`record_suggestion_verdict`) are human labels for the next training.

*The bar is the one rule of what a suggestion is*: a run stores only the codes the model
gives at least its bar (``min_probability``, recorded in the run's parameters), so every
reader of the current suggestions (``code export --passages``, ``code list``, counts, the
workbench's unit and code pages, its queue) publishes nothing below it. A run without a bar
of its own (the workbench's Retrain) keeps the bar of the latest run that had one
(:func:`current_bar`), else :data:`DEFAULT_BAR`: a refresh never lowers what the researcher
chose. The queue orders what is stored by uncertainty; ``code next`` picks from every
target, whatever the bar.

*A model no better than the base rate is said, not hidden*: a run records, per code, the
judgement ``code train`` made of its model against the base rate
(:mod:`~normtrace.coding.learn.informative`) in its parameters (``informative``), and its
report gives it with the number of suggestions of each code; with ``skip_uninformative`` a
code judged no better than the base rate is left out of the run (its suggestions are not
stored; ``left_out`` names it). :func:`current_judgement` reads what the run whose
suggestions are current recorded, for the workbench's queue.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from normtrace.coding.dictionary.apply import CODED_UNITS, stored_codebook, text_sha256
from normtrace.coding.human import events
from normtrace.coding.human.joined_verdicts import JoinedVerdict, joined_verdicts
from normtrace.coding.human.reviews import touched_by_review_sql
from normtrace.coding.learn.informative import Judgement, stored_judgement
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.levels import check_level, level_units
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store

if TYPE_CHECKING:  # scikit-learn loads with a model, not for a verdict (`code judge`)
    from normtrace.coding.learn.train import Suggested

BATCH = 4096
#: the lowest bar a suggest run takes: below it a "suggestion" is a code the model says
#: almost surely does not apply, and every target would get a row per code
MIN_PROBABILITY = 0.05
#: the bar of a run given none, when no earlier run chose one: the codes the model thinks apply
DEFAULT_BAR = 0.5


@dataclass(frozen=True)
class Suggestion:
    """One suggested code on one target; ``id`` is its row in the store (what
    :func:`record_suggestion_verdict` and ``normtrace code judge ID`` take). Two suggestions
    are equal when they suggest the same, whatever run stored them."""

    unit_key: str
    code: str
    probability: float
    model: str
    id: int = field(compare=False)


@dataclass(frozen=True)
class SuggestReport:
    """What a suggest run did: its run, the model and the suggestions at or above the bar
    (``bar``, the run's ``min_probability``)."""

    run_id: int
    codebook: str
    level: str
    model: str
    targets: int
    seconds: float
    suggestions: list[Suggestion]
    bar: float = DEFAULT_BAR
    #: verdicts recorded before stop 40 on a key both editions hold, made on the two editions'
    #: words joined: they no longer count, so their targets are suggested again
    #: (:mod:`~normtrace.coding.human.joined_verdicts`, named, not counted)
    joined: tuple[JoinedVerdict, ...] = ()
    #: per code the run scored, its model's judgement against the base rate (as recorded in
    #: the run's parameters) and how many suggestions of it the run stored
    judged: dict[str, Judgement] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    #: the codes left out as no better than the base rate (``skip_uninformative``)
    left_out: tuple[str, ...] = ()
    #: the run whose suggestions are current after this one (``current_suggestions``: the
    #: latest run that stored any): an earlier run's when this one stored none, else ``None``
    still_current: int | None = None
    #: per code of the model the run stored no suggestion of (but those left out), why
    #: (:func:`~normtrace.coding.learn.unsuggested.unsuggested`)
    unsuggested: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PredictTask:
    """One batch of texts to score on a worker (the model travels with it), and the bar."""

    model: Any
    texts: list[str]
    bar: float = 0.5


def predict_batch(task: PredictTask) -> dict[str, Suggested]:
    """The worker's stage: each code's probabilities over the batch's texts and where it is
    suggested (:meth:`normtrace.coding.learn.train.Model.suggest`)."""
    scored: dict[str, Suggested] = task.model.suggest(task.texts, task.bar)
    return scored


#: ``mapper(func, items)``: ``func`` over ``items`` on some engine, results in input order
OrderedMapper = Callable[[Callable[[PredictTask], Any], Iterable[PredictTask]], Iterable[Any]]


def suggest(
    store: Store,
    codebook: str,
    *,
    level: str = "unit",
    min_probability: float | None = None,
    mapper: OrderedMapper | None = None,
    skip_uninformative: bool = False,
) -> SuggestReport:
    """Score every target not human-coded (nor a heading) with the latest model; store those
    ≥ the bar (``min_probability``, at least :data:`MIN_PROBABILITY`; ``None``: the bar of
    the latest run that chose one, :func:`current_bar`), the only suggestions any reader
    publishes (see the module doc).

    ``mapper`` scores batches on workers (e.g. :meth:`normtrace.engine.Engine.ordered`);
    this process stays the only writer and stores what a run without it stores.
    ``skip_uninformative``: leave out the codes whose model ``code train`` judged no better
    than the base rate (by default they are suggested, and the report says so).
    """
    from normtrace.coding.learn.train import ALGORITHM, latest_model
    from normtrace.coding.learn.unsuggested import unsuggested

    check_level(level)
    bar_from: int | str = "caller"
    if min_probability is None:
        min_probability, kept = current_bar(store, codebook, level)
        bar_from = kept if kept is not None else "default"
    if min_probability > 1.0:
        raise CodingError(f"--min-probability must be at most 1, not {min_probability}")
    if min_probability < MIN_PROBABILITY:
        raise CodingError(
            f"--min-probability must be between {MIN_PROBABILITY} and 1, not {min_probability}: "
            "below that nearly every target is stored once per code, as a code the model says "
            "does not apply; use 0.05 to fill a review queue, 0.5 for the codes it thinks apply"
        )
    started = time.perf_counter()
    model = latest_model(store, codebook, level)
    if model.run_id is None:  # pragma: no cover - latest_model sets it
        raise NotFoundError("model", codebook)
    book = stored_codebook(store, codebook)
    labels = collect_labels(store, book, level)
    # section headings are left to hand coding, as `code apply` leaves them (CODED_UNITS)
    targets = [u for u in level_units(store, level, among=f"({CODED_UNITS})")
               if u.key not in labels.human]  # fmt: skip
    # the codes it suggests (a code nobody labelled is not: its rule only repeats the
    # dictionary's candidates), each with its model's judgement against the base rate
    judgements = {code: stored_judgement(info) for code, info in model.codes.items()
                  if code in model.classifiers and (info.get("positives")
                                                    or info.get("negatives"))}  # fmt: skip
    left_out = tuple(c for c, j in judgements.items() if skip_uninformative and j.warns)
    params = {"codebook": codebook, "level": level, "model": model.version,
              "model_run": model.run_id, "min_probability": min_probability,
              "bar_from": bar_from, "skip_uninformative": skip_uninformative,
              "informative": {c: j.as_dict() for c, j in judgements.items()}}  # fmt: skip
    run_id = store.start_run("suggest", ALGORITHM, params)
    found: list[tuple[str, str, float]] = []
    rows: list[tuple[object, ...]] = []
    batches = [targets[start : start + BATCH] for start in range(0, len(targets), BATCH)]
    tasks = (PredictTask(model, [u.text for u in batch], min_probability) for batch in batches)
    scored = map(predict_batch, tasks) if mapper is None else mapper(predict_batch, tasks)
    for batch, by_code in zip(batches, scored, strict=True):
        for code, (p, keep) in by_code.items():
            judged = labels.by_code.get(code, {})  # a verdict on the code: a person decided
            if code not in judgements or code in left_out:
                continue  # no label yet, or left out as no better than the base rate
            # a dictionary rule suggests only its hits (DictionaryRule.suggested)
            near = labels.touched_for.get(code, frozenset())  # a mark for some codes only
            for i in keep.nonzero()[0].tolist():
                unit = batch[i]
                if unit.key in judged or unit.key in near:
                    continue
                prob = round(float(p[i]), 4)
                found.append((unit.key, code, prob))
                rows.append((run_id, model.run_id, model.version, codebook, model.codebook_version,
                             level, unit.key, code, prob, text_sha256(unit.text)))  # fmt: skip
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO suggestions (run_id, model_run_id, model_version, codebook, "
            "codebook_version, level, unit_key, code, probability, text_sha256) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        ids = {
            (r[0], r[1]): int(r[2])
            for r in conn.execute(
                "SELECT unit_key, code, id FROM suggestions WHERE run_id = ?", (run_id,)
            )
        }
    out = [Suggestion(key, code, prob, model.version, ids[key, code]) for key, code, prob in found]
    seconds = time.perf_counter() - started
    made = Counter(s.code for s in out)
    counts = {c: made[c] for c in judgements if c not in left_out}
    store.finish_run(run_id, {"targets": len(targets), "suggestions": len(out),
                              "by_code": counts, "left_out": list(left_out)})  # fmt: skip
    out.sort(key=lambda s: (s.code, -s.probability, s.unit_key))
    joined = tuple(v for v in joined_verdicts(store, codebook) if v.level == level)
    current = store.conn.execute("SELECT max(run_id) FROM suggestions WHERE codebook = ? AND "
                                 "level = ?", (codebook, level)).fetchone()[0]  # fmt: skip
    earlier = current if current is not None and current != run_id else None
    return SuggestReport(run_id, codebook, level, model.version, len(targets), seconds, out,
                         min_probability, joined, judgements, counts, left_out, earlier,
                         unsuggested(model, made, left_out, min_probability))  # fmt: skip


def current_judgement(store: Store, codebook: str, code: str, level: str = "unit") -> Judgement:
    """The judgement against the base rate of ``code``'s model that the run whose suggestions
    of ``codebook`` at ``level`` are current recorded (``current_suggestions``), or
    :data:`~normtrace.coding.learn.informative.UNJUDGED` for a run before runs recorded one
    (or none)."""
    row = store.conn.execute(
        "SELECT json_extract(r.params, '$.informative.' || json_quote(?)) AS judged FROM runs r "
        "WHERE r.id = (SELECT max(run_id) FROM suggestions WHERE codebook = ? AND level = ?)",
        (code, codebook, check_level(level)),
    ).fetchone()
    data = None if row is None or row["judged"] is None else json.loads(row["judged"])
    return stored_judgement({"informative": data})


def current_bar(store: Store, codebook: str, level: str = "unit") -> tuple[float, int | None]:
    """The bar a suggest run of ``codebook`` at ``level`` given none keeps, and the run it
    is kept from: the latest finished run's that recorded where its bar came from (a run
    before the bar was recorded, such as an old workbench Retrain at 0.05, sets none), else
    :data:`DEFAULT_BAR` and ``None``.

    >>> from normtrace.store.db import Store
    >>> current_bar(Store.open(":memory:"), "frames")
    (0.5, None)
    """
    row = store.conn.execute(
        "SELECT id, json_extract(params, '$.min_probability') AS bar FROM runs "
        "WHERE stage = 'suggest' AND finished_at IS NOT NULL "
        "AND json_extract(params, '$.codebook') = ? AND json_extract(params, '$.level') = ? "
        "AND json_extract(params, '$.bar_from') IS NOT NULL ORDER BY id DESC LIMIT 1",
        (codebook, check_level(level)),
    ).fetchone()
    return (DEFAULT_BAR, None) if row is None else (float(row["bar"]), int(row["id"]))


def record_suggestion_verdict(
    store: Store, *, coder: str, suggestion_id: int, verdict: str, memo: str | None = None
) -> events.CodingEvent:
    """Accept or reject a suggestion (an append-only verdict event naming it), on the target
    where its words stand: the suggestion's, or the key an ingest carried a verdict on it to
    when a new version moved the words (the latest such carry), so a verdict given after the
    move counts there as the carried one does
    (:mod:`~normtrace.coding.human.suggestion_verdicts`)."""
    if verdict not in events.VERDICTS:
        raise CodingError(f"verdict must be one of {', '.join(events.VERDICTS)}, not {verdict!r}")
    row = store.conn.execute(
        "SELECT s.code, s.codebook_version, coalesce(c.unit_key, s.unit_key) AS unit_key, "
        "coalesce(c.text_sha256, s.text_sha256) AS text_sha256 FROM suggestions s "
        "LEFT JOIN (SELECT unit_key, text_sha256 FROM coding_events WHERE suggestion_id = ? "
        "AND action = 'verdict' AND reanchors IS NOT NULL ORDER BY id DESC LIMIT 1) c "
        "WHERE s.id = ?",
        (suggestion_id, suggestion_id),
    ).fetchone()
    if row is None:
        raise NotFoundError("suggestion", str(suggestion_id), hint="see `normtrace code suggest`")
    return events.append_event(
        store, coder=coder, action="verdict", verdict=verdict, suggestion_id=suggestion_id,
        memo=memo, unit_key=row["unit_key"], code=row["code"],
        codebook_version=row["codebook_version"], text_sha256=row["text_sha256"],
    )  # fmt: skip


def suggestion_queue(
    store: Store,
    codebook: str,
    code: str,
    *,
    level: str = "unit",
    coder: str | None = None,
    limit: int = 50,
) -> list[dict[str, object]]:
    """Current suggestions of ``code`` with no verdict by ``coder``, most uncertain first;
    a target someone marked done since the suggest run is no longer open and is left out."""
    touched, touched_params = touched_by_review_sql(store, "s.codebook", "s.level", "s.unit_key",
                                                    "s.code", only=codebook)  # fmt: skip
    rows = store.conn.execute(
        "SELECT s.id, s.unit_key, s.code, s.probability, s.model_version "
        "FROM current_suggestions s "
        "WHERE s.codebook = ? AND s.level = ? AND s.code = ? AND NOT EXISTS ("
        "SELECT 1 FROM current_suggestion_verdicts v WHERE v.suggestion_id = s.id "
        f"AND (? IS NULL OR v.coder = ?)) AND NOT {touched} "
        "ORDER BY abs(s.probability - 0.5), s.unit_key LIMIT ?",
        (codebook, check_level(level), code, coder, coder, *touched_params, limit),
    )
    return [dict(zip(r.keys(), tuple(r), strict=True)) for r in rows]
