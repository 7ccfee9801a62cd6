"""`ls` and `summarize` count a meeting record's paragraphs by the rule `freq` reads
(coding.running_units.other_units): a current speech's paragraph is running text whatever
kind the verbatim parser gave it, and a replaced (retired) speech's paragraphs are not
counted at all (store.queries.iter_paragraphs' rule). The record is SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.counts import code_frequencies
from normtrace.coding.running_units import other_units
from normtrace.store.db import Store
from normtrace.store.queries import iter_documents, iter_paragraphs, summarize
from synthetic_docs import insert_document

SYMBOL = "S/PV.9901"


def _record(path: Path) -> Store:
    """S/PV.9901 (SYNTHETIC): a heading of the record itself (no speech); a current speech
    with a `procedural` and a `heading` paragraph and a plain one; a replaced speech with
    two paragraphs."""
    store = Store.open(path)
    with store.transaction() as conn:
        doc = insert_document(
            conn, SYMBOL, [(f"{SYMBOL}/h1", "heading", "Synthetic agenda heading")],
            doc_type="meeting", date="2099-05-01",
        )  # fmt: skip
        for idx, current in ((1, 1), (2, 0)):
            conn.execute(
                "INSERT INTO speeches (document_id, key, idx, speaker, text, is_current) "
                "VALUES (?, ?, ?, 'Synthetic Speaker', 'synthetic words', ?)",
                (doc, f"{SYMBOL}/sp{idx}", idx, current),
            )
        sp = {int(r[1]): int(r[0]) for r in conn.execute("SELECT id, idx FROM speeches")}
        rows = [
            (sp[1], f"{SYMBOL}/sp1/p1", "procedural", "The synthetic meeting was called."),
            (sp[1], f"{SYMBOL}/sp1/p2", "heading", "Synthetic protection of civilians"),
            (sp[1], f"{SYMBOL}/sp1/p3", "text", "We protect synthetic civilians."),
            (sp[2], f"{SYMBOL}/sp2/p1", "text", "A replaced synthetic paragraph."),
            (sp[2], f"{SYMBOL}/sp2/p2", "heading", "A replaced synthetic heading"),
        ]
        conn.executemany(
            "INSERT INTO paragraphs (document_id, speech_id, key, kind, ord, text) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(doc, s, k, kind, 10 + i, t) for i, (s, k, kind, t) in enumerate(rows)],
        )
    return store


def test_a_speechs_paragraphs_are_running_text_in_ls_as_in_freq(tmp_path: Path) -> None:
    with _record(tmp_path / "p.db") as store:
        assert other_units(store) == {f"{SYMBOL}/h1": "heading"}
        (row,) = list(iter_documents(store))
        # sp1's three paragraphs, whatever their kind; the record's own heading apart
        assert (row["paragraphs"], row["other_unit_classes"]) == (3, {"heading": 1})
        (freq,) = code_frequencies(store, by="symbol", query="synthetic")
        assert freq.group_other_units == row["other_units"] == 1  # the same other units


def test_a_replaced_speechs_paragraphs_are_not_counted(tmp_path: Path) -> None:
    with _record(tmp_path / "p.db") as store:
        listed = [p for p in iter_paragraphs(store) if p["key"] != f"{SYMBOL}/h1"]
        (row,) = list(iter_documents(store))
        assert row["paragraphs"] + row["other_units"] == len(listed) + 1 == 4
        summary = summarize(store)
        assert summary["totals"]["paragraphs"] == 3
        assert [r["other_units"] for r in summary["by_type_year"]] == [1]
