"""A codebook's validation page: the table ``normtrace code validate`` prints, per level.

Per code, the dictionary and the trained model scored against the human codings by k-fold
cross-validation: precision and recall with 95 % Wilson intervals, F1 with a 95 % bootstrap
interval (bounded by precision's and recall's intervals where the bootstrap gives one value:
no true positive, or no error), the human-labelled targets and positives behind them, and
the run's notes. The numbers are the stored run's
(:func:`normtrace.coding.learn.validate.latest_validation`, what ``code validate`` computed
and printed), never computed again here. A row is flagged
unvalidated by the rules of :mod:`normtrace.coding.validity` (:meth:`CodeValidity.flag`),
the measurement built as :func:`~normtrace.coding.validity.code_validity` builds it from a
run's dictionary rows.

Where the run holds the weighted estimate of a draw of a code (``code sample``) whose every
unit was labelled, the dictionary row is followed by that estimate (precision, recall and F1
weighted by inverse inclusion probability, with their intervals drawn within strata), labelled
with its draw and population as :func:`~normtrace.coding.validity.code_validity` names it, and
the row is flagged by it, not by the pooled row, which holds the draw's units unweighted (its
hits over-drawn) and is marked as not to be quoted. Whether the counts use this estimate
(pooling every genre), the draw's estimate on each genre instead, or the bundled estimate with
the draw's set aside is read off the counts' measurement, at the level they count whatever
the run's (:func:`~normtrace.coding.counted.counted_validity`,
:func:`~normtrace.coding.draw_validity.counts_use`), and said in the row's label
(:attr:`WeightedOut.counts_figure`), never assumed (:mod:`normtrace.coding.draw_validity`).

Every recall is printed as the flag beside it reads it (``0.698``, never ``0.70`` beside
"recall 0.698 < 0.7": :func:`~normtrace.coding.figures.figure_against`); a bundled measurement
gives the positives behind its recall as the rule counts them, its labelled set's and those of
its estimate on mandate paragraphs (:meth:`~normtrace.coding.measured_error.CodeValidity.
positives_behind`).

Where the project has no run at a level, the page shows the measurement the tool uses
instead for the bundled default codebook (its score on the bundled frames set, per frame:
:func:`~normtrace.coding.validity.code_validity`), its source named, and always the command
that makes the project's own table.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from pydantic import BaseModel

from normtrace.coding.codebook import Codebook
from normtrace.coding.counted import counted_validity
from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.draw_validity import DrawEstimates, counts_use, estimate_of
from normtrace.coding.figures import figure_against
from normtrace.coding.learn.scores import CodeScore
from normtrace.coding.levels import LEVELS
from normtrace.coding.measured_error import (
    GENRE_LABEL,
    MAX_RECALL_WIDTH,
    MIN_LABELLED,
    MIN_POSITIVES,
    MIN_RECALL,
    POOL_NAME,
    Changed,
    CodeValidity,
)
from normtrace.coding.validity import DEFAULT_BOOK, bundled_frames_score, code_validity
from normtrace.errors import NotFoundError
from normtrace.store.db import Store

if TYPE_CHECKING:
    from normtrace.coding.learn.validate import Validation

METHOD_LABELS = {"dictionary": "Dictionary", "model": "Model"}
#: the rule a row is flagged by (coding.validity), as the page states it
FLAG_RULE = (
    f"A code is flagged unvalidated when fewer than {MIN_LABELLED} human-labelled targets "
    f"stand behind its score, fewer than {MIN_POSITIVES} labelled positives behind its recall "
    f"(for a bundled measurement, those of its labelled set and of its estimate on {POOL_NAME} "
    f"together), or its recall is below {MIN_RECALL} (a bundled measurement also when its "
    f"recall is below {MIN_RECALL} on {POOL_NAME}), or, for a weighted estimate of a recorded "
    f"draw, when its recall interval is wider than {MAX_RECALL_WIDTH}, as normtrace first and "
    "normtrace freq flag it."
)


class FiguresOut(BaseModel):
    """Precision, recall and F1 with their 95 % intervals (``None`` where undefined): a
    score's row and a draw's weighted estimate alike."""

    precision: float | None
    precision_low: float | None
    precision_high: float | None
    recall: float | None
    recall_low: float | None
    recall_high: float | None
    f1: float | None
    f1_low: float | None
    f1_high: float | None
    #: the recall as the flag beside it reads it (``0.698``, never a ``0.70`` beside "recall
    #: 0.698 < 0.7"; :func:`~normtrace.coding.figures.figure_against`)
    recall_shown: str = "–"


class WeightedOut(FiguresOut):
    """A dictionary row's estimate weighted by a recorded draw labelled through (the draw's
    ``DrawScore``): what the counts use for the code."""

    draw: int
    #: the running-text targets the draw stands for
    population: int
    #: the draw's labelled targets (drawn, and the census of those labelled before it)
    n: int
    positives: int
    #: the weighted counts of true and false positives and false negatives
    tp: float | None
    fp: float | None
    fn: float | None
    #: what the estimate is, as the counts' measurement names it
    source: str
    #: why the code is unvalidated by this estimate ("" when it is validated)
    flag: str
    #: what the counts do with it, read off their measurement
    #: (:func:`~normtrace.coding.draw_validity.counts_use`)
    use: str = ""
    #: the counts carry this estimate (pooling the draw's genres) as the code's measurement on
    #: some genre; false when they use the draw's estimate on each genre, or set it aside for
    #: the bundled estimate: then the row is not the code's figure in the counts, and its flag
    #: is its own
    counts_figure: bool = False
    #: the row's label: what the counts use, in words
    label: str = ""


class ScoreOut(FiguresOut):
    """One row of the table: a code scored by one method (a stored ``CodeScore``)."""

    code: str
    name: str
    #: the code is in the codebook's current version
    current: bool
    method: str
    method_label: str
    n: int
    positives: int
    tp: int
    fp: int
    fn: int
    #: how F1's interval was found (``CodeScore.f1_interval_method``: a bootstrap, or the
    #: precision and recall bounds where every resample gives one F1)
    f1_interval_method: str
    note: str
    #: a model row without a model, of a code without a dictionary: at least how many more
    #: positives and negatives to label before it can be measured (0 and 0: none asked)
    more_positives: int = 0
    more_negatives: int = 0
    #: why the row is unvalidated by the coding.validity rules ("" when validated); for a
    #: dictionary row with :attr:`weighted`, by the weighted estimate, not by its pooled figures
    #: (whether the counts use that estimate: :attr:`WeightedOut.counts_figure`)
    flag: str
    #: a dictionary row's estimate weighted by a recorded draw labelled through, else ``None``
    weighted: WeightedOut | None = None


class BundledOut(BaseModel):
    """The bundled measurement of one frame of the default codebook (its codes share it)."""

    frame: str
    codes: list[str]
    names: list[str]
    precision: float | None
    precision_low: float | None
    precision_high: float | None
    recall: float | None
    recall_low: float | None
    recall_high: float | None
    n: int
    positives: int | None
    #: the positives of its estimate on mandate paragraphs, which the rule counts with its own
    #: (``None`` without one)
    pool_positives: int | None = None
    #: the positives behind its recall as the rule counts them, in words, when its own are fewer
    #: than the rule asks and the pool's bring them to it (``""`` otherwise): why it may be
    #: validated with fewer of its own
    positives_note: str = ""
    source: str
    #: the same frame on other genres of text (``on speeches: P 0.80 · R 0.60 · n 300``)
    elsewhere: list[str]
    flag: str
    recall_shown: str = "–"


class LevelValidation(BaseModel):
    """The latest validation of the codebook at one level, or why there is none."""

    level: str
    #: the command that makes (or refreshes) this table
    command: str
    run_id: int | None = None
    at: str | None = None
    codebook_version: str | None = None
    #: the run scored the codebook's current version
    current: bool = False
    #: how the run's version stands to the current one ("" when it is the current one)
    version_note: str = ""
    scores: list[ScoreOut] = []
    #: the bundled measurement the tool uses where the project has no run (default codebook)
    bundled: list[BundledOut] = []
    #: why there is no table at this level (empty when there is one); ``command`` makes it
    missing: str = ""
    #: per code whose human labels or labelled targets' texts changed since the run: what
    #: changed, what the run measured, what the labels are now and how many labelled texts
    #: read otherwise (:func:`~normtrace.coding.learn.measured_labels.stale_notes`)
    stale: dict[str, str] = {}
    #: what changed since the run, of the codes in :attr:`stale`: ``labels``, ``texts`` or
    #: ``labels and texts`` (``""`` when nothing did)
    changed: str = ""
    #: per code of a run stored before runs recorded their texts, when a text of its labelled
    #: targets may have changed since (a new version of their document): that whether it did
    #: is not known
    #: (:func:`~normtrace.coding.learn.measured_labels.unknown_notes`)
    texts_unknown: dict[str, str] = {}
    #: what the run measured: ``dictionary`` and ``model``, or (``code validate --no-model``)
    #: the dictionary alone, whose table has no model rows
    methods: list[str] = ["dictionary", "model"]
    #: for a run of the dictionary alone, what it did not measure and which run last measured
    #: the model (:func:`~normtrace.coding.learn.validate.dictionary_only_note`); "" otherwise
    model_note: str = ""


class ValidationPage(BaseModel):
    """A codebook's measured error at every level."""

    codebook: str
    version: str
    flag_rule: str
    levels: list[LevelValidation]


def command(codebook: str, level: str) -> str:
    """The command that validates ``codebook`` at ``level``."""
    return f"normtrace code validate --codebook {codebook} --level {level}"


def validation_page(store: Store, codebook: str) -> ValidationPage:
    """The latest ``code validate`` run of ``codebook`` at each level, else the bundled
    measurement (default codebook) or why there is none.

    Raises:
        NotFoundError: the project has no codebook of that name.
    """
    from normtrace.coding.learn.validate import dictionary_only_note, latest_validation

    book = stored_codebook(store, codebook)
    levels = []
    for level in LEVELS:
        run = latest_validation(store, book.name, level=level)
        out = LevelValidation(level=level, command=command(book.name, level))
        if run is None:
            other = next(x for x in LEVELS if x != level)
            levels.append(_without_run(store, book, out, latest_validation(
                store, book.name, level=other)))  # fmt: skip
            continue
        source = f"validation run {run.run_id} ({run.level} level)"  # as code_validity names it
        out.run_id, out.at, out.codebook_version = run.run_id, run.at, run.codebook_version
        out.current = run.codebook_version == book.version
        out.version_note = "" if out.current else _version_note(store, book, run.codebook_version)
        out.stale, out.texts_unknown = run.stale, run.texts_unknown
        out.changed = _changed(run.changed)
        out.methods, out.model_note = list(run.methods), dictionary_only_note(store, run)
        weighed = DrawEstimates(store, book.name)
        # what the counts use: code_validity decides at the level the counts read, for the
        # codebook's current version (counted_validity, as freq reads it), whatever this
        # run's level: the page reads it (one rule)
        counts = counted_validity(store, book.name) if run.draw_scores else {}
        out.scores = [_row(book, s, source, run.level, run.stale.get(s.code, ""),
                           run.changed.get(s.code),
                           _weighted(weighed, run, s, source, counts.get(s.code)))
                      for s in run.scores]  # fmt: skip
        levels.append(out)
    return ValidationPage(
        codebook=book.name, version=book.version, flag_rule=FLAG_RULE, levels=levels
    )


def _changed(changed: dict[str, Changed]) -> str:
    """What changed since a run, over what changed of each of its codes (``Since.changed``):
    ``labels``, ``texts``, ``labels and texts`` (some codes' labels, others' texts, or both),
    ``""`` for none."""
    parts = {part for what in changed.values() for part in what.split(" and ")}
    return " and ".join(x for x in ("labels", "texts") if x in parts)


def _weighted(
    weighed: DrawEstimates, run: Validation, s: CodeScore, source: str,
    counts: CodeValidity | None = None,
) -> tuple[CodeValidity, WeightedOut] | None:  # fmt: skip
    """The weighted estimate of ``run``'s dictionary row ``s`` (the run named ``source``)
    pooled over the draw as a measurement and as a row, when the run holds one labelled
    through; ``counts``: the counts' measurement of the code, which says whether they use it
    (:func:`~normtrace.coding.draw_validity.counts_use`)."""
    if s.method != "dictionary":
        return None
    d, _ = estimate_of(run, s.code)
    own = weighed.measured(run, s.code, source)
    if d is None or own is None:
        return None
    used = _counts_take(counts, own)
    use = counts_use(counts, d)
    label = ("the code's figure in the counts, flagged by it" if used
             else f"not the code's figure in the counts: {use}")  # fmt: skip
    return own, WeightedOut(
        draw=d.draw, population=d.population, n=own.n, positives=own.positives or 0, tp=d.tp,
        fp=d.fp, fn=d.fn, precision=d.precision, precision_low=d.precision_low,
        precision_high=d.precision_high, recall=d.recall, recall_low=d.recall_low,
        recall_high=d.recall_high, f1=d.f1, f1_low=d.f1_low, f1_high=d.f1_high,
        recall_shown=figure_against(d.recall, MIN_RECALL), source=own.source, flag="",
        use=use, counts_figure=used, label=label,
    )  # fmt: skip


def _counts_take(counts: CodeValidity | None, pooled: CodeValidity) -> bool:
    """Whether the counts' measurement ``counts`` of a code carries the draw's ``pooled``
    estimate (:meth:`~normtrace.coding.draw_validity.DrawEstimates.measured`) as the code's
    measurement on a genre: the headline or a genre's, not one set aside beside a bundled
    estimate. The counts' measurement from it opens with its source (notes may follow)."""
    if counts is None:
        return False
    parts = [counts, counts.speeches, counts.reports, counts.early]
    return any(m is not None and m.weighted and m.source.startswith(pooled.source)
               for m in parts)  # fmt: skip


def _row(book: Codebook, s: CodeScore, source: str, level: str, stale: str = "",
         what: Changed | None = None,
         weighted: tuple[CodeValidity, WeightedOut] | None = None) -> ScoreOut:  # fmt: skip
    """A stored score as a row, flagged as :func:`code_validity` flags a run's dictionary
    score (the figures, the labelled targets and positives behind them, the run's level;
    ``stale``: the code's labels or texts changed since, ``what`` of them, the flag says it
    rests on those of then); ``weighted``: the dictionary row's draw estimate (:func:`_weighted`),
    which flags it."""
    names = {c.id: c.name for c in book.codes}
    measured = CodeValidity(s.code, precision=s.precision, recall=s.recall, n=s.n, source=source,
                            positives=s.positives, level=level, stale=stale,
                            stale_what=what)  # fmt: skip
    drawn = None
    if weighted is not None:
        measured = replace(weighted[0], stale=stale, stale_what=what)
        drawn = weighted[1].model_copy(update={"flag": measured.flag()})
    return ScoreOut(
        code=s.code, name=names.get(s.code, s.code), current=s.code in names, method=s.method,
        method_label=METHOD_LABELS.get(s.method, s.method), n=s.n, positives=s.positives,
        tp=s.tp, fp=s.fp, fn=s.fn, precision=s.precision, precision_low=s.precision_low,
        precision_high=s.precision_high, recall=s.recall, recall_low=s.recall_low,
        recall_high=s.recall_high, f1=s.f1, f1_low=s.f1_low, f1_high=s.f1_high,
        recall_shown=figure_against(s.recall, MIN_RECALL),
        f1_interval_method=s.f1_interval_method, note=s.note,
        more_positives=s.more_positives, more_negatives=s.more_negatives, flag=measured.flag(),
        weighted=drawn,
    )  # fmt: skip


def _version_note(store: Store, book: Codebook, version: str) -> str:
    """How a run of codebook ``version`` stands to the current ``book``."""
    try:
        old = stored_codebook(store, book.name, version)
    except NotFoundError:
        return f"version {version} is no longer registered; run the command again"
    if old.matching == book.matching:
        return (f"an earlier version; it codes the same passages as the current version "
                f"{book.version} (edited in prose only)")  # fmt: skip
    return (f"an earlier version, whose entries differ from the current version "
            f"{book.version}'s (it may or may not code other passages here): run the command "
            "again to measure the current one")  # fmt: skip


def _without_run(
    store: Store, book: Codebook, out: LevelValidation, other: Validation | None
) -> LevelValidation:
    """``out`` for a level without a run: why there is no table of the project's own, what
    the tool uses meanwhile (``other``: the newest run at the other level, whose measurement
    counts at this level too for the codes it labelled; the bundled measurement of the
    default codebook, listed, for the others)."""
    none = (f"No normtrace code validate run of {book.name} at {out.level} level in this "
            "project yet")  # fmt: skip
    said = [none]
    if other is not None:
        said.append(f"until there is one, counts of {out.level}s carry the measurement of the "
                    f"{other.level}-level run {other.run_id} (its table is on this page) for "
                    f"the codes it labelled, though it counted {other.level}s")  # fmt: skip
    if book.name == DEFAULT_BOOK:
        measured = code_validity(store, book.name, book.version, level=out.level)
        # the bundled measurements only: a project run's carries the level it was made at;
        # one made for another version of the codebook is none here (no source)
        out.bundled = _bundled(book, {c: v for c, v in measured.items()
                                      if not v.level and v.source})  # fmt: skip
        elsewhere = next((v.other_version for v in measured.values()
                          if not v.source and v.other_version is not None), None)  # fmt: skip
        if out.bundled:
            said.append(("the other codes carry" if other is not None else "the tool reports")
                        + " the bundled measurement of the default codebook below (the "
                        "dictionary only, per frame: no model, no F1)")  # fmt: skip
        elif elsewhere is not None:  # the codes stay unvalidated: the library's line says why
            said.append(("the other codes of the default codebook" if other is not None
                         else "the default codebook's codes")
                        + f" were {elsewhere.line()}: they are unvalidated")  # fmt: skip
        elif other is None:
            bundled = bundled_frames_score() or {}
            said.append(f"the bundled measurement holds for version "
                        f"{bundled.get('version', '(none bundled)')} of the default codebook, "
                        f"not for the current version {book.version}, whose entries differ: "
                        "the codes are unvalidated")  # fmt: skip
    elif other is None:
        said.append("its codes are unvalidated (never measured)")
    out.missing = "; ".join(said) + "."
    return out


def _bundled(book: Codebook, measured: dict[str, CodeValidity]) -> list[BundledOut]:
    """The bundled measurements of ``measured`` (from the frames set), one row per frame."""
    names = {c.id: c.name for c in book.codes}
    rows: dict[str, BundledOut] = {}
    for code in [c.id for c in book.codes if c.id in measured]:
        v = measured[code]
        frame = v.frame or code
        if frame in rows:
            rows[frame].codes.append(code)
            rows[frame].names.append(names.get(code, code))
            continue
        rows[frame] = BundledOut(
            frame=frame, codes=[code], names=[names.get(code, code)], precision=v.precision,
            precision_low=v.precision_low, precision_high=v.precision_high, recall=v.recall,
            recall_low=v.recall_low, recall_high=v.recall_high, n=v.n, positives=v.positives,
            pool_positives=None if v.pool is None else v.pool.positives,
            positives_note=_positives_note(v), source=v.source, elsewhere=_elsewhere(v),
            flag=v.flag(), recall_shown=figure_against(v.recall, MIN_RECALL),
        )  # fmt: skip
    return list(rows.values())


def _positives_note(v: CodeValidity) -> str:
    """The positives behind ``v``'s recall as the rule counts them, when its own are fewer than
    it asks and those of its estimate on mandate paragraphs count with them (``""``
    otherwise)."""
    if v.positives is None or v.positives >= MIN_POSITIVES or v.pool is None:
        return ""
    if not v.pool.positives:
        return ""
    return f"recall rests on {v.positives_said()}"


def _elsewhere(v: CodeValidity) -> list[str]:
    """``v`` on the genres it was measured on apart (speeches, reports, older resolutions),
    its figures printed as their flags read them (:meth:`CodeValidity.brief`)."""
    out = []
    for genre in GENRE_LABEL:
        where, there = v.for_text(genre)
        if not where:
            continue
        flag = f" — unvalidated there: {there.flag()}" if there.flag() else ""
        out.append(f"{where}{there.brief()}{flag}")
    return out
