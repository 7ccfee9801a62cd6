"""The reported-speech detector on the fresh held-out sample (data/validation/reported/
fresh.jsonl): drawn from the held-out reports' sentences outside the first sample, labelled
before any rules ran on it; the current rules' score equals the recorded one."""

from __future__ import annotations

import json

from normtrace.evaluate.reported import SAMPLE, load_sample, score_sample
from normtrace.parse.report.reported import ALGORITHM


def test_fresh_sample_is_new_and_labelled() -> None:
    fresh, first = load_sample("fresh"), load_sample("first")
    assert len(fresh) >= 200 and all(r["label"] in (0, 1) for r in fresh)
    assert all("language model" in r["labelled_by"] for r in fresh)
    earlier = {(r["key"], r["start"], r["end"]) for r in first}
    assert not any((r["key"], r["start"], r["end"]) in earlier for r in fresh)
    held = {r["report"] for r in first}
    assert {r["report"] for r in fresh} <= held  # the 25 held-out reports only


def test_score_on_the_fresh_sample_is_the_recorded_one() -> None:
    recorded = json.loads((SAMPLE / "fresh_score.json").read_text(encoding="utf-8"))
    assert recorded["kept"] == ALGORITHM
    score = score_sample(load_sample("fresh")).to_dict()
    for field in ("algorithm", "sentences", "strata", "tp", "fp", "fn", "precision", "recall"):
        assert score[field] == recorded[ALGORITHM][field], field
