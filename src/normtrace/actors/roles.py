"""Who speaks in what capacity: a role and an actor id for every speech, with evidence.

:func:`resolve_roles` is a pure function of a parsed document, the reference
data and the overrides. It uses the record first (the President's seat; the
page-1 members list; rule 37 and rule 39 invitations with titles; the corpus'
own speaker metadata), then the reference data (Council membership on the
date, persons and their posts). What it cannot establish stays ``unknown``
with the evidence it tried: nothing is guessed.

Roles: ``president``, ``permanent_member``, ``elected_member``,
``non_member_state`` (observer states included), ``secretariat``,
``un_entity``, ``igo``, ``ngo``, ``unknown``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from normtrace.actors.context import MeetingContext, state_role
from normtrace.actors.corpus_loader import role_from_corpus_row
from normtrace.actors.invitations import Invitation, classify_title, parse_invitations, title_state
from normtrace.actors.membership import presiding_state
from normtrace.actors.names import name_suffixes, normalize_name, person_key
from normtrace.actors.overrides import Overrides, RoleOverride
from normtrace.actors.reference import Person, Post, Reference, as_date
from normtrace.parse.model import Document, Speech

ALGORITHM = "actors.roles.v1"
_PRESIDENT = re.compile(r"^(?:the|mr\.?|madam|mme\.?)?\s*president$", re.IGNORECASE)
_SG = re.compile(r"^the (deputy )?secretary[- ]general$", re.IGNORECASE)
_PAREN = re.compile(r"\s*\([^)]*\)")
_CAPACITY_STATE = re.compile(
    r"in my capacity as (?:the )?(?:representative|[A-Z][\w ,]{0,80}?) of (?:the )?"
    r"(?P<state>[A-Z][\w' ,-]{2,60}?)[.,;]"
)
_FUZZY_MIN = 90
_STATE_OFFICE = re.compile(
    r"\b(?:Minister|Ambassador|Permanent Representative|Prime Minister|President of the Republic"
    r"|Head of State|Vice-President|Secretary of State)\b"
)


@dataclass(frozen=True)
class SpeechRole:
    """The resolved role of one speech and the evidence behind it."""

    speech_key: str
    document: str
    speaker: str
    role: str
    actor: str | None
    presiding_state: str | None = None
    method: str = "unresolved"
    evidence: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        """A role other than ``unknown`` was established."""
        return self.role != "unknown"


def resolve_roles(
    document: Document,
    reference: Reference,
    overrides: Overrides | None = None,
    *,
    day: str | date | None = None,
) -> list[SpeechRole]:
    """Resolve the role and actor of every speech of ``document``.

    Args:
        document: a parsed meeting record (``verbatim`` or ``corpus_meeting``).
        reference: reference data (:func:`normtrace.actors.reference.load_reference`).
        overrides: a project's fixes (:func:`normtrace.actors.overrides.load_overrides`).
        day: the meeting date when the document does not carry one (corpus files).

    Returns:
        One :class:`SpeechRole` per speech, in order.

    >>> from normtrace.actors.reference import load_reference
    >>> doc = Document("S/PV.8703", "corpus_meeting", "test", date="2020-01-15",
    ...     speeches=(Speech("S/PV.8703/s004", 4, "Mr. Abarry", "...", affiliation="Niger"),))
    >>> resolve_roles(doc, load_reference())[0].role
    'elected_member'
    """
    ctx = meeting_context(document, reference, day)
    ov = overrides or Overrides()
    return [_resolve(speech, document, ctx, reference, ov) for speech in document.speeches]


def meeting_context(
    document: Document, reference: Reference, day: str | date | None = None
) -> MeetingContext:
    """Collect date, members, President and invitations from the record."""
    meta = document.meta or {}
    raw_day = day or document.date or meta.get("date")
    ctx = MeetingContext(document.symbol, as_date(raw_day) if raw_day else None)
    ctx.corpus_speakers = meta.get("speakers") or {}
    _members_from_record(ctx, meta, reference)
    _president_from_record(ctx, meta, document, reference)
    ctx.invitations = _record_invitations(meta) + [
        inv for s in document.speeches if _is_president(s) for inv in parse_invitations(s.text)
    ]
    return ctx


def _members_from_record(ctx: MeetingContext, meta: Mapping[str, Any], ref: Reference) -> None:
    listed = meta.get("members") or []
    for item in listed:
        state = ref.state(str(item.get("state") or ""), ctx.day)
        if state is None:
            continue
        ctx.members[state.id] = (ref.seat_on(state.id, ctx.day) if ctx.day else None) or "member"
        if item.get("representative"):
            ctx.representatives[person_key(str(item["representative"]))] = state.id
    if ctx.members:
        ctx.members_source = "record page 1"
    elif ctx.day is not None:
        ctx.members = ref.members_on(ctx.day)
        ctx.members_source = f"reference membership on {ctx.day.isoformat()}"


def _president_from_record(
    ctx: MeetingContext, meta: Mapping[str, Any], document: Document, ref: Reference
) -> None:
    president = meta.get("president") or {}
    state = ref.state(str(president.get("state") or ""), ctx.day) if president else None
    if state is not None:
        ctx.president_state, ctx.president_source = state.id, "record page 1"
        return
    for speech in document.speeches:
        m = _CAPACITY_STATE.search(speech.text) if _is_president(speech) else None
        found = ref.state(m["state"], ctx.day) if m else None
        if found is not None:
            ctx.president_state = found.id
            ctx.president_source = f"President's words: {m.group(0) if m else ''!r}"
            return
    if ctx.day is not None:
        derived = presiding_state(ref, ctx.day.year, ctx.day.month)
        if derived:
            ctx.president_state = derived
            ctx.president_source = "derived from rule 18 rotation and membership"


def _record_invitations(meta: Mapping[str, Any]) -> list[Invitation]:
    out = []
    for inv in meta.get("invitations") or []:
        rule = inv.get("rule")
        out.append(
            Invitation(
                int(rule) if rule else None,
                str(inv.get("name") or ""),
                str(inv.get("title") or ""),
                inv.get("entity") if rule == 37 else None,
                str(inv.get("text") or ""),
            )
        )
    return out


def _is_president(speech: Speech) -> bool:
    if speech.is_president:
        return True
    return bool(_PRESIDENT.match(_PAREN.sub("", speech.speaker).strip()))


def _label(speech: Speech) -> str:
    return _PAREN.sub("", speech.speaker).strip()


def _resolve(
    speech: Speech, doc: Document, ctx: MeetingContext, ref: Reference, ov: Overrides
) -> SpeechRole:
    base = SpeechRole(speech.key, doc.symbol, speech.speaker, "unknown", None)
    override = ov.speeches.get(speech.key) or ov.for_speaker(_label(speech), doc.symbol)
    if override is not None:
        return _from_override(base, override, ov)
    evidence: list[str] = []
    for step in (_by_corpus_meta, _by_president, _by_affiliation, _by_secretary_general):
        found = step(base, speech, ctx, ref, evidence)
        if found is not None:
            return found
    for name_step in (_by_invitation, _by_representative, _by_person, _by_post_title):
        found = name_step(base, speech, ctx, ref, evidence)
        if found is not None:
            return found
    return _done(base, "unknown", None, "unresolved", evidence + ["no rule applied"])


def _done(
    base: SpeechRole,
    role: str,
    actor: str | None,
    method: str,
    evidence: list[str],
    presiding: str | None = None,
) -> SpeechRole:
    return SpeechRole(
        base.speech_key,
        base.document,
        base.speaker,
        role,
        actor,
        presiding,
        method,
        tuple(evidence),
    )


def _from_override(base: SpeechRole, o: RoleOverride, ov: Overrides) -> SpeechRole:
    note = f"override from {ov.path or 'overrides'}" + (f": {o.note}" if o.note else "")
    return _done(base, o.role, o.actor, "override", [note], o.presiding_state)


def _by_president(
    base: SpeechRole, speech: Speech, ctx: MeetingContext, ref: Reference, ev: list[str]
) -> SpeechRole | None:
    if not _is_president(speech):
        return None
    state = ctx.president_state
    why = (
        f"presiding state {state} ({ctx.president_source})" if state else "presiding state unknown"
    )
    return _done(base, "president", state, "president", [f"speaker {speech.speaker!r}", why], state)


def _by_corpus_meta(
    base: SpeechRole, speech: Speech, ctx: MeetingContext, ref: Reference, ev: list[str]
) -> SpeechRole | None:
    row = ctx.corpus_speakers.get(speech.key)
    if not row:
        return None
    found = role_from_corpus_row(row, ctx, ref)
    if found is None:
        ev.append(f"corpus metadata {dict(row)} not conclusive")
        return None
    role, actor, reason = found
    presiding = actor if role == "president" else None
    return _done(base, role, actor, "corpus_metadata", [reason], presiding)


def _by_affiliation(
    base: SpeechRole, speech: Speech, ctx: MeetingContext, ref: Reference, ev: list[str]
) -> SpeechRole | None:
    aff = (speech.affiliation or "").strip()
    if not aff:
        return None
    state = ref.state(aff, ctx.day)
    how = "affiliation"
    if state is None:
        state = _fuzzy_state(ref, aff)
        how = "affiliation (approximate spelling)"
    if state is not None:
        role, why = state_role(ref, ctx, state.id)
        said = [f"{how} {aff!r} → {state.id}", why]
        if ctx.members_source == "record page 1":
            listed = state.id in ctx.members
            said.append("listed on page 1" if listed else "not among the members on page 1")
        return _done(base, role, state.id, how, said)
    entity = ref.entity(aff)
    if entity is not None:
        why = f"affiliation {aff!r} → {entity.id} ({entity.role})"
        return _done(base, entity.role, entity.id, "affiliation", [why])
    role, named, why = classify_title(ref, aff)  # e.g. "Observer of the African Union"
    if role != "unknown":
        return _done(base, role, named, "affiliation", [f"affiliation {aff!r}: {why}"])
    state_id = title_state(ref, aff)  # e.g. "Observer of Palestine"
    if state_id is not None:
        role, why = state_role(ref, ctx, state_id)
        return _done(
            base, role, state_id, "affiliation", [f"affiliation {aff!r} names {state_id}", why]
        )
    ev.append(f"affiliation {aff!r} matches no state or entity")
    return None


def _fuzzy_state(ref: Reference, name: str) -> Any:
    key = normalize_name(name)
    best = max(ref.state_names(), key=lambda kv: fuzz.ratio(key, kv[0]))
    if fuzz.ratio(key, best[0]) >= _FUZZY_MIN:
        return ref.states[best[1]]
    return None


def _by_secretary_general(
    base: SpeechRole, speech: Speech, ctx: MeetingContext, ref: Reference, ev: list[str]
) -> SpeechRole | None:
    m = _SG.match(_label(speech))
    if not m:
        return None
    post = "Deputy Secretary-General" if m.group(1) else "Secretary-General"
    holder = post_holder(ref, post, ctx.day) if ctx.day else None
    why = f"{post} on {ctx.day}: {holder.id if holder else 'not in the reference data'}"
    return _done(base, "secretariat", holder.id if holder else None, "post", [why])


def post_holder(ref: Reference, post: str, day: date) -> Person | None:
    """The person holding exactly ``post`` (case-insensitive) on ``day``, if one."""
    want = normalize_name(post)
    hits = [
        p
        for p in ref.persons.values()
        if any(normalize_name(x.post) == want and x.active_on(day) for x in p.posts)
    ]
    return hits[0] if len(hits) == 1 else None


def _matches(label_key: str, name: str) -> bool:
    return bool(label_key) and label_key in name_suffixes(person_key(name))


def _by_invitation(
    base: SpeechRole, speech: Speech, ctx: MeetingContext, ref: Reference, ev: list[str]
) -> SpeechRole | None:
    key = person_key(_label(speech))
    hits = [inv for inv in ctx.invitations if inv.name and _matches(key, inv.name)]
    known = {person_key(inv.name) for inv in hits}
    if len(known) > 1:
        ev.append(f"several invitees match {speech.speaker!r}: {sorted(known)}")
        return None
    for inv in hits:
        found = _from_invitation(base, inv, ctx, ref, ev)
        if found is not None:
            return found
    return None


def _from_invitation(
    base: SpeechRole, inv: Invitation, ctx: MeetingContext, ref: Reference, ev: list[str]
) -> SpeechRole | None:
    said = f"invited under rule {inv.rule}: {inv.name}, {inv.title}".rstrip(", ")
    role, entity, why = classify_title(ref, inv.title)
    state_id = _invitee_state(ref, inv) if inv.rule == 37 or role == "unknown" else None
    if state_id is not None:
        role, why = state_role(ref, ctx, state_id)
        return _done(base, role, state_id, "invitation", [said, why])
    if role == "unknown":
        ev.append(f"{said} ({why})")
        return None
    person = _person_at(ref, inv.name, ctx.day)
    actor = person.id if person else (entity or minted_person_id(inv.name))
    note = "person in reference data" if person else "person not in reference data"
    return _done(base, role, actor, "invitation", [said, why, note])


def _invitee_state(ref: Reference, inv: Invitation) -> str | None:
    """The state an invitee represents: a rule-37 invitation, or a state office in the title."""
    if inv.rule == 37 or _STATE_OFFICE.search(inv.title):
        found = title_state(ref, inv.title)
        if found is not None:
            return found
    named = ref.state(inv.state) if inv.rule == 37 and inv.state else None
    return named.id if named else None


def minted_person_id(name: str) -> str:
    """A stable actor id for a person known only from the record (``person:record:...``)."""
    return "person:record:" + person_key(name).replace(" ", "-")


def _person_at(ref: Reference, name: str, day: date | None) -> Person | None:
    people = ref.persons_named(name)
    if day is not None:
        people = [p for p in people if p.posts_on(day)]
    return people[0] if len(people) == 1 else None


_TITLE_LABEL = re.compile(
    r"^the\s+(?P<title>.*\b(?:secretary|representative|envoy|commissioner|"
    r"coordinator|adviser|advisor|director|chair|president|head|commander)\b.*)$",
    re.IGNORECASE,
)


def _by_post_title(
    base: SpeechRole, speech: Speech, ctx: MeetingContext, ref: Reference, ev: list[str]
) -> SpeechRole | None:
    """A speaker printed by title (``The Under-Secretary-General for Peacekeeping Operations``)."""
    m = _TITLE_LABEL.match(_label(speech))
    if not m or ctx.day is None:
        return None
    title = m["title"]
    want = normalize_name(title)
    invited = [i for i in ctx.invitations if i.title and normalize_name(i.title).startswith(want)]
    if len({person_key(i.name) for i in invited}) == 1:
        return _from_invitation(base, invited[0], ctx, ref, ev)
    holder = post_holder(ref, title, ctx.day)
    if holder is not None:
        post = next(p for p in holder.posts_on(ctx.day) if normalize_name(p.post) == want)
        return _from_post(base, holder, post, ctx, ref)
    role, entity, why = classify_title(ref, title)
    if role != "unknown":
        return _done(base, role, entity, "title", [f"speaker printed by title: {why}"])
    ev.append(f"title {title!r}: no unique holder on {ctx.day}")
    return None


def _by_representative(
    base: SpeechRole, speech: Speech, ctx: MeetingContext, ref: Reference, ev: list[str]
) -> SpeechRole | None:
    state_id = ctx.representatives.get(person_key(_label(speech)))
    if state_id is None:
        return None
    role, why = state_role(ref, ctx, state_id)
    said = f"{speech.speaker!r} listed for {state_id} on page 1"
    return _done(base, role, state_id, "members_list", [said, why])


def _by_person(
    base: SpeechRole, speech: Speech, ctx: MeetingContext, ref: Reference, ev: list[str]
) -> SpeechRole | None:
    people = ref.persons_named(_label(speech))
    if not people:
        ev.append(f"no person in the reference data is called {_label(speech)!r}")
        return None
    if ctx.day is None:
        ev.append("meeting date unknown: cannot tell which post a person held")
        return None
    active = [(p, posts) for p in people if (posts := p.posts_on(ctx.day))]
    if len(active) != 1:
        names = [p.id for p, _ in active] or [p.id for p in people]
        ev.append(f"{len(active)} persons called {_label(speech)!r} in post on {ctx.day}: {names}")
        return None
    person, posts = active[0]
    return _from_post(base, person, posts[0], ctx, ref)


def _from_post(
    base: SpeechRole, person: Person, post: Post, ctx: MeetingContext, ref: Reference
) -> SpeechRole:
    said = f"{person.id}: {post.post} ({post.organisation}, {post.confidence} confidence dates)"
    if post.role == "state":
        role, why = state_role(ref, ctx, post.organisation)
        return _done(base, role, person.id, "person", [said, why])
    return _done(base, post.role, person.id, "person", [said, "no invitation found in the record"])
