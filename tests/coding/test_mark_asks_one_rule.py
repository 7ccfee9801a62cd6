"""The library alone decides what a coder's "done" asks (:mod:`normtrace.coding.human.mark_asks`):
a withdrawal (``undo``) asks nothing, and a blind re-reading (``again``) is refused with a
withdrawal, some codes, several units or the paragraph level, before anything else is read or
written. The CLI and the workbench restated both (each called ``mark_done`` for a withdrawal
and checked ``again`` itself); now they pass their words (``how_to_confirm``,
``again_refused``) and only translate the answer. Documents and codebook are SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.dictionary.candidates import unit_candidates
from normtrace.coding.human.mark_asks import AGAIN_REFUSED, mark_done_asking
from normtrace.coding.human.reviews import current_reviews
from normtrace.errors import CodingError
from normtrace.store.db import Store
from synthetic_suggestions import pending_project

U1, U2, HEAD = "SYN/48/op1", "SYN/48/op2", "SYN/48/op3"
TEXTS = {
    U1: "SYNTHETIC: to protect synthetic villages and to protect synthetic camps;",
    U2: "SYNTHETIC: takes note of synthetic weather;",
    HEAD: "SYNTHETIC: decides, and:",
    f"{HEAD}/a": "(a) to secure a synthetic road;",
}


def _rows(store: Store) -> list[tuple[str, str]]:
    rows = store.conn.execute("SELECT unit_key, action FROM coding_reviews ORDER BY id")
    return [(str(r[0]), str(r[1])) for r in rows]


def _statuses(store: Store) -> set[str]:
    return {c.status for c in unit_candidates(store, U1, coder="ana")}


def test_a_withdrawal_through_the_one_rule_asks_nothing(tmp_path: Path) -> None:
    with Store.open(pending_project(tmp_path / "p.db", "SYN/48", TEXTS)) as store:
        ask = {"coder": "ana", "codebook": "syn", "unit_keys": [U1]}
        made = mark_done_asking(store, confirm=True, **ask)  # type: ignore[arg-type]
        assert made.marked == 1 and len(made.decided_ids) == 2
        assert _statuses(store) == {"absent"}
        # withdrawn without a confirmation, though it makes two suggestions pending again
        back = mark_done_asking(store, undo=True, **ask)  # type: ignore[arg-type]
        assert back.marked == 1 and back.decided == {}
        assert _rows(store) == [(U1, "done"), (U1, "undone")]
        assert _statuses(store) == {"pending"} and current_reviews(store, "syn") == []
        # a withdrawal of a mark that is not there says so, as mark_done does
        with pytest.raises(CodingError, match="has no current 'done' mark"):
            mark_done_asking(store, undo=True, **ask)  # type: ignore[arg-type]
        # a scoped withdrawal names the mark's codes
        mark_done_asking(store, codes=["sec"], **ask)  # type: ignore[arg-type]
        assert mark_done_asking(store, codes=["sec"], undo=True, **ask).marked == 1  # type: ignore[arg-type]
        with pytest.raises(CodingError, match="coder name is required"):
            mark_done_asking(store, coder=" ", codebook="syn", unit_keys=[U1], undo=True)


@pytest.mark.parametrize(
    "misused",
    [{"undo": True}, {"codes": ["poc"]}, {"unit_keys": [U1, U2]}, {"level": "paragraph"},
     {"unit_keys": [HEAD], "level": "paragraph"}, {"level": "no-such-level"}],
    ids=["undo", "codes", "two-units", "paragraph-level", "paragraph", "bad-level"],
)  # fmt: skip
def test_a_misused_blind_re_reading_is_refused_first_in_the_callers_words(
    tmp_path: Path, misused: dict[str, object]
) -> None:
    with Store.open(pending_project(tmp_path / "p.db", "SYN/48", TEXTS)) as store:
        ask: dict[str, object] = {"coder": "ana", "codebook": "syn", "unit_keys": [U2],
                                  "again": True, **misused}  # fmt: skip
        with pytest.raises(CodingError) as caught:
            mark_done_asking(store, **ask)  # type: ignore[arg-type]
        assert str(caught.value) == AGAIN_REFUSED
        # in the caller's words, and before the coder's name (or the level) is checked
        with pytest.raises(CodingError) as caught:
            mark_done_asking(store, **{**ask, "coder": " "},  # type: ignore[arg-type]
                             again_refused="SYNTHETIC words: send it alone")  # fmt: skip
        assert str(caught.value) == "SYNTHETIC words: send it alone"
        assert _rows(store) == []
    # well used: a plain mark (no standing one to withdraw), one action
    with Store.open(tmp_path / "p.db") as store:
        made = mark_done_asking(store, coder="ana", codebook="syn", unit_keys=[U2], again=True)
        assert made.marked == 1 and _rows(store) == [(U2, "done")]


def test_cli_done_and_its_withdrawal_go_through_the_one_rule(tmp_path: Path) -> None:
    db = pending_project(tmp_path / "p.db", "SYN/48", TEXTS)
    base = ["--project", str(db), "code", "done", U1, "--codebook", "syn", "--coder", "ana"]
    runner = CliRunner()
    refused = runner.invoke(cli, base)
    assert refused.exit_code == 1 and "pass --confirm to mark anyway" in refused.output
    made = runner.invoke(cli, [*base, "--confirm", "--code", "poc"])
    assert made.exit_code == 0, made.output
    assert made.output.strip() == (
        "1 unit mark(s) marked done for syn (codes poc only) by ana; 2 pending machine "
        "suggestions (poc \u00d72) now count as not applying"
    )
    back = runner.invoke(cli, [*base, "--undo", "--code", "poc"])
    assert back.exit_code == 0, back.output
    assert back.output.strip() == "1 unit mark(s) withdrawn for syn (codes poc only) by ana"
    again = runner.invoke(cli, [*base, "--undo", "--code", "poc"])
    assert again.exit_code == 1 and "has no current 'done' mark for poc only" in again.output
    with Store.open(db) as store:
        assert _rows(store) == [(U1, "done"), (U1, "undone")]
