"""Indicators wired to the real stage tables: actors roles, coded spans, reuse links.

Runs the actors, coding and reuse stages on real texts (two Mali resolutions and the
speeches of S/PV.8703) and checks what collect_case_data computes from their tables.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtrace.actors.store_actors import resolve_speech_roles
from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.yamlio import default_codebook_path, load_codebook
from normtrace.reuse.store_reuse import update_reuse
from normtrace.store.db import Store
from normtrace.trace.collect import CaseData, collect_case_data
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.record import record_trace
from normtrace.trace.result import TraceRun
from normtrace.trace.rules import default_rules_path, derive_ledger, load_rules
from normtrace.trace.store_trace import CaseWindow

MALI = CaseWindow(
    id="mali-test",
    title="Mali (test window)",
    start="2012-12-01",
    end="2020-12-31",
    terms=("Mali",),
    key_resolution="S/RES/2100 (2013)",
)


@pytest.fixture(scope="module")
def data(mali_store: Store) -> CaseData:
    resolve_speech_roles(mali_store)
    apply_codebook(mali_store, load_codebook(default_codebook_path()))
    update_reuse(mali_store)
    return collect_case_data(mali_store, MALI)


def test_stages_feed_every_indicator(data: CaseData) -> None:
    assert data.frame_events, data.unavailable
    assert data.provenance is not None, data.unavailable
    assert data.persuasion is not None, data.unavailable
    assert "frame_first_use" not in data.unavailable
    assert "persuasion_markers" not in data.unavailable


def test_frame_events_carry_roles_and_keys(data: CaseData) -> None:
    roles = {e.role for e in data.frame_events}
    assert "resolution" in roles
    keys = {e.key for e in data.frame_events}
    assert all(k.startswith(("S/RES/", "S/PV.8703/")) for k in keys)


def test_persuasion_splits_at_the_secretariat_briefing(data: CaseData) -> None:
    assert data.persuasion is not None
    meeting = data.persuasion.meetings["S/PV.8703"]
    assert meeting["briefing_key"] == "S/PV.8703/s002"  # Mr. Lacroix, USG Peace Operations
    assert "S/PV.8703/s011" in data.persuasion.after.keys


def test_provenance_of_the_key_resolution(data: CaseData) -> None:
    prov = data.provenance
    assert prov is not None
    assert prov.resolution == "S/RES/2100 (2013)"
    assert prov.words > 0
    assert sum(prov.shares.values()) == pytest.approx(1.0)
    # S/RES/2085 (2012) is the only earlier text in this project
    assert set(prov.shares) <= {"resolution", "none"}


def test_sg_citation_needs_the_adoption_meeting(data: CaseData) -> None:
    # S/PV.6952 (adoption of S/RES/2100 (2013)) is not in this project
    assert data.sg_citation is None
    assert "adoption meetings" in data.unavailable["sg_citation_rate"]


def test_recorded_indicator_values_keep_their_keys(mali_store: Store, data: CaseData) -> None:
    hs = default_hypotheses()
    run_id = record_trace(mali_store, TraceRun(data, hs, None))
    rows = {
        r["name"]: (r["algorithm"], json.loads(r["keys"]))
        for r in mali_store.conn.execute(
            "SELECT name, algorithm, keys FROM indicator_values WHERE run_id = ?", (run_id,)
        )
    }
    assert set(rows) == {
        "frame_first_use",
        "provenance_shares",
        "persuasion_markers",
        "safeguard_language",
        "sg_credit",  # S/RES/2100 (2013) takes note of S/2013/189
        "vote_split",  # S/RES/2100 (2013) at S/PV.6952 in the meeting index
        "agenda_votes",  # S/RES/2085 (2012)
    }
    assert rows["sg_credit"] == (
        "indicator.sg_credit.v1",
        ["S/RES/2100 (2013)/pp20", "S/RES/2100 (2013)/op13"],
    )
    assert rows["persuasion_markers"] == ("indicator.persuasion_markers.v1", ["S/PV.8703/s011"])
    assert all(keys for _, keys in rows.values())
    assert mali_store.conn.execute("SELECT COUNT(*) FROM trace_results").fetchone()[0] == 0


def test_default_rules_on_real_data(data: CaseData) -> None:
    hs = default_hypotheses()
    ledger, skipped = derive_ledger(data, load_rules(default_rules_path(), hs))
    derived = {i.id: i for i in ledger.items}
    assert set(derived) | set(skipped) == {f"R{n}" for n in range(1, 13)}
    assert "R4" in skipped  # no adoption meeting record, so no endorsing speeches
    # the debate before S/RES/2100 (2013) is not in the project (S/PV.8703 is of 2020)
    assert "R7" in skipped
    # S/RES/2100 (2013) takes note of S/2013/189 and its recommendations
    assert "Observed: notes_recommendations" in derived["R8"].description
    assert "R9" in skipped  # one MINUSMA mandate resolution in this project
    assert "Observed: unanimous" in derived["R10"].description
    assert [u.key for u in derived["R10"].units] == ["S/RES/2100 (2013)/op7"]
    for item in derived.values():
        assert item.units and item.indicators


def test_own_codebook_with_frames_derives_items_through_the_default_rules(
    tmp_path: Path,
) -> None:
    """An own codebook (SYNTHETIC code ids and entries) that declares its frames."""
    from case_fixture import mali_case_store
    from normtrace.coding.exchange.yamlio import loads_codebook

    store = mali_case_store(tmp_path / "own.db")
    own = loads_codebook(
        "name: my-book\n"
        "frames:\n  offensive_force: [force_talk]\n  force_authorization: [authorize]\n"
        "codes:\n"
        "  - {id: force_talk, name: Force talk, entries: ['armed group*', 'use of force']}\n"
        "  - {id: authorize, name: Authorization, entries: ['all necessary (means|measures)']}\n"
    )
    apply_codebook(store, own)
    data = collect_case_data(store, MALI)
    assert set(data.frames) == {"offensive_force", "force_authorization"}
    ledger, skipped = derive_ledger(data, load_rules(default_rules_path(), default_hypotheses()))
    items = {i.id: i for i in ledger.items}
    assert "R1" in items, skipped
    value = items["R1"].indicators[0].value
    assert {v["code"] for v in value.values()} <= {"force_talk", "authorize"}
    assert items["R1"].units and all(u.key for u in items["R1"].units)


def test_frame_first_use_needs_no_speech_roles(tmp_path: Path) -> None:
    """A new user's project of resolutions and reports (no speeches, so no roles to resolve)
    got "No coded passages in the case documents" in its report while `freq` counted them:
    a resolution's role comes from its document."""
    from normtrace.pipeline import ingest_paths

    trace = Path(__file__).resolve().parent.parent / "fixtures" / "trace"
    store = Store.open(tmp_path / "p.db")
    files = [trace / "S-RES-2085(2012).txt", trace / "S-RES-2100(2013).txt"]
    assert ingest_paths(store, files, progress=False).ok
    apply_codebook(store, load_codebook(default_codebook_path()), progress=False)
    data = collect_case_data(store, MALI)
    assert "frame_first_use" not in data.unavailable
    assert data.frame_events and {e.role for e in data.frame_events} == {"resolution"}
