"""Which accepts of a model suggestion make a paragraph carry a code: one rule, the latest.

A coder who accepted one run's suggestion of a code on a target and later rejected a later
run's suggestion of the same code on the same target no longer reads the code there: an
agreement read it so (``mark_reach.carrying_by_coder``, each coder's latest verdict), but the
carrying paragraphs the review marks read (``mark_reach.carrying_paragraphs``) kept every
standing accept, so a paragraph marked "done" stayed only touched for the code. Both read
``mark_reach.latest_accepts`` now. SYNTHETIC project (tests/synthetic_coding.py), planted
suggestions.
"""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.human.mark_reach import carrying_by_coder, carrying_paragraphs
from normtrace.coding.human.reviews import mark_done, review_targets
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.store.db import Store
from synthetic_coding import make_project, plant_suggestion

HEAD, SUB = "SYN/1/op1", "SYN/1/op1/a"
WORDS = "a synthetic task;"  # op1/a's words, which every suggestion here judged


def _judge(store: Store, coder: str, *verdicts: str) -> None:
    """``coder``'s verdicts, in turn, each on a new run's suggestion of poc on op1/a."""
    for verdict in verdicts:
        sid = plant_suggestion(store, "b", "unit", SUB, "poc", WORDS)
        record_suggestion_verdict(store, coder=coder, suggestion_id=sid, verdict=verdict)


def _poc(store: Store) -> tuple[set[str], dict[str, set[str]]]:
    """The paragraphs carrying poc (whoever's), and each coder's."""
    mine = {c: books.get("poc", set()) for c, books in carrying_by_coder(store, "b").items()}
    return carrying_paragraphs(store, "b", ["poc"])["poc"], mine


def test_an_accept_the_same_coder_later_rejected_carries_nothing(tmp_path: Path) -> None:
    with Store.open(make_project(tmp_path / "p.db")) as store:
        mark_done(store, coder="bo", codebook="b", unit_keys=[HEAD], level="paragraph")
        _judge(store, "ana", "accept", "reject")
        assert _poc(store) == (set(), {})
        # bo's mark of op1 read whole: no unit of it carries poc, so both are negatives
        assert review_targets(store, "b", "unit", code="poc") == ({HEAD, SUB}, {HEAD, SUB})


def test_the_latest_accept_carries_whoever_else_rejected(tmp_path: Path) -> None:
    with Store.open(make_project(tmp_path / "p.db")) as store:
        mark_done(store, coder="bo", codebook="b", unit_keys=[HEAD], level="paragraph")
        _judge(store, "ana", "reject", "accept")
        _judge(store, "cy", "accept", "reject")
        assert _poc(store) == ({HEAD}, {"ana": {HEAD}})
        # op1 carries poc (ana's accept): which of its units does, the mark does not say
        assert review_targets(store, "b", "unit", code="poc") == (set(), {HEAD, SUB})
