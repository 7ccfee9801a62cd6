"""On a page of one column (a report's), the lines in one half are measured against the
column's line pitch, not as a column of their own: a section heading and the sub-heading
under it stay two paragraphs (SYNTHETIC PDF, ``tests/synthetic_report_pdf.py``)."""

from __future__ import annotations

from normtrace.ingest.pdf import extract_pdf
from synthetic_report_pdf import HEADING, SUB_HEADING, report_pdf


def test_a_heading_and_its_sub_heading_on_a_first_page_stay_apart() -> None:
    paragraphs = extract_pdf(report_pdf()).pages[0].text.split("\n\n")
    assert HEADING in paragraphs and SUB_HEADING in paragraphs
    assert "Report of the Secretary-General on the Synthetic Mission" in paragraphs
