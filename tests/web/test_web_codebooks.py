"""Codebook editing makes a new version; a stale edit is a reported conflict."""

from __future__ import annotations

from web_support import TestClient

BOOK = "stability-operations"


def test_edit_a_code_makes_a_new_version(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    listing = admin.get("/api/codebooks").json()["codebooks"]
    assert [b["name"] for b in listing] == [BOOK]
    view = admin.get(f"/api/codebooks/{BOOK}").json()
    poc = next(c for c in view["codes"] if c["id"] == "poc")
    assert "frames set (test part" in poc["measured_error"]  # the bundled measurement
    # and its measurement on speeches, with where it comes from
    assert "; on speeches: P " in poc["measured_error"]
    assert "on speeches, on the Council's 2020 speeches" in poc["measured_error"]
    assert "on reports, on the numbered paragraphs of 53 reports on" in poc["measured_error"]
    # a code is shown validated only where it holds for every kind of unit the project holds:
    # consent is validated on resolutions but not on speeches, and this project holds speeches
    consent = next(c for c in view["codes"] if c["id"] == "consent")
    assert "— unvalidated there" in consent["measured_error"] and consent["validated"] is False
    edit = {**poc, "base_version": view["version"], "definition": "Edited <b>definition</b>",
            "patterns": [*poc["patterns"], "civilian protection mandate"]}  # fmt: skip
    saved = admin.post(f"/api/codebooks/{BOOK}/codes", json=edit)
    assert saved.status_code == 201, saved.text
    new = saved.json()
    assert new["version"] != view["version"] and len(new["versions"]) == 2
    changed = next(c for c in new["codes"] if c["id"] == "poc")
    assert changed["definition"] == "Edited <b>definition</b>"
    assert changed["proximity"] == poc["proximity"], "proximity entries survive an edit"
    # a measurement belongs to the version measured: the edited code is unvalidated, and the
    # note says an edit of one's own is validated on one's labels, not re-coded away
    assert not changed["validated"], changed["measured_error"]
    assert "measured for version" in changed["measured_error"]
    assert "if it is your own edit, validate your own labels" in changed["measured_error"]
    assert "P 0." not in changed["measured_error"]  # no figures of another version
    stale = admin.post(f"/api/codebooks/{BOOK}/codes", json=edit)
    assert stale.status_code == 409 and "changed since" in stale.json()["error"]
    html = admin.get(f"/codebooks/{BOOK}").text
    assert "Edited &lt;b&gt;definition&lt;/b&gt;" in html
    assert 'class="measured unvalidated"' in html
    added = {"base_version": new["version"], "id": "new_code", "name": "A new code",
             "parent": "poc", "patterns": ["brand new phrase"]}  # fmt: skip
    assert admin.post(f"/api/codebooks/{BOOK}/codes", json=added).status_code == 201
    assert "new_code" in clients["alice"].get("/api/units/S/PV.8703/s002").json()["codes"]


def test_a_bad_pattern_is_refused(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    view = admin.get(f"/api/codebooks/{BOOK}").json()
    bad = {"base_version": view["version"], "id": "poc", "name": "x", "patterns": ["(unclosed"]}
    response = admin.post(f"/api/codebooks/{BOOK}/codes", json=bad)
    assert response.status_code == 400
    assert len(admin.get(f"/api/codebooks/{BOOK}").json()["versions"]) == 1


def test_coders_read_but_do_not_edit_codebooks(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    view = alice.get(f"/api/codebooks/{BOOK}").json()
    edit = {"base_version": view["version"], "id": "poc", "name": "x"}
    assert alice.post(f"/api/codebooks/{BOOK}/codes", json=edit).status_code == 403


def test_a_coder_reads_what_counts_and_what_does_not(clients: dict[str, TestClient]) -> None:
    """A new user found a code's inclusion and exclusion rules only in the admin's edit form:
    a coder never saw them."""
    page = clients["alice"].get(f"/codebooks/{BOOK}").text
    assert "<strong>Does not count:</strong> Requests to governments, parties" in page
    assert "<strong>Counts:</strong> A pre-emptive posture" in page
