"""The workbench's Documents page shows a meeting record's agenda item (from the meeting index,
beside its own title) and the Documents and Search pages filter by topic as the CLI's --topic
does (a whole word or phrase, case aside). Every meeting, agenda item and text is SYNTHETIC
(tests/synthetic_topics.py)."""

from __future__ import annotations

import html
from pathlib import Path

from web_support import session_for

from normtrace.store.db import Store
from normtrace.web.app import create_app
from normtrace.web.auth import create_user
from synthetic_topics import RECORD_TITLE, RURITANIA, THREATS, build


def project(path: Path) -> Path:
    build(path)
    with Store.open(path) as store, store.transaction():
        create_user(store, "vera", "viewer", "a synthetic password")
    return path


def test_documents_and_search_by_topic(tmp_path: Path) -> None:
    app = create_app(project(tmp_path / "p.db"), secret="test-secret")
    try:
        client = session_for(app, "vera")
        listed = client.get("/api/documents", params={"topic": "ruritania"}).json()
        items = {d["symbol"]: d for d in listed["items"]}
        assert set(items) == {"S/PV.99001", "S/PV.99002"}
        assert listed["filters"]["topic"] == "ruritania"
        assert items["S/PV.99002"]["title"] == RECORD_TITLE  # its own title stays
        assert items["S/PV.99002"]["topic"] == f"{RURITANIA} | {THREATS}"
        assert items["S/PV.99001"]["topic_source"].startswith("the UN Library meeting index")
        everything = client.get("/api/documents").json()["items"]
        assert len(everything) == 5
        found = client.get("/api/search", params={"q": "protect* civilian*", "topic": "RURITANIAN"})
        assert [h["key"] for h in found.json()["hits"]] == ["S/PV.99003/s001"]
        page = client.get("/documents", params={"topic": "ruritania"}).text
        assert "<th>Topic</th>" in page
        assert html.escape(RURITANIA, quote=False) in page
        assert 'name="topic" value="ruritania"' in page
        search = client.get("/search", params={"q": "protect*", "topic": "ruritania"}).text
        assert 'name="topic" value="ruritania"' in search
    finally:
        app.state.access.close()
