"""Memos on a whole document in the workbench: page, JSON, roles, CSRF, escaping, blindness."""

from __future__ import annotations

import re

from web_support import TestClient

from normtrace.coding.exchange.placed_memos import document_memos
from normtrace.coding.human import events
from normtrace.coding.human.undo import undo_event
from normtrace.web.access import ProjectAccess

RES_ID, PV_ID = 1, 2
PV = "S/PV.8703"
PV_UNIT = "S/PV.8703/s002"


def _memo(client: TestClient, text: str, document_id: int = PV_ID) -> int:
    response = client.post(f"/api/documents/{document_id}/memos", json={"text": text})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["target"] == "document" and body["text"] == text.strip()
    return int(body["id"])


def _authors(client: TestClient, document_id: int = PV_ID) -> list[str]:
    response = client.get(f"/api/documents/{document_id}/memos")
    assert response.status_code == 200, response.text
    return [m["author"] for m in response.json()["memos"]]


def test_a_document_memo_shows_on_the_page_and_in_json(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    alice = clients["alice"]
    made = _memo(alice, "first meeting after the renewal; compare S/PV.8701")
    page = alice.get(f"/documents/{PV_ID}").text
    assert 'id="document-memos"' in page
    assert "first meeting after the renewal; compare S/PV.8701" in page
    view = alice.get(f"/api/documents/{PV_ID}").json()
    assert [(m["id"], m["target"]) for m in view["memos"]] == [(made, "document")]
    listed = alice.get(f"/api/documents/{PV_ID}/memos").json()
    assert listed["document"]["symbol"] == PV and [m["id"] for m in listed["memos"]] == [made]
    # stored as a document event, not on a unit, and not on the other document
    with access.read() as store:
        assert [e.event_id for e in document_memos(store, PV)] == [made]
        assert all(e.document is None for e in events.list_events(store, unit_key=PV_UNIT))
    assert _authors(alice, RES_ID) == []
    assert clients["vera"].get(f"/documents/{PV_ID}").text.count("first meeting after") == 1


def test_the_htmx_form_answers_with_the_memo_list(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    response = alice.post(
        f"/documents/{PV_ID}/memos", data={"text": "from the form"}, headers={"HX-Request": "1"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section class="document-memos"')
    assert "from the form" in response.text
    plain = TestClient(alice.app, follow_redirects=False)
    plain.cookies = alice.cookies
    token = alice.headers["X-CSRF-Token"]
    redirect = plain.post(f"/documents/{PV_ID}/memos", data={"text": "no js", "csrf_token": token})
    assert redirect.status_code == 303 and redirect.headers["location"] == f"/documents/{PV_ID}"
    assert _authors(alice) == ["alice", "alice"]


def test_the_page_form_carries_the_csrf_token(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    page = alice.get(f"/documents/{PV_ID}").text
    form = re.search(r'<form class="document-memo-form".*?</form>', page, re.S)
    assert form is not None
    assert f'value="{alice.headers["X-CSRF-Token"]}"' in form[0]
    assert f'hx-post="/documents/{PV_ID}/memos"' in form[0]


def test_a_viewer_sees_no_form_and_cannot_write(clients: dict[str, TestClient]) -> None:
    vera = clients["vera"]
    assert "document-memo-form" not in vera.get(f"/documents/{PV_ID}").text
    assert vera.post(f"/api/documents/{PV_ID}/memos", json={"text": "x"}).status_code == 403
    form = vera.post(f"/documents/{PV_ID}/memos", data={"text": "x"}, headers={"HX-Request": "1"})
    assert form.status_code == 403
    assert _authors(vera) == []


def test_a_write_without_csrf_is_refused(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    token = alice.headers.pop("X-CSRF-Token")
    assert alice.post(f"/api/documents/{PV_ID}/memos", json={"text": "x"}).status_code == 403
    form = alice.post(f"/documents/{PV_ID}/memos", data={"text": "x"})
    assert form.status_code == 403
    alice.headers["X-CSRF-Token"] = token
    assert _authors(alice) == []


def test_a_session_is_needed(clients: dict[str, TestClient]) -> None:
    anonymous = TestClient(clients["alice"].app, follow_redirects=False)
    assert anonymous.get(f"/api/documents/{PV_ID}/memos").status_code == 401
    assert anonymous.post(f"/api/documents/{PV_ID}/memos", json={"text": "x"}).status_code == 401


def test_bad_requests(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    assert alice.post("/api/documents/999/memos", json={"text": "x"}).status_code == 404
    assert alice.get("/api/documents/999/memos").status_code == 404
    assert alice.post(f"/api/documents/{PV_ID}/memos", json={"text": ""}).status_code == 422
    blank = alice.post(f"/api/documents/{PV_ID}/memos", json={"text": "   "})
    assert blank.status_code == 400 and "needs some text" in blank.text
    assert _authors(alice) == []


def test_script_in_a_document_memo_is_rendered_inert(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    _memo(alice, evil)
    html = alice.get(f"/documents/{PV_ID}").text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    form = alice.post(f"/documents/{PV_ID}/memos", data={"text": evil}, headers={"HX-Request": "1"})
    assert "<script>alert" not in form.text and "&lt;img src=x" in form.text


def test_blind_document_memos_stay_hidden_until_revealed(clients: dict[str, TestClient]) -> None:
    admin, alice, bob, vera = clients["admin"], clients["alice"], clients["bob"], clients["vera"]
    order = {"unit_keys": [PV_UNIT], "coders": ["alice", "bob"], "blind": True}
    assert admin.post("/api/assignments", json=order).json()["added"] == 2
    _memo(bob, "bob thinks the brigade is offensive")
    _memo(alice, "alice's own note")
    for client in (alice, vera):
        assert "bob" not in _authors(client)
        for path in (f"/documents/{PV_ID}", f"/api/documents/{PV_ID}"):
            assert "brigade is offensive" not in client.get(path).text, path
    assert _authors(alice) == ["alice"]
    assert alice.get(f"/api/documents/{PV_ID}/memos").json()["memos_blind"] is True
    assert _authors(bob) == ["bob"]
    assert _authors(admin) == ["bob", "alice"]
    # the other document has no blind unit: its memos are open to everyone
    _memo(bob, "open note", RES_ID)
    assert _authors(alice, RES_ID) == ["bob"]
    assert admin.post("/api/reveals", json={"unit_keys": [PV_UNIT]}).json() == {"added": 1}
    assert _authors(alice) == ["bob", "alice"] == _authors(vera)
    assert "brigade is offensive" in alice.get(f"/documents/{PV_ID}").text


def test_an_unblind_assignment_hides_nothing(clients: dict[str, TestClient]) -> None:
    admin, alice, bob = clients["admin"], clients["alice"], clients["bob"]
    order = {"unit_keys": [PV_UNIT], "coders": ["alice", "bob"], "blind": False}
    assert admin.post("/api/assignments", json=order).json()["added"] == 2
    _memo(bob, "visible")
    assert _authors(alice) == ["bob"]


def test_undo_through_the_library_hides_the_memo(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    alice = clients["alice"]
    made = _memo(alice, "to be undone")
    access.write(lambda store: undo_event(store, coder="alice", event_id=made))
    assert _authors(alice) == []
    assert "to be undone" not in alice.get(f"/documents/{PV_ID}").text
