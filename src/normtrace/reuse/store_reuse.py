"""Reuse links in the project store, updated incrementally.

:func:`update_reuse` indexes the units that are new or whose text or date changed
since the last run (their shingles and dates are kept in ``reuse_state``), finds
candidate pairs that involve at least one of them, aligns only those, and
replaces their links. Units already indexed are not re-aligned with each
other, so adding a document costs time in proportion to the text it shares,
not to the corpus. ``full=True`` (or a different shingle size) re-indexes
everything and replaces the whole link set in the same transaction (never a second set).

A unit's date decides which side of a link is the earlier (:mod:`~normtrace.reuse.links`),
and it can change while the text stays: a meeting's date imported later dates its record
(:mod:`normtrace.store.held`). Such a unit is re-linked like a changed one, so an incremental
run stores the links a full run would. State written by another reuse algorithm
(:data:`~normtrace.reuse.links.ALGORITHM`; v1 dated a meeting record only by its own date) is
replaced whole: the first run after an upgrade re-links every unit, once, and says so
(:attr:`ReuseReport.rebuilt_from`).

The document frequency that marks a shingle formulaic is recomputed over
the whole corpus at every run; links kept from earlier runs keep the flag
they were given then (their run id says which).
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from tqdm import tqdm

from normtrace.reuse.boilerplate import Formula, formulaic_passages
from normtrace.reuse.candidates import candidate_pairs
from normtrace.reuse.lineage import WithRenewals, previous_resolution
from normtrace.reuse.links import (
    ALGORITHM,
    Indexed,
    ReuseLink,
    ReuseParams,
    Unit,
    align_candidates,
    index_unit,
)
from normtrace.reuse.mission import Mandate, mandate_of
from normtrace.reuse.roles import UnitInfo, unit_role
from normtrace.reuse.shingles import HashArray
from normtrace.store.db import Store
from normtrace.store.held import HELD_SQL

# a unit is dated as every command dates its document (store.held: its own date, else its
# meeting's; a corpus meeting record without meta.tsv has none of its own)
_UNITS_SQL = f"""
SELECT u.key, u.unit_type, u.symbol, u.doc_type, d.date AS date, u.ord, u.text, u.speaker,
       u.edition AS edition,
       r.role AS speech_role, r.actor AS actor, d.title AS title
FROM units u
JOIN ({HELD_SQL}) d ON d.id = u.document_id
LEFT JOIN (
    SELECT speech_key, role, actor FROM speech_roles
    WHERE id IN (SELECT max(id) FROM speech_roles WHERE is_current = 1 GROUP BY speech_key)
) r ON r.speech_key = u.speech_key
WHERE COALESCE(u.kind, '') NOT IN ('map', 'figure', 'table')
"""
_LINK_COLUMNS = (
    "source_key, target_key, source_start, source_end, target_start, target_end, score, words, "
    "boilerplate, same_date, source_edition, target_edition"
)
#: inserts one link row (``_LINK_COLUMNS`` and the run id)
INSERT_LINK = f"INSERT INTO reuse_links ({_LINK_COLUMNS}, run_id) VALUES ({', '.join('?' * 13)})"
#: the order links are read in: the order they were written in (:func:`link_order`, per run)
_LINK_ORDER = "ORDER BY id"


@dataclass(frozen=True)
class StoredUnit:
    """A current unit of the project with what provenance needs to know about it."""

    unit: Unit
    info: UnitInfo


@dataclass(frozen=True)
class ReuseReport:
    """What one reuse run did."""

    run_id: int
    units: int
    indexed_units: int
    removed_units: int
    candidate_pairs: int
    links_added: int
    links_removed: int
    boilerplate_links: int
    seconds: float
    formulae: list[Formula] = field(default_factory=list)
    #: the other reuse algorithms that made the stored links, when there were any: this run
    #: re-linked every unit instead of only new and changed ones (module doc)
    rebuilt_from: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The report as a JSON-able dict."""
        return asdict(self)

    def to_json(self) -> str:
        """The report as JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)


def load_units(store: Store, keys: Iterable[str] | None = None) -> list[StoredUnit]:
    """Current units of the project (all, or those with the given keys) with role and actor.

    A unit is dated as :mod:`normtrace.store.held` dates its document, for the case report,
    the timeline and ``first`` alike: its own date, else its meeting's. A report's maps,
    figures and tables (no running text) are left out.
    """
    sql = _UNITS_SQL
    args: tuple[str, ...] = ()
    if keys is not None:
        wanted = sorted(set(keys))
        sql += f" AND u.key IN ({','.join('?' * len(wanted))})"
        args = tuple(wanted)
    found = []
    for row in store.conn.execute(sql, args):
        role = unit_role(row["unit_type"], row["doc_type"], row["speech_role"], row["title"])
        unit = Unit(
            row["key"], row["date"], int(row["ord"] or 0), row["text"], row["symbol"],
            row["edition"],
        )  # fmt: skip
        info = UnitInfo(
            row["key"],
            row["date"],
            row["symbol"],
            role,
            int(row["ord"] or 0),
            row["actor"],
            row["speaker"],
            row["doc_type"],
            row["unit_type"] == "speech",
        )
        found.append(StoredUnit(unit, info))
    return found


def redated_units(store: Store) -> int:
    """Units whose reuse links were made under another date than the one they have now (a
    meeting date imported since: ``actors links``); the next ``normtrace reuse`` re-links
    them (their dates orient their links)."""
    row = store.conn.execute(
        f"SELECT COUNT(*) FROM ({_UNITS_SQL}) u JOIN reuse_state s "
        "ON s.unit_key = u.key AND s.edition = u.edition WHERE s.date IS NOT u.date"
    ).fetchone()
    return int(row[0])


def text_sha256(text: str) -> str:
    """SHA-256 of a unit's text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def update_reuse(
    store: Store,
    *,
    params: ReuseParams | None = None,
    full: bool = False,
    progress: bool | None = None,
) -> ReuseReport:
    """Find reuse links for new and changed units and store them (see module doc).

    ``progress``: bars for indexing and aligning on stderr; default: only on a terminal.
    """
    p = params or ReuseParams()
    began = time.perf_counter()
    run_id = store.start_run("reuse", ALGORITHM, {**p.to_dict(), "full": full})
    units = [s.unit for s in load_units(store)]
    state, older = _load_state(store, p.n, full)
    # A full run, a changed shingle length, or state of another algorithm rebuilds
    # everything: it replaces the previous link set instead of adding a second one (issue 14).
    rebuild = not state
    shas = [text_sha256(u.text) for u in units]
    # a unit whose text or date changed is linked anew (its date orients its links); a unit
    # is its key in its edition (a meeting stored in two editions has two units per key)
    is_new = [
        (s := state.get((u.key, u.edition))) is None or s[0] != sha or s[1] != u.date
        for u, sha in zip(units, shas, strict=True)
    ]
    current = {(u.key, u.edition) for u in units}
    stale = [k for k in state if k not in current] + [
        (u.key, u.edition)
        for u, new in zip(units, is_new, strict=True)
        if new and (u.key, u.edition) in state
    ]
    show = sys.stderr.isatty() if progress is None else progress
    links, indexed, pairs, frequent = _link_new(units, state, is_new, p, show)
    report_units = [x for x, new in zip(indexed, is_new, strict=True) if new and x is not None]
    formulae = formulaic_passages(report_units, frequent, n=p.n)
    # Forgetting the old links and saving the new ones is one transaction: a killed run
    # leaves the previous link set whole.
    with store.transaction():
        removed = _forget_all(store) if rebuild else _forget(store, stale)
        _save(store, run_id, links, report_units, shas, is_new, units, formulae, p.n)
    report = ReuseReport(
        run_id,
        len(units),
        sum(is_new),
        len([k for k in state if k not in current]),
        pairs,
        len(links),
        removed,
        sum(x.boilerplate for x in links),
        round(time.perf_counter() - began, 3),
        formulae,
        older,
    )
    summary = {k: v for k, v in report.to_dict().items() if k != "formulae"}
    store.finish_run(run_id, summary)
    return report


#: what the last run stored of a unit: its text's SHA-256, its date, its shingles
_State = tuple[str, str | None, HashArray]
#: a unit: its key and its edition
_UnitId = tuple[str, str]


def _load_state(store: Store, n: int, full: bool) -> tuple[dict[_UnitId, _State], tuple[str, ...]]:
    """The stored state by unit key and edition, and the other algorithms whose runs wrote
    some of it.

    Empty (everything is linked anew) for a full run, another shingle length, or state that
    runs of another algorithm wrote (they are named: their links may point the other way).
    """
    if full:
        return {}, ()
    state: dict[_UnitId, _State] = {}
    runs: set[int | None] = set()
    rows = store.conn.execute(
        "SELECT unit_key, edition, text_sha256, date, n, shingles, run_id FROM reuse_state"
    )
    for key, edition, sha, when, size, shingles, run in rows:
        if size != n:
            return {}, ()
        state[(key, edition)] = (sha, when, np.frombuffer(shingles, "<u8"))
        runs.add(run)
    older = _other_algorithms(store, runs)
    return ({}, older) if older else (state, ())


def _other_algorithms(store: Store, runs: set[int | None]) -> tuple[str, ...]:
    """The algorithms other than :data:`ALGORITHM` of the runs ``runs`` (a run the project
    does not record counts as another)."""
    found = dict(store.conn.execute("SELECT id, algorithm FROM runs WHERE stage = 'reuse'"))
    names = {str(found.get(r, "an unrecorded run")) for r in runs}
    return tuple(sorted(names - {ALGORITHM}))


def _forget_all(store: Store) -> int:
    """Delete every link and the shingle state (a rebuild replaces them); count links deleted."""
    with store.transaction() as conn:
        cur = conn.execute("DELETE FROM reuse_links")
        conn.execute("DELETE FROM reuse_state")
    return int(cur.rowcount or 0)


def _forget(store: Store, units: Sequence[_UnitId]) -> int:
    """Delete the links and state of units (key, edition) that changed or are gone; count
    links deleted."""
    with store.transaction() as conn:
        conn.execute("DROP TABLE IF EXISTS temp.reuse_stale")
        conn.execute(
            "CREATE TEMP TABLE reuse_stale (key TEXT, edition TEXT, PRIMARY KEY (key, edition))"
        )
        conn.executemany("INSERT OR IGNORE INTO reuse_stale VALUES (?, ?)", units)
        cur = conn.execute(
            "DELETE FROM reuse_links WHERE (source_key, source_edition) IN "
            "(SELECT key, edition FROM reuse_stale) OR (target_key, target_edition) IN "
            "(SELECT key, edition FROM reuse_stale)"
        )
        conn.execute(
            "DELETE FROM reuse_state WHERE (unit_key, edition) IN "
            "(SELECT key, edition FROM reuse_stale)"
        )
    return int(cur.rowcount or 0)


def _link_new(
    units: Sequence[Unit],
    state: dict[_UnitId, _State],
    is_new: Sequence[bool],
    p: ReuseParams,
    show: bool = False,
) -> tuple[list[ReuseLink], list[Indexed | None], int, HashArray]:
    """Index new units, take stored shingles for the rest, align pairs touching new units."""
    vocab: dict[str, str] = {}
    bar = tqdm(zip(units, is_new, strict=True), total=len(units), desc="index", unit="unit",
               disable=not show, file=sys.stderr)  # fmt: skip
    indexed: list[Indexed | None] = [index_unit(u, p.n, vocab) if new else None for u, new in bar]
    shingles = [
        x.shingles if x is not None else state[(u.key, u.edition)][2]
        for u, x in zip(units, indexed, strict=True)
    ]
    docs: dict[str, int] = {}
    numbers = [docs.setdefault(u.document or u.key, len(docs)) for u in units]
    bound = p.effective_max_df(len(docs))
    found = candidate_pairs(shingles, numbers, max_df=bound, min_shared=p.min_shared, new=is_new)
    needed: dict[int, Indexed] = {}
    for i in np.unique(found.pairs).tolist():
        needed[i] = indexed[i] or index_unit(units[i], p.n, vocab)
    pairs = tqdm(found.pairs.tolist(), desc="align", unit="pair", disable=not show,
                 file=sys.stderr)  # fmt: skip
    links = align_candidates(needed, pairs, found.frequent, p)
    return links, indexed, len(found.pairs), found.frequent


def _save(
    store: Store,
    run_id: int,
    links: Sequence[ReuseLink],
    indexed: Sequence[Indexed],
    shas: Sequence[str],
    is_new: Sequence[bool],
    units: Sequence[Unit],
    formulae: Sequence[Formula],
    n: int,
) -> None:
    sha_of = {
        (u.key, u.edition): sha for u, sha, new in zip(units, shas, is_new, strict=True) if new
    }
    with store.transaction() as conn:
        conn.executemany(INSERT_LINK, [(*_link_row(x), run_id) for x in links])
        conn.executemany(
            "INSERT OR REPLACE INTO reuse_state (unit_key, edition, text_sha256, document, n, "
            "shingles, run_id, date) VALUES (?,?,?,?,?,?,?,?)",
            [
                (
                    x.unit.key,
                    x.unit.edition,
                    sha_of[(x.unit.key, x.unit.edition)],
                    x.unit.document,
                    n,
                    x.shingles.astype("<u8").tobytes(),
                    run_id,
                    x.unit.date,
                )
                for x in indexed
            ],
        )
        conn.executemany(
            "INSERT INTO reuse_formulae (text, documents, units, run_id) VALUES (?,?,?,?)",
            [(f.text, f.documents, f.units, run_id) for f in formulae],
        )


def _link_row(x: ReuseLink) -> tuple[Any, ...]:
    return (
        x.source,
        x.target,
        x.source_start,
        x.source_end,
        x.target_start,
        x.target_end,
        x.score,
        x.words,
        int(x.boilerplate),
        int(x.same_date),
        x.source_edition,
        x.target_edition,
    )


def _link_of(row: Any) -> ReuseLink:
    return ReuseLink(
        row["source_key"],
        row["target_key"],
        row["source_start"],
        row["source_end"],
        row["target_start"],
        row["target_end"],
        row["score"],
        row["words"],
        bool(row["boilerplate"]),
        bool(row["same_date"]),
        source_edition=row["source_edition"] or "",
        target_edition=row["target_edition"] or "",
    )


def links_into(store: Store, key: str) -> list[ReuseLink]:
    """Stored links whose target is ``key``."""
    rows = store.conn.execute(
        f"SELECT {_LINK_COLUMNS} FROM reuse_links WHERE target_key = ? {_LINK_ORDER}", (key,)
    )
    return [_link_of(r) for r in rows]


def links_from(store: Store, key: str) -> list[ReuseLink]:
    """Stored links whose source is ``key``."""
    rows = store.conn.execute(
        f"SELECT {_LINK_COLUMNS} FROM reuse_links WHERE source_key = ? {_LINK_ORDER}", (key,)
    )
    return [_link_of(r) for r in rows]


def all_links(store: Store) -> list[ReuseLink]:
    """Every stored link (for exports and tests), in the order they were stored."""
    rows = store.conn.execute(f"SELECT {_LINK_COLUMNS} FROM reuse_links {_LINK_ORDER}")
    return [_link_of(r) for r in rows]


def store_mandates(store: Store) -> Callable[[str], Mandate | None]:
    """Look-up of each stored resolution's mission and agenda item (None for other documents).

    Reads a resolution's current paragraphs on first use and caches the answer.
    """
    cache: dict[str, Mandate | None] = {}

    def mandate(symbol: str) -> Mandate | None:
        if symbol not in cache:
            rows = store.conn.execute(
                "SELECT text FROM units WHERE symbol = ? AND doc_type = 'resolution' ORDER BY ord",
                (symbol,),
            ).fetchall()
            text = "\n".join(r["text"] for r in rows)
            cache[symbol] = mandate_of(symbol, text) if rows else None
        return cache[symbol]

    return mandate


def document_units(store: Store, symbol: str) -> list[Unit]:
    """The current units of one document, in document order, dated as :func:`load_units`
    dates them."""
    rows = store.conn.execute(
        f"SELECT u.key, d.date, u.ord, u.text, u.symbol FROM units u JOIN ({HELD_SQL}) d "
        "ON d.id = u.document_id WHERE u.symbol = ? ORDER BY u.ord",
        (symbol,),
    ).fetchall()
    return [Unit(r["key"], r["date"], int(r["ord"] or 0), r["text"], r["symbol"]) for r in rows]


def stored_resolutions(store: Store) -> list[tuple[str, str]]:
    """``(date, symbol)`` of every current resolution, in date order (undated last), dated as
    :func:`load_units` dates them."""
    rows = store.conn.execute(
        f"SELECT DISTINCT u.symbol, d.date FROM units u JOIN ({HELD_SQL}) d "
        "ON d.id = u.document_id WHERE u.doc_type = 'resolution'"
    ).fetchall()
    return sorted((r["date"] or "9999-12-31", r["symbol"]) for r in rows)


def store_renewals(
    store: Store,
    incoming: Callable[[str], Sequence[ReuseLink]],
    info: Callable[[str], UnitInfo | None],
    mandate: Callable[[str], Mandate | None],
) -> Callable[[str], list[ReuseLink]]:
    """``incoming`` with the renewal alignment of :class:`~normtrace.reuse.lineage.WithRenewals`."""
    order = stored_resolutions(store)
    docs: dict[str, list[Unit]] = {}

    def units(symbol: str) -> list[Unit]:
        if symbol not in docs:
            docs[symbol] = document_units(store, symbol)
        return docs[symbol]

    def unit(key: str) -> Unit | None:
        found = info(key)
        if found is None:
            return None
        return next((u for u in units(found.document) if u.key == key), None)

    return WithRenewals(
        incoming,
        info,
        mandate,
        lambda symbol, when: previous_resolution(symbol, when, order, mandate),
        units,
        unit,
    )
