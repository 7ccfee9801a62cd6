"""Helpers of the web tests: a small real project, accounts and signed-in clients.

The project holds two real documents copied into tests/fixtures/web/: the text of
S/RES/2098 (2013) (paragraph lines picked by a test helper, not by the real
resolution parser; page furniture dropped) and the first four speeches of
S/PV.8703 (UN Security Council Debates corpus, CC0).
"""

from __future__ import annotations

import hashlib
import re
import warnings
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.parse.model import Document, Paragraph, Speech
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document
from normtrace.web.auth import create_session, create_user, csrf_token, get_user
from normtrace.web.deps import SESSION_COOKIE

with warnings.catch_warnings():
    # Starlette 1.x prefers the httpx2 fork but works with httpx, which the project pins.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "web"
PASSWORD = "correct horse battery"
ACCOUNTS = {"admin": "admin", "alice": "coder", "bob": "coder", "vera": "viewer"}
_PREAMBLE = re.compile(r"^(Re|Noting|Welcoming|Taking|Expressing|Stressing|Under|Determin)")
_OPERATIVE = re.compile(r"^(\d+)\. ")


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def _source(path: Path) -> SourceRecord:
    data = path.read_bytes()
    return SourceRecord(
        str(path.name), hashlib.sha256(data).hexdigest(), len(data), "text/plain", "test"
    )


def resolution_2098() -> Document:
    """S/RES/2098 (2013): preambular and operative paragraph lines, keyed by hand."""
    symbol = "S/RES/2098 (2013)"
    paras, pp = [], 0
    for line in _read(FIXTURES / "S-RES-2098(2013).txt").splitlines():
        line = line.strip()
        op = _OPERATIVE.match(line)
        if op:
            key, kind, number = f"{symbol}/op{int(op[1]):02d}", "operative", op[1]
        elif _PREAMBLE.match(line) and len(line) > 80:
            pp += 1
            key, kind, number = f"{symbol}/pp{pp:02d}", "preambular", None
        else:
            continue
        paras.append(Paragraph(key=key, kind=kind, text=line, order=len(paras), number=number))
    return Document(
        symbol=symbol,
        doc_type="resolution",
        parser="test.web_fixture.v1",
        date="2013-03-28",
        year=2013,
        meeting="S/PV.6943",
        paragraphs=tuple(paras),
    )


def meeting_8703() -> Document:
    """S/PV.8703: the first four speeches, speaker taken from the text before the colon."""
    speeches = []
    for i in range(1, 5):
        text = _read(FIXTURES / f"UNSC_2020_SPV.8703_spch{i:03d}.txt").strip()
        header, _, body = text.partition(":")
        speeches.append(
            Speech(
                key=f"S/PV.8703/s{i:03d}",
                index=i,
                speaker=header.strip(),
                text=body.strip(),
                header=header,
                is_president=header.startswith("The President"),
            )
        )
    return Document(
        symbol="S/PV.8703",
        doc_type="verbatim",
        parser="test.web_fixture.v1",
        title="The situation in Mali",
        date="2020-01-15",
        year=2020,
        meeting="S/PV.8703",
        speeches=tuple(speeches),
    )


def build_project(path: Path) -> Path:
    """A project with the two fixture documents and four accounts."""
    with Store.open(path) as store:
        save_document(store, resolution_2098(), _source(FIXTURES / "S-RES-2098(2013).txt"))
        save_document(store, meeting_8703(), _source(FIXTURES / "UNSC_2020_SPV.8703_spch001.txt"))
        apply_codebook(store, load_default_codebook())
        with store.transaction():
            for name, role in ACCOUNTS.items():
                create_user(store, name, role, PASSWORD)
    return path


def sign_in(app: FastAPI, name: str) -> TestClient:
    """A client signed in as ``name`` through the JSON login; CSRF header preset."""
    client = TestClient(app)
    response = client.post("/api/login", json={"name": name, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


def session_for(app: FastAPI, name: str) -> TestClient:
    """A client with a session made directly in the store (skips argon2 for speed)."""
    access = app.state.access
    token = access.write(lambda store: create_session(store, get_user(store, name)))
    client = TestClient(app)
    client.cookies.set(SESSION_COOKIE, token)
    client.headers["X-CSRF-Token"] = csrf_token(app.state.secret, token)
    return client


#: the "Done anyway" form of a unit whose "done" would decide pending suggestions
_DONE_ANYWAY = re.compile(r'class="done-anyway-form".*?name="confirm" value="([0-9 ]*)"', re.S)


def done_anyway(
    client: TestClient, key: str, data: dict[str, object], headers: dict[str, str] | None = None
) -> Any:
    """Post the unit view's "done" form as a coder who, asked first because the mark would
    read pending suggestions as not applying, answers "Done anyway" with the ids shown."""
    answer = client.post(f"/units/{key}/done", data=data, headers=headers)
    asked = _DONE_ANYWAY.search(answer.text)
    if asked is None:
        return answer
    return client.post(f"/units/{key}/done", data={**data, "confirm": asked[1]}, headers=headers)
