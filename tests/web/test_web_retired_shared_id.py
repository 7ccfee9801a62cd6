"""A code id two codebooks hold, one of them retired (``codable: false`` in its current
version): "whose is this code id" is one rule, :func:`normtrace.coding.human.codable.codable_books`,
for the coding bar, a coding and a memo through the API, the coding a library call records
without a codebook, and what a report reads of the id. Before, the coding bar listed ``poc``
once (alpha's), while a coding or memo of it was refused "choose it under one of them in the
list" (the writes counted the retired holder), and a coding that named no codebook recorded
the retired holder's version when that codebook was registered first.

Every project here is SYNTHETIC (``synthetic_shared``: SYN/22; alpha and beta both held
``poc``; here beta's new version keeps it retired).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from synthetic_shared import BOTH, POC, SYMBOL, TEXTS, protect, workbench

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.human.books import book_of, code_version
from normtrace.coding.human.events import add_code, human_codings, list_events
from normtrace.store.db import Store
from normtrace.trace.books import coding_scope
from normtrace.web import codings
from synthetic_docs import insert_document

#: beta's next version keeps ``poc`` retired, under its own name
BETA_RETIRED = Codebook(name="beta", codes=(
    Code(id="poc", name="Civilians (beta, retired, SYNTHETIC)", entries=(Entry("protect*"),),
         codable=False),
    Code(id="oth", name="Other (beta, SYNTHETIC)", entries=(Entry("weather"),)),
))  # fmt: skip


def test_the_api_codes_and_memos_a_code_the_bar_lists_once(tmp_path: Path) -> None:
    with workbench(tmp_path / "p.db") as (clients, access):
        access.write(lambda store: register_codebook(store, BETA_RETIRED))
        with access.read() as store:  # the bar: poc once, alpha's
            assert codings.shared_code_books(store) == {}
            books = codings.codebook_codes(store)
            assert "poc" in books["alpha"] and "poc" not in books["beta"]
        start, end = protect(TEXTS[BOTH])
        alice = clients["alice"]
        made = alice.post("/api/codings", json={"unit_key": BOTH, "code": "poc",
                                                "start": start, "end": end})  # fmt: skip
        assert made.status_code in (200, 201), made.text
        assert made.json()["name"] == POC["alpha"]  # as alpha names it, not beta's retired name
        memo = alice.post("/api/memos", json={"unit_key": BOTH, "code": "poc", "text": "why",
                                              "start": start, "end": end})  # fmt: skip
        assert memo.status_code in (200, 201), memo.text
        with access.read() as store:
            (coding,) = human_codings(store, unit_key=BOTH, code="poc")
            assert coding.codebook == "alpha"
            (memo_event,) = [e for e in list_events(store, unit_key=BOTH) if e.action == "memo"]
            assert memo_event.code == "poc"


def _first_registered_retires(path: Path) -> Store:
    """beta registered first, then alpha; beta's current version retires ``poc``."""
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, SYMBOL, [(k, "operative", t) for k, t in TEXTS.items()],
                        date="2002-02-22")  # fmt: skip
    register_codebook(
        store,
        Codebook(
            name="beta",
            codes=(
                Code(id="poc", name="Civilians (beta, SYNTHETIC)", entries=(Entry("protect*"),)),
            ),
        ),
    )
    register_codebook(
        store,
        Codebook(
            name="alpha",
            codes=(
                Code(id="poc", name="Protection (alpha, SYNTHETIC)", entries=(Entry("protect*"),)),
            ),
        ),
    )
    register_codebook(store, BETA_RETIRED)  # fmt: skip
    return store


def test_a_coding_naming_no_codebook_is_the_codable_holders(tmp_path: Path) -> None:
    with _first_registered_retires(tmp_path / "p.db") as store:
        assert book_of(store, code_version(store, "poc")) == "alpha"
        start, end = protect(TEXTS[BOTH])
        add_code(store, coder="ana", unit_key=BOTH, start=start, end=end, code="poc")
        (coding,) = human_codings(store, unit_key=BOTH, code="poc")
        assert coding.codebook == "alpha"  # not the version that retired it
        # a report without --codebook reads the id from the codebook its codings are for
        assert coding_scope(store).read == {"poc": "alpha"}
        from normtrace.coding.human.books import default_book  # the readers' one call

        assert default_book(store, "poc") == "alpha"


def test_the_measured_error_of_a_shared_id_is_the_codable_holders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`freq` and the report quote a shared id's measured error from the codebook they read it
    from (default_book), not from the first registered one that retired it."""
    from normtrace.coding import validity

    def measured(store: Store, name: str, version: str, *, level: str = "unit") -> dict[str, Any]:
        return {"poc": f"measured in {name}"}  # SYNTHETIC stand-in for a validation run

    monkeypatch.setattr(validity, "code_validity", measured)
    with _first_registered_retires(tmp_path / "p.db") as store:
        assert validity.project_validity(store) == {"poc": "measured in alpha"}
