"""People read names, quoted words and dates, not internal ids (issue 15, the sweep).

The agreement page names its codes; the undo message says what was undone without the
event's row id; roles, the "code all hits" page, the suggestions page and the codebook
page name what they show; conflict messages quote the coding instead of its row id;
times read as dates; the upload page links to the uploaded document.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

from test_web_coding import KEY, OP09, _code
from web_support import TestClient

from normtrace.store.db import Store
from normtrace.web.access import ProjectAccess

PDF = Path(__file__).resolve().parents[1] / "fixtures" / "verbatim" / "S_PV.8703_E_p1-2.pdf"
#: an ISO-8601 time as stored ("2026-01-05T09:30:12Z"), which people should not have to read
RAW_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def _agreement_data(clients: dict[str, TestClient]) -> None:
    """alice and bob code one unit (not blind): both poc, only bob r2p."""
    order = {"unit_keys": [KEY], "coders": ["alice", "bob"], "blind": False}
    assert clients["admin"].post("/api/assignments", json=order).status_code == 201
    _code(clients["alice"], KEY, "peacekeepers")
    _code(clients["bob"], KEY, "peacekeepers")
    _code(clients["bob"], KEY, "Tessalit", "r2p")
    # alice marks it done: her coding of poc judges poc only (coding.human.judged), the mark
    # says r2p is absent
    done = {"unit_key": KEY, "codebook": "stability-operations", "confirm": True}
    marked = clients["alice"].post("/api/units/done", json=done)
    assert marked.status_code == 201, marked.text


def test_agreement_names_its_codes_and_keeps_the_ids_for_exports(
    clients: dict[str, TestClient],
) -> None:
    _agreement_data(clients)
    alice = clients["alice"]
    data = alice.get("/api/agreement").json()
    names = [(c["code"], c["name"]) for c in data["codes"]]
    # by name, as the coding bar lists them
    assert names == [("poc", "Protection of civilians"), ("r2p", "Responsibility to protect")]
    assert data["codes"][1]["disagreements"][0]["name"] == "Responsibility to protect"
    html = alice.get("/agreement").text
    row = re.search(r'<tr class="code-row" data-code="r2p"><td([^>]*)>([^<]*)</td>', html)
    assert row is not None, html
    assert row[2] == "Responsibility to protect" and 'title="code id r2p' in row[1]
    disagreements = html.split('class="list disagreements"')[1]
    assert ">Responsibility to protect</td>" in disagreements
    assert ">r2p<" not in html and ">poc<" not in html, "no code id as cell text"
    table = list(csv.DictReader(io.StringIO(alice.get("/agreement.csv").text)))
    r2p = next(r for r in table if r["code"] == "r2p")
    assert r2p["code_name"] == "Responsibility to protect"


def test_undo_says_what_was_undone_without_an_event_id(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    _code(alice, KEY, "peacekeepers")
    undone = alice.post("/api/undo")
    assert undone.status_code == 201, undone.text
    message = undone.json()["message"]
    assert message == (f"Undone: your coding Protection of civilians on {KEY} «peacekeepers»")
    # a rejected machine suggestion reads as one, named
    candidate = alice.get(f"/api/units/{OP09}").json()["unit"]["candidates"][0]
    assert alice.post(f"/api/candidates/{candidate['id']}/reject").status_code == 200
    message = alice.post("/api/undo").json()["message"]
    assert message.startswith(f"Undone: your rejection of candidate {candidate['name']} on {OP09}")
    assert "(event" not in message


def test_roles_read_as_names_in_search_and_documents(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    def resolve(store: Store) -> None:  # synthetic role row: the fixture has no actors stage
        store.conn.execute(
            "INSERT INTO speech_roles (speech_key, document, role, method) "
            "VALUES (?, 'S/PV.8703', 'permanent_member', 'test')",
            (KEY,),
        )

    access.write(resolve)
    alice = clients["alice"]
    search = alice.get("/search", params={"q": "Tessalit"}).text
    assert '<option value="permanent_member">Permanent member</option>' in search
    assert '<span class="role" data-role="permanent_member">Permanent member</span>' in search
    documents = alice.get("/documents").text
    # a list of roles by name instead of a free-text box where "permanent" found nothing
    assert '<select name="role">' in documents and '<input name="role"' not in documents
    assert '<option value="permanent_member">Permanent member</option>' in documents
    filtered = alice.get("/api/documents", params={"role": "permanent_member"}).json()
    assert [d["symbol"] for d in filtered["items"]] == ["S/PV.8703"]
    assert alice.get("/api/documents").json()["roles"] == ["permanent_member"]


def test_code_all_hits_picks_a_code_by_name(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    _code(alice, KEY, "peacekeepers")
    page = alice.get("/search/code-all", params={"q": "peacekeepers", "code": "poc"}).text
    # the filter is named, and the code to apply is chosen from names, not typed as an id
    assert 'units with the code <strong data-code="poc">Protection of civilians</strong>' in page
    assert '<input name="apply_code"' not in page
    assert '<select name="apply_code" required>' in page
    assert '<option value="r2p">Responsibility to protect</option>' in page


def test_suggestions_page_names_its_code(clients: dict[str, TestClient]) -> None:
    page = clients["alice"].get("/learn/stability-operations/poc").text
    assert "<title>Suggestions: Protection of civilians" in page
    heading = '<h1 data-code="poc" data-learn-queue>Suggestions for Protection of civilians'
    assert heading + " <small>" in page


def test_codebook_page_names_parents_and_dates_its_versions(
    clients: dict[str, TestClient],
) -> None:
    page = clients["admin"].get("/codebooks/stability-operations").text
    assert '<span class="kind" data-parent="primary_norms">under Primary norms</span>' in page
    parents = page.split('<select name="parent">')[1].split("</select>")[0]
    assert '<option value="poc">Protection of civilians</option>' in parents
    versions = page.split("Versions:")[1].split("</p>")[0]
    assert not RAW_TIME.search(re.sub(r'datetime="[^"]*"', "", versions)), versions
    assert re.search(r">\d{4}-\d\d-\d\d \d\d:\d\d UTC</time>", versions), versions


def test_document_memos_show_a_date_not_a_raw_timestamp(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    made = alice.post("/api/documents/2/memos", json={"text": "check the vote"})
    assert made.status_code == 201, made.text
    memos = alice.get("/documents/2").text.split('id="document-memos"')[1].split("</ul>")[0]
    shown = re.sub(r'datetime="[^"]*"', "", memos)
    assert "check the vote" in memos and not RAW_TIME.search(shown), memos
    assert re.search(r'<time class="when"[^>]*>\d{4}-\d\d-\d\d \d\d:\d\d UTC</time>', memos)


def test_conflicts_name_the_coding_not_its_row_id(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    made = _code(alice, KEY, "peacekeepers")
    assert alice.post(f"/api/codings/{made['id']}/remove").status_code == 200
    again = alice.post(f"/api/codings/{made['id']}/remove")
    assert again.status_code == 409
    error = again.json()["error"]
    assert "Protection of civilians" in error and "“peacekeepers”" in error and KEY in error
    assert f"coding {made['id']}" not in error


def test_a_stale_adjudication_is_refused_in_words(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    _agreement_data(clients)
    body = {"unit_key": KEY, "code": "r2p", "decision": "absent"}
    assert admin.post("/api/adjudications", json=body).status_code == 201
    stale = admin.post("/api/adjudications", json=body)
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert "already adjudicated Responsibility to protect on S/PV.8703/s002" in error
    assert "adjudication " not in error, "no row id"


def test_the_upload_page_links_to_the_uploaded_document(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    files = [("files", (PDF.name, PDF.read_bytes(), "application/pdf"))]
    job = admin.post("/api/uploads", files=files).json()["id"]
    for _ in range(600):
        if admin.get(f"/api/uploads/{job}").json()["state"] in ("finished", "failed"):
            break
        time.sleep(0.1)
    page = admin.get("/upload", params={"job": job}).text
    link = re.search(r'<a href="(/documents\?symbol=[^"]+)">S/PV\.8703</a>', page)
    assert link is not None, page
    listed = admin.get("/api/" + link[1].lstrip("/")).json()
    assert [d["symbol"] for d in listed["items"]] == ["S/PV.8703"]
