"""Verbs of saying, asking, promising or judging, for the reported-speech rules
(:mod:`normtrace.parse.report.reported`; split from it, by concept, when rules v6 were
written), and the irregular past forms that end a subject's noun phrase."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """The words of ``text`` as a set."""
    return frozenset(text.split())


#: verbs of saying, asking, promising or judging, as finite verbs or participles ("call" only
#: as "call for | on | upon", see ``reported._CALL``)
VERBS = re.compile(
    r"(?:sa(?:id|ys)|stat(?:ed|es|ing)|announc(?:ed|es|ing)|declar(?:ed|es|ing)|"
    r"(?:re)?affirm(?:ed|s|ing)|assert(?:ed|s|ing)|claim(?:ed|s|ing)|alleg(?:ed|es|ing)|"
    r"insist(?:ed|s|ing)|argu(?:ed|es|ing)|pledg(?:ed|es|ing)|promis(?:ed|es|ing)|"
    r"vow(?:ed|s|ing)|urg(?:ed|es|ing)|appeal(?:ed|s|ing)|request(?:ed|s|ing)|"
    r"demand(?:ed|s|ing)|ask(?:ed|s|ing)|propos(?:ed|es|ing)|suggest(?:ed|s|ing)|"
    r"recommend(?:ed|s|ing)|express(?:ed|es|ing)|voic(?:ed|es|ing)|convey(?:ed|s|ing)|"
    r"indicat(?:ed|es|ing)|inform(?:ed|s|ing)|told|tells|report(?:ed|s|ing)|not(?:ed|es|ing)|"
    r"stress(?:ed|es|ing)|emphasi[sz](?:ed|es|ing)|underlin(?:ed|es|ing)|"
    r"underscor(?:ed|es|ing)|highlight(?:ed|s|ing)|reiterat(?:ed|es|ing)|"
    r"confirm(?:ed|s|ing)|acknowledg(?:ed|es|ing)|recogni[sz](?:ed|es|ing)|"
    r"welcom(?:ed|es|ing)|condemn(?:ed|s|ing)|denounc(?:ed|es|ing)|critici[sz](?:ed|es|ing)|"
    r"reject(?:ed|s|ing)|denied|denies|denying|accus(?:ed|es|ing)|complain(?:ed|s|ing)|"
    r"warn(?:ed|s|ing)|agreed|agrees|explain(?:ed|s|ing)|describ(?:ed|es|ing)|"
    r"characteri[sz](?:ed|es|ing)|cit(?:ed|es|ing)|consider(?:ed|s|ing)|deplor(?:ed|es|ing)|"
    r"regrett(?:ed|ing)|regrets|threaten(?:ed|s|ing)|label(?:l?ed|s|l?ing)|"
    r"observ(?:ed|es|ing)|conclud(?:ed|es|ing)|call(?:ed|s|ing)|"
    # rules v5: verbs of cautioning, questioning, holding, ruling, inviting, instructing,
    # assuring and committing (gated by :func:`_verb_reports`)
    r"caution(?:ed|s|ing)|question(?:ed|s|ing)|maintain(?:ed|s)|decid(?:ed|es)|"
    r"recall(?:ed|s)|add(?:ed|s)|admit(?:ted|s)|believ(?:ed|es)|contend(?:ed|s)|"
    r"point(?:ed|s)|invit(?:ed|es|ing)|instruct(?:ed|s|ing)|assur(?:ed|es|ing)|"
    r"commit(?:ted|s|ting)|undert(?:ook|akes|aking))"
)

#: rules v6: irregular past forms that end a subject's noun phrase as "-ed" does ("My Special
#: Representative met President X and invited him": the speaker is not "... met President X")
IRREGULAR_PAST = _words(
    "met held made took gave sent led went began spoke saw paid wrote brought sought found kept "
    "left came became won lost chose drew fled fought struck stood ran bought built felt heard "
    "meant thought understood rose fell grew knew threw withdrew undertook oversaw"
)
