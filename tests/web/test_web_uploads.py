"""Upload in the browser (admins): files kept beside the project, ingested in the background."""

from __future__ import annotations

import time
from pathlib import Path

from web_support import TestClient

from normtrace.store.db import Store
from normtrace.web.uploads import BOX

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PDF = FIXTURES / "verbatim" / "S_PV.8703_E_p1-2.pdf"


def _wait(client: TestClient, job: str) -> dict[str, object]:
    for _ in range(600):
        data = client.get(f"/api/uploads/{job}").json()
        if data["state"] in ("finished", "failed"):
            return dict(data)
        time.sleep(0.1)
    raise AssertionError("the upload did not finish in 60 s")


def test_upload_ingests_in_the_background_and_resolves_roles(
    clients: dict[str, TestClient], project: Path
) -> None:
    admin = clients["admin"]
    files = [("files", (PDF.name, PDF.read_bytes(), "application/pdf"))]
    assert clients["alice"].post("/api/uploads", files=files).status_code == 403
    # the project holds four speeches of S/PV.8703; the record's first two pages keep fewer
    # than half of their words: stored, held back, said so (ingest's rule)
    held = _wait(admin, admin.post("/api/uploads", files=files).json()["id"])
    outcome = held["outcomes"][0]  # type: ignore[index]
    assert outcome["status"] == "shrunk" and "held back" in outcome["said"], outcome
    # the form's box, not a command on the server's copy of the file (R1 finding 10)
    assert f'tick "{BOX}" and upload the file again' in (outcome["error"] or ""), outcome
    assert "normtrace ingest" not in (outcome["error"] or ""), outcome
    started = admin.post("/api/uploads", files=files, data={"replace_shrunk": "true"})
    assert started.status_code == 202, started.text
    done = _wait(admin, started.json()["id"])
    assert done["state"] == "finished" and done["done"] == 1, done
    outcome = done["outcomes"][0]  # type: ignore[index]
    assert outcome["status"] in ("new", "new_version", "unchanged"), outcome
    assert (project.with_suffix(".uploads")).is_dir()
    with Store.open(project) as store:
        roles = store.conn.execute(
            "SELECT r.role FROM speech_roles r JOIN speeches s ON s.id = r.speech_id "
            "JOIN documents d ON d.id = s.document_id WHERE d.is_current = 1 "
            "AND s.is_current = 1 AND r.is_current = 1 AND d.symbol = 'S/PV.8703'"
        ).fetchall()
    assert roles and any(r[0] in ("president", "permanent_member", "elected_member") for r in roles)
    bad = admin.post("/api/uploads", files=[("files", ("x.exe", b"MZ", "application/x"))])
    assert bad.status_code == 400 and ".pdf" in bad.json()["error"]
    assert "Upload and ingest" in admin.get("/upload").text
