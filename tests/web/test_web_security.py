"""Security: sessions on every route, CSRF on every write, roles, escaping.

Routes are enumerated from ``app.routes`` so that a route added later without
protection fails these tests.
"""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from web_support import PASSWORD, TestClient

from normtrace.web.auth import LoginThrottle

OPEN_PATHS = {"/login", "/api/login"}
SAMPLE = {"document_id": "1", "key": "S/PV.8703/s002", "coding_id": "1", "candidate_id": "1"}


def _routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, concrete path) for every API route."""
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or context.path in OPEN_PATHS:
            continue
        path = re.sub(r"\{(\w+)(:path)?\}", lambda m: SAMPLE.get(m[1], "1"), str(context.path))
        found.extend((method, path) for method in sorted(route.methods))
    return found


def _writes(app: FastAPI) -> list[tuple[str, str]]:
    return [(m, p) for m, p in _routes(app) if m not in ("GET", "HEAD")]


def test_every_route_needs_a_session(app: FastAPI) -> None:
    client = TestClient(app, follow_redirects=False)
    routes = _routes(app)
    assert len(routes) > 10
    for method, path in routes:
        response = client.request(method, path, headers={"Accept": "text/html"})
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.status_code)
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"] == "/login", (method, path)
        json_response = client.request(method, path, headers={"Accept": "application/json"})
        assert json_response.status_code == 401, (method, path)


def test_openapi_describes_the_json_api(clients: dict[str, TestClient]) -> None:
    schema = clients["vera"].get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/documents", "/api/search", "/api/login"} <= paths
    assert all(p.startswith("/api/") for p in paths)


def test_a_write_without_a_valid_csrf_token_is_refused(
    app: FastAPI, clients: dict[str, TestClient]
) -> None:
    admin = clients["admin"]
    token = admin.headers.pop("X-CSRF-Token")
    for method, path in _writes(app):
        for headers in ({}, {"X-CSRF-Token": "0" * 64}, {"X-CSRF-Token": token[:-1] + "x"}):
            response = admin.request(method, path, headers=headers, json={})
            assert response.status_code == 403, (method, path, headers, response.status_code)
            assert "CSRF" in response.text
        form = admin.request(method, path, data={"csrf_token": "wrong"})
        assert form.status_code == 403, (method, path)


def test_the_csrf_token_of_another_session_is_refused(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    admin.headers["X-CSRF-Token"] = clients["alice"].headers["X-CSRF-Token"]
    response = admin.post("/api/reveals", json={"unit_keys": ["S/PV.8703/s002"]})
    assert response.status_code == 403


def test_a_viewer_cannot_write(app: FastAPI, clients: dict[str, TestClient]) -> None:
    vera = clients["vera"]
    for method, path in _writes(app):
        if path.endswith("/logout"):
            continue
        response = vera.request(method, path, json={})
        assert response.status_code == 403, (method, path, response.status_code)


def test_a_coder_cannot_use_admin_routes(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    assert alice.get("/api/assignments").status_code == 403
    assert alice.get("/api/users").status_code == 403
    made = alice.post("/api/users", json={"name": "mallory", "role": "admin", "password": "x" * 12})
    assert made.status_code == 403


def test_wrong_password_and_unknown_user_look_the_same(app: FastAPI) -> None:
    client = TestClient(app)
    wrong = client.post("/api/login", json={"name": "alice", "password": "nope-nope"})
    unknown = client.post("/api/login", json={"name": "nobody", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 403
    assert wrong.json() == unknown.json()


def test_json_login_refuses_a_form_body(app: FastAPI) -> None:
    client = TestClient(app)
    response = client.post("/api/login", data={"name": "alice", "password": PASSWORD})
    assert response.status_code in (400, 422)
    assert "normtrace_session" not in client.cookies


def test_html_login_needs_the_form_token(app: FastAPI) -> None:
    client = TestClient(app, follow_redirects=False)
    forged = client.post("/login", data={"name": "alice", "password": PASSWORD})
    assert forged.headers["location"] == "/login?error=expired"
    page = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert token is not None
    data = {"name": "alice", "password": PASSWORD, "login_token": token[1]}
    signed = client.post("/login", data=data)
    assert signed.status_code == 303 and signed.headers["location"] == "/"
    cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_logout_ends_the_session(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    assert alice.post("/api/logout").status_code == 204
    assert alice.get("/api/documents").status_code == 401


def test_pages_send_a_strict_content_security_policy(clients: dict[str, TestClient]) -> None:
    response = clients["alice"].get("/documents")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("name", ["<script>", "a b", "x" * 65])
def test_bad_user_names_are_refused(clients: dict[str, TestClient], name: str) -> None:
    response = clients["admin"].post(
        "/api/users", json={"name": name, "role": "coder", "password": "long-enough"}
    )
    assert response.status_code == 400


def test_repeated_failed_sign_ins_are_throttled(app: FastAPI) -> None:
    app.state.login_throttle = LoginThrottle(limit=3)  # the default is 10; fewer argon2 runs
    client = TestClient(app)
    for _ in range(3):
        client.post("/api/login", json={"name": "bob", "password": "guess-guess"})
    right = client.post("/api/login", json={"name": "bob", "password": PASSWORD})
    assert right.status_code == 429
    other = client.post("/api/login", json={"name": "alice", "password": PASSWORD})
    assert other.status_code == 200


def test_html_forms_carry_the_csrf_token(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    token = admin.headers.pop("X-CSRF-Token")
    page = admin.get("/users").text
    assert f'name="csrf_token" value="{token}"' in page
    form = {"csrf_token": token, "name": "dora", "role": "viewer", "password": "long-enough-1"}
    made = admin.post("/users", data=form, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"] == "/users"
    admin.headers["X-CSRF-Token"] = token
    assert {"name": "dora", "role": "viewer"} in admin.get("/api/users").json()["users"]
