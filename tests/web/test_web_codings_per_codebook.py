"""The workbench's codings are per codebook (migration 0022): "code all hits" codes for the
codebook the coder works in and leaves alone only what the coder holds for that codebook;
the unit page names each coding's codebook where a unit holds codings of more than one, and
its remove and undo act on (and name) that codebook's coding.

The codebook ``mini`` (keeping the default's ``poc``) is SYNTHETIC; the speeches of
S/PV.8703 are real (the fixture project's)."""

from __future__ import annotations

import json
import re

import pytest
from web_support import TestClient

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.human.events import add_code, human_codings
from normtrace.errors import WebError
from normtrace.store.db import Store
from normtrace.web import bulk, queries
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import get_user

DEFAULT = "stability-operations"
KEY = "S/PV.8703/s002"
MEETING = queries.Filters(symbol="S/PV.8703")  # the speeches only
MINI = Codebook(name="mini", codes=(Code(id="poc", name="PoC (SYNTHETIC)",
                                         entries=(Entry("civilians"),)),))  # fmt: skip


def _civilians(store: Store, key: str = KEY) -> tuple[int, int]:
    """The first "civilians" of ``key``."""
    text = queries.get_unit(store, key).text
    at = text.index("civilians")
    return at, at + len("civilians")


def _holds(store: Store, coder: str = "alice") -> list[tuple[str, int, int, str | None]]:
    return sorted(
        (h.unit_key, h.start, h.end, h.codebook)
        for h in human_codings(store, coder=coder, code="poc")
    )  # fmt: skip


def _default_coding(access: ProjectAccess) -> tuple[int, int]:
    """mini registered; alice holds poc of the default codebook on the first "civilians"."""
    access.write(lambda store: register_codebook(store, MINI))

    def code(store: Store) -> tuple[int, int]:
        start, end = _civilians(store)
        add_code(store, coder="alice", unit_key=KEY, start=start, end=end, code="poc",
                 codebook=DEFAULT)  # fmt: skip
        return start, end

    return access.write(code)


def test_code_all_hits_codes_for_the_codebook_chosen(access: ProjectAccess) -> None:
    """Alice's coding of poc for the default codebook stood for mini's too: "code all hits"
    refused a shared code, and would have left her span alone as held."""
    start, end = _default_coding(access)
    with access.read() as store:
        alice = get_user(store, "alice")
        hits = bulk.search(store, alice, "civilians", MEETING, limit=bulk.MAX_BULK).hits
        assert {h.key for h in hits} == {KEY, "S/PV.8703/s004"}
        for_mini = bulk.preview(store, alice, hits, "poc", codebook="mini")
        for_default = bulk.preview(store, alice, hits, "poc", codebook=DEFAULT)

    def status(items: list[bulk.BulkItem]) -> dict[tuple[str, int, int], str]:
        return {(i.unit_key, i.start, i.end): i.status for i in items}

    assert status(for_mini)[(KEY, start, end)] == "new"  # her default coding is not mini's
    assert status(for_default)[(KEY, start, end)] == "held"
    assert "held" not in status(for_mini).values()
    tokens = [i.token for i in for_mini]
    done = access.write(lambda store: bulk.apply(store, alice, "poc", tokens, codebook="mini"))
    assert len(done.added) == len(tokens) and not done.skipped
    with access.read() as store:
        held = _holds(store)
    assert (KEY, start, end, DEFAULT) in held and (KEY, start, end, "mini") in held
    assert sum(book == "mini" for *_, book in held) == len(tokens)
    # again: every passage is held now, for mini; for the default, all but hers are new
    again = access.write(lambda store: bulk.apply(store, alice, "poc", tokens, codebook="mini"))
    assert not again.added and {r for _, r in again.skipped} == {
        "alice already holds this code of mini on these words"
    }


def test_a_shared_code_needs_the_codebook_and_only_one_that_holds_it(
    access: ProjectAccess,
) -> None:
    _default_coding(access)
    with access.read() as store:
        alice = get_user(store, "alice")
        with pytest.raises(WebError, match=r"in codebooks stability-operations, mini: choose"):
            bulk.apply(store, alice, "poc", ["x"])
        with pytest.raises(WebError, match=r"no codable code of codebook 'mini'"):
            bulk.preview(store, alice, [], "intervention_brigade", codebook="mini")
        assert bulk.coding_book(store, "intervention_brigade") == DEFAULT
        (poc,) = [c for c in bulk.code_choices(store) if c.code == "poc"]
        assert poc.codebooks == [DEFAULT, "mini"]


def test_a_code_of_one_codebook_is_not_held_by_anothers_coding(access: ProjectAccess) -> None:
    """A codebook dropped poc from its current version: alice's coding of poc for it is not
    the default's, so coding every hit with poc (the default's alone now) codes her span."""
    _default_coding(access)

    def mini_coding(store: Store) -> tuple[int, int]:
        start, end = _civilians(store, "S/PV.8703/s004")
        add_code(store, coder="alice", unit_key="S/PV.8703/s004", start=start, end=end,
                 code="poc", codebook="mini")  # fmt: skip
        register_codebook(store, Codebook(name="mini", codes=(Code(id="other", name="Other"),)))
        return start, end

    start, end = access.write(mini_coding)
    with access.read() as store:
        alice = get_user(store, "alice")
        hits = bulk.search(store, alice, "civilians", MEETING, limit=bulk.MAX_BULK).hits
        items = bulk.preview(store, alice, hits, "poc")
    status = {(i.unit_key, i.start, i.end): i.status for i in items}
    assert status[("S/PV.8703/s004", start, end)] == "new"  # was "held" (mini's coding)
    assert list(status.values()).count("held") == 1  # her default coding in s002
    mine = [i.token for i in items if i.unit_key == "S/PV.8703/s004"][:1]
    done = access.write(lambda store: bulk.apply(store, alice, "poc", mine))
    assert len(done.added) == 1, done.skipped
    with access.read() as store:
        assert ("S/PV.8703/s004", start, end, DEFAULT) in _holds(store)
        assert bulk.coding_book(store, "poc") == DEFAULT


def test_the_review_and_confirm_carry_the_codebook(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    start, end = _default_coding(access)
    alice = clients["alice"]
    search = alice.get("/search", params={"q": "civilians", "symbol": "S/PV.8703"}).text
    assert re.search(r'<select name="codebook">.*<option value="mini">', search, re.S)
    params = {"q": "civilians", "symbol": "S/PV.8703", "apply_code": "poc", "codebook": "mini"}
    review = alice.get("/api/search/code-all", params=params).json()
    assert review["codebook"] == "mini" and review["held"] == 0 and review["new"] >= 3
    page = alice.get("/search/code-all", params=params).text
    assert 'data-codebook="mini"' in page
    assert '<input type="hidden" name="codebook" value="mini">' in page
    refused = alice.get("/api/search/code-all", params={**params, "codebook": ""})
    assert refused.status_code == 400 and "choose the codebook you code for" in refused.text
    tokens = [i["token"] for i in review["items"] if i["status"] == "new"]
    done = alice.post("/api/search/code-all", json={"code": "poc", "tokens": tokens,
                                                     "codebook": "mini"})  # fmt: skip
    assert done.status_code == 201 and len(done.json()["added"]) == len(tokens)
    with access.read() as store:
        assert (KEY, start, end, "mini") in _holds(store)
        assert (KEY, start, end, DEFAULT) in _holds(store)


def _both(access: ProjectAccess) -> dict[str, int]:
    """alice holds poc on the same words for the default codebook and for mini: event ids."""
    _default_coding(access)

    def code(store: Store) -> None:
        start, end = _civilians(store)
        add_code(store, coder="alice", unit_key=KEY, start=start, end=end, code="poc",
                 codebook="mini")  # fmt: skip

    access.write(code)
    with access.read() as store:
        return {str(h.codebook): h.event_id for h in human_codings(store, unit_key=KEY)}


NAMES = {DEFAULT: "Protection of civilians", "mini": "PoC (SYNTHETIC)"}


def test_the_unit_page_names_the_codebook_of_each_coding(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """Two codings of poc on the same words, one per codebook, looked the same (both named
    as the last registered codebook names poc)."""
    ids = _both(access)
    alice = clients["alice"]
    codings = alice.get(f"/api/units/{KEY}").json()["unit"]["codings"]
    assert {c["codebook"]: c["name"] for c in codings} == NAMES
    html = alice.get(f"/units/{KEY}").text
    for book, event in ids.items():
        item = re.search(rf'<li class="coding" data-id="{event}".*?</li>', html, re.S)
        assert item is not None
        assert f'<span class="codebook">({book})</span>' in item.group(0)
        assert f"Remove this coding of {NAMES[book]} of {book}?" in item.group(0)


def test_one_codebooks_codings_are_not_named(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """The codings of a unit all of one codebook say it in the data only, not on the page
    (a machine suggestion of a code id two codebooks hold names its codebook: web.suggestions)."""
    _default_coding(access)
    html = clients["alice"].get(f"/units/{KEY}").text
    assert re.search(r'<li class="coding"[^>]* data-codebook="stability-operations">', html)
    codings = re.findall(r'<li class="coding".*?</li>', html, re.S)
    assert codings and not any('class="codebook"' in item for item in codings)


def test_remove_and_undo_act_on_and_name_that_codebooks_coding(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    ids = _both(access)
    alice = clients["alice"]
    removed = alice.post(f"/units/{KEY}/codings/{ids['mini']}/remove",
                         headers={"HX-Request": "true"})  # fmt: skip
    said = json.loads(removed.headers["HX-Trigger"])["normtrace-flash"]
    assert said == f"Removed your coding PoC (SYNTHETIC) of mini in {KEY} (u undoes)"
    with access.read() as store:
        assert [h.codebook for h in human_codings(store, unit_key=KEY)] == [DEFAULT]
    undone = alice.post("/api/undo").json()
    assert undone["message"].startswith(
        f"Undone: your removal of PoC (SYNTHETIC) of mini on {KEY}"
    ), undone
    with access.read() as store:
        assert sorted(str(h.codebook) for h in human_codings(store, unit_key=KEY)) == sorted(
            [DEFAULT, "mini"]
        )
