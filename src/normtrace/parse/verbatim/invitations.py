"""Invitations to participate in a meeting (rules 37 and 39 of the provisional rules).

The President's words follow fixed formulas. Current records: "In accordance
with rule 39 of the Council's provisional rules of procedure, I invite Mr. X,
<title>, to participate in this meeting"; "I welcome His Excellency Mr. Y,
<title> of Z". Older records: "... agrees to extend an invitation under rule 39
... to Mr. X, <title>"; a letter from the representative of Z, then "to invite
that representative to participate"; "At the invitation of the President, Mr. Y
(Z) took a seat at the Council table". Nothing here is written for a particular
meeting.

>>> invitations_in(["In accordance with rule 39 of the Council's provisional rules of "
...     "procedure, I invite Mr. Jean-Pierre Lacroix, Under-Secretary-General for Peace "
...     "Operations, to participate in this meeting."])[0]["name"]
'Mr. Jean-Pierre Lacroix'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from normtrace.parse.sentences import sentences
from normtrace.parse.verbatim.procedure import split_states
from normtrace.parse.verbatim.speakers import TITLES

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
