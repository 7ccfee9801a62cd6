"""Who a unit speaks for: the role used by provenance, first appearance and the case aggregate.

Speeches take the role the actors stage recorded (``speech_roles``:
president, permanent_member, elected_member, non_member_state, secretariat,
un_entity, igo, ngo, unknown). Document paragraphs take a role from the
document type (:func:`unit_role`):

====================  ==========================================================
resolution            ``resolution``
report                ``secretariat`` (S/yyyy/nnn reports of the Secretary-General)
prst                  ``presidential_statement``
letter                ``letter``
anything else         ``other``
====================  ==========================================================

The case aggregate groups roles into five origins plus ``other``
(:func:`origin_category`).

>>> unit_role("paragraph", "report", None), unit_role("speech", "verbatim", "ngo")
('secretariat', 'ngo')
>>> origin_category("elected_member"), origin_category("resolution")
('state', 'resolution')
"""

from __future__ import annotations

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


def unit_role(unit_type: str, doc_type: str | None, speech_role: str | None) -> str:
    """The role of a unit: the speech's recorded role, or one given by the document type."""
    if unit_type == "speech" or speech_role:
        return speech_role or "unknown"
    return _DOCUMENT_ROLES.get(doc_type or "", "other")


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
