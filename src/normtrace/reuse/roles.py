"""Who a unit speaks for: the role used by provenance, first appearance and the case aggregate.

Speeches take the role the actors stage recorded (``speech_roles``:
president, permanent_member, elected_member, non_member_state, secretariat,
un_entity, igo, ngo, unknown). Document paragraphs take their document's role
(:func:`unit_role`), by the one rule of :func:`normtrace.actors.authors.document_role`:
``resolution``, a report's author (``secretariat``, ``council_mission``, ``council_body``),
``presidential_statement``, ``letter``, else ``other``.

The case aggregate groups roles into origins (:func:`origin_category`, :data:`CATEGORIES`):
``secretariat``; ``reported_in_sg_report`` (words an SG report gives as another's,
:mod:`~normtrace.reuse.reported`: reported by the Secretariat, never its own); the Council's
own reports, ``council_mission`` and ``council_body``, under their own names (never the
Secretariat's); ``state`` (any state's speech); ``ngo``; ``resolution``; ``other``
(statements, letters, UN entities …); ``citation`` (:data:`CITATION`: a word of a citation of a
document, a symbol or resolutions named by number, which is nobody's wording and has no source);
``none`` (a word of wording with no earlier source found).

>>> unit_role("paragraph", "report", None), unit_role("speech", "verbatim", "ngo")
('secretariat', 'ngo')
>>> document_role("report", "Report of the Security Council mission to Haiti, 13 to 16 April 2005")
'council_mission'
>>> origin_category("elected_member"), origin_category("council_mission")
('state', 'council_mission')
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from normtrace.actors.authors import document_role as document_role  # re-exported

_CATEGORIES = {
    "secretariat": "secretariat",
    "president": "state",
    "permanent_member": "state",
    "elected_member": "state",
    "non_member_state": "state",
    "ngo": "ngo",
    "resolution": "resolution",
    "council_mission": "council_mission",
    "council_body": "council_body",
    "reported_in_sg_report": "reported_in_sg_report",
    "citation": "citation",
}
#: the origin of a word that stands in a citation of a document
#: (:func:`~normtrace.parse.symbols.citation_spans`): not wording (never new; a renewal may carry
#: it), no source
CITATION = "citation"
CATEGORIES = (
    "secretariat", "reported_in_sg_report", "council_mission", "council_body", "state", "ngo",
    "resolution", "other", CITATION, "none",
)  # fmt: skip
#: the origins that are wording (every one but :data:`CITATION`): a share of wording by origin
#: counts these words only, the citations apart
WORDING = tuple(c for c in CATEGORIES if c != CITATION)


def unit_role(
    unit_type: str, doc_type: str | None, speech_role: str | None, title: str | None = None
) -> str:
    """The role of a unit: the speech's recorded role, or its document's
    (:func:`document_role`, by type and title)."""
    if unit_type == "speech" or speech_role:
        return speech_role or "unknown"
    return document_role(doc_type, title)


def origin_category(role: str | None) -> str:
    """The origin of ``role``, one of :data:`CATEGORIES` (``none`` when there is no role)."""
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
