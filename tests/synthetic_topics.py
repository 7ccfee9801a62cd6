"""SYNTHETIC meetings and meeting-index rows for the tests of agenda items (topics).

No real UN text and no real meeting: the symbols S/PV.99001-99004 are past any meeting the
Council has held, the agenda items name an invented country (Ruritania). ``tests/`` is on
``sys.path`` (its ``conftest.py`` puts it there): ``from synthetic_topics import build``.

* S/PV.99001 — corpus edition, no title of its own; index: "The situation in Ruritania";
* S/PV.99002 — verbatim record with its own title; index: two agenda items, Ruritania's
  and "Threats to international peace and security";
* S/PV.99003 — corpus edition; index: "The question of North Ruritanian waters" (names
  ``Ruritanian``, not the whole word ``Ruritania``);
* S/PV.99004 — corpus edition the index has no row for;
* SYN/41 — a resolution-like document (no meeting record).

Every unit says "protect civilians" once, so a search or count of ``protect* civilian*``
finds each unit once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from normtrace.actors.links import import_meeting_index
from normtrace.actors.meetings_index import MeetingEntry
from normtrace.parse.model import Document, Paragraph, Speech
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document

RURITANIA = "The situation in Ruritania (SYNTHETIC)"
THREATS = "Threats to international peace and security (SYNTHETIC)"
NORTH = "The question of North Ruritanian waters (SYNTHETIC)"
RECORD_TITLE = "Provisional agenda of a SYNTHETIC meeting"
TABLE = "synthetic_table.html"

#: symbol -> (edition, doc type, own title, agenda items in the index or None, speeches)
MEETINGS = {
    "S/PV.99001": ("corpus", "corpus_meeting", None, (RURITANIA,), 2),
    "S/PV.99002": ("record", "verbatim", RECORD_TITLE, (RURITANIA, THREATS), 1),
    "S/PV.99003": ("corpus", "corpus_meeting", None, (NORTH,), 1),
    "S/PV.99004": ("corpus", "corpus_meeting", None, None, 1),
}
RESOLUTION = "SYN/41"


def speech_text(symbol: str, i: int) -> str:
    return f"SYNTHETIC speech {i} at {symbol}: we ask the mission to protect civilians now."


def _document(symbol: str) -> Document:
    edition, doc_type, title, _items, n = MEETINGS[symbol]
    speeches = tuple(
        Speech(f"{symbol}/s{i:03d}", i, "Synthetic speaker", speech_text(symbol, i))
        for i in range(1, n + 1)
    )
    return Document(
        symbol, doc_type, "test.synthetic.v1", title=title, date="2020-06-01", year=2020,
        meeting=symbol, speeches=speeches, edition=edition,
    )  # fmt: skip


def _resolution() -> Document:
    para = Paragraph(
        f"{RESOLUTION}/op1", "operative", "SYNTHETIC. Decides to protect civilians.", 1
    )
    return Document(
        RESOLUTION, "resolution", "test.synthetic.v1", title="SYNTHETIC resolution",
        date="2020-06-02", year=2020, paragraphs=(para,),
    )  # fmt: skip


def index_rows() -> list[MeetingEntry]:
    """The SYNTHETIC meeting-index rows (UN Library table format)."""
    return [
        MeetingEntry(
            symbol,
            int(symbol.split(".")[1]),
            None,
            "2020-06-01",
            items,
            None,
            (),
            (),
            False,
            TABLE,
        )  # fmt: skip
        for symbol, (_e, _t, _title, items, _n) in MEETINGS.items()
        if items is not None
    ]


def save_documents(store: Store) -> None:
    """The SYNTHETIC documents, stored as ingest stores them."""
    for doc in [*(_document(s) for s in MEETINGS), _resolution()]:
        digest = hashlib.sha256(f"{doc.symbol}#{doc.edition}".encode()).hexdigest()
        source = SourceRecord(f"synthetic:{doc.symbol}", digest, 1, "text/plain", "test")
        save_document(store, doc, source)


def build(path: Path, *, index: bool = True) -> Path:
    """A project at ``path`` with the documents and (``index``) the index rows imported."""
    with Store.open(path) as store:
        save_documents(store)
        if index:
            import_meeting_index(store, index_rows())
    return path


def write_table(folder: Path) -> Path:
    """The SYNTHETIC index rows as a UN Library table page (``scact2020_table_en.html``, the
    layout ``normtrace actors links --meetings FOLDER`` reads; a further agenda item of a
    meeting on its own row with empty meeting and date cells); the folder."""
    rows = []
    for symbol, (_e, _t, _title, items, _n) in MEETINGS.items():
        for i, item in enumerate(items or ()):
            cells = (symbol, "1 June") if i == 0 else ("", "")
            rows.append(
                f"<tr><td>{cells[0]}</td><td>{cells[1]}</td><td>none issued</td>"
                f"<td>{item}</td><td>--</td></tr>"
            )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scact2020_table_en.html").write_text(
        "<html><body><table><tr><th>Meeting Record</th><th>Date</th><th>Press Release</th>"
        "<th>Topic</th><th>Security Council Outcome / Vote</th></tr>"
        + "".join(rows)
        + "</table></body></html>",
        encoding="utf-8",
    )
    return folder
