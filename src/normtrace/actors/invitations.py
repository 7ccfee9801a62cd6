"""Invitations in the President's words: who was invited, under which rule, with which title.

The record introduces every non-member under rule 37 (states) or rule 39
(officials, briefers), with name and title::

    In accordance with rule 39 of the Council's provisional rules of procedure,
    I invite the following briefers to participate in this meeting:
    Mr. Jean-Pierre Lacroix, Under-Secretary-General for Peace Operations; and ...

:func:`parse_invitations` reads them from text; :func:`classify_title` maps a
title to a role using the reference entities and a few title patterns.

>>> [i.name for i in parse_invitations(
...     "In accordance with rule 39 of the Council's provisional rules of procedure, I invite "
...     "Mr. Ghassan Salame, Special Representative of the Secretary-General, to participate "
...     "in this meeting.")]
['Mr. Ghassan Salame']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normtrace.actors.names import fold, join_hyphens, normalize_name
from normtrace.actors.reference import Reference

_RULE = re.compile(r"rule\s+(37|39)\b", re.IGNORECASE)
_INVITE = re.compile(
    r"\bI (?:also )?(?:would like to |should like to )?invite\b"
    # older records: "... agrees to extend an invitation under rule 39 ... to Mr. X, title."
    r"|\bextend (?:an )?invitations?\b[^.:]{0,160}?\bto"
    r"(?= (?:the following|Mr|Ms|Mrs|His|Her|Dr|Sir)\b)",
    re.IGNORECASE,
)
_PARTICIPATE = re.compile(
    r",?\s*to (?:participate|take part) in (?:this|the|today's|today’s) meeting", re.IGNORECASE
)
_FOLLOWING = re.compile(r"^\s*the following(?: briefers?| speakers?)?\b", re.IGNORECASE)
_REPRESENTATIVES = re.compile(r"^\s*the representatives? of\s+", re.IGNORECASE)
_WELCOME = re.compile(
    r"\bI welcome (?:(?:His|Her) Excellency )?(?P<item>(?:Mr|Ms|Mrs)\.\s[^.]{3,300}?)\.\s",
)
_ABBREVIATIONS = {"mr", "ms", "mrs", "dr", "st", "no", "sr", "jr", "gen", "lt", "col", "h.e"}
_PERSON_START = r"(?=(?:Mr|Ms|Mrs|Dr|His|Her|Sir|Dame|Dato|Professor)\b)"
_ITEM_SPLIT = re.compile(r";\s*(?:and\s+)?|,?\s+and\s+" + _PERSON_START + r"|,\s+" + _PERSON_START)

SECRETARIAT_TITLES = (
    r"\b(?:under|assistant)[- ]secretary[- ]general\b",
    r"\bdeputy secretary[- ]general\b",
    r"^(?:the )?secretary[- ]general(?: of the united nations)?$",
    r"\bspecial (?:representative|envoy|adviser|advisor|coordinator)\b.*\bsecretary[- ]general\b",
    r"\b(?:personal|executive) representative of the secretary[- ]general\b",
    r"\bhigh representative for disarmament\b",
    r"\bhigh commissioner for human rights\b",
    r"\bemergency relief coordinator\b",
    r"\bspecial coordinator for the middle east\b",
    r"\b(?:force commander|police commissioner|head of mission)\b",
)
NGO_TITLES = (
    r"\bcivil society\b",
    r"\bnon-?governmental\b",
    r"\bactivist\b",
    r"\bhuman rights defender\b",
)
_CAPACITY = re.compile(r"\b(?:in (?:his|her|their) capacity as|on behalf of)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Invitation:
    """One person or state invited to the table."""

    rule: int | None
    name: str
    title: str = ""
    state: str | None = None
    text: str = ""


def _sentence_end(text: str, start: int) -> int:
    for m in re.finditer(r"\.(?:\s+|$)", text[start:]):
        end = start + m.start()
        word = re.findall(r"[\w.]+$", text[:end])
        last = word[0].lower() if word else ""
        if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
            continue
        return end
    return len(text)


def _items(segment: str) -> list[str]:
    parts = [p.strip(" ,;:") for p in _ITEM_SPLIT.split(segment)]
    return [p for p in parts if p]


def _split_item(item: str) -> tuple[str, str]:
    name, _, title = item.partition(",")
    return name.strip(), title.strip(" ,")


def _invited_segment(text: str, start: int) -> tuple[str, int]:
    """The list of invitees after ``I invite`` at ``start`` and where it ends."""
    end_sentence = _sentence_end(text, start)
    sentence = text[start:end_sentence]
    stop = _PARTICIPATE.search(sentence)
    head = sentence[: stop.start()] if stop else sentence
    if _FOLLOWING.match(head):
        colon = text.find(":", start, start + 400)
        if colon >= 0:
            tail_end = _sentence_end(text, colon + 1)
            return text[colon + 1 : tail_end], tail_end
    return head, end_sentence


def parse_invitations(text: str) -> list[Invitation]:
    """Invitations made in ``text`` (a President's speech), in order."""
    text = join_hyphens(text)
    found: list[Invitation] = []
    for m in _INVITE.finditer(text):
        rules = _RULE.findall(text[max(0, m.start() - 160) : m.end()])
        rule = int(rules[-1]) if rules else None
        segment, _ = _invited_segment(text, m.end())
        rep = _REPRESENTATIVES.match(segment)
        if rep:
            for state in re.split(r",\s*(?:and\s+)?|\s+and\s+", segment[rep.end() :]):
                if state.strip():
                    found.append(Invitation(37, "", "", state.strip(" .,"), segment))
            continue
        for item in _items(segment):
            name, title = _split_item(item)
            found.append(Invitation(rule, name, title, None, item))
    for w in _WELCOME.finditer(text):
        name, title = _split_item(w["item"])
        found.append(Invitation(37, name, title, None, w["item"]))
    return found


def _patterns(ref: Reference, kind: str) -> list[tuple[str, str, str]]:
    """``(normalized name, id, original name)`` for entities or states, cached on ``ref``."""
    cached = ref.cache.get(f"patterns:{kind}")
    if isinstance(cached, list):
        return cached
    out: list[tuple[str, str, str]] = []
    if kind == "entity":
        for ent in ref.entities.values():
            if ent.id != "org:un":  # the corpus label "UN" matches every "United Nations"
                out += [(normalize_name(n), ent.id, n) for n in (ent.name, *ent.variants)]
    else:
        for st in ref.states.values():
            out += [(normalize_name(n), st.id, n) for n in (st.name, *st.variants)]
    ref.cache[f"patterns:{kind}"] = out
    return out


def _match_names(ref: Reference, title: str, kind: str) -> str | None:
    """The id whose name is the longest found in ``title``; short names must match exactly."""
    padded = f" {normalize_name(title)} "
    best: tuple[int, int, str] | None = None
    for norm, ident, original in _patterns(ref, kind):
        if len(norm) < 2:
            continue
        if len(norm) <= 5 and not re.search(rf"\b{re.escape(original)}\b", title):
            continue  # acronyms and short words (CARE, AU) only in their printed form
        pos = padded.find(f" {norm} ")
        if pos >= 0 and (best is None or (len(norm), -pos) > best[:2]):
            best = (len(norm), -pos, ident)
    return best[2] if best else None


def title_entity(ref: Reference, title: str) -> str | None:
    """The most specific entity named in ``title`` (longest name found), or ``None``."""
    return _match_names(ref, title, "entity")


def title_state(ref: Reference, title: str) -> str | None:
    """The state named in ``title`` (``Minister for Foreign Affairs of Mali`` → ``MLI``)."""
    return _match_names(ref, title, "state")


def classify_title(ref: Reference, title: str) -> tuple[str, str | None, str]:
    """``(role, entity id or None, reason)`` for an invitee's title; role ``unknown`` if unclear.

    A clause ``in his capacity as ...`` or ``on behalf of ...`` names the capacity
    in which the invitee speaks and is classified first.
    """
    capacity = _CAPACITY.search(title)
    if capacity:
        role, entity, reason = classify_title(ref, title[capacity.end() :])
        if role != "unknown":
            return role, entity, f"capacity clause: {reason}"
    entity = title_entity(ref, title)
    if entity is not None:
        return ref.entities[entity].role, entity, f"title names {ref.entities[entity].name}"
    spaced = re.sub(r"\s+", " ", fold(join_hyphens(title))).strip(" ,.")
    for rx in SECRETARIAT_TITLES:
        if re.search(rx, spaced):
            return "secretariat", None, f"Secretariat title ({title})"
    for rx in NGO_TITLES:
        if re.search(rx, spaced):
            return "ngo", None, f"civil-society title ({title})"
    return "unknown", None, f"title not recognized ({title})" if title else "no title given"
