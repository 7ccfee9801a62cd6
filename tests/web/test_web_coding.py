"""Coding through the workbench: apply, remove, conflicts, candidates, memos, blindness."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from web_support import TestClient, done_anyway

from normtrace.store.db import Store
from normtrace.web.access import ProjectAccess

KEY = "S/PV.8703/s002"
OP09 = "S/RES/2098 (2013)/op09"


def _text(client: TestClient, key: str) -> str:
    return str(client.get(f"/api/units/{key}").json()["unit"]["text"])


def _code(client: TestClient, key: str, word: str, code: str = "poc") -> dict[str, object]:
    text = _text(client, key)
    start = text.index(word)
    body = {"unit_key": key, "code": code, "start": start, "end": start + len(word)}
    response = client.post("/api/codings", json={**body, "snippet": word})
    assert response.status_code == 201, response.text
    return dict(response.json())


def _events(access: ProjectAccess) -> int:
    with access.read() as store:
        return int(store.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0])


def test_apply_and_remove_a_code(clients: dict[str, TestClient], access: ProjectAccess) -> None:
    alice = clients["alice"]
    made = _code(alice, KEY, "peacekeepers")
    assert made["snippet"] == "peacekeepers" and made["coder"] == "alice"
    unit = alice.get(f"/api/units/{KEY}").json()["unit"]
    codings = [(c["code"], c["name"], c["snippet"]) for c in unit["codings"]]
    assert codings == [("poc", "Protection of civilians", "peacekeepers")]
    html = alice.get(f"/units/{KEY}").text
    # people read the code's name; the id stays in the markup for scripts and styles
    assert (
        '<mark data-codes="poc" title="coded: Protection of civilians">peacekeepers</mark>' in html
    )
    assert '<span class="code">Protection of civilians</span>' in html
    removed = alice.post(f"/api/codings/{made['id']}/remove")
    assert removed.status_code == 200
    assert alice.get(f"/api/units/{KEY}").json()["unit"]["codings"] == []
    again = alice.post(f"/api/codings/{made['id']}/remove")
    assert again.status_code == 409, "a second removal is a reported conflict"
    assert _events(access) == 2


def test_conflicting_writes_are_reported_and_not_written(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    alice = clients["alice"]
    _code(alice, KEY, "peacekeepers")
    before = _events(access)
    text = _text(alice, KEY)
    start = text.index("peacekeepers")
    span = {"unit_key": KEY, "code": "poc", "start": start, "end": start + 12}
    assert alice.post("/api/codings", json=span).status_code == 409
    stale = {**span, "code": "r2p", "snippet": "something else"}
    response = alice.post("/api/codings", json=stale)
    assert response.status_code == 409 and "changed" in response.json()["error"]
    assert _events(access) == before
    outside = {**span, "start": len(text), "end": len(text) + 5}
    assert alice.post("/api/codings", json=outside).status_code == 400
    unknown = {**span, "code": "no_such_code"}
    assert alice.post("/api/codings", json=unknown).status_code == 400
    assert _events(access) == before


def test_a_coder_removes_only_their_own_codings(clients: dict[str, TestClient]) -> None:
    made = _code(clients["alice"], KEY, "peacekeepers")
    response = clients["bob"].post(f"/api/codings/{made['id']}/remove")
    assert response.status_code == 403


def test_accept_and_reject_candidates(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    brigade = next(c for c in unit["candidates"] if c["code"] == "intervention_brigade")
    others = [c for c in unit["candidates"] if c["id"] != brigade["id"]]
    assert brigade["status"] == "pending" and others
    accepted = alice.post(f"/api/candidates/{brigade['id']}/accept")
    assert accepted.json() == {"candidate_id": brigade["id"], "unit_key": OP09, "verdict": "accept"}
    assert alice.post(f"/api/candidates/{others[0]['id']}/reject").status_code == 200
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    status = {c["id"]: c["status"] for c in unit["candidates"]}
    assert status[brigade["id"]] == "accept" and status[others[0]["id"]] == "reject"
    assert [c["code"] for c in unit["codings"]] == ["intervention_brigade"]
    bob_view = clients["bob"].get(f"/api/units/{OP09}").json()["unit"]
    # bob has no verdicts; alice's reject makes the candidate count nowhere: absent for him
    assert {c["id"]: c["status"] for c in bob_view["candidates"]} == {
        c["id"]: "absent" if c["id"] == others[0]["id"] else "pending" for c in unit["candidates"]
    }


def test_htmx_form_posts_return_the_unit_fragment(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    text = _text(alice, KEY)
    start = text.index("Tessalit")
    form = {"code": "poc", "start": str(start), "end": str(start + 8)}
    response = alice.post(f"/units/{KEY}/codings", data=form, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<article")
    assert ">Tessalit</mark>" in response.text


def test_script_in_a_memo_is_rendered_inert(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert alice.post("/api/memos", json={"unit_key": KEY, "text": evil}).status_code == 201
    for path in (f"/units/{KEY}", "/documents/2"):
        html = alice.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    form = alice.post(f"/units/{KEY}/memos", data={"text": evil}, headers={"HX-Request": "1"})
    assert "<script>alert" not in form.text and "&lt;img src=x" in form.text


def test_memo_on_a_coded_span(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    made = _code(alice, KEY, "peacekeepers")
    data = {"text": "why poc", "start": str(made["start"]), "end": str(made["end"]), "code": "poc"}
    alice.post(f"/units/{KEY}/memos", data=data, headers={"HX-Request": "1"})
    memos = alice.get(f"/api/units/{KEY}").json()["unit"]["memos"]
    # the memo's target in words: the quoted passage and the code's name, never offsets
    assert [(m["text"], m["target"]) for m in memos] == [
        ("why poc", "“peacekeepers” · Protection of civilians")
    ]


def _get_routes(app: FastAPI, key: str) -> list[str]:
    sample = {"document_id": "2", "key": key, "name": "stability-operations",
              "codebook": "stability-operations", "code": "poc", "fmt": "csv",
              "job_id": "none", "draw_id": "1"}  # fmt: skip
    paths = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and "GET" in route.methods:
            paths.append(re.sub(r"\{(\w+)(:path)?\}", lambda m: sample[m[1]], str(context.path)))
    return paths


def test_blind_codings_stay_hidden_on_every_route_until_revealed(
    app: FastAPI, clients: dict[str, TestClient]
) -> None:
    admin, alice, bob = clients["admin"], clients["alice"], clients["bob"]
    order = {"unit_keys": [KEY], "coders": ["alice", "bob"], "blind": True}
    assert admin.post("/api/assignments", json=order).json()["added"] == 2
    _code(alice, KEY, "peacekeepers")
    bobs = _code(bob, KEY, "Tessalit")
    assert bob.post("/api/memos", json={"unit_key": KEY, "text": "bob's memo"}).status_code == 201
    for path in _get_routes(app, KEY):
        for accept in ("text/html", "application/json"):
            response = alice.get(path, params={"q": "Tessalit"}, headers={"Accept": accept})
            assert "bob" not in response.text, (path, accept)
    assert alice.post(f"/api/codings/{bobs['id']}/remove").status_code == 404
    admin_view = admin.get(f"/api/units/{KEY}").json()["unit"]
    assert {c["coder"] for c in admin_view["codings"]} == {"alice", "bob"}
    assert admin.post("/api/reveals", json={"unit_keys": [KEY]}).json() == {"added": 1}
    revealed = alice.get(f"/api/units/{KEY}").json()["unit"]
    assert {c["coder"] for c in revealed["codings"]} == {"alice", "bob"}
    assert [m["author"] for m in revealed["memos"]] == ["bob"]


def test_editions_sharing_a_key_show_a_coding_only_where_its_text_is(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """Issue 14 item 3: a coding made on the corpus page names its edition; the record page
    shows it only where the same words are at the same place."""
    alice = clients["alice"]
    record = _text(alice, KEY)

    def corpus_edition(store: Store) -> None:  # SYNTHETIC corpus text: record text, new opening
        cur = store.conn.execute(
            "INSERT INTO documents (symbol, edition, doc_type, date, year, parser) "
            "VALUES ('S/PV.8703', 'corpus', 'verbatim', '2020-01-01', 2020, 'test')"
        )
        store.conn.execute(
            "INSERT INTO speeches (document_id, key, idx, speaker, text) VALUES (?, ?, 2, 'x', ?)",
            (cur.lastrowid, KEY, "Thank you. " + record),
        )

    access.write(corpus_edition)
    page = alice.get(f"/api/units/{KEY}", params={"edition": "corpus"}).json()["unit"]
    corpus = page["text"]
    assert page["edition"] == "corpus" and corpus != record
    start = corpus.index("peacekeepers")
    span = {"unit_key": KEY, "code": "poc", "start": start, "end": start + 12,
            "snippet": "peacekeepers"}  # fmt: skip
    # Sent without its edition, the corpus offsets fall on other record words: refused.
    assert alice.post("/api/codings", json=span).status_code == 409
    made = alice.post("/api/codings", json={**span, "edition": "corpus"})
    assert made.status_code == 201, made.text
    on_corpus = alice.get(f"/api/units/{KEY}", params={"edition": "corpus"}).json()["unit"]
    assert [c["snippet"] for c in on_corpus["codings"]] == ["peacekeepers"]
    on_record = alice.get(f"/api/units/{KEY}").json()["unit"]
    assert on_record["edition"] == "record" and on_record["codings"] == []


def test_a_coding_whose_words_are_gone_is_hidden_and_flagged(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """Issue 14 item 2 in the web app: never shown on other words, counted as needing review."""
    from normtrace.coding.human.anchors import reanchor

    alice = clients["alice"]
    _code(alice, KEY, "peacekeepers")

    def new_version(store: Store) -> None:
        store.conn.execute(
            "UPDATE speeches SET text = replace(text, 'peacekeepers', 'soldiers') WHERE key = ?",
            (KEY,),
        )
        assert reanchor(store).review == 1

    access.write(new_version)
    unit = alice.get(f"/api/units/{KEY}").json()["unit"]
    assert unit["codings"] == [] and unit["review"] == 1
    assert "wait for review" in alice.get(f"/units/{KEY}").text


def test_done_nothing_applies_from_the_unit_view_and_withdrawn(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """The docs promised a "Done, nothing applies" button; the web app had only the JSON
    route (a new user found no way to record a negative in the browser)."""
    alice = clients["alice"]
    page = alice.get(f"/units/{OP09}").text
    assert "Done, nothing (else) applies" in page
    book = re.search(r'name="codebook" value="([^"]+)"', page)
    assert book is not None
    hx = {"HX-Request": "true"}
    marked = done_anyway(alice, OP09, {"codebook": book[1]}, hx)
    assert marked.status_code == 200 and "Withdraw “done”" in marked.text
    with access.read() as store:
        rows = store.conn.execute(
            "SELECT coder, action, source FROM coding_reviews WHERE unit_key = ?", (OP09,)
        ).fetchall()
    assert [tuple(r) for r in rows] == [("alice", "done", "web")]
    assert "Done, nothing (else) applies" in clients["bob"].get(f"/units/{OP09}").text
    back = alice.post(f"/units/{OP09}/done", data={"codebook": book[1], "undo": "1"}, headers=hx)
    assert "Done, nothing (else) applies" in back.text and "Withdraw" not in back.text


def test_the_suggestion_queue_is_linked_from_the_codebook_and_code_pages(
    clients: dict[str, TestClient],
) -> None:
    """A new user found the queue only by reading the source: nothing linked to it."""
    alice = clients["alice"]
    listing = alice.get("/codebooks").text
    found = re.search(r'href="/codebooks/([^"/]+)"', listing)
    assert found is not None
    name = found[1]
    page = alice.get(f"/codebooks/{name}").text
    link = re.search(r'href="(/learn/[^"]+)">suggestion queue', page)
    assert link is not None and alice.get(link[1]).status_code == 200
    code = link[1].rsplit("/", 1)[1]
    assert f'href="/learn/{name}/{code}"' in alice.get(f"/codes/{code}").text


def test_rejecting_an_accepted_candidate_withdraws_the_coding_it_made(
    clients: dict[str, TestClient],
) -> None:
    """A new user accepted a candidate, went back in the browser and rejected it: the
    coding the accept made stayed, so one passage counted as positive and negative."""
    alice = clients["alice"]
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    brigade = next(c for c in unit["candidates"] if c["code"] == "intervention_brigade")
    alice.post(f"/api/candidates/{brigade['id']}/accept")
    assert [c["code"] for c in alice.get(f"/api/units/{OP09}").json()["unit"]["codings"]] == [
        "intervention_brigade"
    ]
    alice.post(f"/api/candidates/{brigade['id']}/reject")
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    assert unit["codings"] == []
    assert {c["id"]: c["status"] for c in unit["candidates"]}[brigade["id"]] == "reject"
    # one undo takes the rejection back whole: the coding returns, the verdict is accept
    undone = alice.post("/api/undo")
    assert undone.status_code == 201 and " and " in undone.json()["message"]
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    assert [c["code"] for c in unit["codings"]] == ["intervention_brigade"]
    assert {c["id"]: c["status"] for c in unit["candidates"]}[brigade["id"]] == "accept"


def test_the_codebook_page_says_what_its_downloads_cannot_carry(
    clients: dict[str, TestClient],
) -> None:
    """The CLI export named the verdicts it leaves behind; the web downloads did not."""
    alice = clients["alice"]
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    alice.post(f"/api/candidates/{unit['candidates'][0]['id']}/reject")
    page = clients["admin"].get("/codebooks/stability-operations").text
    assert "Not in these files: 1 verdicts on proposals of" in page


def test_undo_withdraws_a_done_mark_made_last(clients: dict[str, TestClient]) -> None:
    """A new user marked a unit done, pressed u, and an older memo was undone instead."""
    alice = clients["alice"]
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    brigade = next(c for c in unit["candidates"] if c["code"] == "intervention_brigade")
    alice.post(f"/api/candidates/{brigade['id']}/accept")  # an older action
    marked = alice.post("/api/units/done", json={"confirm": True, "unit_key": OP09,
                                                 "codebook": "stability-operations"})  # fmt: skip
    assert marked.status_code == 201
    undone = alice.post("/api/undo")
    assert undone.status_code == 201
    assert "'done, nothing (else) applies' mark on the unit" in undone.json()["message"]
    assert undone.json()["unit_key"] == OP09
    # the accept stands; the next undo takes it back
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    assert {c["id"]: c["status"] for c in unit["candidates"]}[brigade["id"]] == "accept"
    again = alice.post("/api/undo").json()["message"]
    assert again.startswith("Undone: your") and "done, nothing" not in again


def test_a_done_mark_for_some_codes_through_the_api_and_its_undo(
    clients: dict[str, TestClient],
) -> None:
    """Done for these codes, in the web API: the mark speaks for the named code only, and
    `u` withdraws that mark (not a mark of every code)."""
    alice = clients["alice"]
    done = {"unit_key": OP09, "codebook": "stability-operations", "confirm": True}
    assert alice.post("/api/units/done", json=done).status_code == 201
    scoped = alice.post("/api/units/done", json={**done, "codes": ["intervention_brigade"]})
    assert scoped.status_code == 201 and scoped.json()["codes"] == ["intervention_brigade"]
    bad = alice.post("/api/units/done", json={**done, "codes": ["no_such_code"]})
    assert bad.status_code >= 400 and "has no code or frame no_such_code" in bad.text
    message = alice.post("/api/undo").json()["message"]
    # named as the coding bar names the code (a new user read the old wording as a mark of
    # every code, with a code id)
    assert f"'done for Intervention Brigade' mark on the unit {OP09} (stability-" in message
    # the mark of every code stands: the unit page still says done
    assert alice.get(f"/api/units/{OP09}").json()["unit"]["done"] == ["stability-operations"]


def test_a_candidate_read_as_absent_is_not_shown_pending(clients: dict[str, TestClient]) -> None:
    """A new user saw candidates under their own "done" mark listed as "pending" with live
    buttons, although they no longer counted anywhere."""
    alice, bob = clients["alice"], clients["bob"]
    before = alice.get(f"/api/units/{OP09}").json()["unit"]["candidates"]
    assert before and all(c["status"] == "pending" for c in before)
    brigade = next(c for c in before if c["code"] == "intervention_brigade")
    alice.post("/api/units/done", json={"confirm": True, "unit_key": OP09,
                                        "codebook": "stability-operations",
                                        "codes": ["intervention_brigade"]})  # fmt: skip
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    after = {c["id"]: c["status"] for c in unit["candidates"]}
    assert after[brigade["id"]] == "absent"
    assert all(s == "pending" for i, s in after.items() if i != brigade["id"])
    # another coder's view follows the same counts; an accept makes it count (and accepted)
    assert {c["id"]: c["status"] for c in bob.get(f"/api/units/{OP09}").json()["unit"][
        "candidates"]}[brigade["id"]] == "absent"  # fmt: skip
    bob.post(f"/api/candidates/{brigade['id']}/accept")
    assert {c["id"]: c["status"] for c in alice.get(f"/api/units/{OP09}").json()["unit"][
        "candidates"]}[brigade["id"]] == "pending"  # fmt: skip
    page = alice.get(f"/units/{OP09}").text
    assert "accept it to count it" not in page


def test_done_for_these_codes_form_refuses_no_ticked_code(clients: dict[str, TestClient]) -> None:
    """The form of "done for these codes" with nothing ticked is refused in one line; it
    never becomes a mark of every code."""
    alice = clients["alice"]
    form = {"codebook": "stability-operations", "scoped": "1"}
    refused = alice.post(f"/units/{OP09}/done", data=form)
    assert refused.status_code >= 400 and "names no code" in refused.text
    assert alice.get(f"/api/units/{OP09}").json()["unit"]["done"] == []
    made = done_anyway(alice, OP09, {**form, "codes": ["poc", "stabilization"]})
    assert made.status_code == 200 and "Done for " in made.text and "Withdraw" in made.text
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    assert unit["done"] == [] and unit["done_some"] == {
        "stability-operations": [["poc", "stabilization"]]}  # fmt: skip


def test_undo_takes_back_an_accept_whole(clients: dict[str, TestClient]) -> None:
    """A review found that `u` after an accept removed the coding it made but left the
    accept, so the label stayed positive and an export carried it again as a coding."""
    alice = clients["alice"]
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    brigade = next(c for c in unit["candidates"] if c["code"] == "intervention_brigade")
    alice.post(f"/api/candidates/{brigade['id']}/accept")
    message = alice.post("/api/undo").json()["message"]
    assert message.startswith("Undone: your coding") and " and your acceptance of candidate " in (
        message)  # fmt: skip
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    assert {c["id"]: c["status"] for c in unit["candidates"]}[brigade["id"]] == "pending"
    assert unit["codings"] == []


def test_u_after_a_withdrawal_puts_the_mark_back_and_an_undone_memo_leaves(
    clients: dict[str, TestClient],
) -> None:
    """A new user withdrew a "done" mark, pressed u, and an older memo was undone instead;
    that undone memo then still showed on every page."""
    alice = clients["alice"]
    memo = alice.post("/api/memos", json={"unit_key": OP09, "text": "SYNTHETIC memo to undo"})
    assert memo.status_code == 201
    done = {"unit_key": OP09, "codebook": "stability-operations", "confirm": True}
    alice.post("/api/units/done", json=done)
    alice.post("/api/units/done", json={**done, "undo": True})
    back = alice.post("/api/undo").json()
    message = back["message"]
    assert message.startswith("Undone: your withdrawal of the 'done") and "the mark is back" in (
        message)  # fmt: skip
    # a mark is a row, not an event: the answer names that row and no event
    assert (back["kind"], back["undo_event"], back["target_event"]) == ("mark", None, None)
    rows = alice.get(f"/api/units/{OP09}").json()["unit"]
    assert isinstance(back["review_row"], int) and rows["done"] == ["stability-operations"]
    assert alice.get(f"/api/units/{OP09}").json()["unit"]["done"] == ["stability-operations"]
    # an undo is no action of its own: the next u takes back the marking, then the memo
    message = alice.post("/api/undo").json()["message"]
    assert message.startswith("Undone: your 'done, nothing (else) applies' mark"), message
    message = alice.post("/api/undo").json()["message"]
    assert message.startswith("Undone: your memo"), message
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    assert unit["done"] == []
    assert "SYNTHETIC memo to undo" not in [m["text"] for m in unit["memos"]]
    assert "SYNTHETIC memo to undo" not in alice.get(f"/units/{OP09}").text


def test_u_puts_a_mark_back_under_the_version_it_was_made_under(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """A review found that `u` after a withdrawal wrote the mark back under the codebook's
    newest version, widening it to a code added since; and that `u` after marking again
    under the newer version withdrew the older mark as well."""
    from dataclasses import replace as with_

    from normtrace.coding.codebook import Code
    from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
    from normtrace.coding.human.reviews import current_reviews, review_targets

    alice = clients["alice"]
    done = {"unit_key": OP09, "codebook": "stability-operations", "confirm": True}
    assert alice.post("/api/units/done", json=done).status_code == 201

    def newer(store: Store) -> str:
        book = stored_codebook(store, "stability-operations")
        grown = with_(book, codes=(*book.codes, Code(id="synthetic_new", name="SYNTHETIC")))
        register_codebook(store, grown)
        return str(book.version)

    older = access.write(newer)

    def reviewed_for_new() -> set[str]:
        with access.read() as store:
            return review_targets(store, "stability-operations", "unit",
                                  code="synthetic_new")[0]  # fmt: skip

    assert OP09 not in reviewed_for_new()
    alice.post("/api/units/done", json={**done, "undo": True})
    alice.post("/api/undo")  # the mark is back, as it was
    assert OP09 not in reviewed_for_new()
    with access.read() as store:
        (mark,) = current_reviews(store, "stability-operations", coder="alice")
        assert mark.codebook_version == older
    alice.post("/api/units/done", json=done)  # marking again: now for the new code too
    assert OP09 in reviewed_for_new()
    assert "the mark is back" not in alice.post("/api/undo").json()["message"]
    with access.read() as store:  # u took back the re-marking only: the older mark stands
        (mark,) = current_reviews(store, "stability-operations", coder="alice")
        assert mark.codebook_version == older
    assert OP09 not in reviewed_for_new()


def test_an_accept_the_current_run_no_longer_proposes_shows_and_can_be_rejected(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """bob accepted a candidate (`code verdict`: no hand coding), then a revised codebook
    stopped proposing it: the accept still counted, but the unit view listed the current
    run's candidates only, so nobody could see or take back that coding."""
    from dataclasses import replace as with_

    from normtrace.coding.codebook import Entry
    from normtrace.coding.counts import coded_spans
    from normtrace.coding.dictionary.apply import apply_codebook, stored_codebook
    from normtrace.coding.human.events import record_verdict

    alice = clients["alice"]
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    brigade = next(c for c in unit["candidates"] if c["code"] == "intervention_brigade")

    # alice accepts in the workbench (her accept is also her hand coding: listed as hers)
    hx = {"HX-Request": "true"}
    assert alice.post(f"/units/{OP09}/candidates/{brigade['id']}/accept", headers=hx).is_success

    def revise(store: Store) -> str:
        record_verdict(store, coder="bob", auto_coding_id=brigade["id"], verdict="accept")
        book = stored_codebook(store, "stability-operations")
        gone = (Entry("synthetic-words-no-text-holds"),)
        codes = tuple(with_(c, entries=gone) if c.id == "intervention_brigade" else c
                      for c in book.codes)  # fmt: skip
        apply_codebook(store, with_(book, codes=codes), progress=False)
        return str(book.version)

    older = access.write(revise)
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    assert "intervention_brigade" not in [c["code"] for c in unit["candidates"]]
    (kept,) = unit["kept"]
    assert (kept["id"], kept["coders"], kept["version"], kept["snippet"]) == (
        brigade["id"], ["bob"], older, brigade["snippet"])  # fmt: skip
    assert kept["status"] == "accepted, not proposed by the current run"
    page = alice.get(f"/units/{OP09}").text
    assert "Accepted earlier, not proposed by the current run" in page
    assert '<mark data-codes="intervention_brigade"' in page  # it counts: shown coded
    # alice's reject takes back her own accept (and the coding it made); bob's is bob's work
    back = alice.post(f"/units/{OP09}/candidates/{kept['id']}/reject", headers=hx)
    assert back.status_code == 200 and "accepted by bob" in back.text
    back = clients["bob"].post(f"/units/{OP09}/candidates/{kept['id']}/reject", headers=hx)
    assert back.status_code == 200 and "Accepted earlier" not in back.text
    assert alice.get(f"/api/units/{OP09}").json()["unit"]["kept"] == []
    with access.read() as store:
        assert "intervention_brigade" not in {s[3] for s in coded_spans(store, "human")}


def test_a_done_mark_of_an_older_version_says_which_codes_it_was_not_for(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """A unit marked "done" before a code was added showed plain "Done", though it is not
    reviewed for the new code; marking it again for the current version keeps the old mark."""
    from dataclasses import replace as with_

    from normtrace.coding.codebook import Code
    from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
    from normtrace.coding.human.reviews import review_targets

    alice = clients["alice"]
    book = "stability-operations"
    hx = {"HX-Request": "true"}
    assert done_anyway(alice, OP09, {"codebook": book}, hx).is_success

    def grow(store: Store) -> tuple[str, int]:
        old = stored_codebook(store, book)
        register_codebook(store, with_(old, codes=(*old.codes, Code(
            id="synthetic_new", name="SYNTHETIC new code"))))  # fmt: skip
        return str(old.version), sum(c.codable for c in old.codes)

    older, count = access.write(grow)
    unit = alice.get(f"/api/units/{OP09}").json()["unit"]
    assert unit["done_older"][book] == {"version": older, "codes": count,
                                        "missing": ["synthetic_new"]}  # fmt: skip
    page = alice.get(f"/units/{OP09}").text
    assert f"Done for {count} code(s) of version <code>{older}</code>" in page
    assert "not reviewed for: SYNTHETIC new code" in page
    assert "Done: you marked this unit reviewed" not in page
    again = done_anyway(alice, OP09, {"codebook": book}, hx)
    assert again.is_success and "Done: you marked this unit reviewed" in again.text
    assert "not reviewed for" not in again.text
    with access.read() as store:
        rows = store.conn.execute(
            "SELECT action, codebook_version FROM coding_reviews WHERE unit_key = ? "
            "ORDER BY id", (OP09,)).fetchall()  # fmt: skip
        assert [r[0] for r in rows] == ["done", "done"] and rows[0][1] == older != rows[1][1]
        assert OP09 in review_targets(store, book, "unit", code="synthetic_new")[0]
