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
the share of all the project's units of that genre holding one (stored candidates of the
codebook's current dictionary run, at the run's level): when the project's share lies outside
the Wilson 95 % interval of the labelled share, the units were not drawn at random with
respect to the dictionary, and the measurement says so (``CodeValidity.chosen``): it is of the
units coded, not of the project's units, and :mod:`normtrace.coding.validity` does not let it
replace a bundled estimate of the genre.

Beside the genres a run scores apart (:data:`~normtrace.coding.learn.validate.GENRES`), the
rest (resolutions from 1999 and other documents, genre ``""``) is scored by
:func:`main_genre_score`: the run's score over every labelled target less those of the genres.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from normtrace.coding.intervals import wilson
from normtrace.coding.levels import level_key
from normtrace.coding.measured_error import CodeValidity
from normtrace.coding.units import genre, has_table
from normtrace.store.db import Store

if TYPE_CHECKING:
    from normtrace.coding.learn.scores import CodeScore
    from normtrace.coding.learn.validate import Validation

__all__ = [
    "GENRE_UNITS", "Drawn", "Population", "drawn_as", "from_score", "main", "main_genre_score",
    "population", "standing",
]  # fmt: skip

#: how a genre's units are named in a note (``""``: resolutions from 1999 and other documents)
GENRE_UNITS = {
    "": "resolution and other paragraphs",
    "speech": "speeches",
    "report": "report paragraphs",
    "early": "paragraphs of resolutions before 1999",
}


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
    """The project's units of each genre at ``level`` and those holding a candidate of each
    code of ``codebook`` (its current dictionary run); ``None`` when the codebook was never
    applied (no candidates to compare with)."""
    if not has_table(store, "current_auto_codings"):
        return None
    held = store.conn.execute(
        "SELECT DISTINCT unit_key, code FROM current_auto_codings WHERE codebook = ?", (codebook,)
    ).fetchall()
    if not held:
        return None
    genres: dict[str, str] = {}
    for key, unit_type, doc_type, date in store.conn.execute(
        "SELECT key, unit_type, doc_type, date FROM units"
    ):
        genres.setdefault(level_key(str(key), level), genre(unit_type, doc_type or "", date))
    units = Counter(genres.values())
    targets = {(level_key(str(k), level), str(c)) for k, c in held}
    with_candidate = Counter((genres[t], c) for t, c in targets if t in genres)
    return Population(dict(units), dict(with_candidate))


def drawn_as(s: CodeScore, genre_name: str, found: Population | None) -> str:
    """``""`` when the share of ``s``'s labelled targets holding a candidate of its code is
    what a random draw from the project's units of ``genre_name`` would give (the project's
    share within the labelled share's Wilson 95 % interval), or cannot be told (no labelled
    target, no stored candidates, no unit of the genre); else the note that says the
    measurement is of the units coded, and which way its recall leans."""
    total = 0 if found is None else found.units.get(genre_name, 0)
    if found is None or s.n <= 0 or total <= 0:
        return ""
    held = found.with_candidate.get((genre_name, s.code), 0)
    labelled = s.tp + s.fp
    share = wilson(labelled, s.n)
    pop = held / total
    if share.low is None or share.high is None or share.low <= pop <= share.high:
        return ""
    more = labelled / s.n > pop
    units = GENRE_UNITS[genre_name]
    return (f"the labelled {units} were chosen, not drawn at random: {labelled} of {s.n} hold a "
            f"candidate of the code ({labelled / s.n:.0%}) against {held} of the project's "
            f"{total} ({pop:.1%}), so this measures the units coded, not the project's, and "
            f"its recall leans {'high' if more else 'low'} (the dictionary's misses lie among "
            "the units without a candidate)")  # fmt: skip


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
    genre (:func:`~normtrace.coding.labelled_draw.drawn_as`; the project's units read once
    per level)."""

    def __init__(self, store: Store, codebook: str) -> None:
        self._store, self._codebook = store, codebook
        self._found: dict[str, Population | None] = {}

    def note(self, s: CodeScore, genre: str, level: str) -> str:
        if level not in self._found:
            self._found[level] = population(self._store, self._codebook, level)
        return drawn_as(s, genre, self._found[level])


def standing(own: CodeValidity, there: CodeValidity | None, chosen: str) -> CodeValidity:
    """The project's measurement ``own`` of a genre where ``there`` is the bundled one: own
    replaces it (the bundled beside it) unless its labelled units were ``chosen`` (not drawn
    at random); then the bundled estimate stands with own set aside beside it, and with no
    bundled one own stands, flagged."""
    if not chosen:
        return replace(own, bundled=there)
    own = replace(own, chosen=chosen)
    return own if there is None else replace(there, set_aside=own)


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
    if rest.n == 0:
        assert run.genre_scores is not None  # main_genre_score reads them
        on = [f"{x.n} {GENRE_UNITS[g]}" for g, found in run.genre_scores.items()
              for x in found if x.code == s.code and x.n]  # fmt: skip
        note = (f"; validation run {run.run_id} labelled no resolution or other paragraph of "
                f"this code, only {', '.join(on)}: measured on their genre")  # fmt: skip
        if bundled is not None:
            return replace(bundled, source=bundled.source + note)
        return replace(from_score(s, run, source), other_genres=", ".join(on))
    own = from_score(rest, run, f"{source}, its {rest.n} labelled resolution and other "
                     f"{run.level}s" if rest.n != s.n else source)  # fmt: skip
    return standing(own, bundled, drawn.note(rest, "", run.level))
