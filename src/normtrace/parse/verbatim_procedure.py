"""Procedure in a verbatim record: invitations (rules 37 and 39), votes and adoptions.

The President's words follow fixed formulas ("In accordance with rule 39 of the
Council's provisional rules of procedure, I invite ... to participate in this
meeting"; "The draft resolution has been adopted unanimously as resolution 2505
(2020)"). These functions read the formulas from the record's paragraphs in
order; nothing here is written for a particular meeting.

>>> invitations_in(["In accordance with rule 39 of the Council's provisional rules of "
...     "procedure, I invite Mr. Jean-Pierre Lacroix, Under-Secretary-General for Peace "
...     "Operations, to participate in this meeting."])[0]["name"]
'Mr. Jean-Pierre Lacroix'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from normtrace.parse.symbols import find_symbols
from normtrace.parse.verbatim_speakers import TITLES

#: UN member states whose names contain "and" (so lists are not split inside them).
_AND_STATES = (
    "Antigua and Barbuda",
    "Bosnia and Herzegovina",
    "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines",
    "Sao Tome and Principe",
    "Trinidad and Tobago",
    "United Kingdom of Great Britain and Northern Ireland",
)
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|Messrs|Mmes|Jr|Sr|Prof|Rev|Msgr|H\.E|etc)|\b[A-Z])$"
)
_RULE = re.compile(r"\brule\s+(?P<rule>37|39)\b", re.IGNORECASE)
_INVITE = re.compile(
    r"\bI (?:also )?(?:invite|extend an invitation to)\s+(?P<who>.+?)\s*,?\s+"
    r"to (?:participate in|take (?:a )?seats? at)\b.*?(?:meeting|table)\b(?:\s*:\s*(?P<list>.+))?",
    re.IGNORECASE,
)
_EXTEND = re.compile(
    r"\bextend (?:an )?invitations?\b(?: under rule (?:37|39)\b[^,]*?)?\s+to\s+(?P<who>.+?)\.?$",
    re.IGNORECASE,
)
_INVITE_THOSE = re.compile(r"\binvite (?:that|those|these|the said) representatives?\b", re.I)
_LETTER_FROM = re.compile(
    r"\bletters? from the representatives? of (?P<states>.+?),? (?:in which|requesting)\b"
)
_SEATED_AT = re.compile(
    r"^At the invitation of the President,\s+(?P<who>.+?)\s+(?:took|resumed)\b", re.I
)
_NAMED_STATE = re.compile(r"(?P<name>[A-Z][\w.'’\- ]+?)\s*\((?P<state>[^()]+)\)")
_REPS = re.compile(r"^the representatives? of\s+(?P<states>.+)$", re.IGNORECASE)
_FOLLOWING = re.compile(r"^the following\b", re.IGNORECASE)
_WELCOME = re.compile(
    r"\bI (?:warmly )?welcome\s+(?P<who>(?:(?:His|Her) (?:Excellency|Royal Highness|Highness)\s+)?"
    r"(?:" + "|".join(re.escape(t) for t in TITLES) + r")\b.+?)\.?$"
)
_HONORIFIC = re.compile(r"^(?:(?:His|Her) (?:Excellency|Royal Highness|Highness)\s+)")
_PERSON_SPLIT = re.compile(
    r"(?:;\s*(?:and\s+)?|,\s*(?:and\s+)?|\s+and\s+)"
    r"(?=(?:(?:His|Her) (?:Excellency|Royal Highness)\s+)?"
    r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness|Archbishop|Cardinal|Bishop|Prince|Princess|"
    r"Sheikh|Sheikha|Judge)\b\.?\s)"
)
_ROLES = (
    r"(?:Head|Chair|Chairman|Chairwoman|Chairperson|Chief|Director|Executive|President|"
    r"Vice-President|Special|Coordinator|General Coordinator|Representative|Commander|Minister|"
    r"Permanent|High|Under-Secretary|Assistant|Deputy|Secretary|Envoy|Adviser|Advisor|Member|"
    r"Founder|Co-founder|Senior|Trustee|Prosecutor|Registrar|Observer|Ambassador|Judge|"
    r"Administrator|Commissioner|Rapporteur|Spokesperson|Programme|Project|Country|Regional|"
    r"Acting|Interim|Former|Chef)"
)
_ROLE_WORD = re.compile(_ROLES + r"\b")
_ORG_NOUN = re.compile(
    r"\b(?:United Nations|Office|Mission|Fund|Programme|Service|Research|Institute|Organization|"
    r"Organisation|Committee|Commission|Council|Union|Agency|Foundation|Association|Forum|"
    r"Coalition|Cent(?:re|er)|Court|Bank|League|Parliament|Network|Group|Movement|Society|"
    r"Federation|Conference|Secretariat|Department|Government|Ministry|Republic|Kingdom|States)\b"
)
# Several roles in one title: "..., Trustee of X and Chair of Y" (the last one wins).
_SEGMENT_SPLIT = re.compile(r",\s+(?:and\s+)?|\s+and\s+(?=" + _ROLES + r"\b)")
_VOTE_MARK = re.compile(r"(?<=\S)\s+(?=(?:In favour|Against|Abstaining)\s*:)")
_IN_FAVOUR = re.compile(r"^In favour\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_AGAINST = re.compile(r"^Against\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_ABSTAIN = re.compile(r"^Abstaining\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_SUBJECT = r"(?:draft resolution|draft decision|draft amendment|amendment|decision|proposal|motion)"
_OUTCOME = re.compile(
    _SUBJECT + r"(?:,[^,]{1,60},)? (?:has been|was)\s+(?P<not>not\s+)?adopted"
    r"(?P<u>\s+unanimously)?"
    r"(?:\s+as\s+resolution\s+(?P<res>\d{1,5})\s*\((?P<year>(?:19|20)\d\d)\))?",
    re.IGNORECASE,
)
_RECEIVED = re.compile(r"\breceived\s+(?P<n>\d{1,2}|[a-z]+)\s+votes?\s+in\s+favour", re.I)
_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
]


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBERS.index(word.lower()) if word.lower() in _NUMBERS else None


_FAILED = re.compile(_SUBJECT + r" (?:has )?(?:failed|not been adopted)", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Split text into sentences, not after ``Mr.``, initials or similar abbreviations."""
    out: list[str] = []
    start = 0
    for m in re.finditer(r"[.!?](?:[”’\"])?\s+(?=[A-Z“‘\"(])", text):
        head = text[start : m.start()]
        if _ABBREV.search(head):
            continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def split_states(text: str) -> list[str]:
    """Split ``Burkina Faso, Chad and Mali`` into states, keeping names that contain "and"."""
    protected = text
    for i, name in enumerate(_AND_STATES):
        protected = protected.replace(name, f"\x00{i}\x00")
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", protected.strip().rstrip("."))
    out = []
    for part in parts:
        for i, name in enumerate(_AND_STATES):
            part = part.replace(f"\x00{i}\x00", name)
        part = re.sub(r"^the\s+(?=[A-Z])", "", part.strip())
        if part:
            out.append(part)
    return out


def entity_of(title: str | None) -> str | None:
    """The organisation or state named in an official title, if any (a heuristic).

    ``Minister for Foreign Affairs ... of Mali`` → ``Mali``; ``Head of the
    Delegation of the European Union to the United Nations`` → ``European
    Union``; a Secretariat title (``Under-Secretary-General for Peace
    Operations``, ``Special Envoy of the Secretary-General``) → ``United Nations``.
    The last role in a title that holds several wins.
    """
    if not title:
        return None
    core = re.split(r",?\s+(?:on behalf of|in (?:his|her|their) capacity as)\b", title)[0]
    for segment in reversed(_segments(core)):
        entity = _entity_in(re.sub(r"^(?:former|acting|interim)\s+", "", segment, flags=re.I))
        if entity:
            return entity
    if "Secretary-General" in title or "United Nations" in title:
        return "United Nations"
    return None


def _segments(title: str) -> list[str]:
    """Roles of a title; a comma part that is neither a role nor an organisation stays put."""
    out: list[str] = []
    for part in _SEGMENT_SPLIT.split(title):
        part = part.strip(" ,;")
        if out and part and not _ROLE_WORD.match(part) and not _ORG_NOUN.search(part):
            out[-1] = f"{out[-1]}, {part}"
        elif part:
            out.append(part)
    return out


def _entity_in(segment: str) -> str | None:
    if not segment or not segment[0].isupper():
        return None
    if not _ROLE_WORD.match(segment):
        return segment  # the segment is itself a name: "United Nations Office of ..."
    m = re.search(r"\b(?:of|at)\s+(?P<e>[A-Z].*|the\s+[A-Z].*)$", segment)
    if m is None:
        return None
    entity = re.sub(r"^the\s+", "", m["e"])
    entity = re.sub(r"\s+to the United Nations(?: in \w+)?$", "", entity)
    entity = re.sub(r"^(?:Delegation|Permanent Mission|Mission|Embassy) of (?:the\s+)?", "", entity)
    if entity.startswith("Secretary-General"):
        return "United Nations"
    return entity.strip(" ,.") or None


def _person(chunk: str) -> tuple[str, str | None]:
    chunk = _HONORIFIC.sub("", chunk.strip().strip(",;").strip())
    name, _, title = chunk.partition(",")
    title = title.strip().strip(",;").strip()
    return name.strip(), (title or None)


def _invitees(who: str, extra: str | None) -> list[tuple[str, str | None, str | None]]:
    """``(name, title, entity)`` for each invitee named in an invitation sentence."""
    reps = _REPS.match(who)
    if reps:
        return [(f"the representative of {s}", None, s) for s in split_states(reps["states"])]
    target = extra if (extra and _FOLLOWING.match(who)) else who
    people = [_person(p) for p in _PERSON_SPLIT.split(target.rstrip(".")) if p.strip()]
    return [(name, title, entity_of(title)) for name, title in people if name]


def _invitation(
    rule: re.Match[str] | None, who: tuple[str, str | None, str | None], sent: str
) -> dict[str, Any]:
    name, title, entity = who
    return {
        "rule": int(rule["rule"]) if rule else None,
        "name": name,
        "title": title,
        "entity": entity,
        "text": sent,
    }


class _InvitationReader:
    """Reads the invitation formulas of the current and of the pre-2008 records.

    Current: "In accordance with rule 39 ..., I invite Mr. X, <title>, to
    participate in this meeting"; "I welcome His Excellency Mr. Y, <title> of Z".
    Older: "... agrees to extend an invitation under rule 39 ... to Mr. X, <title>";
    "a letter from the representative of Z, in which he requests to be invited
    ... I propose ... to invite that representative to participate ..."; "At the
    invitation of the President, Mr. Y (Z) took a seat at the Council table".
    """

    def __init__(self) -> None:
        self.found: list[dict[str, Any]] = []
        self.requesting: list[str] = []

    def sentence(self, sent: str) -> None:
        rule = _RULE.search(sent)
        if m := _INVITE.search(sent):
            self.found.extend(_invitation(rule, w, sent) for w in _invitees(m["who"], m["list"]))
        elif m := _EXTEND.search(sent):
            who = re.sub(r",?\s+(?:under|in accordance with) rule\b.*$", "", m["who"])
            self.found.extend(_invitation(rule, w, sent) for w in _invitees(who, None))
        elif _INVITE_THOSE.search(sent) and self.requesting:
            people = [(f"the representative of {s}", None, s) for s in self.requesting]
            self.found.extend(_invitation(rule, w, sent) for w in people)
            self.requesting = []
        elif m := _WELCOME.search(sent):
            name, title = _person(m["who"])
            self._name(name, title, title)
        elif m := _SEATED_AT.search(sent):
            for person in _NAMED_STATE.finditer(m["who"]):
                self._name(person["name"].strip(), None, person["state"])
        if m := _LETTER_FROM.search(sent):
            self.requesting = split_states(m["states"])

    def _name(self, name: str, title: str | None, where: str | None) -> None:
        """Give the person's name to the first unnamed invitation of the state in ``where``."""
        for inv in self.found:
            entity = inv["entity"]
            unnamed = inv["name"].startswith("the representative of")
            if unnamed and where and entity and re.search(rf"\b{re.escape(entity)}\b", where):
                inv["name"] = name
                inv["title"] = title or inv["title"]
                return


def invitations_in(paragraphs: Iterable[str]) -> list[dict[str, Any]]:
    """Invitations to participate, with the person named for each invited state."""
    reader = _InvitationReader()
    for para in paragraphs:
        for sent in sentences(para):
            reader.sentence(sent)
    return reader.found


_LOWER_OK = frozenset(["and", "the", "of", "de", "del", "da", "des", "du", "la", "le", "et"])


def _is_state_list(para: str) -> bool:
    """A paragraph of comma-separated state names (``Belgium, China, ... Viet Nam``)."""
    words = re.findall(r"[^\W\d_][\w'’-]*", para)
    return bool(words) and all(
        w[0].isupper() or w in _LOWER_OK or w.startswith(("d’", "d'")) for w in words
    )


def _states_or_none(text: str) -> list[str]:
    """States of a vote list; ``None`` printed as the list means no state."""
    return [] if text.strip().rstrip(".").lower() in ("none", "") else split_states(text)


def _list_then_prose(text: str) -> tuple[str, str, str]:
    """Split ``Belgium, China, Viet Nam The draft resolution received ...`` after the list."""
    m = re.search(r"(?<=[\w)])\.?\s+(?=(?:The|A|It|I)\s+[a-z]|The President\b)", text)
    if m is None:
        return text, "", ""
    return text[: m.start()], m.group(0), text[m.end() :]


def _new_vote(draft: str | None) -> dict[str, Any]:
    return {
        "draft": draft,
        "in_favour": [],
        "against": [],
        "abstaining": [],
        "outcome": None,
        "resolution": None,
    }


def _draft_in(sentence: str) -> str | None:
    if "draft resolution" not in sentence.lower():
        return None
    for _, _, sym in find_symbols(sentence):
        if sym.kind == "document":
            return str(sym)
    return None


class _ProcedureReader:
    """Reads votes and adoptions from paragraphs in record order."""

    def __init__(self) -> None:
        self.votes: list[dict[str, Any]] = []
        self.adoptions: list[dict[str, Any]] = []
        self.draft: str | None = None
        self.open_list: str | None = None
        self.warnings: list[str] = []

    def feed(self, para: str) -> None:
        pieces = _VOTE_MARK.split(para)
        if len(pieces) > 1:
            # Lists printed inside a paragraph (text from other converters): read in turn.
            for piece in (p.strip() for p in pieces):
                if piece:
                    self.feed_one(piece)
            return
        self.feed_one(para)

    def feed_one(self, para: str) -> None:
        """Read one paragraph (or one vote-list piece of a paragraph)."""
        if self._vote_list(para):
            return
        self.open_list = None
        for sent in sentences(para):
            self.draft = _draft_in(sent) or self.draft
            self._count(sent)
            self._outcome(sent)

    def _count(self, sent: str) -> None:
        """Check "received 13 votes in favour" against the printed list of states."""
        m = _RECEIVED.search(sent)
        if m is None or not self.votes or self.votes[-1]["outcome"] is not None:
            return
        said, listed = _number(m["n"]), len(self.votes[-1]["in_favour"])
        if said is not None and said != listed:
            self.warnings.append(
                f"vote on {self.votes[-1]['draft'] or 'a draft'}: the President announces "
                f"{said} votes in favour but {listed} states are listed"
            )

    def _vote_list(self, para: str) -> bool:
        for key, rx in (("in_favour", _IN_FAVOUR), ("against", _AGAINST), ("abstaining", _ABSTAIN)):
            m = rx.match(para)
            if m:
                if key == "in_favour" or not self.votes or self.votes[-1]["outcome"]:
                    self.votes.append(_new_vote(self.draft))
                self.open_list = key
                states, _, rest = _list_then_prose(m["rest"])
                self.votes[-1][key].extend(_states_or_none(states))
                if rest:
                    self.open_list = None
                    self.feed_one(rest)
                return True
        if self.open_list and _is_state_list(para):
            self.votes[-1][self.open_list].extend(_states_or_none(para))
            return True
        return False

    def _outcome(self, sent: str) -> None:
        m = _OUTCOME.search(sent)
        failed = _FAILED.search(sent)
        if not m and not failed:
            return
        resolution = f"S/RES/{m['res']} ({m['year']})" if m and m["res"] else None
        vote = self.votes[-1] if self.votes and self.votes[-1]["outcome"] is None else None
        if vote is not None:
            vote["outcome"] = "not adopted" if (failed or (m and m["not"])) else "adopted"
            vote["resolution"] = resolution
            self.open_list = None
        if resolution and not (failed or (m and m["not"])):
            unanimous = bool(m and m["u"]) or bool(
                vote and not vote["against"] and not vote["abstaining"] and vote["in_favour"]
            )
            self._adopt(resolution, unanimous)
        self.draft = None  # the next vote names its own draft

    def _adopt(self, resolution: str, unanimous: bool) -> None:
        if any(a["resolution"] == resolution for a in self.adoptions):
            return
        self.adoptions.append(
            {"resolution": resolution, "draft": self.draft, "unanimous": unanimous}
        )


def procedure_in(
    paragraphs: Sequence[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Votes and adoptions, in record order, and warnings about them.

    Returns:
        ``(votes, adoptions, warnings)``; votes and adoptions follow the schema
        documented in :mod:`normtrace.parse.verbatim`.
    """
    reader = _ProcedureReader()
    for para in paragraphs:
        reader.feed(para)
    return reader.votes, reader.adoptions, reader.warnings
