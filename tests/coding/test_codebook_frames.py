"""Frames declared by a codebook, and the scoring of a codebook against labelled frames.

The paragraphs below are synthetic (written for these tests), not quotations.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.exchange.qdc import dumps_qdc, loads_qdc
from normtrace.coding.exchange.yamlio import dump_codebook, load_default_codebook, loads_codebook
from normtrace.errors import CodebookError
from normtrace.evaluate.frames import (
    FRAMES,
    LabelledSetError,
    load_labelled_set,
    score_codebook,
    wilson,
)

BOOK_YAML = """
name: mini
frames:
  force_authorization: [force]
  offensive_force: [offence]
  protection_of_civilians: poc
  core_principles: [core]
  responsibility_to_protect: [r2p]
  stabilization: [stab]
codes:
  - {id: force, name: Force, entries: ["all necessary (means|measures)"]}
  - {id: offence, name: Offence, entries: ["offensive operation*"]}
  - {id: poc, name: PoC, entries: ["protect* civilian*"]}
  - {id: core, name: Core, entries: ["impartiality"]}
  - {id: r2p, name: R2P, entries: ["responsibility to protect"]}
  - {id: stab, name: Stab, entries: ["stabiliz*"]}
"""


def _row(key: str, frames: list[str], *texts: str, split: str = "test") -> dict[str, object]:
    units = [{"key": key if i == 0 else f"{key}/{chr(97 + i - 1)}", "text": t}
             for i, t in enumerate(texts)]  # fmt: skip
    return {"key": key, "split": split, "frames": frames, "units": units}


def test_frames_load_dump_and_round_trip_through_qdc() -> None:
    book = loads_codebook(BOOK_YAML)
    assert book.frame_codes()["protection_of_civilians"] == ("poc",)
    assert book.frames_of(["poc", "stab"]) == {"protection_of_civilians", "stabilization"}
    assert loads_codebook(dump_codebook(book)) == book
    assert loads_qdc(dumps_qdc(book)) == book


def test_default_codebook_declares_the_six_frames() -> None:
    frames = load_default_codebook().frame_codes()
    assert tuple(frames) == FRAMES and len(FRAMES) == 6
    assert frames["core_principles"] == ("consent", "impartiality", "nonuse_of_force")


def test_frame_naming_an_unknown_code_is_an_error() -> None:
    with pytest.raises(CodebookError, match="unknown code.*nope"):
        Codebook(name="b", codes=(Code(id="a", name="A"),), frames=(("f", ("a", "nope")),))
    with pytest.raises(CodebookError, match="'frames' must map"):
        loads_codebook("name: b\nframes: [a]\ncodes:\n  - {id: a, name: A}\n")


def test_score_counts_a_paragraph_through_any_of_its_units() -> None:
    book = loads_codebook(BOOK_YAML)
    rows = [
        # the authorization sits in the chapeau, the protection task in a sub-paragraph
        _row("S/RES/1 (2000)/op1", ["force_authorization", "protection_of_civilians"],
             "Authorizes the mission to use all necessary means to carry out:",
             "to protect civilians under threat"),
        _row("S/RES/1 (2000)/op2", [], "Urges the parties to respect the ceasefire"),
        # gold stabilization the codebook misses; a core-principles false positive
        _row("S/RES/1 (2000)/op3", ["stabilization"],
             "Extends State authority; stresses the impartiality of the commission"),
        _row("S/RES/1 (2000)/op4", ["offensive_force"], "offensive operations", split="dev"),
    ]  # fmt: skip
    score = score_codebook(rows, book, split="test")
    assert score.paragraphs == 3
    fa = score.frames["force_authorization"]
    assert (fa.tp, fa.fp, fa.fn) == (1, 0, 0)
    assert score.frames["protection_of_civilians"].tp == 1
    stab, core = score.frames["stabilization"], score.frames["core_principles"]
    assert (stab.tp, stab.fn, stab.false_negatives) == (0, 1, ("S/RES/1 (2000)/op3",))
    assert (core.fp, core.precision, core.false_positives) == (1, 0.0, ("S/RES/1 (2000)/op3",))
    assert score.frames["offensive_force"].tp == 0  # the dev row is not in the test part
    assert score_codebook(rows, book, split="all").frames["offensive_force"].tp == 1
    assert "macro F1" in score.describe()
    data = score.to_dict()
    assert data["frames"]["force_authorization"]["precision_95ci"][1] == 1.0


def test_a_frame_with_nothing_to_score_is_left_out_of_macro_f1() -> None:
    book = loads_codebook(BOOK_YAML)
    rows = [
        _row("S/RES/1 (2000)/op1", ["force_authorization"],
             "Authorizes the mission to use all necessary means"),
        _row("S/RES/1 (2000)/op2", ["stabilization"], "Urges the parties to respect the ceasefire"),
    ]  # fmt: skip
    score = score_codebook(rows, book, split="test")
    # force authorization found (F1 1), stabilization missed (F1 0); the other four frames
    # have no gold paragraph and no coded one here: their F1 is undefined, not 0
    assert score.frames["force_authorization"].f1 == 1.0
    assert score.frames["stabilization"].f1 == 0.0
    assert set(score.unscored) == {
        "offensive_force", "protection_of_civilians", "core_principles",
        "responsibility_to_protect",
    }  # fmt: skip
    assert score.macro_f1 == 0.5
    assert score.to_dict()["frames"]["offensive_force"]["f1"] is None
    assert "nothing to score" in score.describe() and "(over 2 frames)" in score.describe()


def test_a_codebook_without_frames_is_scored_through_the_default_mapping() -> None:
    book = Codebook(name="bare", codes=(Code(id="poc", name="PoC"),))
    with pytest.raises(LabelledSetError, match="maps no codes"):
        score_codebook([], book, mapping={"protection_of_civilians": ("poc",)})
    score = score_codebook([], book)
    assert score.paragraphs == 0 and score.macro_f1 == 0.0


def test_wilson_matches_the_textbook_value() -> None:
    low, high = wilson(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.49, 0.943)
    assert wilson(0, 0) == (0.0, 1.0)


def test_labelled_set_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "set.jsonl"
    bad.write_text(json.dumps(_row("k", [], "t")) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(LabelledSetError, match=r"set\.jsonl:2: not valid JSON"):
        load_labelled_set(bad)
    bad.write_text(json.dumps({**_row("k", [], "t"), "frames": ["peace"]}) + "\n")
    with pytest.raises(LabelledSetError, match=r":1: unknown frame"):
        load_labelled_set(bad)


def test_the_default_codebooks_tree_agrees_with_its_frames() -> None:
    """A group code that shares a frame's id holds exactly the frame's codes: force authorization
    and stabilization sat under ``offensive_force``, so a roll-up to it (here, or in a QDA
    program reading the ``.qdpx`` hierarchy) counted them as offensive force."""
    book = load_default_codebook()
    known = {c.id for c in book.codes}
    for frame, codes in book.frame_codes().items():
        if frame in known and not book.get(frame).codable:  # a group code
            below = {c.id for c in book.descendants(frame) if c.codable}
            assert below == set(codes), frame
    for code in ("all_necessary", "stabilization"):
        assert book.get(code).parent is None
