"""A paragraph marked "done" whole counts in agreement as training reads it
(coding.human.mark_reach, the one rule, read coder by coder): a paragraph of several units that
a coder reviewed whole without coding or accepting a code has no unit carrying it in that
coder's reading, so each of its units is the coder's negative for it. Agreement counted such a
mark as covering no unit (only a paragraph of one unit), so it compared fewer units than
training labels. A paragraph that carries the code in the coder's own codings says only that
some unit carries it: the coder's other units there stay uncompared for that code.
SYNTHETIC project (tests/synthetic_coding.py: SYN/1/op1 holds sub-paragraph SYN/1/op1/a)."""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.store.db import Store
from synthetic_coding import make_project, plant_suggestion

HEAD, SUB = "SYN/1/op1", "SYN/1/op1/a"


def _bo_reads_both_units(store: Store, code_in: str) -> None:
    """bo codes poc in ``code_in`` and marks both units of op1 done, one by one."""
    add_code(store, coder="bo", unit_key=code_in, start=0, end=5, code="poc")
    mark_done(store, coder="bo", codebook="b", unit_keys=[HEAD, SUB])


def test_a_paragraph_marked_whole_without_the_code_is_a_negative_in_each_unit(
    tmp_path: Path,
) -> None:
    with Store.open(make_project(tmp_path / "p.db")) as store:
        mark_done(store, coder="ana", codebook="b", unit_keys=[HEAD], level="paragraph")
        # bo's coding makes no paragraph carry poc for ana: the rule reads her own codings
        _bo_reads_both_units(store, SUB)
        report = agreement(store, codes=["poc"])
        (poc, _) = report.rows
        assert (poc.code, poc.unit_keys, poc.coder_names) == ("poc", (HEAD, SUB), ("ana", "bo"))
        assert [(d.unit_key, d.applied_by, d.not_applied_by) for d in report.disagreements] == [
            (SUB, ("bo",), ("ana",))
        ]


def test_a_paragraph_carrying_the_code_leaves_the_coders_other_units_uncompared(
    tmp_path: Path,
) -> None:
    with Store.open(make_project(tmp_path / "p.db")) as store:
        mark_done(store, coder="ana", codebook="b", unit_keys=[HEAD], level="paragraph")
        add_code(store, coder="ana", unit_key=SUB, start=0, end=5, code="poc")
        _bo_reads_both_units(store, HEAD)
        rows = {r.code: r for r in agreement(store, codes=["poc", "auth"]).rows}
        # ana's paragraph carries poc: SUB, where her coding sits, is her positive; which other
        # unit carries it her mark does not say, so HEAD is not compared for poc
        assert rows["poc"].unit_keys == (SUB,)
        # it carries no auth: both units are her negatives for it
        assert rows["auth"].unit_keys == (HEAD, SUB)
        assert rows["auth"].percent_agreement == 1.0


def test_an_accept_whose_words_are_gone_carries_nothing(tmp_path: Path) -> None:
    """ana accepted a paragraph suggestion of poc on words a new version changed since: her
    accept stands for nothing (training reads it so), so her later mark of the paragraph
    whole is her negative in each unit. It carried the paragraph, and agreement compared none
    of its units for her."""
    from normtrace.coding.learn.suggest import record_suggestion_verdict

    with Store.open(make_project(tmp_path / "p.db")) as store:
        sid = plant_suggestion(store, "b", "paragraph", HEAD, "poc",
                               "Words an earlier version held.")  # fmt: skip
        record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="accept")
        mark_done(store, coder="ana", codebook="b", unit_keys=[HEAD], level="paragraph")
        mark_done(store, coder="bo", codebook="b", unit_keys=[HEAD, SUB])
        (poc, _) = agreement(store, codes=["poc"]).rows
        assert (poc.code, poc.unit_keys, poc.coder_names) == ("poc", (HEAD, SUB), ("ana", "bo"))
