"""A paragraph-level "done" reads its paragraph once (:mod:`normtrace.coding.human.mark_preview`):
what the mark decides about the pending suggestions of the paragraph's sub-paragraphs is read
in a fixed number of queries, however many sub-paragraphs it holds. It ran the same queries
(the paragraph's accepts and codings, the unit's candidates, every suggestion reject of the
project, and, read blind, the coder's marks) once per sub-paragraph. The result is the same:
what the mark decides, and the mark itself. Counted with ``sqlite3``'s trace callback, never
timed. Documents and codebook are SYNTHETIC."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from normtrace.coding.dictionary.candidates import unit_candidates
from normtrace.coding.human.events import add_code
from normtrace.coding.human.mark_asks import mark_done_asking
from normtrace.coding.human.mark_preview import pending_a_mark_decides
from normtrace.coding.human.reviews import mark_done
from normtrace.store.db import Store
from synthetic_suggestions import add_pending

T = TypeVar("T")
HEAD = "SYN/47/op1"
LETTERS = "abcdefghij"


def _paragraph(store: Store, subs: int) -> list[str]:
    """The SYNTHETIC operative paragraph HEAD with ``subs`` sub-paragraphs, each with a pending
    Protection and Security suggestion; its unit keys (head first)."""
    texts = {HEAD: "SYNTHETIC: decides to protect the synthetic valley, and:"}
    for letter in LETTERS[:subs]:
        texts[f"{HEAD}/{letter}"] = f"({letter}) to protect and to secure synthetic camp {letter};"
    texts["SYN/47/op2"] = "SYNTHETIC: to protect a synthetic bridge;"
    add_pending(store, "SYN/47", texts)
    return [k for k in texts if k.startswith(HEAD)]


def _counted(store: Store, read: Callable[[], T]) -> tuple[int, T]:
    """How many SQL statements ``read()`` ran on ``store``'s connection, and its result."""
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        out = read()
    finally:
        store.conn.set_trace_callback(None)
    return len(seen), out


def _pending(store: Store, keys: list[str]) -> list[int]:
    """The pending candidates of ``keys`` for ana, unit by unit in text order."""
    return [c.id for k in keys for c in unit_candidates(store, k, coder="ana")
            if c.status == "pending"]  # fmt: skip


@pytest.mark.parametrize("others", [True, False], ids=["sighted", "blind"])
def test_what_a_paragraph_mark_decides_is_read_in_queries_the_sub_paragraphs_do_not_multiply(
    tmp_path: Path, others: bool
) -> None:
    counts, found = [], []
    for subs in (2, 7):
        with Store.open(tmp_path / f"p{subs}{others}.db") as store:
            keys = _paragraph(store, subs)
            # ana's own work the rule reads: a coding of sec in the head spares sec in the
            # sub-paragraphs; her unit mark on the last sub-paragraph (read blind, a code her
            # own mark speaks for is decided already)
            add_code(store, coder="ana", unit_key=HEAD, start=0, end=9, code="sec")
            mark_done(store, coder="ana", codebook="syn", unit_keys=[keys[-1]])
            n, decided = _counted(store, lambda: pending_a_mark_decides(
                store, coder="ana", codebook="syn", unit_key=HEAD, others=others,
                level="paragraph"))  # fmt: skip
            counts.append(n)
            ids = [c.id for c in decided]
            found.append(ids)
            # the same result: the pending Protection suggestions of every unit but the
            # marked one (sighted, its suggestions are absent already: not pending)
            poc = [c.id for k in keys[:-1] for c in unit_candidates(store, k, coder="ana")
                   if c.code == "poc"]  # fmt: skip
            assert ids == poc
            assert set(ids) <= set(_pending(store, keys))
    assert len(found[1]) > len(found[0])
    assert counts[0] == counts[1], counts


def test_marking_a_paragraph_done_reads_it_once_and_marks_it_as_before(tmp_path: Path) -> None:
    counts = []
    for subs in (2, 7):
        with Store.open(tmp_path / f"p{subs}.db") as store:
            keys = _paragraph(store, subs)
            before = _pending(store, keys)
            n, made = _counted(store, lambda: mark_done_asking(
                store, coder="ana", codebook="syn", unit_keys=[HEAD], level="paragraph",
                confirm=True))  # fmt: skip
            counts.append(n)
            assert made.marked == 1 and made.decided_ids == before
            # every suggestion it decided now reads as absent; nothing else is pending
            after = {c.id: c.status for k in keys for c in unit_candidates(store, k, coder="ana")}
            assert {after[i] for i in before} == {"absent"}
    assert counts[0] == counts[1], counts
