"""A fuzzed route sweep: no route of the workbench answers 500, whatever the request.

Every route of the app (read from the app itself, so a new route is swept without a
change here) is called by an admin, a coder or a viewer with random path values, query
parameters (the route's own names and stray ones) and, for writes, random JSON or form
bodies. Values mix random text (NUL, surrogates escaped, huge numbers, separators) with
real keys, ids, codes and codebook names of the fixture project, so the requests reach
past the first lookup. Any 5xx fails with the request that caused it.

Not swept: sign-out (it ends the session the sweep uses), uploads (they start ingest
jobs; the ingest fuzz covers arbitrary files) and model training (minutes of CPU).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fuzz_support import examples
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "web"))
from web_support import TestClient, build_project, session_for  # noqa: E402

from normtrace.web.app import create_app  # noqa: E402

pytestmark = pytest.mark.fuzz

SKIPPED = ("logout", "upload", "train")
KNOWN = [
    "S/RES/2098 (2013)/op12", "S/PV.8703/s002", "S/PV.8703", "S/RES/2098 (2013)", "1", "2",
    "poc", "stability-operations", "record", "corpus", "alice", "bob", "csv", "xlsx", "qdc",
    "yaml", "human", "candidate", "secretariat", "2013", "accept", "reject", "unit",
]  # fmt: skip
values = st.one_of(
    st.sampled_from(KNOWN),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", " ", "\x00", "%00", "..", "../..", "true", "-1", "1e309", "NaN",
                     "9223372036854775808", "[]", "{}", "<script>", "'", '"', "\\"]),
)  # fmt: skip
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(),
              st.text(max_size=30), st.sampled_from(KNOWN)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=8,
)  # fmt: skip


def _params(dependant: Dependant, kind: str) -> list[str]:
    """The names of a route's ``kind`` parameters (path, query, body), its dependencies'
    included."""
    names = [p.alias for p in getattr(dependant, f"{kind}_params")]
    for sub in dependant.dependencies:
        names += _params(sub, kind)
    return list(dict.fromkeys(names))


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every API route, those of included routers too (FastAPI may keep an included router
    as one entry of ``app.routes``; the routers here have no prefix)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _api_routes(route.original_router.routes)


def _routes(app: FastAPI) -> list[tuple[str, str, APIRoute]]:
    out = []
    for route in _api_routes(app.routes):
        if any(s in route.path for s in SKIPPED):
            continue
        for method in sorted(route.methods or ()):
            if method in ("GET", "POST"):
                out.append((method, route.path, route))
    return out


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    project = build_project(tmp_path_factory.mktemp("fuzzweb") / "fuzz.db")
    application = create_app(project, secret="fuzz-secret")
    yield application
    application.state.access.close()


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> dict[str, TestClient]:
    return {name: session_for(app, name) for name in ("admin", "alice", "vera")}


@st.composite
def requests(draw: st.DrawFn, routes: list[tuple[str, str, APIRoute]]) -> dict[str, Any]:
    method, path, route = draw(st.sampled_from(routes))
    url = path
    for name in _params(route.dependant, "path"):
        raw = draw(values)
        is_path = f"{{{name}:path}}" in path
        encoded = quote(raw, safe="/" if is_path else "") or "x"
        url = url.replace(f"{{{name}:path}}", encoded).replace(f"{{{name}}}", encoded)
    names = _params(route.dependant, "query")
    chosen = draw(st.lists(st.sampled_from(names), unique=True)) if names else []
    params = {name: draw(values) for name in chosen}
    if draw(st.booleans()):
        params[draw(st.text(min_size=1, max_size=8))] = draw(values)
    body: dict[str, Any] = {}
    if method == "POST":
        fields = _params(route.dependant, "body")
        if path.startswith("/api/"):
            payload = {f: draw(json_values) for f in fields}
            if fields and isinstance(payload.get(fields[0]), dict) and draw(st.booleans()):
                payload = payload[fields[0]]  # an embedded model's fields at the top level
            # sent as Python writes JSON: NaN and Infinity included (the server's parser
            # takes them)
            sent = draw(st.one_of(st.just(payload), json_values))
            body = {"content": json.dumps(sent), "ctype": "application/json"}
        else:
            body = {"data": {f: draw(values) for f in fields} or {"x": draw(values)}}
    who = draw(st.sampled_from(["admin", "alice", "vera"]))
    headers = dict(draw(st.sampled_from([{}, {"HX-Request": "true"},
                                         {"Accept": "application/json"}])))  # fmt: skip
    if "ctype" in body:
        headers["Content-Type"] = body.pop("ctype")
    return {"who": who, "method": method, "url": url, "params": params, "headers": headers,
            **body}  # fmt: skip


def test_every_route_is_swept(app: FastAPI) -> None:
    """The sweep sees the app's routes: reading, search, coding, codebooks, teams ..."""
    paths = {path for _, path, _ in _routes(app)}
    assert {"/api/search", "/documents/{document_id}", "/api/codings", "/codes/{code}"} <= paths
    assert len(paths) > 40


def _sweep(app: FastAPI, clients: dict[str, TestClient], request: dict[str, Any]) -> None:
    client = clients[request.pop("who")]
    response = client.request(**request, follow_redirects=False)
    assert response.status_code < 500, (request, response.status_code, response.text[:300])


def test_no_route_answers_500(app: FastAPI, clients: dict[str, TestClient]) -> None:
    @examples(500)
    @given(requests(_routes(app)))
    def sweep(request: dict[str, Any]) -> None:
        _sweep(app, clients, dict(request))

    sweep()
