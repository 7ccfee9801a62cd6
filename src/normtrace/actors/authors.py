"""Who speaks or wrote a unit: the one vocabulary of roles, and the role of a document's paragraphs.

Every command names a unit's role with the names of :data:`ROLES` (``freq`` and ``kwic
--by role``, ``first``, ``provenance``, the case report's frame timelines, the web workbench):
a speech's role is the one the actors stage recorded (:data:`SPEECH_ROLES`,
:mod:`normtrace.actors.roles`); a paragraph of a document takes its document's role
(:data:`DOCUMENT_ROLES`), by this module's one rule for every surface. By document type:

====================  ==========================================================
resolution            ``resolution``
report                its author (:data:`REPORT_AUTHORS`): ``secretariat`` (S/yyyy/nnn
                      reports of the Secretary-General); a report whose title names the
                      Council's own authors is theirs: ``council_mission`` ("Report of the
                      Security Council mission to Haiti"), ``council_body`` (a Council
                      committee, panel, group of experts or monitoring group)
prst                  ``presidential_statement``
letter                ``letter``
anything else         ``other`` (e.g. a meeting record's paragraphs outside its speeches)
====================  ==========================================================

A document's *type* (``resolution``, ``report``, ``prst``, ``letter``, ``verbatim``,
``corpus_meeting``) is another vocabulary, that of ``--by doc_type`` and of the timeline's
entries; a role never wears a type's name in parentheses.

>>> document_role("report", "Report of the Secretary-General on Haiti")
'secretariat'
>>> document_role("report", "Report of the Security Council mission to Haiti, 13 to 16 April 2005")
'council_mission'
>>> document_role("report", "Final report of the Panel of Experts on the Sudan")
'council_body'
>>> document_role("prst"), document_role("verbatim")
('presidential_statement', 'other')
>>> ROLE_LABELS["presidential_statement"]
'Presidential statement'
"""

from __future__ import annotations

import re

from normtrace.store.db import Store

#: the roles of a speech, as the actors stage records them (:mod:`normtrace.actors.roles`)
SPEECH_ROLES = (
    "president", "permanent_member", "elected_member", "non_member_state", "secretariat",
    "un_entity", "igo", "ngo", "unknown",
)  # fmt: skip

#: the roles of a report's paragraphs: who wrote it
REPORT_AUTHORS = ("secretariat", "council_mission", "council_body")

#: the roles of a document's paragraphs (:func:`document_role`)
DOCUMENT_ROLES = ("resolution", *REPORT_AUTHORS, "presidential_statement", "letter", "other")

#: the roles of words within a unit that are not its author's: words a Secretary-General's
#: report gives as another's (reported speech, :mod:`normtrace.parse.report.reported`;
#: ``first``, ``provenance`` and the case aggregate name them so)
WORD_ROLES = ("reported_in_sg_report",)

#: every role a unit can have, with how people read it (the web workbench's labels)
ROLE_LABELS = {
    "president": "President",
    "permanent_member": "Permanent member",
    "elected_member": "Elected member",
    "non_member_state": "Non-member state",
    "secretariat": "Secretariat",
    "un_entity": "UN entity",
    "igo": "Intergovernmental organisation",
    "ngo": "Non-governmental organisation",
    "unknown": "Role unresolved",
    "resolution": "Text of a resolution",
    "council_mission": "Security Council mission (its report)",
    "council_body": "Council committee or panel (its report)",
    "presidential_statement": "Presidential statement",
    "letter": "Letter",
    "other": "Text of another document",
    "reported_in_sg_report": "Another's words reported in a Secretary-General's report",
}
#: every role name, speech roles first
ROLES = tuple(ROLE_LABELS)

_DOCUMENT_ROLES = {
    "resolution": "resolution",
    "report": "secretariat",
    "prst": "presidential_statement",
    "letter": "letter",
}

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
    if doc_type == "report" and title and "Secretary-General" not in title:
        if _COUNCIL_MISSION.search(title):
            return "council_mission"
        if _COUNCIL_BODY.search(title):
            return "council_body"
    return _DOCUMENT_ROLES.get(doc_type or "", "other")


def report_author_sql(store: Store, symbol: str) -> str:
    """An SQL expression of the author role (:func:`document_role`) of the current report whose
    symbol is the column ``symbol``: the project's reports by the Council's own authors are
    listed by symbol (their titles read here, by the rule above), any other is
    ``secretariat``.

    >>> from normtrace.store.db import Store
    >>> report_author_sql(Store.open(":memory:"), "u.symbol")
    "'secretariat'"
    """
    rows = store.conn.execute(
        "SELECT DISTINCT symbol, title FROM documents WHERE doc_type = 'report' AND is_current = 1"
    )
    authors = {str(r[0]): document_role("report", r[1]) for r in rows}
    listed = sorted((s, a) for s, a in authors.items() if a != "secretariat")
    if not listed:
        return "'secretariat'"
    whens = " ".join(f"WHEN {_literal(s)} THEN {_literal(a)}" for s, a in listed)
    return f"CASE {symbol} {whens} ELSE 'secretariat' END"


def document_role_sql(store: Store, doc_type: str, symbol: str) -> str:
    """An SQL expression of :func:`document_role` for the current document whose type is the
    column ``doc_type`` and whose symbol is the column ``symbol`` (a report's author read as
    :func:`report_author_sql` reads it).

    >>> from normtrace.store.db import Store
    >>> document_role_sql(Store.open(":memory:"), "d.doc_type", "d.symbol")
    "CASE d.doc_type WHEN 'report' THEN 'secretariat' WHEN 'resolution' THEN 'resolution' \
WHEN 'prst' THEN 'presidential_statement' WHEN 'letter' THEN 'letter' ELSE 'other' END"
    """
    whens = " ".join(
        f"WHEN {_literal(t)} THEN {_literal(r)}"
        for t, r in _DOCUMENT_ROLES.items()
        if t != "report"
    )
    author = report_author_sql(store, symbol)
    return f"CASE {doc_type} WHEN 'report' THEN {author} {whens} ELSE 'other' END"


def _literal(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"
