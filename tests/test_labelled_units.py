"""The checker of labelled report units (normtrace.evaluate.labelled_units) on a SYNTHETIC set:
a row is found by its words, never by its key alone; a set is mended without touching a label;
a score that reads by key refuses a key that holds other words."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from normtrace.errors import ConfigError
from normtrace.evaluate.labelled_units import (
    BUNDLED,
    Unit,
    check_rows,
    describe,
    mend_row,
    placed,
    read_reports,
    standing,
    verify,
)

# SYNTHETIC report: the new reading splits the first page's glued heading, so every later
# heading key moves by one; a rule of underscores left a footnote's paragraph.
NOW = {
    "S/2099/1": [
        Unit("S/2099/1/h01", "heading", "Political and security update"),
        Unit("S/2099/1/h02", "heading", "Political situation"),
        Unit("S/2099/1/p1", "numbered", "The mission met the parties twice.", ()),
        Unit("S/2099/1/h03", "heading", "Security situation"),
        Unit("S/2099/1/p2", "numbered", "Patrols were increased in the north."),
        Unit("S/2099/1/h04", "heading", "Humanitarian situation"),
        Unit("S/2099/1/t01", "text", "8 a.m. Departure"),
        Unit("S/2099/1/t02", "text", "9 a.m. Meeting with the Prime Minister and the Cabinet"),
        Unit("S/2099/1/t03", "text", "8 a.m. Departure"),
        Unit("S/2099/1/t04", "text", "8 a.m. Departure"),
    ]
}
READING = "pdf.synthetic.v2 / parse.synthetic.v2"


def _rows() -> list[dict[str, Any]]:
    """SYNTHETIC labelled rows, keyed as the old reading keyed them."""
    return [
        {"key": "S/2099/1/p1", "text": "The mission met the parties twice.", "label": "running"},
        # old h02 held "Security situation"; now h02 holds another heading (same class!)
        {"key": "S/2099/1/h02", "text": "Security situation", "label": "other"},
        {
            "key": "S/2099/1/h01",
            "text": "Political and security update Political situation",
            "label": "other",
        },  # fmt: skip
        {
            "key": "S/2099/1/p2",
            "text": "Patrols were increased in the north. ______________",
            "label": "running",
            "units": [{"key": "S/2099/1/p2", "text": "old"}],
        },  # fmt: skip
        {"key": "S/2099/1/t01", "text": "9 a.m. Meeting with the Prime Minister", "label": "other"},
        {
            "key": "S/2099/1/p9",
            "text": "Words no unit of the new reading holds at all.",
            "label": "running",
        },  # fmt: skip
        {"key": "S/2099/1/t02", "text": "8 a.m. Departure", "label": "other"},
        {"key": "S/RES/1 (2000)/op1", "text": "Decides to remain seized", "label": "running"},
    ]


def test_each_row_is_found_by_its_words_and_the_change_is_named() -> None:
    checks = {c.key: c for c in check_rows(_rows(), NOW)}
    assert "S/RES/1 (2000)/op1" not in checks  # a document the reading lacks is left alone
    assert (checks["S/2099/1/p1"].status, checks["S/2099/1/p1"].stands) == ("same", True)
    moved = checks["S/2099/1/h02"]
    assert (moved.status, moved.key_now, moved.stands) == ("moved", "S/2099/1/h03", True)
    glued = checks["S/2099/1/h01"]
    assert (glued.status, glued.key_now, glued.how, glued.explained) == (
        "changed", "S/2099/1/h01", "heading unglued", True
    )  # fmt: skip
    assert glued.diff == (("removed", "Political situation", ""),)
    rule = checks["S/2099/1/p2"]
    assert (rule.how, rule.explained, rule.text_now) == (
        "furniture removed", True, "Patrols were increased in the north."
    )  # fmt: skip
    added = checks["S/2099/1/t01"]  # its words stand inside t02 with more: not the same reading
    assert (added.status, added.key_now, added.how, added.stands) == (
        "changed", "S/2099/1/t02", "words added", False
    )  # fmt: skip
    assert (checks["S/2099/1/p9"].status, checks["S/2099/1/p9"].stands) == ("gone", False)
    twice = checks["S/2099/1/t02"]  # the words stand at t01, t03, t04: t01 and t03 equally near
    assert (twice.status, twice.stands) == ("gone", False)
    assert "3 times" in twice.how
    assert "removed: -'Political situation'" in describe(glued, "SYNTHETIC")


def test_words_standing_twice_go_to_the_one_nearest_the_old_key() -> None:
    rows = [{"key": "S/2099/1/t04", "text": "8 a.m. Departure"}]  # t04 itself: same
    assert check_rows(rows, NOW)[0].status == "same"
    reading = {"S/2099/1": [u for u in NOW["S/2099/1"] if u.key != "S/2099/1/t01"]}
    rows = [{"key": "S/2099/1/t02", "text": "8 a.m. Departure"}]  # t03 is 1 away, t04 is 2
    found = check_rows(rows, reading)[0]
    assert (found.status, found.key_now) == ("moved", "S/2099/1/t03")


def test_mending_rekeys_and_records_without_touching_a_label() -> None:
    rows = _rows()
    checks = check_rows(rows, NOW)
    mended = list(rows)
    for c in checks:
        mended[c.row] = mend_row(rows[c.row], c, READING)
    for old, new in zip(rows, mended, strict=True):
        assert new["label"] == old["label"]
    moved = mended[1]
    assert moved["key"] == "S/2099/1/h03" and moved["text"] == "Security situation"
    assert moved["key_before"] == [{"key": "S/2099/1/h02", "moved_in": READING}]
    glued = mended[2]
    assert glued["text"] == "Political and security update"
    assert glued["text_before"] == [{"text": rows[2]["text"], "changed_in": READING}]
    assert glued["text_change"]["how"] == "heading unglued"
    assert mended[3]["units"] == [
        {"key": "S/2099/1/p2", "text": "Patrols were increased in the north."}
    ]
    for i in (4, 5, 6):  # words added, gone, ambiguous: recorded, key and text as labelled
        assert mended[i]["key"] == rows[i]["key"] and mended[i]["text"] == rows[i]["text"]
        assert mended[i]["unplaced"]["reading"] == READING
    assert mended[4]["unplaced"]["unit_now"] == "S/2099/1/t02"
    assert [r["key"] for r in standing(mended)] == [
        "S/2099/1/p1", "S/2099/1/h03", "S/2099/1/h01", "S/2099/1/p2", "S/RES/1 (2000)/op1"
    ]  # fmt: skip
    # mended once more in a later reading: the first step is kept
    again = mend_row(moved, check_rows([moved], {"S/2099/1": [Unit("S/2099/1/h09", "heading",
                     "Security situation")]})[0], "later")  # fmt: skip
    assert [s["key"] for s in again["key_before"]] == ["S/2099/1/h02", "S/2099/1/h03"]


def test_a_score_by_key_refuses_a_key_that_holds_other_words() -> None:
    """The old rows pass a key-only check by chance (h02 is still a heading: 'other'); the
    checked reading refuses them, naming the row and what to do."""
    rows = _rows()[:2]
    assert all(u.kind == "heading" for u in NOW["S/2099/1"] if u.key == rows[1]["key"])
    with pytest.raises(
        ConfigError, match=r"SYNTHETIC row 2 \(S/2099/1/h02\).*S/2099/1/h03.*--mend"
    ):
        verify(rows, NOW, where="SYNTHETIC")
    mended = [mend_row(r, c, READING) for r, c in zip(rows, check_rows(rows, NOW), strict=True)]
    found = placed(mended, NOW, where="SYNTHETIC")
    assert [(r["label"], u.key, u.kind) for r, u in found] == [
        ("running", "S/2099/1/p1", "numbered"), ("other", "S/2099/1/h03", "heading")
    ]  # fmt: skip


def test_rows_recorded_unplaced_are_left_out_and_the_rest_still_checked() -> None:
    rows = _rows()[4:7]
    mended = [mend_row(r, c, READING) for r, c in zip(rows, check_rows(rows, NOW), strict=True)]
    assert placed(mended, NOW) == []
    with pytest.raises(ConfigError, match="row 2 .*S/2099/1/p9"):
        verify([mended[0], rows[1]], NOW)
    lost = [{"key": "S/2098/1/p1", "text": "x"}]  # a report the reading lacks
    with pytest.raises(ConfigError, match="row 1 .*not in the reading"):
        placed(lost, NOW)


@pytest.mark.slow
def test_every_bundled_set_holds_its_labelled_words_in_the_current_reading(
    shared_dir: Path,
) -> None:
    """Real reports (../shared): every row of every bundled set that names a report unit is
    found at its key with its labelled words (mended: `python tools/labelled_units.py --mend`),
    or recorded as unplaced with what was found; reading the units by key is then safe."""
    folder = shared_dir / "corpus" / "reports"
    if not folder.is_dir():
        pytest.skip(f"no {folder} (the shared data folder ../shared is absent)")
    reading, names = read_reports(folder)
    assert len(reading) == 53
    sets = resources.files("normtrace.data") / "validation"
    unplaced = {}
    for name, rel, field in BUNDLED:
        text = (sets / rel).read_text(encoding="utf-8")
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        checks = check_rows(rows, reading, text_field=field)
        assert len(checks) >= 100, name  # each set names report units
        verify(rows, reading, text_field=field, where=name)
        for c in checks:
            if c.status != "same":  # only a recorded row: and it is still found as recorded
                assert rows[c.row]["unplaced"]["unit_now"] == c.key_now, describe(c, name)
                unplaced[name, c.key] = c.how
    # the prose rows whose units hold other words since pdf.pdfium.v3 / parse.unsc_doc.v3
    # (prose README): recorded, never guessed; every other set's rows stand
    assert {name for name, _ in unplaced} == {"prose"} and len(unplaced) == 18
    assert set(unplaced.values()) == {"words added", "words replaced"}
