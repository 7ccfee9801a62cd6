"""One rule of what names a resolution by number (reviewer R3 F6): ``cited_symbols`` (unit
citations, document links, a renewal's predecessors not held) and ``citation_spans`` (the
words of citations in every word share) read the same lists, with or without years; a year
after several numbers is theirs ("1743 and 1780 (2007)"). It found only the first number of
"resolutions 1702 (2006), 1743 and 1780 (2007)" while the spans counted all. Resolution
numbers and texts are SYNTHETIC (the 9000s name no resolution)."""

from __future__ import annotations

from normtrace.parse.symbols import citation_spans, cited_symbols, named_resolutions
from normtrace.reuse.cited import predecessors_not_held

MIXED = "Recalling its resolutions 9702 (2096), 9743 and 9780 (2097), and resolution 9840"


def test_a_year_after_several_numbers_is_theirs() -> None:
    assert cited_symbols(MIXED) == (
        "S/RES/9702 (2096)",
        "S/RES/9743 (2097)",
        "S/RES/9780 (2097)",
    )
    # the spans are the lists the symbols are read from; 9840, named without a year, is a
    # citation whose symbol the text does not give
    assert [MIXED[a:b] for a, b in citation_spans(MIXED)] == [
        "9702 (2096), 9743 and 9780 (2097)",
        "9840",
    ]
    named = [(r.number, r.year) for _, items in named_resolutions(MIXED) for r in items]
    assert named == [(9702, 2096), (9743, 2097), (9780, 2097), (9840, None)]
    # "resolutions 9708, 9727 and 9744 (2090)": every number takes the year
    three = "Recalling resolutions 9708, 9727 and 9744 (2090),"
    assert cited_symbols(three) == ("S/RES/9708 (2090)", "S/RES/9727 (2090)", "S/RES/9744 (2090)")


def test_a_year_is_not_given_to_a_later_number() -> None:
    # numbered in order of adoption: a higher number before a year is not of that year
    text = "Recalling resolutions 9780 and 9743 (2097)"
    assert cited_symbols(text) == ("S/RES/9743 (2097)",)
    assert [text[a:b] for a, b in citation_spans(text)] == ["9780 and 9743 (2097)"]


def test_every_cited_resolution_stands_in_a_citation_span() -> None:
    texts = [
        MIXED,
        "Reaffirming resolutions 9001 (2090) and 9002 (2090) and S/RES/9003 (2091)",
        "Acting under resolution 9100, and recalling resolutions 9101 and 9102 (2092)",
    ]
    for text in texts:
        spans = citation_spans(text)
        for _, items in named_resolutions(text):
            for r in items:
                assert any(a <= r.start and r.end <= b for a, b in spans), (text, r)
                if r.year is not None:
                    assert r.symbol() in cited_symbols(text)


def test_a_renewal_names_a_predecessor_cited_in_a_list_sharing_a_year() -> None:
    agenda = {f"S/RES/{n} (2097)": "syntheticland" for n in (9743, 9780)}
    texts = ["Recalling its resolutions 9702 (2096), 9743 and 9780 (2097),"]
    found = predecessors_not_held(
        texts, "S/RES/9800 (2098)", "S/RES/9702 (2096)", "syntheticland", set(), agenda.get
    )
    assert found == ("S/RES/9743 (2097)", "S/RES/9780 (2097)")
