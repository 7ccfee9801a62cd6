"""The Secretary-General's own "I" in a sentence of his report (rules v3 of the reported-speech
detector, :mod:`normtrace.parse.report.reported`; split from it, by concept, for rules v6)."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """The words of ``text`` as a set."""
    return frozenset(text.split())


#: the Secretary-General speaking in the first person: "I" before a lower-case word ("I
#: encourage", "I also wish"), not a numeral after a capitalized word ("Phase I of")
_FIRST_PERSON = re.compile(r"(?-i:\bI\s+[a-z])")
_WORD_BEFORE = re.compile(r"([\w’'-]+)\s*$")
_NUMBERED = _words(
    "phase phases chapter chapters annex annexes part parts section article title war stage "
    "level category schedule volume protocol appendix tier group class type pillar option"
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def speaks_in_first_person(sentence: str) -> bool:
    """The sentence's own clause is the Secretary-General's "I" (outside quotation marks).

    Such a sentence is the Secretariat's voice as a whole, even where it names what another
    said or asked ("I encourage the Government ... who have rejected violence"; "to respond
    to the appeal by the Government ..., I encourage all countries ..."): the report's
    recommendation, in its own words, is what travels into a mandate.

    >>> speaks_in_first_person("To respond to the appeal by the Government, I encourage all")
    True
    >>> speaks_in_first_person("The President said: “I will not resign.”")
    False
    >>> speaks_in_first_person("Phase I of the plan was completed.")
    False
    """
    plain = _QUOTED.sub(" ", sentence)
    for m in _FIRST_PERSON.finditer(plain):
        # the word just before (whitespace only between): "that I report" is the "I" of
        # another's words ("requested that I report"); after a word that numbers things
        # "I" is a numeral ("Phase I of", "Chapter I")
        before = _WORD_BEFORE.search(plain[: m.start()])
        if before is None:
            return True
        if before[1].lower() != "that" and before[1].lower() not in _NUMBERED:
            return True
    return False
