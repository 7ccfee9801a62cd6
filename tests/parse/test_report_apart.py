"""A report's captions, table notes, column heads, scraps, heading lines and lists of names
are labelled as no running text (parse.report.apart); its paragraphs are not; keys stay.

The report text is SYNTHETIC (a made-up mission and symbol), laid out as the UN prints a
report with two annex tables; the real-report check reads ../shared and skips without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtrace.parse.report import parse_report

SYNTHETIC = (
    "S/2099/5\nDistr.: General\n1 March 2099\n"
    "Report of the Secretary-General on the Synthetic Stabilization Mission\n"
    "* Reissued for technical reasons on 4 March 2099.\n"
    "I. Introduction\n"
    "1. This SYNTHETIC report covers the period from 1 January to 28 February 2099 and "
    "describes the main developments.\n"
    "2. The mission continued to support the national authorities in the protection of "
    "civilians.\n"
    "Brazil (Ambassador Ana Example, head of mission) Chile (Ambassador Bo Example)\n"
    "France (Ambassador Cy Example)\n"
    "Kenya (Ambassador Di Example, Jr.)\n"
    "II. Support for the compact, socio-economic development\n"
    "and humanitarian assistance\n"
    "3. The authorities adopted a plan to protect civilians in the east of the country.\n"
    "* * *\n"
    "III. Observations\n"
    "4. I welcome the progress made in the protection of civilians.\n"
    "5. The mission will report on the situation in the east (as at 1 March 2099).\n"
    "\f"
    "Annex I\n"
    "Synthetic Stabilization Mission in the Republic of Example: countries providing military "
    "staff\n"
    "(as at 28 February 2099)\n"
    "Argentina 7 549 556 Benin 3 12 15\n"
    "Chile 6 533 539 Nepal 8 750 758\n"
    "a Including the Force Commander.\n"
    "b\n"
    "Attached to the Chilean battalion.\n"
    "\f"
    "Annex II\n"
    "Synthetic Stabilization Mission in the Republic of Example: composition and strength of "
    "the police\n"
    "Number of United Nations police Number of formed police units Country Female Male Female "
    "Male\n"
    "Benin 1 41 0 0 Brazil 0 16 0 0\n"
    "Chile 4 7 0 0 Nepal 2 5 84 196\n"
    "The mission's police advisers continued to train the national police in the east.\n"
)


def _units() -> dict[str, tuple[str, tuple[str, ...]]]:
    doc = parse_report(SYNTHETIC, symbol="S/2099/5")
    return {p.key.removeprefix("S/2099/5/"): (p.kind, p.flags) for p in doc.paragraphs}


def test_captions_notes_heads_scraps_and_names_are_labelled_apart() -> None:
    units = _units()
    labelled = {k: next((f for f in flags if f != "annex"), "") for k, (_, flags) in units.items()}
    assert labelled["t01"] == "footnote"  # * Reissued for technical reasons ...
    assert [labelled[k] for k in ("t02", "t03", "t04")] == ["non_text"] * 3
    assert all("names" in units[k][1] for k in ("t02", "t03", "t04"))
    assert "heading" in units["t05"][1]  # "and humanitarian assistance"
    assert "scrap" in units["t06"][1]  # * * *
    assert "caption" in units["t07"][1] and "caption" in units["t08"][1]
    assert units["tab01"][0] == "table"
    assert all("footnote" in units[k][1] for k in ("t09", "t10", "t11"))
    assert "caption" in units["t12"][1] and "table_text" in units["t13"][1]
    # the kinds and keys stay: a coding made on one of these units stays where it is
    assert all(units[k][0] == "text" for k in ("t01", "t02", "t05", "t07", "t09", "t13"))


def test_paragraphs_and_prose_after_a_table_stay_running_text() -> None:
    units = _units()
    for key in ("p1", "p2", "p3", "p4", "p5"):
        assert units[key][0] == "numbered"
        assert not {"non_text", "footnote", "caption"} & set(units[key][1]), key
    # prose on a table's page, a full sentence longer than a note: not a note
    last = [k for k in units if k.startswith("t")][-1]
    assert units[last][1] == ("annex",), units[last]
    # an observation keeps its flag; the scrap in the section before it has none
    assert "observations" in units["p4"][1]


def test_real_reports_label_captions_and_notes(shared_dir: Path) -> None:
    folder = shared_dir / "corpus" / "reports"
    pdf = folder / "MINUSTAH_S_2005_124.pdf"
    if not pdf.is_file():
        pytest.skip(f"no {pdf} (the shared data folder ../shared is absent)")
    from normtrace.ingest.pdf import extract_pdf

    doc = parse_report(extract_pdf(pdf.read_bytes(), path=str(pdf), ocr="never").text)
    kinds = [p.kind for p in doc.paragraphs]
    assert kinds.count("numbered") == 60
    flagged = {p.key: p.flags for p in doc.paragraphs if p.kind == "text"}
    captions = [k for k, f in flagged.items() if "caption" in f]
    assert len(captions) == 2, json.dumps(flagged, indent=1)
    assert all("footnote" in f or "caption" in f for f in flagged.values()), flagged
