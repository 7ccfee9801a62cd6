"""`code apply` on a process pool stores exactly the spans of the in-process run (issue 17)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.engine import Engine
from normtrace.ingest.text import read_text
from normtrace.parse.resolution import parse_resolution
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document

_ROWS = (
    'SELECT edition, unit_key, start, "end", snippet, text_sha256, code, entry '
    "FROM auto_codings WHERE run_id = ? ORDER BY id"
)


def _project(path: Path, fixtures_dir: Path) -> Store:
    store = Store.open(path)
    for f in sorted((fixtures_dir / "reuse").glob("S-RES-*.txt")):
        number, year = f.stem[6:].split("(")
        data = f.read_bytes()
        doc = parse_resolution(read_text(f).text, symbol=f"S/RES/{number} ({year[:4]})")
        source = SourceRecord(
            str(f), hashlib.sha256(data).hexdigest(), len(data), "text/plain", "t"
        )
        save_document(store, doc, source)
    return store


def test_processes_engine_scores_the_same_spans_in_the_same_order(
    tmp_path: Path, fixtures_dir: Path
) -> None:
    book = load_default_codebook()
    with _project(tmp_path / "a.db", fixtures_dir) as store:
        local = apply_codebook(store, book, batch=97)
        expected = [tuple(r) for r in store.conn.execute(_ROWS, (local.run_id,))]
        with Engine("processes", workers=2) as pool:
            pooled = apply_codebook(store, book, batch=97, mapper=pool.ordered)
        found = [tuple(r) for r in store.conn.execute(_ROWS, (pooled.run_id,))]
    assert local.units == pooled.units > 97 * 3  # several batches went to the workers
    assert found == expected and len(found) > 100
    assert pooled.by_code == local.by_code
