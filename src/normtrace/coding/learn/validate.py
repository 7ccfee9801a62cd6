"""Measured error on every code: precision, recall and F1 against the human codings.

Per code, two methods are scored on the targets humans labelled for it: the
dictionary (the code's own entries, else — for a frame id of ``FRAMES.md`` — the
default codebook's codes of that frame) and the trained model, by k-fold
cross-validation (the model of each fold never sees the fold it scores). Precision
and recall get 95 % Wilson intervals, F1 a 95 % percentile bootstrap interval over
targets, except where every resample gives one F1 (no true positive, or no error): there F1's
interval is bounded by precision's and recall's Wilson intervals
(:func:`normtrace.coding.intervals.f1_interval_from`; ``f1_interval_method`` says which).
A validation is stored as a run (stage ``validate``) and read back with
:func:`latest_validation` (``Project.latest_validation``) or, every run newest first, with
:func:`validations`. Beside the scores over every labelled target, a run stores the
dictionary's scores on the targets of each genre of text a code's error depends on (speeches,
report paragraphs, resolutions before 1999: :func:`normtrace.coding.units.genre`), so that a
passage of that genre is judged by the project's own labels of it
(:mod:`normtrace.coding.validity`).

A run of the dictionary alone (``code validate --no-model``, ``model=False``) trains nothing:
it scores the same dictionary rows, per genre and by any recorded draw, in seconds where the
folds take minutes, and records itself as such (algorithm :data:`DICTIONARY_ALGORITHM`, no
folds; :attr:`Validation.methods`), so that what reads a model's measurement
(``latest_validation(..., method="model")``: ``code train``'s "last measured", the split
``code train`` checks a classifier in) passes over it to the newest run that measured one.

A draw withdrawn since a run was stored (``code withdraw-draw``;
:mod:`normtrace.coding.draw_withdrawal`) counts in no estimate, and every reader of a stored
run sees it so, because they all read runs through :func:`validations`: its score is set apart
from :attr:`Validation.draw_scores` into :attr:`Validation.withdrawn_draws`, with the
withdrawal, so that what weighs a draw (the measured error of ``freq``, ``first``, the case
report and the web app; the case report's validation runs) never finds it and what names it
reads who withdrew it, when and why. A withdrawal taken back (``--undo``) weighs it again.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from normtrace.coding.codebook import Codebook
from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.draw_estimate import DrawScore, draw_scores
from normtrace.coding.draw_withdrawal import DrawWithdrawal, withdrawals
from normtrace.coding.figures import ci as _ci
from normtrace.coding.figures import figure
from normtrace.coding.intervals import wilson  # noqa: F401 - re-exported for callers
from normtrace.coding.learn.features import Featurizer, dictionary_column, reused_counts
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.learn.measured_labels import record, since, watermark
from normtrace.coding.learn.scores import BOOTSTRAP, CodeScore, score
from normtrace.coding.learn.split import (
    MIN_EXAMPLES,
    VALIDATION_FOLDS,
    shortfall,
    validation_split,
)
from normtrace.coding.learn.train import (
    ALGORITHM,
    TRAIN_PARAMS,
    DictionaryRule,
    fit_model,
    reference_for,
    training_texts,
)
from normtrace.coding.levels import LEVELS, check_level
from normtrace.coding.measured_error import Changed
from normtrace.coding.units import unit_genres
from normtrace.errors import CodingError
from normtrace.store.db import Store

if TYPE_CHECKING:
    from normtrace.coding.learn.reference import Reference

FOLDS = VALIDATION_FOLDS
#: what a run may measure: the dictionary and, unless it was run with ``--no-model``, the
#: model (:attr:`Validation.methods`; a run stored before runs recorded it measured both)
METHODS = ("dictionary", "model")
#: the algorithm a run of the dictionary alone records: its hits scored against the labels,
#: nothing trained (a run that measures the model records the learner's :data:`ALGORITHM`)
DICTIONARY_ALGORITHM = "validate.dictionary.v1"
#: the genres of text whose targets a run also scores apart (:func:`normtrace.coding.units.genre`)
GENRES = ("speech", "report", "early")
#: ``Validation.genre_scores``' entry for the labelled targets the project no longer held when
#: the run scored them (their key gone: of no genre): scored apart so that the main genre's
#: score (:func:`~normtrace.coding.labelled_draw.main_genre_score`) leaves them out
GONE = "gone"


@dataclass(frozen=True)
class WithdrawnDraw:
    """A draw a stored run weighed (or counted the labelling of) that was withdrawn since:
    its score as the run stored it, counted in no estimate, and the withdrawal."""

    score: DrawScore
    withdrawal: DrawWithdrawal


@dataclass(frozen=True)
class Validation:
    """A stored validation: per code and method, the scores."""

    run_id: int
    codebook: str
    codebook_version: str
    level: str
    at: str
    scores: list[CodeScore]
    #: per genre (:data:`GENRES`), the dictionary's scores on the labelled targets of that
    #: genre only (a code none of whose labelled targets is of the genre is absent); ``None``
    #: for a run stored before genres were scored apart
    genre_scores: dict[str, list[CodeScore]] | None = None
    #: what the run measured: per code the labelled targets, positives and their fingerprint,
    #: each labelled target's text's fingerprint (since stop 46), and the watermark of the
    #: project's human work when it read them
    #: (:func:`~normtrace.coding.learn.measured_labels.record`); ``None`` for a run stored
    #: before it was kept
    measured: dict[str, Any] | None = None
    #: per code whose labels or labelled targets' texts changed since the run, in words
    #: opening with what changed (filled by the readers that quote a run:
    #: :func:`latest_validation`, :func:`current_validations`;
    #: :func:`~normtrace.coding.learn.measured_labels.stale_notes`); empty when they stand
    stale: dict[str, str] = field(default_factory=dict)
    #: per code of :attr:`stale`, what changed (``labels``, ``texts`` or ``labels and
    #: texts``), as data (``Since.changed``): what the flags and the JSON and CSV keys say
    changed: dict[str, Changed] = field(default_factory=dict)
    #: per code of a run stored before runs recorded their texts, when a text may have changed
    #: since: that whether its labelled targets' texts changed is not known (neither stale nor
    #: current; :func:`~normtrace.coding.learn.measured_labels.unknown_notes`)
    texts_unknown: dict[str, str] = field(default_factory=dict)
    #: per code with a recorded draw at the run's level (``code sample``), the dictionary's
    #: estimate weighted by the draw's inclusion probabilities, or how far its labelling is
    #: (:func:`~normtrace.coding.draw_estimate.draw_scores`); empty for a run stored before
    draw_scores: list[DrawScore] = field(default_factory=list)
    #: the run's draw scores of the draws withdrawn since it ran, set apart from
    #: :attr:`draw_scores` when it is read (:func:`validations`; the module doc)
    withdrawn_draws: tuple[WithdrawnDraw, ...] = ()
    #: what the run measured (of :data:`METHODS`): a run of the dictionary alone
    #: (``--no-model``) has no model rows, and measured nothing of the model
    methods: tuple[str, ...] = METHODS
    #: the codes a run of the dictionary alone could not score: they have no dictionary, so
    #: only a model predicts them (a run that measured the model lists each with its model row)
    no_dictionary: tuple[str, ...] = ()

    @property
    def model_scored(self) -> bool:
        """Whether the run measured the model (``False``: ``code validate --no-model``)."""
        return "model" in self.methods

    def get(self, code: str, method: str = "model") -> CodeScore | None:
        """The score of ``code`` by ``method`` (``model`` or ``dictionary``)."""
        return next((s for s in self.scores if s.code == code and s.method == method), None)


def dictionary_predictions(book: Codebook, texts: list[str]) -> dict[str, list[int]]:
    """Per code with a dictionary, whether it hits each text (see the module doc)."""
    feats = Featurizer(book)
    hits = feats.dictionary_hits(texts) > 0
    names = feats.dictionary_names
    out: dict[str, list[int]] = {}
    for code in book.codes:
        col = dictionary_column(book, code.id)
        if col in names:
            out[code.id] = hits[:, names.index(col)].astype(int).tolist()
    return out


def cross_validated(
    book: Codebook,
    level: str,
    texts: dict[str, str],
    labels: dict[str, dict[str, int]],
    *,
    folds: int = FOLDS,
    seed: int = 0,
    params: dict[str, Any] | None = None,
    progress: bool | None = None,
) -> tuple[dict[str, dict[str, int]], dict[str, list[tuple[str, bool]]]]:
    """Per code, out-of-fold predictions for every labelled target (k-fold): 1 where the
    fold's model suggests the code at P >= 0.5 as ``code suggest`` does (a dictionary rule
    only on its dictionary's hits: :meth:`Model.suggest`), else 0; and for each fold whose
    model kept the code's dictionary rule, why (``compared``: the classifier did not beat it
    in cross-validation on the fold's labels; ``few``: too few labels to try) and whether the
    rule suggests its hits there (else its hits are right less than half the time on the
    fold's labels, and it suggests nothing); ``progress``: a bar over the folds on standard
    error (default: on a terminal).

    Every fold's model is :func:`fit_model`'s on the fold's texts, as if fitted alone; the
    folds share only what depends on one text alone (its hashed n-grams, its dictionary
    hits: :func:`~normtrace.coding.learn.features.reused_counts`), each text and reference
    example counted once, and BLAS runs on one thread."""
    keys = sorted(texts)
    out: dict[str, dict[str, int]] = {c: {} for c in labels}
    ruled: dict[str, list[tuple[str, bool]]] = {}
    if len(keys) < folds:
        return out, ruled
    split = validation_split(keys, folds, seed)  # the split `code train` checks
    show = sys.stderr.isatty() if progress is None else progress
    reference = reference_for(level, params)
    # the fits call BLAS on tiny arrays only (a two-parameter sigmoid per calibration fold),
    # which run on one thread whatever the pool: a pool of BLAS threads woken for each call
    # spun idle, a quarter of validate's CPU time; one thread gives the same numbers
    from threadpoolctl import threadpool_limits

    with reused_counts(), threadpool_limits(limits=1, user_api="blas"):
        for fit, held in tqdm(split, desc="validate", unit="fold", disable=not show,
                              file=sys.stderr):  # fmt: skip
            _fold(book, level, texts, labels, params, reference,
                  [keys[i] for i in fit], [keys[i] for i in held], out, ruled)  # fmt: skip
    return out, ruled


def _fold(
    book: Codebook,
    level: str,
    texts: dict[str, str],
    labels: dict[str, dict[str, int]],
    params: dict[str, Any] | None,
    reference: Reference | None,
    train: list[str],
    test: list[str],
    out: dict[str, dict[str, int]],
    ruled: dict[str, list[tuple[str, bool]]],
) -> None:
    """One fold of :func:`cross_validated`: the model fitted on ``train``, its suggestions on
    ``test`` into ``out``, why it kept a dictionary rule into ``ruled``."""
    model = fit_model(book, level, {k: texts[k] for k in train}, labels, params,
                      reference=reference, progress=False)  # fmt: skip
    scored = model.suggest([texts[k] for k in test], 0.5)
    for code, (_, keep) in scored.items():
        for k, v in zip(test, keep.tolist(), strict=True):
            out[code][k] = int(v)
    for code, rule in model.classifiers.items():
        if isinstance(rule, DictionaryRule):
            why = "compared" if "cv_f1" in model.codes.get(code, {}) else "few"
            ruled.setdefault(code, []).append((why, rule.fires))


def validate(
    store: Store,
    codebook: str,
    *,
    level: str = "unit",
    folds: int = FOLDS,
    seed: int = 0,
    reference: bool = True,
    model: bool = True,
) -> Validation:
    """Score the dictionary and the model of every code of ``codebook``; store as a run.

    ``reference``: the models learn from the bundled frames set as ``code train`` does
    (:mod:`normtrace.coding.learn.reference`); pass what the model was trained with.
    ``model=False`` (``code validate --no-model``): the dictionary alone, nothing trained
    (``folds``, ``seed`` and ``reference`` unused), recorded as such (the module doc)."""
    check_level(level)
    book = stored_codebook(store, codebook)
    mark = watermark(store)  # before the labels are read: later work makes the run stale
    labels = collect_labels(store, book, level)
    texts = training_texts(store, labels)
    if not texts:
        raise CodingError(
            f"codebook {codebook!r} has no human-coded {level}s to validate against; import "
            "codings (`normtrace code import`) first"
        )
    methods = METHODS if model else ("dictionary",)
    params: dict[str, Any] = {"codebook": codebook, "level": level, "bootstrap": BOOTSTRAP,
                              "methods": list(methods)}  # fmt: skip
    if model:
        params.update({"folds": folds, "seed": seed, **TRAIN_PARAMS, "reference": reference})
        examples = reference_for(level, params)
        params["reference"] = examples.version if examples is not None else False
    run_id = store.start_run("validate", ALGORITHM if model else DICTIONARY_ALGORITHM, params)
    keys = sorted(texts)
    oof: dict[str, dict[str, int]] = {}
    ruled: dict[str, list[tuple[str, bool]]] = {}
    with reused_counts():  # the folds find the dictionaries' hits of these texts again
        dictionary = dictionary_predictions(book, [texts[k] for k in keys])
        if model:
            oof, ruled = cross_validated(book, level, texts, labels.by_code, folds=folds,
                                         seed=seed, params={"reference": reference})  # fmt: skip
    scores: list[CodeScore] = []
    row = {k: i for i, k in enumerate(keys)}
    for code in labels.codes:
        labelled = [k for k in keys if k in labels.by_code[code]]
        truth = [labels.by_code[code][k] for k in labelled]
        if code in dictionary:
            scored = score(code, "dictionary", truth,
                           [dictionary[code][row[k]] for k in labelled])  # fmt: skip
            # a code whose targets nobody labelled (its coders marked other codes only)
            scores.append(scored if labelled else replace(scored, note=_unlabelled(level)))
        if model:
            scores.append(_model_score(code, level, keys, labels.by_code[code], oof.get(code, {}),
                                       ruled.get(code, []), folds, seed,
                                       has_dictionary=code in dictionary))  # fmt: skip
    by_genre = _genre_scores(store, labels.codes, labels.by_code, keys, dictionary)
    drawn = draw_scores(store, codebook, level, labels.by_code,
                        {c: {k: dictionary[c][row[k]] for k in keys}
                         for c in labels.codes if c in dictionary},
                        version=book.version)  # fmt: skip
    summary = {"codebook": codebook, "codebook_version": book.version, "level": level,
               "scores": [asdict(s) for s in scores],
               "genre_scores": {g: [asdict(s) for s in found]
                                for g, found in by_genre.items()},
               "labels": record(store, labels, mark),
               "draw_scores": [asdict(d) for d in drawn], "methods": list(methods),
               "no_dictionary": [] if model else
               [c for c in labels.codes if c not in dictionary]}  # fmt: skip
    store.finish_run(run_id, summary)
    return latest_validation(store, codebook, level=level) or Validation(
        run_id, codebook, book.version, level, "", scores
    )


def _unlabelled(level: str) -> str:
    """The note of a code's row when no target of ``level`` is labelled for the code."""
    return f"no {level} is labelled for this code, so nothing scores it"


def _model_score(
    code: str,
    level: str,
    keys: list[str],
    by_key: dict[str, int],
    oof: dict[str, int],
    kept: list[tuple[str, bool]],
    folds: int,
    seed: int,
    *,
    has_dictionary: bool,
) -> CodeScore:
    """``code``'s model row: its folds' out-of-fold suggestions (``oof``) scored against its
    labels (``by_key``) among the labelled ``keys``, with why the model kept the dictionary
    rule in some folds (``kept``: :func:`cross_validated`); else a row saying why there is no
    model to score, listed so that a code nobody can score yet is not silently missing."""
    labelled = [k for k in keys if k in by_key]
    truth = [by_key[k] for k in labelled]
    if labelled and all(k in oof for k in labelled):
        return replace(score(code, "model", truth, [oof[k] for k in labelled]),
                       note=_rule_note(kept, folds))  # fmt: skip
    pos = sum(truth)
    # in the words of `code train`'s line for the code (the same split, the same rule)
    short = shortfall(keys, by_key, folds, seed)
    note = "no model: " + (short.why if short else (
        f"{pos} positive(s), {len(truth) - pos} negative(s); without a dictionary a "
        f"code needs {MIN_EXAMPLES} of each in every training fold, so at least "
        f"{MIN_EXAMPLES + 1} of each"))  # fmt: skip
    more = (short.more_positives, short.more_negatives) if short else (0, 0)
    if has_dictionary and not labelled:  # it has a dictionary: no labels is why
        note, more = f"no model: {_unlabelled(level)}", (0, 0)
    if len(keys) < folds:
        note = f"no model: {len(keys)} labelled {level}s, fewer than {folds} folds"
        more = (0, 0)
    return CodeScore(code, "model", len(truth), pos, 0, 0, 0, None, None, None,
                     None, None, None, None, None, None, note, *more)  # fmt: skip


def _genre_scores(
    store: Store,
    codes: tuple[str, ...],
    by_code: dict[str, dict[str, int]],
    keys: list[str],
    dictionary: dict[str, list[int]],
) -> dict[str, list[CodeScore]]:
    """Per genre of :data:`GENRES` (and :data:`GONE`, the targets whose key the project no
    longer holds), the dictionary's score of each code with a dictionary on the labelled
    targets (``keys``, in the order of ``dictionary``'s columns) of that genre
    (without the F1's bootstrap interval: the measured error shows precision and recall)."""
    genres = unit_genres(store, keys)
    genres.update({k: GONE for k in keys if k not in genres})
    row = {k: i for i, k in enumerate(keys)}
    out: dict[str, list[CodeScore]] = {}
    for g in (*GENRES, GONE):
        for code in codes:
            labelled = [k for k in keys if k in by_code[code] and genres.get(k) == g]
            if code in dictionary and labelled:
                out.setdefault(g, []).append(score(
                    code, "dictionary", [by_code[code][k] for k in labelled],
                    [dictionary[code][row[k]] for k in labelled], f1_interval=False,
                ))  # fmt: skip
    return out


def _rule_note(kept: list[tuple[str, bool]], folds: int) -> str:
    """What a model row says when its model kept the dictionary rule in some folds (``kept``:
    why, and whether the rule suggested its hits, per such fold: :func:`cross_validated`)."""
    if not kept:
        return ""
    silent = sum(1 for _, fires in kept if not fires)
    if len(kept) < folds:
        said = f"in {len(kept)} of {folds} folds"
    elif not silent:
        said = "in every fold, so it scores as the dictionary does"
    else:
        said = "in every fold"
    nothing = (
        f"; in {silent} of them its hits were right less than half the time on the fold's "
        "labels, so it suggested nothing there"
        if silent
        else ""
    )
    whys = [why for why, _ in kept]
    compared, few = whys.count("compared"), whys.count("few")
    why = []
    if compared:
        why.append(f"{compared} where the classifier did not beat it by more than one standard "
                   "error on the fold's labels")  # fmt: skip
    if few:
        why.append(f"{few} with too few labels to train a classifier")
    tail = (
        "; the F1 `code train` reports is the estimate its choice rested on, this row "
        "measures the model"
        if compared
        else ""
    )
    return f"the model kept the dictionary rule {said} ({'; '.join(why)}){nothing}{tail}"


def model_measured(run: Validation, code: str) -> str:
    """What ``run`` measured of ``code``'s model, in words ("" when it lists no model of
    it), for ``code train`` to print beside the model it fitted: the run scored the models of
    its folds, on the labels of its time (and says when they changed since)."""
    s = run.get(code, "model")
    if s is None:
        return ""
    at = f"validation run {run.run_id} ({run.level} level)"
    if s.f1 is None and s.note.startswith("no model"):
        text = f"{at} measured no model of it ({s.note.removeprefix('no model: ')})"
    else:
        text = (f"{at}, by cross-validation on {s.n} labelled {run.level}s: its models "
                f"found {s.tp} of the {s.positives} positive(s), with {s.fp} false "
                f"positive(s); precision {figure(s.precision)} "
                f"{_ci(s.precision_low, s.precision_high)}, recall {figure(s.recall)} "
                f"{_ci(s.recall_low, s.recall_high)}, F1 {figure(s.f1)} "
                f"{_ci(s.f1_low, s.f1_high)}").replace(" ,", ",")  # fmt: skip
    said = [n for n in (run.stale.get(code, ""), run.texts_unknown.get(code, "")) if n]
    return "; ".join([text.rstrip(), *said])


def dictionary_only_note(store: Store, run: Validation) -> str:
    """What a run of the dictionary alone (``code validate --no-model``) did not measure, in
    one line ("" for a run that measured the model): no model, the newest run at its level
    that measured one (or none), the codes it could not score, and the command that measures
    the model; ``code validate``, the web app's validation page and the case report say it."""
    if run.model_scored:
        return ""
    last = next(validations(store, run.codebook, level=run.level, method="model"), None)
    said = (f"the model's newest measurement at {run.level} level is validation run "
            f"{last.run_id} ({last.at})" if last is not None
            else f"no run at {run.level} level has measured the model yet")  # fmt: skip
    unscored = (f"; not scored: {', '.join(run.no_dictionary)} (no dictionary, so only a model "
                "predicts them)" if run.no_dictionary else "")  # fmt: skip
    again = f"`normtrace code validate --codebook {run.codebook} --level {run.level}`"
    return (f"validation run {run.run_id} measured the dictionary alone (--no-model): no model "
            f"was trained or scored; {said}{unscored}; {again} without --no-model measures "
            "the model")  # fmt: skip


def latest_validation(
    store: Store, codebook: str, *, level: str | None = None, method: str | None = None
) -> Validation | None:
    """The newest stored validation of ``codebook`` (at ``level``, or any; that measured
    ``method`` of :data:`METHODS`, or any), else ``None``; with the codes whose labels or texts
    changed since it ran (:attr:`Validation.stale`), and for a run stored before the texts were
    recorded, the codes whose texts may have (:attr:`Validation.texts_unknown`). What reads a
    model's measurement asks for ``method="model"``: a newer run of the dictionary alone
    (``--no-model``) measured none."""
    run = next(validations(store, codebook, level=level, method=method), None)
    if run is None:
        return None
    now = since(store, run)
    return replace(run, stale=now.stale, changed=now.changed, texts_unknown=now.unknown)


def validations(
    store: Store, codebook: str, *, level: str | None = None, method: str | None = None
) -> Iterator[Validation]:
    """The stored validations of ``codebook`` (at ``level``, or any; that measured ``method``,
    or any), newest first (without :attr:`Validation.stale` and
    :attr:`Validation.texts_unknown`: :func:`~normtrace.coding.learn.measured_labels.since`
    reads them); a draw withdrawn since a run was stored is set apart from its
    :attr:`Validation.draw_scores` into :attr:`Validation.withdrawn_draws` (the module doc)."""
    if method is not None and method not in METHODS:
        raise CodingError(f"no validation method {method!r}; the methods: {', '.join(METHODS)}")
    rows = store.conn.execute(
        "SELECT id, finished_at, summary FROM runs WHERE stage = 'validate' "
        "AND finished_at IS NOT NULL ORDER BY id DESC"
    ).fetchall()
    gone = withdrawals(store)
    for r in rows:
        data = json.loads(r["summary"] or "{}")
        if data.get("codebook") != codebook or (level is not None and data.get("level") != level):
            continue
        methods = tuple(str(m) for m in data.get("methods", METHODS))  # before: both
        if method is not None and method not in methods:
            continue
        drawn = [DrawScore.from_dict(d) for d in data.get("draw_scores", [])]
        yield Validation(
            int(r["id"]), codebook, str(data.get("codebook_version", "")), str(data["level"]),
            str(r["finished_at"]), [CodeScore(**s) for s in data.get("scores", [])],
            None if data.get("genre_scores") is None else
            {str(g): [CodeScore(**s) for s in found] for g, found in data["genre_scores"].items()},
            data.get("labels"),
            draw_scores=[d for d in drawn if d.draw not in gone],
            withdrawn_draws=tuple(WithdrawnDraw(d, gone[d.draw]) for d in drawn
                                  if d.draw in gone),
            methods=methods, no_dictionary=tuple(data.get("no_dictionary", ())),
        )  # fmt: skip


def current_validations(store: Store) -> list[Validation]:
    """The newest stored validation of each codebook the project holds, at each level, the
    codebook's name and then the level in order: the tables a report shows."""
    names = [str(r[0]) for r in store.conn.execute(
        "SELECT DISTINCT name FROM codebooks ORDER BY name")]  # fmt: skip
    found = (latest_validation(store, name, level=level) for name in names for level in LEVELS)
    return [v for v in found if v is not None]
