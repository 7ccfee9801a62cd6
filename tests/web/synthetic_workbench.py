"""A small SYNTHETIC workbench project for the unit-page tests (no real UN text, and none of
the reserved resolutions the shared fixture project holds): one resolution of four operative
paragraphs, a codebook whose dictionary proposes candidates on them, two coders and an admin."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from web_support import PASSWORD, TestClient

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.store.db import Store
from normtrace.web.auth import create_user
from synthetic_docs import insert_document

if TYPE_CHECKING:
    from fastapi import FastAPI

SYMBOL = "SYN/44"
BOOK = "syn"
#: op1: two Protection candidates; op2: a Security and a Protection candidate; op3: none;
#: op4: one Protection candidate
TEXTS = {
    f"{SYMBOL}/op1": "SYNTHETIC: decides to protect synthetic villages, and to protect synthetic "
    "camps from synthetic harm;",
    f"{SYMBOL}/op2": "SYNTHETIC: requests to secure a synthetic road and to protect synthetic "
    "wells;",
    f"{SYMBOL}/op3": "SYNTHETIC: takes note of a synthetic report on synthetic weather;",
    f"{SYMBOL}/op4": "SYNTHETIC: urges all synthetic parties to protect synthetic markets;",
}
CODEBOOK = Codebook(name=BOOK, codes=(
    Code(id="poc", name="Protection", entries=(Entry("protect*"),)),
    Code(id="sec", name="Security", entries=(Entry("secure"),)),
    Code(id="harm", name="Harm to civilians"),
))  # fmt: skip


#: the project :func:`build` copies, made once per test process (three argon2 hashes and the
#: codebook applied: 0.6 s of CPU, against a file copy)
_TEMPLATE: list[Path] = []


def build(path: Path) -> Path:
    """The project at ``path`` (a new file): the document, the codebook applied, alice and bob
    (coders), admin. A copy of one made once per test process: each test gets its own."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="normtrace-syn-workbench-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _TEMPLATE.append(_made(folder / "template.db"))
    if path.exists():
        raise FileExistsError(f"{path}: build makes a new project")
    shutil.copyfile(_TEMPLATE[0], path)
    return path


def _made(path: Path) -> Path:
    with Store.open(path) as store:
        with store.transaction() as conn:
            insert_document(conn, SYMBOL, [(k, "op", t) for k, t in TEXTS.items()])
        for name, role in (("alice", "coder"), ("bob", "coder"), ("admin", "admin")):
            create_user(store, name, role, PASSWORD)
        register_codebook(store, CODEBOOK)
        apply_codebook(store, CODEBOOK, progress=False)
    return path


def served(path: Path) -> Iterator[FastAPI]:
    """The workbench app over the project built at ``path`` (:func:`build`), closed after:
    the body of each test module's ``app`` fixture."""
    from normtrace.web.app import create_app

    made = create_app(build(path), secret="test-secret")
    yield made
    made.state.access.close()


def statuses(client: TestClient, key: str) -> dict[int, str]:
    """Candidate id → its status on the unit ``key`` as ``client`` sees it."""
    unit = client.get(f"/api/units/{key}").json()["unit"]
    return {c["id"]: c["status"] for c in unit["candidates"]}


def marks(app: FastAPI) -> list[tuple[str, str]]:
    """Every review mark the project holds, oldest first: (unit key, action)."""
    with app.state.access.read() as store:
        rows = store.conn.execute("SELECT unit_key, action FROM coding_reviews ORDER BY id")
        return [(str(r[0]), str(r[1])) for r in rows]


#: op3's words the memo tests code (``harm``), and the memo alice writes with that coding
CODED_WORDS = "synthetic report"
WITH_CODING = "SYNTHETIC: the report names harm"


def coded_with_memos(admin: TestClient, alice: TestClient, bob: TestClient) -> None:
    """op3 assigned to alice and bob (not blind); alice codes :data:`CODED_WORDS` as ``harm``
    with the memo :data:`WITH_CODING`, then writes "SYNTHETIC: see the annex" on her coding
    (the unit view's "Memo on this coding"); bob marks op3 done. SYNTHETIC."""
    op3 = f"{SYMBOL}/op3"
    order = {"unit_keys": [op3], "coders": ["alice", "bob"], "blind": False}
    assert admin.post("/api/assignments", json=order).status_code == 201
    start = TEXTS[op3].index(CODED_WORDS)
    span = {"start": start, "end": start + len(CODED_WORDS)}
    coded = alice.post(
        "/api/codings", json={"unit_key": op3, "code": "harm", **span, "memo": WITH_CODING}
    )
    assert coded.status_code == 201, coded.text
    hx = {"HX-Request": "true"}
    form = {"text": "SYNTHETIC: see the annex", "code": "harm", **span}
    assert alice.post(f"/units/{op3}/memos", data=form, headers=hx).status_code == 200
    assert bob.post(f"/units/{op3}/done", data={"codebook": BOOK}, headers=hx).is_success
