"""A list dash reads the same whatever the file's encoding (SYNTHETIC texts).

The UN's cp1252 resolution files carry the dash of a dashed task list as byte 0xAD (U+00AD,
the soft hyphen), the UTF-8 ones as an en dash; normalisation dropped the first, so a task
list counted each dashed line in one encoding and each heading once in the other
(S/RES/2000 (2011) against 2112 (2013), 2162 (2014), 2226 (2015), 2134 (2014)).
"""

from __future__ import annotations

from normtrace.ingest.text import decode_text
from normtrace.parse import normalize
from normtrace.parse.resolution import PARSER, parse_resolution
from normtrace.trace.mandate import ResolutionUnit, count_tasks

# SYNTHETIC: an invented mission (ZEPHUN) and resolution number
SYNTHETIC = (
    "Resolution 9999 (2099)\n"
    "The Security Council,\n"
    "Recalling its previous resolutions,\n"
    "1. Decides that the mandate of ZEPHUN shall be the following:\n"
    "(a) Protection of civilians\n"
    "\t\u2013\tTo protect the civilian population under imminent threat;\n"
    "\t\u2013\tTo support the national authorities in protecting civilians;\n"
    "(b) Monitoring of the arms embargo\n"
    "\t\u2013\tTo monitor the implementation of the embargo;\n"
    "\t\u2013\tTo collect arms brought into the country;\n"
    "\t\u2013\tTo inspect cargo at the ports;\n"
    "(c) Support for elections\n"
    "2. Decides to remain seized of the matter.\n"
)


def _units(data: bytes) -> list[ResolutionUnit]:
    doc = parse_resolution(decode_text(data, path="synthetic.txt").text, symbol="S/RES/9999 (2099)")
    return [ResolutionUnit(p.key, p.kind, p.parent_key, p.text) for p in doc.paragraphs]


def test_a_line_opening_soft_hyphen_is_a_list_dash() -> None:
    assert normalize.hyphenation("Heading\n\u00ad\tTo monitor;\n \u00ad To collect;") == (
        "Heading\n\u2013\tTo monitor;\n \u2013 To collect;"
    )
    # a typesetter's soft hyphen (line end, inside a word) still goes with its line break
    assert normalize.hyphenation("peace\u00ad\nkeeping and co\u00adoperation") == (
        "peacekeeping and cooperation"
    )
    assert normalize.apply("x\n\u00ad\n") == "x\n"  # a lone soft hyphen opens no item


def test_dashed_task_list_counts_the_same_in_cp1252_and_utf8() -> None:
    utf8 = SYNTHETIC.encode("utf-8")
    cp1252 = SYNTHETIC.replace("\u2013", "\u00ad").encode("cp1252")
    assert b"\xad" in cp1252 and decode_text(cp1252).encoding == "cp1252"
    a, b = _units(utf8), _units(cp1252)
    assert [(u.key, u.text) for u in a] == [(u.key, u.text) for u in b]
    counts = [count_tasks("S/RES/9999 (2099)", "2099", u, [], "ZEPHUN").tasks for u in (a, b)]
    assert counts == [6, 6]  # 2 + 3 dashed tasks and one undashed sub-paragraph
    assert PARSER == "parse.unsc_res.v2"
