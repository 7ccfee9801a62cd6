"""The file a document was read from, and whether it still holds the bytes that were read.

``normtrace ingest --reparse PATH`` parses again the file at PATH; the workbench's re-parse
does so for the file its document's current version was read from (:func:`stored_file`). A
file at that path may have been edited since it was read: its bytes are then not the stored
ones, the ingest reads them as a new file (a new version when they read otherwise), and no
stored reading is re-parsed. :func:`changed_since` says so in one line, which both the CLI
and the workbench print (:attr:`~normtrace.pipeline.FileOutcome.changed_since`).

>>> from normtrace.store.db import Store
>>> changed_since(Store.open(":memory:"), "x.txt", "0" * 64) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from normtrace.errors import IngestError, NotFoundError
from normtrace.store.db import Store
from normtrace.store.shrunk import NOT_HELD


@dataclass(frozen=True)
class StoredFile:
    """The file the current version ``version`` of ``symbol`` (``edition``) was read from:
    ``path`` as its ingest spelled it, and the ``sha256`` of the bytes read then."""

    symbol: str
    edition: str
    version: int
    path: Path
    sha256: str


def stored_file(store: Store, document_id: int) -> StoredFile:
    """The file the current version of document ``document_id`` (any of its versions' ids) was
    read from (what ``normtrace ingest --reparse PATH`` parses again).

    Raises:
        NotFoundError: no such document.
        IngestError: a corpus edition (its speeches come from many files), or the file is not
            found from here (the path as its ingest spelled it).
    """
    row = store.conn.execute(
        "SELECT c.symbol, c.edition, c.version, s.path, s.sha256 FROM documents d "
        "JOIN documents c ON c.symbol = d.symbol AND c.edition IS d.edition AND c.is_current = 1 "
        "JOIN sources s ON s.id = c.source_id WHERE d.id = ?",
        (document_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError("document", str(document_id))
    if row["edition"] == "corpus":
        raise IngestError(f"{row['symbol']}: a corpus edition is read from one file per "
                          "speech; re-parse its folder with `normtrace ingest --reparse "
                          "FOLDER`")  # fmt: skip
    path = Path(str(row["path"]))
    if not path.is_file():
        raise IngestError(f"{row['symbol']}: its file {path} (the path as its ingest spelled it) "
                          "is not found from the workbench's server; run `normtrace ingest "
                          "--reparse PATH` where the file is")  # fmt: skip
    return StoredFile(str(row["symbol"]), str(row["edition"]), int(row["version"]), path,
                      str(row["sha256"]))  # fmt: skip


def changed_since(store: Store, path: str, sha256: str) -> str | None:
    """When a re-parse finds at ``path`` bytes (``sha256``) the project does not hold though a
    document's version was read from that path: what happened, in one line (the latest such
    version that was current once named: a held-back one never was, and its file may be the
    cut copy), else ``None``."""
    if store.conn.execute("SELECT 1 FROM sources WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone():
        return None  # stored bytes: re-parsed as they are
    row = store.conn.execute(
        "SELECT d.symbol, d.edition, d.version, s.sha256 FROM sources s JOIN documents d "
        f"ON d.source_id = s.id WHERE s.path = ? AND {NOT_HELD.format('d')} "
        "ORDER BY s.id DESC, d.id DESC LIMIT 1",
        (path,),
    ).fetchone()
    if row is None:
        return None
    edition = "" if row["edition"] == "record" else f" ({row['edition']})"
    return (f"the file changed since version {row['version']} of {row['symbol']}{edition} was "
            f"read from it (sha256 {str(row['sha256'])[:12]}… then, {sha256[:12]}… now): its "
            "bytes now were read, not re-parsed from those stored; to re-parse the stored "
            "reading, put the file it was read from back at this path")  # fmt: skip
