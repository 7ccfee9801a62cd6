"""SYNTHETIC planted reuse in real resolution texts: recall and precision (issue 5)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from resolution_corpus import load_units, resolution_files

from normtrace.reuse.links import Unit, find_reuse
from normtrace.reuse.planted import SYNTHETIC_PREFIX, choose, evaluate, plant


@pytest.fixture(scope="module")
def documents(fixtures_dir: Path) -> list[list[Unit]]:
    return [load_units(p) for p in resolution_files(fixtures_dir / "reuse")]


@pytest.mark.parametrize("rate", [0.0, 0.1, 0.2])
def test_planted_reuse_is_found_up_to_20_percent_edits(
    documents: list[list[Unit]], rate: float
) -> None:
    donors, hosts = choose(documents, 14, seed=3)
    baseline = find_reuse(donors + hosts)
    plants = plant(donors, hosts, edit_rate=rate, seed=1)
    assert all(p.host.key.startswith(SYNTHETIC_PREFIX) and p.host.date is None for p in plants)
    score = evaluate(plants, find_reuse(donors + [p.host for p in plants]), baseline)
    assert score.plants >= 8
    assert score.recall >= 0.95
    assert score.precision >= 0.95


def test_edits_change_the_planted_text(documents: list[list[Unit]]) -> None:
    donors, hosts = choose(documents, 4, seed=3)
    (clean, edited) = (plant(donors, hosts, edit_rate=r, seed=1) for r in (0.0, 0.3))
    assert clean[0].donor.text in clean[0].host.text
    assert edited[0].donor.text not in edited[0].host.text


def test_evaluate_counts_a_wrong_donor_as_a_false_positive(documents: list[list[Unit]]) -> None:
    donors, hosts = choose(documents, 6, seed=3)
    plants = plant(donors, hosts, edit_rate=0.0, seed=1)
    links = find_reuse(donors + [p.host for p in plants])
    other = donors[(donors.index(plants[0].donor) + 1) % len(donors)].key
    right = [x for x in links if (x.source, x.target) == (plants[0].donor.key, plants[0].host.key)]
    wrong = [replace(x, source=other) for x in right]
    assert wrong
    score = evaluate(plants, links + wrong)
    assert score.links > score.correct_links
