"""Reuse and first appearance across real speeches (with roles) and resolutions (issue 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.actors.store_actors import resolve_speech_roles
from normtrace.project import Project
from normtrace.reuse import first_appearance, provenance, update_reuse


@pytest.fixture(scope="module")
def project(shared_dir: Path) -> Project:
    corpus = shared_dir / "corpus"
    found = Project(":memory:")
    found.ingest([corpus / "verbatim", corpus / "resolutions" / "S-RES-2100(2013).txt"])
    resolve_speech_roles(found.store)
    update_reuse(found.store)
    return found


def test_first_use_by_role_across_speeches_and_resolutions(project: Project) -> None:
    found = first_appearance(project.store, phrase="MINUSMA")
    assert found.earliest is not None and found.earliest.document == "S/RES/2100 (2013)"
    assert found.by_role["secretariat"].key.startswith("S/PV.8703/")
    assert {"permanent_member", "elected_member"} <= set(found.by_role)
    assert any(q.quarter == "2020Q1" and q.speakers_using > 0 for q in found.curve)


def test_speeches_link_to_earlier_speeches_with_actors(project: Project) -> None:
    row = project.store.conn.execute(
        "SELECT target_key FROM reuse_links WHERE target_key LIKE 'S/PV.8703/%' "
        "AND source_key LIKE 'S/PV.8698/%' ORDER BY words DESC LIMIT 1"
    ).fetchone()
    assert row is not None
    found = provenance(project.store, row["target_key"])
    assert found.earliest and found.earliest[0].unit.date == "2020-01-08"
    assert found.chain[0].unit.role != "resolution"
