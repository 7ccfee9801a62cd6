"""What a validation draw (``code sample``) can measure once it is labelled, genre by genre,
said when it is made: a draw's weighted estimate replaces a code's measurement only genre by
genre (:mod:`normtrace.coding.draw_validity`), and on a genre only when the draw holds at
least :data:`~normtrace.coding.measured_error.MIN_LABELLED` units of it (drawn, and the census
of those labelled before it). A draw of 40 split 27 / 13 between report paragraphs and
resolution paragraphs therefore replaces nothing: each genre's estimate is set aside beside
the bundled one, and the 40 labels change no count. This module counts, per genre the draw
covers, its units, whether they reach that floor, and what would: the smallest ``--n`` that
gives the genre enough with the same genres and hit share (:func:`~normtrace.coding.
sample_draw.allocation`, the draw's own rule), and the ``--n`` of a draw from that genre
alone (``--genre``; ``code validate`` weighs one draw of a code and level, the newest
labelled through, so such a draw measures no other genre, and a new draw takes the place of
the one before: :attr:`DrawOutlook.replaces` names it, with the genres only it covered). The
conditions that only the labels can settle are said with it: the
estimate's recall interval must be no wider than the bundled one's or than
:data:`~normtrace.coding.measured_error.MAX_RECALL_WIDTH` to replace it
(:func:`~normtrace.coding.labelled_draw.imprecise`), and the code is validated there only with
:data:`~normtrace.coding.measured_error.MIN_POSITIVES` positives and a recall of
:data:`~normtrace.coding.measured_error.MIN_RECALL` (:meth:`~normtrace.coding.measured_error.
CodeValidity.flag`).

The bundled measurement a genre's estimate would replace is the default codebook's, when the
draw's codings are of its version or of one that codes the same passages
(:func:`bundled_measurement`); with none, the draw's estimate stands alone on the genre,
flagged by the same floor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from normtrace.coding.draw_estimate import draw_genres
from normtrace.coding.draw_validity import GENRE_FIELDS
from normtrace.coding.figures import figure
from normtrace.coding.labelled_draw import GENRE_UNITS
from normtrace.coding.measured_error import (
    MAX_RECALL_WIDTH,
    MIN_LABELLED,
    MIN_POSITIVES,
    MIN_RECALL,
    CodeValidity,
)
from normtrace.coding.sample_draw import (
    GENRE_NAMES,
    HIT_SHARE,
    Draw,
    Frame,
    Stratum,
    allocation,
    check_draw,
    check_frame,
    draws,
    plan,
    record_draw,
    sample_frame,
)
from normtrace.store.db import Store

__all__ = ["DrawOutlook", "GenreOutlook", "bundled_measurement", "make_draw", "outlook",
           "plan_draw"]  # fmt: skip

#: the sizes of a frame's groups by genre: hit → genre → targets not yet labelled
Sizes = Mapping[bool, Mapping[str, int]]


@dataclass(frozen=True)
class GenreOutlook:
    """One genre of a draw: its units drawn (``exact`` false: the expected share of a group
    kept whole, before the draw is made) and labelled before it, the targets of it still
    undrawn in the frame, and the ``--n`` that would give it :data:`MIN_LABELLED` units (with
    the draw's genres: ``needed``; from it alone: ``alone``; ``None`` where it has enough, or
    no draw can give it as many); ``bundled``: the bundled measurement its estimate would
    replace (``None``: none)."""

    genre: str
    drawn: int
    census: int
    frame: int
    exact: bool = True
    needed: int | None = None
    alone: int | None = None
    bundled: CodeValidity | None = None

    @property
    def units(self) -> int:
        """The draw's units of the genre once labelled: drawn, and labelled before it."""
        return self.drawn + self.census

    @property
    def enough(self) -> bool:
        """Whether they reach the floor a measurement on the genre needs."""
        return self.units >= MIN_LABELLED

    @property
    def name(self) -> str:
        """The genre as ``--genre`` names it (``main``, ``report`` ...)."""
        return GENRE_NAMES[self.genre]

    def line(self, level: str) -> str:
        """The genre in one line: its units, whether its estimate can replace the bundled
        measurement (or stand alone), and what would give it enough when it has too few."""
        about = "" if self.exact else "about "
        count = f"{about}{self.drawn} drawn" + (
            f" + {self.census} labelled before = {self.units}" if self.census else "")  # fmt: skip
        head = f"{GENRE_UNITS[self.genre]} (--genre {self.name}): {count}"
        there = self.bundled
        if self.enough:
            if there is None:
                return (f"{head} >= {MIN_LABELLED}: once labelled through, its weighted "
                        "estimate is the code's measurement on them")  # fmt: skip
            return (f"{head} >= {MIN_LABELLED}: once labelled through, its weighted "
                    f"estimate replaces the bundled one ({_recall(there)}) "
                    f"{_if_precise(there)}")  # fmt: skip
        short = f"{self.units} labelled {level}s < {MIN_LABELLED}"
        if there is None:
            said = f"{head} < {MIN_LABELLED}: its estimate will stand flagged unvalidated ({short})"
        else:
            said = (f"{head} < {MIN_LABELLED}: its estimate cannot replace the bundled one "
                    f"({_recall(there)}): set aside beside it ({short})")  # fmt: skip
        return f"{said}; {self._remedy(level)}"

    def _remedy(self, level: str) -> str:
        """What would give the genre :data:`MIN_LABELLED` units, in words."""
        if self.frame + self.census < MIN_LABELLED:
            return (f"the project holds only {self.frame + self.census} {level}s of it "
                    "(running text), so no draw reaches that")  # fmt: skip
        ways = [f"--n {self.needed} gives it {MIN_LABELLED}"] if self.needed else []
        if self.alone:
            ways.append(f"a draw from it alone: --genre {self.name} --n {self.alone} (which "
                        "measures no other genre: `code validate` weighs a code's newest draw "
                        "labelled through, one per level)")  # fmt: skip
        return ", or ".join(ways)


def _recall(v: CodeValidity) -> str:
    """A bundled measurement's recall with its interval and ``n``: what an estimate must match."""
    interval = ("" if v.recall_low is None or v.recall_high is None
                else f" [{v.recall_low:.2f}, {v.recall_high:.2f}]")  # fmt: skip
    return f"R {figure(v.recall)}{interval}, n {v.n}"


def _if_precise(v: CodeValidity) -> str:
    """The condition on a draw's recall interval to replace ``v`` (:func:`~normtrace.coding.
    labelled_draw.imprecise`), in words."""
    width = v.recall_width()
    if width is None:
        return "if it finds a positive"
    limit = max(width, MAX_RECALL_WIDTH)
    return f"if it finds a positive and its recall interval is no wider than {limit:.2f}"


@dataclass(frozen=True)
class DrawOutlook:
    """What a draw of ``code`` at ``level`` can measure once labelled, per genre it covers;
    ``replaces``: the newest earlier draw of the code at the level (not withdrawn), which
    ``code validate`` weighs no more once this one is labelled through (it weighs the newest
    draw labelled through, one per code and level), and ``loses``, the genres that draw
    covers and this one does not."""

    code: str
    level: str
    genres: tuple[GenreOutlook, ...]
    replaces: int | None = None
    loses: tuple[str, ...] = ()

    @property
    def replaces_nothing(self) -> bool:
        """No genre has enough units, and each has a bundled measurement, which then stands:
        labelling the draw changes no measurement (with none, a genre's estimate stands,
        flagged)."""
        return all(not g.enough and g.bundled is not None for g in self.genres)

    def lines(self) -> list[str]:
        """The outlook in lines: a head, one line per genre, and what only labels settle."""
        head = (f"once labelled, per genre (a draw's estimate replaces a measurement genre by "
                f"genre, and only with {MIN_LABELLED} or more of the genre's {self.level}s: "
                "docs/measured-error.md):")  # fmt: skip
        tail = (f"to validate {self.code} on a genre, its estimate also needs "
                f"{MIN_POSITIVES} or more labelled positives, a recall of {MIN_RECALL} or more "
                f"and a recall interval no wider than {MAX_RECALL_WIDTH}: only the labels "
                "settle these")  # fmt: skip
        out = [head, *(f"  {g.line(self.level)}" for g in self.genres), tail]
        if self.replaces is not None:
            lost = ", ".join(GENRE_UNITS[g] for g in self.loses)
            out.append(
                f"note: `code validate` weighs one draw of {self.code} at {self.level} level, "
                "the newest labelled through: once this one is, it takes the place of draw "
                f"{self.replaces}" + (f", whose estimate on {lost} (which this draw does not "
                                      "cover) then counts no more" if lost else "")
            )  # fmt: skip
        if self.replaces_nothing:
            out.append(f"as drawn, labelling it replaces no measurement of {self.code}: the "
                       "bundled estimate stands on every genre")  # fmt: skip
        return out


def outlook(
    frame: Frame,
    n: int,
    hit_share: float = HIT_SHARE,
    *,
    drawn: Sequence[str] | None = None,
    bundled: CodeValidity | None = None,
) -> DrawOutlook:
    """The outlook of a draw of ``n`` from ``frame`` at ``hit_share``: of the keys ``drawn``
    (a recorded draw's), else of its plan (a group kept whole counted by its genres' expected
    shares); ``bundled``: the code's bundled measurement (its genres' too).

    >>> f = Frame("b", "v", 1, "x", "unit", {f"r{i}": (i < 9, "report") for i in range(90)}
    ...           | {f"m{i}": (i < 3, "") for i in range(30)}, frozenset())
    >>> [(g.name, g.drawn, g.enough, g.needed, g.alone) for g in outlook(f, 40).genres]
    [('main', 10, False, 118, 30), ('report', 30, True, None, None)]
    """
    sizes = _sizes(frame.targets)
    named = bool(frame.genres)
    census = Counter(frame.census_genres.values())
    if drawn is None:
        planned, exact = _planned(sizes, n, hit_share, named)
    else:
        planned, exact = dict(Counter(frame.targets[k][1] for k in drawn)), True
    covered = sorted(set(planned) | set(census))
    total = sum(sum(by.values()) for by in sizes.values())
    out = []
    for g in covered:
        frame_g = sum(by.get(g, 0) for by in sizes.values())
        want = MIN_LABELLED - census[g]
        enough = planned.get(g, 0) >= want

        def reaches(m: int, g: str = g, want: int = want) -> bool:
            return _planned(sizes, m, hit_share, named)[0].get(g, 0) >= want

        own = {hit: {g: by[g]} for hit, by in sizes.items() if by.get(g)}

        def alone_reaches(m: int, own: Sizes = own, g: str = g, want: int = want) -> bool:
            return _covers(own, m, hit_share) and _planned(own, m, hit_share, True)[0].get(
                g, 0) >= want  # fmt: skip

        needed = None if enough else _smallest(reaches, n + 1, total)
        alone = None if enough or len(covered) == 1 else _smallest(alone_reaches, 1, frame_g)
        out.append(GenreOutlook(g, planned.get(g, 0), census[g], frame_g, exact, needed, alone,
                                _genre_bundled(bundled, g)))  # fmt: skip
    return DrawOutlook(frame.code, frame.level, tuple(out))


def _sizes(targets: Mapping[str, tuple[bool, str]]) -> dict[bool, dict[str, int]]:
    """A frame's targets counted by group and genre."""
    counts = Counter(targets.values())
    out: dict[bool, dict[str, int]] = {True: {}, False: {}}
    for (hit, g), k in counts.items():
        out[hit][g] = k
    return out


def _planned(sizes: Sizes, n: int, hit_share: float, named: bool) -> tuple[dict[str, int], bool]:
    """The units of each genre a draw of ``n`` takes by :func:`allocation`, and whether each
    count is exact (a group kept whole is counted by its genres' expected shares, rounded
    down)."""
    out: Counter[str] = Counter()
    exact = True
    for hit, got in allocation(sizes, n, hit_share, named=named).items():
        by = sizes[hit]
        if None in got:
            whole = sum(by.values())
            exact = exact and len(by) == 1
            for g, k in by.items():
                out[g] += got[None] * k // whole
        else:
            out.update({g: k for g, k in got.items() if g is not None})
    return dict(out), exact


def _covers(sizes: Sizes, n: int, hit_share: float) -> bool:
    """Whether a draw of ``n`` gives every group holding targets some (else it is refused)."""
    got = allocation(sizes, n, hit_share)
    return all(sum(got.get(hit, {}).values()) for hit, by in sizes.items() if sum(by.values()))


def _smallest(holds: Callable[[int], bool], low: int, high: int) -> int | None:
    """The smallest ``m`` in ``[low, high]`` for which ``holds`` (taken to hold from there on:
    a genre's share grows with the draw), ``None`` when it does not hold at ``high``."""
    if high < low or not holds(high):
        return None
    while low < high:
        mid = (low + high) // 2
        if holds(mid):
            high = mid
        else:
            low = mid + 1
    return low


def _genre_bundled(bundled: CodeValidity | None, genre: str) -> CodeValidity | None:
    """The bundled measurement an estimate on ``genre`` is compared with: the headline for
    resolution and other paragraphs, the genre's own for the others (none: none)."""
    if bundled is None or not genre:
        return bundled
    there: CodeValidity | None = getattr(bundled, GENRE_FIELDS[genre])
    return there if there is not None and there.source else None


def bundled_measurement(
    store: Store, codebook: str, code: str, version: str
) -> CodeValidity | None:
    """The bundled measurement of ``code`` that a draw of codings of ``codebook`` version
    ``version`` would replace: the default codebook's, when ``version`` is its version or codes
    the same passages (:func:`normtrace.coding.validity.code_validity`'s rule); else ``None``."""
    from normtrace.coding.dictionary.apply import stored_codebook
    from normtrace.coding.exchange.yamlio import load_default_codebook
    from normtrace.coding.validity import DEFAULT_BOOK, code_validity

    if codebook != DEFAULT_BOOK:
        return None
    default = load_default_codebook()
    if version != default.version and (
        stored_codebook(store, codebook, version).matching != default.matching
    ):
        return None
    found = code_validity(None, codebook).get(code)
    return found if found is not None and found.source else None


def plan_draw(
    store: Store,
    codebook: str,
    code: str,
    n: int,
    *,
    hit_share: float = HIT_SHARE,
    level: str = "unit",
    genres: Collection[str] | None = None,
) -> tuple[list[Stratum], DrawOutlook]:
    """The strata a draw would have and its outlook, recording nothing (``code sample
    --dry-run``); the errors of :func:`~normtrace.coding.sample_draw.draw_sample`."""
    check_draw(n, None)
    frame = sample_frame(store, codebook, code, level, genres)
    check_frame(frame)
    strata = [s for s, _ in plan(frame.targets, n, hit_share, named=bool(frame.genres))]
    bundled = bundled_measurement(store, codebook, code, frame.codebook_version)
    look = outlook(frame, n, hit_share, bundled=bundled)
    return strata, _after(store, look, draws(store, codebook, code=code, level=level))


def make_draw(
    store: Store,
    codebook: str,
    code: str,
    n: int,
    *,
    hit_share: float = HIT_SHARE,
    level: str = "unit",
    seed: int | None = None,
    genres: Collection[str] | None = None,
) -> tuple[Draw, DrawOutlook]:
    """Make and record a draw (:func:`~normtrace.coding.sample_draw.draw_sample`, its errors)
    and say what it can measure once labelled (:func:`outlook` of its drawn keys)."""
    check_draw(n, seed)
    frame = sample_frame(store, codebook, code, level, genres)
    d = record_draw(store, frame, n, hit_share=hit_share, seed=seed)
    bundled = bundled_measurement(store, codebook, code, frame.codebook_version)
    look = outlook(frame, n, hit_share, drawn=d.order, bundled=bundled)
    earlier = [x for x in draws(store, codebook, code=code, level=level) if x.id != d.id]
    return d, _after(store, look, earlier)


def _after(store: Store, look: DrawOutlook, earlier: Sequence[Draw]) -> DrawOutlook:
    """``look`` naming the newest of the ``earlier`` draws (newest first), which the new one
    takes the place of once labelled through, and the genres it covers that ``look`` lacks."""
    if not earlier:
        return look
    theirs = set(draw_genres(store, earlier[0]).values())
    loses = tuple(sorted(theirs - {g.genre for g in look.genres}))
    return replace(look, replaces=earlier[0].id, loses=loses)
