"""Reported speech in a Secretary-General's report: the sentences that give others' words.

A report speaks in the Secretariat's voice ("I recommend", "my Special Representative
urged", "MINUSTAH observed") and also reports what others said: "President Préval stated
that ...", "the Council requested me to ...", "According to the Ministry of Finance, ...",
"the Special Rapporteur described as “broadly satisfactory” ...". Words of the second kind
are the report's record of someone else's language, not the Secretariat's own wording, and
language provenance must not credit them to the Secretariat. :func:`reported_speech` finds
them, sentence by sentence (:func:`~normtrace.parse.sentences.sentence_spans`, the one
splitter), by these rules (no report's wording built in):

``verb``
    a verb of saying, asking, promising or judging (:data:`VERBS`: stated, announced,
    called for, urged, requested, expressed, stressed, welcomed, agreed, considered ...)
    whose agent is not the Secretariat. The agent is the noun phrase before the verb in its
    clause (auxiliaries and adverbs skipped; a verb after "and" takes its clause's subject;
    an opening adverbial such as "On 13 June," or "In meetings with my Special
    Representative," is not the subject); in ``who``/``which`` clauses, the phrase before
    the relative pronoun; in the passive, the phrase after ``by``.
``according``
    ``according to X``.
``nominal``
    ``X's statement | call | appeal | request | proposal | declaration | announcement |
    pledge | letter | speech | address | communiqué | press release``, or one of those nouns
    ``of | by | from X``, followed by ``that``, ``for``, ``to`` or a quotation; and ``in his
    | her | its | their`` one of those nouns (the pronoun's antecedent is the agent).

A sentence whose own clause is the Secretary-General's "I" (outside quotation marks; not the
"I" of "requested that I report", nor a numeral such as "Phase I") is the Secretariat's
voice as a whole (:func:`speaks_in_first_person`, rules v3): "I encourage the Government
... who have rejected violence" is his recommendation, and it is what travels into a
mandate. v1 read such sentences as reported when another clause had a cue; a new user
found 61 of the 62 words it took from the Secretariat in travelled passages were his own.
Rules v4 name the speaker by its whole noun phrase: a place after "in" or "at" is never the
speaker ("Members of some urban gangs in Les Cayes and Port-au-Prince"), a title keeps its
"and", "for" or "on" ("the Minister of Justice and Public Security").
Rules v5 (written on the development reports, after both samples were read) add verbs of
cautioning, questioning, holding or ruling before "that" ("maintained that", "decided that",
not "decided to"), of inviting or instructing someone "to", of committing ("committed
themselves to", "undertook to"; not "is committed to"); light verbs with a speech noun and
its content ("issued a statement stressing that", "made public statements committing") and
speech nouns whose speaker follows "by" or is a possessive pronoun ("calls by the parties to
reach", "their calls to mobilize") (:mod:`~normtrace.parse.report.speech_nouns`); and leave out
a verb of asking between a noun and "by" ("the mission requested by the Government" names the
thing asked for; "as requested by" stays), a name that is a preposition's complement ("the
challenges faced by Haiti have highlighted"), a refusal ("denied X access"). A number before
"of" no longer hides the actor ("14 of the candidates"); "the leadership of MINUSTAH" is the
Secretariat, "Fretilin Secretary-General X" is not (:mod:`~normtrace.parse.report.speakers`).
Rules v6 name the Secretariat in full (envoys, officers by title, departments, their staff);
"renewed its calls" are the subject's; a subject ends at "met" and before "together with"; a
"press release" is a speech noun; a speaker's "of" or "by" follows no recipient ("to X of").
Rules v7 read no speaker in the place or subject a Secretariat title or body is for, in or on
("my Special Representative for Timor-Leste", "the Mission in Haiti"), and name the Secretariat
entities of the reference list (UN, CTED, ODA, the Office on Drugs and Crime).

An agent is *the Secretariat* (:func:`is_secretariat`) when it is the Secretary-General's
own voice: ``I``, ``we``, ``my ...`` (my Special Representative, my previous report), the
Secretary-General, a Special or Deputy Special Representative or Envoy, the Secretariat,
the United Nations and its missions, offices and agencies (``UNMIT``, ``MINUSTAH``,
``UNDP``, IOM, "the Mission", "United Nations police", "the country team", "the Unit"), and the
report itself. Any other actor — a head of State or Government, a minister, a parliament,
the Security Council, the General Assembly, parties, groups, organizations, courts,
observers, a named person — is someone else (:data:`AGENTS`, or a capitalized name). A
pronoun (he, she, they, it) takes the nearest actor named before it in the paragraph. A
phrase that names no actor (``It is expected that``, "the results indicated") is not
reported speech: the detector prefers to leave a sentence to the Secretariat when it cannot
name who else spoke, and says who when it can (:attr:`Reported.speaker`).

The span of a reported sentence is the whole sentence, framing words included ("President
Préval stated that"): provenance reads a sentence as reported or not. Its measured
precision and recall on held-out reports: ``data/validation/reported/`` (on the first
held-out sample, and on a fresh one labelled before any rules ran on it). Rules v2 (commit
e59f957: light verbs with speech nouns, speech nouns with a "by" agent, rulings and
commitments, pledges of money left out), written on the development reports, found exactly
the sentences v1 finds on the fresh sample and were not kept (README there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normtrace.parse.report.first_person import speaks_in_first_person as speaks_in_first_person
from normtrace.parse.report.speakers import PRONOUNS, agent_of, agrees
from normtrace.parse.report.speakers import is_secretariat as is_secretariat
from normtrace.parse.report.speakers import other_than_secretariat as _other
from normtrace.parse.report.speech_nouns import (
    LIGHT,
    is_speech_noun,
    light_verb_with_speech,
    passive_by,
    speech_noun_agents,
)
from normtrace.parse.report.speech_verbs import IRREGULAR_PAST, VERBS
from normtrace.parse.sentences import sentence_spans

#: version of the rules (recorded with every stored detection)
ALGORITHM = "reported_speech.v7"


def _words(text: str) -> frozenset[str]:
    """The words of ``text`` as a set."""
    return frozenset(text.split())


#: "call" reports speech only as "call for | on | upon" (not "a group called ...")
_CALL = re.compile(r"call(?:ed|s|ing)$")
_CALL_NEXT = frozenset({"for", "on", "upon"})
#: verbs that report words only before "that" ("concluded an agreement", "observed a truce")
_THAT_ONLY = re.compile(r"(?:conclud|observ|consider)\w*$")
#: rules v5: verbs that report words only before "that" ("maintained that", "decided that",
#: not "decided to" an act, "maintained a presence", "added value")
_THAT_STRICT = re.compile(r"(?:maintain|decid|recall|add|admit|believ|contend)\w*$")
#: verbs of asking someone to act, or assuring someone: an object, then "to" or "that"
#: ("invited the party to form", "assured the Council that"; not "invited trouble")
_OBJECT_THEN = re.compile(r"(?:invit|instruct|assur)\w*$")
#: a pledge: "committed themselves to", "committed to publishing"; "undertook to"
_COMMIT = re.compile(r"commit\w*$")
_UNDERTAKE = re.compile(r"undert\w*$")
_REFLEXIVE = _words("themselves itself himself herself ourselves to")
#: a verb of asking or proposing after a noun and before "by" names the thing asked for ("the
#: mission requested by the Government"): an act, not speech content
_ASKED_FOR = re.compile(r"(?:request|recommend|propos|demand|ask|suggest)ed$")
#: adjectives before a plural speech noun, not a subject before a verb ("public calls")
_ADJECTIVES = _words(
    "public repeated numerous frequent several many some new further similar strong joint "
    "formal urgent renewed growing recent earlier"
)
#: what "denied" withholds when it is a refusal, not a denial in words
_REFUSED = _words("access use entry permission passage visa visas request requests")
#: people a verb of questioning may have as its object: an interrogation, not speech
_QUESTIONED = _words(
    "suspects witnesses detainees persons people individuals him her them men women prisoners "
    "officers members victims"
)
#: words before a noun, not a verb ("their demands", "the reported release", "a promising")
_DETERMINERS = _words(
    "the a an their his her its our my your these those this such of no any every"
)
#: prepositions: a participle after one modifies a noun ("in reported crime")
_PREPOSITIONS = _words(
    "in on at for from into during under over against between among through despite without "
    "within upon about than with of to"
)
#: what may follow a verb's -s or -ing form when it reports ("states that", "calling for"):
#: other words make it a noun or an adjective ("campaign promises", "reporting period")
_OBJECT_START = _words(
    "that for on upon the a an its his her their all to against continued increased further "
    "concern support satisfaction"
)
#: forms of "be": a participle after one is passive, and has an agent only after "by"
_BE = _words("is are was were be been being")
#: words skipped between an agent and its verb
_SKIP = _words(
    "has have had was were is are been be being will would could should may might must did "
    "does do also further again publicly repeatedly reportedly subsequently formally "
    "officially then later recently previously firmly strongly clearly unanimously jointly "
    "separately specifically explicitly already not generally both all each once consistently "
    "openly immediately expressly personally swiftly initially finally reportedly in turn "
    "themselves himself herself itself"
)
#: words that end an agent's noun phrase on its left
_STOP = _words(
    "that which who whom whose where when while and but or as if although though because "
    "since after before with to in on at for from by into during following under over "
    "against between among through despite without within upon about than"
)
_RELATIVE = frozenset({"who", "which", "that"})
_POSSESSIVE_PRONOUNS = _words("his her its their")
#: an expletive "it" ("it was agreed that", "it is expected")
_EXPLETIVE = re.compile(r"\bit\s+(?:is|was|has\s+been|had\s+been|will\s+be)\s*$", re.I)
#: "according to X"
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+(?!wh)(?P<agent>[^,;:.]{2,80})")
#: nouns of a speech act, for ``nominal``
_SPEECH_NOUN = (
    r"(?:statements?|declarations?|announcements?|press\s+releases?|letters?|speech(?:es)?|"
    r"address|communiqu[ée]s?|remarks|assurances?|calls?|appeals?|requests?|proposals?|"
    r"pledges?)"
)
#: what follows a speech noun that gives its content ("call for", "statement that", a quote)
_CONTENT = r"(?:that|for|“|\")"
_POSSESSIVE = re.compile(
    rf"(?P<agent>(?:\b[\w-]+\s+){{0,4}}?[\w-]+)(?:’s|'s)\s+(?:[\w-]+\s+){{0,3}}?"
    rf"{_SPEECH_NOUN}\s+{_CONTENT}",
    re.IGNORECASE,
)
#: rules v6: after a recipient ("a letter to the Ministry of Finance") only "from" names one
_OF_AGENT = re.compile(
    rf"\b{_SPEECH_NOUN}\s+(?P<between>(?:[\w-]+\s+){{0,6}}?)(?P<prep>of|by|from)\s+"
    rf"(?P<agent>(?:the\s+)?"
    rf"[^,;:.“\"]{{2,60}}?)\s*,?\s+{_CONTENT}",
    re.IGNORECASE,
)
_TO = _words("to with towards toward")
_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")


@dataclass(frozen=True)
class Reported:
    """A sentence of a report that gives another's words: its span in the paragraph text, who
    said them (the agent's words as the report names them, a pronoun's antecedent for a
    pronoun), the cue that says so and the rule that found it (module doc)."""

    start: int
    end: int
    speaker: str
    cue: str
    rule: str


#: words that open an adverbial before a clause's subject ("On 13 June, ...")
_INTRO = _words(
    "in on at during following after as with while since despite meanwhile however moreover "
    "furthermore further also upon before between among through throughout under given in "
    "nevertheless nonetheless accordingly consequently therefore thus indeed similarly "
    "likewise instead regarding concerning subsequently separately earlier later previously "
    "recently separately finally first second third lastly overall notably encouragingly "
    "unfortunately regrettably importantly by"
)


def reported_speech(text: str) -> list[Reported]:
    """The sentences of ``text`` (a report paragraph) that give another's words (module doc).

    >>> t = ("MINUSTAH observed that the barriers had gone. On 13 June, President Martelly "
    ...      "reversed the decree and announced that the 1987 Constitution was applicable.")
    >>> [(t[r.start:r.end][:25], r.speaker, r.cue, r.rule) for r in reported_speech(t)]
    [('On 13 June, President Mar', 'President Martelly', 'announced', 'verb')]
    """
    out: list[Reported] = []
    for start, end in sentence_spans(text):
        found = _sentence(text, start, end)
        if found is not None:
            out.append(Reported(start, end, *found))
    return out


def _sentence(text: str, start: int, end: int) -> tuple[str, str, str] | None:
    """(speaker, cue, rule) of the first rule that finds another's words in the sentence;
    none in a sentence the Secretary-General speaks in the first person."""
    sentence = text[start:end]
    if speaks_in_first_person(sentence):
        return None
    m = _ACCORDING.search(sentence)
    if m:
        source = m["agent"]
        by = re.search(r"\b(?:by|of|from)\s+(.+)$", source)
        named = agent_of(_noun_phrase(source)) or (by and agent_of(_noun_phrase(by[1])))
        if agent := _other(named or None, text, start + m.start()):
            return agent, "according to", "according"
    tokens = [(t.start(), t.end(), t[0]) for t in _TOKEN.finditer(sentence)]
    for i, (_a, _b, word) in enumerate(tokens):
        if VERBS.fullmatch(word):
            if not _verb_reports(tokens, i):
                continue
        elif not light_verb_with_speech(tokens, i):
            continue
        agent = _agent(tokens, i, sentence, text, start)
        if agent is not None:
            return agent, word, "verb"
    for rx in (_POSSESSIVE, _OF_AGENT):
        for m in rx.finditer(sentence):
            if (
                rx is _OF_AGENT
                and m["prep"].lower() != "from"
                and _TO & _words(m["between"].lower())
            ):
                continue
            phrase = _noun_phrase(m["agent"], last=rx is _POSSESSIVE)
            if agent := _other(agent_of(phrase), text, start + m.start()):
                return agent, m[0].split()[-2] if rx is _POSSESSIVE else m[0].split()[0], "nominal"
    for phrase, at, cue in speech_noun_agents(tokens, sentence):
        named = agent_of(phrase)
        if phrase.lower() in _POSSESSIVE_PRONOUNS:
            p = next(n for n, t in enumerate(tokens) if t[0] == at)
            named = _possessor(tokens, p, sentence) or phrase
        if agent := _other(named, text, start + at):
            return agent, cue, "nominal"
    return None


def _verb_reports(tokens: list[tuple[int, int, str]], i: int) -> bool:
    """Whether the verb of saying ``tokens[i]`` reports words here, as a verb (not a noun or
    an adjective: "their demands", "the reporting period") and with what its kind needs
    ("call for", "concluded that", "invited X to", "committed themselves to")."""
    word = tokens[i][2]
    nxt = tokens[i + 1][2].lower() if i + 1 < len(tokens) else ""
    prev = tokens[i - 1][2].lower() if i else ""
    if (_CALL.match(word) and nxt not in _CALL_NEXT) or (
        _THAT_ONLY.match(word) and nxt not in {"that", "it", "as", "them", "this"}
    ):
        return False
    if prev in _DETERMINERS or prev in _PREPOSITIONS:
        return False
    if not _v5_gate(tokens, i, word.lower(), nxt, prev):
        return False
    noun_like = word.endswith(("ing", "s")) and not word.endswith("ss")
    if noun_like and nxt not in _OBJECT_START and not (word.endswith("ing") and prev == ","):
        return _COMMIT.match(word) is not None and nxt in _REFLEXIVE
    return not (word.endswith("ed") and prev == "," and nxt in {"of", "as"})  # "X, accused of"


def _v5_gate(tokens: list[tuple[int, int, str]], i: int, word: str, nxt: str, prev: str) -> bool:
    """The conditions rules v5 set on the verbs they added, and on forms v4 misread: an -s
    form after an adjective in -ed or after a plural noun and "and" is a noun ("increased
    demands", "enquiries and requests"); a verb of asking between a noun and "by" names the
    thing asked for ("the mission requested by the Government"; "as requested by" stays)."""
    after = [t[2].lower() for t in tokens[i + 1 : i + 10]]
    clause = after[: next((n for n, w in enumerate(after) if w in {",", ";", ":", "."}), 9)]
    if _THAT_STRICT.match(word) and nxt != "that":
        return word.startswith("point") and nxt == "out"
    if word.startswith("point"):
        return nxt == "out"
    if _OBJECT_THEN.match(word) and not ({"to", "that"} & set(clause[1:])):
        return False
    if _COMMIT.match(word) and (nxt not in _REFLEXIVE or prev.startswith(("remain", "stay"))):
        return False
    if _UNDERTAKE.match(word) and nxt != "to":
        return False
    if word.startswith("den") and any(w in _REFUSED for w in clause[:5]):
        return False  # "denied UNIKOM the use of the pier": a refusal, not words
    if word.startswith("question") and (not clause or any(w in _QUESTIONED for w in clause[:4])):
        return False
    if word.endswith("s") and not word.endswith("ss") and i >= 1:
        before = tokens[i - 2][2].lower() if i >= 2 else ""
        plural = before.endswith("s") and before not in _BE | {"has", "does", "was"}
        if prev.endswith("ed") or prev in _ADJECTIVES or (prev == "and" and plural):
            return False
    if _ASKED_FOR.match(word) and i >= 1:
        j = i + 1
        while j < len(tokens) and _skipped(tokens[j][2]):
            j += 1
        noun = prev[:1].isalnum() and not (
            _skipped(prev)
            or prev in _STOP or prev in _SKIP or prev in _BE or prev in _DETERMINERS
            or _verbish(prev) or prev in {"if", "when", "unless", "where"}
        )  # fmt: skip
        if noun and j < len(tokens) and tokens[j][2].lower() == "by":
            return False
    return True


def _noun_phrase(words: str, *, last: bool = False) -> str:
    """The leading (``last``: trailing) noun phrase of ``words``: up to a word that ends one."""
    tokens = words.split()
    if last:
        kept: list[str] = []
        for w in reversed(tokens):
            if w.lower() in _STOP or w.lower() in _SKIP:
                break
            kept.insert(0, w)
        return " ".join(kept)
    kept = []
    for n, w in enumerate(tokens):
        bare = w.strip(",;:")  # "has," ends the phrase as "has" does
        inside = kept and _in_title(kept, tokens[n + 1 : n + 3], bare.lower())
        if (
            (bare.lower() in _STOP - {"of"} and not inside)
            or bare.lower() in _SKIP
            or w in {"—", "–"}
            or (kept and _verbish(bare))
        ):
            break
        kept.append(w)
    return " ".join(kept)


#: words inside a title or a list of places, between capitalized words (:func:`_in_title`)
_JOINS = _words("and for on")


def _in_title(left: list[str], right: list[str], word: str) -> bool:
    """``word`` joins the capitalized words of one name: "for" or "on" between capitalized
    words ("Organization for Migration", "Committee on the Rights"); "and" after an "of" or
    "in" or "at" and its capitalized words ("Minister of Justice and Public Security", "in Les
    Cayes and Port-au-Prince"), never between two actors ("the Government and the Mission")."""
    right = right[1:] if right[:1] == ["the"] else right
    if word not in _JOINS or not right or not right[0][:1].isupper() or not left[-1][:1].isupper():
        return False
    if word != "and":
        return True
    caps = len(left) - next(
        (n + 1 for n in range(len(left) - 1, -1, -1) if not left[n][:1].isupper()), 0
    )
    return len(left) > caps and left[-caps - 1].lower() in {"of", "in", "at"}


_COMITATIVE = _words("together along jointly cooperation conjunction partnership coordination")


def _verbish(word: str) -> bool:
    """A lower-case word that reads as a verb after a subject ("reversed", "has", "met")."""
    return word.islower() and (
        word.endswith("ed") or word in IRREGULAR_PAST or bool(VERBS.fullmatch(word))
    )


def _agent(
    tokens: list[tuple[int, int, str]], i: int, sentence: str, text: str, offset: int
) -> str | None:
    """The non-Secretariat agent of the verb ``tokens[i]``, or None (module doc)."""
    word = tokens[i][2]
    j = i + 1
    while j < len(tokens) and _skipped(tokens[j][2]):
        j += 1
    if j + 1 < len(tokens) and tokens[j][2] == "," and tokens[j + 1][2].lower() == "by":
        j += 1  # "concern was expressed, by the Prime Minister, ..."
    elif LIGHT.match(word) and (by := passive_by(tokens, i)) is not None:
        j = by  # "allegations were levelled against the Government by ..."
    if j < len(tokens) and tokens[j][2].lower() == "by":  # passive: "... by the Government"
        phrase = _noun_phrase(sentence[tokens[j][1] :].split(",")[0])
        return _other(agent_of(phrase), text, offset + tokens[j][1])
    k = i - 1
    passive = False
    while k >= 0 and _skipped(tokens[k][2]):
        passive = passive or tokens[k][2].lower() in _BE
        k -= 1
    if k < 0 or (passive and word.endswith(("ed", "told"))):
        return None
    left = tokens[k][2]
    if _EXPLETIVE.search(sentence[: tokens[i][0]]):
        return None
    if left.lower() in _RELATIVE:
        m = k - 1 - (k > 0 and tokens[k - 1][2] == ",")
        if left.lower() != "who" and _complement(tokens, m):
            return None
        return _other(agent_of(_left_phrase(tokens, m)), text, offset + tokens[k][0])
    if left.lower() in {"and", "but", "or", ","}:
        return _other(agent_of(_subject(tokens, k, sentence)), text, offset + tokens[k][0])
    if left.lower() in PRONOUNS:
        return _other(left, text, offset + tokens[k][0])
    if _complement(tokens, k):
        return None
    return _other(agent_of(_left_phrase(tokens, k)), text, offset + tokens[k][0])


def _skipped(word: str) -> bool:
    """An auxiliary or an adverb between an agent and its verb ("has also publicly")."""
    return word.lower() in _SKIP or (word.islower() and word.endswith("ly") and len(word) > 4)


#: prepositions of place: after a noun they stay inside its phrase ("officials at the morgue")
_LOCATIVE = _words("in at from")
_PERFECT = _words("has have had")


def _left_phrase(tokens: list[tuple[int, int, str]], k: int) -> str:
    """The noun phrase that ends at ``tokens[k]`` (at most 14 words, back to a word or mark
    that ends one). "in", "at" or "from" after a noun and a title's "and", "for" or "on"
    (:func:`_in_title`) stay inside it ("officials at the morgue in Port-au-Prince", "the
    Minister of Justice and Public Security"); "in", "at" or "from" only before a place or
    words that name no actor ("medical staff at the main hospital"; "the Chamber of Deputies"
    ends at "in"); one or two adverbs after "has", "have" or "had" are left out ("The President has
    now")."""
    return " ".join(_left_words(tokens, k)[0])


def _left_words(tokens: list[tuple[int, int, str]], k: int) -> tuple[list[str], int]:
    """The words of :func:`_left_phrase` and the index of the token that ended it (-1 at the
    sentence's start). Rules v5: a phrase that names no actor goes on past "and" ("civil
    society representatives and others")."""
    kept: list[str] = []
    while k >= 0 and len(kept) < 14:
        w = tokens[k][2]
        if (
            w.lower() in {"and", "or"}
            and kept
            and (agent_of(" ".join(kept)) is None or kept[0].lower() in {"its", "their"})
        ):  # rules v6: "the United Nations and its partners" is one phrase
            kept.insert(0, w)
            k -= 1
            continue
        if w.lower() in _STOP and w.lower() != "of":
            before = tokens[k - 1][2] if k else ""
            noun = before[:1].isalnum() and not (
                before.lower() in _STOP or before.lower() in _SKIP or _verbish(before)
            )
            place = noun and w.lower() in _LOCATIVE and agent_of(f"{w} {' '.join(kept)}") is None
            words = [t[2] for t in tokens[max(0, k - 6) : k]]
            if not kept or not (place or _in_title(words, kept, w.lower())):
                break
        elif not (w[0].isalnum() or w[0] in "’'") or _verbish(w):
            break
        elif w in _PERFECT and len(kept) <= 2 and all(x.isalpha() and x.islower() for x in kept):
            kept = []  # "The President has now": the words after it are adverbs
            k -= 1
            continue
        kept.insert(0, w)
        k -= 1
    return kept, k


#: what an author speaks through: "a survey conducted by X indicated that"
_DOCUMENT = re.compile(
    r"(?:surveys?|stud(?:y|ies)|reports?|polls?|assessments?|analys[ie]s|reviews?|audits?|"
    r"census|evaluations?|investigations?|inquir(?:y|ies)|findings)$",
    re.IGNORECASE,
)


def _complement(tokens: list[tuple[int, int, str]], k: int) -> bool:
    """Rules v5: the phrase that ends at ``tokens[k]`` is the complement of a preposition
    inside a larger noun phrase, not a speaker: after "by" that follows a participle or a noun
    other than a speech noun ("the challenges faced by Elbonia have highlighted"), or after
    "on", "for", "about" or "to" that follows a noun naming no actor ("the report on
    Elbonia, which highlights"); rules v6: after a comitative "with" ("the United Nations,
    together with the authorities launched": the authorities are not the subject)."""
    _kept, stop = _left_words(tokens, k)
    if stop < 1:
        return False
    prep, before = tokens[stop][2].lower(), tokens[stop - 1][2]
    if prep == "with" and before.lower() in _COMITATIVE:
        return True
    if not before[:1].isalnum() or before.lower() in _STOP or before.lower() in _SKIP:
        return False
    if prep == "by":  # "a statement by X stressed", "a survey conducted by X indicated"
        head = tokens[stop - 2][2] if stop >= 2 and _verbish(before) else before
        words = [t[2] for t in tokens[:stop]]
        return not (is_speech_noun(words, stop - 1) or _DOCUMENT.match(head))
    return (
        prep in {"on", "for", "about", "to"}
        and not before[:1].isupper()
        and (_verbish(before) or agent_of(before) is None)
    )


def _subject(tokens: list[tuple[int, int, str]], k: int, sentence: str) -> str:
    """The subject of the clause that holds ``tokens[k]``: from the clause's start (after a
    ";", ":" or dash), past opening adverbials ("On 13 June,"), to the first word that ends
    a noun phrase."""
    begin = 0
    for n in range(k, -1, -1):
        if tokens[n][2] in {";", ":", "—", "–"}:
            begin = n + 1
            break
    while begin < k:
        comma = next((n for n in range(begin, k) if tokens[n][2] == ","), None)
        if comma is None:
            break
        opening = " ".join(t[2] for t in tokens[begin:comma])
        if tokens[begin][2].lower() not in _INTRO and agent_of(opening) is not None:
            break
        begin = comma + 1
    if begin >= len(tokens):
        return ""
    if tokens[begin][2].lower() in PRONOUNS:
        return tokens[begin][2]
    return _noun_phrase(sentence[tokens[begin][0] : tokens[k][1]])


def _possessor(tokens: list[tuple[int, int, str]], p: int, sentence: str) -> str | None:
    """Rules v6: who a possessive ``tokens[p]`` is after a verb by which a speaker gives its
    own words again ("renewed", "made"): the verb's subject ("The Mission, with the Government,
    renewed its calls"). None after another word ("welcomed their calls": another's words), or
    when the subject names no actor or disagrees with it (the nearest actor is then taken)."""
    k = p - 1
    if k < 0 or not (_OWN_ACT.match(tokens[k][2]) or LIGHT.match(tokens[k][2])):
        return None
    k -= 1
    while k >= 0 and _skipped(tokens[k][2]):
        k -= 1
    left = tokens[k][2].lower() if k >= 0 else ""
    if left in _RELATIVE:
        phrase = _left_phrase(tokens, k - 1 - (k > 0 and tokens[k - 1][2] == ","))
    elif left in {"and", "but", "or", ","}:
        phrase = _subject(tokens, k, sentence)
    else:
        phrase = _left_phrase(tokens, k) if k >= 0 else ""
    named = agent_of(phrase) if phrase else None
    return named if named and agrees(tokens[p][2].lower(), named) else None


#: verbs by which a speaker gives its own words again (:func:`_possessor`)
_OWN_ACT = re.compile(r"(?-i:(?:renew|reiterat|repeat|reaffirm|restat|voic|express)(?:ed|es|s)$)")
