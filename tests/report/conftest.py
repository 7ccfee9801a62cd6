"""A small real project for report tests: two Mali resolutions and the S/PV.8703 speeches."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from normtrace.parse.model import Document, Speech
from normtrace.parse.resolution import parse_resolution
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document

TRACE = Path(__file__).resolve().parents[1] / "fixtures" / "trace"


def _source(path: Path, data: bytes) -> SourceRecord:
    digest = hashlib.sha256(data).hexdigest()
    return SourceRecord(str(path), digest, len(data), "text/plain", "test.read_text")


def _meeting_8703() -> tuple[Document, bytes]:
    speeches = []
    for n, path in enumerate(sorted((TRACE / "pv8703").glob("*.txt")), start=1):
        text = path.read_text(encoding="utf-8")
        speaker, _, body = text.partition(":")
        speeches.append(Speech(key=f"S/PV.8703/s{n:03d}", index=n, speaker=speaker, text=body))
    doc = Document(
        symbol="S/PV.8703",
        doc_type="corpus_meeting",
        parser="test.speech_files",
        title="The situation in Mali",
        date="2020-01-15",
        year=2020,
        meeting="S/PV.8703",
        speeches=tuple(speeches),
    )
    return doc, "".join(s.text for s in speeches).encode()


@pytest.fixture(scope="module")
def mali_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Real texts: S/RES/2085 (2012), S/RES/2100 (2013) and the S/PV.8703 speeches."""
    store = Store.open(tmp_path_factory.mktemp("mali") / "project.db")
    for name in ("S-RES-2085(2012).txt", "S-RES-2100(2013).txt"):
        path = TRACE / name
        data = path.read_bytes()
        save_document(store, parse_resolution(data.decode("cp1252")), _source(path, data))
    doc, data = _meeting_8703()
    save_document(store, doc, _source(TRACE / "pv8703", data))
    return store
