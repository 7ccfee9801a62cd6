"""The web workbench's case filter reads a case's documents as `trace`, `report`, `first
--case` and `freq --case` do (:func:`normtrace.trace.scope.case_scope`, the one definition):
stop 43 had the filter read a chronology of its own (meetings on the case's topics and the
documents linked to them), so a letter about the case whose title does not name it was a
case document in the case report and not in the filter. Every text here is SYNTHETIC."""

from __future__ import annotations

import hashlib
from pathlib import Path

from web_support import session_for

from normtrace.store.db import Store
from normtrace.trace.scope import case_scope
from normtrace.web.app import create_app
from normtrace.web.auth import create_user

#: symbol -> type, title, date, text; the bundled case haiti-2004 (2003-2006, terms Haiti,
#: MINUSTAH)
DOCUMENTS = {
    "S/2004/9901": ("report", "Report of the Secretary-General on Haiti (SYNTHETIC)",
                    "2004-03-01", "SYNTHETIC. The synthetic mission keeps a patrol posture."),
    "S/2004/9902": ("letter", "Letter dated 1 April 2004 (SYNTHETIC)", "2004-04-01",
                    "SYNTHETIC. Haiti asks for a synthetic patrol posture."),
    "S/2004/9903": ("letter", "Letter dated 2 April 2004 (SYNTHETIC)", "2004-04-02",
                    "SYNTHETIC. Otherland asks for a synthetic patrol posture."),
    "S/2009/9904": ("report", "Report of the Secretary-General on Haiti (SYNTHETIC)",
                    "2009-03-01", "SYNTHETIC. The synthetic mission in Haiti keeps a patrol "
                    "posture."),
}  # fmt: skip


def _project(path: Path) -> Path:
    from normtrace.parse.model import Document, Paragraph
    from normtrace.store.writer import SourceRecord, save_document

    with Store.open(path) as store:
        for symbol, (doc_type, title, date, text) in DOCUMENTS.items():
            para = Paragraph(f"{symbol}/p1", "numbered", text, 1, number="1")
            doc = Document(symbol, doc_type, "synthetic.v1", title=title, date=date,
                           year=int(date[:4]), paragraphs=(para,))  # fmt: skip
            digest = hashlib.sha256(symbol.encode()).hexdigest()
            source = SourceRecord(f"synthetic:{symbol}", digest, 1, "text/plain", "test")
            save_document(store, doc, source)
        with store.transaction():
            create_user(store, "vera", "viewer", "a synthetic password")
    return path


def test_the_case_filter_is_the_case_definition(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.db")
    with Store.open(path) as store:
        defined = case_scope(store, "haiti-2004").symbols
    # the report names Haiti in its title, the letter in its text; the other letter is about
    # another country, the later report outside the case's window
    assert defined == {"S/2004/9901", "S/2004/9902"}
    app = create_app(path, secret="test-secret")
    try:
        client = session_for(app, "vera")
        listed = client.get("/api/documents", params={"case": "haiti-2004"}).json()
        assert {d["symbol"] for d in listed["items"]} == defined
        found = client.get("/api/search", params={"q": "patrol posture", "case": "haiti-2004"})
        assert {h["symbol"] for h in found.json()["hits"]} == defined
        everywhere = client.get("/api/search", params={"q": "patrol posture"}).json()
        assert {h["symbol"] for h in everywhere["hits"]} == set(DOCUMENTS)
        # a case the project holds no document of: an empty list, not an error
        assert client.get("/api/documents", params={"case": "mali-2013"}).json()["items"] == []
        assert client.get("/api/documents", params={"case": "atlantis"}).status_code == 404
    finally:
        app.state.access.close()
