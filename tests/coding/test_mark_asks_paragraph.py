"""A paragraph-level "done" mark asks first too (:mod:`normtrace.coding.human.mark_asks`): on an
operative paragraph it reads the pending suggestions of all its units (its own and its
sub-paragraphs') as not applying, so ``code done --level paragraph`` (and the API with a
paragraph level) is made only when it decides none or is confirmed. Before, only unit-level
marks asked: a paragraph mark turned its sub-paragraphs' suggestions into negatives without
a word. What it asks about is exactly what leaves the counts (the ``codings`` view's
paragraph clause: work on the code anywhere in the paragraph spares it). Documents and
codebook are SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.dictionary.candidates import unit_candidates
from normtrace.coding.human.events import add_code
from normtrace.coding.human.mark_asks import SuggestionsPending, mark_done_asking
from normtrace.store.db import Store
from synthetic_suggestions import pending_project

HEAD, SUB_A, SUB_B, OTHER = "SYN/46/op1", "SYN/46/op1/a", "SYN/46/op1/b", "SYN/46/op2"
TEXTS = {
    HEAD: "SYNTHETIC: decides to protect the synthetic valley, and:",
    SUB_A: "(a) to protect synthetic villages;",
    SUB_B: "(b) to secure a synthetic road and to protect synthetic camps;",
    OTHER: "SYNTHETIC: requests the synthetic mission to secure a synthetic bridge;",
}
UNITS = (HEAD, SUB_A, SUB_B)


def _status(store: Store) -> dict[int, tuple[str, str, str]]:
    return {c.id: (k, c.code, c.status) for k in UNITS
            for c in unit_candidates(store, k, coder="ana")}  # fmt: skip


def _marks(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM coding_reviews").fetchone()[0])


def test_a_paragraph_mark_asks_about_all_its_units(tmp_path: Path) -> None:
    with Store.open(pending_project(tmp_path / "p.db", "SYN/46", TEXTS)) as store:
        # ana's sec in the paragraph's own unit spares sec in every unit of the paragraph
        add_code(store, coder="ana", unit_key=HEAD, start=0, end=9, code="sec")
        before = _status(store)
        assert {s for _, _, s in before.values()} == {"pending"}
        ask = {"coder": "ana", "codebook": "syn", "unit_keys": [HEAD], "level": "paragraph"}
        with pytest.raises(SuggestionsPending) as caught:
            mark_done_asking(store, **ask)  # type: ignore[arg-type]
        assert _marks(store) == 0
        found = caught.value.found[HEAD]
        assert [before[c.id][:2] for c in found] == [
            (HEAD, "poc"), (SUB_A, "poc"), (SUB_B, "poc")]  # fmt: skip
        assert f"{HEAD}: 3 pending machine suggestions (poc \u00d73)" in str(caught.value)
        made = mark_done_asking(store, confirm=[c.id for c in found], **ask)  # type: ignore[arg-type]
        assert made.marked == 1
        after = _status(store)
        # exactly what it named left the counts; sec, coded in the paragraph, still counts
        left = {i for i, (_, _, s) in after.items() if s == "absent"}
        assert left == {c.id for c in found} == set(made.decided_ids)
        assert {after[i][1] for i in set(after) - left} == {"sec"}


def test_a_paragraph_mark_on_a_unit_without_sub_paragraphs_asks_as_a_unit_mark(
    tmp_path: Path,
) -> None:
    with Store.open(pending_project(tmp_path / "p.db", "SYN/46", TEXTS)) as store:
        with pytest.raises(SuggestionsPending) as caught:
            mark_done_asking(store, coder="ana", codebook="syn", unit_keys=[OTHER],
                             level="paragraph")  # fmt: skip
        assert [c.code for c in caught.value.found[OTHER]] == ["sec"]


def test_cli_done_at_paragraph_level_refuses_without_confirm(tmp_path: Path) -> None:
    db = pending_project(tmp_path / "p.db", "SYN/46", TEXTS)
    base = ["--project", str(db), "code", "done", HEAD, "--codebook", "syn", "--coder", "ana",
            "--level", "paragraph"]  # fmt: skip
    refused = CliRunner().invoke(cli, base)
    assert refused.exit_code != 0
    assert f"{HEAD}: 4 pending machine suggestions (poc \u00d73, sec)" in refused.output
    assert "--confirm" in refused.output
    with Store.open(db) as store:
        assert _marks(store) == 0
    made = CliRunner().invoke(cli, [*base, "--confirm"])
    assert made.exit_code == 0, made.output
    assert (
        "4 pending machine suggestions (poc \u00d73, sec) now count as not applying" in made.output
    )
