"""Who speaks in a sentence of a Secretary-General's report: the Secretariat or someone else.

The actor lexicon of :mod:`normtrace.parse.report.reported` (split from it, by concept, when
rules v5 were written): an agent is *the Secretariat* (:func:`is_secretariat`) when it is the
Secretary-General's own voice (I, we, my Special Representative, the United Nations and its
missions, offices and agencies, the report itself); any other actor — a head of State, a
minister, a parliament, the Security Council, parties, groups, courts, a named person — is
someone else (:data:`AGENTS`, or a capitalized name). :func:`agent_of` reads the actor a noun
phrase names (a place after "in" or "at" is never one); :func:`other_than_secretariat`
resolves a pronoun to the nearest actor named before it and keeps only someone else.
Rules v6 complete the Secretariat from the definition: the Secretary-General's other
representatives, envoys and coordinators, the missions' officers by title ("the Head of
Office", "the Senior Police Adviser"), United Nations departments, offices and agencies named
in full, and the staff of any of them ("staff of UNMIT", "the Mission's Chief Electoral
Adviser", "the United Nations and its partners").
Rules v7: a place, and the place or subject a Secretariat title or body is for, in or on ("my
Special Representative for Timor-Leste", "UNMIT police in Timor-Leste", "the Mission in Haiti"),
names no other speaker, though a case country alone does ("Haiti requested ..."); every
Secretariat entity of the reference list (``data/reference/entities.csv``) is the Secretariat.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """The words of ``text`` as a set."""
    return frozenset(text.split())


PRONOUNS = frozenset({"he", "she", "they", "it"})

#: the Secretary-General's own voice (module doc); matched in an agent's noun phrase
SECRETARIAT = re.compile(
    r"(?-i:\b(?:I|We|we|me|us|[Mm]y|[Oo]ur)\b)"
    r"|\bSecretary-General\b(?!\s+of\s+(?!the\s+United\s+Nations))"
    r"|\b(?:Deputy\s+)?Special\s+(?:Representative|Envoy|Adviser)\b|\bSecretariat\b"
    r"|\b(?:United\s+Nations|(?-i:UN))(?:\s+Organization)?\b"
    r"(?!\s+(?:Security\s+Council|General\s+Assembly|Member\s+States))"
    r"|(?-i:\b(?:UN[A-Z]{2,}|MINU[A-Z]+|MONU[A-Z]+|BINU[A-Z]+|B?ONU[A-Z]+|OHCHR|DPKO|DPA|DFS|"
    r"OCHA|WFP|FAO|ILO|IOM|UNPOL|UNCT|ODA|CTED|SRSG(?:-[A-Z]+)?)\b)|\bInternational\s+Organization\s+for\s+Migration\b"
    r"|(?<!Council\s)(?<!Council\s\s)\b[Mm]ission\b|\bForce\s+Commander\b"
    r"|\bPolice\s+Commissioner\b|\bcountry\s+team\b|\bHigh\s+Commissioner\b"
    r"|(?-i:\b(?:Unit|Section|Division|Component|Team|Cell)\b)"
    r"|\b(?:present|this|previous|last|the)\s+report\b(?!\s+(?:of|by)\b)"
    # rules v6: the Secretary-General's other representatives and envoys, the missions' and
    # the country team's officers by title, the United Nations departments, offices and
    # agencies named in full (the README's definition of the Secretariat)
    r"|(?-i:\b(?:Executive|Personal|Deputy|Joint|Acting|Special)\s+(?:Special\s+)?"
    r"(?:Representatives?|Envoys?|Coordinators?)\b)"
    r"|\b(?:Representatives?|Envoys?)\s+of\s+(?:the\s+)?Secretary-General\b"
    r"|\b(?:Resident|Humanitarian)(?:\s+and\s+Humanitarian)?\s+Coordinators?\b"
    # (a title's middle words stay for :data:`AGENTS` to read: "Head of the Elbonian Union
    # Mission" is someone else's)
    r"|(?-i:\bHeads?\s+of\s+(?:the\s+)?(?=(?:[A-Z][\w-]*\s+){0,3}(?:Office|Mission|Section|"
    r"Unit|Component|Division|Team|Cell|Bureau)\b))|\bChief\s+of\s+(?:Staff|Mission\s+Support)\b"
    r"|(?-i:\b(?:Chief|Senior|Principal)\s+(?=(?:[A-Z][\w-]*\s+){0,3}Advisers?\b))"
    r"|(?-i:\bChief\s+Military\s+(?:Observer|Liaison\s+Officer)s?\b)"
    r"|(?-i:\b(?:Police|Military|Electoral|Gender|Human\s+Rights|Child\s+Protection)\s+"
    r"Advisers?\b)|\b(?:military|police|civilian|electoral|substantive|human\s+rights|"
    r"civil\s+affairs|support)\s+components?\b"
    r"|\bDepartment\s+of\s+(?:Peacekeeping\s+Operations|Political(?:\s+and\s+Peacebuilding)?"
    r"\s+Affairs|Field\s+Support|Operational\s+Support|Peace\s+Operations|Safety\s+and\s+"
    r"Security|Public\s+Information|Management|Economic\s+and\s+Social\s+Affairs|"
    r"Humanitarian\s+Affairs|Disarmament\s+Affairs)\b"
    r"|\bOffice\s+(?:for|of|on)\s+(?:the\s+)?(?:Coordination\s+of\s+Humanitarian\s+Affairs|"
    r"Legal\s+Affairs|Internal\s+Oversight\s+Services|Project\s+Services|Rule\s+of\s+Law\s+"
    r"and\s+Security\s+Institutions|Military\s+Affairs|Disarmament\s+Affairs|"
    r"Counter-Terrorism|Drugs\s+and\s+Crime)\b"
    # rules v7: the Security Council's Counter-Terrorism Committee's Executive Directorate is
    # a Secretariat office (not the Committee)
    r"|\bCounter-Terrorism\s+Committee\s+Executive\s+Directorate\b"
    r"|\bPeacebuilding\s+(?:Support\s+Office|Fund)\b|\b(?:World\s+Food\s+Programme|"
    r"World\s+Health\s+Organization|Food\s+and\s+Agriculture\s+Organization|"
    r"International\s+Labour\s+Organization)\b"
    r"|(?-i:\b(?:PBSO|PBF|OIOS|OLA|DSS|DPO|DPPA|DOS|DPI|UNOPS|WHO)\b)",
    re.IGNORECASE,
)
#: the case countries, which speak ("Haiti requested ..."): someone else, except as the place a
#: Secretariat title or body is for or in (:func:`_secretariat_scopes`, rules v7)
_CASE_COUNTRIES = r"Haiti|Timor-Leste|Kuwait|Iraq|Indonesia|Australia"
#: someone else (module doc): offices, bodies and groups that speak
AGENTS = re.compile(
    r"\b(?:President|Vice-President|Prime\s+Minister|Ministers?|Ministry|Ministries|"
    r"Governments?|authorit(?:y|ies)|Parliament(?:s|arians?)?|Senat(?:e|ors?)|"
    r"Deput(?:y|ies)|Chamber|Council|Assembly|Committees?|Commissions?|Courts?|judges?|"
    r"Tribunal|Prosecutor\w*|Provedor|Ombudsman|[Nn]ational\s+[Pp]olice|PNTL|PNH|HNP|F-FDTL|"
    r"army|armed\s+forces|part(?:y|ies)|leaders?|leadership|opposition|groups?|gangs?|"
    r"movements?|coalitions?|alliances?|unions?|organi[sz]ations?|NGOs?|civil\s+society|"
    r"Church|bishops?|clergy|associations?|federations?|representatives?|delegations?|"
    r"spokes(?:person|man|woman)|officials?|observers?|donors?|partners?|States|countr(?:y|ies)|"
    r"ambassadors?|Envoys?|experts?|Rapporteur|residents|victims|families|"
    r"candidates?|students|demonstrators|protesters|rebels|insurgents|petitioners|media|(?<!to\s)press(?!\s+releases?\b)|"
    r"newspapers?|private\s+sector|industrialists|employers|workers|business\w*|"
    r"Heads?\s+of\s+(?:State|Government)|Governors?|mayors?|prefects?|Speaker|"
    r"Secretar(?:y|ies)\s+of\s+State|Conference|Summit|Core\s+Group|Friends|"
    r"signatories|community\s+leaders|"
    r"commanders?|chiefs?|members?|senior\s+\w+|stakeholders|participants|sources?|"
    r"(?:eye)?witness(?:es)?|others|critics|journalists|lawyers|detainees|survivors|"
    rf"{_CASE_COUNTRIES})\b",
    re.IGNORECASE,
)
#: capitalized words that are not names (sentence openers, months, titles of documents)
_NOT_NAME = _words(
    "The A An In On At During However This These That Those It Its He She They Following "
    "After As With While Since Meanwhile Although Despite Moreover Furthermore Further Also "
    "Both All Some Many Most Other Such Each Given Under By For Of To From Since Through "
    "Throughout Upon Before Between Among Against Within Without Overall Nevertheless "
    "Nonetheless Accordingly Consequently Therefore Thus Indeed Similarly Likewise Instead "
    "Regarding Concerning January February March April May June July August September October "
    "November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday National "
    "International Constitution Law Plan Strategy Programme Framework Agreement Code Act "
    "Decree Report Table Figure Annex Section Article Chapter Part Phase Round"
)
_NAME = re.compile(r"\b[A-ZÀ-Ý][\w’'-]*[a-zà-ÿ][\w’'-]*\b")


def is_secretariat(phrase: str) -> bool:
    """True when ``phrase``, an agent, is the Secretary-General's own voice (module doc).

    >>> is_secretariat("my Special Representative"), is_secretariat("UNMIT police")
    (True, True)
    >>> is_secretariat("President Préval"), is_secretariat("the Security Council mission")
    (False, False)
    """
    if AGENTS.search(_without_secretariat(phrase)) or _OTHER_SECRETARY_GENERAL.search(phrase):
        return False
    return bool(SECRETARIAT.search(phrase))


#: rules v7: the place or subject a Secretariat title or body is for, in or on ("my Special
#: Representative for Timor-Leste", "the Mission in Haiti", "the Special Envoy on the Sahel"),
#: not a body that speaks ("in the Council"); an "and" joins only a place's own words
#: ("Bosnia and Herzegovina"), never a second actor ("for Haiti and President Préval")
_SCOPED = (
    r"\s+(?:the\s+)?(?!(?:\w+\s+)?(?:Chamber|Council|Assembly|Parliament|Senate|"
    r"Ministry|Court|Commission|Committee|Government)\b)"
    r"[A-ZÀ-Ý][\w’'-]*(?:\s+(?:of\s+(?:the\s+)?|and\s+(?!(?i:" + AGENTS.pattern + r")))?"
    r"[A-ZÀ-Ý][\w’'-]*)*"
)
_SCOPE = re.compile(r"\s+(?:for|in|on)" + _SCOPED)
#: a place anywhere in the phrase ("police in Timor-Leste"), as :data:`_SCOPE` reads it
_WHERE = re.compile(r"\b(?:in|at)" + _SCOPED)


def _secretariat_scopes(phrase: str) -> str:
    """``phrase`` with its places (:data:`_WHERE`) and the scope right after each Secretariat
    title or body (:data:`_SCOPE`) blanked: where the Secretariat works names no speaker."""
    spans = [m.span() for m in _WHERE.finditer(phrase)]
    for m in SECRETARIAT.finditer(phrase):
        scope = _SCOPE.match(phrase, m.end())
        if scope:
            spans.append((m.end(), scope.end()))
    for start, end in spans:
        phrase = phrase[:start] + " " * (end - start) + phrase[end:]
    return phrase


#: the secretary-general of a party or another organization named before the title ("Fretilin
#: Secretary-General", "the OAS Secretary-General"), not the United Nations' (rules v5)
_OTHER_SECRETARY_GENERAL = re.compile(
    r"(?-i:\b(?!(?:The|the|Deputy|Assistant|Under|Acting|Nations|UN|My|my|Our|our)\b)"
    r"[A-ZÀ-Ý][\w’'-]*\s+Secretary-General\b)"
)


#: rules v6: whose staff are the Secretariat's own (the United Nations, a mission, the
#: Secretary-General and his representatives, the country team)
_OWN = (
    r"(?:United\s+Nations|UN|UN[A-Z]{2,}|MINU[A-Z]+|MONU[A-Z]+|BINU[A-Z]+|[Mm]ission|Secretariat|"
    r"Secretary-General|Special\s+(?:Representative|Envoy)|country\s+team)"
)
#: the staff, officers and parts of a body ("police", "Chief Electoral Adviser", "team leader")
_STAFF = (
    r"(?i:police|[Ff]orce|military|officials?|personnel|staff|experts?|members?|advisers?|"
    r"observers?|representatives?|team(?:\s+leaders?)?|leadership|agencies|partners|heads?|"
    r"chiefs?|directors?|officers?|employees|leaders?|spokes(?:person|man|woman)|envoys?|"
    r"commanders?|components?|sections?|units?)"
)
#: words between an owner and its staff ("the Mission's Chief Electoral Adviser"), not a
#: second actor ("United Nations and Government officials")
_BETWEEN = r"(?i:(?!(?:and|or|of|with|to|the|an?)\b)[\w-]+\s+){0,3}?"
#: not the United Nations' but a body of its Member States, or a list of owners
_NOT_OWN = r"(?!\s+(?:Security\s+Council|General\s+Assembly|Member\s+States|and))"
_OWN_STAFF = re.compile(
    rf"\b{_OWN}(?:’s|'s|’|')?\s+{_BETWEEN}{_STAFF}\b"  # "UNMIT police", "the Mission's staff"
    rf"|\b{_STAFF}\s+of\s+(?:the\s+|my\s+)?(?:{_OWN}|(?:[\w-]+\s+)?components?|"
    rf"(?:[\w-]+\s+)?sections?){_NOT_OWN}"  # "staff of the Mission", "leader of the X component"
    rf"|\b{_OWN}\s+and\s+(?:its|their)\s+{_STAFF}\b"  # "the United Nations and its partners"
)


def _without_secretariat(phrase: str) -> str:
    """``phrase`` without the Secretariat's own offices and staff, so that "United Nations
    police", "the Mission's Chief Electoral Adviser", "staff of UNMIT" or "the United Nations
    and its partners" name no other actor (rules v6: any staff word of :data:`_STAFF` after
    the Secretariat's own bodies, their possessive or "of")."""
    phrase = _secretariat_scopes(phrase)
    cleaned = _OWN_STAFF.sub(" ", re.sub(r"\bCouncil\s+mission\b", "Council", phrase))
    return SECRETARIAT.sub(" ", cleaned)


def agent_of(phrase: str) -> str | None:
    """The actor ``phrase`` names as an agent, or None when it names none.

    A place after "in" or "at" names no actor ("the developments in Timor-Leste").

    >>> agent_of("the Haitian authorities"), agent_of("the results"), agent_of("Fretilin")
    ('the Haitian authorities', None, 'Fretilin')
    >>> agent_of("the developments in Timor-Leste"), agent_of("gangs in Les Cayes")
    (None, 'gangs in Les Cayes')
    """
    phrase = phrase.strip(" ,.;:")
    places = _places(phrase)
    found = [m.start() for rx in (AGENTS, SECRETARIAT) for m in rx.finditer(phrase)]
    found += [m.start() for m in _NAME.finditer(phrase) if m[0] not in _NOT_NAME
              and not (m.start() == 0 and re.match(r"\S+\s+[a-z]", phrase))]  # fmt: skip
    found = [at for at in found if not any(a <= at < b for a, b in places)]
    if not found:
        return None
    head = phrase[: min(found)]
    for m in re.finditer(r"\b(\w+)\s+(?:of|by)\s", head):  # "the experience of Timor-Leste"
        first = len(head[: m.start()].split()) <= 1  # the phrase opens with it (rules v5)
        if not (first and (m[1].lower() in _QUANTITIES or m[1].isdigit())):  # "14 of"
            return None
    return phrase


#: a number or a share before "of": the actor after it is the agent ("14 of the candidates")
_QUANTITIES = _words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "twenty dozens hundreds thousands number some many several most all each both none few "
    "majority half any group"
)


#: a place: the capitalized words after "in" or "at" ("in Les Cayes and Port-au-Prince"), not
#: a body ("in the Chamber of Deputies", "at the Ministry")
_PLACE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?(?!\w+\s+(?:of|for|on)\s)(?!(?:\w+\s+)?(?:Chamber|Council|"
    r"Assembly|Parliament|Senate|Ministry|Court|Commission|Committee|Government|Office)\b)"
    r"[A-ZÀ-Ý][\w’'-]*(?:\s+(?:and\s+)?[A-ZÀ-Ý][\w’'-]*)*"
)


def _places(text: str) -> list[tuple[int, int]]:
    """The spans of the places in ``text`` (:data:`_PLACE`): never a speaker."""
    return [(m.start(), m.end()) for m in _PLACE.finditer(text)]


def other_than_secretariat(agent: str | None, text: str, at: int) -> str | None:
    """``agent`` when it is someone other than the Secretariat (a pronoun resolved first)."""
    if agent is None:
        return None
    agent = agent.strip(" ,.;:")
    if agent.lower() in PRONOUNS or agent.lower() in _POSSESSIVES:
        agent = _antecedent(text, at, agent.lower())
        if agent is None:
            return None
    return None if is_secretariat(agent) else agent


_POSSESSIVES = {"his": "he", "her": "she", "its": "it", "their": "they"}
#: who "he" or "she" can be: a person by title or name
_PERSON = re.compile(
    r"\b(?:President|Prime\s+Minister|Minister|Special\s+Representative|Special\s+Envoy|"
    r"Secretary-General|Rapporteur|Independent\s+Expert|High\s+Commissioner|Commander|"
    r"Speaker|Senator|Ambassador|Governor|Mayor|Prosecutor(?:-General)?|Provedor|"
    r"Secretary\s+of\s+State)\b"
)
#: what "it" can be: a body
_BODY = re.compile(
    r"\b(?:Government|Council|Commission|Parliament|Senate|Chamber|Ministry|Committee|Court|"
    r"[Pp]arty|Mission|Secretariat|[Oo]rganization|[Gg]roup|Assembly|Conference|Tribunal|"
    r"Working\s+Group|Fretilin|(?-i:UN[A-Z]{2,}|MINU[A-Z]+|MONU[A-Z]+|BINU[A-Z]+))\b"
)


def _antecedent(text: str, at: int, pronoun: str) -> str | None:
    """The nearest actor named before ``at`` in ``text`` that ``pronoun`` can stand for: a
    person for he and she, a body for it, any actor for they; never a place (:data:`_PLACE`)."""
    pronoun = _POSSESSIVES.get(pronoun, pronoun)
    kinds = {"he": (_PERSON, _NAME), "she": (_PERSON, _NAME), "it": (_BODY,)}
    best: tuple[int, str] | None = None
    places = _places(text[:at])
    for rx in kinds.get(pronoun, (SECRETARIAT, AGENTS, _NAME)):
        for m in rx.finditer(text, 0, at):
            if rx is _NAME and (m[0] in _NOT_NAME or AGENTS.fullmatch(m[0])):
                continue
            if any(a <= m.start() < b for a, b in places):  # "a meeting in Port-au-Prince"
                continue
            if m[0].lower() in PRONOUNS or m[0] in {"We", "we", "us"}:
                continue
            if best is None or m.end() > best[0]:
                best = (m.end(), _expand(text, m.start(), m.end()))
    return best[1] if best else None


#: a title's words before its last capitalized ones ("Minister of Justice and " Public Security)
_TITLE_BEFORE = re.compile(
    r"(?:\b[A-Z][\w-]*\s+)+(?:(?:of|for|on)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+)+(?:and\s+)?)+$"
)


def _expand(text: str, start: int, end: int) -> str:
    """The mention at ``[start, end)`` with the title or name next to it ("President Préval",
    "the Minister of Justice and Public Security" for "Security")."""
    before = re.search(r"(?:\b(?:[Mm]y|[A-Z][\w-]*)\s+)*$", text[:start])
    begin = before.start() if before else start
    title = _TITLE_BEFORE.search(text[:begin])
    after = re.match(r"(?:\s+(?:[A-ZÀ-Ý][\w’'-]+))*", text[end:])
    return text[(title.start() if title else begin) : end + (after.end() if after else 0)]


def agrees(pronoun: str, phrase: str) -> bool:
    """Whether ``phrase`` can be what the possessive ``pronoun`` stands for: "their" a plural
    or a list, "its" one body, "his" or "her" a person (by title or name) (rules v6).

    >>> agrees("their", "the opposition parties"), agrees("its", "the parties")
    (True, False)
    """
    head = re.split(r"\s+(?:of|for|on|in|at)\s+", phrase)[0].split()[-1]
    plural = (head.endswith("s") and not head.endswith(("ss", "Nations"))) or " and " in phrase
    if pronoun == "their":
        return plural
    if pronoun == "its":
        return not plural
    return not plural and agent_of(head) is not None and head[:1].isupper()
