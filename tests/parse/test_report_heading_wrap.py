"""A section heading printed on two lines is one heading (a new user found S/2015/667's
"VI. Update and activities on humanitarian and" stored as the heading and "development
needs" as a text unit ``t01``)."""

from __future__ import annotations

from normtrace.parse.report import parse_report

#: a short excerpt of the real S/2015/667 (as the PDF text layer gives it: one blank line
#: between printed lines), its paragraphs 38 and 39 cut to their first sentence
EXCERPT = """United Nations S/2015/667

Security Council Distr.: General 31 August 2015

Original: English

Report of the Secretary-General on the United Nations Stabilization Mission in Haiti

V. Institutional support and strengthening of State authority

38. The Mission completed 57 quick-impact projects during the reporting period.

VI. Update and activities on humanitarian and

development needs

39. During the reporting period, bilateral relations with the Dominican Republic soured \
over the latter’s national regularization plan for foreigners, the registration period for \
which expired on 16 June.
"""


def test_a_heading_printed_on_two_lines_is_one_heading() -> None:
    doc = parse_report(EXCERPT, symbol="S/2015/667")
    units = [(p.key.removeprefix("S/2015/667/"), p.kind, p.text) for p in doc.paragraphs]
    assert units == [
        ("h01", "heading", "Institutional support and strengthening of State authority"),
        (
            "p38",
            "numbered",
            "The Mission completed 57 quick-impact projects during the reporting period.",
        ),  # fmt: skip
        ("h02", "heading", "Update and activities on humanitarian and development needs"),
        ("p39", "numbered", units[3][2]),
    ]
    p39 = doc.paragraphs[3]
    assert p39.section == "VI. Update and activities on humanitarian and development needs"
