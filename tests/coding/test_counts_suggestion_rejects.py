"""Every count reads one rule (issue s42, findings 1 and 4).

1. A coder's reject of a model suggestion of a code says what a "done" mark for it says: the
   code is absent from the suggestion's target. A dictionary candidate of that code (same
   codebook) in the target leaves every count (freq, kwic, first, the case report's codings)
   and ``code list`` calls it rejected by the suggestion verdict, unless a coder coded or
   accepted the code there; a verdict whose words are gone says nothing.
2. ``freq``, ``first`` and ``kwic`` count the same units of a code: a coding of a whole
   paragraph (an import at paragraph level without a span, placed on the opening unit) is not
   an occurrence on the opening unit's words where a span in the paragraph already is one.

Documents, codebook, planted model and suggestions are SYNTHETIC.
"""

from __future__ import annotations

import json
from pathlib import Path

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.counts import code_frequencies, coded_spans
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.dictionary.candidates import SUGGESTION_REJECTED, candidate_rows
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.human.events import add_code
from normtrace.coding.kwic import kwic
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.reuse.first import first_appearance
from normtrace.store.db import Store
from normtrace.trace.books import coding_scope
from synthetic_coding import plant_suggestion
from synthetic_docs import insert_document

HEAD, SUB, OTHER = "SYN/9/op1", "SYN/9/op1/a", "SYN/9/op2"
TEXTS = {HEAD: "Synthetic chapeau:", SUB: "to protect synthetic civilians;",
         OTHER: "to protect synthetic civilians again."}  # fmt: skip
BOOK = Codebook(name="syn", codes=(Code(id="poc", name="PoC", entries=(Entry("protect*"),)),))


def _project(path: Path) -> Store:
    """SYN/9: op1 (a chapeau and sub-paragraph a) and op2; both op1/a and op2 hold a
    candidate of poc."""
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, "SYN/9", [(k, "op", t) for k, t in TEXTS.items()])
    register_codebook(store, BOOK)
    apply_codebook(store, BOOK, progress=False)
    return store


def _suggestion(store: Store, key: str, level: str, words: str | None = None) -> int:
    """A SYNTHETIC model's suggestion of poc on ``key`` at ``level`` made on ``words``, by
    default the target's current words."""
    text = TEXTS[key] if level == "unit" or key == OTHER else TEXTS[HEAD] + "\n" + TEXTS[SUB]
    return plant_suggestion(store, "syn", level, key, "poc", words or text)


def _reject(store: Store, key: str, level: str, words: str | None = None) -> int:
    sid = _suggestion(store, key, level, words)
    record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="reject")
    return sid


def _units(store: Store) -> dict[str, set[str]]:
    """The units of poc each reader counts."""
    freq = {r.units for r in code_frequencies(store, by="doc_type", codes=["poc"])}
    first = first_appearance(store, code="poc")
    scope_sql, params = coding_scope(store).sql()
    report = {str(r[0]) for r in store.conn.execute(f"SELECT unit_key FROM ({scope_sql})", params)}
    return {
        "spans": {k for k, _a, _b, c, _t in coded_spans(store) if c == "poc"},
        "freq": {str(n) for n in freq},
        "first": {o.key for o in first.occurrences},
        "kwic": {ln.unit_key for ln in kwic(store, code="poc")},
        "report": report,
    }


def _status(store: Store, key: str) -> str:
    (row,) = candidate_rows(store, unit_key=key, code="poc")
    return str(row["status"])


def test_a_rejected_unit_suggestion_takes_its_candidate_out_of_every_count(
    tmp_path: Path,
) -> None:
    with _project(tmp_path / "p.db") as store:
        assert _units(store)["first"] == {SUB, OTHER}
        sid = _reject(store, OTHER, "unit")
        units = _units(store)
        assert units["spans"] == units["first"] == units["kwic"] == units["report"] == {SUB}
        assert units["freq"] == {"1"}
        assert first_appearance(store, code="poc").earliest.key == SUB  # type: ignore[union-attr]
        assert _status(store, OTHER) == SUGGESTION_REJECTED
        (row,) = candidate_rows(store, unit_key=OTHER)
        assert row["verdicts"] == f"ana:reject-s{sid}"
        assert _status(store, SUB) == "pending"
        # a coder who codes poc in the unit says it is there: the candidate counts again
        add_code(store, coder="bo", unit_key=OTHER, start=0, end=2, code="poc")
        assert OTHER in _units(store)["kwic"]
        assert _status(store, OTHER) == "pending"


def test_a_rejected_paragraph_suggestion_reaches_every_unit_of_the_paragraph(
    tmp_path: Path,
) -> None:
    with _project(tmp_path / "p.db") as store:
        _reject(store, HEAD, "paragraph")
        units = _units(store)
        assert units["spans"] == units["first"] == units["kwic"] == units["report"] == {OTHER}
        assert _status(store, SUB) == SUGGESTION_REJECTED
        assert _status(store, OTHER) == "pending"


def test_a_verdict_whose_words_are_gone_says_nothing(tmp_path: Path) -> None:
    with _project(tmp_path / "p.db") as store:
        _reject(store, OTHER, "unit", words="words since changed")
        assert _units(store)["first"] == {SUB, OTHER}
        assert _status(store, OTHER) == "pending"


def test_freq_first_and_kwic_count_the_same_units_of_a_whole_paragraph_coding(
    tmp_path: Path,
) -> None:
    """The paragraph op1 coded whole (placed on its chapeau) with a candidate in op1/a: one
    occurrence, in op1/a (freq counted 1 unit, first and kwic 2)."""
    with _project(tmp_path / "p.db") as store:
        rows = tmp_path / "whole.jsonl"
        rows.write_text(json.dumps({"unit_key": HEAD, "code": "poc"}) + "\n", encoding="utf-8")
        import_codings(store, rows, codebook="syn", coder="ana", level="paragraph")
        units = _units(store)
        assert units["spans"] == units["first"] == units["kwic"] == {SUB, OTHER}
        assert units["freq"] == {"2"}
