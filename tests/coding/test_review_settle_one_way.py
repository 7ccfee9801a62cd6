"""`code review ID` given none, or more than one, of --at, --move and --drop says so in the
command's own options (reviewer F7: it printed the library's words, "give one of a new start
offset, drop or move", naming no option). The library decides (anchors.SettleOneWay, which
names the ways given); the command names its options for them. Nothing is written. The
resolution and the coding are SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.human import events
from normtrace.coding.human.anchors import SettleOneWay, open_reviews, resolve_review
from normtrace.store.db import Store
from synthetic_moved import OP1, insert_before_op1, project

OPTIONS = ("give exactly one of --at START (with --end END to place it on changed words), "
           "--move or --drop")  # fmt: skip


def _review(tmp_path: Path) -> int:
    """ana's coding of op1's first words, which a new version moved to op2: its review id."""
    with project(tmp_path) as (opened, path):
        events.add_code(opened.store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                        codebook="synth")  # fmt: skip
        insert_before_op1(opened, path)
        (review,) = open_reviews(opened.store)
        return review.id


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ((), "(none given)"),
        (("--move", "--drop"), "(--move and --drop given)"),
        (("--at", "0", "--drop"), "(--at and --drop given)"),
        (("--at", "0", "--move", "--drop"), "(--at, --move and --drop given)"),
    ],
)
def test_the_command_names_its_options_when_not_exactly_one_is_given(
    tmp_path: Path, given: tuple[str, ...], said: str
) -> None:
    review = _review(tmp_path)
    db = tmp_path / "p.db"
    with Store.open(db) as store:
        logged = len(events.list_events(store))
    out = CliRunner().invoke(cli, ["--project", str(db), "code", "review", str(review),
                                   "--coder", "ana", *given])  # fmt: skip
    assert out.exit_code == 2, out.output
    message = " ".join(out.output.split())
    assert f"review {review}: {OPTIONS} {said}; the review's reason says which fits" in message
    assert "new start offset" not in message and "start (and end)" not in message
    with Store.open(db) as store:
        assert len(events.list_events(store)) == logged  # nothing written
        assert [r.id for r in open_reviews(store)] == [review]


def test_the_library_names_the_ways_given_in_its_own_terms(tmp_path: Path) -> None:
    review = _review(tmp_path)
    with Store.open(tmp_path / "p.db") as store:
        with pytest.raises(SettleOneWay) as none:
            resolve_review(store, review, coder="ana")
        assert none.value.given == ()
        with pytest.raises(SettleOneWay) as two:
            resolve_review(store, review, coder="ana", start=0, move=True)
        assert two.value.given == ("place", "move")
        assert str(two.value) == (
            f"review {review}: settle it one way (place and move given): place the coding at a "
            "new start (and end), move it to the unit the review names, or drop it; the "
            "review's reason says which fits"
        )
        assert "--" not in str(two.value)
