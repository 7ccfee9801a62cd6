"""Adjudication decisions in exchange files, and read back as decisions.

An adjudication (the workbench's Adjudication page, table ``adjudications``) settles one code
on one unit for a codebook: *present*, with a final coding recorded under the coder name
``adjudication:<admin>``, or *absent*, which overrules the coders' codings of it there in
every count. The decision **in force** for codebook B on a unit and code is the latest one
whose codebook is B or none (recorded before migration 0024): the rule's one reading is
:func:`~normtrace.coding.human.adjudicated.decisions_in_force`, of which :func:`in_force`
keeps the codebook's current codes; an export reads them once (:func:`standing`).

What the files carry (the decisions in force for the exported codebook, present and absent,
with adjudicator, note and time; not the superseded ones, which the export counts):

- a codings table (CSV, XLSX): one row each of ``source`` :data:`ADJUDICATION`, ``status``
  ``present`` or ``absent``, the adjudicator in ``coder``, the note in ``memo``, ``at``; a
  present decision's span and words, an absent one's whole unit. The final codings of
  ``adjudication:<admin>`` are not rows of their own (:func:`adjudication_passages`).
- a ``.qdpx``: REFI-QDA has no decisions. ``project.qde`` keeps the final codings of present
  decisions as codings by ``adjudication:<admin>`` (what QDA programs show); every decision
  is a line of ``normtrace/adjudications.jsonl`` in the zip (:data:`MEMBER`), which only
  normtrace reads, and the export says so.

``code import`` and ``code import-qdpx`` record each decision as an adjudication of the
project by the same adjudicator (who gets a closed account when the project has none of that
name: no sign-in), its final coding as ever; the time the file states is kept beside
(migration 0026). A decision the project has in force already is not recorded again; one that
differs from the project's decision in force is a bad row (the import overrides nobody's
decision: decide again in the workbench). A file made before decisions travelled holds only
the final codings, as human rows of ``adjudication:<admin>``: they are read as present
decisions of that adjudicator.

>>> from normtrace.store.db import Store
>>> in_force(Store.open(":memory:"), "frames")
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from normtrace.coding.exchange.coding_rows import CodingRow
from normtrace.coding.exchange.memo_rows import UnitFacts
from normtrace.coding.exchange.tables import Passage, PassageFilter
from normtrace.coding.human import events
from normtrace.coding.human.adjudicated import (
    DECISIONS,
    Adjudicated,
    decisions_in_force,
    record_decision,
    settled_codings,
)
from normtrace.coding.human.books import code_names
from normtrace.coding.human.events import ADJUDICATION_PREFIX
from normtrace.coding.human.made_at import stated_time
from normtrace.coding.units import has_table
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store, utc_now

#: the ``source`` of a table row that is an adjudication decision
ADJUDICATION = "adjudication"
#: the decisions of a ``.qdpx`` (a member of its zip, one JSON object a line)
MEMBER = "normtrace/adjudications.jsonl"
#: the ``password_hash`` of the closed account an import makes for an adjudicator the project
#: has no account of (no argon2 hash: no password signs in); ``users add NAME`` opens it
CLOSED_ACCOUNT = "!imported adjudicator: no sign-in"


def in_force(store: Store, codebook: str) -> list[Adjudicated]:
    """The adjudication in force for ``codebook`` on each unit and code of its current codes
    ever adjudicated for it, by unit and code
    (:func:`~normtrace.coding.human.adjudicated.decisions_in_force`'s of those codes)."""
    codes = code_names(store, codebook)
    return [d for d in decisions_in_force(store, codebook) if d.code in codes]


@dataclass(frozen=True)
class Standing:
    """A codebook's adjudications as an export writes them, read once (:func:`standing`)."""

    codebook: str
    #: the decisions in force for its current codes (:func:`in_force`)
    in_force: tuple[Adjudicated, ...]
    #: how many of its current codes' adjudications a later one replaced (the decision
    #: history no file carries)
    superseded: int


def standing(store: Store, codebook: str) -> Standing:
    """``codebook``'s decisions in force and how many a later one replaced."""
    force = tuple(in_force(store, codebook))
    if not has_table(store, "adjudications"):
        return Standing(codebook, force, 0)
    (every,) = store.conn.execute(
        "SELECT count(*) FROM adjudications a WHERE (a.codebook IS NULL OR a.codebook = ?) AND "
        "a.code IN (SELECT c.code FROM codes c JOIN current_codebooks b ON b.id = c.codebook_id "
        "WHERE b.name = ?)",
        (codebook, codebook),
    ).fetchone()
    return Standing(codebook, force, int(every) - len(force))


def adjudication_passages(
    store: Store, where: PassageFilter, book: Standing | None
) -> tuple[list[Passage], int]:
    """The rows of a codebook's decisions in force (``book``, :func:`standing`) that a codings
    table for ``where`` carries (human rows asked for; a ``coder`` filter keeps its
    adjudications), and how many it leaves out because their unit is no longer in the
    project."""
    if book is None or "human" not in where.sources:
        return [], 0
    codebook = book.codebook
    settled = [
        s for s in book.in_force
        if (where.code is None or s.code == where.code)
        and (where.coder is None or s.adjudicator == where.coder)
    ]  # fmt: skip
    if not settled:
        return [], 0
    facts = UnitFacts(store, {s.unit_key for s in settled})
    names = code_names(store, codebook)
    out: list[Passage] = []
    gone = 0
    for s in settled:
        unit = facts.unit(s.unit_key)
        present = s.decision == "present" and s.start is not None and s.end is not None
        if unit is None or (present and not 0 <= int(s.start or 0) < int(s.end or 0) <= len(
                str(unit["text"]))):  # fmt: skip
            gone += 1
            continue
        if not facts.selected(unit, where):
            continue
        start, end = (int(s.start or 0), int(s.end or 0)) if present else (0, len(unit["text"]))
        out.append(
            facts.passage(
                unit, source=ADJUDICATION, status=s.decision, code=s.code,
                code_name=str(names.get(s.code, s.code)), codebook=codebook,
                coder=s.adjudicator, memo=s.note, at=s.made, start=start, end=end, ref=s.id,
            )
        )  # fmt: skip
    return out, gone


def final_codings(store: Store) -> set[int]:
    """The event ids of every adjudication's final coding (a table writes the decision, not
    its final coding as a coder's)."""
    if not has_table(store, "adjudications"):
        return set()
    rows = store.conn.execute(
        "SELECT final_event_id FROM adjudications WHERE final_event_id IS NOT NULL"
    )
    return {int(r[0]) for r in rows}


def decisions_json(store: Store, book: Standing) -> list[dict[str, Any]]:
    """A codebook's decisions in force (``book``, :func:`standing`) as the lines of a
    ``.qdpx``'s :data:`MEMBER`, each with the words it decided on (a present decision's span,
    an absent one's unit)."""
    out = []
    codebook = book.codebook
    for s in book.in_force:
        try:
            _, text = events.unit_edition_text(store, s.unit_key)
        except NotFoundError:
            continue  # the unit is gone: the export counts it (qdpx.py)
        present = s.decision == "present"
        words = text[s.start or 0 : s.end or 0] if present else text
        out.append({
            "unit_key": s.unit_key, "code": s.code, "codebook": codebook,
            "decision": s.decision, "adjudicator": s.adjudicator, "note": s.note,
            "start": s.start if present else None, "end": s.end if present else None,
            "at": s.made, "text": words,
        })  # fmt: skip
    return out


@dataclass(frozen=True)
class Wanted:
    """A decision a file holds (``where``: its row or line, for messages)."""

    where: str
    unit_key: str
    code: str
    decision: str
    adjudicator: str
    note: str | None
    start: int | None
    end: int | None
    #: the time the file states ("" : none)
    at: str = ""
    #: the words it decided on, as the file read them ("": not given)
    text: str = ""


def wanted_from_row(row: CodingRow, default: str) -> Wanted | None:
    """The decision a table row holds: a row of source :data:`ADJUDICATION` (its status the
    decision, its coder the adjudicator), or a human coding of ``adjudication:<admin>`` (a
    present decision's final coding, as files made before decisions travelled hold it);
    ``None`` for any other row."""
    where = f"row {row.line}"
    if row.source == ADJUDICATION:
        return Wanted(where, row.unit_key, row.code, row.status, row.coder or "", row.memo,
                      row.start, row.end, row.at, row.text)  # fmt: skip
    coder = row.coder or default
    if row.source in ("", "human") and row.code and coder.lower().startswith(ADJUDICATION_PREFIX):
        return Wanted(where, row.unit_key, row.code, "present",
                      coder[len(ADJUDICATION_PREFIX):], row.memo, row.start, row.end, row.at,
                      row.text)  # fmt: skip
    return None


def wanted_from_json(value: Any, where: str, codebook: str) -> Wanted | str:
    """The decision a line of a ``.qdpx``'s :data:`MEMBER` holds (:func:`decisions_json`), or
    why it holds none."""
    if not isinstance(value, dict):
        return f"{where}: not a JSON object; the file was edited: export it again"
    if value.get("codebook") != codebook:
        return f"{where}: of codebook {value.get('codebook')!r}, not {codebook!r}"
    texts = ("unit_key", "code", "decision", "adjudicator")
    spans = ("start", "end")
    if not all(isinstance(value.get(k), str) for k in texts) or not all(
        value.get(k) is None or type(value.get(k)) is int for k in spans
    ):
        return f"{where}: unit_key, code, decision, adjudicator, start or end is malformed"
    note, at, text = (value.get(k) for k in ("note", "at", "text"))
    try:
        stated = stated_time(at) if isinstance(at, str) else ""
    except CodingError as exc:
        return f"{where}: {exc}"
    return Wanted(where, value["unit_key"], value["code"], value["decision"],
                  value["adjudicator"], note if isinstance(note, str) else None, value["start"],
                  value["end"], stated, text if isinstance(text, str) else "")  # fmt: skip


def wanted_problem(store: Store, want: Wanted, codes: Iterable[str]) -> str:
    """Why ``want`` cannot be recorded whatever else the project holds ("" when it can): its
    decision, adjudicator, code, unit, span and words."""
    if want.decision not in DECISIONS:
        return f"an adjudication is present or absent, not {want.decision!r} (its status)"
    name = want.adjudicator.strip()
    if not name or name.lower().startswith(ADJUDICATION_PREFIX):
        return f"an adjudication names its adjudicator (coder), e.g. pol, not {name!r}"
    known = store.conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone()
    if known is None and (len(name) > 64 or not name.replace("-", "").replace("_", "").isalnum()):
        return (
            f"adjudicator {name!r} has no account here and cannot have one (1-64 letters, "
            "digits, '-', '_'); rename the adjudicator in the file"
        )
    if want.code not in set(codes):
        return f"code {want.code!r} of an adjudication is not in the codebook"
    try:
        _, text = events.unit_edition_text(store, want.unit_key)
    except NotFoundError:
        return f"no unit {want.unit_key!r} for an adjudication; ingest its document first"
    start, end = (want.start, want.end) if want.decision == "present" else (0, len(text))
    if start is None or end is None or not 0 <= start < end <= len(text):
        return (
            f"a present adjudication needs a span inside {want.unit_key} (start and end; its "
            f"text has {len(text)} code points)"
        )
    if want.text and " ".join(want.text.split()) != " ".join(text[start:end].split()):
        return (
            f"{want.unit_key} [{start}:{end}] reads other words here than the adjudication's: "
            "the file was made on another version of the text; export it again"
        )
    return ""


def planned(
    store: Store, codebook: str, wanted: list[Wanted]
) -> tuple[list[Wanted], int, list[str]]:
    """Of ``wanted`` (each checked by :func:`wanted_problem`), those to record, how many the
    project has in force already, and the problems: two decisions of one unit and code, or
    one that differs from the project's decision in force."""
    now = {(s.unit_key, s.code): s for s in in_force(store, codebook)}
    seen: set[tuple[str, str]] = set()
    out: list[Wanted] = []
    already = 0
    problems: list[str] = []
    for w in wanted:
        key = (w.unit_key, w.code)
        if key in seen:
            problems.append(f"{w.where}: a second adjudication of {w.code} on {w.unit_key}")
            continue
        seen.add(key)
        held = now.get(key)
        if held is None:
            out.append(w)
            continue
        span = (w.start, w.end) if w.decision == "present" else (None, None)
        if (held.decision, held.adjudicator, held.note or None) == (
            w.decision, w.adjudicator.strip(), w.note or None) and (
            held.decision == "absent" or (held.start, held.end) == span):  # fmt: skip
            already += 1
            continue
        problems.append(
            f"{w.where}: {held.adjudicator} decided {w.code} {held.decision} on {w.unit_key} "
            f"in this project; the file says {w.decision} by {w.adjudicator}: decide it again "
            "in the workbench, or delete the row"
        )
    return out, already, problems


def record(
    store: Store, codebook: str, wanted: list[Wanted], source: str
) -> dict[int, str]:  # fmt: skip
    """Record each of ``wanted`` (:func:`planned`'s) as an adjudication for ``codebook``
    (call inside a transaction), as the workbench records one
    (:func:`~normtrace.coding.human.adjudicated.record_decision`); returns final coding event
    id → the time the file states."""
    made: dict[int, str] = {}
    for w in wanted:
        who = w.adjudicator.strip()
        originals = [h.event_id for h in settled_codings(store, w.unit_key, w.code, codebook)]
        final = None
        if w.decision == "present":
            assert w.start is not None and w.end is not None
            held = [
                h for h in events.human_codings(store, coder=ADJUDICATION_PREFIX + who,
                                                unit_key=w.unit_key, code=w.code)
                if h.of_book(codebook) and (h.start, h.end) == (w.start, w.end)
            ]  # fmt: skip
            if held:  # the final coding is there (its decision was not): it is this one's
                final = events.get_event(store, held[0].event_id)
            else:
                final = events.add_adjudicated_code(
                    store, adjudicator=who, unit_key=w.unit_key, start=w.start, end=w.end,
                    code=w.code, memo=w.note, codebook=codebook,
                )  # fmt: skip
                made[final.id] = w.at
        recorded = record_decision(
            store, unit_key=w.unit_key, code=w.code, codebook=codebook, decision=w.decision,
            adjudicator_id=_adjudicator_id(store, who), note=w.note, final=final,
            originals=originals,
        )  # fmt: skip
        store.conn.execute(
            "INSERT INTO imported_adjudications (adjudication_id, made_at, source) "
            "VALUES (?, ?, ?)",
            (recorded, w.at or None, source),
        )
    return made


def _adjudicator_id(store: Store, name: str) -> int:
    """The account ``name`` (active or closed), else a closed one made for it: no password
    can sign in with it (``password_hash`` is no hash), no session names it."""
    row = store.conn.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
    if row is not None:
        return int(row[0])
    cur = store.conn.execute(
        "INSERT INTO users (name, role, password_hash, active, created_at) "
        "VALUES (?, 'viewer', ?, 0, ?)",
        (name, CLOSED_ACCOUNT, utc_now()),
    )
    return int(cur.lastrowid or 0)


def export_line(book: Standing, decisions: list[dict[str, Any]]) -> list[str]:
    """What a ``.qdpx`` export says of a codebook's adjudications (``book``, :func:`standing`;
    ``decisions``: those it wrote to :data:`MEMBER`)."""
    codebook = book.codebook
    lines = []
    if decisions:
        present = sum(1 for d in decisions if d["decision"] == "present")
        lines.append(
            f"{len(decisions)} adjudication decision(s) of {codebook} ({present} present, "
            f"{len(decisions) - present} absent) are in {MEMBER} inside the file, not in "
            "project.qde: REFI-QDA has no decisions (QDA programs show the present ones as "
            "codings by adjudication:NAME, the absent ones nowhere); `normtrace code "
            "import-qdpx` records them as decisions"
        )
    gone = len(book.in_force) - len(decisions)
    if gone:
        lines.append(f"{gone} adjudication(s) of {codebook} on units no longer in the project")
    history = book.superseded
    if history:
        lines.append(
            f"{history} adjudication(s) of {codebook} a later decision replaced (the history; "
            "the decisions in force are carried): list them on the workbench's Adjudication page"
        )
    return lines
