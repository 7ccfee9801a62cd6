"""What the record says about a meeting, and the role a state's representative holds at it.

:class:`MeetingContext` is gathered once per document by
:func:`normtrace.actors.roles.meeting_context`; role resolution
(:mod:`normtrace.actors.roles`) and the corpus' speaker metadata
(:func:`normtrace.actors.corpus_loader.role_from_corpus_row`) both read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from normtrace.actors.invitations import Invitation
from normtrace.actors.reference import Reference


@dataclass
class MeetingContext:
    """What the record says about a meeting, gathered once per document."""

    symbol: str
    day: date | None
    members: dict[str, str] = field(default_factory=dict)
    members_source: str = ""
    representatives: dict[str, str] = field(default_factory=dict)
    president_state: str | None = None
    president_source: str = ""
    invitations: list[Invitation] = field(default_factory=list)
    corpus_speakers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def state_role(ref: Reference, ctx: MeetingContext, state_id: str) -> tuple[str, str]:
    """``(role, reason)`` of a state's representative at the meeting."""
    if ctx.day is None:
        return "unknown", "meeting date unknown, so Council membership cannot be checked"
    seat = ref.seat_on(state_id, ctx.day)
    name = ref.states[state_id].name
    if seat == "permanent":
        return "permanent_member", f"{name} holds a permanent seat"
    if seat == "elected":
        term = ref.term_of(state_id, ctx.day)
        span = f"{term.start.year}-{term.end.year}" if term else ""
        return "elected_member", f"{name} elected member (term {span})"
    status = ref.states[state_id].status
    return "non_member_state", f"{name} not on the Council on {ctx.day} ({status})"
