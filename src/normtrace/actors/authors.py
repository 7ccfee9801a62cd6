"""Who wrote a document: the role of the paragraphs of a report, resolution, statement, letter.

The one rule every surface reads for a document paragraph's role (``first``, ``freq`` and
``kwic --by role``, the case aggregate, the case report's frame events). By document type:

====================  ==========================================================
resolution            ``resolution``
report                its author (:data:`REPORT_AUTHORS`): ``secretariat`` (S/yyyy/nnn
                      reports of the Secretary-General); a report whose title names the
                      Council's own authors is theirs: ``council_mission`` ("Report of the
                      Security Council mission to Haiti"), ``council_body`` (a Council
                      committee, panel, group of experts or monitoring group)
prst                  ``presidential_statement``
letter                ``letter``
anything else         ``other``
====================  ==========================================================

>>> document_role("report", "Report of the Secretary-General on Haiti")
'secretariat'
>>> document_role("report", "Report of the Security Council mission to Haiti, 13 to 16 April 2005")
'council_mission'
>>> document_role("report", "Final report of the Panel of Experts on the Sudan")
'council_body'
>>> document_role("prst"), document_role("verbatim")
('presidential_statement', 'other')
"""

from __future__ import annotations

import re

from normtrace.store.db import Store

#: the roles of a report's paragraphs: who wrote it
REPORT_AUTHORS = ("secretariat", "council_mission", "council_body")

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


def _literal(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"
