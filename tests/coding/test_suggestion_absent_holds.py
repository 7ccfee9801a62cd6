"""Which dictionary candidates a reject of a model suggestion takes out of the counts, and
which a coding or accept "holds" there (coding.human.suggestion_absent, counts' one rule).

The holdings are looked up by (codebook, code, unit or paragraph) since stop 43 (they were
scanned for every candidate, time growing with their product); this test pins the rule with a
hand-computed expectation, case by case:

* a unit-level reject reaches its unit only; a paragraph-level one every unit of the
  paragraph;
* a hold is a human coding of the code (any coder, the rejecting coder too; any codebook), an
  accepted candidate of the code of the same codebook, or a standing accept of a suggestion of
  the code, in the unit a unit-level reject read, or anywhere in the paragraph a
  paragraph-level reject read;
* no hold: a coding of another code, an accepted candidate of another codebook's code of the
  same id, a coding in another unit of the paragraph of a unit-level reject.

Documents, codebooks, the planted model, its suggestions and every verdict are SYNTHETIC.
"""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.counts import coded_spans
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.human.events import add_code, record_verdict
from normtrace.coding.human.suggestion_absent import rejected_candidates
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.coding.levels import level_units
from normtrace.store.db import Store
from synthetic_coding import plant_suggestion
from synthetic_docs import insert_document

DOC = "SYN/7"
TEXTS = {
    "op1": "Synthetic chapeau to protect:",
    "op1/a": "to protect synthetic civilians;",
    "op1/b": "to protect synthetic camps;",
    "op2": "Synthetic text to protect convoys.",
    "op3": "Synthetic text to protect roads.",
    "op4": "Synthetic text to protect towns.",
    "op5": "Synthetic text to protect and protect again.",
    "op6": "Synthetic text to protect civilians.",
    "op7": "Synthetic text to protect markets.",
    "op8": "Synthetic text to protect wells and a ceasefire.",
    "op9": "Synthetic chapeau to protect:",
    "op9/a": "to protect synthetic farms;",
    "op10": "Synthetic chapeau to protect:",
    "op10/a": "to protect synthetic bridges;",
    "op11": "Synthetic chapeau to protect:",
    "op11/a": "to protect synthetic ports;",
    "op12": "Synthetic text to protect civilians.",
}
#: codebook ``syn`` (poc on "protect", cf on "ceasefire") and ``alt``, whose poc (a code id
#: the two share) is found on "civilians"
SYN = Codebook(
    name="syn",
    codes=(
        Code(id="poc", name="PoC", entries=(Entry("protect*"),)),
        Code(id="cf", name="CF", entries=(Entry("ceasefire"),)),
    ),
)
ALT = Codebook(name="alt", codes=(Code(id="poc", name="PoC", entries=(Entry("civilian*"),)),))


def k(short: str) -> str:
    return f"{DOC}/{short}"


def _project(path: Path) -> Store:
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, DOC, [(k(s), "op", t) for s, t in TEXTS.items()])
    for book in (SYN, ALT):
        register_codebook(store, book)
        apply_codebook(store, book, progress=False)
    return store


def _candidates(store: Store) -> dict[tuple[str, str, str, int], int]:
    """``(codebook, unit, word, n)`` → the current candidate's id (``n``: the word's n-th
    occurrence in the unit)."""
    out: dict[tuple[str, str, str, int], int] = {}
    rows = store.conn.execute(
        "SELECT id, codebook, unit_key, snippet FROM current_auto_codings ORDER BY unit_key, start"
    )
    for cid, book, key, snippet in rows:
        n = sum(1 for b, u, w, _ in out if (b, u, w) == (book, key, snippet))
        out[(str(book), str(key), str(snippet), n)] = int(cid)
    return out


def _span(short: str, word: str, n: int = 0) -> tuple[str, int, int, str]:
    """``(unit, start, end, snippet)`` of the ``n``-th ``word`` in ``short``'s text."""
    text, at = TEXTS[short], -1
    for _ in range(n + 1):
        at = text.index(word, at + 1)
    return k(short), at, at + len(word), word


def _verdict(
    store: Store, coder: str, verdict: str, short: str, level: str, book: str = "syn"
) -> int:
    """``coder``'s ``verdict`` on a new SYNTHETIC suggestion of poc on ``short`` at ``level``
    (made on the target's current words); its suggestion id."""
    (target,) = level_units(store, level, {k(short)})
    sid = plant_suggestion(store, book, level, k(short), "poc", target.text)
    record_suggestion_verdict(store, coder=coder, suggestion_id=sid, verdict=verdict)
    return int(sid)


def _code(store: Store, coder: str, short: str, word: str, code: str = "poc") -> None:
    _key, start, end, _w = _span(short, word)
    add_code(store, coder=coder, unit_key=k(short), start=start, end=end, code=code,
             codebook="syn")  # fmt: skip


def _counted(store: Store) -> set[tuple[str, int, int, str, str]]:
    """``(unit, start, end, code, snippet)`` of every span the counts read (freq, kwic, first)."""
    return {(u, a, b, c, t) for u, a, b, c, t in coded_spans(store)}


def test_rejects_and_holds_by_hand(tmp_path: Path) -> None:
    with _project(tmp_path / "p.db") as store:
        cand = _candidates(store)
        protect = {s: _span(s, "protect") for s in TEXTS}
        every = {(u, a, b, "poc", w) for u, a, b, w in protect.values()}
        every |= {(*_span("op5", "protect", 1)[:3], "poc", "protect")}
        every |= {
            (*_span(s, "civilians")[:3], "poc", "civilians") for s in ("op1/a", "op6", "op12")
        }
        every |= {(*_span("op8", "ceasefire")[:3], "cf", "ceasefire")}
        assert _counted(store) == every  # before any verdict: every candidate counts
        assert len(cand) == len(every)

        # unit level, no hold: ana and bo both reject op2
        s2a = _verdict(store, "ana", "reject", "op2", "unit")
        s2b = _verdict(store, "bo", "reject", "op2", "unit")
        # unit level, held by another coder's coding of poc in the unit
        _verdict(store, "ana", "reject", "op3", "unit")
        _code(store, "bo", "op3", "roads")
        # unit level, held by the rejecting coder's own coding there
        _verdict(store, "ana", "reject", "op4", "unit")
        _code(store, "ana", "op4", "towns")
        # unit level, the second candidate held by bo's accept of the first (same codebook)
        _verdict(store, "ana", "reject", "op5", "unit")
        record_verdict(store, coder="bo", auto_coding_id=cand[("syn", k("op5"), "protect", 0)],
                       verdict="accept")  # fmt: skip
        # unit level, not held by an accepted candidate of alt's poc (another codebook)
        s6 = _verdict(store, "ana", "reject", "op6", "unit")
        record_verdict(store, coder="bo", auto_coding_id=cand[("alt", k("op6"), "civilians", 0)],
                       verdict="accept")  # fmt: skip
        # unit level, held by bo's accept of another suggestion of poc on the unit
        _verdict(store, "ana", "reject", "op7", "unit")
        _verdict(store, "bo", "accept", "op7", "unit")
        # unit level, not held by a coding of another code (cf) in the unit
        s8 = _verdict(store, "ana", "reject", "op8", "unit")
        _code(store, "bo", "op8", "ceasefire", code="cf")
        # unit level on a sub-paragraph: a coding in its paragraph's chapeau does not hold it
        s9 = _verdict(store, "ana", "reject", "op9/a", "unit")
        _code(store, "bo", "op9", "chapeau")
        # paragraph level, no hold: every unit of op1 (alt's candidate in op1/a stays)
        s1 = _verdict(store, "ana", "reject", "op1", "paragraph")
        # paragraph level, held by another coder's coding in a sub-paragraph
        _verdict(store, "ana", "reject", "op10", "paragraph")
        _code(store, "bo", "op10/a", "bridges")
        # paragraph level, held by the same coder's accept of a suggestion on a sub-paragraph
        _verdict(store, "ana", "reject", "op11", "paragraph")
        _verdict(store, "ana", "accept", "op11/a", "unit")
        # alt's suggestion rejected: alt's candidate only
        s12 = _verdict(store, "ana", "reject", "op12", "unit", book="alt")

        gone = {
            cand[("syn", k("op2"), "protect", 0)]: [("ana", s2a), ("bo", s2b)],
            cand[("syn", k("op6"), "protect", 0)]: [("ana", s6)],
            cand[("syn", k("op8"), "protect", 0)]: [("ana", s8)],
            cand[("syn", k("op9/a"), "protect", 0)]: [("ana", s9)],
            cand[("syn", k("op1"), "protect", 0)]: [("ana", s1)],
            cand[("syn", k("op1/a"), "protect", 0)]: [("ana", s1)],
            cand[("syn", k("op1/b"), "protect", 0)]: [("ana", s1)],
            cand[("alt", k("op12"), "civilians", 0)]: [("ana", s12)],
        }
        assert rejected_candidates(store) == gone
        alt_id = cand[("alt", k("op12"), "civilians", 0)]
        assert rejected_candidates(store, "syn") == {i: v for i, v in gone.items() if i != alt_id}
        assert rejected_candidates(store, "alt") == {alt_id: [("ana", s12)]}

        left = {(*_span(s, "protect")[:3], "poc", "protect")
                for s in ("op2", "op6", "op8", "op9/a", "op1", "op1/a", "op1/b")}  # fmt: skip
        left.add((*_span("op12", "civilians")[:3], "poc", "civilians"))
        coded = {_span("op3", "roads"), _span("op4", "towns"), _span("op9", "chapeau"),
                 _span("op10/a", "bridges")}  # fmt: skip
        added = {(u, a, b, "poc", w) for u, a, b, w in coded}
        added.add((*_span("op8", "ceasefire")[:3], "cf", "ceasefire"))  # bo's cf: the same span
        assert _counted(store) == (every - left) | added
