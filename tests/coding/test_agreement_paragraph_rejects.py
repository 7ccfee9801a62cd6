"""A coder's reject of a model suggestion for a whole paragraph reads in agreement as the
coder's "done" mark of the whole paragraph does (:mod:`normtrace.coding.human.mark_reach`, read
coder by coder): each of its units is the coder's negative only when the coder's own codings and
accepts put no such code in the paragraph. Until stop 43 it made every unit a negative, beside
the coder's own coding (or accept) of the code in one of them. Where each verdict reads
(:func:`~normtrace.coding.human.suggestion_verdicts.reading_levels`) is read once per
agreement (it was read again for each codebook with marks of whole paragraphs).

The documents SYN/9 and SYN/8, the codebooks, the planted models and suggestions, the
verdicts, codings and marks are SYNTHETIC. Every agreement number is worked out by hand in
the comments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.human.agreement import AgreementRow, agreement
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.coding.levels import level_units
from normtrace.store.db import Store
from synthetic_coding import plant_suggestion
from synthetic_docs import insert_document

BOOK = Codebook(name="synth", codes=(Code(id="poc", name="PoC"), Code(id="auth", name="Auth")))
#: SYNTHETIC: a paragraph of three units and a paragraph of one
HEAD, SUB_A, SUB_B, OP2 = "SYN/9/op1", "SYN/9/op1/a", "SYN/9/op1/b", "SYN/9/op2"
UNITS = [(HEAD, "op", "Synthetic head of the paragraph:"),
         (SUB_A, "op", "(a) a first synthetic task;"),
         (SUB_B, "op", "(b) a second synthetic task;"),
         (OP2, "op", "Synthetic operative paragraph two.")]  # fmt: skip


def _words(store: Store, key: str, level: str) -> str:
    (target,) = level_units(store, level, [key])
    return target.text


def _verdict(store: Store, coder: str, key: str, verdict: str, *, level: str = "paragraph",
             code: str = "poc") -> int:  # fmt: skip
    """``coder``'s verdict on a new SYNTHETIC suggestion of ``code`` on ``key`` at ``level``,
    made on the target's current words; returns the suggestion's id."""
    sid = plant_suggestion(store, "synth", level, key, code, _words(store, key, level))
    record_suggestion_verdict(store, coder=coder, suggestion_id=sid, verdict=verdict)
    return sid


def _poc(store: Store) -> AgreementRow:
    (row,) = [r for r in agreement(store, codes=["poc"]).rows if r.code == "poc"]
    return row


def _numbers(row: AgreementRow) -> tuple[object, ...]:
    return (row.unit_keys, row.percent_agreement, row.cohen_kappa, row.krippendorff_alpha)


def _synthetic(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "p.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/9", UNITS)
    register_codebook(store, BOOK)
    return store


def _bo_reads_every_unit(store: Store) -> None:
    """bo codes poc in op1/a and marks each unit done at unit level."""
    add_code(store, coder="bo", unit_key=SUB_A, start=0, end=3, code="poc", codebook="synth")
    mark_done(store, coder="bo", codebook="synth", unit_keys=[HEAD, SUB_A, SUB_B, OP2])


@pytest.mark.parametrize("holds", ["coding", "accept"])
def test_a_paragraph_reject_is_no_negative_where_the_coder_put_the_code(
    tmp_path: Path, holds: str
) -> None:
    """ana rejected poc for the whole of op1 but put poc in op1/b herself (by hand, or by
    accepting a unit suggestion there): in her reading op1 carries poc in some unit, so, as
    for her mark of the whole paragraph, her reject makes none of its units a negative."""
    with _synthetic(tmp_path) as store:
        _verdict(store, "ana", HEAD, "reject")
        if holds == "coding":
            add_code(store, coder="ana", unit_key=SUB_B, start=0, end=3, code="poc",
                     codebook="synth")  # fmt: skip
        else:
            _verdict(store, "ana", SUB_B, "accept", level="unit")
        mark_done(store, coder="ana", codebook="synth", unit_keys=[OP2])
        _bo_reads_every_unit(store)
        # shared for poc: op1/b (ana 1, bo 0) and op2 (0, 0); ana did not say which other unit
        # of op1 carries poc. Percent 1/2. Kappa: ana (1, 0), bo (0, 0): po = 1/2,
        # pe = 1/2 * 0 + 1/2 * 1 = 1/2: 0. Alpha: o10 = o01 = 1, o00 = 2 (n = 4; n0 = 3,
        # n1 = 1): Do = 1/2, De = 2 * 3 * 1 / (4 * 3) = 1/2: 0.
        # (Until stop 43 her reject made op1 and op1/a negatives too: units op1, op1/a, op1/b,
        # op2 with ana (0, 0, 1, 0), bo (0, 1, 0, 0): percent 0.5, kappa -1/3, alpha -1/6.)
        report = agreement(store, codes=["poc"])
        assert _numbers(report.rows[0]) == ((SUB_B, OP2), 0.5, 0.0, 0.0)
        assert [(d.unit_key, d.applied_by, d.not_applied_by) for d in report.disagreements] == [
            (SUB_B, ("ana",), ("bo",))
        ]
        # a code she put nowhere in op1: her reject of it covers each unit, as before (and her
        # mark op2): bo's marks say none carries auth either
        _verdict(store, "ana", HEAD, "reject", code="auth")
        (auth,) = [r for r in agreement(store, codes=["auth"]).rows if r.code == "auth"]
        assert (auth.unit_keys, auth.percent_agreement) == ((HEAD, SUB_A, SUB_B, OP2), 1.0)


def test_a_coders_later_reject_of_the_same_paragraph_replaces_their_accept(
    tmp_path: Path,
) -> None:
    """ana accepted poc for op1 on one run's suggestion and rejected it on a later run's: her
    reading is the reject (the latest verdict on a suggestion of the code for that target), so
    her earlier accept does not make op1 carry poc, and each unit is her negative."""
    with _synthetic(tmp_path) as store:
        _verdict(store, "ana", HEAD, "accept")
        _verdict(store, "ana", HEAD, "reject")
        _bo_reads_every_unit(store)
        # op1, op1/a, op1/b: ana (0, 0, 0), bo (0, 1, 0). Percent 2/3. Kappa: po = 2/3,
        # pe = 0 * 1/3 + 1 * 2/3 = 2/3: 0. Alpha: o00 = 4, o01 = o10 = 1 (n = 6; n0 = 5,
        # n1 = 1): Do = 2/6, De = 2 * 5 * 1 / (6 * 5) = 1/3: 0
        assert _numbers(_poc(store)) == ((HEAD, SUB_A, SUB_B), 0.6667, 0.0, 0.0)


def test_agreement_reads_where_the_verdicts_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two codebooks with marks of whole paragraphs, and verdicts: where each verdict reads was
    read three times (the verdicts, then the accepts carrying a code, once per codebook)."""
    other = Codebook(name="other", codes=(Code(id="arms", name="Arms"),))
    with _synthetic(tmp_path) as store:
        register_codebook(store, other)
        with store.transaction() as conn:
            insert_document(conn, "SYN/8", [(k.replace("SYN/9", "SYN/8"), kind, text)
                                            for k, kind, text in UNITS])  # fmt: skip
        _verdict(store, "ana", HEAD, "reject")
        for book in ("synth", "other"):
            for coder in ("ana", "bo"):
                mark_done(store, coder=coder, codebook=book, unit_keys=["SYN/8/op1"],
                          level="paragraph")  # fmt: skip
        calls = _calls(monkeypatch, lambda: agreement(store))
        assert calls == 1


def _calls(monkeypatch: pytest.MonkeyPatch, run: Any) -> int:
    """How many times ``run()`` calls ``suggestion_verdicts.reading_levels`` (counted by a
    wrapper where it is defined and where it is imported by name; ``sys.setprofile`` hung a
    worker of the suite on Python 3.11)."""
    from normtrace.coding.human import suggestion_moves, suggestion_verdicts

    real = suggestion_verdicts.reading_levels
    count = 0

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(suggestion_verdicts, "reading_levels", counted)
    monkeypatch.setattr(suggestion_moves, "reading_levels", counted)
    run()
    return count
