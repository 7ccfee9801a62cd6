"""Which mission and agenda item a resolution belongs to, and how two documents relate.

Lineage stays within a mission: a renewal's predecessor is the same mission's
earlier resolution, and another mission's resolution with the same formula is
a *parallel* source, not a link of the chain. A resolution's :class:`Mandate`
holds

* ``mission``: the acronym whose mandate the resolution decides — it
  establishes it (``Decides to establish the ... Mission in Mali (MINUSMA)``)
  or extends or renews it, its mandate or its deployment (``Decides to extend the mandate of
  MONUSCO``, ``Decides to extend the deployment of MONUC``, ``... the mandate and capacity of
  MONUC``, ``Decides to extend UNSOM's mandate``, ``Decides to extend UNAMA for ...``): a
  decision's verb, never a noun or a gerund (``concerning the renewal of the mandates of ONUB``)
  nor a recital (``Recalling its previous resolutions extending ... the mandate of UNAMA``);
  when several, the one the text names most often; ``None`` for a resolution
  that decides no mandate (a sanctions resolution naming MONUSCO eleven times
  is not a MONUSCO mandate);
* ``agenda``: the topic of the adopting meeting in the meeting index
  (``Democratic Republic of the Congo``), normalized so the index's spellings
  across years agree.

:func:`relation` names how a source unit relates to a resolution: the same
mission, the same agenda item (a resolution of the item that decides no or
another mandate of it), another mission, the Secretariat, a speech, or other.

>>> text = ("Decides to establish the United Nations Multidimensional Integrated "
...         "Stabilization Mission in Mali (MINUSMA); requests MINUSMA and AFISMA to ...")
>>> mission_of(text)
'MINUSMA'
>>> mission_of("Decides to extend the mandate of MONUSCO until 31 March 2015 ...")
'MONUSCO'
>>> mission_of("Decides to extend the deployment of MONUC until 31 December 2009 ...")
'MONUC'
>>> mission_of("Demands that the FDLR disarm; encourages MONUSCO to support ...") is None
True
>>> normalize_agenda("The situation concerning the Democratic Republic of the Congo")
'democratic republic of the congo'
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from normtrace.actors.meetings_index import MeetingEntry, load_index
from normtrace.store.db import Store

_ACRONYM = r"([A-Z][A-Z-]{2,9})"
#: what a decision extends of a mission: its mandate(s) or its deployment, alone or with one
#: more thing of it ("the mandate and capacity of MONUC", "the mandate and personnel strength
#: of MONUC"); never its strength alone ("the increase in the ... strength of MONUC")
_EXTENDED = r"(?:mandates?|deployment)(?:\s+and\s+(?:[a-z]+\s+)?[a-z]+)?"
#: a mission's full name before its acronym ("the United Nations Operation in Côte d'Ivoire (")
_NAME = r"(?:[A-Z][\w\s,'’-]{0,150}?\()?"
#: the decision's verb, never a noun or gerund ("concerning the renewal of the mandates of ONUB",
#: "before renewing UNAMID's mandate" decide nothing)
_EXTENDS = r"\b(?:extend|renew|prolong)(?:s|ed)?\b"
_DECIDES = (
    # "extend the mandate of MONUSCO", "extend until 31 March 2016 the mandate of MONUSCO",
    # "extend the deployment of MONUC", "extend the mandate and capacity of MONUC", "renew the
    # mandates of the United Nations Operation in Côte d'Ivoire (UNOCI)"
    re.compile(
        _EXTENDS + r"[^.;]{0,60}?\b" + _EXTENDED + r"\s+of\s+(?:the\s+)?" + _NAME + _ACRONYM + r"\b"
    ),
    # "extend UNSOM's mandate"
    re.compile(_EXTENDS + r"\s+(?:the\s+)?" + _ACRONYM + r"['’]s\s+mandate\b"),
    # the mission itself: "extend UNAMA for an additional period of 12 months"
    re.compile(_EXTENDS + r"\s+(?:the\s+)?" + _NAME + _ACRONYM + r"\)?\s+(?:for|until|through)\b"),
    # "the mandate of MINUSTAH ... until", "MINUSTAH's mandate until"
    re.compile(r"\bmandate\s+of\s+(?:the\s+)?" + _ACRONYM + r"\s+(?:[^.;]{0,80}?)\buntil\b"),
    # a decision giving the mission its mandate: "Decides that UNOCI shall have the following
    # mandate", "Decides that, in order to support the parties ..., UNOCI shall have the
    # following mandate from the date of adoption" (a renewal that restates its task list
    # without "extend": 1609, 1739, 1933 were no mission's)
    re.compile(
        r"\bthat(?:\s*,[^.;]{0,150}?,)?\s+(?:the\s+)?"
        + _NAME
        + _ACRONYM
        + r"\)?\s+shall(?:\s*,[^.;]{0,150}?,)?\s+have\s+the\s+(?:following\s+)?mandate\b"
    ),
    # "Decides to establish the United Nations ... Mission in Mali (MINUSMA)"
    re.compile(r"\bestablish\w*\s+(?:a|the)\s+[A-Z][^.;()]{0,200}\(" + _ACRONYM + r"\)"),
    # "Decides to establish, as of 20 May 2002 and for an initial period of 12 months, a United
    # Nations Mission of Support in East Timor (UNMISET)"; "Decides to establish a follow-on
    # mission in Timor-Leste, the United Nations Integrated Mission in Timor-Leste (UNMIT)"
    re.compile(
        r"\b(?:[Dd]ecides\s+to\s+establish|establishes)\b[^.;()]{0,120}?\b(?:a|an|the)\s+[A-Z]"
        r"(?:(?!\b(?:from|to)\s+the\b)[^.;()]){0,200}\(" + _ACRONYM + r"\)"
    ),
)
_AGENDA_PREFIX = re.compile(
    r"^(?:the\s+)?(?:situation|question)\s+(?:concerning|in|on|of|regarding)\s+(?:the\s+)?",
    re.IGNORECASE,
)
RELATIONS = (
    "same_mission",
    "same_agenda",
    "other_mission",
    "unknown",
    "secretariat",
    "speech",
    "other",
)
_SPEECH_ROLES = frozenset(
    {
        "president",
        "permanent_member",
        "elected_member",
        "non_member_state",
        "un_entity",
        "igo",
        "ngo",
        "unknown",
    }
)


@dataclass(frozen=True)
class Mandate:
    """A resolution's mission (acronym or None) and agenda item (normalized topic or None)."""

    mission: str | None
    agenda: str | None

    @property
    def known(self) -> bool:
        """Whether anything places the resolution in a family."""
        return self.mission is not None or self.agenda is not None


@functools.lru_cache(maxsize=8192)
def mission_of(text: str) -> str | None:
    """The mission whose mandate ``text`` establishes, extends or renews (see module doc).

    Kept per text (a pure function of it): a case's trace asks for the same resolutions'
    missions once per look-up table it builds (12,239 times for the four bundled cases).
    """
    decided = Counter(m.group(1) for rx in _DECIDES for m in rx.finditer(text))
    decided.pop("MANDATE", None)
    if not decided:
        return None
    mentions = {a: len(re.findall(rf"\b{re.escape(a)}\b", text)) for a in decided}
    return max(decided, key=lambda a: (mentions[a], decided[a], a))


def normalize_agenda(topic: str) -> str:
    """A meeting-index topic in one spelling (lower case, no ``The situation concerning``)."""
    low = re.sub(r"\s+", " ", topic).strip()
    low = _AGENDA_PREFIX.sub("", low)
    return low.lower().rstrip(" .")


@functools.cache
def _agenda_table() -> dict[str, str]:
    return agenda_by_outcome(load_index())


def agenda_by_outcome(entries: Iterable[MeetingEntry]) -> dict[str, str]:
    """Outcome symbol (``S/RES/2098 (2013)``) → normalized topic of the adopting meeting."""
    out: dict[str, str] = {}
    for e in entries:
        if not e.topics:
            continue
        for symbol in e.outcomes:
            out.setdefault(symbol, normalize_agenda(e.topics[0]))
    return out


def agenda_of(symbol: str) -> str | None:
    """The normalized agenda item of the meeting that adopted ``symbol`` (bundled index)."""
    return _agenda_table().get(symbol)


def mandate_of(symbol: str, text: str) -> Mandate:
    """The mandate family of resolution ``symbol`` whose full text is ``text``."""
    return Mandate(mission_of(text), agenda_of(symbol))


MandateOf = Callable[[str], Mandate | None]


def family_relation(
    target: Mandate | None, source: Mandate | None, successions: Mapping[str, str] | None = None
) -> str:
    """The one rule of whether two documents' families are one: ``same_mission`` (one mission,
    or one precedes the other in ``successions``: :func:`same_family`), ``same_agenda`` (one
    agenda item), ``other_mission`` (they differ in a mission or agenda item both name), or
    ``unknown`` (nothing both name tells: a resolution that decides no mandate and a report on a
    mission, or a family not known at all). The lineage, ``provenance``, ``secretariat`` and
    ``aggregate`` all decide within or other by it (:func:`relation`, :func:`report_relation`).

    >>> m = Mandate("UNNEW", "syntheticland")
    >>> family_relation(m, Mandate("UNOLD", None), {"UNNEW": "UNOLD"})
    'same_mission'
    >>> far, item = Mandate("UNFAR", None), Mandate(None, "syntheticland")
    >>> family_relation(m, item), family_relation(m, far)
    ('same_agenda', 'other_mission')
    >>> report = Mandate("UNNEW", None)  # a report names a mission, no agenda item
    >>> family_relation(report, item), family_relation(None, m)
    ('unknown', 'unknown')
    """
    if target is None or source is None:
        return "unknown"
    missions = target.mission is not None and source.mission is not None
    if missions and same_family(target.mission or "", source.mission or "", successions or {}):
        return "same_mission"
    agendas = target.agenda is not None and source.agenda is not None
    if agendas and target.agenda == source.agenda:
        return "same_agenda"
    return "other_mission" if missions or agendas else "unknown"


def relation(
    target: Mandate | None,
    source: Mandate | None,
    source_role: str,
    successions: Mapping[str, str] | None = None,
) -> str:
    """How a source unit of role ``source_role`` relates to a document of ``target`` (a
    resolution's mandate, or a report's: :func:`report_mandate`); a resolution source by
    :func:`family_relation`, the one rule.

    >>> m, a = Mandate("MINUSCA", "central african republic"), Mandate("MINUSMA", "mali")
    >>> relation(m, m, "resolution"), relation(m, a, "resolution")
    ('same_mission', 'other_mission')
    >>> relation(m, Mandate(None, "central african republic"), "resolution")
    'same_agenda'
    >>> relation(m, None, "secretariat"), relation(m, None, "elected_member")
    ('secretariat', 'speech')
    >>> relation(None, m, "resolution")
    'unknown'
    """
    if source_role == "secretariat":
        return "secretariat"
    if source_role in _SPEECH_ROLES:
        return "speech"
    if source_role != "resolution":
        return "other"
    return family_relation(target, source, successions)


_DEFINED = re.compile(r"\(" + _ACRONYM + r"\)")
_WORD = re.compile(r"[\w'’-]+")
#: the fewest words of a mission's name a report's title must hold (not "the United Nations")
_NAME_WORDS = 3


def report_mission(title: str | None, text: str) -> str | None:
    """The mission a report is about: the acronym the report's own text defines
    (``... the United Nations Iraq-Kuwait Observation Mission (UNIKOM)``) for a name its
    ``title`` holds (at least three words of the name just before the parenthesis; the longest
    such name wins, then the acronym the text names most), else an acronym the title itself
    gives in parentheses; None when the title names no mission so defined (a thematic report,
    a report on a country).

    >>> text = ("the United Nations Iraq-Kuwait Observation Mission (UNIKOM) ... the United "
    ...         "Nations Team (UNCT) ... the United Nations Mission in Syntheticland (UNMIS)")
    >>> report_mission("Report of the Secretary-General on the activities of the United Nations "
    ...                "Iraq-Kuwait Observation Mission (for the period ...)", text)
    'UNIKOM'
    >>> report_mission("Report of the Secretary-General on the situation in Syntheticland", text)
    >>> report_mission("Report of the Secretary-General on MONUSCO (MONUSCO)", "")
    'MONUSCO'
    """
    if not title:
        return None
    low = " " + " ".join(_WORD.findall(title.lower())) + " "
    best: dict[str, int] = {}
    for m in _DEFINED.finditer(text):
        words = _WORD.findall(text[max(0, m.start() - 200) : m.start()].lower())
        held = 0
        for n in range(_NAME_WORDS, len(words) + 1):
            if " " + " ".join(words[-n:]) + " " not in low:
                break
            held = n
        if held:
            best[m.group(1)] = max(best.get(m.group(1), 0), held)
    if best:
        return max(best, key=lambda a: (best[a], len(re.findall(rf"\b{re.escape(a)}\b", text)), a))
    own = _DEFINED.search(title)
    return own.group(1) if own else None


def report_missions(store: Store) -> Callable[[str], str | None]:
    """Look-up of the mission each stored report is on (:func:`report_mission` of its current
    title and paragraphs), read on first use and cached."""
    cache: dict[str, str | None] = {}

    def mission(symbol: str) -> str | None:
        if symbol not in cache:
            row = store.conn.execute(
                "SELECT id, title FROM documents WHERE symbol = ? AND is_current = 1 "
                "ORDER BY id DESC LIMIT 1",
                (symbol,),
            ).fetchone()
            rows = store.conn.execute(
                "SELECT text FROM paragraphs WHERE document_id = ? ORDER BY ord",
                (row["id"] if row else -1,),
            ).fetchall()
            text = "\n".join(r["text"] or "" for r in rows)
            cache[symbol] = report_mission(row["title"] if row else None, text)
        return cache[symbol]

    return mission


def same_family(a: str, b: str, successions: Mapping[str, str]) -> bool:
    """Whether missions ``a`` and ``b`` are one, or one precedes the other in ``successions``
    (:func:`~normtrace.reuse.lineage.mission_successions`, followed through every step).

    >>> same_family("UNOLD", "UNNEW", {"UNNEW": "UNMID", "UNMID": "UNOLD"})
    True
    >>> same_family("UNOLD", "UNFAR", {"UNNEW": "UNOLD"})
    False
    """
    for start, other in ((a, b), (b, a)):
        seen = {start}
        while start != other and start in successions and successions[start] not in seen:
            start = successions[start]
            seen.add(start)
        if start == other:
            return True
    return False


def report_relation(
    target: Mandate | None, mission: str | None, successions: Mapping[str, str] | None = None
) -> str:
    """How a Secretary-General report on ``mission`` (:func:`report_mission`) relates to a
    resolution of ``target``: ``same_mission``, ``other_mission``, or ``unknown`` (the report
    names no mission, or the resolution decides none). The same mission is the resolution's
    own or, by the lineage's one rule, a predecessor or successor of it
    (:func:`~normtrace.reuse.lineage.mission_successions`: a MONUC report for a MONUSCO
    renewal when the project's resolutions place MONUC before MONUSCO under one agenda item);
    a mission the successions do not join is another mission.

    >>> m = Mandate("UNMIT", "timor-leste")
    >>> report_relation(m, "UNMIT"), report_relation(m, "UNIKOM"), report_relation(m, None)
    ('same_mission', 'other_mission', 'unknown')
    >>> report_relation(Mandate("UNNEW", None), "UNOLD", {"UNNEW": "UNOLD"})
    'same_mission'
    """
    if target is None or target.mission is None:
        return "unknown"
    return family_relation(target, report_mandate(mission), successions)


def report_mandate(mission: str | None) -> Mandate | None:
    """The family of a Secretary-General report on ``mission`` (:func:`report_mission`): that
    mission and no agenda item (the meeting index dates no report); None when it names none."""
    return Mandate(mission, None) if mission is not None else None


def mission_note(source: str | None, same: bool | None, mission: str | None) -> str:
    """The note a rendered passage carries on its report's mission ``source`` (``same``: its
    ``same_mission``) for a resolution of ``mission``: another mission's, or a predecessor's or
    successor's, both acronyms named; nothing for the mission's own or an unknown one.

    >>> mission_note("UNOLD", True, "UNNEW"), mission_note("UNFAR", False, "UNNEW")
    (' [same mission: UNOLD, predecessor or successor of UNNEW]', ' [other mission: UNFAR]')
    >>> mission_note("UNNEW", True, "UNNEW"), mission_note(None, None, "UNNEW")
    ('', '')
    """
    if same is False:
        return f" [other mission: {source}]"
    if same and source != mission:
        return f" [same mission: {source}, predecessor or successor of {mission}]"
    return ""


class MissionReports:
    """The mission of each stored report (:func:`report_missions`) and its relation to a
    resolution (:func:`report_relation` with the project's ``successions``,
    :func:`normtrace.reuse.lineage.mission_successions`)."""

    def __init__(self, store: Store, successions: Mapping[str, str]) -> None:
        self.mission = report_missions(store)
        self.successions = successions

    def relation(self, target: Mandate | None, report: str) -> str:
        """:func:`report_relation` of a resolution of ``target`` and the report ``report``."""
        return report_relation(target, self.mission(report), self.successions)
