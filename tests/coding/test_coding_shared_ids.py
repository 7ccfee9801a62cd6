"""A code id two codebooks share (a researcher's own codebook keeping the default's `poc`, as
FRAMES.md asks): a coding is work for the codebook it was made for, and stays with it however
often either codebook is applied again (a new user's months: codings went to whichever
codebook was applied last, so the coder's own codebook read her coded units as negatives).
The codebook `mini` is SYNTHETIC; the resolution is real."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.codable import codable_books
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn.labels import collect_labels
from normtrace.store.db import Store
from resolution_2100 import PROTECT, ingested_2100

MINI = Codebook(
    name="mini",
    codes=(Code(id="poc", name="Protection of civilians (SYNTHETIC)",
                entries=(Entry("protect* civilian*"),)),),
)  # fmt: skip


def _book_of_last_coding(store: Store) -> str:
    row = store.conn.execute(
        "SELECT b.name FROM coding_events e JOIN codebooks b ON b.version = e.codebook_version "
        "WHERE e.action = 'code' ORDER BY e.id DESC LIMIT 1"
    ).fetchone()
    return str(row[0])


def test_a_coding_stays_with_its_codebook(tmp_path: Path) -> None:
    with ingested_2100(tmp_path) as (project, _):  # the default codebook registered first
        store = project.store
        register_codebook(store, MINI)
        apply_codebook(store, MINI, progress=False)
        apply_codebook(store, load_default_codebook(), progress=False)  # applied last
        assert codable_books(store, "poc") == {"poc": ["stability-operations", "mini"]}
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=5, code="poc")
        assert _book_of_last_coding(store) == "stability-operations"  # the first registered
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=6, code="poc",
                 codebook="mini")  # fmt: skip
        assert _book_of_last_coding(store) == "mini"
        mark_done(store, coder="ana", codebook="mini", unit_keys=[PROTECT])
        assert collect_labels(store, MINI, "unit").by_code["poc"].get(PROTECT) == 1


def test_an_import_codes_for_the_codebook_it_names(tmp_path: Path) -> None:
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        register_codebook(store, MINI)
        rows = tmp_path / "cy.csv"
        rows.write_text(f'unit_key,code,start,end\n"{PROTECT}",poc,0,5\n', encoding="utf-8")
        import_codings(store, rows, codebook="mini", coder="cy")
        assert _book_of_last_coding(store) == "mini"
        assert collect_labels(store, MINI, "unit").by_code["poc"].get(PROTECT) == 1


def test_code_add_asks_whose_code_a_shared_id_is(tmp_path: Path) -> None:
    with ingested_2100(tmp_path) as (project, _):
        register_codebook(project.store, MINI)
        db = str(project.store.path)
    runner = CliRunner()
    base = ["--project", db, "code", "add", PROTECT, "0", "5", "poc", "--coder", "ana"]
    refused = runner.invoke(cli, base)
    assert refused.exit_code == 2
    assert "is in codebooks stability-operations, mini" in refused.output
    assert runner.invoke(cli, [*base, "--codebook", "mini"]).exit_code == 0


def test_two_dictionaries_of_one_code_id_are_measured_apart_and_named_in_counts(
    tmp_path: Path,
) -> None:
    from normtrace.coding.human.events import record_verdict
    from normtrace.coding.human.precision import code_precision

    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        register_codebook(store, MINI)
        apply_codebook(store, MINI, progress=False)
        apply_codebook(store, load_default_codebook(), progress=False)
        for book, verdict in (("mini", "reject"), ("stability-operations", "accept")):
            (cid,) = store.conn.execute(
                "SELECT id FROM current_auto_codings WHERE code = 'poc' AND codebook = ? "
                "ORDER BY id LIMIT 1", (book,)).fetchone()  # fmt: skip
            record_verdict(store, coder="ana", auto_coding_id=cid, verdict=verdict)
        rows = {(r.code, r.codebook): r.precision for r in code_precision(store)}
        assert rows[("poc", "mini")] == 0.0 and rows[("poc", "stability-operations")] == 1.0
        db = str(store.path)
    out = CliRunner().invoke(cli, ["--project", db, "freq", "--code", "poc", "--by", "symbol"])
    assert out.exit_code == 0, out.output
    assert "poc's candidates come from the dictionaries of codebooks mini, " in out.output
    # one dictionary's count: each codebook's count alone is no more than the pooled one
    # (overlapping spans are one occurrence), and is made of its own candidates
    with Store.open(db) as store:
        from normtrace.coding.counts import code_frequencies

        def total(book: str | None) -> int:
            rows = code_frequencies(store, by="symbol", source="auto", codes=["poc"],
                                    codebook=book)  # fmt: skip
            return sum(r.count for r in rows)

        def held(book: str) -> int:
            return int(store.conn.execute(
                "SELECT count(DISTINCT unit_key || ':' || start || ':' || \"end\") FROM "
                "current_auto_codings WHERE code = 'poc' AND codebook = ?", (book,)
            ).fetchone()[0])  # fmt: skip

        mini, default = total("mini"), total("stability-operations")
        assert 0 < mini < total(None) and 0 < default <= total(None)
        assert mini <= held("mini") and default <= held("stability-operations")
    alone = CliRunner().invoke(cli, ["--project", db, "freq", "--code", "poc", "--by", "symbol",
                                     "--codebook", "mini"])  # fmt: skip
    assert alone.exit_code == 0, alone.output
    assert "come from the dictionaries" not in alone.output
    assert "the measured error shown is stability-operations's" in out.output


def test_a_reanchored_coding_stays_with_its_codebook(tmp_path: Path) -> None:
    """A review finding: re-anchoring wrote the moved coding for the first registered
    codebook holding its code. (The inserted word is SYNTHETIC.)"""
    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        register_codebook(store, MINI)
        text = str(store.conn.execute("SELECT text FROM units WHERE key = ?",
                                      (PROTECT,)).fetchone()[0])  # fmt: skip
        word = text.rstrip(" ;,.").split()[-1]
        at = text.rindex(word)
        add_code(store, coder="ana", unit_key=PROTECT, start=at, end=at + len(word), code="poc",
                 codebook="mini")  # fmt: skip
        raw = path.read_bytes().decode("cp1252")
        opening = " ".join(text.split()[:2])
        assert raw.count(opening) == 1
        path.write_bytes(raw.replace(opening, "SYNTHETIC " + opening).encode("cp1252"))
        assert project.ingest([path]).anchors.reanchored == 1  # type: ignore[union-attr]
        assert _book_of_last_coding(store) == "mini"
        assert collect_labels(store, MINI, "unit").by_code["poc"].get(PROTECT) == 1


def test_a_workbench_accept_codes_for_the_candidates_codebook(tmp_path: Path) -> None:
    """A review finding: the coding a workbench accept writes went to the first registered
    codebook holding the code, not to the codebook whose dictionary proposed it."""
    from normtrace.web.auth import User
    from normtrace.web.codings import decide_candidate

    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        register_codebook(store, MINI)
        apply_codebook(store, MINI, progress=False)
        (cid,) = store.conn.execute(
            "SELECT id FROM current_auto_codings WHERE code = 'poc' AND codebook = 'mini' "
            "ORDER BY id LIMIT 1"
        ).fetchone()
        decide_candidate(store, User(1, "ana", "coder"), int(cid), accept=True)
        assert _book_of_last_coding(store) == "mini"


def test_an_import_is_no_copy_of_another_codebooks_coding(tmp_path: Path) -> None:
    """A review finding: a row counted as 'held already' when the project held the span for
    another codebook (its review mark then made the coder's unit a negative of the codebook
    imported into). A coder holds one coding per span, code id and codebook (migration 0022):
    the row is the imported codebook's coding, beside the other's."""
    import pytest

    from normtrace.errors import CodingError

    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        register_codebook(store, MINI)
        add_code(store, coder="cy", unit_key=PROTECT, start=0, end=5, code="poc",
                 codebook="stability-operations")  # fmt: skip
        rows = tmp_path / "cy.csv"
        rows.write_text(f'unit_key,code,start,end,coder\n"{PROTECT}",poc,0,5,cy\n',
                        encoding="utf-8")  # fmt: skip
        report = import_codings(store, rows, codebook="mini", coder="cy")
        assert (report.codings, report.already) == (1, 0)
        assert _book_of_last_coding(store) == "mini"
        assert collect_labels(store, MINI, "unit").by_code["poc"].get(PROTECT) == 1
        assert import_codings(store, rows, codebook="stability-operations", coder="x").already == 1
        with pytest.raises(CodingError, match="already holds 'poc' of mini"):
            add_code(store, coder="cy", unit_key=PROTECT, start=0, end=5, code="poc",
                     codebook="mini")  # fmt: skip


def test_the_workbench_asks_whose_a_shared_code_is(tmp_path: Path) -> None:
    """The workbench's coding bar lists a shared code id under each codebook and sends the
    one chosen; a coding without one is refused, as `code add` refuses it."""
    import pytest

    from normtrace.errors import CodingError
    from normtrace.web.auth import User
    from normtrace.web.codings import apply_code, shared_code_books

    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        register_codebook(store, MINI)
        assert shared_code_books(store) == {"poc": ["stability-operations", "mini"]}
        ana = User(1, "ana", "coder")
        with pytest.raises(CodingError, match="choose it under one of them"):
            apply_code(store, ana, unit_key=PROTECT, code="poc", start=0, end=5)
        apply_code(store, ana, unit_key=PROTECT, code="poc", start=0, end=5, codebook="mini")
        assert _book_of_last_coding(store) == "mini"


def test_a_qdpx_import_codes_for_the_codebook_it_carries(tmp_path: Path) -> None:
    from normtrace.coding.exchange.qdpx import export_qdpx
    from normtrace.coding.exchange.qdpx_read import import_qdpx

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with ingested_2100(tmp_path / "a") as (project, _):
        register_codebook(project.store, MINI)
        add_code(project.store, coder="ana", unit_key=PROTECT, start=0, end=5, code="poc",
                 codebook="mini")  # fmt: skip
        export_qdpx(project.store, tmp_path / "mini.qdpx", codebook="mini")
    with ingested_2100(tmp_path / "b") as (project, _):  # the default codebook first
        assert import_qdpx(project.store, tmp_path / "mini.qdpx").codings == 1
        assert _book_of_last_coding(project.store) == "mini"
