"""A small project for coding tests: real S/RES/2098 (2013) paragraphs, synthetic speeches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from normtrace.store.db import Store

RES_2098 = Path(__file__).resolve().parent.parent / "fixtures" / "coding" / "S-RES-2098(2013).txt"

# Real paragraphs of S/RES/2098 (2013), found by their opening words.
PARAGRAPHS = {
    "pp02": "Recalling its resolution 2086 (2013) and reaffirming",
    "pp17": "Calling upon all parties in the conflict to respect the impart",
    "op09": "9. Decides to extend the mandate of MONUSCO",
    "op12": "12. Authorizes MONUSCO, through its military component",
    "op12/b": "(b) Neutralizing armed groups through the Intervention Brigade",
    "op12/b/text": "In support of the authorities of the DRC, on the basis of info",
}

# SYNTHETIC speeches (invented for tests; not UN text), in a synthetic meeting S/PV.0001.
SPEECHES = [
    (
        "Ms. Alpha",
        "Alphaland",
        "elected_member",
        "We support the Intervention Brigade because civilians "
        "must be protected; it should neutralize armed groups.",
    ),
    (
        "Mr. Beta",
        "Betaland",
        "permanent_member",
        "Peacekeeping rests on consent of the parties and "
        "impartiality. We can support this only if it is on an exceptional basis.",
    ),
    (
        "Mr. Gamma",
        None,
        "secretariat",
        "The Secretary-General's report recommends offensive operations "
        "to neutralise the groups; the protection of civilians requires it.",
    ),
]


def _insert_document(conn: object, symbol: str, doc_type: str, date: str) -> int:
    cur = conn.execute(  # type: ignore[attr-defined]
        "INSERT INTO documents (symbol, doc_type, date, year, parser) VALUES (?, ?, ?, ?, 'test')",
        (symbol, doc_type, date, int(date[:4])),
    )
    return int(cur.lastrowid)


def _fill(store: Store) -> None:
    lines = RES_2098.read_bytes().decode("cp1252").splitlines()
    with store.transaction() as conn:
        res = _insert_document(conn, "S/RES/2098 (2013)", "resolution", "2013-03-28")
        for ord_, (label, prefix) in enumerate(PARAGRAPHS.items()):
            (text,) = [ln for ln in lines if ln.startswith(prefix)]
            conn.execute(
                "INSERT INTO paragraphs (document_id, key, kind, ord, text) VALUES (?, ?, ?, ?, ?)",
                (res, f"S/RES/2098 (2013)/{label}", label[:2], ord_, text),
            )
        pv = _insert_document(conn, "S/PV.0001", "verbatim", "2013-03-28")
        for idx, (speaker, affiliation, _role, text) in enumerate(SPEECHES, start=1):
            conn.execute(
                "INSERT INTO speeches (document_id, key, idx, speaker, affiliation, text) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (pv, f"S/PV.0001/s{idx:03d}", idx, speaker, affiliation, text),
            )
    _add_roles(store)


def _add_roles(store: Store) -> None:
    """Fill speech_roles when the actors migration provides it (column names from the contract)."""
    columns = {r["name"] for r in store.conn.execute("PRAGMA table_info(speech_roles)")}
    if not {"speech_key", "role", "document", "method"} <= columns:
        return
    with store.transaction() as conn:
        for idx, (_s, _a, role, _t) in enumerate(SPEECHES, start=1):
            conn.execute(
                "INSERT INTO speech_roles (speech_key, role, document, method) "
                "VALUES (?, ?, 'S/PV.0001', 'test')",
                (f"S/PV.0001/s{idx:03d}", role),
            )


def _filled(path: Path) -> Iterator[Store]:
    project = Store.open(path)
    _fill(project)
    yield project
    project.close()


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh project with the units above (no codings yet)."""
    yield from _filled(tmp_path / "coding.db")


@pytest.fixture()
def twin(tmp_path: Path) -> Iterator[Store]:
    """A second fresh project with the same units (where an export is read back)."""
    yield from _filled(tmp_path / "twin.db")


@pytest.fixture()
def corpus_edition(store: Store) -> str:
    """Adds the corpus edition of the synthetic meeting S/PV.0001 (same key as the record's
    first speech, other words; SYNTHETIC) and gives that key."""
    key = "S/PV.0001/s001"
    with store.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO documents (symbol, edition, doc_type, date, year, parser) "
            "VALUES ('S/PV.0001', 'corpus', 'verbatim', '2013-03-28', 2013, 'test')"
        )
        conn.execute(
            "INSERT INTO speeches (document_id, key, idx, speaker, text) VALUES (?, ?, 1, ?, ?)",
            (cur.lastrowid, key, "Ms. Alpha",
             "Thank you. We support the Intervention Brigade because civilians must be protected."),
        )  # fmt: skip
    return key
