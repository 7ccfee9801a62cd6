"""Smoke: sign in, browse, open a document, search."""

from __future__ import annotations

from web_support import TestClient

from normtrace.web.access import ProjectAccess


def test_browse_and_search(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    listing = alice.get("/api/documents").json()
    assert {d["symbol"] for d in listing["items"]} == {"S/RES/2098 (2013)", "S/PV.8703"}
    doc_id = next(d["id"] for d in listing["items"] if d["symbol"] == "S/PV.8703")
    view = alice.get(f"/api/documents/{doc_id}").json()
    assert view["units"][1]["speaker"].startswith("Mr. Lacroix")
    html = alice.get(f"/documents/{doc_id}")
    assert html.status_code == 200 and "Lacroix" in html.text
    found = alice.get("/api/search", params={"q": "Intervention Brigade", "kwic": "true"}).json()
    assert found["total"] >= 3
    assert all("Intervention Brigade" in line["match"] for line in found["kwic"])
    page = alice.get("/search", params={"q": "neutrali*"})
    assert page.status_code == 200 and "<mark>neutralizing</mark>" in page.text


def test_every_page_has_a_json_twin(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    for path in ("/", "/documents", "/documents/1", "/search?q=Goma", "/agreement", "/codebooks"):
        page = alice.get(path)
        assert page.headers["content-type"].startswith("text/html"), path
        twin = alice.get("/api" + path.replace("/?", "?").rstrip("/") if path != "/" else "/api/")
        asked = alice.get(path, headers={"Accept": "application/json"})
        assert twin.headers["content-type"] == "application/json", path
        assert twin.json() == asked.json(), path


def test_filters_by_type_year_case_and_role(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    alice = clients["alice"]

    def symbols(**params: str) -> set[str]:
        items = alice.get("/api/documents", params=params).json()["items"]
        return {d["symbol"] for d in items}

    assert symbols(doc_type="verbatim") == {"S/PV.8703"}
    assert symbols(year_from="2014", year_to="") == {"S/PV.8703"}
    assert symbols(case="drc-2013") == {"S/RES/2098 (2013)"}
    assert symbols(case="mali-2013") == set()
    assert symbols(actor="Lacroix") == {"S/PV.8703"}
    assert alice.get("/api/documents", params={"case": "atlantis"}).status_code == 404
    found = alice.get("/api/search", params={"q": "Mali", "role": "secretariat"}).json()
    assert found["total"] == 0, "no role is known before the actors stage ran"
    # A role as the actors stage would record it (hand-written here, for the filter only).
    access.write(
        lambda store: store.conn.execute(
            "INSERT INTO speech_roles (speech_key, document, role, method) "
            "VALUES ('S/PV.8703/s002', 'S/PV.8703', 'secretariat', 'test')"
        )
    )
    found = alice.get("/api/search", params={"q": "Mali", "role": "secretariat"}).json()
    assert {h["key"] for h in found["hits"]} == {"S/PV.8703/s002"}
    assert found["roles"] == ["secretariat"]
    assert symbols(role="secretariat") == {"S/PV.8703"}
    view = alice.get("/api/documents/2").json()
    assert [u["role"] for u in view["units"]][:2] == [None, "secretariat"]


def test_a_repeated_search_is_served_from_the_cache_and_a_coding_shows_at_once(
    clients: dict[str, TestClient],
) -> None:
    """The same search again comes from the cache with the same answer; a code filter
    search sees a new coding at once (the filter's units are part of the key)."""
    alice, admin = clients["alice"], clients["admin"]
    before = admin.get("/api/search/cache").json()
    first = alice.get("/api/search", params={"q": "Intervention Brigade"}).json()
    again = alice.get("/api/search", params={"q": "Intervention Brigade"}).json()
    assert (first["cached"], again["cached"]) == (False, True)
    assert {k: v for k, v in again.items() if k != "cached"} == {
        k: v for k, v in first.items() if k != "cached"
    }
    after = admin.get("/api/search/cache").json()
    assert (after["hits"] - before["hits"], after["misses"] - before["misses"]) == (1, 1)
    assert 0 < after["entries"] <= after["bound"]
    assert alice.get("/api/search/cache").status_code == 403  # admins only
    # the "code all hits" review of the same search (up to 500 hits) is the same search
    review = alice.get(
        "/api/search/code-all",
        params={"q": "Intervention Brigade", "apply_code": "intervention_brigade"},
    ).json()
    assert review["hits"] == first["total"] and review["items"]
    assert admin.get("/api/search/cache").json()["hits"] == after["hits"] + 1

    hit = first["hits"][0]
    by_code = {"q": "Intervention Brigade", "code": "intervention_brigade"}
    none = alice.get("/api/search", params=by_code).json()
    assert alice.get("/api/search", params=by_code).json()["cached"]
    span = hit["hits"][0]
    coded = alice.post(
        "/api/codings",
        json={"unit_key": hit["key"], "code": "intervention_brigade", "start": span["start"],
              "end": span["end"], "edition": hit["edition"]},
    )  # fmt: skip
    assert coded.status_code == 201, coded.text
    now = alice.get("/api/search", params=by_code).json()
    assert not now["cached"] and now["total"] == none["total"] + 1
    assert hit["key"] in {h["key"] for h in now["hits"]}
