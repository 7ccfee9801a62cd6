"""A coder's codings are per codebook (migration 0022): the same words can carry a code id two
codebooks share (the default's ``poc`` and a researcher's own) for each codebook, and neither
stands for the other; a coding that records no codebook version (an older project's) still
stands for every codebook holding its code, and reads as an accept of their candidates.
The codebook ``mini`` and the document SYN/22 are SYNTHETIC (the default codebook is the
bundled one)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.dictionary.candidates import candidate_rows
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.events import add_code, human_codings, record_verdict, remove_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn.labels import collect_labels
from normtrace.errors import CodingError
from normtrace.store.db import Store, utc_now
from synthetic_docs import insert_document

MINI = Codebook(
    name="mini",
    codes=(Code(id="poc", name="Protection of civilians (SYNTHETIC)",
                entries=(Entry("protect* civilian*"),)),),
)  # fmt: skip
DEFAULT = "stability-operations"
PROTECT = "SYN/22/op2"
#: SYNTHETIC paragraphs; op2 and op3 hold words both codebooks' poc entries find
PARAGRAPHS = [
    ("SYN/22/op1", "operative", "Synthetic council decides to renew the synthetic mission;"),
    (PROTECT, "operative", "Synthetic mission to protect civilians under threat of violence;"),
    ("SYN/22/op3", "operative", "Requests the mission to protect civilians in synthetic towns;"),
]


@contextmanager
def synthetic_project(tmp_path: Path, *, apply: bool = False) -> Iterator[Store]:
    """A project holding the SYNTHETIC document SYN/22 and the default codebook (its
    dictionary applied, given ``apply``)."""
    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/22", PARAGRAPHS)
        if apply:
            apply_codebook(store, load_default_codebook(), progress=False)
        else:
            register_codebook(store, load_default_codebook())
        yield store


def _books(store: Store, coder: str = "ana") -> list[str | None]:
    return sorted(str(h.codebook) for h in human_codings(store, coder=coder, unit_key=PROTECT))


def test_the_same_words_carry_a_shared_code_id_for_each_codebook(tmp_path: Path) -> None:
    with synthetic_project(tmp_path) as store:
        register_codebook(store, MINI)
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=5, code="poc",
                 codebook=DEFAULT)  # fmt: skip
        add_code(
            store, coder="ana", unit_key=PROTECT, start=0, end=5, code="poc", codebook="mini"
        )  # was refused: "already holds 'poc' of stability-operations"
        assert _books(store) == ["mini", DEFAULT]
        for book in (MINI, load_default_codebook()):
            mark_done(store, coder="ana", codebook=book.name, unit_keys=[PROTECT])
            assert collect_labels(store, book, "unit").by_code["poc"].get(PROTECT) == 1
        with pytest.raises(CodingError, match="already holds 'poc' of mini"):
            add_code(store, coder="ana", unit_key=PROTECT, start=0, end=5, code="poc",
                     codebook="mini")  # fmt: skip
        # removing one codebook's coding leaves the other's
        with pytest.raises(CodingError, match="for codebooks mini, stability-operations: say"):
            remove_code(store, coder="ana", unit_key=PROTECT, start=0, end=5, code="poc")
        remove_code(store, coder="ana", unit_key=PROTECT, start=0, end=5, code="poc",
                    codebook="mini")  # fmt: skip
        assert _books(store) == [DEFAULT]
        assert collect_labels(store, MINI, "unit").by_code["poc"].get(PROTECT) == 0
        assert collect_labels(store, load_default_codebook(), "unit").by_code["poc"].get(
            PROTECT) == 1  # fmt: skip


def test_code_remove_names_the_codebook(tmp_path: Path) -> None:
    with synthetic_project(tmp_path) as store:
        register_codebook(store, MINI)
        for book in (DEFAULT, "mini"):
            add_code(store, coder="ana", unit_key=PROTECT, start=0, end=5, code="poc",
                     codebook=book)  # fmt: skip
        db = str(store.path)
    base = ["--project", db, "code", "remove", PROTECT, "0", "5", "poc", "--coder", "ana"]
    refused = CliRunner().invoke(cli, base)
    assert refused.exit_code != 0 and "say whose coding to remove (--codebook" in refused.output
    assert CliRunner().invoke(cli, [*base, "--codebook", DEFAULT]).exit_code == 0
    with Store.open(db) as store:
        assert _books(store) == ["mini"]


def test_an_import_codes_a_span_another_codebook_holds(tmp_path: Path) -> None:
    with synthetic_project(tmp_path) as store:
        register_codebook(store, MINI)
        add_code(store, coder="cy", unit_key=PROTECT, start=0, end=5, code="poc",
                 codebook=DEFAULT)  # fmt: skip
        rows = tmp_path / "cy.csv"
        rows.write_text(f'unit_key,code,start,end,coder\n"{PROTECT}",poc,0,5,cy\n',
                        encoding="utf-8")  # fmt: skip
        assert import_codings(store, rows, codebook="mini", coder="cy").codings == 1
        assert _books(store, "cy") == ["mini", DEFAULT]
        assert collect_labels(store, MINI, "unit").by_code["poc"].get(PROTECT) == 1
        # the same file again holds nothing new
        assert import_codings(store, rows, codebook="mini", coder="cy").already == 1


def test_a_reject_withdraws_only_its_codebooks_coding(tmp_path: Path) -> None:
    with synthetic_project(tmp_path) as store:
        register_codebook(store, MINI)
        apply_codebook(store, MINI, progress=False)
        row = store.conn.execute(
            'SELECT id, start, "end", unit_key FROM current_auto_codings WHERE code = \'poc\' '
            "AND codebook = 'mini' ORDER BY id LIMIT 1"
        ).fetchone()  # fmt: skip
        key = str(row[3])
        for book in (DEFAULT, "mini"):
            add_code(store, coder="ana", unit_key=key, start=row[1], end=row[2],
                     code="poc", codebook=book)  # fmt: skip
        record_verdict(store, coder="ana", auto_coding_id=int(row[0]), verdict="reject")
        assert [h.codebook for h in human_codings(store, coder="ana", unit_key=key)] == [DEFAULT]


def _coding_without_version(store: Store, key: str, start: int, end: int) -> None:
    """A coding as projects before codebook versions were recorded hold it (SYNTHETIC row)."""
    text = str(store.conn.execute("SELECT text FROM units WHERE key = ?",
                                  (key,)).fetchone()[0])  # fmt: skip
    with store.transaction() as conn:
        conn.execute(
            'INSERT INTO coding_events (at, coder, action, unit_key, start, "end", snippet, '
            "code) VALUES (?, 'old', 'code', ?, ?, ?, ?, 'poc')",
            (utc_now(precise=True), key, start, end, text[start:end]),
        )


def test_a_coding_without_a_version_reads_as_an_accept_of_each_codebooks_candidate(
    tmp_path: Path,
) -> None:
    with synthetic_project(tmp_path, apply=True) as store:
        register_codebook(store, MINI)
        apply_codebook(store, MINI, progress=False)
        (key,) = store.conn.execute(  # a unit both dictionaries propose poc in
            "SELECT unit_key FROM current_auto_codings WHERE code = 'poc' GROUP BY unit_key "
            "HAVING count(DISTINCT codebook) = 2 ORDER BY unit_key LIMIT 1"
        ).fetchone()
        spans = {(int(r[0]), int(r[1])) for r in store.conn.execute(
            'SELECT start, "end" FROM current_auto_codings WHERE code = \'poc\' AND '
            "unit_key = ?", (key,))}  # fmt: skip
        lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
        _coding_without_version(store, key, lo, hi)
        rows = [r for r in candidate_rows(store, unit_key=key, code="poc")]
        assert {r["codebook"] for r in rows} == {DEFAULT, "mini"}
        for r in rows:  # read as old's accept, whichever codebook proposed it
            assert "old:coded" in r["verdicts"].split(), r
            assert r["status"] == "accepted"
        # it stands for every codebook: a coding of the same words for one is refused
        with pytest.raises(CodingError, match="recorded under no codebook version"):
            add_code(store, coder="old", unit_key=key, start=lo, end=hi, code="poc",
                     codebook="mini")  # fmt: skip
