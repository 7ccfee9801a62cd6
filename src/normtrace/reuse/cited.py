"""What a resolution cites that the project does not hold, and so cannot count.

A report the resolution cites (:func:`cited_reports`) cannot be anyone's earliest source;
the resolutions it cites that may be its predecessor (:func:`predecessors_not_held`) leaves
``secretariat`` comparing it with an older one, so words the missing renewal carried count
as new. ``secretariat`` names both, with the commands that add them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable

from normtrace.parse.symbols import cited_symbols, find_symbols, parse_symbol

#: The document nouns a cited symbol can follow: the nearest one before it says what the
#: symbol is ("the report of the Secretary-General of 16 April 2004 (S/2004/300)"; "the
#: letter dated ... (S/2007/470)"), unless "report" is the verb ("to report ... on"). Words that
#: only lead to the symbol ("the report ... pursuant to resolution 1905 (2009), S/2010/563";
#: "as set out in document") are no such noun.
_DOC_NOUN = re.compile(
    r"(?<!\bto\s)\b(reports?|letters?|notes?|statements?|communications?|decisions?|"
    r"addendum|agenda|records?|conclusions|memorandum)\b",
    re.I,
)
#: how far back the noun may stand (a list of reports and dates, a long title)
_LOOK_BACK = 400


def cited_reports(text: str, *, until: int | None = None) -> list[str]:
    """Document symbols that ``text`` cites as a report (the nearest document noun before the
    symbol, in the same paragraph, is "report"), of ``until`` or an earlier year, in order,
    without repeats.

    >>> cited_reports("in accordance with the Secretary-General's report on Haiti (S/2004/300): a")
    ['S/2004/300']
    >>> cited_reports("Taking note of the letter of 29 February 2004 (S/2004/163), S/RES/1529")
    []
    >>> cited_reports("the reports of 2 June (S/2005/313) and 12 May 2006 (S/2006/592)", until=2005)
    ['S/2005/313']
    >>> cited_reports("Welcoming his report (S/2007/50) and the letter dated 5 May (S/2007/470)")
    ['S/2007/50']
    >>> cited_reports("Requests the Secretary-General to report on the letter (S/2013/262)")
    []
    >>> cited_reports("the reports (S/2005/57 and Add.1), of 4 February (S/2005/68) and S/2005/140")
    ['S/2005/57', 'S/2005/68', 'S/2005/140']
    >>> cited_reports("the report on Preventive Diplomacy: Delivering Results (S/2011/552)")
    ['S/2011/552']
    """
    found: dict[str, None] = {}
    for start, _end, sym in find_symbols(text):
        if sym.kind != "document" or (until is not None and (sym.year or 0) > until):
            continue
        before = text[max(0, start - _LOOK_BACK) : start].rsplit("\n", 1)[-1]
        nouns = list(_DOC_NOUN.finditer(before))
        if nouns and nouns[-1][1].lower().startswith("report"):
            found.setdefault(str(sym), None)
    return list(found)


def predecessors_not_held(
    texts: Iterable[str],
    symbol: str,
    previous: str | None,
    agenda: str | None,
    held: Container[str],
    agenda_of: Callable[[str], str | None],
) -> tuple[str, ...]:
    """The resolutions that may be ``symbol``'s predecessor, which ``held`` lacks: those its
    ``texts`` cite, of its ``agenda`` item (``agenda_of``: the adopting meeting's, from the
    bundled meeting index), adopted before it and after ``previous`` (its stored predecessor;
    any earlier one when None), in number order; none when its agenda item is not known. One
    that renewed the mission's mandate would be the predecessor; one that did not (a sanctions
    resolution of the same item) would not, and once held it is no longer named.

    On the non-reserved resolutions 1999-2015 a renewal cites its previous mandate resolution
    in 177 of 298 renewals (in the paragraph deciding the mandate in only 39), which is why any
    citation counts; 51 cite another resolution of their item adopted between the two.

    >>> agenda = {"S/RES/9001 (2097)": "syntheticland", "S/RES/9002 (2098)": "syntheticland",
    ...           "S/RES/8000 (2090)": "thematic"}
    >>> texts = ["Recalling resolutions 8000 (2090), 9001 (2097) and 9002 (2098)",
    ...          "Decides to extend the mandate as contained in resolution 9002 (2098)"]
    >>> predecessors_not_held(texts, "S/RES/9003 (2099)", "S/RES/9001 (2097)", "syntheticland",
    ...                      {"S/RES/9001 (2097)"}, agenda.get)
    ('S/RES/9002 (2098)',)
    >>> predecessors_not_held(texts, "S/RES/9003 (2099)", "S/RES/9002 (2098)", "syntheticland",
    ...                       {"S/RES/9002 (2098)"}, agenda.get)
    ()
    """
    if agenda is None:
        return ()
    try:
        number = parse_symbol(symbol).number
        after = parse_symbol(previous).number if previous is not None else 0
    except ValueError:  # not a resolution symbol: nothing to compare by number
        return ()
    found: dict[int, str] = {}
    for text in texts:
        for cited in cited_symbols(text):
            sym = parse_symbol(cited)
            if (
                sym.kind == "resolution"
                and after < sym.number < number
                and cited not in held
                and agenda_of(cited) == agenda
            ):
                found[sym.number] = cited
    return tuple(found[n] for n in sorted(found))


def new_since(previous: str | None) -> str:
    """What a resolution's words are new against (``N of M operative words are new ...``):
    ``since`` its stored predecessor, or why every word counts as new when the project holds
    no earlier resolution of the mission.

    >>> new_since("S/RES/1743 (2007)")
    'since S/RES/1743 (2007)'
    >>> new_since(None)
    'because the project holds no earlier resolution of the mission'
    """
    if previous:
        return f"since {previous}"
    return "because the project holds no earlier resolution of the mission"
