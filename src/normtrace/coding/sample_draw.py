"""A recorded, stratified probability sample of a code's targets for validation
(``normtrace code sample``): which targets coders should label so that ``code validate`` can
estimate the dictionary's precision and recall on the project's units, not only on the units
labelled (:mod:`normtrace.coding.draw_estimate` weights them).

The population is the project's targets of running text at a level (the units a count reads:
headings, tables, captions ... are left out:
:func:`normtrace.coding.labelled_draw.running_targets`). A code is drawn only when it has
entries of its own: those are the hits the strata and ``code validate`` both read (a code that
stands for a frame is scored by the default codebook's codes of the frame, which its codebook's
dictionary run never stored). A draw may be made from chosen genres only (``genres``:
``main``, ``speech``, ``report``, ``early``): its population, census included, is then their
running text, and each group's strata keep their genre in their names even when it holds one
(``hit:report``). A code's measurement on a genre is replaced only by an estimate resting on
enough units of that genre (:mod:`normtrace.coding.draw_outlook` says, when a draw is made,
what it can measure). The population is split in two:

* the targets already labelled for the code (a positive or a negative, as ``code validate``
  reads labels: :func:`~normtrace.coding.learn.labels.collect_labels`) form the census stratum
  ``labelled``: every one of them is in the draw, inclusion probability 1, none is drawn again;
* the others are the frame. Each holds a candidate of the code in the codebook's current
  dictionary run (``hit``) or not (``nohit``); ``hit_share`` of the ``n`` drawn come from the
  hits (all of them when there are fewer), the rest from the others. A draw that would leave a
  group holding targets with none drawn is refused (its targets would be in no estimate): a
  share of 0 or 1, or an ``n`` too small to reach both. Within each, the sample
  is allocated to the genres (:func:`normtrace.coding.units.genre`: ``speech``, ``report``,
  ``early``, ``main``) in proportion to their size, each genre at least
  :data:`MIN_PER_STRATUM` (:func:`normtrace.coding.allocation.allocate`, rule ``shortfall``);
  where that budget cannot give every genre as many, the group is one stratum. A stratum's
  targets are drawn by simple random sampling without replacement.

Every target of a stratum of ``N`` of which ``n`` were drawn had inclusion probability
``n / N``. The draw is reproducible: the frame's keys sorted, a ``random.Random(seed)``
samples each stratum in the order of their names, then shuffles the drawn targets into the
coding order (:func:`normtrace.coding.allocation.seeded_pick`; strata interleaved, so coders
see no stratum and a batch stopped early is still spread over them). Everything is recorded
(migration 0033, append-only): the draw, its strata with their population and sampled sizes,
each target with its stratum and coding position, and the run (stage ``sample``).

A draw made by mistake is withdrawn, never deleted (:mod:`normtrace.coding.draw_withdrawal`):
:func:`draws` leaves the withdrawn out unless asked (``include_withdrawn``), so no estimate
reads them.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from normtrace.coding.allocation import SHORTFALL, allocate, seeded_pick
from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.draw_withdrawal import DrawWithdrawal, withdrawals
from normtrace.coding.levels import check_level
from normtrace.coding.units import has_table
from normtrace.errors import CodingError
from normtrace.store.db import Store, utc_now

__all__ = [
    "ALGORITHM", "CENSUS", "GENRE_NAMES", "HIT_SHARE", "MAX_SEED", "MIN_PER_STRATUM", "Draw",
    "Frame", "Stratum", "Undrawable", "allocation", "check_draw", "check_frame", "draw_sample",
    "drawable", "draws", "pick", "plan", "record_draw", "sample_frame", "stratum_name",
]  # fmt: skip

#: the run's algorithm name (stage ``sample``)
ALGORITHM = "normtrace.sample.stratified.v1"
#: the share of a draw taken from the dictionary's hits, by default
HIT_SHARE = 0.5
#: the fewest targets a genre stratum gets (a stratum of one drawn target has no spread to
#: show); a group whose budget cannot give every genre as many is not split by genre
MIN_PER_STRATUM = 2
#: the census stratum: the targets labelled for the code when the draw was made
CENSUS = "labelled"
#: the largest seed a draw records (an SQLite integer)
MAX_SEED = 2**63 - 1
#: a genre's name in a stratum's (``""`` of :func:`~normtrace.coding.units.genre` is ``main``:
#: resolutions from 1999 and other documents)
GENRE_NAMES = {"": "main", "speech": "speech", "report": "report", "early": "early"}


def stratum_name(hit: bool, genre_name: str | None) -> str:
    """A sampled stratum's name: ``hit`` or ``nohit``, then ``:GENRE`` when split by genre.

    >>> stratum_name(True, "report"), stratum_name(False, ""), stratum_name(False, None)
    ('hit:report', 'nohit:main', 'nohit')
    """
    head = "hit" if hit else "nohit"
    return head if genre_name is None else f"{head}:{GENRE_NAMES[genre_name]}"


@dataclass(frozen=True)
class Stratum:
    """One stratum of a draw: its population and how many of it were drawn (``hit`` and
    ``genre`` ``None``: the census of labelled targets; ``genre`` ``None`` alone: every
    genre)."""

    name: str
    hit: bool | None
    genre: str | None
    population: int
    sampled: int

    @property
    def weight(self) -> float:
        """What each drawn target stands for: ``population / sampled`` (1 in a census)."""
        return self.population / self.sampled if self.sampled else 0.0


@dataclass(frozen=True)
class Frame:
    """What a draw of ``code`` is made from: the codebook's current dictionary run (version and
    run id), the targets of running text not yet labelled for the code, each with whether the
    run codes it with the code and its genre, and the targets labelled already (the census);
    of the chosen ``genres`` only, when a draw is made from some."""

    codebook: str
    codebook_version: str
    dictionary_run: int
    code: str
    level: str
    targets: dict[str, tuple[bool, str]]
    labelled: frozenset[str]
    #: the genre of each labelled target (the census)
    census_genres: dict[str, str] = field(default_factory=dict)
    #: the genres the draw is made from (:data:`GENRE_NAMES`' values: ``main``, ``report`` ...);
    #: ``()``: every genre the project holds
    genres: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draw:
    """A recorded draw (:func:`draws` reads them back)."""

    id: int
    run_id: int
    made_at: str
    codebook: str
    codebook_version: str
    dictionary_run: int
    code: str
    level: str
    seed: int
    requested: int
    hit_share: float
    strata: tuple[Stratum, ...]
    #: every target of the draw (the census's too) → its stratum
    units: dict[str, str] = field(default_factory=dict)
    #: the drawn targets (not the census) in coding order
    order: tuple[str, ...] = ()
    #: the withdrawal standing, when the draw is withdrawn (it counts in no estimate)
    withdrawn: DrawWithdrawal | None = None

    @property
    def population(self) -> int:
        """The targets the draw stands for: the census and the frame."""
        return sum(s.population for s in self.strata)

    def stratum(self, name: str) -> Stratum:
        return next(s for s in self.strata if s.name == name)


def plan(
    targets: Mapping[str, tuple[bool, str]], n: int, hit_share: float = HIT_SHARE,
    *, named: bool = False,
) -> list[tuple[Stratum, list[str]]]:  # fmt: skip
    """The sampled strata of a draw of ``n`` from ``targets`` (key → hit, genre), each with
    its targets sorted: ``hit_share`` of ``n`` from the hits (or every hit), the rest from the
    others (or every other; what one group cannot take the other does), each group split by
    genre when every genre gets :data:`MIN_PER_STRATUM` (see the module doc; :func:`allocation`).
    ``named``: a group of one genre is named by it too (a draw from chosen genres).

    >>> t = {f"h{i}": (True, "") for i in range(4)} | {f"m{i:02}": (False, "") for i in range(40)}
    >>> [(s.name, s.population, s.sampled) for s, _ in plan(t, 10, 0.5)]
    [('hit', 4, 4), ('nohit', 40, 6)]

    Raises:
        CodingError: a share outside [0, 1], or a group holding targets would get none.
    """
    if not 0.0 <= hit_share <= 1.0:
        raise CodingError(f"a hit share of {hit_share} is no share: give one from 0 to 1")
    n = min(n, len(targets))
    groups: dict[bool, dict[str, list[str]]] = {True: {}, False: {}}
    for key in sorted(targets):
        hit, g = targets[key]
        groups[hit].setdefault(g, []).append(key)
    sizes = {hit: {g: len(keys) for g, keys in by.items()} for hit, by in groups.items()}
    size = {hit: sum(by.values()) for hit, by in sizes.items()}
    budget = _budgets(n, hit_share, size)
    empty = next((hit for hit in (True, False) if size[hit] and not budget[hit]), None)
    if empty is not None:
        raise CodingError(_left_out(empty, n, hit_share, size))
    out: list[tuple[Stratum, list[str]]] = []
    for hit, got in allocation(sizes, n, hit_share, named=named).items():
        by = groups[hit]
        if None in got:  # the group kept whole: one stratum over its genres
            keys = sorted(k for found in by.values() for k in found)
            out.append((Stratum(stratum_name(hit, None), hit, None, size[hit], got[None]), keys))
            continue
        out += [(Stratum(stratum_name(hit, g), hit, g, sizes[hit][g], got[g]), by[g])
                for g in sorted(by)]  # fmt: skip
    return out


def allocation(
    sizes: Mapping[bool, Mapping[str, int]], n: int, hit_share: float = HIT_SHARE,
    *, named: bool = False,
) -> dict[bool, dict[str | None, int]]:  # fmt: skip
    """How many of a draw of ``n`` each stratum gets, by :func:`plan`'s rule, from the sizes
    of the hits (``True``) and the others by genre: per group holding targets, its genres'
    shares (``allocate``, rule ``shortfall``, each at least :data:`MIN_PER_STRATUM`) when it
    holds several genres and its budget reaches their floors, or one genre and ``named``;
    else ``{None: the group's budget}`` (one stratum over its genres).

    >>> allocation({True: {"": 10, "report": 30}, False: {"report": 400}}, 20)
    {True: {'': 3, 'report': 7}, False: {None: 10}}
    """
    size = {hit: sum(by.values()) for hit, by in sizes.items()}
    for hit in (True, False):
        size.setdefault(hit, 0)
    budget = _budgets(min(n, size[True] + size[False]), hit_share, size)
    out: dict[bool, dict[str | None, int]] = {}
    for hit in (True, False):
        by = {g: k for g, k in sizes.get(hit, {}).items() if k}
        if not by:
            continue
        floors = sum(min(MIN_PER_STRATUM, k) for k in by.values())
        if (len(by) > 1 or named) and budget[hit] >= floors:
            got = allocate(by, budget[hit], MIN_PER_STRATUM, rule=SHORTFALL)
            out[hit] = {g: got[g] for g in sorted(by)}
        else:
            out[hit] = {None: budget[hit]}
    return out


def _budgets(n: int, hit_share: float, size: Mapping[bool, int]) -> dict[bool, int]:
    """How many of ``n`` the hits (``True``) and the others get: ``hit_share`` of ``n`` from
    the hits, the rest from the others, what one group cannot take the other does."""
    n_hit = min(round(n * hit_share), size[True])
    budget = {False: min(n - n_hit, size[False])}
    budget[True] = min(n - budget[False], size[True])
    return budget


def _left_out(hit: bool, n: int, hit_share: float, size: Mapping[bool, int]) -> str:
    """The error of a draw of ``n`` whose group ``hit`` holds targets and gets none."""
    name = "hit" if hit else "nohit"
    at = f"a draw of {n} at --hit-share {hit_share:g} draws none of the {size[hit]:,} {name} "
    at += "targets, so its estimate would leave them out: "
    if hit_share in (0.0, 1.0):
        return at + f"give a --hit-share {'above 0' if hit else 'below 1'}"
    total = size[True] + size[False]
    enough = next(  # at ``total`` every group gets all it holds
        m
        for m in range(n + 1, total + 1)
        if all(b or not size[h] for h, b in _budgets(m, hit_share, size).items())
    )
    nearer = ", or a --hit-share nearer 0.5" if n > 1 and hit_share != 0.5 else ""
    return at + f"give --n {enough} or more{nearer}"


def pick(strata: list[tuple[Stratum, list[str]]], seed: int) -> list[tuple[str, str]]:
    """The targets drawn from ``strata`` (:func:`plan`'s) with their stratum, in coding order:
    a ``random.Random(seed)`` samples each stratum's sorted targets (strata by name), then
    shuffles the drawn (the same seed, the same draw).

    >>> s = [(Stratum("hit", True, None, 3, 2), ["a", "b", "c"]),
    ...      (Stratum("nohit", False, None, 4, 1), ["d", "e", "f", "g"])]
    >>> pick(s, 1) == pick(list(reversed(s)), 1), len(pick(s, 1))
    (True, 3)
    """
    return seeded_pick({s.name: sorted(keys) for s, keys in strata},
                       {s.name: s.sampled for s, _ in strata}, seed, shuffle=True)  # fmt: skip


@dataclass(frozen=True)
class Undrawable:
    """A codable code no draw can be of: it has no dictionary entries of its own, so no hits
    of its own to stratify on; ``frame``: the frame of FRAMES.md it stands for (its hits are
    the default codebook's), else ``None`` (it has no dictionary at all)."""

    code: Code
    frame: str | None


def drawable(book: Codebook) -> tuple[list[Code], list[Undrawable]]:
    """The codes of ``book`` a draw can be of (codable, with dictionary entries of their own),
    and the codable codes that cannot, with why (:class:`Undrawable`), each in the book's
    order: the one rule :func:`sample_frame` refuses by and the web app's draw form lists by."""
    from normtrace.coding.learn.features import frame_of_code

    codable = [c for c in book.codes if c.codable]
    offered = [c for c in codable if c.entries]
    return offered, [Undrawable(c, frame_of_code(c)) for c in codable if not c.entries]


def sample_frame(
    store: Store, codebook: str, code: str, level: str = "unit",
    genres: Collection[str] | None = None,
) -> Frame:  # fmt: skip
    """The frame of a draw of ``code`` of the registered ``codebook`` at ``level`` (see the
    module doc); ``genres`` (:data:`GENRE_NAMES`' values): of those genres only, the census
    too (``None``: every genre).

    Raises:
        CodingError: the code is not a codable code of the codebook or has no entries of its
            own, the codebook was never applied (its dictionary's hits set the strata), or a
            genre is unknown or the project holds no running text of it.
    """
    from normtrace.coding.dictionary.apply import stored_codebook
    from normtrace.coding.labelled_draw import current_hits, running_targets
    from normtrace.coding.learn.labels import collect_labels

    check_level(level)
    book = stored_codebook(store, codebook)
    offered, left = drawable(book)
    gone = next((x for x in left if x.code.id == code), None)
    if gone is not None and gone.frame is not None:
        raise CodingError(
            f"code {code!r} of codebook {codebook!r} has no entries of its own: `code validate` "
            f"scores it by the default codebook's {gone.frame} codes, hits its dictionary run "
            "never stored, so no draw can be stratified on them; give it entries "
            "(`--hit-share` needs them), or validate it with `normtrace code validate` alone"
        )
    if gone is not None:
        raise CodingError(
            f"code {code!r} of codebook {codebook!r} has no dictionary (no entries, and it "
            "stands for no frame), so `code validate` has no dictionary of it to weigh: give "
            "it entries, or validate its model with `normtrace code validate` alone"
        )
    if code not in {c.id for c in offered}:
        ids = {c.id for c in offered} | {x.code.id for x in left}
        codable = [c.id for c in book.codes if c.id in ids]
        raise CodingError(
            f"code {code!r} is not a codable code of codebook {codebook!r}, so no draw of it "
            f"can be validated; give one of: {', '.join(codable)}"
        )
    run = None
    if has_table(store, "coding_runs"):
        run = store.conn.execute(
            "SELECT run_id, codebook_version FROM coding_runs WHERE codebook = ? "
            "ORDER BY run_id DESC LIMIT 1",
            (codebook,),
        ).fetchone()
    if run is None:
        raise CodingError(
            f"codebook {codebook!r} was never applied to this project, and a draw's strata are "
            f"its dictionary's hits: run `normtrace code apply {codebook}` first"
        )
    hits = {k for k, _ in current_hits(store, codebook, level, code)}  # the run above's
    held = running_targets(store, level)
    chosen = _chosen_genres(genres, set(held.values()), level)
    if chosen:
        held = {k: g for k, g in held.items() if GENRE_NAMES[g] in chosen}
    labelled = set(collect_labels(store, book, level).by_code.get(code, {})) & set(held)
    targets = {k: (k in hits, g) for k, g in held.items() if k not in labelled}
    return Frame(codebook, str(run["codebook_version"]), int(run["run_id"]), code, level,
                 targets, frozenset(labelled), {k: held[k] for k in sorted(labelled)},
                 chosen)  # fmt: skip


def _chosen_genres(genres: Collection[str] | None, held: set[str], level: str) -> tuple[str, ...]:
    """``genres`` (names) sorted, each checked: a known name of a genre the project holds
    running text of; ``()`` for ``None`` (every genre)."""
    if genres is None:
        return ()
    names = sorted(set(genres))
    known = sorted(GENRE_NAMES.values())
    there = sorted(GENRE_NAMES[g] for g in held)
    for name in names:
        if name not in known:
            raise CodingError(f"no genre {name!r}: give one of {', '.join(known)}")
        if name not in there:
            raise CodingError(
                f"the project holds no {level} of running text of genre {name!r}, so no draw "
                f"can be made from it: give one of {', '.join(there) or '(none)'}"
            )
    if not names:
        raise CodingError(f"a draw from no genre draws nothing: give one of {', '.join(there)}")
    return tuple(names)


def draw_sample(
    store: Store,
    codebook: str,
    code: str,
    n: int,
    *,
    hit_share: float = HIT_SHARE,
    level: str = "unit",
    seed: int | None = None,
    genres: Collection[str] | None = None,
) -> Draw:
    """Draw ``n`` of ``code``'s not-yet-labelled targets of ``codebook`` at ``level``, stratified
    (the module doc), and record the draw; ``seed`` ``None``: a random one, recorded;
    ``genres``: from the targets of those genres only (:func:`sample_frame`).

    Raises:
        CodingError: ``n`` below 1, a seed outside [0, :data:`MAX_SEED`], a share outside
            [0, 1], a draw that would leave the hits or the others undrawn (:func:`plan`), an
            unknown code or one without entries, a codebook never applied, an unknown genre or
            one the project lacks, or nothing left to draw. Nothing is recorded then (the run
            is written with its draw, or not at all).
    """
    check_draw(n, seed)
    return record_draw(store, sample_frame(store, codebook, code, level, genres), n,
                       hit_share=hit_share, seed=seed)  # fmt: skip


def check_draw(n: int, seed: int | None) -> None:
    """Refuse a draw of fewer than one target, or a seed no project can record.

    Raises:
        CodingError: ``n`` below 1, or a seed outside [0, :data:`MAX_SEED`].
    """
    if n < 1:
        raise CodingError(f"a draw of {n} targets draws nothing: give --n 1 or more")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise CodingError(f"a seed of {seed} cannot be recorded: give one from 0 to {MAX_SEED}")


def check_frame(frame: Frame) -> None:
    """Refuse a draw from ``frame`` when nothing is left to draw.

    Raises:
        CodingError: every target of the frame's genres is labelled for its code already.
    """
    if not frame.targets:
        among = f" of genre {', '.join(frame.genres)}" if frame.genres else ""
        raise CodingError(
            f"every {frame.level} of running text{among} is labelled for {frame.code!r} "
            f"already ({len(frame.labelled)}): nothing is left to draw; `normtrace code "
            "validate` measures them all"
        )


def record_draw(
    store: Store, frame: Frame, n: int, *, hit_share: float = HIT_SHARE, seed: int | None = None
) -> Draw:
    """Draw ``n`` targets from ``frame`` (:func:`sample_frame`'s), stratified, and record the
    draw (:func:`draw_sample`, whose errors it raises, but for the frame's)."""
    check_draw(n, seed)
    check_frame(frame)
    code, level, codebook = frame.code, frame.level, frame.codebook
    strata = plan(frame.targets, n, hit_share, named=bool(frame.genres))
    seed = secrets.randbelow(2**31) if seed is None else seed
    drawn = pick(strata, seed)
    census = Stratum(CENSUS, None, None, len(frame.labelled), len(frame.labelled))
    params: dict[str, Any] = {"codebook": codebook, "code": code, "level": level, "n": n,
                              "hit_share": hit_share, "seed": seed}  # fmt: skip
    if frame.genres:  # the same seed draws the same keys only from the same genres
        params["genres"] = list(frame.genres)
    made_at = utc_now()
    all_strata = [s for s, _ in strata] + ([census] if census.population else [])
    with store.transaction() as conn:  # the run with its draw, or neither
        run_id = store.start_run("sample", ALGORITHM, params)
        draw_id = int(conn.execute(
            "INSERT INTO sample_draws (run_id, made_at, codebook, codebook_version, "
            "dictionary_run, code, level, seed, requested, hit_share) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (run_id, made_at, codebook, frame.codebook_version, frame.dictionary_run, code,
             level, seed, n, hit_share),
        ).lastrowid or 0)  # fmt: skip
        conn.executemany(
            "INSERT INTO sample_draw_strata (draw_id, stratum, hit, genre, population, sampled) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(draw_id, s.name, None if s.hit is None else int(s.hit), s.genre, s.population,
              s.sampled) for s in all_strata],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO sample_draw_units (draw_id, target_key, stratum, position) "
            "VALUES (?, ?, ?, ?)",
            [(draw_id, k, h, i) for i, (k, h) in enumerate(drawn, 1)]
            + [(draw_id, k, CENSUS, None) for k in sorted(frame.labelled)],
        )
        store.finish_run(run_id, {**params, "draw": draw_id, "drawn": len(drawn),
                                  "census": census.population,
                                  "strata": {s.name: [s.population, s.sampled]
                                             for s in all_strata}})  # fmt: skip
    return next(d for d in draws(store, codebook) if d.id == draw_id)


def draws(
    store: Store,
    codebook: str,
    *,
    code: str | None = None,
    level: str | None = None,
    include_withdrawn: bool = False,
) -> list[Draw]:
    """The recorded draws of ``codebook`` (of ``code``, at ``level``, or any), newest first;
    those withdrawn (:mod:`~normtrace.coding.draw_withdrawal`) only with ``include_withdrawn``
    (then with their withdrawal): what every estimate reads leaves them out."""
    if not has_table(store, "sample_draws"):
        return []
    out_of = withdrawals(store)
    rows = store.conn.execute(
        "SELECT * FROM sample_draws WHERE codebook = ? AND (? IS NULL OR code = ?) "
        "AND (? IS NULL OR level = ?) ORDER BY id DESC",
        (codebook, code, code, level, level),
    ).fetchall()
    out = []
    for r in rows:
        withdrawn = out_of.get(int(r["id"]))
        if withdrawn is not None and not include_withdrawn:
            continue
        strata = tuple(
            Stratum(str(s["stratum"]), None if s["hit"] is None else bool(s["hit"]),
                    s["genre"], int(s["population"]), int(s["sampled"]))
            for s in store.conn.execute(
                "SELECT * FROM sample_draw_strata WHERE draw_id = ? ORDER BY stratum",
                (r["id"],))
        )  # fmt: skip
        units = store.conn.execute(
            "SELECT target_key, stratum, position FROM sample_draw_units WHERE draw_id = ? "
            "ORDER BY position IS NULL, position, target_key",
            (r["id"],),
        ).fetchall()
        out.append(Draw(
            int(r["id"]), int(r["run_id"]), str(r["made_at"]), str(r["codebook"]),
            str(r["codebook_version"]), int(r["dictionary_run"]), str(r["code"]),
            str(r["level"]), int(r["seed"]), int(r["requested"]), float(r["hit_share"]),
            strata, {str(u["target_key"]): str(u["stratum"]) for u in units},
            tuple(str(u["target_key"]) for u in units if u["position"] is not None), withdrawn,
        ))  # fmt: skip
    return out
