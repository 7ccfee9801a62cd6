"""The code page (and the passages table it is built on, ``code export --passages``) reads a
coder's reject of a model suggestion as every count does (issue s42, item 1): a dictionary
candidate of the suggestion's code in the rejected unit is "rejected by a suggestion verdict",
and the page says no count holds it, where it listed it "pending".

Documents, codebook, planted model and suggestion are SYNTHETIC.
"""

from __future__ import annotations

from pathlib import Path

from web_support import session_for

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.dictionary.candidates import SUGGESTION_REJECTED, candidate_rows
from normtrace.coding.exchange.tables import PassageFilter, passages
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.store.db import Store
from normtrace.web.app import create_app
from normtrace.web.auth import create_user, get_user
from normtrace.web.teams import assign
from synthetic_coding import plant_suggestion
from synthetic_docs import insert_document

SUB, OTHER = "SYN/9/op1/a", "SYN/9/op2"
TEXTS = {"SYN/9/op1": "Synthetic chapeau:", SUB: "to protect synthetic civilians;",
         OTHER: "to protect synthetic civilians again."}  # fmt: skip
BOOK = Codebook(name="syn", codes=(Code(id="poc", name="PoC", entries=(Entry("protect*"),)),))


def _project(path: Path) -> Path:
    """SYN/9 with a candidate of poc in op1/a and in op2; ana rejected a SYNTHETIC model's
    suggestion of poc on op2."""
    with Store.open(path) as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/9", [(k, "op", t) for k, t in TEXTS.items()])
            create_user(store, "vera", "viewer", "a synthetic password")
            create_user(store, "admin", "admin", "a synthetic password")
            create_user(store, "bo", "coder", "a synthetic password")
        register_codebook(store, BOOK)
        apply_codebook(store, BOOK, progress=False)
        sid = plant_suggestion(store, "syn", "unit", OTHER, "poc", TEXTS[OTHER])
        record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="reject")
    return path


def test_the_code_page_calls_a_candidate_under_a_rejected_suggestion_not_counted(
    tmp_path: Path,
) -> None:
    path = _project(tmp_path / "p.db")
    with Store.open(path) as store:
        listed = passages(store, PassageFilter(code="poc", sources=("candidate",)))
        assert {p.unit_key: p.status for p in listed} == {
            SUB: "pending",
            OTHER: SUGGESTION_REJECTED,
        }
        # the table and code list say the same
        assert {r["unit_key"]: r["status"] for r in candidate_rows(store, code="poc")} == {
            p.unit_key: p.status for p in listed
        }
    app = create_app(path, secret="test-secret")
    try:
        client = session_for(app, "vera")
        data = client.get("/api/codes/poc").json()
        shown = {p["unit_key"]: (p["status"], p["not_counted"]) for p in data["passages"]}
        assert shown[SUB] == ("pending", "")
        assert shown[OTHER][0] == SUGGESTION_REJECTED
        assert "rejected a model suggestion" in shown[OTHER][1]
        html = client.get("/codes/poc").text
        assert f'({SUGGESTION_REJECTED}: <span class="not-counted"' in html
        assert html.count("not counted</span>") == 1
    finally:
        app.state.access.close()


def test_a_reader_who_may_not_see_every_coder_there_reads_it_pending(tmp_path: Path) -> None:
    """op2 is assigned blind to bo and not revealed: whether a reject took its candidate out
    of the counts is not vera's to read there (as for a "done" mark), while op1/a's status
    stands."""
    path = _project(tmp_path / "p.db")
    with Store.open(path) as store, store.transaction():
        assign(store, get_user(store, "admin"), [OTHER], ["bo"], blind=True)
    app = create_app(path, secret="test-secret")
    try:
        data = session_for(app, "vera").get("/api/codes/poc").json()
        shown = {p["unit_key"]: (p["status"], p["not_counted"]) for p in data["passages"]}
        assert shown == {SUB: ("pending", ""), OTHER: ("pending", "")}
    finally:
        app.state.access.close()
