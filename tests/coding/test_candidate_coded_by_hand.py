"""A dictionary candidate whose words a coder coded by hand with its code is decided: it reads
as that coder's accept (``coding.dictionary.candidates.coded_over_sql``), in the coder's unit
view, in ``code list`` and on the code page, and is listed once there, as the coding. A
coder's explicit reject of the candidate stays a reject.

The project is the shared coding fixture (synthetic meeting S/PV.0001 and the real text of
S/RES/2098 (2013)), with the default codebook applied.
"""

from __future__ import annotations

from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.dictionary.candidates import candidate_rows, unit_candidates
from normtrace.coding.exchange.tables import PassageFilter, passages
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human import events
from normtrace.store.db import Store

CODE = "intervention_brigade"


def _candidate(store: Store) -> tuple[int, str, int, int]:
    """The first current candidate of CODE: id, unit, span."""
    apply_codebook(store, load_default_codebook())
    row = store.conn.execute(
        'SELECT id, unit_key, start, "end" FROM current_auto_codings WHERE code = ? '
        "ORDER BY unit_key, start LIMIT 1",
        (CODE,),
    ).fetchone()
    assert row is not None, "the fixture has an Intervention Brigade candidate"
    return int(row[0]), str(row[1]), int(row[2]), int(row[3])


def _status(store: Store, coder: str, cid: int, unit: str) -> str:
    (c,) = [c for c in unit_candidates(store, unit, coder=coder) if c.id == cid]
    return c.status


def test_words_coded_by_hand_read_as_the_coders_accept(store: Store) -> None:
    cid, unit, start, end = _candidate(store)
    assert _status(store, "ana", cid, unit) == "pending"
    # ana codes a passage that holds the candidate's words (wider than them)
    events.add_code(store, coder="ana", unit_key=unit, start=max(0, start - 1), end=end,
                    code=CODE)  # fmt: skip
    assert _status(store, "ana", cid, unit) == "accepted"
    assert _status(store, "ben", cid, unit) == "pending", "ben's view says ben's own reading"
    (row,) = [r for r in candidate_rows(store, unit_key=unit, code=CODE) if r["id"] == cid]
    assert row["status"] == "accepted" and row["verdicts"] == "ana:coded"
    # on the code page the words are one passage, ana's coding, not also a pending candidate
    listed = passages(store, PassageFilter(code=CODE, sources=("human", "candidate")))
    on_unit = [(p.source, p.status) for p in listed if p.unit_key == unit and p.start <= start]
    assert ("candidate", "pending") not in on_unit and ("human", "coded") in on_unit
    # ben rejects it: a dispute, as an accept against a reject is
    events.record_verdict(store, coder="ben", auto_coding_id=cid, verdict="reject")
    (row,) = [r for r in candidate_rows(store, unit_key=unit, code=CODE) if r["id"] == cid]
    assert row["status"] == "disputed"


def test_a_coding_of_other_words_or_code_decides_nothing(store: Store) -> None:
    cid, unit, start, end = _candidate(store)
    # the same code on words that hold only part of the candidate's
    events.add_code(store, coder="ana", unit_key=unit, start=start + 1, end=end, code=CODE)
    # another code over the candidate's words
    events.add_code(store, coder="ana", unit_key=unit, start=start, end=end, code="consent")
    assert _status(store, "ana", cid, unit) == "pending"


def test_an_explicit_reject_stays_the_coders_reading(store: Store) -> None:
    cid, unit, start, end = _candidate(store)
    events.add_code(store, coder="ana", unit_key=unit, start=0, end=end, code=CODE)
    assert _status(store, "ana", cid, unit) == "accepted"
    # the reject withdraws a coding on the candidate's own span only; the wider one stays
    events.record_verdict(store, coder="ana", auto_coding_id=cid, verdict="reject")
    assert _status(store, "ana", cid, unit) == "rejected"
    (row,) = [r for r in candidate_rows(store, unit_key=unit, code=CODE) if r["id"] == cid]
    assert row["status"] == "rejected" and row["verdicts"] == "ana:reject"
