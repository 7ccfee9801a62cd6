"""Codebooks on the web: create, add, rename, move, recolour, retire and merge codes."""

from __future__ import annotations

from typing import Any

import yaml
from web_support import TestClient

from normtrace.coding.human import events
from normtrace.web.access import ProjectAccess

KEY = "S/PV.8703/s002"


def _version(client: TestClient, name: str) -> str:
    return str(client.get(f"/api/codebooks/{name}").json()["version"])


def _change(client: TestClient, name: str, **body: Any) -> Any:
    body["base_version"] = _version(client, name)
    return client.post(f"/api/codebooks/{name}/changes", json=body)


def test_create_add_rename_move_colour_retire_and_export(
    clients: dict[str, TestClient],
) -> None:
    admin = clients["admin"]
    assert clients["alice"].post("/api/codebooks", json={"name": "mine"}).status_code == 403
    assert admin.post("/api/codebooks", json={"name": "mine", "label": "Mine"}).status_code == 201
    assert admin.post("/api/codebooks", json={"name": "mine"}).status_code == 409
    assert admin.post("/api/codebooks", json={"name": "Bad Name"}).status_code == 400
    for code, name in (("force", "Force"), ("consent_x", "Consent")):
        edit = {"base_version": _version(admin, "mine"), "id": code, "name": name}
        assert admin.post("/api/codebooks/mine/codes", json=edit).status_code == 201
    rename = {"base_version": _version(admin, "mine"), "id": "force", "name": "Use of force"}
    assert admin.post("/api/codebooks/mine/codes", json=rename).status_code == 201
    assert _change(admin, "mine", op="move", code="consent_x", value="force").status_code == 201
    assert _change(admin, "mine", op="move", code="force", value="consent_x").status_code == 400
    assert _change(admin, "mine", op="color", code="force", value="#AA3300").status_code == 201
    assert _change(admin, "mine", op="color", code="force", value="red").status_code == 400
    stale = {"base_version": "0" * 12, "op": "retire", "code": "force"}
    assert admin.post("/api/codebooks/mine/changes", json=stale).status_code == 409
    assert _change(admin, "mine", op="retire", code="consent_x").status_code == 201
    book = yaml.safe_load(clients["vera"].get("/codebooks/mine/export.yaml").text)
    codes = {c["id"]: c for c in book["codes"]}
    assert codes["force"]["name"] == "Use of force" and codes["force"]["color"] == "#aa3300"
    assert codes["consent_x"]["parent"] == "force" and codes["consent_x"]["codable"] is False
    assert '[data-codes~="force"]' in clients["alice"].get("/codes.css").text
    page = admin.get("/codebooks/mine").text
    assert "Merge into" in page and "Retire" in page or "Restore" in page
    assert 'action="/codebooks"' in admin.get("/codebooks").text


def test_merge_moves_every_coding_as_events(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    for name in ("alice", "bob"):
        body = {"unit_key": KEY, "code": "poc", "start": 0, "end": 12}
        assert clients[name].post("/api/codings", json=body).status_code == 201
    target = "consent"
    merged = _change(clients["admin"], "stability-operations", op="merge", code="poc",
                     value=target)  # fmt: skip
    assert merged.status_code == 201, merged.text
    with access.read() as store:
        held = {(h.coder, h.code, h.memo) for h in events.human_codings(store, unit_key=KEY)}
    assert held == {(c, target, f"merged poc into {target} by admin") for c in ("alice", "bob")}
    codes = clients["admin"].get("/api/codebooks/stability-operations").json()["codes"]
    assert next(c for c in codes if c["id"] == "poc")["codable"] is False
