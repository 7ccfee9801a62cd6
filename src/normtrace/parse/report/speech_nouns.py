"""Speech nouns with their content, for the reported-speech rules (rules v5).

A report often gives another's words through a noun of a speech act rather than a verb: "the
President issued a statement stressing that ...", "allegations of fraud were levelled against
the Government by several senators", "calls by political parties to reach a compromise",
"criticism by the opposition of the budget", "an appeal for calm by President X", "their calls
to mobilize". :func:`light_verb_with_speech` says when a light verb (made, issued, sent,
addressed, levelled ...) carries such a noun and its content, so that the light verb's agent
is the speaker (:func:`normtrace.parse.report.reported.reported_speech` finds the agent as
for a verb of saying); :func:`speech_noun_agents` finds a speech noun whose speaker follows
"by", or is a possessive pronoun. A speech noun counts only with its content ("that", "for",
"to" and a verb, a quotation, a participle of saying such as "stressing", or for a complaint
or an allegation "of" or "against" what it says): "the Government issued 2,000 licences" and
"the visit by the President" are acts. An allegation "of" an act "by" someone names the
accused, not a speaker ("allegations of excessive use of force by the police").
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """The words of ``text`` as a set."""
    return frozenset(text.split())


#: nouns of a speech act (rules v5; v4's ``nominal`` keeps its own list)
SPEECH_NOUN = re.compile(
    r"(?:statements?|declarations?|announcements?|letters?|speech(?:es)?|communiqu[ée]s?|"
    r"remarks|assurances?|calls?|appeals?|requests?|proposals?|pledges?|demands?|"
    r"criticisms?|complaints?|allegations?|accusations?|instructions?|invitations?|"
    r"concerns|warnings?|petitions?)$",
    re.IGNORECASE,
)


def is_speech_noun(words: list[str], n: int) -> bool:
    """``words[n]`` is a speech noun (:data:`SPEECH_NOUN`), or the "release" of a "press
    release" (rules v6: "issued a press release calling for": the press is not a speaker)."""
    word = words[n].lower()
    if word in {"release", "releases"}:
        return n > 0 and words[n - 1].lower() == "press"
    return SPEECH_NOUN.match(word) is not None


#: speech nouns whose content may follow "of", "against", "over" or "about" ("criticism of the
#: budget", "allegations of fraud", "concerns about the delays")
_ABOUT_NOUN = re.compile(
    r"(?:criticisms?|complaints?|allegations?|accusations?|concerns|warnings?)$",
    re.IGNORECASE,
)
#: light verbs: they carry a speech noun ("made statements", "issued a call", "levelled
#: allegations", "addressed a letter", "raised concerns")
LIGHT = re.compile(
    r"(?:ma(?:de|kes?|king)|issu(?:ed|es|ing)|sen(?:t|ds?|ding)|address(?:ed|es|ing)|"
    r"deliver(?:ed|s|ing)|releas(?:ed|es|ing)|publish(?:ed|es|ing)|wr(?:ote|ites|itten)|"
    r"launch(?:ed|es|ing)|lodg(?:ed|es|ing)|fil(?:ed|es|ing)|submit(?:ted|s|ting)|"
    r"level(?:l?ed|s)|rais(?:ed|es|ing))$",
    re.IGNORECASE,
)
#: participles of saying that give a speech noun its content ("a statement stressing that",
#: "a letter ..., inviting him to", "instructions requiring")
_CONTENT_ING = re.compile(
    r"(?:stress|call|urg|request|demand|ask|express|reaffirm|affirm|reiterat|confirm|"
    r"announc|declar|invit|instruct|assur|committ|requir|appeal|insist|warn|condemn|"
    r"denounc|welcom|propos|recommend|underlin|emphasi[sz]|highlight|not|indicat|"
    r"reject|accus|alleg|claim|pledg|promis|ask|outlin|set|stat)ing$",
    re.IGNORECASE,
)
_BE = _words("is are was were be been being")
#: words between a light verb and its noun ("made several public statements")
_MODIFIER = re.compile(
    r"(?:an?|the|its|his|her|their|\w+ly|\w+al|several|some|many|further|new|similar|"
    r"strong|formal|joint|two|three|\d+)$",
    re.IGNORECASE,
)
#: clause ends: a light verb's content must be in its own clause
_CLAUSE_END = frozenset({";", ":", "."})
_PRONOUN_OBJECT = _words("me him her them us it you")
_DETERMINER = _words("the a an this that these those its his her their our my")


def has_content(words: list[str], noun: str) -> bool:
    """Whether ``words``, the words after a speech noun ``noun``, start with its content
    (module doc) or reach a participle of saying before the clause ends."""
    if not words:
        return False
    first = words[0].lower()
    if first in {"that", "for"} or first[:1] in {"“", '"'}:
        return True
    if first == "to" and len(words) > 1:
        verb = words[1]
        if verb.islower() and verb not in _DETERMINER and verb not in _PRONOUN_OBJECT:
            return True
    if _ABOUT_NOUN.match(noun) and first in {"of", "against", "over", "about"}:
        return True
    for w in words[:25]:
        if w in _CLAUSE_END:
            return False
        if _CONTENT_ING.match(w):
            return True
    return False


def _adjective(word: str) -> bool:
    """A lower-case word before a speech noun ("public", "several"): not the noun itself and
    not a word that ends the phrase."""
    return (
        word.isalpha()
        and word.islower()
        and not SPEECH_NOUN.match(word)
        and (word not in _ENDS_PHRASE and word not in _DETERMINER and word not in _BE)
    )


def light_verb_with_speech(tokens: list[tuple[int, int, str]], i: int) -> bool:
    """``tokens[i]`` is a light verb with a speech noun and its content: after it, active
    ("made several statements committing", "issued a statement stressing that"), or before it
    as the subject of its passive with "by" ("allegations of fraud were levelled against the
    Government by ...")."""
    word = tokens[i][2]
    if not LIGHT.match(word) or not word.islower():
        return False
    words = [t[2] for t in tokens]
    prev = words[i - 1].lower() if i else ""
    if prev in _DETERMINER or (prev == "," and word.endswith("ing")):
        return False  # ", raising concerns": a result, not a speaker's act
    if {"not", "never", "no"} & {w.lower() for w in words[max(0, i - 3) : i]}:
        return False  # "did not make any calls": no words were given
    if prev in _BE or (i >= 2 and words[i - 2].lower() in _BE):
        return passive_by(tokens, i) is not None and any(
            SPEECH_NOUN.match(w) for w in words[max(0, i - 10) : i]
        )
    n = i + 1
    while (
        n < len(words)
        and n <= i + 4
        and not is_speech_noun(words, n)
        and (_MODIFIER.match(words[n]) or _adjective(words[n]))
    ):
        n += 1
    if n >= len(words) or not is_speech_noun(words, n):
        return False
    return has_content(words[n + 1 :], words[n])


def passive_by(tokens: list[tuple[int, int, str]], i: int) -> int | None:
    """The index of the "by" that gives the agent of the passive light verb ``tokens[i]``,
    within 8 words of it and its clause ("were levelled against the Government by"), or
    None."""
    for n in range(i + 1, min(len(tokens), i + 9)):
        w = tokens[n][2]
        if w.lower() == "by":
            return n
        if not w[:1].isalnum():
            return None
    return None


_POSSESSIVE_PRONOUN = _words("his her its their")
#: words that end the speaker's phrase after "by" when the content came before it ("an appeal
#: for calm by President X on 9 April", "requests for warrants by May 2005 for all")
_ENDS_PHRASE = _words("on in at for before after during to with since until from as and but")
#: words that end a "for" phrase between a speech noun and "by" ("to be processed by")
_NOT_IN_CONTENT = _words("to be been being is are was were has have had")


def speech_noun_agents(
    tokens: list[tuple[int, int, str]], sentence: str
) -> list[tuple[str, int, str]]:
    """The speakers of the speech nouns of ``sentence`` (its ``tokens``) named after "by"
    ("calls by political parties to reach", "an appeal for calm by President X") or by a
    possessive pronoun ("their calls to mobilize"), each noun with its content (module doc):
    (the speaker's phrase as written, its offset in the sentence, the noun)."""
    words = [t[2] for t in tokens]
    out: list[tuple[str, int, str]] = []
    for b, w in enumerate(words):
        if w.lower() == "by" and b > 0:
            found = _noun_before_by(words, b)
            if found is None:
                continue
            noun, pre = found
            end = _agent_end(words, b + 1, noun, pre)
            if end is not None and end > b + 1:
                agent = sentence[tokens[b + 1][0] : tokens[end - 1][1]]
                out.append((agent, tokens[b + 1][0], noun))
        elif w.lower() in _POSSESSIVE_PRONOUN:
            for n in range(b + 1, min(len(words), b + 4)):
                if SPEECH_NOUN.match(words[n]):
                    if has_content(words[n + 1 :], words[n]):
                        out.append((w, tokens[b][0], words[n]))
                    break
    return out


def _noun_before_by(words: list[str], b: int) -> tuple[str, bool] | None:
    """The speech noun whose "by" is ``words[b]``: just before it ("calls by"), or before a
    "for" phrase of at most 6 words ("an appeal for calm by"); whether the "for" phrase (its
    content) came between."""
    if SPEECH_NOUN.match(words[b - 1]):
        return words[b - 1], False
    for n in range(b - 2, max(-1, b - 9), -1):
        if not words[n][:1].isalnum() or words[n].lower() in _NOT_IN_CONTENT:
            return None  # "claims for compensation to be processed by": not the speaker
        if words[n].lower() == "for" and n > 0 and SPEECH_NOUN.match(words[n - 1]):
            return words[n - 1], True
    return None


def _agent_end(words: list[str], begin: int, noun: str, pre: bool) -> int | None:
    """Where the speaker's phrase after "by" ends: at the noun's content (a list of speakers
    with commas may come first), or, when the content came before "by", at the first mark."""
    for n in range(begin, min(len(words), begin + 30)):
        w = words[n]
        if w in _CLAUSE_END or (pre and (not w[:1].isalnum() or w in _ENDS_PHRASE)):
            return n if pre else None
        if (
            n > begin
            and w != ","
            and has_content(words[n : n + 2], noun)
            and (w.lower() != "for" or not pre)
        ):
            return n - 1 if words[n - 1] == "," else n
    return len(words) if pre else None
