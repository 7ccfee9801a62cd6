"""The dictionary's candidates as a coder reads them: each with its status (what the counts
make of it) and the coders' verdicts; what ``normtrace code list`` prints and the workbench's
unit view shows.

Besides the current run's candidates, an accepted candidate that the current run of its
codebook no longer proposes is listed too (:data:`NOT_PROPOSED`): the accept still counts
(:data:`normtrace.coding.placed.ACCEPTED_SPANS`), so a coder must be able to see it, and
reject it to take it back.

A status is read from the verdicts of every coder, except under a :class:`Sight`: a reader
who may not see some coders' work (the workbench's blind coding) gets a status made of the
verdicts they may see (:func:`status_sql`), so no status tells them what a hidden coder said.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from normtrace.coding.human.suggestion_absent import rejected_candidates
from normtrace.coding.placed import (
    ACCEPTS_NOT_PROPOSED,
    on_candidate_sql,
    placed_sql,
    said_sql,
    withdrawn_sql,
)
from normtrace.coding.proposal_ids import proposal_ref
from normtrace.store.db import Store

#: the status of an accepted candidate of an earlier run that the current run no longer
#: proposes: the accept still counts
NOT_PROPOSED = "accepted, not proposed by the current run"
#: the status of a candidate no coder gave a verdict that a coder's reject of a model
#: suggestion of its code on its unit (or paragraph) reads as absent: no count holds it
#: (:mod:`~normtrace.coding.human.suggestion_absent`)
SUGGESTION_REJECTED = "rejected by a suggestion verdict"

#: a candidate's verdicts (``coder:verdict``, space-separated) on its identity, for a row ``a``
#: with the columns of ``auto_codings`` and ``codebook``
_VERDICTS = (
    "(SELECT group_concat(v.coder || ':' || v.verdict, ' ') FROM current_verdicts v WHERE "
    f"{on_candidate_sql('a')})"
)


@dataclass(frozen=True)
class Sight:
    """Whose work a reader may see, as SQL (the workbench's blind rule:
    :func:`normtrace.web.teams.sight`): ``shows(unit, coder)`` is a condition that the reader
    may see the codings and verdicts of ``coder`` on ``unit``, ``everyone(unit)`` that they may
    see every coder's there (``unit`` and ``coder`` are SQL expressions; neither condition
    takes parameters)."""

    shows: Callable[[str, str], str]
    everyone: Callable[[str], str]


def seen_sql(sight: Sight | None, unit: str, coder: str) -> str:
    """An SQL condition: the reader of ``sight`` may see ``coder``'s work on ``unit`` (always,
    without a sight)."""
    return "1" if sight is None else sight.shows(unit, coder)


def everyone_sql(sight: Sight | None, unit: str) -> str:
    """An SQL condition: the reader of ``sight`` may see every coder's work on ``unit``
    (always, without a sight)."""
    return "1" if sight is None else sight.everyone(unit)


def _seen_verdicts(alias: str, sight: Sight | None) -> str:
    """The condition on a verdict ``v`` on candidate ``alias`` that its reader may see it."""
    return "" if sight is None else sight.shows(f"{alias}.unit_key", "v.coder")


def coded_over_sql(alias: str, coder: str | None = None, sight: Sight | None = None) -> str:
    """An SQL condition: a coder's human coding of the candidate ``alias``'s code, for its
    codebook (or one that records no codebook version, made before versions were recorded:
    it stands for every codebook holding its code), covers its span with its words standing,
    and that coder gave the candidate no
    reject (a coder who coded the words by hand has said what an accept says; an explicit
    reject of the candidate is theirs to keep). ``coder``: an SQL expression naming the one
    coder whose coding counts (else any coder's, as the reader of ``sight`` may see them).

    >>> "h.start <= a.start" in coded_over_sql("a")
    True
    """
    a = alias
    whose = f" AND h.coder = {coder}" if coder is not None else ""
    seen = "" if sight is None else f" AND {sight.shows(f'{a}.unit_key', 'h.coder')}"
    rejected = said_sql(a, "reject", "v.coder = h.coder")
    return (
        f"EXISTS (SELECT 1 FROM human_codings h WHERE h.unit_key = {a}.unit_key AND h.code = "
        f'{a}.code AND h.start <= {a}.start AND h."end" >= {a}."end"{whose}{seen} AND '
        f"(h.codebook IS NULL OR h.codebook = {a}.codebook) AND NOT {rejected} AND "
        f"{placed_sql('h')})"
    )


#: the coders whose hand coding of the candidate ``a``'s code covers its words and who gave it
#: no reject (space-separated): each reads as an accept (:func:`coded_over_sql`)
_CODED = (
    "(SELECT group_concat(w.coder, ' ') FROM (SELECT DISTINCT k.coder FROM human_codings k "
    f"WHERE k.unit_key = a.unit_key AND {coded_over_sql('a', coder='k.coder')}) w)"
)


def said_seen_sql(alias: str, verdict: str, sight: Sight | None = None) -> str:
    """:func:`~normtrace.coding.placed.said_sql` as the reader of ``sight`` may read it: some
    coder whose verdicts they may see gave ``verdict`` on the candidate ``alias``.

    >>> said_seen_sql("a", "accept") == said_sql("a", "accept")
    True
    """
    return said_sql(alias, verdict, _seen_verdicts(alias, sight))


def withdrawn_seen_sql(alias: str, sight: Sight | None = None) -> str:
    """:func:`~normtrace.coding.placed.withdrawn_sql` as the reader of ``sight`` may read it:
    rejected and accepted by no coder, among the verdicts they may see."""
    return withdrawn_sql(alias, _seen_verdicts(alias, sight))


def counted_sql(alias: str) -> str:
    """An SQL condition: a count holds the candidate ``alias`` (the ``codings`` view has it:
    no coder rejected it, no "done" mark for its code reads it as absent)."""
    return (
        f"EXISTS (SELECT 1 FROM codings c WHERE c.source = 'auto' AND c.ref_id = {alias}.id "
        f"AND c.unit_key = {alias}.unit_key)"
    )


def status_sql(alias: str, sight: Sight | None = None) -> str:
    """SQL of the status of the current candidate ``alias`` (:func:`candidate_status`) from
    the verdicts the reader of ``sight`` may see: ``disputed``, ``rejected``, ``accepted``,
    ``pending`` or ``absent``. A coder's hand coding of its code that covers its words reads as
    that coder's accept (:func:`coded_over_sql`). Where they may not see every coder's work,
    one they gave no verdict is ``pending``: whether another coder's reject or "done" mark took
    it out of the counts is that coder's to tell."""
    accept = f"({said_seen_sql(alias, 'accept', sight)} OR {coded_over_sql(alias, sight=sight)})"
    reject = said_seen_sql(alias, "reject", sight)
    counted = counted_sql(alias)
    if sight is not None:
        counted = f"({counted} OR NOT {everyone_sql(sight, f'{alias}.unit_key')})"
    return (
        f"CASE WHEN {accept} AND {reject} THEN 'disputed' WHEN {reject} THEN 'rejected' "
        f"WHEN {accept} THEN 'accepted' WHEN {counted} THEN 'pending' ELSE 'absent' END"
    )


#: where the current unit ``{a}.unit_key`` stands in the documents, as the ``units`` view
#: reads it: ``{col}`` of its paragraph (``p``) or speech (``s``) row and document ``d``,
#: looked up by key through the tables' indexes (a lookup in the view scans it whole)
_PLACE = (
    "(SELECT {col} FROM paragraphs p JOIN documents d ON d.id = p.document_id WHERE p.key = "
    "{a}.unit_key AND d.is_current = 1 AND p.speech_id IS NULL UNION ALL SELECT {col2} FROM "
    "speeches s JOIN documents d ON d.id = s.document_id WHERE s.key = {a}.unit_key AND "
    "d.is_current = 1 AND s.is_current = 1 LIMIT 1)"
)


def placed_in_documents(a: str) -> str:
    """The columns ``at_date``, ``at_symbol``, ``at_ord`` of the candidates ``a`` (a table
    alias): where their unit stands in the documents (:data:`_PLACE`), for :data:`IN_ORDER`."""
    columns = (("date", "d.date", "d.date"), ("symbol", "d.symbol", "d.symbol"),
               ("ord", "p.ord", "s.idx"))  # fmt: skip
    return ", ".join(
        f"{_PLACE.format(a=a, col=c, col2=c2)} AS at_{name}" for name, c, c2 in columns
    )


#: the candidates (with the columns of :func:`placed_in_documents`) in document order, the
#: order of ``normtrace export paragraphs`` and ``Project.paragraphs`` (the document's date
#: and symbol, then the unit's stored order: p5 before p46), then in text order; one on no
#: current unit last
IN_ORDER = "at_symbol IS NULL, at_date, at_symbol, at_ord, unit_key, start, id"


def candidate_rows(
    store: Store, *, unit_key: str | None = None, code: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Current candidates, and the accepted candidates of earlier runs the current run no
    longer proposes, in document order (:data:`IN_ORDER`), with ``run`` (the run that
    proposed it), ``status`` (:func:`candidate_status`, or :data:`SUGGESTION_REJECTED` for
    a pending one a reject of a model suggestion reads as absent) and ``verdicts``
    (``coder:verdict``; for such a candidate, ``coder:reject-sN``: the reject of
    suggestion N; the web and :func:`candidate_status` agree)."""
    where = "(? IS NULL OR unit_key = ?) AND (? IS NULL OR code = ?)"
    sql = (
        "WITH a AS (SELECT *, 1 AS proposed FROM (SELECT *, "
        f"{placed_in_documents('c')} FROM current_auto_codings c WHERE {where} "
        f"ORDER BY {IN_ORDER} LIMIT ?) UNION ALL SELECT k.*, r.codebook, "
        f"{placed_in_documents('k')}, 0 FROM auto_codings k JOIN coding_runs r "
        f"ON r.run_id = k.run_id WHERE k.id IN (SELECT id FROM ({ACCEPTS_NOT_PROPOSED}) "
        f"WHERE {where})) "
        'SELECT a.id, a.unit_key, a.start, a."end", a.code, a.snippet, a.entry, a.codebook, '
        f"a.codebook_version, a.run_id AS run, {_VERDICTS} AS verdicts, {_CODED} AS coded, "
        f"{counted_sql('a')} "
        f"AS counted, {placed_sql('a')} AS placed, a.proposed, a.at_date, a.at_symbol, "
        "a.at_ord FROM a"
    )  # the limit first: the status of the rows shown only
    filters = (unit_key, unit_key, code, code)
    rows = []
    said = rejected_candidates(store)
    found = [dict(r) for r in store.conn.execute(sql, (*filters, limit, *filters))]
    # IN_ORDER again, with the accepts no longer proposed (an ORDER BY of the CTE's columns
    # made SQLite look every unit up again per comparison: seconds for a few thousand)
    found.sort(key=lambda r: (r["at_symbol"] is None, r["at_date"] is not None,
                              r["at_date"] or "", r["at_symbol"] or "", r["at_ord"] or 0,
                              r["unit_key"], r["start"], r["id"]))  # fmt: skip
    for row in found[:limit] if limit >= 0 else found:
        del row["at_date"], row["at_symbol"], row["at_ord"]
        coded = [f"{who}:coded" for who in set((row.pop("coded") or "").split())]
        row["verdicts"] = " ".join(sorted([*(row["verdicts"] or "").split(), *coded]))
        row["status"] = candidate_status(
            row["verdicts"],
            bool(row.pop("counted")),
            placed=bool(row.pop("placed")),
            proposed=bool(row.pop("proposed")),
        )
        if row["status"] == "pending" and row["id"] in said:  # a reject of the suggestion
            row["status"] = SUGGESTION_REJECTED
            row["verdicts"] = " ".join(f"{who}:reject-s{sid}" for who, sid in said[row["id"]])
        rows.append(row)
    return rows


def candidate_status(
    verdicts: str, counted: bool, *, placed: bool = True, proposed: bool = True
) -> str:
    """A candidate's status from its ``coder:verdict`` list and whether any count holds it:
    ``gone`` when its words are no longer at its span (a new version of the text: `code apply`
    proposes from the new one); ``disputed``: one coder accepted it and another rejected it,
    so it counts as the accepting coder's coding (:data:`~normtrace.coding.placed.ACCEPTED_SPANS`)
    and not as the dictionary's; ``rejected``: coders rejected it and none accepted it, so it
    counts nowhere; ``accepted`` (:data:`NOT_PROPOSED` when the current run no longer
    ``proposed`` it: the accept still counts); ``pending``; ``absent``: no count holds it (a
    "done" mark for its code reads it as absent). A verdict ``coded`` is a coder's hand coding
    of the code over the candidate's words (:func:`coded_over_sql`): it reads as an accept.

    >>> candidate_status("ana:coded ben:reject", False)
    'disputed'
    >>> candidate_status("ana:accept ben:reject", False)
    'disputed'
    """
    if not placed:
        return "gone"
    said = {v.rsplit(":", 1)[1].replace("coded", "accept") for v in verdicts.split()}
    if "reject" in said and "accept" in said:
        return "disputed" if proposed else f"{NOT_PROPOSED}, disputed"
    if "reject" in said:
        return "rejected"
    if "accept" in said:
        return "accepted" if proposed else NOT_PROPOSED
    return "pending" if counted else "absent"


@dataclass(frozen=True)
class Candidate:
    """A candidate on a unit as one coder reads it: ``status`` says that coder's own verdict
    only (:func:`candidate_status`), never another coder's (blind coding); ``coders``: those
    whose accept holds it (for an accept the current run no longer proposes)."""

    id: int
    code: str
    start: int
    end: int
    snippet: str
    status: str
    codebook: str
    codebook_version: str
    run: int
    coders: tuple[str, ...] = ()


def candidate_ref(candidate_id: int) -> str:
    """A candidate's id as ``normtrace code list`` shows it and every message names it.

    Model suggestions are numbered apart (``s36``), so a bare ``36`` names one of each; the
    letter tells them apart (``code verdict`` takes ``c36`` or ``36``, refuses ``s36``).

    >>> candidate_ref(24)
    'c24'
    """
    return proposal_ref("c", candidate_id)


def unit_candidates(
    store: Store, unit_key: str, *, coder: str, others: bool = True
) -> list[Candidate]:
    """The current run's candidates on ``unit_key`` with ``coder``'s own verdict as status
    (``accepted``, ``rejected``, else ``pending``, or ``absent`` when no count holds it: a
    "done" mark for its code, a reject of a model suggestion of its code there, or another
    coder's reject, reads it as absent), in text order.
    One whose words ``coder`` coded by hand with its code, and did not reject, is
    ``accepted`` (:func:`coded_over_sql`): nothing is left to decide there.

    ``others``: whether ``coder`` may see the other coders' work on the unit; without, one
    they gave no verdict is ``pending``, never ``absent`` (as :func:`status_sql` reads it)."""
    return units_candidates(store, [unit_key], coder=coder, others=others).get(unit_key, [])


#: the most unit keys one query of :func:`units_candidates` names (each a bound parameter,
#: twice): a page of units is one query; SQLite allows 32,766 parameters
KEYS_PER_QUERY = 2000


def units_candidates(
    store: Store,
    unit_keys: Iterable[str],
    *,
    coder: str,
    others: bool | Callable[[str], bool] = True,
) -> dict[str, list[Candidate]]:
    """:func:`unit_candidates` of each of ``unit_keys`` read at once (one query per
    :data:`KEYS_PER_QUERY` keys, however many candidates): key → its candidates in text
    order, in key order (a key with none is left out). ``others``: as for
    :func:`unit_candidates`, for every key, or per key (key → whether ``coder`` may see the
    other coders' work there)."""
    keys = sorted(set(unit_keys))
    sees = others if callable(others) else (lambda _key: others)
    out: dict[str, list[Candidate]] = {}
    said: dict[int, list[tuple[str, int]]] | None = None
    for i in range(0, len(keys), KEYS_PER_QUERY):
        part = keys[i : i + KEYS_PER_QUERY]
        rows = _read(store, part, coder=coder)
        if rows and said is None:
            # a reject of a model suggestion of its code there takes it out of the counts
            said = rejected_candidates(store)
        for r in rows:
            counted = bool(r["counted"]) and int(r["id"]) not in (said or {})
            key = str(r["unit_key"])
            out.setdefault(key, []).append(_candidate(r, coder, counted=counted or not sees(key)))
    return out


def counted_in_sql(alias: str, units: str) -> str:
    """:func:`counted_sql` for candidates ``alias`` on the units ``units`` names (an SQL list
    of unit keys, ``(?, ?)``): the same condition, read from the ``codings`` view for those
    units only. A condition on ``codings`` that names a value SQLite pushes into each branch
    of the view (an index lookup by unit); one that names the candidate (``c.ref_id =
    a.id``, :func:`counted_sql`) it does not, and reads the whole view for every query (0.3
    to 0.7 s on a project of 10,000 candidates)."""
    return (
        f"{alias}.id IN (SELECT c.ref_id FROM codings c WHERE c.source = 'auto' AND "
        f"c.unit_key IN {units})"
    )


def _read(store: Store, keys: list[str], *, coder: str) -> list[Any]:
    """The rows of the current run's candidates on the units ``keys`` (one query), by unit
    key, then in text order, with ``coder``'s verdict, whether a count holds each (``counted``,
    :func:`counted_in_sql`) and whether ``coder`` coded its words by hand (``coded``)."""
    units = f"({', '.join('?' * len(keys))})"
    return store.conn.execute(
        'SELECT a.unit_key, a.id, a.code, a.start, a."end", a.snippet, a.codebook, '
        f"a.codebook_version, a.run_id, v.verdict, {counted_in_sql('a', units)} AS counted, "
        f"{coded_over_sql('a', coder='?')} AS coded FROM current_auto_codings a "
        f"LEFT JOIN current_verdicts v ON {on_candidate_sql('a')} AND v.coder = ? "
        f"WHERE a.unit_key IN {units} ORDER BY a.unit_key, a.start, a.id",
        (*keys, coder, coder, *keys),
    ).fetchall()


def accepts_not_proposed(store: Store, unit_key: str) -> list[Candidate]:
    """The accepted candidates on ``unit_key`` that count though the current run of their
    codebook no longer proposes them (status :data:`NOT_PROPOSED`), each with its accepting
    ``coders`` and the run and codebook version that proposed it, in text order."""
    rows = store.conn.execute(
        'SELECT k.id, k.code, k.start, k."end", k.snippet, k.codebook, k.coders, '
        f"a.codebook_version, a.run_id FROM ({ACCEPTS_NOT_PROPOSED}) k JOIN auto_codings a ON "
        "a.id = k.id WHERE k.unit_key = ? ORDER BY k.start, k.id",
        (unit_key,),
    )
    return [
        Candidate(
            int(r["id"]),
            str(r["code"]),
            int(r["start"]),
            int(r["end"]),
            str(r["snippet"]),
            NOT_PROPOSED,
            str(r["codebook"]),
            str(r["codebook_version"]),
            int(r["run_id"]),
            tuple(sorted(set(str(r["coders"]).split("\x1f")))),
        )  # fmt: skip
        for r in rows
    ]


def decidable(store: Store, candidate_id: int) -> bool:
    """Whether a coder may give candidate ``candidate_id`` a verdict from a unit view: a
    candidate of the current run, or the accepted one the current run no longer proposes
    (:func:`accepts_not_proposed`: rejecting it takes the accept back)."""
    if store.conn.execute(
        "SELECT 1 FROM current_auto_codings WHERE id = ?", (candidate_id,)
    ).fetchone():
        return True
    kept = store.conn.execute(  # by unit: the condition reaches into the accepts' subquery
        f"SELECT 1 FROM ({ACCEPTS_NOT_PROPOSED}) k WHERE k.unit_key = (SELECT unit_key FROM "
        "auto_codings WHERE id = ?) AND k.id = ?",
        (candidate_id, candidate_id),
    ).fetchone()
    return kept is not None


def _candidate(r: Any, coder: str, *, counted: bool) -> Candidate:
    """A row of :func:`unit_candidates` as ``coder`` reads it."""
    verdict = r["verdict"] or ("coded" if r["coded"] else None)
    return Candidate(
        int(r["id"]), str(r["code"]), int(r["start"]), int(r["end"]), str(r["snippet"]),
        candidate_status(f"{coder}:{verdict}" if verdict else "", counted),
        str(r["codebook"]), str(r["codebook_version"]), int(r["run_id"]),
    )  # fmt: skip
