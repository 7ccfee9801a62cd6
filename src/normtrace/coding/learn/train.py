"""Train one calibrated linear classifier per code from the human codings.

:func:`fit_model` is the pure stage (texts and labels in, a :class:`Model` out);
:func:`train_model` reads the labels of a codebook at a level from the project,
fits, and stores the model as a run (``runs`` + ``learn_models``: version,
parameters, per-code counts). The model version is a content hash of the
parameters, the codebook version and the labelled texts, so the same labels give
the same version.

*Every classifier is measured*: ``code train`` (and Retrain) fits a code without a dictionary
only when ``code validate`` could measure its error (:func:`unmeasured`); until then it is
suggested nowhere, and ``code next`` picks the targets to label for it.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np
from tqdm import tqdm

from normtrace.coding.codebook import Codebook
from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.learn.features import (
    DEFAULT_PARAMS,
    Featurizer,
    dictionary_column,
    frame_of_code,
)
from normtrace.coding.learn.informative import judge
from normtrace.coding.learn.labels import Labels, collect_labels
from normtrace.coding.learn.reference import Reference, bundled_reference
from normtrace.coding.learn.rule import PRIOR_HIT as PRIOR_HIT
from normtrace.coding.learn.rule import PRIOR_MISS as PRIOR_MISS
from normtrace.coding.learn.rule import DictionaryRule as DictionaryRule
from normtrace.coding.learn.rule import rule_rates as rule_rates
from normtrace.coding.learn.scores import f1_gap_se, f1_rows, score
from normtrace.coding.learn.split import MIN_EXAMPLES, VALIDATION_FOLDS, code_split, unmeasured
from normtrace.coding.levels import check_level, level_units
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store, utc_now

#: the learner's name: ``-3`` since liblinear's fits take turns at its one random generator
#: (:mod:`~normtrace.coding.learn.liblinear`; ``-2``'s folds drew from it in threads at once)
ALGORITHM = "learn-linear-3"
#: how the logistic regression is solved: part of every model version, so fits by different
#: solvers (the same optimum, probabilities within 0.001) never share one. liblinear's dual
#: solver visits the texts in a random order: a fixed seed makes a fit the same on every run
SOLVER: dict[str, Any] = {"solver": "liblinear", "dual": True, "max_iter": 1000, "random_state": 0}
#: below this many positives a classifier is not trusted: a code with a dictionary (its own
#: entries, or the default codebook's codes of the frame it names) is predicted by that
#: dictionary instead, with the dictionary's smoothed precision on the labelled units
#: (:func:`rule_rates`)
MIN_LEARNED_POSITIVES = 5
#: with more positives, a code that has a dictionary keeps the dictionary rule unless the
#: classifier's F1 in ``code validate``'s folds of its labelled targets (:func:`code_split`)
#: beats it by more than one standard error of the difference: the figure ``code train``
#: prints is then one ``code validate``'s split gives (3 stratified folds of their own gave
#: a new user's code of 8 positives F1 0.80, validate's folds 0.40)
#: paired bootstrap resamples of the pooled held-out predictions behind that standard error
SELECTION_BOOTSTRAP = 400


#: F1 along the last axis (:func:`~normtrace.coding.learn.scores.f1_rows`)
_f1 = f1_rows


#: a code's probabilities on some texts and whether it is suggested on each (:meth:`Model.suggest`)
Suggested: TypeAlias = tuple[np.ndarray[Any, np.dtype[np.float64]],
                             np.ndarray[Any, np.dtype[np.bool_]]]  # fmt: skip

#: ``reference``: codes that stand for a frame also learn from the bundled frames set
TRAIN_PARAMS: dict[str, Any] = {**DEFAULT_PARAMS, "C": 10.0, "calibration": "sigmoid",
                                "calibration_folds": 5, "seed": 0, "reference": True}  # fmt: skip


def reference_for(level: str, params: dict[str, Any] | None) -> Reference | None:
    """The bundled reference examples at ``level``, unless ``params`` say ``reference: False``."""
    wanted = (params or {}).get("reference", TRAIN_PARAMS["reference"])
    return bundled_reference(level) if wanted is not False else None


@dataclass
class Model:
    """A trained model: the featurizer and one classifier per code that had enough labels."""

    codebook: str
    codebook_version: str
    level: str
    version: str
    params: dict[str, Any]
    featurizer: Featurizer
    classifiers: dict[str, Any] = field(default_factory=dict)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    run_id: int | None = None

    def predict(self, texts: Sequence[str]) -> dict[str, np.ndarray[Any, np.dtype[np.float64]]]:
        """Per trained code, the probability that it applies to each text."""
        if not texts:
            return {c: np.zeros(0) for c in self.classifiers}
        X = self.featurizer.transform(texts)
        return {c: clf.predict_proba(X)[:, 1] for c, clf in self.classifiers.items()}

    def suggest(self, texts: Sequence[str], bar: float = 0.5) -> dict[str, Suggested]:
        """Per trained code, its probability on each text and whether it is suggested there
        at probability ``bar``: a classifier where P >= ``bar``, a dictionary rule only on its
        dictionary's hits (:meth:`DictionaryRule.suggested`)."""
        if not texts:
            return {c: (np.zeros(0), np.zeros(0, dtype=bool)) for c in self.classifiers}
        X = self.featurizer.transform(texts)
        out: dict[str, Suggested] = {}
        for code, clf in self.classifiers.items():
            p = clf.predict_proba(X)[:, 1]
            keep = clf.suggested(clf.hits(X), bar) if isinstance(clf, DictionaryRule) else p >= bar
            out[code] = (p, keep)
        return out


@dataclass(frozen=True)
class TrainReport:
    """What a training run did."""

    run_id: int
    codebook: str
    level: str
    version: str
    labelled: int
    codes: dict[str, dict[str, Any]]


def make_classifier(y: Sequence[int], params: dict[str, Any]) -> Any:
    """A logistic regression, calibrated by cross-validation when both classes allow it.

    Solved in its dual form: with far more n-gram features than labelled texts, liblinear
    reaches the same optimum with 1.3-1.8x less CPU than the primal form (``bench_learn.py``).
    Its fits take turns (:mod:`~normtrace.coding.learn.liblinear`): the dual solver shuffles
    with liblinear's one process-wide generator, which threads would share."""
    from sklearn.calibration import CalibratedClassifierCV  # loaded to fit, not with the module

    from normtrace.coding.learn.liblinear import TurnLogisticRegression

    base = TurnLogisticRegression(C=float(params["C"]), **SOLVER)
    smaller = min(sum(y), len(y) - sum(y))
    folds = min(int(params["calibration_folds"]), smaller)
    if folds < 2:
        return base
    return CalibratedClassifierCV(base, method=str(params["calibration"]), cv=folds)


def fit_model(
    book: Codebook,
    level: str,
    texts: dict[str, str],
    labels: dict[str, dict[str, int]],
    params: dict[str, Any] | None = None,
    *,
    reference: Reference | None = None,
    progress: bool | None = None,
    measured: bool = False,
) -> Model:
    """Fit a model on ``texts`` (target key → text) with ``labels`` (code → key → 0/1);
    ``progress``: a bar over the codes on standard error (default: on a terminal);
    ``measured``: a code without a dictionary gets a classifier only when ``code validate``
    could measure it (:func:`unmeasured`), as ``code train`` asks.

    With ``reference`` (see :mod:`normtrace.coding.learn.reference`), a code that stands for
    a frame also learns from the reference examples of that frame, except those of documents
    ``labels`` or ``texts`` name; the dictionary's rule and the cross-validated choice
    between dictionary and classifier use the own labels only."""
    p = {**TRAIN_PARAMS, **(params or {})}
    keys = sorted(texts)
    frames = {c.id: frame_of_code(c) for c in book.codes}
    ref_keys: list[str] = []
    if reference is not None and any(frames.get(c) for c in labels):
        named = set(texts).union(*(set(by_key) for by_key in labels.values()))
        ref_keys = [k for k in reference.usable(named) if k not in texts]
        p["reference"] = reference.version
    else:
        p["reference"] = False
    all_texts = [texts[k] for k in keys] + [reference.texts[k] for k in ref_keys if reference]
    featurizer = Featurizer(book, {k: p[k] for k in DEFAULT_PARAMS}).fit(all_texts)
    X = featurizer.transform(all_texts) if all_texts else None
    row = {k: i for i, k in enumerate(keys)}
    model = Model(book.name, book.version, level, model_version(book, level, texts, labels, p),
                  p, featurizer)  # fmt: skip
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(labels.items(), desc="train", unit="code", disable=not show, file=sys.stderr)
    for code, by_key in bar:
        extra = Extra.of(reference, ref_keys, frames.get(code), len(keys))
        clf, info = _fit_code(book, featurizer, X, row, by_key, p, extra, code, measured)
        if clf is not None:
            model.classifiers[code] = clf
        model.codes[code] = info
    return model


def _fit_code(
    book: Codebook,
    featurizer: Featurizer,
    X: Any,
    row: dict[str, int],
    by_key: dict[str, int],
    p: dict[str, Any],
    extra: Extra,
    code: str,
    measured: bool = False,
) -> tuple[Any, dict[str, Any]]:
    """One code's predictor (dictionary rule, classifier or ``None``) and what was done.

    ``info["status"]`` says it in words. ``info["dictionary"]`` is the dictionary's score on
    the labelled targets (its hits taken as codings), the computation and the number
    ``normtrace code validate`` reports on the same labels; ``info["cv_f1"]`` is the
    cross-validated F1 at probability 0.5 of the *dictionary rule* (the dictionary's hits
    turned into calibrated probabilities, what ``code suggest`` would use) and of the
    classifier, which the choice between them compares."""
    items = sorted((k, y) for k, y in by_key.items() if k in row)
    y = [v for _, v in items]
    rows = [row[k] for k, _ in items]
    pos, neg = sum(y), len(y) - sum(y)
    info: dict[str, Any] = {"positives": pos, "negatives": neg}
    rule = _dictionary_rule(book, featurizer, code, X, rows, y)
    if rule is not None and X is not None and rows:
        s = score(code, "dictionary", y, rule.hits(X, rows).astype(int).tolist(),
                  f1_interval=False)  # fmt: skip
        info["dictionary"] = {"precision": s.precision, "recall": s.recall, "f1": s.f1,
                              "n": s.n}  # fmt: skip
    learnable = pos >= MIN_EXAMPLES and neg >= MIN_EXAMPLES
    if rule is not None and (pos < MIN_LEARNED_POSITIVES or not learnable):
        if pos < MIN_LEARNED_POSITIVES:
            why = f"{pos} positive(s), fewer than the {MIN_LEARNED_POSITIVES} a classifier needs"
        else:
            why = (f"{neg} negative(s), fewer than the {MIN_EXAMPLES} a classifier needs: mark "
                   "reviewed units done or import rows with an empty code")  # fmt: skip
        info["status"] = f"dictionary rule ({why}; {_rule_words(rule, info)})"
        # judged on no held-out predictions: under MIN_EACH of a class is too few anyway
        info["informative"] = judge(y, [0.0] * len(y), predictor="dictionary rule").as_dict()
        return rule, info
    # a classifier whose error `code validate` could not measure is suggested nowhere
    split = (int(p.get("validation_folds", VALIDATION_FOLDS)), int(p.get("validation_seed", 0)))
    short = (unmeasured(list(row), by_key, *split)
             if measured and learnable and rule is None else None)  # fmt: skip
    if not learnable or X is None or short:
        need = short or (f"needs at least {MIN_EXAMPLES + 1} of each, so that every training "
                         f"fold of `code validate` holds {MIN_EXAMPLES}, and the code has no "
                         "dictionary")  # fmt: skip
        info["status"] = f"not trained ({pos} positive(s), {neg} negative(s): {need})"
        return None, info
    if extra.rows:  # the cross-validated choice and the classifier learn from them too
        info["reference"] = {"frame": extra.frame, "examples": len(extra.rows),
                             "of": extra.total, "positives": int(sum(extra.y)),
                             "set": p["reference"]}  # fmt: skip
    # held-out predictions in the folds `code validate` scores the code in: the choice
    # between rule and classifier reads them, and the judgement against the base rate
    # (:mod:`~normtrace.coding.learn.informative`; a classifier without a dictionary is
    # held out only when `code train` asks, `measured`)
    folds = code_split(sorted(row), [k for k, _ in items], *split)
    held = _held_out(X, rows, y, rule, p, extra, folds) if rule is not None or measured else None
    if rule is not None and held is not None:
        f1_rule, f1_clf, se = _cross_validated_f1(held, int(p["seed"]), folds)
        info["cv_f1"] = {"dictionary": round(f1_rule, 4), "classifier": round(f1_clf, 4),
                         "difference_se": round(se, 4)}  # fmt: skip
        if rule.fires and f1_clf - f1_rule <= se:
            info["status"] = (
                f"dictionary rule ({_in_folds(folds)} {f1_rule:.2f}; the classifier's {f1_clf:.2f} "
                + ("is no better" if round(f1_clf, 2) <= round(f1_rule, 2) else "is better by no "
                   f"more than one standard error, {se:.2f}") + f"; {_rule_words(rule, info)})"
            )  # fmt: skip
            info["informative"] = held.judged(True, _in_held(folds, True))
            return rule, info
        if not rule.fires and f1_clf <= f1_rule:
            info["status"] = (
                f"dictionary rule (it gives no code P >= 0.5 where it hits, and the classifier "
                f"does no better: cross-validated F1 {f1_clf:.2f}; {_rule_words(rule, info)})"
            )
            info["informative"] = held.judged(True, _in_held(folds, True))
            return rule, info
    clf = make_classifier(y + extra.y, p)
    clf.fit(X[rows + extra.rows], np.array(y + extra.y))
    if held is not None:
        info["informative"] = held.judged(False, _in_held(folds, False))
    info["status"] = f"trained on {pos} positive(s), {neg} negative(s)" + ("" if rule is not None
        else " (a classifier, no dictionary: only `code validate` measures it)")  # fmt: skip
    if extra.rows:
        info["status"] += (
            f" (with {len(extra.rows)} of the bundled frames set's {extra.total} paragraphs as "
            f"reference examples of {extra.frame}"
            + (f"; {extra.total - len(extra.rows)} left out: their documents are in this "
               "project's labels)" if extra.total > len(extra.rows) else ")")
        )  # fmt: skip
    if "cv_f1" in info:
        cv = info["cv_f1"]
        fires = rule is not None and rule.fires
        info["status"] += (
            f" ({_in_folds(folds)} {cv['classifier']:.2f} > dictionary rule's "
            f"{cv['dictionary']:.2f}"
            + (f" by more than one standard error, {cv['difference_se']:.2f}" if fires else
               f": the rule gives P {rule.p_hit if rule else 0:.2f} where it hits, under "
               "0.5, so it suggests nothing")
            + (f"; dictionary hits as codings: F1 {_num(info['dictionary']['f1'])}"
               if "dictionary" in info else "")
            + "; `code validate` scores the model, which chooses again in each of its folds)"
        )  # fmt: skip
    return clf, info


def _in_folds(folds: list[tuple[list[int], list[int]]]) -> str:
    """How the choice's F1 was measured, in words."""
    return (f"cross-validated F1 at P >= 0.5 in `code validate`'s {len(folds)} folds of the "
            "project's labels")  # fmt: skip


def _in_held(folds: list[tuple[list[int], list[int]]], by_rule: bool) -> str:
    """Where the judgement's targets were held out and what predicted them, in words."""
    fit = ("the dictionary rule's rates" if by_rule
           else "a classifier over the features of every labelled text")  # fmt: skip
    return f"`code validate`'s {len(folds)} folds ({fit}, from the other folds' labels only)"


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _rule_words(rule: DictionaryRule, info: dict[str, Any]) -> str:
    """The dictionary rule's probabilities and the dictionary's score, in words."""
    d = info.get("dictionary")
    labelled_hits = d is not None and d["precision"] is not None
    where = (f"P(code | hit) {rule.p_hit:.2f}" if labelled_hits else
             f"P(code | hit) {rule.p_hit:.2f}, its prior: no labelled hit yet")  # fmt: skip
    if d is None or d["f1"] is None:
        return where
    return (f"{where}; its hits as codings on the {d['n']} labelled targets: precision "
            f"{_num(d['precision'])}, recall {_num(d['recall'])}, F1 {_num(d['f1'])}")  # fmt: skip


@dataclass(frozen=True)
class Extra:
    """Reference rows of the feature matrix (after the own rows) and their labels for one
    code's frame; empty when the code stands for no frame or there is no reference."""

    rows: list[int] = field(default_factory=list)
    y: list[int] = field(default_factory=list)
    frame: str | None = None
    #: how many examples the reference holds (before leaving out the project's documents)
    total: int = 0

    @classmethod
    def of(cls, reference: Reference | None, keys: list[str], frame: str | None,
           offset: int) -> Extra:  # fmt: skip
        if reference is None or frame is None or not keys:
            return cls()
        return cls([offset + i for i in range(len(keys))],
                   [reference.label(k, frame) for k in keys], frame,
                   len(reference.texts))  # fmt: skip


@dataclass(frozen=True)
class HeldOut:
    """A code's labelled targets predicted by the models of the folds that hold them out
    (:func:`_held_out`), pooled in fold order: the truth, the classifier's probabilities,
    and the dictionary rule's probabilities and suggestions (``None`` without a rule)."""

    truth: np.ndarray[Any, np.dtype[np.bool_]]
    classifier: np.ndarray[Any, np.dtype[np.float64]]
    rule: np.ndarray[Any, np.dtype[np.float64]] | None = None
    rule_suggests: np.ndarray[Any, np.dtype[np.bool_]] | None = None

    def judged(self, by_rule: bool, folds: str) -> dict[str, Any]:
        """The judgement against the base rate of the rule's predictions (``by_rule``) or
        the classifier's (:func:`~normtrace.coding.learn.informative.judge`), JSON-ready."""
        if by_rule and self.rule is not None and self.rule_suggests is not None:
            return judge(self.truth, self.rule, predictor="dictionary rule", folds=folds).as_dict()
        return judge(self.truth, self.classifier, folds=folds).as_dict()


def _held_out(
    X: Any,
    rows: list[int],
    y: list[int],
    rule: DictionaryRule | None,
    params: dict[str, Any],
    extra: Extra | None,
    split: list[tuple[list[int], list[int]]],
) -> HeldOut:
    """Each labelled target (``rows`` of ``X``, labels ``y``) predicted by the classifier,
    and by the dictionary ``rule`` when there is one, fitted on the folds ``split`` (positions
    in ``rows``: ``code validate``'s, :func:`code_split`) that do not hold it out. Each fold's
    rule and classifier are fitted on the other folds only (the classifier also on the
    ``extra`` reference rows, which are never held out: the predictions are judged on the
    project's own labels; a fold whose other folds hold one class only predicts that
    class)."""
    target = np.array(y)
    idx = np.array(rows)
    more = extra or Extra()
    hits = None
    if rule is not None:
        start = X.shape[1] - rule.n_columns
        hits = np.asarray(X[idx, start + rule.column].todense()).ravel() > 0

    def fold(train: list[int], held: list[int]) -> tuple[Any, ...]:
        truth = target[held].astype(bool)
        by_rule = p_rule = None
        if rule is not None and hits is not None:
            rates = rule_rates(hits[train], target[train].astype(bool))
            fold_rule = DictionaryRule(rule.column, rule.n_columns, *rates)
            by_rule = fold_rule.suggested(hits[held])  # what `code suggest` would suggest
            p_rule = np.where(hits[held], fold_rule.p_hit, fold_rule.p_miss)
        fit_y = list(target[train]) + more.y
        if len(set(fit_y)) < 2:  # one class to learn from: the classifier predicts it
            p_clf = np.full(len(held), float(bool(fit_y and fit_y[0])))
        else:
            clf = make_classifier(fit_y, params)
            clf.fit(X[list(idx[train]) + more.rows], np.array(fit_y))
            p_clf = clf.predict_proba(X[idx[held]])[:, 1]
        return truth, p_clf, p_rule, by_rule

    # a thread per core, the folds' liblinear fits taking turns (:mod:`.liblinear`: the same
    # probabilities on every run); BLAS sees tiny arrays (a sigmoid per fold): one thread
    from threadpoolctl import threadpool_limits

    with (threadpool_limits(limits=1, user_api="blas"),
          ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool):  # fmt: skip
        done = list(pool.map(lambda f: fold(*f), [(t, h) for t, h in split if h]))
    if not done:
        return HeldOut(np.zeros(0, dtype=bool), np.zeros(0))
    truth, p_clf, p_rule, by_rule = zip(*done, strict=True)
    return HeldOut(
        np.concatenate(truth), np.concatenate(p_clf).astype(np.float64),
        None if rule is None else np.concatenate(p_rule).astype(np.float64),
        None if rule is None else np.concatenate(by_rule),
    )  # fmt: skip


def _cross_validated_f1(
    held: HeldOut, seed: int, split: list[tuple[list[int], list[int]]]
) -> tuple[float, float, float]:
    """F1 at probability 0.5 of the dictionary rule and of the classifier, pooled over the
    folds ``split`` that ``held`` was predicted in (:func:`_held_out`), and the standard
    error of their difference (paired bootstrap of the pooled held-out rows,
    ``SELECTION_BOOTSTRAP`` resamples). The dictionary, the rule a researcher can read, is
    kept unless the classifier beats it by more than that error (the one-standard-error
    rule: with few positives a small cross-validated lead is mostly noise)."""
    if held.rule_suggests is None or held.truth.size != sum(len(h) for _, h in split):
        raise CodingError("the held-out predictions do not match their folds: train again")
    rule_pred, clf_pred = held.rule_suggests, held.classifier >= 0.5
    se = f1_gap_se(clf_pred, rule_pred, held.truth, rounds=SELECTION_BOOTSTRAP, seed=seed)
    return float(_f1(rule_pred, held.truth)), float(_f1(clf_pred, held.truth)), se


def _dictionary_rule(
    book: Codebook, featurizer: Featurizer, code: str, X: Any, rows: list[int], y: list[int]
) -> DictionaryRule | None:
    """The cold-start rule of ``code``, or ``None`` when the code has no dictionary. A code
    with no labelled target yet gets its rule at the priors' rates: its dictionary is still
    the best guess there is (a new user's code with 92 candidates was said to have none)."""
    names = featurizer.dictionary_names
    name = dictionary_column(book, code)
    if name not in names or X is None:
        return None
    column = names.index(name)
    start = X.shape[1] - len(names)
    hit = (np.asarray(X[rows, start + column].todense()).ravel() > 0 if rows
           else np.zeros(0, dtype=bool))  # fmt: skip
    truth = np.array(y, dtype=bool)
    p_hit, p_miss = rule_rates(hit, truth)
    return DictionaryRule(column, len(names), p_hit, p_miss)


def model_version(
    book: Codebook,
    level: str,
    texts: dict[str, str],
    labels: dict[str, dict[str, int]],
    params: dict[str, Any],
) -> str:
    """12 hex digits over the learner and its solver, parameters, codebook version, level,
    labels and labelled texts."""
    digest = hashlib.sha256()
    head = {"algorithm": ALGORITHM, "solver": SOLVER, "params": params, "codebook": book.version,
            "level": level}  # fmt: skip
    digest.update(json.dumps(head, sort_keys=True).encode())
    for code in sorted(labels):
        digest.update(json.dumps([code, sorted(labels[code].items())]).encode())
    for key in sorted(texts):
        digest.update(hashlib.sha256(texts[key].encode("utf-8")).digest())
    return digest.hexdigest()[:12]


def training_texts(store: Store, labels: Labels) -> dict[str, str]:
    """The text of every labelled target that still exists."""
    return {u.key: u.text for u in level_units(store, labels.level, labels.keys())}


@dataclass(frozen=True)
class Training:
    """What a training run reads from the project, so that the fit (seconds to minutes) can
    run outside any write: :func:`prepare_training`, then :meth:`fit`, then :meth:`save`."""

    book: Codebook
    level: str
    labels: Labels
    texts: dict[str, str]
    params: dict[str, Any]
    reference: Reference | None

    def fit(self, *, progress: bool | None = None) -> Model:
        """The model of these labels (pure: reads and writes nothing)."""
        return fit_model(self.book, self.level, self.texts, self.labels.by_code, self.params,
                         reference=self.reference, progress=progress, measured=True)  # fmt: skip

    def save(self, store: Store, model: Model, *, started_at: str | None = None) -> TrainReport:
        """Store ``model`` and its run (call inside a write when others write too)."""
        p = model.params
        run_id = store.start_run("learn", ALGORITHM, {"codebook": self.book.name,
                                 "level": self.level, "solver": SOLVER, **p},
                                 started_at=started_at)  # fmt: skip
        model.run_id = run_id
        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO learn_models (run_id, codebook, codebook_version, level, version, "
                "params, codes, model, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, self.book.name, self.book.version, self.level, model.version,
                 json.dumps(p, sort_keys=True), json.dumps(model.codes, sort_keys=True),
                 pickle.dumps(model), utc_now()),
            )  # fmt: skip
        store.finish_run(run_id, {"version": model.version, "labelled": len(self.texts),
                                  "codes": model.codes})  # fmt: skip
        return TrainReport(run_id, self.book.name, self.level, model.version, len(self.texts),
                           model.codes)  # fmt: skip


def prepare_training(
    store: Store, codebook: str, *, level: str = "unit", params: dict[str, Any] | None = None
) -> Training:
    """Read the project's human labels of ``codebook`` at ``level`` and their texts.

    Raises:
        CodingError: nothing is labelled yet (import codings or mark units done first).
    """
    check_level(level)
    book = stored_codebook(store, codebook)
    labels = collect_labels(store, book, level)
    texts = training_texts(store, labels)
    if not texts:
        raise CodingError(
            f"codebook {codebook!r} has no human-coded {level}s; import codings "
            "(`normtrace code import`) or code and mark units done first"
        )
    # a classifier must be measurable in the last model validation's folds, else the default
    last = store.conn.execute(
        "SELECT json_extract(params, '$.folds'), json_extract(params, '$.seed') FROM runs "
        "WHERE stage = 'validate' AND finished_at IS NOT NULL AND json_extract(params, "
        "'$.codebook') = ? AND json_extract(params, '$.level') = ? AND json_extract(params, "
        "'$.folds') IS NOT NULL ORDER BY id DESC LIMIT 1",
        (codebook, level),
    ).fetchone()
    split = {"validation_folds": int(last[0]), "validation_seed": int(last[1] or 0)} if (
        last is not None and last[0] is not None) else {}  # fmt: skip
    p = {**TRAIN_PARAMS, **split, **(params or {})}
    return Training(book, level, labels, texts, p, reference_for(level, p))


def train_model(
    store: Store, codebook: str, *, level: str = "unit", params: dict[str, Any] | None = None
) -> TrainReport:
    """Train on the project's human labels of ``codebook`` at ``level``; store model and run.

    Raises:
        CodingError: nothing is labelled yet (import codings or mark units done first).
    """
    job = prepare_training(store, codebook, level=level, params=params)
    started = utc_now()
    return job.save(store, job.fit(), started_at=started)


def latest_model(store: Store, codebook: str, level: str = "unit") -> Model:
    """The newest stored model of ``codebook`` at ``level``."""
    row = store.conn.execute(
        "SELECT run_id, model FROM learn_models WHERE codebook = ? AND level = ? "
        "ORDER BY run_id DESC LIMIT 1",
        (codebook, check_level(level)),
    ).fetchone()
    if row is None:
        raise NotFoundError(
            "model", f"{codebook} ({level})",
            hint=f"train one with `normtrace code train --codebook {codebook} --level {level}`",
        )  # fmt: skip
    model = pickle.loads(row["model"])  # noqa: S301 - written by train_model into this project
    if not isinstance(model, Model):
        raise CodingError(f"stored model of run {row['run_id']} is not a normtrace model")
    model.run_id = int(row["run_id"])
    return model
