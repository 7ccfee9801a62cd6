"""The code page's totals are ``normtrace freq``'s (issue s43, item 1).

The page lists every passage of a code: each coder's coding, the dictionary's candidates
(those a "done" mark or a rejected model suggestion reads as absent too) and model
suggestions. Its totals, at the top and per document, role and year, are the occurrences the
counts hold (``coding.counts.code_occurrences``, the rule of ``freq`` and the case report);
the passages listed that no count holds are a number of their own, with why.

Documents, codebook, planted model and suggestions are SYNTHETIC.
"""

from __future__ import annotations

from pathlib import Path

from web_support import session_for

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.counts import code_frequencies, codes_under
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.dictionary.candidates import SUGGESTION_REJECTED
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.store.db import Store
from normtrace.web.app import create_app
from normtrace.web.auth import create_user, get_user
from normtrace.web.teams import assign
from synthetic_coding import plant_suggestion
from synthetic_docs import insert_document

#: SYN/9 (2001): op1 a candidate; op2 a candidate ana marked away ("done"); op3 a candidate
#: under ana's reject of a model suggestion; op4 coded by ana and bob on the same words, over
#: a candidate; SYN/10 (2002): op1 a candidate, and a pending model suggestion of poc
SYN9 = {
    "SYN/9/op1": "to protect synthetic civilians;",
    "SYN/9/op2": "to protect synthetic civilians again;",
    "SYN/9/op3": "to protect synthetic civilians too;",
    "SYN/9/op4": "to protect synthetic people, and to secure synthetic towns;",
}
SYN10 = {"SYN/10/op1": "to protect synthetic camps;", "SYN/10/op2": "to secure a synthetic road;"}
BOOK = Codebook(name="syn", codes=(
    Code(id="force", name="Force", codable=False),
    Code(id="poc", name="PoC", parent="force", entries=(Entry("protect*"),)),
    Code(id="sec", name="Security", parent="force", entries=(Entry("secure"),)),
))  # fmt: skip


def _project(path: Path) -> Path:
    with Store.open(path) as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/9", [(k, "op", t) for k, t in SYN9.items()])
            insert_document(conn, "SYN/10", [(k, "op", t) for k, t in SYN10.items()],
                            date="2002-03-04")  # fmt: skip
            for name, role in (("vera", "viewer"), ("admin", "admin"), ("bo", "coder")):
                create_user(store, name, role, "a synthetic password")
        register_codebook(store, BOOK)
        apply_codebook(store, BOOK, progress=False)
        mark_done(store, coder="ana", codebook="syn", unit_keys=["SYN/9/op2"])
        sid = plant_suggestion(store, "syn", "unit", "SYN/9/op3", "poc", SYN9["SYN/9/op3"])
        record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="reject")
        plant_suggestion(store, "syn", "unit", "SYN/10/op2", "poc", SYN10["SYN/10/op2"])
        for coder in ("ana", "bob"):  # the same words twice, and wider than the candidate
            add_code(store, coder=coder, unit_key="SYN/9/op4", start=0, end=27, code="poc",
                     codebook="syn")  # fmt: skip
    return path


def _freq(store: Store, code: str, by: str) -> dict[str, int]:
    """``normtrace freq --code CODE --by BY``: a frame or group counts its codes' spans."""
    named = {m: [code] for m in codes_under(store, code)[1]}
    return {r.group: r.count for r in code_frequencies(store, by=by, under=named)}


def _counts(rows: list[dict[str, object]]) -> dict[str, object]:
    return {str(r["value"]): r["count"] for r in rows}


def test_the_code_pages_totals_are_freqs_and_the_uncounted_a_number_apart(
    tmp_path: Path,
) -> None:
    path = _project(tmp_path / "p.db")
    with Store.open(path) as store:
        by_symbol = _freq(store, "poc", "symbol")
        by_year = _freq(store, "poc", "year")
        by_role = _freq(store, "poc", "role")
    assert by_symbol == {"SYN/9": 2, "SYN/10": 1}  # op1 and op4; op1
    app = create_app(path, secret="test-secret")
    try:
        client = session_for(app, "vera")
        data = client.get("/api/codes/poc").json()
        # the listing: 3 candidates of SYN/9 (op4's is listed as the codings over it), 2
        # codings, SYN/10's candidate and its suggestion
        assert data["listed"] == len(data["passages"]) == 7
        assert data["total"] == sum(by_symbol.values()) == 3
        assert data["units"] == 3
        assert _counts(data["by_document"]) == by_symbol
        assert _counts(data["by_year"]) == by_year
        assert _counts(data["by_role"]) == by_role
        assert data["not_counted"] == 3
        assert _counts(data["not_counted_by"]) == {
            "absent": 1,
            SUGGESTION_REJECTED: 1,
            "suggestion": 1,
        }
        assert not data["blind_left_out"]
        # a document's view counts that document's occurrences
        one = client.get("/api/codes/poc", params={"document": "SYN/10"}).json()
        assert (one["total"], _counts(one["by_document"])) == (1, {"SYN/10": 1})
        # the kind and coder filters choose the passages listed, not what is counted
        human = client.get("/api/codes/poc", params={"source": "human"}).json()
        assert (human["total"], human["listed"], human["not_counted"]) == (3, 2, 0)
        html = client.get("/codes/poc").text
        assert "<strong>3</strong> occurrence(s) counted in 3 unit(s)" in html
        assert "Not counted: <strong>3</strong> passage(s)" in html
        assert f'<span data-why="{SUGGESTION_REJECTED}">1 dictionary candidate(s) under' in html
        assert "7 passage(s) listed" in html
    finally:
        app.state.access.close()


def test_a_groups_page_counts_its_codes_as_freq_does(tmp_path: Path) -> None:
    """ana codes sec on op4 within its coding of poc: the group force counts those words
    once, as freq does."""
    path = _project(tmp_path / "p.db")
    with Store.open(path) as store:
        add_code(store, coder="ana", unit_key="SYN/9/op4", start=3, end=10, code="sec",
                 codebook="syn")  # fmt: skip
        group = _freq(store, "force", "symbol")
        each = {c: sum(_freq(store, c, "symbol").values()) for c in ("poc", "sec")}
    assert sum(group.values()) < sum(each.values())  # overlapping spans count once
    app = create_app(path, secret="test-secret")
    try:
        data = session_for(app, "vera").get("/api/codes/force").json()
        assert data["kind"] == "group"
        assert data["total"] == sum(group.values())
        assert _counts(data["by_document"]) == group
        assert {m["code"]: m["count"] for m in data["members"]} == each
        assert data["own"] == 0
    finally:
        app.state.access.close()


def test_units_a_viewer_may_not_read_whole_are_left_out_of_the_counts(tmp_path: Path) -> None:
    """SYN/10/op1 is assigned blind to bo, not revealed: its count is made of work vera and
    bo may not see there; the admin, not assigned, reads freq's numbers."""
    path = _project(tmp_path / "p.db")
    with Store.open(path) as store, store.transaction():
        assign(store, get_user(store, "admin"), ["SYN/10/op1"], ["bo"], blind=True)
    app = create_app(path, secret="test-secret")
    try:
        for name in ("vera", "bo"):
            data = session_for(app, name).get("/api/codes/poc").json()
            assert (data["total"], data["blind_left_out"]) == (2, True), name
            assert _counts(data["by_document"]) == {"SYN/9": 2}
        admin = session_for(app, "admin").get("/api/codes/poc").json()
        assert (admin["total"], admin["blind_left_out"]) == (3, False)
        assert "are left out of the counts" in session_for(app, "vera").get("/codes/poc").text
    finally:
        app.state.access.close()


def test_an_occurrence_in_a_heading_is_counted_apart_as_freq_does(tmp_path: Path) -> None:
    """SYN/12 (2003, SYNTHETIC): ana codes poc on its heading h1 and on op1. freq counts
    op1's in ``count`` and the heading's apart (``other_count``); so does the page."""
    path = _project(tmp_path / "p.db")
    with Store.open(path) as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/12", [
                ("SYN/12/h1", "heading", "Synthetic protection of civilians"),
                ("SYN/12/op1", "op", "to shield synthetic villages;"),
            ], date="2003-01-01")  # fmt: skip
        for key, end in (("SYN/12/h1", 10), ("SYN/12/op1", 9)):
            add_code(store, coder="ana", unit_key=key, start=0, end=end, code="poc",
                     codebook="syn")  # fmt: skip
        named = {m: ["poc"] for m in codes_under(store, "poc")[1]}
        rows = {r.group: r for r in code_frequencies(store, by="symbol", under=named)}
        by_year = _freq(store, "poc", "year")
        group = _freq(store, "force", "symbol")
    assert (rows["SYN/12"].count, rows["SYN/12"].other_count) == (1, 1)
    by_symbol = {g: r.count for g, r in rows.items()}
    app = create_app(path, secret="test-secret")
    try:
        client = session_for(app, "vera")
        data = client.get("/api/codes/poc").json()
        assert data["total"] == sum(by_symbol.values()) == 4
        assert data["units"] == 4  # SYN/9 op1, op4; SYN/10 op1; SYN/12 op1
        assert _counts(data["by_document"]) == by_symbol
        assert _counts(data["by_year"]) == by_year
        assert data["other_count"] == sum(r.other_count for r in rows.values()) == 1
        assert _counts(data["other_by_class"]) == {"heading": 1}
        html = client.get("/codes/poc").text
        assert "<strong>4</strong> occurrence(s) counted in 4 unit(s)" in html
        assert "Apart: <strong>1</strong> occurrence(s) in units of no running text" in html
        force = client.get("/api/codes/force").json()
        assert force["total"] == sum(group.values()) == 6  # poc 4, sec 2 (SYN/9/op4, SYN/10/op2)
        assert {m["code"]: m["count"] for m in force["members"]}["poc"] == 4
    finally:
        app.state.access.close()
