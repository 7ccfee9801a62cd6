"""Exports of codings and passages (CSV, XLSX) and the whole project as REFI-QDA ``.qdpx``."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.exchange.qdc import dumps_qdc
from normtrace.coding.exchange.qdpx import SIDECAR, export_qdpx
from normtrace.coding.exchange.qdpx_read import import_qdpx
from normtrace.coding.exchange.table_files import dumps_csv, dumps_xlsx, write_table
from normtrace.coding.exchange.tables import (
    COLUMNS,
    Passage,
    PassageFilter,
    count_passages,
    passages,
)
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human import events
from normtrace.coding.human.undo import undo_event
from normtrace.errors import CodingError
from normtrace.store.db import Store

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "refi-qda"
ALT_SCHEMAS = Path("/work/shared/refi-qda")
SPEECH = "S/PV.0001/s001"
OP12 = "S/RES/2098 (2013)/op12/b"


def _schemas() -> Path:
    for folder in (SCHEMAS, ALT_SCHEMAS):
        if (folder / "Project.xsd").is_file():
            return folder
    pytest.skip("../shared/refi-qda (REFI-QDA schemas) is absent; cannot validate")


def _coded(store: Store) -> None:
    book = load_default_codebook()
    apply_codebook(store, book)
    # the words of the Brigade's candidate and a little more (it runs to "neutralize", its task)
    events.add_code(store, coder="ana", unit_key=SPEECH, start=3, end=93,
                    code="intervention_brigade", memo="support, with reasons")  # fmt: skip
    events.add_code(
        store, coder="ben", unit_key=SPEECH, start=3, end=93, code="intervention_brigade"
    )
    events.add_code(store, coder="ben", unit_key=OP12, start=0, end=20, code="consent")
    events.add_memo(store, coder="ana", unit_key=OP12, memo="a unit memo")
    events.add_memo(store, coder="ben", unit_key=SPEECH, memo="span memo", start=0, end=2)
    events.add_document_memo(store, coder="ana", document="S/PV.0001", memo="whole meeting")
    undone = events.add_code(store, coder="ana", unit_key=OP12, start=0, end=5, code="consent")
    undo_event(store, coder="ana", event_id=undone.id)


def test_passages_carry_document_speaker_role_code_name_and_coder(store: Store) -> None:
    _coded(store)
    rows = passages(store, PassageFilter(code="intervention_brigade", sources=("human",)))
    assert [(p.coder, p.unit_key) for p in rows] == [("ana", SPEECH), ("ben", SPEECH)]
    first = rows[0]
    assert first.symbol == "S/PV.0001" and first.date == "2013-03-28"
    assert first.speaker == "Ms. Alpha" and first.role == "elected_member"
    assert first.code_name != "intervention_brigade" and first.codebook == "stability-operations"
    assert (
        first.text
        == store.conn.execute(
            "SELECT substr(text, 4, 90) FROM units WHERE key = ?", (SPEECH,)
        ).fetchone()[0]
    )
    assert first.memo == "support, with reasons" and first.at
    # candidates are listed apart, labelled, and never carry a coder
    machine = passages(store, PassageFilter(code="intervention_brigade", sources=("candidate",)))
    assert machine and {p.source for p in machine} == {"candidate"}
    assert {p.status for p in machine} <= {"pending", "accepted"}
    assert all(p.coder is None for p in machine)
    # the candidate whose words ana and ben coded by hand reads as accepted, and beside their
    # codings it is listed once, as those codings (it was a second, "pending" passage)
    covered = [p for p in machine if p.unit_key == SPEECH and p.start >= 3 and p.end <= 93]
    assert len(covered) == 1 and covered[0].status == "accepted"
    both = PassageFilter(code="intervention_brigade", sources=("human", "candidate"))
    counts = count_passages(store, both)
    assert dict(counts.by_source)["human"] == 2
    assert counts.total == len(rows) + len(machine) - len(covered)
    assert counts.coders == ["ana", "ben"]


def test_codings_csv_reimports_and_xlsx_opens(store: Store, twin: Store, tmp_path: Path) -> None:
    _coded(store)
    rows = passages(store, PassageFilter(sources=("human",)))
    text = dumps_csv(rows)
    table = list(csv.DictReader(io.StringIO(text)))
    assert tuple(table[0]) == COLUMNS and len(table) == 3
    # the CSV is a valid input of `code import` (unit_key, code, start, end, memo, coder,
    # reviewed): ben's codings stay ben's, so into the same project they are there already
    out = write_table([p for p in rows if p.coder == "ben"], tmp_path / "ben.csv")
    again = import_codings(store, out, codebook="stability-operations", coder="cleo")
    assert (again.codings, again.already) == (0, 2)
    report = import_codings(twin, out, codebook="stability-operations", coder="cleo")
    assert report.codings == 2 and report.coders == ("ben",) and report.reviews == 0
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(io.BytesIO(dumps_xlsx(rows))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == COLUMNS and len(values) == 4
    assert {v[COLUMNS.index("coder")] for v in values[1:]} == {"ana", "ben"}


def test_xlsx_keeps_formula_like_text_as_text(store: Store) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    _coded(store)
    events.add_code(store, coder="eve", unit_key=OP12, start=0, end=3, code="consent",
                    memo="=HYPERLINK(\"http://x\")\x01")  # fmt: skip
    rows = passages(store, PassageFilter(coder="eve"))
    sheet = openpyxl.load_workbook(io.BytesIO(dumps_xlsx(rows))).active
    cell = sheet.cell(row=2, column=COLUMNS.index("memo") + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_write_table_refuses_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(CodingError, match=r"\.csv or \.xlsx"):
        write_table([], tmp_path / "out.ods")


def _state(store: Store) -> tuple[object, ...]:
    codings = sorted(
        (h.coder, h.unit_key, h.start, h.end, h.code, h.memo) for h in events.human_codings(store)
    )
    memos = sorted(
        repr((e.coder, e.unit_key, e.start, e.end, e.document, e.memo))
        for e in events.list_events(store)
        if e.action == "memo"
    )
    units = sorted(
        tuple(r)
        for r in store.conn.execute("SELECT key, symbol, date, unit_type, speaker, text FROM units")
    )
    codes = sorted(
        tuple(r) for r in store.conn.execute(
            "SELECT c.code, c.name, coalesce(c.parent, ''), c.definition, coalesce(c.color, '') "
            "FROM codes c JOIN codebooks b ON b.id = c.codebook_id"
        )
    )  # fmt: skip
    return codings, memos, units, codes


def test_qdpx_round_trip_gives_same_sources_codes_codings_and_memos(
    store: Store, tmp_path: Path
) -> None:
    _coded(store)
    path = tmp_path / "project.qdpx"
    report = export_qdpx(store, path)
    assert (report.codings, report.memos, report.sources, report.users) == (3, 3, 2, 2)
    assert not report.skipped
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
    assert "project.qde" in names and SIDECAR in names
    assert sum(n.startswith("Sources/") and n.endswith(".txt") for n in names) == 2
    fresh = Store.open(tmp_path / "fresh.db")
    back = import_qdpx(fresh, path)
    assert (back.codings, back.memos, back.sources) == (3, 3, 2)
    assert _state(fresh) == _state(store)
    # again into the same project: documents are reused, codings not doubled
    import_qdpx(fresh, path)
    assert _state(fresh) == _state(store)
    assert fresh.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_qdpx_and_qdc_follow_the_refi_qda_schemas(store: Store, tmp_path: Path) -> None:
    folder = _schemas()
    import xmlschema

    _coded(store)
    path = tmp_path / "project.qdpx"
    export_qdpx(store, path)
    with zipfile.ZipFile(path) as zf:
        qde = zf.read("project.qde").decode("utf-8")
    project = xmlschema.XMLSchema(str(folder / "Project.xsd"))
    project.validate(qde)
    codebook = xmlschema.XMLSchema(str(folder / "Codebook.xsd"))
    codebook.validate(dumps_qdc(load_default_codebook()))
    assert 'xmlns="urn:QDA-XML:project:1.0"' in qde


def test_qdpx_import_refuses_foreign_or_broken_files(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CodingError, match="not a readable"):
        import_qdpx(store, bad)
    foreign = tmp_path / "foreign.qdpx"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("project.qde", "<Project xmlns='urn:QDA-XML:project:1.0' name='x'/>")
    with pytest.raises(CodingError, match="code convert"):
        import_qdpx(store, foreign)


def test_cli_exports_tables_qdpx_and_the_current_codebook(store: Store, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from normtrace.cli import cli

    _coded(store)
    project = str(store.path)
    store.close()
    run = CliRunner().invoke
    out = tmp_path / "codings.xlsx"
    result = run(cli, ["--project", project, "code", "export", str(out), "--coder", "ben"])
    assert result.exit_code == 0, result.output
    assert "2 rows" in result.output and out.stat().st_size > 0
    qdpx = tmp_path / "p.qdpx"
    result = run(cli, ["--project", project, "code", "export-qdpx", str(qdpx)])
    assert result.exit_code == 0 and "3 codings" in result.output, result.output
    fresh = str(tmp_path / "fresh.db")
    result = run(cli, ["--project", fresh, "code", "import-qdpx", str(qdpx)])
    assert result.exit_code == 0 and "3 codings, 3 memos" in result.output, result.output
    for name in ("book.yaml", "book.qdc"):
        args = ["--project", fresh, "code", "export-codebook", "stability-operations"]
        result = run(cli, [*args, "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    result = run(cli, [*args, "-o", str(tmp_path / "book.txt")])
    assert result.exit_code == 1 and "write .yaml or .qdc" in result.output


def test_code_export_picks_the_registered_exporter_by_suffix_or_format(
    store: Store, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from normtrace.cli import cli

    _coded(store)
    project = str(store.path)
    store.close()
    run = CliRunner().invoke
    base = ["--project", project, "code", "export"]
    result = run(cli, [*base, str(tmp_path / "p.qdpx")])
    assert result.exit_code == 0 and "(3 codings (0 accepted candidates); " in result.output, (
        result.output
    )
    result = run(cli, [*base, str(tmp_path / "book.yml"), "--codebook", "stability-operations"])
    assert result.exit_code == 0 and "codes of stability-operations@" in result.output
    assert "codes:" in (tmp_path / "book.yml").read_text(encoding="utf-8")
    result = run(cli, [*base, str(tmp_path / "book.xml"), "--format", "codebook-qdc"])
    assert result.exit_code == 0, result.output
    assert "<CodeBook" in (tmp_path / "book.xml").read_text(encoding="utf-8")
    result = run(cli, [*base, str(tmp_path / "x.csv"), "--format", "nope"])
    assert result.exit_code == 1 and "no exporter 'nope'; registered: passages-csv" in result.output
    result = run(cli, [*base, str(tmp_path / "x.txt")])
    assert result.exit_code == 1 and "no exporter writes '.txt'" in result.output


def _expected_counts(rows: list[Passage]) -> tuple[object, ...]:
    """Counts computed from the full list, as the code page shows them (largest first, ties
    in the order of the passages; years in order)."""
    return (
        len(rows),
        Counter(p.source for p in rows).most_common(),
        Counter(p.symbol for p in rows).most_common(),
        Counter(p.role for p in rows).most_common(),
        sorted(Counter(p.year or "undated" for p in rows).items()),
        sorted({p.coder for p in rows if p.coder}),
    )


def test_pages_of_passages_concatenate_to_the_full_list_and_counts_match_it(
    store: Store, corpus_edition: str
) -> None:
    _coded(store)
    key = corpus_edition
    corpus_at = len("Thank you. We support the Intervention Brigade because ")
    events.add_code(store, coder="cid", unit_key=key, start=corpus_at, end=corpus_at + 9,
                    code="poc", edition="corpus")  # fmt: skip
    events.add_code(store, coder="cid", unit_key=key, start=3, end=20, code="poc")
    apply_codebook(store, load_default_codebook())
    views = [
        PassageFilter(),
        PassageFilter(code="poc"),
        PassageFilter(code="intervention_brigade"),
        PassageFilter(sources=("candidate",)),
        PassageFilter(coder="ben"),
        PassageFilter(symbol="S/PV.0001"),
        PassageFilter(role="resolution"),
        PassageFilter(year=2013, sources=("human", "candidate")),
    ]
    for where in views:
        full = passages(store, where)
        assert full, where
        for size in (1, 2, 7):
            paged = [
                p
                for offset in range(0, len(full) + size, size)
                for p in passages(store, where, limit=size, offset=offset)
            ]
            assert paged == full, (where, size)
        counts = count_passages(store, where)
        got = (counts.total, counts.by_source, counts.by_document, counts.by_role,
               counts.by_year, counts.coders)  # fmt: skip
        assert got == _expected_counts(full), where
    assert passages(store, PassageFilter(code="poc"), limit=0) == []
    assert passages(store, PassageFilter(code="poc"), offset=10_000) == []


def test_a_passage_reads_the_edition_it_was_made_on(store: Store, corpus_edition: str) -> None:
    """The record and corpus editions of a meeting share unit keys: each passage is listed
    once, with the text of the edition it names (else the record's)."""
    key = corpus_edition
    corpus = store.conn.execute(
        "SELECT text FROM units WHERE key = ? AND edition = 'corpus'", (key,)
    ).fetchone()[0]
    at = corpus.index("civilians")
    apply_codebook(store, load_default_codebook())
    events.add_code(store, coder="ana", unit_key=key, start=at, end=at + 9, code="poc",
                    edition="corpus")  # fmt: skip
    events.add_code(store, coder="ana", unit_key=key, start=0, end=9, code="r2p")
    rows = passages(store, PassageFilter(symbol="S/PV.0001"))
    human = [(p.code, p.text) for p in rows if p.source == "human"]
    assert {p.unit_key for p in rows if p.source == "human"} == {key}
    assert sorted(human) == [("poc", "civilians"), ("r2p", "We suppor")]
    candidates = store.conn.execute(
        "SELECT id, snippet FROM current_auto_codings WHERE unit_key = ?", (key,)
    ).fetchall()
    shown = {p.ref: p.text for p in rows if p.source == "candidate" and p.unit_key == key}
    assert shown == {r["id"]: r["snippet"] for r in candidates}
    assert len(shown) == len(candidates)  # once each, though the key has two editions
