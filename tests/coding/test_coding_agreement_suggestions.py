"""A coder's verdict on a model suggestion is a reading of the suggestion's whole target in
agreement: an accept applies the code there, a reject says it is absent (until stop 40 an
accept read as the coder *not* applying the code, a false disagreement with a coder who coded
it). The planted models and suggestions are SYNTHETIC; the resolution is real."""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.events import add_code
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.store.db import Store
from resolution_2100 import PROTECT, ingested_2100, suggestion

PARAGRAPH = "S/RES/2100 (2013)/op16"


def _poc(store: Store) -> tuple[float, float | None, int]:
    report = agreement(store, codes=["poc"])
    (row,) = [r for r in report.rows if r.code == "poc"]
    return row.percent_agreement, row.passage_alpha, len(report.disagreements)


def _judge(store: Store, verdict: str) -> None:
    """bo's verdict on a new suggestion of poc for PROTECT."""
    sid = suggestion(store, PROTECT, "poc")
    record_suggestion_verdict(store, coder="bo", suggestion_id=sid, verdict=verdict)


def test_an_accepted_suggestion_agrees_with_a_coding_of_the_unit(tmp_path: Path) -> None:
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        text = str(store.conn.execute("SELECT text FROM units WHERE key = ?",
                                      (PROTECT,)).fetchone()[0])  # fmt: skip
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=len(text), code="poc")
        _judge(store, "accept")
        percent, passage, disagreements = _poc(store)
        assert (percent, disagreements) == (1.0, 0)
        # bo's accept holds every character, as ana's coding does: no variation, so alpha is
        # undefined (it would be a number had the accept held none)
        assert passage is None


def test_a_rejected_suggestion_disagrees_with_a_coding(tmp_path: Path) -> None:
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=10, code="poc")
        _judge(store, "reject")
        report = agreement(store, codes=["poc"])
        (row,) = report.disagreements
        assert (row.unit_key, row.applied_by, row.not_applied_by) == (PROTECT, ("ana",), ("bo",))


def test_a_later_verdict_on_the_same_target_replaces_the_earlier(tmp_path: Path) -> None:
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=10, code="poc")
        _judge(store, "reject")
        _judge(store, "accept")
        assert _poc(store)[2] == 0


def test_a_paragraph_suggestion_is_read_unit_by_unit(tmp_path: Path) -> None:
    """A reject of a paragraph's suggestion says no unit of it carries the code; an accept
    says only that one does, so it covers none of its units."""
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        members = [str(r[0]) for r in store.conn.execute(
            "SELECT key FROM units WHERE key = ? OR key LIKE ? || '/%'", (PARAGRAPH, PARAGRAPH)
        )]  # fmt: skip
        assert len(members) > 2 and PROTECT in members
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=10, code="poc")
        sid = suggestion(store, PARAGRAPH, "poc", level="paragraph")
        record_suggestion_verdict(store, coder="bo", suggestion_id=sid, verdict="accept")
        assert agreement(store, codes=["poc"]).units == 0
        record_suggestion_verdict(store, coder="bo", suggestion_id=sid, verdict="reject")
        report = agreement(store, codes=["poc"])
        assert report.units == 1  # ana covered PROTECT alone; bo every unit of the paragraph
        assert [d.unit_key for d in report.disagreements] == [PROTECT]
