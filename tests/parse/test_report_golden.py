"""Golden parses of four real Secretary-General reports (tests/fixtures/reports/README.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from normtrace.evaluate.reports import check_text
from normtrace.parse.report import parse_report

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
NAMES = ("UNIKOM_S_2003_933", "MINUSTAH_S_2004_908", "UNMISET_S_2004_888", "UNMISET_S_2003_449")


def _summary(name: str) -> dict[str, Any]:
    doc = parse_report((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))
    units = [
        {
            "key": u.key,
            "kind": u.kind,
            "number": u.number,
            "section": u.section,
            "flags": list(u.flags),
            "page": u.page,
            "start": u.text[:50],
        }
        for u in doc.paragraphs
    ]
    return {
        "symbol": doc.symbol,
        "doc_type": doc.doc_type,
        "date": doc.date,
        "title": doc.title,
        "units": units,
    }


@pytest.mark.parametrize("name", NAMES)
def test_report_parse_matches_golden(name: str) -> None:
    gold = json.loads((FIXTURES / f"{name}.golden.json").read_text(encoding="utf-8"))
    assert _summary(name) == gold


@pytest.mark.parametrize("name", NAMES)
def test_report_passes_the_evaluation_checks(name: str) -> None:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    check = check_text(f"{name}.pdf", text)
    assert check.typed_ok and check.numbered_ok and check.bad_headings == ()
    assert check.observations_found or not check.has_observations


def test_map_and_tables_are_units_not_headings() -> None:
    units = _summary("MINUSTAH_S_2004_908")["units"]
    kinds = {u["key"].rsplit("/", 1)[-1]: u["kind"] for u in units}
    assert kinds.get("map01") == "map" and kinds.get("tab01") == "table"
    headings = [u["start"] for u in units if u["kind"] == "heading"]
    assert "Dajabón" not in headings and not any(h[:1].isdigit() for h in headings)
    first = [u for u in units if u["kind"] == "heading"][0]
    assert first["start"] == "Introduction" and first["number"] == "I"


def test_title_split_from_glued_section_heading() -> None:
    title = _summary("MINUSTAH_S_2004_908")["title"]
    assert (
        title
        == "Report of the Secretary-General on the United Nations Stabilization Mission in Haiti"
    )


if __name__ == "__main__" and "--update" in sys.argv:
    for n in NAMES:
        out = json.dumps(_summary(n), indent=1, ensure_ascii=False)
        (FIXTURES / f"{n}.golden.json").write_text(out, encoding="utf-8")
