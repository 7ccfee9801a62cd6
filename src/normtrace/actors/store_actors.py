"""Run role resolution over a project and keep the results, with their evidence.

:func:`resolve_speech_roles` resolves every current speech of every stored
meeting record (verbatim and corpus editions) and writes one
``speech_roles`` row per speech under a new run; earlier rows stay, marked not
current. :func:`unresolved` lists what could not be resolved — fix those with an
overrides file and run again. :func:`store_reference` copies the reference data
into the ``actors``/``memberships``/``person_posts`` tables so other layers can
join on actor ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from normtrace.actors.meetings_index import load_index
from normtrace.actors.names import normalize_name
from normtrace.actors.overrides import Overrides
from normtrace.actors.reference import Reference, load_reference
from normtrace.actors.roles import ALGORITHM, SpeechRole, resolve_roles
from normtrace.parse.model import Document, Speech
from normtrace.store.db import Store

MEETING_TYPES = ("verbatim", "corpus_meeting")


@dataclass(frozen=True)
class RoleRunSummary:
    """What a role-resolution run did."""

    run_id: int
    speeches: int
    resolved: int
    by_role: dict[str, int] = field(default_factory=dict)

    @property
    def share_resolved(self) -> float:
        """Share of speeches with a role other than ``unknown``."""
        return self.resolved / self.speeches if self.speeches else 1.0


def _documents(store: Store, *, only_missing: bool = False) -> Iterator[tuple[int, str, Document]]:
    missing = (
        " AND EXISTS (SELECT 1 FROM speeches s WHERE s.document_id = documents.id "
        "AND s.is_current = 1 AND NOT EXISTS (SELECT 1 FROM speech_roles r "
        "WHERE r.speech_id = s.id AND r.is_current = 1))"
        if only_missing
        else ""
    )
    rows = store.conn.execute(
        "SELECT id, symbol, edition, doc_type, date, year, meta FROM documents "
        f"WHERE is_current = 1 AND doc_type IN ({', '.join('?' for _ in MEETING_TYPES)})"
        f"{missing} ORDER BY symbol, edition",
        MEETING_TYPES,
    ).fetchall()
    for row in rows:
        speeches = tuple(_speeches(store, int(row["id"])))
        doc = Document(
            symbol=row["symbol"],
            doc_type=row["doc_type"],
            parser="store",
            date=row["date"],
            year=row["year"],
            speeches=speeches,
            meta=json.loads(row["meta"] or "{}"),
            edition=row["edition"],
        )
        yield int(row["id"]), row["edition"], doc


def _speeches(store: Store, doc_id: int) -> Iterator[Speech]:
    for r in store.conn.execute(
        "SELECT id, key, idx, speaker, affiliation, language, is_president, header, text "
        "FROM speeches WHERE document_id = ? AND is_current = 1 ORDER BY idx",
        (doc_id,),
    ):
        yield Speech(
            r["key"],
            int(r["idx"]),
            r["speaker"],
            r["text"],
            affiliation=r["affiliation"],
            language=r["language"],
            is_president=bool(r["is_president"]),
            header=r["header"] or "",
        )


def meeting_dates(store: Store) -> dict[str, str]:
    """Known meeting dates: the bundled library index, overlaid by the project's meetings."""
    dates = {m.symbol: m.date for m in load_index() if m.date}
    for row in store.conn.execute("SELECT symbol, date FROM meetings WHERE date IS NOT NULL"):
        dates[row["symbol"]] = row["date"]
    return dates


def resolve_speech_roles(
    store: Store,
    reference: Reference | None = None,
    overrides: Overrides | None = None,
    *,
    only_missing: bool = False,
) -> RoleRunSummary:
    """Resolve and store the role of every current speech; returns counts.

    Args:
        store: the open project.
        reference: reference data; the bundled copy with ``overrides`` if ``None``.
        overrides: the project's overrides file, parsed.
        only_missing: only meetings with a speech that has no role yet (what ingest
            runs on new meetings; other meetings keep their current roles).
    """
    ov = overrides or Overrides()
    ref = reference or load_reference(overrides=ov if overrides else None)
    params = {"overrides": ov.path, "persons": len(ref.persons), "terms": len(ref.terms)}
    run_id = store.start_run("actors", ALGORITHM, params)
    store_reference(store, ref, origin="overrides" if ov.path else "reference")
    dates = meeting_dates(store)
    counts: dict[str, int] = {}
    total = 0
    for doc_id, edition, doc in _documents(store, only_missing=only_missing):
        day = doc.date or dates.get(doc.symbol)
        roles = resolve_roles(doc, ref, ov, day=day)
        _write_roles(store, doc_id, edition, roles, day, run_id)
        for r in roles:
            counts[r.role] = counts.get(r.role, 0) + 1
        total += len(roles)
    summary = RoleRunSummary(run_id, total, total - counts.get("unknown", 0), counts)
    store.finish_run(run_id, {"speeches": total, "by_role": counts})
    return summary


def _write_roles(
    store: Store,
    doc_id: int,
    edition: str,
    roles: list[SpeechRole],
    day: str | None,
    run_id: int,
) -> None:
    with store.transaction() as conn:
        ids = {
            r["key"]: int(r["id"])
            for r in conn.execute(
                "SELECT id, key FROM speeches WHERE document_id = ? AND is_current = 1", (doc_id,)
            )
        }
        conn.execute(
            "UPDATE speech_roles SET is_current = 0 WHERE document_id = ? AND is_current = 1",
            (doc_id,),
        )
        conn.executemany(
            "INSERT INTO speech_roles (speech_id, speech_key, document_id, document, edition, "
            "speaker, role, actor, presiding_state, method, evidence, meeting_date, run_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    ids.get(r.speech_key),
                    r.speech_key,
                    doc_id,
                    r.document,
                    edition,
                    r.speaker,
                    r.role,
                    r.actor,
                    r.presiding_state,
                    r.method,
                    json.dumps(list(r.evidence), ensure_ascii=False),
                    day,
                    run_id,
                )
                for r in roles
            ],
        )


_ROLE_COLUMNS = (
    "speech_key, document, edition, speaker, role, actor, presiding_state, method, evidence, "
    "meeting_date, run_id"
)


def speech_roles(store: Store, *, symbol: str | None = None) -> list[dict[str, Any]]:
    """Current speech roles (for ``export speeches``), optionally of one document."""
    sql = f"SELECT {_ROLE_COLUMNS} FROM speech_roles WHERE is_current = 1"
    params: list[Any] = []
    if symbol:
        sql += " AND document = ?"
        params.append(symbol)
    rows = store.conn.execute(sql + " ORDER BY document, edition, speech_id", params)
    return [_decode(r) for r in rows]


def role_columns(store: Store) -> dict[tuple[str, str], dict[str, Any]]:
    """``{(edition, speech key): {role, actor, presiding_state}}`` to join onto speech exports.

    Keyed by edition too: the record and the corpus edition of a meeting share speech keys.
    """
    return {
        (r["edition"], r["speech_key"]): {
            "role": r["role"],
            "actor": r["actor"],
            "presiding_state": r["presiding_state"],
        }
        for r in store.conn.execute(
            "SELECT edition, speech_key, role, actor, presiding_state FROM speech_roles "
            "WHERE is_current = 1"
        )
    }


def unresolved(store: Store) -> list[dict[str, Any]]:
    """Current speeches whose role is ``unknown`` or whose actor is not known, with evidence.

    ``missing`` says what is missing: ``role`` (and actor), or only ``actor``
    (for the President: the presiding state). Fix each with an entry in the
    overrides file (``speeches:`` by key or ``speakers:`` by label) and run
    :func:`resolve_speech_roles` again.
    """
    rows = store.conn.execute(
        f"SELECT {_ROLE_COLUMNS} FROM speech_roles WHERE is_current = 1 "
        "AND (role = 'unknown' OR actor IS NULL) ORDER BY document, speech_key"
    )
    out = []
    for r in rows:
        row = _decode(r)
        row["missing"] = "role" if row["role"] == "unknown" else "actor"
        out.append(row)
    return out


def _decode(row: Any) -> dict[str, Any]:
    out = dict(row)
    out["evidence"] = json.loads(out["evidence"] or "[]")
    return out


def store_reference(store: Store, ref: Reference, *, origin: str = "reference") -> int:
    """Replace the project's copy of the reference actors, terms and posts; returns actors."""
    with store.transaction() as conn:
        for table in ("actors", "actor_aliases", "memberships", "person_posts"):
            conn.execute(f"DELETE FROM {table}")
        rows = list(_actor_rows(ref))
        conn.executemany(
            "INSERT INTO actors (actor_id, kind, name, role, meta, origin) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(a, k, n, r, json.dumps(m, ensure_ascii=False), origin) for a, k, n, r, m, _ in rows],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO actor_aliases (actor_id, alias, norm) VALUES (?, ?, ?)",
            [(a, v, normalize_name(v)) for a, _, n, _, _, vs in rows for v in (n, *vs)],
        )
        conn.executemany(
            "INSERT INTO memberships (state_id, name_as_recorded, seat, start_date, end_date, "
            "exception, note, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    t.state_id,
                    t.name_as_recorded,
                    t.seat,
                    t.start.isoformat(),
                    t.end.isoformat(),
                    t.exception,
                    t.note,
                    t.source,
                )
                for t in ref.terms
            ],
        )
        conn.executemany(
            "INSERT INTO person_posts (person_id, post, organisation, role, start_date, end_date, "
            "confidence, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    p.id,
                    x.post,
                    x.organisation,
                    x.role,
                    _iso(x.start),
                    _iso(x.end),
                    x.confidence,
                    x.note,
                )
                for p in ref.persons.values()
                for x in p.posts
            ],
        )
    return len(rows)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _actor_rows(
    ref: Reference,
) -> Iterator[tuple[str, str, str, str | None, dict[str, Any], tuple[str, ...]]]:
    for s in ref.states.values():
        meta = {"iso3": s.iso3, "un_regional_group": s.un_regional_group, "status": s.status}
        yield s.id, "state", s.name, None, meta, s.variants
    for e in ref.entities.values():
        yield e.id, "entity", e.name, e.role, {"category": e.category, "note": e.note}, e.variants
    for p in ref.persons.values():
        yield p.id, "person", p.name, None, {"posts": len(p.posts)}, p.variants
