"""A recorded draw's weighted estimate as a code's measured error: when the ``code validate``
run :mod:`normtrace.coding.validity` takes a code's measurement from holds the weighted
estimate of a draw of the code (``code sample``; :class:`~normtrace.coding.draw_estimate.
DrawScore`) whose every unit was labelled, that estimate is the run's measurement of the code,
in place of its figures over the labelled units, which overstate recall when the draw took
many of its units from the dictionary's hits. Its figures, intervals, ``n`` (every unit of the
draw: the units drawn and the census of those labelled before it) and positives are the
draw's, as ``code validate`` prints them; its source names the draw and its population. A
draw not labelled through when the run read it (or recorded with a stratum none of whose units
was drawn) gives none: the run's figures over its labelled units stand, their source naming
the newest such draw; an older draw labelled through still gives the estimate, the newer one
named beside it. The run is the one the rule chose: at the level counted when one labelled
the code; else the run at the other level, whose draw is of that level's targets (its source
says so, as it does for the run's figures).

Genres. A draw's population is the project's running text of every genre at its level; each
group (hits, others) is split into strata by genre (``main``, ``speech``, ``report``,
``early``) when every genre gets its floor, else it is one stratum
(:mod:`normtrace.coding.sample_draw`). The run stores, beside the estimate pooling the strata,
one per genre the draw's units hold (:class:`~normtrace.coding.draw_estimate.GenreEstimate`:
the draw's rows of the genre with their own weights). The genres a draw covers are its own:
those of its units (drawn and census), never every genre the project holds now. So:

* the estimate on resolutions from 1999 and other documents (``main``) is the headline; the
  one on speeches, report paragraphs or resolutions before 1999 is the code's measurement on
  that genre (``CodeValidity.speeches``, ``reports``, ``early``); a genre the draw holds no
  unit of keeps the measurement the rule made. The pooled estimate is not any genre's: it is
  the draw's line in ``code validate``;
* a run stored before the estimates per genre: a draw whose units are of one genre measures
  that genre with its pooled estimate, as above; a draw over several genres gives no
  measurement (its pooled estimate is not one of them, and is in ``code validate``): the
  rule's figures stand, the run's unweighted scores on the labelled units, and the draw's
  units are never flagged as chosen (a recorded draw is drawn at random, with unequal
  weights, which the source says).

A draw is a probability sample, not units chosen: it is never set aside as chosen
(:func:`~normtrace.coding.labelled_draw.standing` with no note). It replaces a bundled estimate
(shown beside) when it rests on at least ``MIN_LABELLED`` units and its recall interval is no
wider than the bundled one's or than ``MAX_RECALL_WIDTH``
(:func:`~normtrace.coding.labelled_draw.imprecise`: its recall rests on the few units drawn
from the non-hits); else the bundled estimate stands with the draw's set aside beside it, the
reason in words, and with no bundled estimate the draw's stands, flagged by the usual
thresholds on its own figures and by a recall interval wider than ``MAX_RECALL_WIDTH``. A draw
over genres other than resolution and other paragraphs gives the headline (then flagged as
measured on those genres only) its pooled weighted estimate, not its units unweighted.

A draw not labelled through whose units are every unit the run labelled for the code: the
run's figures on each genre are its units unweighted, so they are neither called chosen nor
let replace a bundled estimate: they say which draw and how many of its units are labelled
(:func:`unfinished_note`, ``CodeValidity.draw_unfinished``).

A withdrawn draw (:mod:`normtrace.coding.draw_withdrawal`) counts in no estimate: a run stored
before the withdrawal is read without its score of that draw, as if the run had never held it
(:func:`normtrace.coding.learn.validate.validations`, which every reader of a stored run reads
it through, sets it apart in :attr:`~normtrace.coding.learn.validate.Validation.
withdrawn_draws`; the run's figures over its labelled units stand, by the rule above: the
draw's units are then units chosen like any others), and the code's source names the
withdrawal (who, when, why) and the command that weighs the code's other draws
(:meth:`DrawEstimates.of`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from normtrace.coding.labelled_draw import GENRE_UNITS, standing
from normtrace.coding.levels import COUNTED_LEVEL
from normtrace.coding.measured_error import CodeValidity
from normtrace.coding.sample_draw import CENSUS, Draw, draws
from normtrace.coding.units import unit_genres
from normtrace.store.db import Store

if TYPE_CHECKING:
    from normtrace.coding.draw_estimate import DrawScore, GenreEstimate
    from normtrace.coding.learn.validate import Validation

__all__ = [
    "GENRE_FIELDS", "DrawEstimates", "carried", "counts_use", "draw_measurement", "draw_source",
    "estimate_of", "genre_measurement", "other_level", "unfinished_note", "unusable",
]  # fmt: skip

#: genre -> the field of :class:`CodeValidity` holding the code's measurement on it
GENRE_FIELDS = {"speech": "speeches", "report": "reports", "early": "early"}
#: a stratum's genre name (``sample_draw.GENRE_NAMES``' values) -> the genre
_GENRE_OF_NAME = {"main": "", "speech": "speech", "report": "report", "early": "early"}


def estimate_of(run: Validation, code: str) -> tuple[DrawScore | None, DrawScore | None]:
    """``run``'s draw estimate of ``code`` that can stand (every unit labelled, every stratum
    drawn from: ``DrawScore.estimable``), else ``None``; and the newest draw of the code it
    holds that cannot, when that one is newer than the estimate (else ``None``)."""
    found = [d for d in run.draw_scores if d.code == code]
    used = next((d for d in found if d.estimable), None)
    newer = found[0] if found and found[0] is not used else None
    return used, newer


def unusable(d: DrawScore, run: Validation) -> str:
    """A source's note saying why ``d`` gives no estimate."""
    if d.unsampled:
        names = ", ".join(s.name for s in d.unsampled)
        return (f"; draw {d.draw} gives no weighted estimate: none of its stratum {names} was "
                "drawn")  # fmt: skip
    return (f"; draw {d.draw} was not labelled through when validation run {run.run_id} read it "
            f"({d.coded} of its {d.targets} {d.level}s labelled for {d.code}), so its weighted "
            "estimate is not used")  # fmt: skip


def draw_source(d: DrawScore, level: str, genres: set[str]) -> str:
    """What the measurement of draw ``d`` covering ``genres`` is, for a source: ``the weighted
    estimate of draw 3 (seed 5) over the 300 running-text units the project held when it was
    drawn, pooling resolution and other paragraphs 197, report paragraphs 100 and 3 labelled
    before, from its 33 labelled units (30 drawn, 3 labelled before it) weighted by inverse
    inclusion probability`` (a draw over one genre: ``..., all report paragraphs, ...``)."""
    census = sum(s.sampled for s in d.strata if s.name == CENSUS)
    by_genre: Counter[str] = Counter()
    for s in d.strata:
        if s.name != CENSUS:
            by_genre[_GENRE_OF_NAME.get(s.name.partition(":")[2], "?")] += s.population
    if len(genres) == 1:
        mix = f", all {GENRE_UNITS[next(iter(genres))]}"
    elif "?" not in by_genre and set(by_genre) == genres:  # the strata give each genre's size
        mix = ", pooling " + ", ".join(
            f"{GENRE_UNITS[g]} {n:,}" for g, n in sorted(by_genre.items())
        )
        mix += f" and {census} labelled before" if census else ""
    else:
        mix = ", pooling " + ", ".join(GENRE_UNITS[g] for g in sorted(genres))
    before = f", {census} labelled before it" if census else ""
    note = f"; {d.note}" if d.note else ""
    return (f"the weighted estimate of draw {d.draw} (seed {d.seed}) over the {d.population:,} "
            f"running-text {level}s the project held when it was drawn{mix}, from its "
            f"{d.coded} labelled {level}s ({d.coded - census} drawn{before}) weighted by "
            f"inverse inclusion probability{note}")  # fmt: skip


def draw_measurement(run: Validation, d: DrawScore, source: str) -> CodeValidity:
    """Draw ``d``'s estimate (of ``run``) as a measurement: its weighted figures and intervals,
    every unit of the draw behind them (``n``) and the positives among them."""
    return CodeValidity(
        d.code, precision=d.precision, recall=d.recall, n=d.coded, source=source,
        precision_low=d.precision_low, precision_high=d.precision_high,
        recall_low=d.recall_low, recall_high=d.recall_high,
        positives=sum(s.positives for s in d.strata), level=run.level, weighted=True,
    )  # fmt: skip


def genre_measurement(run: Validation, d: DrawScore, g: GenreEstimate, head: str) -> CodeValidity:
    """Draw ``d``'s estimate on genre ``g`` (of ``run``) as a measurement whose source opens
    with ``head``: its weighted figures and intervals, the draw's units of the genre (``n``)
    and the positives among them."""
    level = run.level
    drawn = g.coded - g.census
    before = f", {g.census} labelled before it" if g.census else ""
    about = "" if g.exact else "about "
    source = (f"{head}, the weighted estimate of draw {d.draw} (seed {d.seed}) on its "
              f"{GENRE_UNITS.get(g.genre, g.genre)}: the draw's {g.coded} labelled {level}s "
              f"of them ({drawn} drawn{before}) weighted by inverse inclusion probability, "
              f"standing for {about}{g.population:,} of the {d.population:,} running-text "
              f"{level}s the project held when it was drawn (its estimate pooling every genre "
              "is in `code validate`)" + (f"; {d.note}" if d.note else ""))  # fmt: skip
    return CodeValidity(
        d.code, precision=g.precision, recall=g.recall, n=g.coded, source=source,
        precision_low=g.precision_low, precision_high=g.precision_high,
        recall_low=g.recall_low, recall_high=g.recall_high, positives=g.positives,
        level=level, weighted=True,
    )  # fmt: skip


def _field(v: CodeValidity, genre: str) -> CodeValidity | None:
    return v if not genre else getattr(v, GENRE_FIELDS[genre])


def _with(v: CodeValidity, genre: str, m: CodeValidity | None) -> CodeValidity:
    """``v`` with ``m`` as its measurement on ``genre`` (the headline for ``""``, its genres'
    kept)."""
    if not genre:
        assert m is not None
        return replace(m, speeches=v.speeches, reports=v.reports, early=v.early)
    if genre == "speech":
        return replace(v, speeches=m)
    return replace(v, reports=m) if genre == "report" else replace(v, early=m)


def _unchosen(m: CodeValidity | None, there: CodeValidity | None, note: str) -> CodeValidity | None:
    """``m`` (a measurement on a genre a recorded draw covers) without the flag that its units
    were chosen: :func:`standing` again with no note, ``note`` added to its source."""
    own = m if m is None or m.chosen else m.set_aside
    if m is None or own is None or not own.chosen:
        return m
    return standing(replace(own, chosen="", source=own.source + note), there, "")


def unfinished_note(d: DrawScore) -> str:
    """Why the project's measurement of a code from draw ``d``'s labelled units (every unit its
    run labelled for the code) is no measurement yet, in words: the draw is not labelled
    through, and its units unweighted are not the project's (it drew many from the hits)."""
    return (f"its {d.coded} labelled {d.level}s are draw {d.draw}'s (seed {d.seed}), "
            f"{d.coded} of its {d.targets} labelled for {d.code}: not labelled through, so no "
            "project measurement until all are (read unweighted, a draw's units are not the "
            "project's: it drew many of them from the dictionary's hits)")  # fmt: skip


def _unfinished(run: Validation, v: CodeValidity, d: DrawScore) -> CodeValidity:
    """``v`` (``run``'s measurement of ``d.code``, its genres' beside it) when ``d`` is a draw
    not labelled through: when every unit the run labelled for the code is one of the draw's
    (C2), the run's own measurement on each genre is of the draw's units unweighted, never
    units chosen: it says so (:func:`unfinished_note`) and replaces no bundled estimate."""
    whole = run.get(d.code, "dictionary")
    if whole is None or whole.n != d.coded:  # units labelled beside the draw's: the rule's
        return v
    note, mark = unfinished_note(d), f"validation run {run.run_id} "
    for genre in ("", *GENRE_FIELDS):
        m = _field(v, genre)
        own = m if m is None or m.set_aside is None else m.set_aside
        if m is None or own is None or not own.source.startswith(mark):
            continue
        # the bundled estimate that stands, or that own replaced
        there = m if m.set_aside is not None else own.bundled
        own = replace(own, chosen="", imprecise="", bundled=None, draw_unfinished=note)
        v = _with(v, genre, own if there is None else replace(there, set_aside=own))
    return v


def counts_use(v: CodeValidity | None, d: DrawScore) -> str:
    """What the counts' measurement ``v`` of a code (:func:`~normtrace.coding.validity.
    code_validity`'s) does with draw ``d``'s pooled weighted estimate, for a page: whether they
    use it, use its estimate on a genre instead, or set it aside and why. Read off ``v``, so
    the page says what the counts decided."""
    mark = f"the weighted estimate of draw {d.draw} (seed {d.seed})"
    if v is None:
        return "the counts do not use it: they carry no measurement of this code"
    parts = [("", v)] + [(g, getattr(v, f)) for g, f in GENRE_FIELDS.items()]
    used = [(g, m) for g, m in parts if m is not None and m.weighted and mark in m.source]
    aside = [(g, x) for g, m in parts
             if m is not None and (x := m.set_aside) is not None and mark in x.source]  # fmt: skip
    pooled = [g for g, m in used if m.n == d.coded and (m.precision, m.recall)
              == (d.precision, d.recall)]  # fmt: skip
    said = []
    if pooled:
        on = "" if pooled == [""] else f" on {GENRE_UNITS[pooled[0]]}"
        said.append(f"the counts use the weighted estimate below{on}")
    elif used:
        each = ", ".join(f"{GENRE_UNITS[g]} (n {m.n})" for g, m in used)
        said.append(f"the counts use the draw's weighted estimate on each genre, not this "
                    f"pooled one: on {each}")  # fmt: skip
    for g, m in aside:
        said.append(f"set aside on {GENRE_UNITS[g]} ({m.flag()}): the bundled estimate stands")
    if said:
        return "; ".join(said)
    if d.level != COUNTED_LEVEL and v.level == COUNTED_LEVEL:
        return f"the counts do not use it: {other_level(v, d)}"
    if not d.by_genre:
        return ("the counts do not use it: it pools genres, and the run was stored before "
                "estimates per genre (`normtrace code validate` again makes them)")  # fmt: skip
    return "the counts do not use it: they take this code's measurement from elsewhere"


def carried(v: CodeValidity | None, d: DrawScore) -> bool:
    """Whether the counts' measurement ``v`` of a code reads draw ``d``'s estimate: as the
    code's measurement (the headline or a genre's) or set aside beside a bundled one."""
    mark = f"the weighted estimate of draw {d.draw} (seed {d.seed})"
    parts = [] if v is None else [v, v.speeches, v.reports, v.early]
    parts += [m.set_aside for m in parts if m is not None]
    return any(m is not None and mark in m.source for m in parts)


def other_level(v: CodeValidity, d: DrawScore) -> str:
    """Why the counts' measurement ``v`` of a code (made at :data:`COUNTED_LEVEL`) does not
    read draw ``d`` of the other level, in words: ``they read the unit level, where validation
    run 3 (unit level) measured the code (`freq --level paragraph` reads the draw)``."""
    where = v.source.partition(",")[0].partition(";")[0] or "a bundled estimate"
    return (f"they read the {COUNTED_LEVEL} level, where {where} measured the code "
            f"(`freq --level {d.level}` reads the draw)")  # fmt: skip


class DrawEstimates:
    """The draws of one codebook's runs as measurements (the module doc): the draws read
    once."""

    def __init__(self, store: Store, codebook: str) -> None:
        self._store, self._codebook = store, codebook
        self._draws: dict[int, Draw] | None = None

    def withdrawn_note(self, run: Validation, code: str, genre: str | None = None) -> str:
        """A source's note naming the draws of ``code`` that ``run`` held and that were
        withdrawn since (its :attr:`~normtrace.coding.learn.validate.Validation.
        withdrawn_draws`; ``""`` for none): they count no more, and a new run weighs the
        others; ``genre``: only the draws covering it (:meth:`genres`)."""
        gone = [w for w in run.withdrawn_draws if w.score.code == code
                and (genre is None or genre in self.genres(w.score))]  # fmt: skip
        if not gone:
            return ""
        again = (f"run `normtrace code validate --codebook {self._codebook} --level "
                 f"{run.level}` again to weigh the code's other draws")  # fmt: skip
        held = f"held by validation run {run.run_id}"
        if len(gone) == 1:
            d = gone[0].score
            return (f"; draw {d.draw} (seed {d.seed}), {held}, was "
                    f"{gone[0].withdrawal.said()}, so it counts in no estimate: "
                    f"{again}")  # fmt: skip
        names = ", ".join(f"{w.score.draw} (seed {w.score.seed})" for w in gone[:-1])
        each = "; ".join(f"draw {w.score.draw} {w.withdrawal.said()}" for w in gone)
        last = gone[-1].score
        return (f"; draws {names} and {last.draw} (seed {last.seed}), {held}, were "
                f"withdrawn ({each}), so they count in no estimate: {again}")  # fmt: skip

    def genres(self, d: DrawScore) -> set[str]:
        """The genres draw ``d`` covers: those of its estimates per genre, else (a run stored
        before them) of its genre strata and its units; never the project's other genres."""
        if d.by_genre:
            return {g.genre for g in d.by_genre}
        if self._draws is None:
            self._draws = {x.id: x for x in draws(self._store, self._codebook,
                                                  include_withdrawn=True)}  # fmt: skip
        found = self._draws.get(d.draw)
        if found is None:  # never for a recorded draw (append-only): no genre known
            return set()
        out = {s.genre for s in found.strata if s.hit is not None and s.genre is not None}
        return out | set(unit_genres(self._store, found.units).values())

    def measured(self, run: Validation, code: str, head: str) -> CodeValidity | None:
        """``run``'s pooled draw estimate of ``code`` as a measurement whose source opens with
        ``head`` (the run as the rule names it), or ``None`` when the run holds none that
        stands (a draw withdrawn since is none); a newer draw that gives none is named in its
        source."""
        used, newer = estimate_of(run, code)
        if used is None:
            return None
        what = draw_source(used, run.level, self.genres(used))
        tail = "" if newer is None else unusable(newer, run)
        return draw_measurement(run, used, f"{head}, {what}{tail}")

    def of(
        self, run: Validation, v: CodeValidity, head: str, tail: str,
        bundled: CodeValidity | None,
    ) -> CodeValidity:  # fmt: skip
        """``v`` (the rule's measurement of a code from ``run``, its genres' beside it; ``head``:
        how its source names the run, ``tail``: the notes after it; ``bundled``: the bundled
        measurement of the code) with ``run``'s draw estimate on each genre it covers in
        place, by the module doc; without one that stands, ``v`` with the newest draw that
        gives none named in its source. A draw of the code withdrawn since the run is read as
        none, and named at the end of the source (:meth:`withdrawn_note`): the headline's, and
        the measurement's on each genre the draw covered."""
        out = self._of(run, v, head, tail, bundled)
        gone = self.withdrawn_note(run, v.code)
        if gone:
            out = replace(out, source=out.source + gone)
            for genre, name in GENRE_FIELDS.items():
                m, note = getattr(out, name), self.withdrawn_note(run, v.code, genre)
                if m is not None and note:
                    out = replace(out, **{name: replace(m, source=m.source + note)})
        unheld = self.unheld_note(run, v.code)
        if not unheld:
            return out
        mine = f"validation run {run.run_id} "
        out = replace(out, source=out.source + unheld)
        for name in GENRE_FIELDS.values():
            m = getattr(out, name)
            if m is not None and m.source.startswith(mine) and unheld not in m.source:
                out = replace(out, **{name: replace(m, source=m.source + unheld)})
        return out

    def unheld_note(self, run: Validation, code: str) -> str:
        """A source's note naming the newest draw of ``code`` at ``run``'s level that is
        labelled through now but whose estimate ``run`` does not hold, newer than the one it
        weighs (restored after a withdrawal, or labelled through since the run): a new
        ``code validate`` run weighs it, and until one does no count reads it (``""`` for
        none). Labels are counted (:func:`~normtrace.coding.draw_labelling.draw_progress`) only
        when such a draw is recorded."""
        used, _ = estimate_of(run, code)
        weighed = {d.draw for d in run.draw_scores if d.code == code and d.estimable}
        newer = [d for d in draws(self._store, self._codebook, code=code, level=run.level)
                 if d.id not in weighed and (used is None or d.id > used.draw)]  # fmt: skip
        if not newer:
            return ""
        from normtrace.coding.draw_labelling import draw_progress

        ids = {d.id for d in newer}
        through = [p.draw for p in draw_progress(self._store, codebook=self._codebook,
                                                  code=code, level=run.level)
                   if p.draw.id in ids and p.state == "labelled through"]  # fmt: skip
        if not through:
            return ""
        d = through[0]  # newest first: the one `code validate` would weigh
        return (f"; draw {d.id} (seed {d.seed}) is labelled through, but validation run "
                f"{run.run_id}, whose figures these are, does not weigh it, so no count reads "
                f"it: run `normtrace code validate --codebook {self._codebook} --level "
                f"{run.level}` to weigh it")  # fmt: skip

    def _of(
        self, run: Validation, v: CodeValidity, head: str, tail: str,
        bundled: CodeValidity | None,
    ) -> CodeValidity:  # fmt: skip
        """:meth:`of` before the draws withdrawn since the run are named."""
        used, newer = estimate_of(run, v.code)
        if used is None:
            if newer is None:
                return v
            return _unfinished(run, replace(v, source=v.source + unusable(newer, run)), newer)
        genres = self.genres(used)
        note = "" if newer is None else unusable(newer, run)
        if len(genres) == 1:  # the pooled estimate is the genre's
            (genre,) = genres
            own = self.measured(run, v.code, head)
            assert own is not None
            mine = {genre: replace(own, source=own.source + tail)}
        elif used.by_genre:
            mine = {g.genre: genre_measurement(run, used, g, head) for g in used.by_genre}
            mine = {g: replace(m, source=m.source + note + tail) for g, m in mine.items()}
        else:  # a run stored before estimates per genre: the rule's figures, never "chosen"
            said = (f"; its {run.level}s are draw {used.draw}'s, drawn at random with unequal "
                    "weights, so these figures unweighted are not its estimate, which pools "
                    "its genres and is in `code validate`")  # fmt: skip
            for genre in sorted(genres & {"", *GENRE_FIELDS}):
                there = bundled if bundled is None or not genre else _field(bundled, genre)
                v = _with(v, genre, _unchosen(_field(v, genre), there, said))
            return v
        for genre, own in sorted(mine.items()):
            if genre and genre not in GENRE_FIELDS:
                continue
            there = bundled if bundled is None or not genre else _field(bundled, genre)
            v = _with(v, genre, standing(own, there, ""))
        if v.other_genres and "" not in mine:  # B5: not the draw's units read unweighted
            pooled = self.measured(run, v.code, head)
            assert pooled is not None
            v = _with(v, "", replace(pooled, source=pooled.source + note + tail,
                                     other_genres=v.other_genres))  # fmt: skip
        return v
