"""Teams: blind assignments, reveals and who may see whose codings.

The rule, applied by every route that shows codings: anyone sees their own; on a
unit that is blind-assigned and not yet revealed nobody sees anyone else's
codings, except an admin who is not assigned to it (an admin who codes it is a
coder like the others), and nobody assigned to it sees the machine's candidates
or suggestions there, which would prime them. A unit without a blind assignment,
or revealed by an admin, shows every coding to every signed-in user. Memos on a
whole document follow the same rule, the document being blind while any of its
units is (:func:`document_visibility`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from normtrace.errors import WebError
from normtrace.store.db import Store, utc_now
from normtrace.web.auth import User, get_user


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
        if viewer.name == coder or not self.hidden:
            return True
        return viewer.is_admin and viewer.name not in self.coders

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
                (key, user.id, int(blind), admin.id, utc_now()),
            )
            added += cur.rowcount
    return added


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
            (key, admin.id, utc_now()),
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
