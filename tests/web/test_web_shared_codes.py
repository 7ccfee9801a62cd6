"""A code id two codebooks hold (SYNTHETIC codebook `mini` keeping the default's `poc`): the
coding bar lists it under each codebook and the coding records the one chosen; without one
the API refuses, as `code add` does (it went to the first registered codebook)."""

from __future__ import annotations

from web_support import TestClient

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.web.access import ProjectAccess

KEY = "S/PV.8703/s002"
MINI = Codebook(name="mini", codes=(Code(id="poc", name="PoC (SYNTHETIC)",
                                         entries=(Entry("civilians"),)),))  # fmt: skip


def test_the_bar_lists_a_shared_code_under_each_codebook(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    access.write(lambda store: register_codebook(store, MINI))
    alice = clients["alice"]
    html = alice.get(f"/units/{KEY}").text
    assert 'data-codebook="mini"' in html and 'data-codebook="stability-operations"' in html
    body = {"unit_key": KEY, "code": "poc", "start": 0, "end": 5}
    refused = alice.post("/api/codings", json=body)
    assert refused.status_code == 400 and "choose it under one of them" in refused.text
    assert alice.post("/api/codings", json={**body, "codebook": "mini"}).status_code == 201
    with access.read() as store:
        (book,) = store.conn.execute(
            "SELECT b.name FROM coding_events e JOIN codebooks b ON b.version = e.codebook_version "
            "WHERE e.action = 'code'"
        ).fetchone()
    assert book == "mini"


def test_coding_every_hit_refuses_a_shared_code_without_its_codebook(
    access: ProjectAccess,
) -> None:
    import pytest

    from normtrace.errors import WebError
    from normtrace.web.auth import User
    from normtrace.web.bulk import apply

    access.write(lambda store: register_codebook(store, MINI))
    with access.read() as store, pytest.raises(WebError, match="choose the codebook you code"):
        apply(store, User(2, "alice", "coder"), "poc", ["x"])


def test_a_merge_moves_its_own_codebooks_codings_only(access: ProjectAccess) -> None:
    """Merging mini's poc moved every codebook's poc codings (a code id they share)."""
    from normtrace.coding.dictionary.apply import stored_codebook
    from normtrace.coding.human.events import add_code, human_codings
    from normtrace.web.auth import User
    from normtrace.web.codebook_ops import change_code

    mini = Codebook(name="mini", codes=(*MINI.codes, Code(id="other", name="Other (SYNTHETIC)")))
    access.write(lambda store: register_codebook(store, mini))
    for book in ("mini", "stability-operations"):
        coder = "alice" if book == "mini" else "bob"
        access.write(lambda store, b=book, c=coder: add_code(
            store, coder=c, unit_key=KEY, start=0, end=5, code="poc", codebook=b))  # fmt: skip
    with access.read() as store:
        version = stored_codebook(store, "mini").version
    access.write(lambda store: change_code(store, User(1, "admin", "admin"), "mini",
                                           base_version=version, op="merge", code="poc",
                                           value="other"))  # fmt: skip
    with access.read() as store:
        held = sorted((h.coder, h.code) for h in human_codings(store, unit_key=KEY))
    assert held == [("alice", "other"), ("bob", "poc")]
