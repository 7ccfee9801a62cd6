"""Speech nouns: the patterns of the nominal rules of :mod:`~normtrace.parse.report.reported`.

A speech act named by a noun: with a possessor ("the Government's call for ..."), with its
agent after "of", "by" or "from" ("calls by X to ..."), or made by a light verb ("X issued a
statement calling for ..."). The rules that read these patterns, and who counts as an agent,
are in :mod:`~normtrace.parse.report.reported`.
"""

from __future__ import annotations

import re

#: nouns of a speech act, for ``nominal``
SPEECH_NOUN = (
    r"(?:statements?|declarations?|announcements?|press\s+releases?|letters?|speech(?:es)?|"
    r"address|communiqu[ée]s?|remarks|assurances?|calls?|appeals?|requests?|proposals?|"
    r"pledges?)"
)
#: what follows a speech noun that gives its content ("call for", "statement that", a quote)
CONTENT = r"(?:that|for|“|\")"
POSSESSIVE = re.compile(
    rf"(?P<agent>(?:\b[\w-]+\s+){{0,4}}?[\w-]+)(?:’s|'s)\s+(?:[\w-]+\s+){{0,3}}?"
    rf"{SPEECH_NOUN}\s+{CONTENT}",
    re.IGNORECASE,
)
OF_AGENT = re.compile(
    rf"\b{SPEECH_NOUN}\s+(?:[\w-]+\s+){{0,6}}?(?:of|by|from)\s+(?P<agent>(?:the\s+)?"
    rf"[^,;:.“\"]{{2,60}}?)\s*,?\s+{CONTENT}",
    re.IGNORECASE,
)
#: v2: a speech act by a light verb and a speech noun with its content ("the President issued a
#: statement calling for ...", "made an appeal to ...", "made public statements on ..."): the
#: light verb takes the agent a verb of saying would
LIGHT = re.compile(r"(?:(?:issu|releas|publish|deliver)(?:ed|es|ing)|ma(?:de|kes|king)|gave|gives)")
LIGHT_OBJECT = re.compile(
    r"\s+(?:(?:a|an|the|his|her|its|their|several|two|three|public|joint|new|strong|formal|"
    r"further|an?\s+urgent|urgent|similar|repeated|official|televised|national|opening|"
    r"closing)\s+){0,3}"
    r"(?P<noun>statements?|calls?|appeals?|declarations?|communiqu[ée]s?|speech(?:es)?|address|"
    r"pleas?|announcements?|press\s+releases?|pledges?|commitments?|remarks|proposals?)\b"
    r"(?P<rest>[^.;]{0,40})",
    re.IGNORECASE,
)
#: what, after a light verb's speech noun, gives its content
LIGHT_CONTENT = re.compile(
    r"^\s*,?\s*(?:that|for|to\s+(?!the\b|a\b|an\b)[a-z]|on|about|regarding|concerning|in\s+which|"
    r"urging|calling|stating|stressing|expressing|announcing|condemning|welcoming|warning|"
    r"reaffirming|reiterating|emphasizing|highlighting|denouncing|rejecting|[:“\"])",
    re.IGNORECASE,
)
#: v2: a speech noun without a possessor, its agent after "by" or "from", its content before or
#: after the agent ("an appeal for calm by President X", "calls by X to ...", "demands from X
#: that ..."); an evaluative noun needs no content ("criticism by the opposition"). Not with
#: "of" between ("allegations of violations by the police": the police are accused, not
#: speakers), nor a verb ("requests are pending decisions by the judges"), nor a noun that is
#: part of a name ("the Appeals Court")
BY_NOUN = (
    r"(?:calls?|appeals?|demands?|statements?|requests?|proposals?|pledges?|assurances?|"
    r"declarations?|announcements?|warnings?|(?P<judging>criticisms?|condemnations?|"
    r"denunciations?|objections?))"
)
NOUN_BY = re.compile(
    rf"\b{BY_NOUN}\b(?P<between>(?:\s+[\w’'-]+){{0,6}}?)\s+(?:by|from)\s+"
    rf"(?P<agent>(?:the\s+)?[^,;:.“\"()]{{2,60}}?)(?P<after>\s*,?\s+(?:that|for|to\s+[a-z]+|“|\")"
    rf"|\s*[,.;:)]|\s+(?:of|and|was|were|had|has|have|is|are|in|on|over|at|after|during|"
    rf"following)\b|$)",
    re.IGNORECASE,
)
#: what, between a speech noun and "by X", gives its content ("for calm", "that ...")
BETWEEN_CONTENT = re.compile(r"^\s+(?:for|that|to\s+[a-z]+|against|“|\")", re.IGNORECASE)
