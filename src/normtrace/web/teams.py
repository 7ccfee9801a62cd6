"""Teams: blind assignments, reveals and who may see whose codings.

The rule, applied by every route that shows codings: anyone sees their own; on a
unit that is blind-assigned and not yet revealed nobody sees anyone else's
codings, except an admin who is not assigned to it (an admin who codes it is a
coder like the others), and nobody assigned to it sees the machine's candidates
or suggestions there, which would prime them. A unit without a blind assignment,
or revealed by an admin, shows every coding to every signed-in user. Memos on a
whole document follow the same rule, the document being blind while any of its
units is (:func:`document_visibility`).

What the machine's candidates and suggestions say of the coders follows it too: their
status is made of the verdicts the viewer may see (:func:`sight`, the rule in SQL), so a
user not assigned to a blind unit reads ``pending`` where the assigned coders' accepts and
rejects would say ``accepted``, ``rejected`` or ``disputed``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from normtrace.coding.allocation import LARGEST_REMAINDER, allocate, seeded_pick
from normtrace.coding.dictionary.candidates import Sight
from normtrace.coding.human.events import ADJUDICATION_PREFIX
from normtrace.errors import WebError
from normtrace.store.db import Store, utc_now
from normtrace.web.auth import User, get_user

#: the most units one assignment (or one review list) takes
MAX_UNITS = 2000
#: the algorithm name of an assignment batch in ``runs`` (stage ``assign``)
ASSIGN_ALGORITHM = "web.assign.v1"
#: the fewest units of each document type in a sample (when the sample has room for them)
SAMPLE_FLOOR = 1


@dataclass(frozen=True)
class Visibility:
    """Blindness of one unit: whether it is blind-assigned, revealed, and to whom."""

    blind: bool
    revealed: bool
    coders: tuple[str, ...]

    @property
    def hidden(self) -> bool:
        """Blind-assigned and not revealed."""
        return self.blind and not self.revealed

    def shows(self, viewer: User, coder: str) -> bool:
        """Whether ``viewer`` may see a coding made by ``coder`` on this unit."""
        return viewer.name == coder or self.shows_everyone(viewer)

    def shows_everyone(self, viewer: User) -> bool:
        """Whether ``viewer`` may see every coder's codings and verdicts on this unit."""
        return not self.hidden or (viewer.is_admin and viewer.name not in self.coders)

    def shows_machine(self, viewer: User) -> bool:
        """Whether ``viewer`` may see dictionary candidates and model suggestions here."""
        return not (self.hidden and viewer.name in self.coders)


def visibility(store: Store, unit_key: str) -> Visibility:
    """The blindness state of ``unit_key``."""
    rows = store.conn.execute(
        "SELECT u.name, a.blind FROM assignments a JOIN users u ON u.id = a.user_id "
        "WHERE a.unit_key = ? ORDER BY u.name",
        (unit_key,),
    ).fetchall()
    revealed = store.conn.execute(
        "SELECT 1 FROM reveals WHERE unit_key = ?", (unit_key,)
    ).fetchone()
    return Visibility(
        blind=any(r["blind"] for r in rows),
        revealed=revealed is not None,
        coders=tuple(r["name"] for r in rows),
    )


def visibilities(store: Store, unit_keys: Iterable[str]) -> dict[str, Visibility]:
    """The blindness state of each of ``unit_keys`` (as :func:`visibility`), in two queries."""
    keys = json.dumps(sorted(set(unit_keys)))
    coders: dict[str, list[tuple[str, bool]]] = {}
    for r in store.conn.execute(
        "SELECT a.unit_key, u.name, a.blind FROM assignments a JOIN users u ON u.id = a.user_id "
        "WHERE a.unit_key IN (SELECT value FROM json_each(?)) ORDER BY a.unit_key, u.name",
        (keys,),
    ):
        coders.setdefault(r["unit_key"], []).append((r["name"], bool(r["blind"])))
    revealed = {
        r[0]
        for r in store.conn.execute(
            "SELECT DISTINCT unit_key FROM reveals WHERE unit_key IN "
            "(SELECT value FROM json_each(?))",
            (keys,),
        )
    }
    return {
        key: Visibility(
            blind=any(blind for _, blind in coders.get(key, ())),
            revealed=key in revealed,
            coders=tuple(name for name, _ in coders.get(key, ())),
        )
        for key in json.loads(keys)
    }


def visibility_sql(viewer: User, unit: str) -> tuple[str, str]:
    """The SQL twins of :class:`Visibility` for the unit whose key is the SQL expression
    ``unit``: ``(hidden, assigned)``, true when the unit is blind-assigned and not
    revealed, and when ``viewer`` is among its coders (no parameters: the viewer's id is
    an integer literal). Through the ``UNIQUE (unit_key, …)`` indexes, one lookup each."""
    # the inner tables' aliases must not be one ``unit`` names (a candidate's ``a``)
    hidden = (
        f"(EXISTS (SELECT 1 FROM assignments blind_a WHERE blind_a.unit_key = {unit} "
        f"AND blind_a.blind = 1) AND NOT EXISTS (SELECT 1 FROM reveals blind_r "
        f"WHERE blind_r.unit_key = {unit}))"
    )
    assigned = (
        f"EXISTS (SELECT 1 FROM assignments blind_a WHERE blind_a.unit_key = {unit} "
        f"AND blind_a.user_id = {int(viewer.id)})"
    )
    return hidden, assigned


def sight(viewer: User) -> Sight:
    """The blind rule for ``viewer`` in SQL, for statuses and listings made of the coders'
    work: :meth:`Visibility.shows` (an adjudicated coding is always shown) and
    :meth:`Visibility.shows_everyone`. No parameters: the viewer's id is an integer literal.

    >>> "'adjudication:'" in sight(User(3, "ana", "coder")).shows("a.unit_key", "v.coder")
    True
    """

    def everyone(unit: str) -> str:
        hidden, assigned = visibility_sql(viewer, unit)
        return f"(NOT {hidden} OR ({int(viewer.is_admin)} AND NOT {assigned}))"

    def shows(unit: str, coder: str) -> str:
        own = f"(SELECT name FROM users WHERE id = {int(viewer.id)})"
        adjudicated = f"substr({coder}, 1, {len(ADJUDICATION_PREFIX)}) = '{ADJUDICATION_PREFIX}'"
        return f"({coder} = {own} OR {adjudicated} OR {everyone(unit)})"

    return Sight(shows=shows, everyone=everyone)


def sight_in(store: Store, viewer: User) -> Sight | None:
    """:func:`sight` where some unit of the project is blind-assigned and not revealed, else
    ``None``: everyone may then see every coder's work, and the statuses need no blind
    conditions (one look-up instead of several per listed row)."""
    blind = store.conn.execute(
        "SELECT 1 FROM assignments a WHERE a.blind = 1 AND NOT EXISTS "
        "(SELECT 1 FROM reveals r WHERE r.unit_key = a.unit_key) LIMIT 1"
    ).fetchone()
    return sight(viewer) if blind is not None else None


def document_visibility(store: Store, symbol: str) -> Visibility:
    """The blindness state of a whole document, for memos about it.

    A document is blind while any of its units is blind-assigned and not yet
    revealed: a memo on the document could tell what its author coded there.
    """
    rows = store.conn.execute(
        "SELECT DISTINCT u.name, a.blind, "
        "EXISTS (SELECT 1 FROM reveals r WHERE r.unit_key = a.unit_key) AS revealed "
        "FROM assignments a JOIN users u ON u.id = a.user_id "
        "WHERE a.unit_key IN (SELECT key FROM units WHERE symbol = ?) ORDER BY u.name",
        (symbol,),
    ).fetchall()
    return Visibility(
        blind=any(r["blind"] and not r["revealed"] for r in rows),
        revealed=False,
        coders=tuple(dict.fromkeys(r["name"] for r in rows)),
    )


def blind_units(store: Store, user: User) -> list[str]:
    """Units blind-assigned to ``user`` (with others) and not yet revealed."""
    rows = store.conn.execute(
        "SELECT DISTINCT a.unit_key FROM assignments a WHERE a.user_id = ? AND EXISTS "
        "(SELECT 1 FROM assignments b WHERE b.unit_key = a.unit_key AND b.blind = 1) "
        "AND NOT EXISTS (SELECT 1 FROM reveals r WHERE r.unit_key = a.unit_key) ORDER BY a.id",
        (user.id,),
    )
    return [r[0] for r in rows]


def assigned_units(store: Store, user: User) -> list[str]:
    """Unit keys assigned to ``user``, in assignment order."""
    rows = store.conn.execute(
        "SELECT unit_key FROM assignments WHERE user_id = ? ORDER BY id", (user.id,)
    )
    return [r[0] for r in rows]


def assign(
    store: Store, admin: User, unit_keys: Iterable[str], coders: Iterable[str], *, blind: bool
) -> int:
    """Assign every unit to every coder (call inside a write); returns new assignments."""
    keys = [k for k in dict.fromkeys(unit_keys) if k]
    users = [get_user(store, name) for name in dict.fromkeys(coders) if name]
    if not keys or not users:
        raise WebError("choose at least one unit and one coder to assign")
    _check_units(store, keys)
    added = 0
    for key in keys:
        for user in users:
            if user.role == "viewer":
                raise WebError(f"{user.name} is a viewer; only coders and admins can be assigned")
            cur = store.conn.execute(
                "INSERT INTO assignments (unit_key, user_id, blind, assigned_by, assigned_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (unit_key, user_id) DO NOTHING",
                # to the microsecond, as the coding logs: agreement tells the coders' work
                # from before the assignment from work after it (coding.human.blind_work)
                (key, user.id, int(blind), admin.id, utc_now(precise=True)),
            )
            added += cur.rowcount
    return added


def assigned_message(added: int, units: int, coders: int) -> str:
    """What an assignment did, in units and coders first: an assignment is one unit given to
    one coder, so ``added`` counts pairs (``units`` × ``coders`` less those already there).

    >>> assigned_message(24, 12, 2)
    '12 units assigned to 2 coders (24 new assignments: one per unit and coder).'
    >>> assigned_message(1, 2, 1)
    '2 units assigned to 1 coder (1 new assignment: one per unit and coder; 1 was there already).'
    """
    pairs = units * coders
    there = pairs - added
    already = "" if there <= 0 else f"; {_count(there, 'was', 'were')} there already"
    return (
        f"{_count(units, 'unit')} assigned to {_count(coders, 'coder')} "
        f"({_count(added, 'new assignment')}: one per unit and coder{already})."
    )


def _count(n: int, noun: str, plural: str = "") -> str:
    """``n`` and ``noun``, in the plural (``plural``, else ``noun`` + s) when ``n`` is not 1."""
    if plural:
        return f"{n} {noun if n == 1 else plural}"
    return f"{n} {noun if n == 1 else noun + 's'}"


def _check_units(store: Store, keys: list[str]) -> None:
    known = {
        r[0]
        for r in store.conn.execute(
            f"SELECT key FROM units WHERE key IN ({','.join('?' * len(keys))})", keys
        )
    }
    missing = [k for k in keys if k not in known]
    if missing:
        raise WebError(f"no such unit(s): {', '.join(missing[:5])}; check the keys")


def reveal(store: Store, admin: User, unit_keys: Iterable[str]) -> int:
    """Lift blindness on units (call inside a write); returns how many were newly revealed."""
    added = 0
    for key in dict.fromkeys(unit_keys):
        cur = store.conn.execute(
            "INSERT INTO reveals (unit_key, revealed_by, revealed_at) VALUES (?, ?, ?) "
            "ON CONFLICT (unit_key) DO NOTHING",
            (key, admin.id, utc_now(precise=True)),  # as assignments (blind_work.project_reveals)
        )
        added += cur.rowcount
    return added


def list_assignments(store: Store) -> list[dict[str, object]]:
    """Every assignment with its coder and whether the unit is revealed."""
    rows = store.conn.execute(
        "SELECT a.unit_key, u.name AS coder, a.blind, a.assigned_at, "
        "EXISTS (SELECT 1 FROM reveals r WHERE r.unit_key = a.unit_key) AS revealed "
        "FROM assignments a JOIN users u ON u.id = a.user_id ORDER BY a.id"
    ).fetchall()
    return [
        {
            "unit_key": r["unit_key"],
            "coder": r["coder"],
            "blind": bool(r["blind"]),
            "revealed": bool(r["revealed"]),
            "assigned_at": r["assigned_at"],
        }
        for r in rows
    ]


def document_unit_keys(store: Store, document_id: int) -> list[str]:
    """Keys of every unit of a document, in reading order."""
    rows = store.conn.execute(
        "SELECT key FROM units WHERE document_id = ? ORDER BY unit_type = 'speech', ord",
        (document_id,),
    )
    return [r[0] for r in rows]


@dataclass(frozen=True)
class Sample:
    """A random sample of units stratified by document type, reproducible from ``seed``."""

    keys: tuple[str, ...]
    seed: int
    #: document type → (units drawn, units in the frame)
    strata: dict[str, tuple[int, int]] = field(default_factory=dict)


def stratified_sample(frame: Sequence[tuple[str, str]], n: int, seed: int) -> Sample:
    """Draw ``n`` of ``frame``'s ``(unit key, stratum)`` pairs, stratified, with ``seed``.

    Proportional allocation by Hamilton's method, every non-empty stratum at least
    :data:`SAMPLE_FLOOR` when ``n`` allows it
    (:func:`~normtrace.coding.allocation.allocate`, rule ``largest_remainder``), then each
    stratum's units drawn in frame order by one generator
    (:func:`~normtrace.coding.allocation.seeded_pick`). The same frame, ``n`` and ``seed``
    give the same sample; the keys come back in frame order.

    >>> frame = [(f"r{i}", "resolution") for i in range(4)]
    >>> frame += [(f"v{i}", "verbatim") for i in range(4)]
    >>> s = stratified_sample(frame, 4, seed=7)
    >>> s.strata
    {'resolution': (2, 4), 'verbatim': (2, 4)}
    >>> s == stratified_sample(frame, 4, seed=7)
    True
    """
    groups: dict[str, list[str]] = {}
    for key, stratum in frame:
        groups.setdefault(stratum, []).append(key)
    sizes = {s: len(keys) for s, keys in sorted(groups.items())}
    counts = allocate(sizes, n, SAMPLE_FLOOR, rule=LARGEST_REMAINDER)
    chosen = {k for k, _ in seeded_pick(groups, counts, seed, shuffle=False)}
    keys = tuple(k for k, _ in frame if k in chosen)
    strata = {s: (counts[s], sizes[s]) for s in sizes}
    return Sample(keys, seed, strata)


def sample_frame(
    store: Store, *, doc_types: Sequence[str] = (), unassigned_only: bool = True
) -> list[tuple[str, str]]:
    """Every current unit as ``(key, document type)`` in a stable order, to sample from.

    ``doc_types`` keeps only those types (empty: all); ``unassigned_only`` leaves out
    units someone is already assigned.
    """
    clauses, params = ["1 = 1"], []
    if doc_types:
        clauses.append(f"doc_type IN ({','.join('?' * len(doc_types))})")
        params += list(doc_types)
    if unassigned_only:
        clauses.append("key NOT IN (SELECT unit_key FROM assignments)")
    # A meeting's record and corpus editions share unit keys: each key once, with the
    # record's document type (SQLite takes the bare columns from the row min() picked).
    rows = store.conn.execute(
        "SELECT key, doc_type, min(edition != 'record') AS other, symbol, unit_type, ord "
        f"FROM units WHERE {' AND '.join(clauses)} GROUP BY key "
        "ORDER BY doc_type, symbol, unit_type = 'speech', ord, key",
        params,
    )
    return [(r[0], r[1]) for r in rows]


def draw_sample(
    store: Store,
    n: int,
    seed: int,
    *,
    doc_types: Sequence[str] = (),
    unassigned_only: bool = True,
) -> Sample:
    """A stratified random sample of ``n`` units of the project (see :func:`sample_frame`).

    Raises:
        WebError: ``n`` is not between 1 and :data:`MAX_UNITS`, or nothing is left to draw.
    """
    if not 1 <= n <= MAX_UNITS:
        raise WebError(f"a sample has 1 to {MAX_UNITS} units, not {n}")
    frame = sample_frame(store, doc_types=doc_types, unassigned_only=unassigned_only)
    if not frame:
        raise WebError("no units to sample from: every unit of these types is assigned already")
    return stratified_sample(frame, n, seed)


def record_batch(
    store: Store,
    admin: User,
    *,
    source: str,
    params: dict[str, object],
    keys: Sequence[str],
    coders: Sequence[str],
    blind: bool,
    added: int,
) -> int:
    """Record one assignment batch as a run (stage ``assign``): where its units came from
    (a document, a search, a sample and its seed), who was assigned and what was added."""
    run = store.start_run(
        "assign",
        ASSIGN_ALGORITHM,
        {**params, "source": source, "coders": list(coders), "blind": blind, "by": admin.name},
    )
    store.finish_run(run, {"units": list(keys), "added": added})
    return run


def unit_choices(store: Store, keys: Sequence[str]) -> list[dict[str, object]]:
    """What a person needs to recognise each unit in a review list, in ``keys`` order:
    document, type, speaker or paragraph kind, and the opening words."""
    out: dict[str, dict[str, object]] = {}
    for i in range(0, len(keys), 500):
        chunk = list(keys[i : i + 500])
        rows = store.conn.execute(
            "SELECT key, symbol, doc_type, unit_type, kind, speaker, date, substr(text, 1, 160) "
            f"AS opening, length(text) AS length FROM units WHERE key IN "
            f"({','.join('?' * len(chunk))}) ORDER BY edition = 'record' DESC",
            chunk,
        )
        for r in rows:
            out.setdefault(r["key"], dict(r))
    return [out[k] for k in keys if k in out]
