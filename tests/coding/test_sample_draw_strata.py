"""``code sample`` and its weighted estimate at their edges: a group of targets a draw would
leave undrawn, a recorded draw with such a stratum, a code that stands for a frame, a codebook
changed since the draw, a seed no project can record, and a draw of whole paragraphs.

Codebooks, documents, labels and populations here are SYNTHETIC.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from test_sample_draw import _project

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.draw_estimate import DrawScore, estimate_draw
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.sample_draw import CENSUS, Draw, Stratum, draw_sample, draws, plan
from normtrace.errors import CodingError
from normtrace.store.db import Store
from synthetic_docs import insert_document

#: SYNTHETIC: 50 hits and 500 others, all of one genre
TARGETS = {f"h{i:02}": (True, "") for i in range(50)} | {
    f"m{i:03}": (False, "") for i in range(500)
}


def _sample_runs(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM runs WHERE stage = 'sample'").fetchone()[0])


@pytest.mark.parametrize(
    ("n", "share", "message"),
    [
        (20, 1.0, "none of the 500 nohit targets.*give a --hit-share below 1"),
        (20, 0.0, "none of the 50 hit targets.*give a --hit-share above 0"),
        (1, 0.5, "a draw of 1 at --hit-share 0.5 draws none of the 50 hit targets.*"
                 "give --n 2 or more$"),
        (3, 0.1, "none of the 50 hit targets.*give --n 6 or more, or a --hit-share nearer 0.5"),
    ],
)  # fmt: skip
def test_a_draw_leaving_a_group_of_targets_undrawn_is_refused(
    n: int, share: float, message: str
) -> None:
    with pytest.raises(CodingError, match=message):
        plan(TARGETS, n, share)


def test_a_share_of_0_or_1_stands_when_the_other_group_is_empty() -> None:
    hits = {k: v for k, v in TARGETS.items() if v[0]}
    misses = {k: v for k, v in TARGETS.items() if not v[0]}
    assert [(s.name, s.sampled) for s, _ in plan(hits, 5, 1.0)] == [("hit", 5)]
    assert [(s.name, s.sampled) for s, _ in plan(misses, 5, 0.0)] == [("nohit", 5)]
    assert [(s.name, s.sampled) for s, _ in plan(TARGETS, 6, 0.1)] == [("hit", 1), ("nohit", 5)]


def test_the_refused_draw_records_nothing_and_the_cli_says_so_in_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from normtrace.cli import cli

    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _project(store)
        with pytest.raises(CodingError, match="240 nohit targets"):
            draw_sample(store, "synth", "x", 10, hit_share=1.0, seed=1)
    args = ["--codebook", "synth", "--code", "x", "--n", "1", "--seed", "1"]
    result = CliRunner().invoke(cli, ["--project", str(path), "code", "sample", *args])
    assert result.exit_code == 1 and result.exception is not None
    assert "draws none of the 60 hit targets" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with Store.open(path) as store:
        assert draws(store, "synth") == [] and _sample_runs(store) == 0


def _unsampled_draw() -> tuple[Draw, dict[str, int]]:
    """SYNTHETIC: as recorded before such draws were refused: 20 hits drawn, none of the 500
    others; every drawn hit right."""
    units = {f"h{i:02}": "hit" for i in range(20)}
    strata = (Stratum("hit", True, None, 50, 20), Stratum("nohit", False, None, 500, 0))
    return Draw(1, 1, "", "synth", "v1", 1, "x", "unit", 1, 20, 1.0, strata, units), dict.fromkeys(
        units, 1
    )


def test_a_recorded_draw_with_an_undrawn_stratum_gives_no_estimate() -> None:
    d, truth = _unsampled_draw()
    s = estimate_draw(d, truth, truth)
    assert s.complete and not s.estimable
    assert (s.precision, s.recall, s.f1, s.tp) == (None, None, None, None)
    line = s.line()
    assert "its estimate cannot be made: none of stratum nohit (500 targets) was drawn" in line
    assert "draw again with `normtrace code sample`" in line
    assert s.to_dict()["estimable"] is False and s.to_dict()["line"] == line


def test_a_stored_score_of_such_a_draw_reads_back_and_prints() -> None:
    """A validation run stored the score of such a draw (with its figures) before the fix:
    read back, its line says no estimate can be made instead of dividing by zero."""
    d, truth = _unsampled_draw()
    stored = asdict(estimate_draw(d, truth, truth)) | {"precision": 1.0, "recall": 1.0}
    back = DrawScore.from_dict(json.loads(json.dumps(stored)))
    assert "cannot be made" in back.line() and "cannot be made" in back.to_dict()["line"]


def test_a_code_standing_for_a_frame_is_refused(tmp_path: Path) -> None:
    """Validate scores a code without entries by the default codebook's codes of its frame;
    its codebook's run holds no hit of it, so every target would be 'nohit' and --hit-share
    void: refused, nothing recorded."""
    book = Codebook(name="mine", codes=(
        Code(id="offensive_force", name="Offensive force"),
        Code(id="y", name="Y", entries=(Entry("alpha"),)),
    ))  # fmt: skip
    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/RES/9", [
                (f"SYN/RES/9/op{i}", "op", "Authorizes the mission to conduct targeted offensive "
                 "operations against armed groups" if i % 5 == 0 else "the Council decides")
                for i in range(1, 41)])  # fmt: skip
        register_codebook(store, book)
        apply_codebook(store, book)
        refused = r"'offensive_force' of codebook 'mine' has no entries of its own.*"
        with pytest.raises(CodingError, match=refused + r"offensive_force codes.*give it entries"):
            draw_sample(store, "mine", "offensive_force", 20, seed=1)
        assert _sample_runs(store) == 0
        assert draw_sample(store, "mine", "y", 5, seed=1).code == "y"  # its own entries: drawn


def _changed() -> tuple[Draw, dict[str, int]]:
    """SYNTHETIC: all 10 hits drawn (a census by design), every one right; 8 of 1,000 others
    drawn, none coded, none positive."""
    units = {f"h{i}": "hit" for i in range(10)} | {f"m{i}": "nohit" for i in range(8)}
    strata = (Stratum("hit", True, None, 10, 10), Stratum("nohit", False, None, 1000, 8))
    d = Draw(1, 1, "", "synth", "v1", 1, "x", "unit", 1, 18, 0.5, strata, units)
    return d, {k: int(k.startswith("h")) for k in units}


def test_a_codebook_changed_since_the_draw_gets_no_exact_precision() -> None:
    """Scored as the version that set the strata, the nohit stratum holds no hit, so precision
    is exact; scored as another version, the 992 undrawn others may hold its hits: precision
    keeps its point but gets an interval, and the note says why."""
    d, truth = _changed()
    same = estimate_draw(d, truth, truth, version="v1")
    assert same.precision == same.precision_low == same.precision_high == 1.0
    assert same.note == ""
    other = estimate_draw(d, truth, truth, version="v2")
    assert other.precision == 1.0 and other.precision_high == 1.0
    assert other.precision_low is not None and other.precision_low < 0.9
    assert "version v2's, not the version whose hits set the strata" in other.note
    assert "lose that gain of the stratification" in other.note
    assert "narrower" not in other.note


def test_a_seed_no_project_can_record_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from normtrace.cli import cli

    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _project(store)
        with pytest.raises(CodingError, match=r"seed of 2\*\*63|a seed of 9223372036854775808"):
            draw_sample(store, "synth", "x", 5, seed=2**63)
        assert _sample_runs(store) == 0
        assert draw_sample(store, "synth", "x", 5, seed=2**63 - 1).seed == 2**63 - 1
    result = CliRunner().invoke(cli, ["--project", str(path), "code", "sample", "--codebook",
                                      "synth", "--code", "x", "--n", "5", "--seed",
                                      str(2**64)])  # fmt: skip
    assert result.exit_code == 2 and "--seed" in result.stderr
    with Store.open(path) as store:
        assert _sample_runs(store) == 1


def test_a_draw_that_fails_while_recorded_leaves_no_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(tmp_path / "p.db") as store:
        _project(store)

        def broken(run_id: int, summary: object = None) -> None:
            raise RuntimeError("SYNTHETIC failure while finishing the run")

        monkeypatch.setattr(store, "finish_run", broken)
        with pytest.raises(RuntimeError, match="SYNTHETIC failure"):
            draw_sample(store, "synth", "x", 5, seed=1)
        assert _sample_runs(store) == 0 and draws(store, "synth") == []


def _paragraphs(store: Store) -> None:
    """SYNTHETIC: 30 operative paragraphs; op3, op6, ... hold sub-paragraphs a and b, and
    "alpha" stands in sub-paragraph b of op6, op12, ..., op30 (5 paragraphs) and in op1 (no
    sub-paragraphs); one heading."""
    rows: list[tuple[str, str, str]] = [("SYN/RES/7/h1", "heading", "alpha heading")]
    for i in range(1, 31):
        key = f"SYN/RES/7/op{i}"
        rows.append((key, "op", "alpha decides" if i == 1 else "the Council decides"))
        if i % 3 == 0:
            rows.append((f"{key}/a", "op", "(a) to report"))
            rows.append((f"{key}/b", "op", "(b) alpha to act" if i % 6 == 0 else "(b) to act"))
    with store.transaction() as conn:
        insert_document(conn, "SYN/RES/7", rows)
    book = Codebook(name="synth", codes=(Code(id="x", name="X", entries=(Entry("alpha"),)),))
    register_codebook(store, book)
    apply_codebook(store, book)


def test_a_paragraph_level_draw_keys_hits_labels_and_census_by_paragraph(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from normtrace.cli import cli

    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _paragraphs(store)
        # labelled before the draw: op6 positive through its sub-paragraph b, op2 negative
        text = "(b) alpha to act"
        add_code(store, coder="ana", unit_key="SYN/RES/7/op6/b", start=0, end=len(text),
                 code="x", codebook="synth")  # fmt: skip
        mark_done(store, coder="ana", codebook="synth",
                  unit_keys=["SYN/RES/7/op6", "SYN/RES/7/op6/a", "SYN/RES/7/op6/b",
                             "SYN/RES/7/op2"])  # fmt: skip
        d = draw_sample(store, "synth", "x", 1000, level="paragraph", seed=3)
    paragraphs = {f"SYN/RES/7/op{i}" for i in range(1, 31)}
    assert d.level == "paragraph" and set(d.units) == paragraphs  # no sub-paragraph, no heading
    assert {k for k, h in d.units.items() if h == CENSUS} == {"SYN/RES/7/op6", "SYN/RES/7/op2"}
    assert d.stratum(CENSUS).population == 2
    hits = {k for k, h in d.units.items() if h.startswith("hit")}
    # op1 by its own text; op12 .. op30 through their sub-paragraph b (op6 is in the census)
    assert hits == {"SYN/RES/7/op1"} | {f"SYN/RES/7/op{i}" for i in (12, 18, 24, 30)}
    assert d.population == 30
    result = CliRunner().invoke(cli, ["--project", str(path), "code", "sample", "--codebook",
                                      "synth", "--code", "x", "--n", "4", "--level",
                                      "paragraph", "--seed", "3", "--format", "csv"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    head, *rows = result.stdout.splitlines()
    assert head == "position,paragraph_key" and len(rows) == 4
    assert all(r.split(",", 1)[1] in paragraphs for r in rows)
    assert "4 of the 28 paragraphs of running text" in result.stderr
