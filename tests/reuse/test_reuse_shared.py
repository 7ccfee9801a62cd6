"""Real-text acceptance of issue 5 on every resolution in ../shared (slow)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from resolution_corpus import load_units, resolution_files

from normtrace.reuse.first import phrase_occurrences, summarize
from normtrace.reuse.lineage import trace_lineage
from normtrace.reuse.links import ReuseLink, Unit, find_reuse
from normtrace.reuse.planted import choose, evaluate, plant
from normtrace.reuse.roles import UnitInfo
from normtrace.reuse.store_reuse import StoredUnit

pytestmark = pytest.mark.slow

MONUSCO = [
    "S/RES/1925 (2010)",
    "S/RES/1991 (2011)",
    "S/RES/2053 (2012)",
    "S/RES/2098 (2013)",
    "S/RES/2147 (2014)",
    "S/RES/2211 (2015)",
]


@pytest.fixture(scope="module")
def documents(shared_dir: Path) -> list[list[Unit]]:
    return [load_units(p) for p in resolution_files(shared_dir / "corpus" / "resolutions")]


def _stored(documents: list[list[Unit]]) -> list[StoredUnit]:
    return [
        StoredUnit(u, UnitInfo(u.key, u.date, u.document, "resolution", u.order))
        for doc in documents
        for u in doc
    ]


def test_intervention_brigade_wording_first_appears_in_2098(documents: list[list[Unit]]) -> None:
    units = _stored(documents)
    found = summarize(
        "Intervention Brigade", "phrase", units, phrase_occurrences(units, "Intervention Brigade")
    )
    assert found.earliest is not None and found.earliest.document == MONUSCO[3]
    needle = re.compile(r"(?<![^\W_])intervention[\W_]+brigade(?![^\W_])", re.IGNORECASE)
    exhaustive = {s.info.key for s in units if needle.search(s.unit.text)}
    assert {o.key for o in found.occurrences} == exhaustive


def test_monusco_renewals_form_lineages_among_all_recent_resolutions(
    documents: list[list[Unit]],
) -> None:
    recent = [u for doc in documents for u in doc if (u.date or "") >= "2008-01-01"]
    links = find_reuse(recent)
    into: dict[str, list[ReuseLink]] = {}
    for link in links:
        into.setdefault(link.target, []).append(link)
    info = {u.key: UnitInfo(u.key, u.date, u.document, "resolution", u.order) for u in recent}
    chains = [
        trace_lineage(u.key, lambda k: into.get(k, []), info.get).symbols()
        for u in recent
        if u.document == MONUSCO[-1]
    ]
    full = [c for c in chains if all(s in c for s in MONUSCO)]
    assert len(full) >= 3
    for chain in full:
        positions = [chain.index(s) for s in reversed(MONUSCO)]
        assert positions == sorted(positions)


def test_planted_reuse_on_a_bigger_sample(documents: list[list[Unit]]) -> None:
    donors, hosts = choose(documents, 150, seed=11)
    baseline = find_reuse(donors + hosts)
    for rate in (0.1, 0.2):
        plants = plant(donors, hosts, edit_rate=rate, seed=2)
        score = evaluate(plants, find_reuse(donors + [p.host for p in plants]), baseline)
        assert score.plants >= 140
        assert score.recall >= 0.95 and score.precision >= 0.95
