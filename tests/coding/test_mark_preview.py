"""What a "done" mark decides about a unit's pending suggestions (newuser44 F4): the list the
workbench shows before the mark is made is exactly the candidates the mark takes out of the
counts; read blind, it is the coder's own reading. Documents and codebook are SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.candidates import unit_candidates
from normtrace.coding.human.events import add_code, record_verdict
from normtrace.coding.human.mark_preview import pending_a_mark_decides
from normtrace.coding.human.reviews import mark_done
from normtrace.errors import CodingError
from normtrace.store.db import Store
from synthetic_suggestions import PROTECT_SECURE, add_pending

U1 = "SYN/44/op1"
U2 = "SYN/44/op2"
TEXTS = {
    U1: "SYNTHETIC: to protect synthetic villages, to protect synthetic camps, to secure a road;",
    U2: "SYNTHETIC: to protect synthetic markets and to secure synthetic wells;",
}
OTHER = Codebook(name="other", codes=(Code(id="road", name="Road", entries=(Entry("road"),)),))


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "p.db")
    add_pending(s, "SYN/44", TEXTS, (PROTECT_SECURE, OTHER))
    return s


def _status(store: Store, key: str) -> dict[int, str]:
    return {c.id: c.status for c in unit_candidates(store, key, coder="ana")}


def _decided_by_marking(store: Store, key: str, codes: list[str] | None = None) -> set[int]:
    """The candidates ana's mark turned from pending into absent, by marking."""
    before = _status(store, key)
    mark_done(store, coder="ana", codebook="syn", unit_keys=[key], codes=codes)
    after = _status(store, key)
    return {i for i, s in before.items() if s == "pending" and after[i] == "absent"}


def _preview(store: Store, key: str, codes: list[str] | None = None, **kw: bool) -> set[int]:
    return {c.id for c in pending_a_mark_decides(store, coder="ana", codebook="syn",
                                                 unit_key=key, codes=codes, **kw)}  # fmt: skip


def test_the_preview_is_what_the_mark_takes_out_of_the_counts(store: Store) -> None:
    shown = pending_a_mark_decides(store, coder="ana", codebook="syn", unit_key=U1)
    # both Protection candidates and the Security one; never the other codebook's Road
    assert [c.code for c in shown] == ["poc", "poc", "sec"]
    assert {c.id for c in shown} == _decided_by_marking(store, U1)
    assert _preview(store, U1) == set()  # marked: nothing pending is left to decide


def test_a_mark_for_some_codes_decides_only_theirs(store: Store) -> None:
    preview = _preview(store, U1, ["sec"])
    assert len(preview) == 1
    assert preview == _decided_by_marking(store, U1, ["sec"])
    with pytest.raises(CodingError):
        _preview(store, U1, ["no_such_code"])


def test_a_code_accepted_or_coded_in_the_unit_is_spared(store: Store) -> None:
    poc = [c for c in unit_candidates(store, U1, coder="ana") if c.code == "poc"]
    record_verdict(store, coder="ana", auto_coding_id=poc[0].id, verdict="accept")
    at = TEXTS[U2].index("secure")
    add_code(store, coder="bob", unit_key=U2, start=at, end=at + 6, code="sec", codebook="syn")
    # ana's accept of one Protection candidate spares the other: she applied the code here
    assert {c.code for c in pending_a_mark_decides(store, coder="ana", codebook="syn",
                                                   unit_key=U1)} == {"sec"}  # fmt: skip
    assert _preview(store, U1) == _decided_by_marking(store, U1)
    # bob's coding of Security in U2 keeps its candidate counted: only Protection leaves
    open_ = _preview(store, U2)
    assert len(open_) == 1
    # read blind, bob's coding is not ana's to see: her own reading decides both
    assert len(_preview(store, U2, others=False)) == 2
    assert open_ == _decided_by_marking(store, U2)


def test_read_blind_a_code_the_coders_own_mark_decided_is_not_decided_again(store: Store) -> None:
    """Blind, every candidate without the coder's verdict looks pending to them, those their
    own standing mark reads as absent too: marking again decides nothing new."""
    assert len(_preview(store, U1, others=False)) == 3
    mark_done(store, coder="ana", codebook="syn", unit_keys=[U1], codes=["sec"])
    assert [
        c.code
        for c in pending_a_mark_decides(
            store, coder="ana", codebook="syn", unit_key=U1, others=False
        )
    ] == ["poc", "poc"]
    mark_done(store, coder="ana", codebook="syn", unit_keys=[U1])
    assert _preview(store, U1, others=False) == set()
    # bob's marks are not ana's reading
    mark_done(store, coder="bob", codebook="syn", unit_keys=[U2])
    assert len(_preview(store, U2, others=False)) == 2
