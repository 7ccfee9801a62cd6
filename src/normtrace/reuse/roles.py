"""Who a unit speaks for: the role used by provenance, first appearance and the case aggregate.

Speeches take the role the actors stage recorded (``speech_roles``:
president, permanent_member, elected_member, non_member_state, secretariat,
un_entity, igo, ngo, unknown). Document paragraphs take a role from the
document type (:func:`unit_role`):

====================  ==========================================================
resolution            ``resolution``
report                ``secretariat`` (S/yyyy/nnn reports of the Secretary-General); a
                      report whose title names the Council's own authors is theirs:
                      ``council_mission`` ("Report of the Security Council mission to
                      Haiti"), ``council_body`` (a Council committee, panel, group of
                      experts or monitoring group) — both of origin ``other``, never the
                      Secretariat's
prst                  ``presidential_statement``
letter                ``letter``
anything else         ``other``
====================  ==========================================================

The case aggregate groups roles into five origins plus ``other``
(:func:`origin_category`).

>>> unit_role("paragraph", "report", None), unit_role("speech", "verbatim", "ngo")
('secretariat', 'ngo')
>>> document_role("report", "Report of the Security Council mission to Haiti, 13 to 16 April 2005")
'council_mission'
>>> origin_category("elected_member"), origin_category("resolution")
('state', 'resolution')
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

_DOCUMENT_ROLES = {
    "resolution": "resolution",
    "report": "secretariat",
    "prst": "presidential_statement",
    "letter": "letter",
}
_CATEGORIES = {
    "secretariat": "secretariat",
    "president": "state",
    "permanent_member": "state",
    "elected_member": "state",
    "non_member_state": "state",
    "ngo": "ngo",
    "resolution": "resolution",
}
CATEGORIES = ("secretariat", "state", "ngo", "resolution", "other", "none")


#: a report's title naming the Council's own authors (not the Secretary-General)
_COUNCIL_MISSION = re.compile(r"\bSecurity\s+Council\s+mission\b", re.IGNORECASE)
_COUNCIL_BODY = re.compile(
    r"\b(?:Security\s+Council\s+Committee|Panel\s+of\s+Experts|Group\s+of\s+Experts"
    r"|Monitoring\s+(?:Group|Team)|Security\s+Council\s+Working\s+Group)\b",
    re.IGNORECASE,
)


def document_role(doc_type: str | None, title: str | None = None) -> str:
    """The role of a document's paragraphs: by its type, except a "report" whose title names
    a Security Council mission or a Council body as its author (see the module docstring)."""
    if doc_type == "report" and title:
        if "Secretary-General" not in title and _COUNCIL_MISSION.search(title):
            return "council_mission"
        if "Secretary-General" not in title and _COUNCIL_BODY.search(title):
            return "council_body"
    return _DOCUMENT_ROLES.get(doc_type or "", "other")


def unit_role(
    unit_type: str, doc_type: str | None, speech_role: str | None, title: str | None = None
) -> str:
    """The role of a unit: the speech's recorded role, or its document's
    (:func:`document_role`, by type and title)."""
    if unit_type == "speech" or speech_role:
        return speech_role or "unknown"
    return document_role(doc_type, title)


def origin_category(role: str | None) -> str:
    """Secretariat, state, ngo, resolution or other (``none`` when there is no role)."""
    if role is None:
        return "none"
    return _CATEGORIES.get(role, "other")


@dataclass(frozen=True)
class UnitInfo:
    """What provenance reports about a unit besides its text."""

    key: str
    date: str | None
    document: str
    role: str
    order: int = 0
    actor: str | None = None
    speaker: str | None = None
    doc_type: str | None = None
    #: the unit is a speech (a debate), not a paragraph of a document
    speech: bool = False

    def sort_key(self) -> tuple[str, int, str]:
        """Earlier units sort first (date, order in document, key; undated last)."""
        return (self.date or "9999-12-31", self.order, self.key)

    def to_dict(self) -> dict[str, Any]:
        """The facts as a JSON-able dict."""
        return asdict(self)
