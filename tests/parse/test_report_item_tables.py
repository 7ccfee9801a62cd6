"""An annex's table whose cells hold bullets is one table unit, no running text: its column
heads its first line, one line per row with the row's label and all of its bullets as one
text (new user N1 F3: S/2008/586 and S/2009/439's "Year / Indicators of progress" tables
were counted as running-text paragraphs and their heads made headings).

SYNTHETIC text in the PDF extractor's page format: no UN document's words.
"""

from __future__ import annotations

from normtrace.parse.report import parse_report
from normtrace.parse.running import is_running

_TEXT = (
    "United Nations S/2099/88\n\nSecurity Council\n\nDistr.: General\n\n2 May 2099\n\n"
    "Report of the Secretary-General on Examplestan\n\nI. Observations\n\n"
    "1. I welcome the progress made by the parties during the period.\n\n\f"
    "Annex I\n\nBenchmarks of the plan\n\nI. Political dialogue\n\n"
    "Benchmark: continued progress in dialogue between the parties of the country.\n\n"
    "Year Indicators of progress\n\n"
    "2098 \u2022 Formation of a new Government and acceptance of its programme\n\n"
    "\u2022 Renewed efforts to build consensus on the urgent issues facing the country\n\n"
    "2099 \u2022 Elections for one third of the Senate\n\n"
    "\u2013 Progress towards a permanent electoral council\n\n"
    "II. Extension of State authority\n\n"
    "Benchmark: the extension of State authority throughout the country.\n\n"
)


def test_an_annex_table_of_bullets_is_one_table_unit() -> None:
    doc = parse_report(_TEXT, symbol="S/2099/88")
    tables = [p for p in doc.paragraphs if p.kind == "table"]
    assert [p.text for p in tables] == [
        "Year Indicators of progress\n"
        "2098 \u2022 Formation of a new Government and acceptance of its programme "
        "\u2022 Renewed efforts to build consensus on the urgent issues facing the country\n"
        "2099 \u2022 Elections for one third of the Senate "
        "\u2013 Progress towards a permanent electoral council"
    ]
    assert not is_running(tables[0].kind, tables[0].flags)
    running = [p.text for p in doc.paragraphs if is_running(p.kind, p.flags)]
    assert not any("\u2022" in t or "Indicators" in t for t in running)
    headings = [p.text for p in doc.paragraphs if p.kind == "heading"]
    assert "Year Indicators of progress" not in headings
    assert "Extension of State authority" in headings  # the next section stands


def test_a_bullet_list_in_running_text_stays_text() -> None:
    # no row label in front of a bullet: a list of the annex's prose, not a table
    text = _TEXT.replace("2098 \u2022", "\u2022").replace("2099 \u2022", "\u2022")
    doc = parse_report(text, symbol="S/2099/88")
    assert not [p for p in doc.paragraphs if p.kind == "table"]
