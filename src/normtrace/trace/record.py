"""Store what a trace run computed: indicator values and the weighed ledger, with the run.

:func:`record_trace` writes one ``runs`` row (stage ``trace``, algorithm
:data:`ALGORITHM`; its parameters name the inference and sensitivity algorithms), one
``indicator_values`` row per indicator the case data holds (value as JSON plus the unit keys
it rests on) and, when a ledger was weighed, one ``trace_results`` row with the hypotheses,
the ledger and the posteriors
(migration ``0005_trace.sql``).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import asdict
from typing import Any

from normtrace.store.db import Store, utc_now
from normtrace.trace.case import CaseTrace
from normtrace.trace.collect import CaseData
from normtrace.trace.indicators import VERSIONS, debate_first_use, frame_first_use
from normtrace.trace.inference import ALGORITHM as INFERENCE
from normtrace.trace.ledger import ledger_to_mapping
from normtrace.trace.result import TraceRun
from normtrace.trace.sensitivity import ALGORITHM as SENSITIVITY

#: v2: items whose pointer to the text is broken are left out of the posterior (f225a66) and
#: items resting on one measurement of the same units are weighed once (e0461e0)
ALGORITHM = "trace.case.v2"


def indicator_rows(data: CaseData) -> list[tuple[str, str, Any, list[str]]]:
    """``(name, algorithm, value, keys)`` for every indicator the case data holds."""
    found: list[tuple[str, Any, list[str]]] = []
    if data.frame_events:
        first = frame_first_use(data.frame_events)
        firsts = {c: {r: asdict(e) for r, e in roles.items()} for c, roles in first.items()}
        keys = sorted({e.key for roles in first.values() for e in roles.values()})
        found.append(("frame_first_use", firsts, keys))
    if data.provenance is not None:
        keys = sorted(k for ks in data.provenance.keys.values() for k in ks)
        found.append(("provenance_shares", data.provenance.to_json(), keys))
    if data.sg_citation is not None:
        rate: dict[str, Any] = {**data.sg_citation.to_json(), "rate": data.sg_citation.rate}
        found.append(("sg_citation_rate", rate, data.sg_citation.keys))
    if data.persuasion is not None:
        keys = data.persuasion.before.keys + data.persuasion.after.keys
        found.append(("persuasion_markers", data.persuasion.to_json(), keys))
    if data.safeguard:
        keys = sorted({k for r in data.safeguard for k in r["keys"]})
        found.append(("safeguard_language", data.safeguard, keys))
    if data.credits is not None:
        found.append(("sg_credit", data.credits.to_json(), [c.key for c in data.credits.credits]))
    if data.mandate is not None:
        found.append(("mandate_growth", data.mandate.to_json(), data.mandate.keys()))
    if data.key_votes is not None:
        found.append(("vote_split", data.key_votes.to_json(), data.key_votes.keys))
    if data.agenda_votes is not None:
        found.append(("agenda_votes", data.agenda_votes.to_json(), data.agenda_votes.keys))
    if data.renewals is not None:
        found.append(("renewal_secretariat_origin", data.renewals.to_json(), data.renewals.keys))
    debate = debate_first_use(data.frame_events, data.adoption_date or data.case.end)
    if debate is not None:
        keys = [v["key"] for v in debate.first.values()]
        found.append(("debate_first_use", debate.to_json(), keys))
    return [(name, VERSIONS[name], value, keys) for name, value, keys in found]


def record_trace(store: Store, run: TraceRun, *, params: dict[str, Any] | None = None) -> int:
    """Store ``run``'s indicator values and result under a new ``trace`` run; return its id."""
    case_id = run.data.case.id
    algorithms = {"inference": INFERENCE, "sensitivity": SENSITIVITY}
    run_id = store.start_run(
        "trace", ALGORITHM, {"case": case_id, "algorithms": algorithms, **(params or {})}
    )
    rows = indicator_rows(run.data)
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO indicator_values (run_id, case_id, name, algorithm, value, keys) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(run_id, case_id, n, a, _json(v), _json(k)) for n, a, v, k in rows],
        )
        if run.trace is not None:
            _insert_result(conn, run_id, run, run.trace)
    summary: dict[str, Any] = {"indicators": [r[0] for r in rows]}
    if run.trace is not None:
        summary.update(leader=run.trace.sensitivity.leader, robust=run.trace.sensitivity.robust)
    if run.left_out:  # items not weighed: a broken pointer to the text
        summary["left_out"] = [{"item": lo.item, "reason": lo.line()} for lo in run.left_out]
    store.finish_run(run_id, summary)
    return run_id


def _insert_result(conn: sqlite3.Connection, run_id: int, run: TraceRun, trace: CaseTrace) -> None:
    ledger = _json(ledger_to_mapping(trace.ledger))
    conn.execute(
        "INSERT INTO trace_results (run_id, case_id, hypotheses, ledger, ledger_sha256, "
        "posterior, leader, robust, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            run_id,
            run.data.case.id,
            _json(asdict(run.hypotheses)),
            ledger,
            hashlib.sha256(ledger.encode("utf-8")).hexdigest(),
            _json(trace.posterior_table()),
            trace.sensitivity.leader,
            int(trace.sensitivity.robust),
            utc_now(),
        ),
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
