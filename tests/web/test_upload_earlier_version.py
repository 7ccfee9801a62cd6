"""The upload page says of a file whose bytes are an earlier version of a document current from
another file what ``normtrace ingest`` says (the library's note: which version is current,
from where, and how to make these words current again), not the raw status ``earlier_version``
(stop 46's known defect). The resolution is SYNTHETIC (``synthetic_moved``)."""

from __future__ import annotations

import re
from pathlib import Path

from synthetic_review import finished, served, unchanged
from web_support import TestClient, session_for

from synthetic_moved import FILE, FIRST, SYMBOL, text

#: a second version of the file: op1 reworded (SYNTHETIC)
SECOND = text(["Firmly recognizes the synthetic ownership of Examplia;", *FIRST[1:]])


def upload(client: TestClient, body: str) -> dict[str, object]:
    """Upload ``body`` as :data:`FILE` through the API; the finished job."""
    started = client.post("/api/uploads", files=[("files", (FILE, body.encode(), "text/plain"))])
    assert started.status_code == 202, started.text
    return finished(client, started.json()["id"], "the upload")


def test_an_earlier_version_is_said_in_words_with_what_makes_it_current(tmp_path: Path) -> None:
    with served(tmp_path, unchanged) as app:
        admin = session_for(app, "admin")
        (second,) = upload(admin, SECOND)["outcomes"]  # type: ignore[misc]
        assert (second["status"], second["said"], second["note"]) == ("new_version", "new version",
                                                                      None)  # fmt: skip
        with app.state.access.read() as store:
            (current,) = store.conn.execute(
                "SELECT s.path FROM documents d JOIN sources s ON s.id = d.source_id "
                "WHERE d.symbol = ? AND d.is_current = 1", (SYMBOL,)).fetchone()  # fmt: skip
        assert ".uploads" in current  # the second version was read from the upload
        job = upload(admin, text(FIRST))  # the first version's bytes, uploaded again
        (first,) = job["outcomes"]  # type: ignore[misc]
        assert first["status"] == "earlier_version"
        assert first["said"] == "an earlier version, not made current"
        assert first["note"] == (
            f"its bytes are stored version 1 of {SYMBOL}, while version 2 (from {current}) is "
            f"current; nothing changed. To make these words current again, copy this file over "
            f"{current} and run `normtrace ingest '{current}'`"
        )
        page = admin.get(f"/upload?job={job['id']}").text
        shown = re.sub(r"<[^>]+>", "", page)  # the words a reader sees
        assert f"{FILE}: an earlier version, not made current" in shown
        assert f"Its bytes are stored version 1 of {SYMBOL}, while version 2" in shown
        assert f"{FILE}: earlier_version" not in shown  # the raw status it showed
