"""A code id two codebooks hold (migration 0022) on the workbench's other surfaces: the unit
page's machine suggestions, the search page's code filter and the memo on a coding each say,
and act on, one codebook's code; and which codebooks hold a code id is one function
(:func:`normtrace.coding.human.codable.codable_books`), read by the coding bar and by "code
all hits" alike.

Every project here is SYNTHETIC (``synthetic_shared``: the codebooks ``alpha`` and ``beta``
both hold ``poc``, and both dictionaries propose it on the same words of SYN/22/op1).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from synthetic_shared import BOTH, POC, SEC, protect, workbench

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.human.events import add_code, human_codings, list_events
from normtrace.store.db import Store
from normtrace.web import bulk, codings, queries

HTMX = {"HX-Request": "true"}


def _flash(response: object) -> str:
    trigger = getattr(response, "headers", {}).get("HX-Trigger", "{}")
    return str(json.loads(trigger).get("normtrace-flash", ""))


def test_each_suggestion_is_its_codebooks(tmp_path: Path) -> None:
    """alpha's and beta's suggestions of poc on the same words were two identical items,
    both named as beta (the last registered) names poc, with no codebook said."""
    with workbench(tmp_path / "p.db") as (clients, access):
        alice = clients["alice"]
        listed = alice.get(f"/api/units/{BOTH}").json()["unit"]["candidates"]
        assert sorted((c["codebook"], c["name"]) for c in listed) == sorted(POC.items())
        ids = {c["codebook"]: c["id"] for c in listed}
        html = alice.get(f"/units/{BOTH}").text
        for book, cid in ids.items():
            item = re.search(rf'<li class="candidate" data-id="{cid}"[^>]*>.*?</li>', html, re.S)
            assert item is not None, book
            assert f'data-codebook="{book}"' in item.group(0)
            named = f'<span class="code">{POC[book]}</span> <span class="codebook">({book})</span>'
            assert named in item.group(0)
        # the highlighted words name both suggestions, each as its codebook does
        title = re.search(r'<span class="cand" data-candidates="poc" title="([^"]*)"', html)
        assert title is not None
        assert f"{POC['alpha']} (alpha)" in title[1] and f"{POC['beta']} (beta)" in title[1]

        # accepting alpha's is alpha's coding, said so; beta's stays pending
        answer = alice.post(f"/units/{BOTH}/candidates/{ids['alpha']}/accept", headers=HTMX)
        assert answer.status_code == 200
        assert _flash(answer).startswith(f"Accepted {POC['alpha']} of alpha in {BOTH}")
        status = {c["codebook"]: c["status"] for c in
                  alice.get(f"/api/units/{BOTH}").json()["unit"]["candidates"]}  # fmt: skip
        assert status == {"alpha": "accept", "beta": "pending"}
        with access.read() as store:
            assert [h.codebook for h in human_codings(store, coder="alice")] == ["alpha"]
        answer = alice.post(f"/units/{BOTH}/candidates/{ids['beta']}/reject", headers=HTMX)
        assert _flash(answer).startswith(f"Rejected {POC['beta']} of beta in {BOTH}")
        status = {c["codebook"]: c["status"] for c in
                  alice.get(f"/api/units/{BOTH}").json()["unit"]["candidates"]}  # fmt: skip
        assert status == {"alpha": "accept", "beta": "reject"}


def _coded(access: object) -> None:
    """alice holds poc of alpha on BOTH's "protect", and poc of beta on SEC's first word."""

    def write(store: Store) -> None:
        start, end = protect(queries.get_unit(store, BOTH).text)
        add_code(store, coder="alice", unit_key=BOTH, start=start, end=end, code="poc",
                 codebook="alpha")  # fmt: skip
        add_code(store, coder="alice", unit_key=SEC, start=0, end=9, code="poc", codebook="beta")

    access.write(write)  # type: ignore[attr-defined]


def _keys(client: object, **params: str) -> set[str]:
    found = client.get("/api/search", params=params).json()  # type: ignore[attr-defined]
    assert not found["error"], found["error"]
    return {h["key"] for h in found["hits"]}


def test_the_code_filter_keeps_the_named_codebooks_code(tmp_path: Path) -> None:
    """Filtering by poc kept the units of either codebook's poc, whatever codebook was meant."""
    with workbench(tmp_path / "p.db") as (clients, access):
        _coded(access)
        alice = clients["alice"]
        assert _keys(alice, code="poc", code_book="alpha") == {BOTH}
        assert _keys(alice, code="poc", code_book="beta") == {SEC}
        assert _keys(alice, q="synthetic", code="poc", code_book="beta") == {SEC}  # words too
        assert _keys(alice, code="poc", code_book="beta", code_source="candidate") == {BOTH}
        # a code one codebook holds needs none (as before)
        assert _keys(alice, code="sec", code_source="candidate") == {SEC}
        refused = alice.get("/api/search", params={"code": "poc"})
        assert refused.status_code == 400
        assert "in codebooks alpha, beta: choose whose code" in refused.json()["error"]
        wrong = alice.get("/api/search", params={"code": "sec", "code_book": "beta"})
        assert wrong.status_code == 400 and "no codable code of codebook 'beta'" in wrong.text

        # each hit names the codebook of each code on it
        hit = alice.get("/api/search", params={"q": "protect"}).json()["hits"][0]
        assert {(c["code"], c["codebook"], c["source"], c["name"]) for c in hit["codes"]} == {
            ("poc", "alpha", "human", POC["alpha"]),
            ("poc", "beta", "candidate", POC["beta"]),  # alpha's candidate is her coding
        }
        page = alice.get("/search", params={"code": "poc", "code_book": "beta"}).text
        assert re.search(r'<select name="code_book">.*<option value="beta" selected>', page, re.S)
        assert 'of <strong class="code-book" data-codebook="beta">beta</strong>' in page
        assert '<span class="codebook">(beta)</span>' in page
        # the "code all hits" form carries the filter, and for admins "assign these hits" too
        assert page.count('<input type="hidden" name="code_book" value="beta">') == 1
        admin = clients["admin"].get("/search", params={"code": "poc", "code_book": "beta"}).text
        assert admin.count('<input type="hidden" name="code_book" value="beta">') == 2
        chosen = clients["admin"].get("/api/assignments", params={
            "source": "search", "code": "poc", "code_book": "beta"}).json()["chosen"]  # fmt: skip
        assert [u["key"] for u in chosen["units"]] == [SEC]


def test_code_all_hits_comes_back_to_the_codebooks_search(tmp_path: Path) -> None:
    """After coding every hit with a shared code for one codebook, the search by that code
    is of that codebook (it was of the code id, which now asks whose)."""
    with workbench(tmp_path / "p.db") as (clients, access):
        bob = clients["bob"]
        params = {"q": "protect", "apply_code": "poc", "codebook": "beta"}
        review = bob.get("/api/search/code-all", params=params).json()
        tokens = [i["token"] for i in review["items"] if i["status"] == "new"]
        done = bob.post("/search/code-all", data={"code": "poc", "codebook": "beta",
                                                  "tokens": tokens, "back": "protect"},
                        follow_redirects=False)  # fmt: skip
        assert done.status_code == 303 and "code_book=beta" in done.headers["location"]
        after = bob.get(done.headers["location"])
        assert after.status_code == 200 and "Coded 1 passage(s)" in after.text
        assert 'data-codebook="beta">beta</strong>' in after.text


def test_a_memo_on_a_coding_is_on_that_codebooks_coding(tmp_path: Path) -> None:
    """alice holds poc of alpha and of beta on the same words; a memo on beta's coding was
    recorded for no codebook, so it read as on both (and the page named neither)."""
    with workbench(tmp_path / "p.db") as (clients, access):

        def both(store: Store) -> dict[str, int]:
            start, end = protect(queries.get_unit(store, BOTH).text)
            for book in ("alpha", "beta"):
                add_code(store, coder="alice", unit_key=BOTH, start=start, end=end, code="poc",
                         codebook=book)  # fmt: skip
            return {str(h.codebook): h.event_id for h in human_codings(store, unit_key=BOTH)}

        ids = access.write(both)
        alice = clients["alice"]
        html = alice.get(f"/units/{BOTH}").text
        beta = re.search(rf'<li class="coding" data-id="{ids["beta"]}".*?</li>', html, re.S)
        assert beta is not None
        form = re.search(r'<form class="coding-memo".*?</form>', beta.group(0), re.S)
        assert form is not None and '<input type="hidden" name="codebook" value="beta">' in (
            form.group(0)
        )
        fields = dict(re.findall(r'name="(start|end|code|codebook)" value="([^"]*)"', form[0]))
        answer = alice.post(f"/units/{BOTH}/memos", data={**fields, "text": "beta's reading"},
                            headers=HTMX)  # fmt: skip
        assert answer.status_code == 200, answer.text
        with access.read() as store:
            memo = [e for e in list_events(store, unit_key=BOTH) if e.action == "memo"][-1]
            version = store.conn.execute(
                "SELECT version FROM current_codebooks WHERE name = 'beta'"
            ).fetchone()[0]
        assert memo.code == "poc" and memo.codebook_version == version
        memos = alice.get(f"/api/units/{BOTH}").json()["unit"]["memos"]
        assert [m["target"] for m in memos] == [f"“protect” · {POC['beta']} of beta"]

        # the API: a shared code names the codebook; a code one codebook holds need not
        refused = alice.post("/api/memos", json={"unit_key": BOTH, "text": "whose?",
                                                  "start": fields["start"], "end": fields["end"],
                                                  "code": "poc"})  # fmt: skip
        assert refused.status_code == 400 and "say whose coding the memo is on" in refused.text
        start, end = queries_span(access, SEC, "secure")
        made = alice.post("/api/memos", json={"unit_key": SEC, "text": "security", "start": start,
                                              "end": end, "code": "sec"})  # fmt: skip
        assert made.status_code == 201, made.text
        with access.read() as store:
            assert [m.codebook_version for m in list_events(store, unit_key=SEC)] == [None]


def queries_span(access: object, key: str, word: str) -> tuple[int, int]:
    """The offsets of ``word`` in ``key``."""
    with access.read() as store:  # type: ignore[attr-defined]
        at = queries.get_unit(store, key).text.index(word)
    return at, at + len(word)


def test_which_codebooks_hold_a_code_is_one_function(tmp_path: Path) -> None:
    """The coding bar's shared codes and "code all hits"'s choices read one function; a
    codebook whose current version retired the code is none of them (the bar listed it, and
    a coding chosen under it was refused)."""
    with workbench(tmp_path / "p.db") as (_clients, access):
        gamma = Codebook(name="gamma", codes=(Code(id="poc", name="Retired (SYNTHETIC)",
                                                   codable=False),))  # fmt: skip
        access.write(lambda store: register_codebook(store, gamma))
        with access.read() as store:
            assert codings.shared_code_books(store) == {"poc": ["alpha", "beta"]}
            choices = {c.code: c.codebooks for c in bulk.code_choices(store)}
            assert choices == {"poc": ["alpha", "beta"], "sec": []}
            from normtrace.coding.human.codable import codable_books  # the one function

            assert codable_books(store) == {"poc": ["alpha", "beta"], "sec": ["alpha"]}
            assert codable_books(store, "sec") == {"sec": ["alpha"]}
