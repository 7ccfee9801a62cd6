"""How the units a project's coders labelled were drawn, as far as a measurement can tell:
whether a ``code validate`` run's measurement of a code on a genre of text can stand as an
estimate of the dictionary's error on the project's units of that genre, or only as a
measurement of the units that were labelled (docs/measured-error.md states the rule).

normtrace draws no sample of a project's units for its coders: the units a run measures are
the ones they chose (by hand, from a search, from ``code next``, from a sample of their own).
A measurement of them is an estimate for all of the project's units only if they were drawn
at random. One thing a run can check: the dictionary's recall rests on the units it *missed*,
which lie among the units without a candidate of the code; a set of labelled units in which
units with a candidate are over-represented finds recall too high (too few misses to find),
one in which they are under-represented too low. So :func:`drawn_as` compares the share of the
labelled units of a genre holding a candidate of the code (the run's ``tp + fp`` of ``n``) with
the share of the project's units of that genre holding one (stored candidates of the codebook's
current dictionary run, at the run's level, over the units a count reads: running text, not
headings, tables, captions ... (:mod:`normtrace.coding.running_units`)). The comparison is an
exact two-sided binomial test of each code on each genre (:func:`share_p_value`: a run's
labelled units of a genre are often a handful, 1 to 30, where the normal approximation of a
score test is far off: 1 of 1 against a share of 3 % gives a score test's p 1e-08, the exact
0.030); a run tests every code it labelled on a genre at once, so a truly random sample would
be set aside for some code by chance about once in twenty tests: the tests of a genre are
corrected together (Holm's step-down, family-wise 5 % over the codes the run labelled on that
genre). Where the project's
share is rejected, the units were not drawn at random with respect to the dictionary, and the
measurement says so (``CodeValidity.chosen``): it is of the units coded, not of the project's
units, and :mod:`normtrace.coding.validity` does not let it replace a bundled estimate of the
genre. Nor does a measurement on fewer than :data:`~normtrace.coding.measured_error.MIN_LABELLED`
labelled targets of the genre (:func:`standing`): a 3-unit interval almost never rejects a
share, and would otherwise replace an estimate over a thousand paragraphs. Nor one whose recall
interval is wider than the bundled one's and than
:data:`~normtrace.coding.measured_error.MAX_RECALL_WIDTH` (:func:`imprecise`): a far less
precise measurement is shown beside the bundled estimate, with the reason, not in its place.

Beside the genres a run scores apart (:data:`~normtrace.coding.learn.validate.GENRES`), the
rest (resolutions from 1999 and other documents, genre ``""``) is scored by
:func:`main_genre_score`: the run's score over every labelled target less those of the genres
and less the labelled targets whose key the project no longer held when the run scored them
(:data:`~normtrace.coding.learn.validate.GONE`: of no genre, counted in the source).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from normtrace.coding.intervals import wilson
from normtrace.coding.levels import level_key
from normtrace.coding.measured_error import MAX_RECALL_WIDTH, MIN_LABELLED, CodeValidity
from normtrace.coding.units import genre, has_table
from normtrace.store.db import Store

if TYPE_CHECKING:
    from normtrace.coding.learn.scores import CodeScore
    from normtrace.coding.learn.validate import Validation

__all__ = [
    "ALPHA", "GENRE_UNITS", "Drawn", "Population", "current_hits", "drawn_as", "drawn_notes",
    "from_score", "imprecise", "main", "main_genre_score", "population", "running_targets",
    "share_p_value", "standing",
]  # fmt: skip

#: how a genre's units are named in a note (``""``: resolutions from 1999 and other documents)
GENRE_UNITS = {
    "": "resolution and other paragraphs",
    "speech": "speeches",
    "report": "report paragraphs",
    "early": "paragraphs of resolutions before 1999",
}
#: the family-wise level of the "chosen" tests of one genre (Holm over the codes tested)
ALPHA = 0.05
#: the relative tolerance within which a count is as likely as the observed one
#: (``scipy.stats.binomtest``'s: the pmf's rounding error must not drop a tied count)
_TIES = 1e-7
#: ``Validation.genre_scores``' entry for labelled targets whose key was gone
#: (:data:`normtrace.coding.learn.validate.GONE`)
_GONE = "gone"


def main_genre_score(run: Validation, code: str) -> CodeScore | None:
    """``run``'s dictionary score of ``code`` on its labelled targets of no genre apart
    (resolutions from 1999, other documents): the run's score over all its targets less the
    targets of each genre it scored apart, with Wilson intervals. ``None`` for a run stored
    before genres were scored apart (the whole score is all it has), or without a dictionary
    score of the code. ``n`` 0 when every target it labelled is of a genre apart."""
    whole = run.get(code, "dictionary")
    if whole is None or run.genre_scores is None:
        return None
    n, pos, tp, fp, fn = whole.n, whole.positives, whole.tp, whole.fp, whole.fn
    for found in run.genre_scores.values():
        s = next((x for x in found if x.code == code), None)
        if s is not None:
            n, pos, tp, fp, fn = n - s.n, pos - s.positives, tp - s.tp, fp - s.fp, fn - s.fn
    prec, rec = wilson(tp, tp + fp), wilson(tp, tp + fn)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
    return replace(whole, n=n, positives=pos, tp=tp, fp=fp, fn=fn, precision=prec.value,
                   precision_low=prec.low, precision_high=prec.high, recall=rec.value,
                   recall_low=rec.low, recall_high=rec.high, f1=f1, f1_low=None, f1_high=None,
                   f1_interval_method="")  # fmt: skip


@dataclass(frozen=True)
class Population:
    """The project's units at one level, per genre: how many (``units``) and, per code, how
    many hold a candidate of the codebook's current dictionary run (``with_candidate``)."""

    units: dict[str, int]
    with_candidate: dict[tuple[str, str], int]


def population(store: Store, codebook: str, level: str) -> Population | None:
    """The project's units of running text (the units a count reads:
    :func:`~normtrace.coding.running_units.other_units` are left out) of each genre at
    ``level``, and those holding a candidate of each code of ``codebook`` (its current
    dictionary run); ``None`` when the codebook was never applied (no candidates to compare
    with)."""
    targets = current_hits(store, codebook, level)
    if not targets:
        return None
    genres = running_targets(store, level)
    units = Counter(genres.values())
    with_candidate = Counter((genres[t], c) for t, c in targets if t in genres)
    return Population(dict(units), dict(with_candidate))


def running_targets(store: Store, level: str) -> dict[str, str]:
    """The project's targets of running text at ``level`` (the units a count reads: headings,
    tables, captions ... (:func:`~normtrace.coding.running_units.other_units`) are left out),
    each with its genre (:func:`~normtrace.coding.units.genre`): what :func:`population` and
    a draw's frame (:func:`normtrace.coding.sample_draw.sample_frame`) count."""
    from normtrace.coding.running_units import other_units

    others = other_units(store)  # headings, tables, captions ...: no count reads them
    genres: dict[str, str] = {}
    for key, unit_type, doc_type, date in store.conn.execute(
        "SELECT key, unit_type, doc_type, date FROM units"
    ):
        if str(key) not in others:
            genres.setdefault(level_key(str(key), level), genre(unit_type, doc_type or "", date))
    return genres


def current_hits(
    store: Store, codebook: str, level: str, code: str | None = None
) -> set[tuple[str, str]]:
    """The (target at ``level``, code) pairs holding a candidate of ``codebook``'s current
    dictionary run (its newest run: the ``current_auto_codings`` view), of ``code`` or of any;
    empty when the codebook was never applied."""
    if not has_table(store, "current_auto_codings"):
        return set()
    rows = store.conn.execute(
        "SELECT DISTINCT unit_key, code FROM current_auto_codings WHERE codebook = ? "
        "AND (? IS NULL OR code = ?)",
        (codebook, code, code),
    )
    return {(level_key(str(k), level), str(c)) for k, c in rows}


def share_p_value(labelled: int, n: int, share: float) -> float:
    """The two-sided p-value of the exact binomial test that ``labelled`` of ``n`` units hold a
    candidate when a share ``share`` of the units they were drawn from do: the probability,
    under that share, of every count no likelier than the one observed (the method of
    ``scipy.stats.binomtest``, whose p it gives; computed here, not imported: importing
    ``scipy.stats`` would add about half a second to every count). Exact at any ``n``, where
    a score test's normal approximation is not: 1 of 1 against a share of 46 of 1557 has p
    46/1557 (the other count, 0, is likelier), a score test's 1e-08.

    >>> p = share_p_value(1, 1, 46 / 1557)
    >>> round(p, 4), round(p * 1557, 9)
    (0.0295, 46.0)
    >>> share_p_value(0, 10, 0.0), share_p_value(3, 6, 0.5)
    (1.0, 1.0)
    """
    if share <= 0.0 or share >= 1.0:  # every unit or none holds one: any other count rejects
        return 1.0 if labelled == round(share * n) else 0.0
    log_q, log_r = math.log(share), math.log1p(-share)
    top = math.lgamma(n + 1)
    logs = [top - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * log_q + (n - k) * log_r
            for k in range(n + 1)]  # fmt: skip
    # scipy's relative tolerance: a count as likely as the observed one within rounding counts
    bar = logs[labelled] + math.log1p(_TIES)
    return min(1.0, math.fsum(math.exp(x) for x in logs if x <= bar))


def drawn_notes(
    scores: list[CodeScore], genre_name: str, found: Population | None, alpha: float = ALPHA
) -> dict[str, str]:
    """For the run's dictionary ``scores`` of every code it labelled on ``genre_name``, the
    note of each code whose labelled targets hold a candidate far more (or less) often than
    the project's units of the genre (:func:`share_p_value`, exact), the tests of the genre
    corrected together by Holm's step-down at family-wise ``alpha`` (the smallest p against
    ``alpha / m``, the next, once that one is rejected, against ``alpha / (m - 1)`` ...); a
    code absent is what a random draw would give, or cannot be told (no labelled target, no
    stored candidates, no unit of the genre)."""
    total = 0 if found is None else found.units.get(genre_name, 0)
    if found is None or total <= 0:
        return {}
    tested = [s for s in scores if s.n > 0]
    p = {s.code: share_p_value(s.tp + s.fp, s.n,
                               found.with_candidate.get((genre_name, s.code), 0) / total)
         for s in tested}  # fmt: skip
    m = len(tested)
    rejected: list[CodeScore] = []
    for i, s in enumerate(sorted(tested, key=lambda x: (p[x.code], x.code))):
        if p[s.code] > alpha / (m - i):  # Holm: stop at the first that stands
            break
        rejected.append(s)
    units = GENRE_UNITS[genre_name]
    out: dict[str, str] = {}
    for s in rejected:
        held = found.with_candidate.get((genre_name, s.code), 0)
        labelled = s.tp + s.fp
        pop = held / total
        more = labelled / s.n > pop
        test = ("an exact binomial test at 5 %" if m == 1 else
                f"exact binomial tests, 5 % family-wise over the {m} codes tested on them, "
                "Holm-corrected")  # fmt: skip
        out[s.code] = (
            f"the labelled {units} were chosen, not drawn at random: {labelled} of {s.n} hold a "
            f"candidate of the code ({labelled / s.n:.0%}) against {held} of the project's "
            f"{total} of running text ({pop:.1%}; p {p[s.code]:.2g}, {test}), so this measures "
            f"the units coded, not the project's, and its recall leans "
            f"{'high' if more else 'low'} (the dictionary's misses lie among the units without "
            "a candidate)"
        )  # fmt: skip
    return out


def drawn_as(s: CodeScore, genre_name: str, found: Population | None) -> str:
    """:func:`drawn_notes` of ``s`` tested alone (a 5 % test): ``""`` when the share of its
    labelled targets holding a candidate is what a random draw from the project's units of
    ``genre_name`` would give, or cannot be told; else the note."""
    return drawn_notes([s], genre_name, found).get(s.code, "")


def from_score(s: CodeScore, run: Validation, source: str) -> CodeValidity:
    """A project run's dictionary score ``s`` as a measurement: its figures, intervals, the
    labelled targets and positives behind them (``n``, ``positives``: the flag needs both)."""
    return CodeValidity(
        s.code, precision=s.precision, recall=s.recall, n=s.n, source=source,
        precision_low=s.precision_low, precision_high=s.precision_high,
        recall_low=s.recall_low, recall_high=s.recall_high, positives=s.positives,
        level=run.level,
    )  # fmt: skip


class Drawn:
    """Whether a run's labelled targets of a genre can stand for the project's units of that
    genre: :func:`drawn_notes` over every code the run labelled on the genre at once (the
    project's units read once per level, a run's genre tested once)."""

    def __init__(self, store: Store, codebook: str) -> None:
        self._store, self._codebook = store, codebook
        self._found: dict[str, Population | None] = {}
        self._notes: dict[tuple[int, str], dict[str, str]] = {}

    def note(self, run: Validation, s: CodeScore, genre: str) -> str:
        """The note of ``run``'s score ``s`` on ``genre`` (``""``: the main genre, scored by
        :func:`main_genre_score`)."""
        if run.level not in self._found:
            self._found[run.level] = population(self._store, self._codebook, run.level)
        if (run.run_id, genre) not in self._notes:
            self._notes[run.run_id, genre] = drawn_notes(
                _family(run, genre), genre, self._found[run.level]
            )
        return self._notes[run.run_id, genre].get(s.code, "")


def _family(run: Validation, genre: str) -> list[CodeScore]:
    """``run``'s dictionary scores of every code on ``genre``: the tests corrected together."""
    if genre:
        return list((run.genre_scores or {}).get(genre, []))
    codes = dict.fromkeys(s.code for s in run.scores if s.method == "dictionary")
    return [x for c in codes if (x := main_genre_score(run, c)) is not None]


def standing(own: CodeValidity, there: CodeValidity | None, chosen: str) -> CodeValidity:
    """The project's measurement ``own`` of a genre where ``there`` is the bundled one: own
    replaces it (the bundled beside it) unless its labelled units were ``chosen`` (not drawn
    at random), are fewer than :data:`~normtrace.coding.measured_error.MIN_LABELLED`, or its
    recall is far less precise (:func:`imprecise`); then the bundled estimate stands with own
    set aside beside it (its flag, or the reason, says why), and with no bundled one own
    stands, flagged by its own figures."""
    if chosen:
        own = replace(own, chosen=chosen)
    elif own.n >= MIN_LABELLED:
        why = imprecise(own, there)
        if not why:
            return replace(own, bundled=there)
        own = replace(own, imprecise=why)
    return own if there is None else replace(there, set_aside=own)


def imprecise(own: CodeValidity, there: CodeValidity | None) -> str:
    """Why the project's measurement ``own`` may not replace the bundled one ``there``, in
    words; ``""`` when it may. It may when its recall interval is no wider than the bundled
    one's, or no wider than :data:`~normtrace.coding.measured_error.MAX_RECALL_WIDTH` (precise
    enough to validate a code alone: then the project's own units outweigh a narrower estimate
    made on other documents); a measurement without a recall (no labelled positive) never
    replaces one that has it; a bundled one without a recall interval is replaced as before.

    >>> b = CodeValidity("x", recall=0.41, recall_low=0.28, recall_high=0.57, source="b", n=1067)
    >>> own = CodeValidity("x", recall=1.0, recall_low=0.2, recall_high=1.0, source="o", n=40)
    >>> imprecise(own, b)[:32], imprecise(own, None)
    ('its recall interval [0.20, 1.00]', '')
    """
    if there is None or there.recall_width() is None:
        return ""
    width, theirs = own.recall_width(), there.recall_width()
    assert theirs is not None
    if own.recall is None:
        return ("it measures no recall (no labelled positive) where the bundled estimate "
                f"does ({_interval(there)}): label positives of the code")  # fmt: skip
    if width is None or width <= max(theirs, MAX_RECALL_WIDTH):  # a run stored without one
        return ""
    todo = ("label more of the draw's units without a candidate (its non-hits), where its "
            "misses lie" if own.weighted else "label more positives")  # fmt: skip
    return (
        f"its recall interval {_interval(own)} is wider than the bundled estimate's "
        f"{_interval(there)} and than {MAX_RECALL_WIDTH}: {todo}"
    )


def _interval(v: CodeValidity) -> str:
    return f"[{v.recall_low:.2f}, {v.recall_high:.2f}]"


def main(
    run: Validation, s: CodeScore, source: str, bundled: CodeValidity | None, drawn: Drawn
) -> CodeValidity:
    """``run``'s main measurement of a code (its dictionary score ``s`` over every labelled
    target): the score on its labelled resolutions from 1999 and other documents, the genre
    the main measurement is used for
    (:func:`~normtrace.coding.labelled_draw.main_genre_score`), by :func:`standing`'s rule
    against the ``bundled`` one. A run that labelled none of that genre replaces no bundled
    measurement; with none, its score over all it labelled stands, flagged as measured on the
    other genres only. A run stored before genres were scored apart: its whole score."""
    rest = main_genre_score(run, s.code)
    if rest is None:
        return from_score(s, run, source)
    assert run.genre_scores is not None  # main_genre_score reads them
    gone = next((x.n for x in run.genre_scores.get(_GONE, []) if x.code == s.code), 0)
    if gone:
        source += (f"; {gone} labelled {run.level}(s) whose key the project no longer held "
                   "when the run scored them left out")  # fmt: skip
    if rest.n == 0:
        on = [f"{x.n} {GENRE_UNITS[g]}" for g, found in run.genre_scores.items()
              for x in found if x.code == s.code and x.n and g != _GONE]  # fmt: skip
        note = (f"; validation run {run.run_id} labelled no resolution or other paragraph of "
                f"this code, only {', '.join(on)}: measured on their genre")  # fmt: skip
        if bundled is not None:
            return replace(bundled, source=bundled.source + note)
        return replace(from_score(s, run, source), other_genres=", ".join(on))
    own = from_score(rest, run, f"{source}, its {rest.n} labelled resolution and other "
                     f"{run.level}s" if rest.n != s.n else source)  # fmt: skip
    return standing(own, bundled, drawn.note(run, rest, ""))
