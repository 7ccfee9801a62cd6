"""Saving documents: idempotent on bytes, versions for changed files, FTS kept in step.

The documents here are SYNTHETIC (built in the test), not real UN text.
"""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.search import search as search_units
from normtrace.parse.model import Document, Paragraph, Speech
from normtrace.store import Store
from normtrace.store.queries import get_document, iter_speeches, summarize
from normtrace.store.writer import SourceRecord, save_document


def _resolution(text: str) -> Document:
    para = Paragraph(key="S/RES/9999 (2099)/op1", kind="operative", text=text, order=1, number="1")
    return Document(
        symbol="S/RES/9999 (2099)",
        doc_type="resolution",
        parser="synthetic.v1",
        year=2099,
        paragraphs=(para,),
    )


def _source(sha: str) -> SourceRecord:
    return SourceRecord("synthetic.txt", sha, 10, "text/plain", "text.decode.v1")


def test_same_bytes_add_nothing(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    first = save_document(store, _resolution("Decides to synthesize"), _source("a" * 64))
    again = save_document(store, _resolution("Decides to synthesize"), _source("a" * 64))
    assert (first.status, again.status) == ("new", "unchanged")
    assert store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1


def test_changed_file_is_a_new_version_and_old_stays(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    save_document(store, _resolution("Decides to synthesize"), _source("a" * 64))
    second = save_document(  # it keeps none of the old words: made current as asked
        store, _resolution("Requests a synthetic report"), _source("b" * 64), replace_shrunk=True
    )
    assert (second.status, second.version) == ("new_version", 2)
    versions = store.conn.execute(
        "SELECT version, is_current FROM documents ORDER BY version"
    ).fetchall()
    assert [tuple(v) for v in versions] == [(1, 0), (2, 1)]
    assert [h["key"] for h in search_units(store, "report")] == ["S/RES/9999 (2099)/op1"]
    assert search_units(store, "synthesize") == []
    assert get_document(store, "S/RES/9999 (2099)")["paragraphs"][0]["text"].startswith("Requests")


def test_corpus_speeches_join_their_meeting(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    for i, sha in ((1, "c"), (2, "d")):
        speech = Speech(key=f"S/PV.9999/s{i:03d}", index=i, speaker="The President", text=f"t{i}")
        doc = Document(
            symbol="S/PV.9999",
            doc_type="corpus_meeting",
            parser="synthetic.v1",
            edition="corpus",
            speeches=(speech,),
        )
        save_document(store, doc, _source(sha * 64))
    rows = list(iter_speeches(store, symbol="S/PV.9999"))
    assert [r["index"] for r in rows] == [1, 2]
    assert summarize(store)["totals"] == {
        "documents": 1,
        "speeches": 2,
        "paragraphs": 0,
        "sources": 2,
    }
