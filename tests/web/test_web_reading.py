"""Smoke: sign in, browse, open a document, search."""

from __future__ import annotations

from web_support import TestClient


def test_browse_and_search(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    listing = alice.get("/api/documents").json()
    assert {d["symbol"] for d in listing["items"]} == {"S/RES/2098 (2013)", "S/PV.8703"}
    doc_id = next(d["id"] for d in listing["items"] if d["symbol"] == "S/PV.8703")
    view = alice.get(f"/api/documents/{doc_id}").json()
    assert view["units"][1]["speaker"].startswith("Mr. Lacroix")
    html = alice.get(f"/documents/{doc_id}")
    assert html.status_code == 200 and "Lacroix" in html.text
    found = alice.get("/api/search", params={"q": '"Intervention Brigade"', "kwic": "true"}).json()
    assert found["total"] >= 3
    assert all("Intervention Brigade" in line["match"] for line in found["kwic"])
    page = alice.get("/search", params={"q": "neutrali*"})
    assert page.status_code == 200 and "<mark>neutralizing</mark>" in page.text
