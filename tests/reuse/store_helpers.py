"""Put real fixture resolutions into a test project through the store writer."""

from __future__ import annotations

import hashlib
from pathlib import Path

from resolution_corpus import symbol_of

from normtrace.ingest.text import read_text
from normtrace.parse.resolution import parse_resolution
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document


def add_resolution(store: Store, path: Path) -> None:
    """Parse and store one resolution file."""
    data = path.read_bytes()
    document = parse_resolution(read_text(path).text, symbol=symbol_of(path))
    source = SourceRecord(
        str(path), hashlib.sha256(data).hexdigest(), len(data), "text/plain", "test"
    )
    save_document(store, document, source)
