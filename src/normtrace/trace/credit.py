"""The resolution's own credit to the Secretariat: a grammar over resolution paragraphs.

A Council resolution says in its own words when it acts on the Secretary-General's
documents: "Taking note of the special report of the Secretary-General S/2013/119 ... and
of its recommendations contained therein, including regarding the establishment of an
Intervention Brigade", "Endorses the recommendation made by the Secretary-General in
paragraphs 26 and 27 of his report S/2009/439 to maintain the current force levels",
"Decides, as recommended by the Secretary-General, to ...". :func:`find_credits` reads one
paragraph and returns each such *credit*: the document credited (a report, letter,
recommendation, proposal ... *of, by or from* the Secretary-General or the Secretariat,
or the Secretary-General's own), the verb that governs it, its strength, the cited
symbols and the task it credits.

The grammar, in four steps (no resolution's wording is built in):

1. *Object*: a Secretariat document — ``(the|his|its) [up to 4 words] NOUN [dated DATE |
   of DATE] [(S/YYYY/NNN)] [addressed to the President of the Council] (of|by|from|made by|
   submitted by) the Secretary-General``, or ``the [DATE] Secretary-General's [up to 3
   words] NOUN``; NOUN is report, letter,
   recommendation, proposal, observations, options, concept of operations, assessment,
   analysis, plan or call. After such an object, ``its|his recommendations`` (proposals,
   observations, options) is one too. Not credits: a proposal presented *to* the
   Secretary-General (by a party), a report the resolution asks for (``referred to in
   paragraph 34 below``).
2. *Verb*: the last clause verb before the object in the same ``;`` clause must be a credit
   verb — take note, note, welcome, endorse, approve, support, agree with, commend, express
   appreciation, acknowledge, have considered / examined / received / reviewed, recall,
   take into account / consideration. Any other Council verb in between (requests, calls
   upon, stresses, decides, expresses, urges ...) governs the object instead, and there is
   no credit. Inline forms credit without a verb of their own: ``as (further)
   recommended|proposed by the Secretary-General``; ``in line with | following | on the
   basis of | in accordance with | consistent with | as outlined|set out|described|
   detailed|recommended|proposed in [paragraph|section|annex N of]`` a Secretariat document (``his
   report`` only when the paragraph named the Secretary-General before).
3. *Strength*: ``adopts`` (endorse, approve, support, agree with, and the inline forms
   ``as recommended``, ``in line with``, ``on the basis of``, ``in accordance with``: the
   Council makes the Secretariat's proposal its decision), ``welcomes`` (welcome, commend,
   express appreciation), ``notes`` (the rest). ``as outlined|set out|described|detailed
   in`` takes the strength of the clause's credit verb, else ``notes``.
4. *Symbols and task*: Secretariat symbols (``S/YYYY/NNN``) from the first object to the
   next clause verb; the task is the object's own content when it follows at once (``its
   recommendation to renew ...``, ``proposal that ...``), else the words after a task
   marker (``regarding``, ``concerning``, ``including (regarding|recommendations)``, ``in
   particular``, ``on proposals``, ``to increase|establish|deploy|...``, ``for the
   establishment``, ``recommending``); for an inline credit, the rest of its clause (the
   decision), the credit's own words left out and " … " in their place. ``recommends`` says
   whether the clause names recommendations or proposals.

Measured precision on hand-checked resolutions outside the four cases: see
``docs/evidence-indicators.md``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

_SG = r"(?:Secretary-?\s?General|Secretariat)"
_NOUN = (
    r"(?P<noun>(?i:reports?|letters?|recommendations?|proposals?|observations|options|"
    r"concepts?\s+of\s+operations?|assessments?|analysis|plans?|call))"
)
_DATE = r"(?:\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?|[A-Z][a-z]+\s+\d{4})"
_SYMBOL = r"S/\d{4}/\d+(?:/(?:Add|Rev|Corr)\.\d+)*"
_GAP = (
    rf"(?:\s*,?\s*(?:dated\s+|of\s+)?{_DATE})?(?:\s*,?\s*\(?\s*{_SYMBOL}\s*\)?)?"
    rf"(?:\s*,?\s*(?:dated\s+|of\s+)?{_DATE})?"
    r"(?:\s+(?:addressed\s+)?to\s+(?:the\s+)?(?:its\s+)?President(?:\s+of\s+the\s+"
    r"(?:Security\s+)?Council)?)?"
)
_OBJECT = re.compile(
    rf"\b(?:the|his|its|this|these|a)\s+(?:[\w-]+\s+){{0,4}}?{_NOUN}{_GAP}\s*,?\s+"
    rf"(?:of|by|from|made\s+by|submitted\s+by|prepared\s+by|issued\s+by)\s+the\s+{_SG}\b"
    rf"|\bthe\s+(?:{_DATE}\s+)?{_SG}(?:'s|\u2019s)\s+(?:[\w-]+\s+){{0,3}}?"
    rf"{_NOUN.replace('noun', 'noun2')}\b",
)
_SG_DOC = (
    rf"(?:the\s+{_SG}(?:'s|\u2019s)\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:reports?|recommendations?|proposals?|concepts?\s+of\s+operations?|letters?)"
    r"|the\s+(?:[\w-]+\s+){0,3}?(?:reports?|recommendations?|proposals?|letters?)\s+"
    rf"(?:of|by|from|made\s+by)\s+the\s+{_SG}|his\s+(?:[\w-]+\s+){{0,2}}?(?:report|letter))"
)
_INLINE = re.compile(
    rf"\b(?P<verb>as\s+(?:further\s+|also\s+)?(?:recommended|proposed)\s+by\s+the\s+{_SG}"
    r"|(?:in\s+line\s+with|following|on\s+the\s+basis\s+of|in\s+accordance\s+with"
    r"|consistent\s+with|as\s+(?:outlined|set\s+out|described|detailed|proposed|recommended)"
    r"\s+in)\s+(?:(?:paragraphs?|sections?|annex(?:es)?)\s+[\w\s,\-\u2013()]{1,30}?"
    r"\s+of\s+)?"
    rf"{_SG_DOC})\b",
    re.IGNORECASE,
)
#: where an inline form's verb ends ("as set out in" | "section III A 3 of the report")
_VERB_END = re.compile(r"\s+(?:the|paragraphs?|sections?|annex\w*|his)\b")
#: inline forms that refer to a Secretariat document without adopting it by themselves
_REFERENCE = re.compile(r"as\s+(?:outlined|set\s+out|described|detailed)\b", re.IGNORECASE)
#: a report the resolution asks for, not one it credits ("referred to in paragraph 34 below")
_FUTURE = re.compile(
    r"\s*,?\s*(?:referred\s+to|requested|called\s+for|mentioned)\s+in\s+(?:operative\s+)?"
    r"paragraphs?\s+\d+(?:\s*\([a-z]\))?\s+(?:below|of\s+this\s+resolution)",
    re.IGNORECASE,
)
#: "its recommendations", "his proposals": credited only after a Secretariat object
_PRONOUN = re.compile(
    r"\b(?:its|his)\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<noun>recommendations?|proposals?|observations|options)\b"
)
_VERBS = {
    "adopts": r"endors(?:e|es|ed|ing)|approv(?:e|es|ed|ing)|support(?:s|ed|ing)?"
    r"|agree(?:s|d|ing)?\s+with",
    "welcomes": r"welcom(?:e|es|ed|ing)|commend(?:s|ed|ing)?"
    r"|express(?:es|ing)?\s+(?:its\s+)?appreciation",
    "notes": r"(?:(?:having\s+)?tak(?:e|es|en|ing)|took)\s+(?:[a-z]+\s+){0,2}?note"
    r"|not(?:e|es|ed|ing)|acknowledg(?:e|es|ed|ing)|having\s+(?:considered|examined|received|reviewed|studied)"
    r"|recall(?:s|ed|ing)?|tak(?:e|es|ing)\s+into\s+(?:account|consideration)",
}
_TASK = re.compile(
    r"\b(?:including\s+(?:regarding|on|concerning|in particular)\b|regarding\b|concerning\b"
    r"|including\s+(?:its\s+|the\s+)?(?:recommendations?|options|proposals?)\b"
    r"|relating\s+to\b|with\s+(?:regard|respect)\s+to\b|in\s+particular\b"
    r"|on\s+(?:proposals|options|the\s+(?:establishment|deployment|increase|configuration"
    r"|transition|reconfiguration|drawdown|withdrawal))\b|recommending\b|which\s+recommend"
    r"|to\s+(?:renew|increase|establish|deploy|extend|maintain|transfer|reduce|authorize"
    r"|reinforce|defer|strengthen|create|adjust|reconfigure|expand|add|include|draw\s+down"
    r"|withdraw|terminate)\b|for\s+the\s+(?:establishment|deployment|extension|increase)\b)",
    re.IGNORECASE,
)
#: the object's own content right after it: "recommendation to extend ...", "proposal that ..."
_LEAD_TASK = re.compile(
    rf"(?:\s*,?\s*(?:\(?{_SYMBOL}\)?|(?:dated\s+|of\s+)?{_DATE}))*\s*,?\s*"
    r"((?:that|to\s+(?!the\b|its\b|his\b|all\b|this\b)[a-z]+)\b)"
)
_RECOMMENDS = re.compile(r"\b(?:recommend\w*|proposals?|options|concepts?\s+of\s+operations?)\b")
_SYMBOLS = re.compile(_SYMBOL)
_NOUN_CLASS = {
    "report": "report",
    "letter": "letter",
    "recommendation": "recommendation",
    "proposal": "proposal",
    "observations": "report",
    "options": "proposal",
    "concept": "proposal",
    "assessment": "report",
    "analysis": "report",
    "plan": "proposal",
    "call": "proposal",
}
STRENGTHS = ("adopts", "welcomes", "notes")


@dataclass(frozen=True)
class Credit:
    """One credit to the Secretariat in a paragraph; ``start``/``end`` span the clause."""

    key: str
    verb: str
    strength: str
    document: str
    symbols: tuple[str, ...]
    task: str
    recommends: bool
    start: int
    end: int
    quote: str

    def to_json(self) -> dict[str, Any]:
        """The credit as JSON-able data."""
        return {**asdict(self), "symbols": list(self.symbols)}


def _clause_start(text: str, pos: int) -> int:
    return text.rfind(";", 0, pos) + 1


def _clause_end(text: str, pos: int) -> int:
    found = text.find(";", pos)
    return len(text) if found < 0 else found


def _noun_class(noun: str) -> str:
    word = noun.lower().split()[0]
    return _NOUN_CLASS.get(word.rstrip("s") if word != "analysis" else word, "report")


def _task(stretch: str) -> str:
    lead = _LEAD_TASK.match(stretch)
    if lead:
        return _tidy(stretch[lead.start(1) :])
    m = _TASK.search(stretch)
    if not m:
        return ""
    return _tidy(stretch[m.start() :])


def _cut(before: str, after: str) -> str:
    """The clause around an inline credit, the credit's words left out: " … " stands for them
    (verbatim text with words cut out says so), unless nothing precedes or follows them.

    >>> _cut("support to the national police (PNTL), ", ", which includes law enforcement")
    'support to the national police (PNTL), … , which includes law enforcement'
    >>> _cut("", ", which includes law enforcement")
    ', which includes law enforcement'
    """
    if not before.strip(" ,;:.") or not after.strip(" ,;:."):
        return before + after
    return f"{before.rstrip()} … {after.lstrip()}"


def _tidy(text: str, limit: int = 240) -> str:
    text = " ".join(text.split()).strip(" ,;:.")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def find_credits(key: str, text: str) -> list[Credit]:
    """Every credit to the Secretariat in one paragraph ``text`` (see the module doc).

    >>> t = ("Taking note of the special report of the Secretary-General S/2013/119 on the "
    ...      "DRC and of its recommendations contained therein, including regarding the "
    ...      'establishment of an "Intervention Brigade",')
    >>> c = find_credits("R/pp28", t)[0]
    >>> c.verb, c.strength, c.document, c.symbols, c.recommends
    ('Taking note', 'notes', 'report', ('S/2013/119',), True)
    >>> c.task
    'including regarding the establishment of an "Intervention Brigade"'
    >>> find_credits("R/pp5", "Taking note of the Moroccan proposal presented to the "
    ...              "Secretary-General,")
    []
    """
    verbs = _clause_verbs(text)
    groups: dict[int, tuple[re.Match[str], list[re.Match[str]]]] = {}
    objects = list(_OBJECT.finditer(text))
    if objects:
        after = objects[0].end()
        objects += [m for m in _PRONOUN.finditer(text) if m.start() >= after]
    for m in sorted(objects, key=lambda o: o.start()):
        if _FUTURE.match(text, m.end()):
            continue
        verb = _governing(verbs, text, m.start())
        if verb is None or verb.lastgroup == "other":
            continue
        groups.setdefault(verb.start(), (verb, []))[1].append(m)
    out = [_credit(key, text, verb, objs, verbs) for verb, objs in groups.values()]
    for m in _INLINE.finditer(text):
        if any(c.start <= m.start() < c.end for c in out):
            continue
        if "his " in m.group(0).lower() and not re.search(_SG, text[: m.start()]):
            continue
        if _FUTURE.match(text, m.end()):
            continue
        stop = _clause_end(text, m.end())
        clause = _clause_start(text, m.start())
        rest = _cut(text[clause : m.start()], text[m.end() : stop])
        lead = len(text[clause:]) - len(text[clause:].lstrip())
        verb_text = _tidy(_VERB_END.split(m.group("verb"))[0])
        strength = "adopts"
        if _REFERENCE.match(verb_text):
            governing = _governing(verbs, text, m.start())
            other = governing is None or governing.lastgroup == "other"
            strength = "notes" if other else str(governing.lastgroup)  # type: ignore[union-attr]
        out.append(
            Credit(
                key=key,
                verb=verb_text,
                strength=strength,
                document="recommendation",
                symbols=tuple(dict.fromkeys(_SYMBOLS.findall(text, m.start(), stop))),
                task=_tidy(rest),
                recommends=True,
                start=clause + lead,
                end=stop,
                quote=_tidy(text[clause:stop], 600),
            )
        )
    return sorted(out, key=lambda c: c.start)


def _credit(
    key: str,
    text: str,
    verb: re.Match[str],
    objects: list[re.Match[str]],
    verbs: list[re.Match[str]],
) -> Credit:
    last = objects[-1]
    wide = _clause_end(text, last.end())
    stop = next((v.start() for v in verbs if last.end() <= v.start() < wide), wide)
    stop = len(text[:stop].rstrip(" ,;:.\n")) if stop < len(text) else stop
    first = objects[0]
    groups = first.groupdict()
    noun = groups.get("noun") or groups.get("noun2") or "report"
    return Credit(
        key=key,
        verb=_tidy(verb.group(0)),
        strength=str(verb.lastgroup),
        document=_noun_class(noun),
        symbols=tuple(dict.fromkeys(_SYMBOLS.findall(text, first.start(), stop))),
        task=_task(text[last.end() : stop]),
        recommends=bool(_RECOMMENDS.search(text, verb.start(), wide)),
        start=verb.start(),
        end=stop,
        quote=_tidy(text[verb.start() : stop], 600),
    )


_OTHER = (
    r"(?:stress|emphasi[sz]|underlin|underscor|reiterat|urg|request|reaffirm|recogni[sz]"
    r"|condemn|demand|decid|invit|encourag|determin|affirm|remind|deplor|authori[sz]|appeal"
    r"|insist|regret|declar|confirm|exhort|expect|call)(?:e|es|ed|ing|s)?\b"
    r"|express(?:es|ed|ing)?\b(?!\s+(?:its\s+)?appreciation)|look(?:s|ed|ing)?\s+forward"
    r"|acting\b|bearing\s+in\s+mind"
)
_CLAUSE_VERB = re.compile(
    "|".join(rf"(?P<{k}>\b(?:{v})\b)" for k, v in _VERBS.items()) + rf"|(?P<other>\b(?:{_OTHER}))",
    re.IGNORECASE,
)


def _clause_verbs(text: str) -> list[re.Match[str]]:
    """Verbs that open a clause: the credit verbs of the grammar and other Council verbs."""
    return [m for m in _CLAUSE_VERB.finditer(text) if not _noun_use(text, m)]


def _noun_use(text: str, m: re.Match[str]) -> bool:
    """``in support of``, ``its full support``, ``the request of``: a noun, not a verb."""
    word = m.group(0).lower()
    if not word.startswith(("support", "request", "call", "note", "recall", "appeal")):
        return False
    before = text[max(0, m.start() - 12) : m.start()].lower().split()
    return bool(before) and before[-1] in ("in", "its", "full", "the", "his", "of", "for", "a")


def _governing(verbs: list[re.Match[str]], text: str, pos: int) -> re.Match[str] | None:
    """The last clause verb before ``pos`` in the same ``;`` clause."""
    clause = _clause_start(text, pos)
    found = None
    for v in verbs:
        if v.start() >= pos:
            break
        if v.start() >= clause:
            found = v
    return found


@dataclass(frozen=True)
class CreditSummary:
    """Credits of one resolution: the strongest strength found, and every credit."""

    resolution: str
    credits: tuple[Credit, ...]

    @property
    def strongest(self) -> str | None:
        """``adopts`` > ``welcomes`` > ``notes``, or None without credit."""
        found = {c.strength for c in self.credits}
        return next((s for s in STRENGTHS if s in found), None)

    def to_json(self) -> dict[str, Any]:
        """The summary as JSON-able data."""
        return {
            "resolution": self.resolution,
            "strongest": self.strongest,
            "credits": [c.to_json() for c in self.credits],
        }


def resolution_credits(resolution: str, paragraphs: list[tuple[str, str]]) -> CreditSummary:
    """The credits of every ``(key, text)`` paragraph of ``resolution``, in paragraph order."""
    found = [c for key, text in paragraphs for c in find_credits(key, text)]
    return CreditSummary(resolution, tuple(found))
