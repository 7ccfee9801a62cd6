"""The suggestion rows of the passages table (``code export --passages``, the web code page)
read each coder's verdict now (:func:`~normtrace.coding.human.verdicts_now.verdicts_now`): a
current suggestion is ``accepted`` when a coder's latest verdict on its target (its codebook,
code, key and level; a paragraph of one unit is that unit) is an accept, and left out when one
is a reject, of the coders whose work the reader may see.

Until stop 44 the rows read the verdicts on each suggestion itself: runs 1 and 2 each suggest
poc on op2, ana rejects run 2's suggestion, then accepts run 1's; the table left run 2's out as
rejected although her reading now is accept (and in the reverse order listed it as accepted).

Documents, codebook, planted models, suggestions and verdicts are SYNTHETIC.
"""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import register_codebook, text_sha256
from normtrace.coding.dictionary.candidates import Sight
from normtrace.coding.exchange.tables import Condition, PassageFilter, passages
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.coding.levels import level_units
from normtrace.store.db import Store, utc_now
from synthetic_docs import insert_document

DOC = "SYN/44"
TEXTS = {
    "op1": "Synthetic chapeau to protect:",
    "op1/a": "to protect synthetic civilians;",
    "op2": "Synthetic text to protect convoys.",
    "op3": "Synthetic text to protect roads.",
    "op5": "Synthetic text to protect wells.",
}
SYN = Codebook(name="syn", codes=(Code(id="poc", name="PoC", entries=(Entry("protect*"),)),))
#: a reader who may see every coder's work but ana's, and nowhere everyone's
HIDE_ANA = Sight(shows=lambda unit, coder: f"({coder} <> 'ana')", everyone=lambda unit: "0")


def k(short: str) -> str:
    return f"{DOC}/{short}"


def _project(path: Path) -> Store:
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, DOC, [(k(s), "op", t) for s, t in TEXTS.items()])
    register_codebook(store, SYN)
    return store


def _run(store: Store, level: str, *shorts: str) -> dict[str, int]:
    """A SYNTHETIC suggest run (a planted model, no classifier) at ``level`` suggesting poc on
    each of ``shorts``, made on their targets' current words (the latest run at a level holds
    its current suggestions); short name → suggestion id."""
    (version,) = store.conn.execute(
        "SELECT version FROM current_codebooks WHERE name = 'syn'").fetchone()  # fmt: skip
    words = {u.key: u.text for u in level_units(store, level, [k(s) for s in shorts])}
    run = store.start_run("learn", "test.synthetic")
    out: dict[str, int] = {}
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO learn_models (run_id, codebook, codebook_version, level, version, "
            "params, codes, model, created_at) VALUES (?, 'syn', ?, ?, 'v', '{}', '{}', x'', ?)",
            (run, version, level, utc_now()),
        )
        for s in shorts:
            out[s] = int(conn.execute(
                "INSERT INTO suggestions (run_id, model_run_id, model_version, codebook, "
                "codebook_version, level, unit_key, code, probability, text_sha256) "
                "VALUES (?, ?, 'v', 'syn', ?, ?, ?, 'poc', 0.9, ?)",
                (run, run, version, level, k(s), text_sha256(words[k(s)])),
            ).lastrowid or 0)  # fmt: skip
    return out


def _judge(store: Store, coder: str, sid: int, verdict: str) -> None:
    record_suggestion_verdict(store, coder=coder, suggestion_id=sid, verdict=verdict)


def _listed(store: Store, sight: Sight | None = None) -> dict[tuple[str, str], str]:
    """(key, level) → status of the table's suggestion rows, as a reader of ``sight`` reads
    them."""
    condition = None if sight is None else Condition("1", sight=sight)
    rows = passages(store, PassageFilter(code="poc", sources=("suggestion",)),
                    condition=condition)  # fmt: skip
    assert all(p.source == "suggestion" for p in rows)
    return {(p.unit_key, p.level): p.status for p in rows}


def test_a_suggestion_row_reads_the_coder_s_latest_verdict_on_its_target(
    tmp_path: Path,
) -> None:
    with _project(tmp_path / "p.db") as store:
        one = _run(store, "unit", "op2", "op3")
        two = _run(store, "unit", "op2", "op3", "op5")  # the current run
        # op2: ana rejects run 2's suggestion, then accepts run 1's (present now)
        _judge(store, "ana", two["op2"], "reject")
        _judge(store, "ana", one["op2"], "accept")
        # op3: ana accepts run 2's suggestion, then rejects run 1's (absent now)
        _judge(store, "ana", two["op3"], "accept")
        _judge(store, "ana", one["op3"], "reject")
        assert _listed(store) == {
            (k("op2"), "unit"): "accepted",  # was left out: her replaced reject of it
            (k("op5"), "unit"): "pending",
        }  # op3 is left out (was 'accepted': her replaced accept of it)


def test_a_paragraph_of_one_unit_and_its_unit_are_one_target(tmp_path: Path) -> None:
    """op5 is a paragraph of one unit: ana accepts its paragraph-level suggestion, then rejects
    its unit's, so both rows (each level's current run) read her reject. op1 holds a
    sub-paragraph: bo's accept of its chapeau unit and ana's reject of the paragraph whole are
    about two targets."""
    with _project(tmp_path / "p.db") as store:
        unit = _run(store, "unit", "op1", "op5")
        paragraph = _run(store, "paragraph", "op1", "op5")
        _judge(store, "ana", paragraph["op5"], "accept")
        _judge(store, "ana", unit["op5"], "reject")
        _judge(store, "bo", unit["op1"], "accept")
        assert _listed(store) == {(k("op1"), "unit"): "accepted",
                                  (k("op1"), "paragraph"): "pending"}  # fmt: skip
        _judge(store, "ana", paragraph["op1"], "reject")
        _judge(store, "ana", unit["op5"], "accept")
        assert _listed(store) == {
            (k("op1"), "unit"): "accepted",
            (k("op5"), "unit"): "accepted",
            (k("op5"), "paragraph"): "accepted",
        }


def test_the_rows_read_only_the_verdicts_the_sight_shows(tmp_path: Path) -> None:
    """A reader who may not see ana's work reads none of her verdicts now (bo's they do): her
    latest on op2, an accept, does not make its row accepted, nor does her replaced reject
    leave it out."""
    with _project(tmp_path / "p.db") as store:
        one = _run(store, "unit", "op2")
        two = _run(store, "unit", "op2", "op3")
        _judge(store, "ana", two["op2"], "reject")
        _judge(store, "ana", one["op2"], "accept")
        _judge(store, "bo", two["op3"], "accept")
        assert _listed(store) == {(k("op2"), "unit"): "accepted",
                                  (k("op3"), "unit"): "accepted"}  # fmt: skip
        assert _listed(store, HIDE_ANA) == {(k("op2"), "unit"): "pending",
                                            (k("op3"), "unit"): "accepted"}  # fmt: skip
        _judge(store, "bo", one["op2"], "reject")  # bo's reading of op2 now: absent, shown
        assert _listed(store, HIDE_ANA) == {(k("op3"), "unit"): "accepted"}
        assert _listed(store) == {(k("op3"), "unit"): "accepted"}
