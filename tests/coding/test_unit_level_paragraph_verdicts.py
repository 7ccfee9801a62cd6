"""Verdicts on paragraph-level suggestions, read at ``unit`` level.

Every text here is SYNTHETIC (made up for tests, not UN text) in made-up documents SYN/n.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_coding_learn import CODEBOOK, _import_truth, fill

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.learn.suggest import record_suggestion_verdict, suggest
from normtrace.coding.learn.train import train_model
from normtrace.store.db import Store


@pytest.fixture()
def project(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "learn.db")
    truth = fill(store)
    (tmp_path / "synth.yaml").write_text(CODEBOOK)
    _import_truth(store, tmp_path, sorted(truth)[:12], truth)  # SYN/1, SYN/2, part of SYN/3
    return store


def test_accept_and_reject_of_a_one_unit_paragraph_read_alike_at_unit_level(
    project: Store,
) -> None:
    """SYNTHETIC. A new user judged paragraph suggestions on paragraphs without
    sub-paragraphs: each reject became a unit-level negative, but no accept became a
    unit-level positive (poc at unit level: n 93 -> 95, positives 23 -> 23, for 2 accepts
    and 2 rejects). A paragraph of one unit is that unit: both verdicts label it. On a
    paragraph of several units an accept still says only that some unit carries the code."""
    train_model(project, "synth", level="paragraph")
    report = suggest(project, "synth", level="paragraph", min_probability=0.05)
    by_target = {(s.unit_key, s.code): s.id for s in report.suggestions}
    # a code with two suggestions on paragraphs of one unit (pp1, op2) and one on a paragraph
    # of three (op1, op1/a, op1/b) in the documents nobody labelled
    unlabelled = ("SYN/4", "SYN/5", "SYN/6")
    code, whole, several = next(
        (c, ones, many[0]) for c in ("poc", "force")
        if len(ones := sorted(k for k, x in by_target if x == c and k.startswith(unlabelled)
                              and k.endswith(("/op2", "/pp1")))) >= 2
        and (many := sorted(k for k, x in by_target if x == c and k.startswith(unlabelled)
                            and k.endswith("/op1")))
    )  # fmt: skip
    accepted, rejected = whole[0], whole[1]
    book = stored_codebook(project, "synth")
    before = collect_labels(project, book, "unit").by_code[code]
    assert not {accepted, rejected, several, f"{several}/a", f"{several}/b"} & set(before)
    for key, verdict in ((accepted, "accept"), (rejected, "reject"), (several, "accept")):
        record_suggestion_verdict(project, coder="ana", suggestion_id=by_target[(key, code)],
                                  verdict=verdict)  # fmt: skip
    after = collect_labels(project, book, "unit").by_code[code]
    assert after[accepted] == 1  # was missing: the accept was dropped at unit level
    assert after[rejected] == 0
    assert len(after) == len(before) + 2
    assert sum(after.values()) == sum(before.values()) + 1
    # several units: which of them carries the code is not said
    assert not {several, f"{several}/a", f"{several}/b"} & set(after)
    # the accepted unit is judged: unit-level suggestions leave it alone
    train_model(project, "synth", level="unit")
    units = suggest(project, "synth", level="unit", min_probability=0.05)
    assert (accepted, code) not in {(s.unit_key, s.code) for s in units.suggestions}
