"""Counts of running text read one definition (parse.running): `ls`'s paragraphs, the case
report's per-10,000-word rates and shares, and the units freq divides by leave out headings,
tables, maps, captions and notes, and report them apart. The report is SYNTHETIC."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from normtrace.parse.model import Document, Paragraph
from normtrace.parse.report import parse_report
from normtrace.store.db import Store
from normtrace.store.queries import iter_documents, summarize
from normtrace.store.writer import SourceRecord, save_document

SYMBOL = "S/2099/7"
SYNTHETIC = (
    f"{SYMBOL}\nDistr.: General\n1 March 2099\n"
    "Report of the Secretary-General on the Synthetic Stabilization Mission\n"
    "I. Introduction\n"
    "1. This SYNTHETIC report covers the period from 1 January to 28 February 2099 and "
    "describes the protection of civilians.\n"
    "2. The mission continued to support the national authorities in the protection of "
    "civilians in the east.\n"
    "II. Observations on the protection of civilians\n"
    "3. I welcome the progress made in the protection of civilians.\n"
    "\f"
    "Annex I\n"
    "Synthetic Stabilization Mission in the Republic of Example: countries providing military "
    "staff\n"
    "(as at 28 February 2099)\n"
    "Argentina 7 549 556 Benin 3 12 15\n"
    "Chile 6 533 539 Nepal 8 750 758\n"
    "a Including the Force Commander.\n"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "p.db")
    doc = parse_report(SYNTHETIC, symbol=SYMBOL)
    save_document(s, doc, SourceRecord("synthetic.txt", "synthetic", 1, "text/plain", "test"))
    yield s
    s.close()


def _running_words(doc: Document) -> int:
    from normtrace.coding.units import word_count

    return sum(word_count(p.text) for p in doc.paragraphs if p.kind == "numbered")


def test_ls_counts_paragraphs_of_running_text_and_the_other_units_apart(store: Store) -> None:
    (row,) = list(iter_documents(store))
    assert row["paragraphs"] == 3
    assert row["other_unit_classes"] == {"heading": 3, "caption": 2, "table": 1, "footnote": 1}
    assert row["other_units"] == 7
    assert row["units"] == (
        "3 paragraphs, 7 other units: 3 headings, 2 captions, 1 table, 1 footnote"
    )
    summary = summarize(store)
    assert summary["totals"]["paragraphs"] == 3
    assert [r["other_units"] for r in summary["by_type_year"]] == [7]


def test_rates_and_shares_of_the_case_report_read_running_text_only(store: Store) -> None:
    from normtrace.trace.indicators import safeguard_rates
    from normtrace.trace.store_trace import CaseWindow, safeguard_units

    case = CaseWindow("syn", "SYNTHETIC", "2099-01-01", "2099-12-31", symbols=(SYMBOL,))
    units = safeguard_units(store, case)
    assert sorted(u.key.rsplit("/", 1)[-1] for u in units) == ["p1", "p2", "p3"]
    rows = safeguard_rates(units)
    words = sum(len(u.text.split()) for u in units)
    assert rows and all(r["words"] == words and r["units"] == 3 for r in rows)


def test_the_units_a_rate_divides_by_leave_out_the_other_units(store: Store) -> None:
    from normtrace.coding.running_units import other_units, running_unit_words

    doc = parse_report(SYNTHETIC, symbol=SYMBOL)
    running, other = running_unit_words(store)
    assert sorted(k.rsplit("/", 1)[-1] for k in running) == ["p1", "p2", "p3"]
    assert sum(w for _, w in running.values()) == _running_words(doc)
    assert {c for _, c in other.values()} == {"heading", "caption", "table", "footnote"}
    assert other_units(store) == {k: c for k, (_, c) in other.items()}


def test_freq_rates_divide_by_running_text_and_count_the_other_units_apart(store: Store) -> None:
    from normtrace.coding.counts import code_frequencies

    doc = parse_report(SYNTHETIC, symbol=SYMBOL)
    (row,) = code_frequencies(store, by="doc_type", query="civilians")
    assert (row.group, row.count, row.other_count) == ("report", 3, 1)  # p1-p3; the heading
    assert (row.group_units, row.group_other_units) == (3, 7)
    assert row.group_words == _running_words(doc)
    assert row.per_10k_words == round(3 / _running_words(doc) * 10_000, 3)
    (only,) = code_frequencies(store, by="doc_type", query="Force Commander")  # a table note
    assert (only.count, only.other_count, only.per_10k_words) == (0, 1, 0.0)


def test_the_sql_rule_is_the_python_rule() -> None:
    from normtrace.parse.running import OTHER_FLAGS, OTHER_KINDS, running_sql, unit_class

    kinds = [None, "numbered", "text", "operative", "subparagraph", *OTHER_KINDS]
    flag_sets = [[], ["annex"], ["observations"], *([f] for f in OTHER_FLAGS)]
    flag_sets += [["annex", f] for f in OTHER_FLAGS]
    conn = sqlite3.connect(":memory:")
    for kind, flags in itertools.product(kinds, flag_sets):
        (got,) = conn.execute(
            f"SELECT {running_sql(':kind', ':flags')}", {"kind": kind, "flags": json.dumps(flags)}
        ).fetchone()
        assert bool(got) == (unit_class(kind, flags) == "running"), (kind, flags)
    (none,) = conn.execute(f"SELECT {running_sql('NULL', 'NULL')}").fetchone()
    assert none == 1  # a speech: no kind, no flags


def test_a_resolution_keeps_its_paragraphs_and_drops_its_procedural_line(tmp_path: Path) -> None:
    doc = Document(
        symbol="S/RES/9999 (2099)", doc_type="resolution", parser="test", date="2099-01-01",
        year=2099,
        paragraphs=(
            Paragraph("S/RES/9999 (2099)/pp1", "preambular", "Recalling its resolutions,", 1),
            Paragraph("S/RES/9999 (2099)/op1", "operative", "Decides to remain seized.", 2),
            Paragraph("S/RES/9999 (2099)/pr01", "procedural", "Adopted at its 1st meeting", 3),
        ),
    )  # fmt: skip
    with Store.open(tmp_path / "r.db") as s:
        save_document(s, doc, SourceRecord("r.txt", "r", 1, "text/plain", "test"))
        (row,) = list(iter_documents(s))
    assert (row["paragraphs"], row["other_unit_classes"]) == (2, {"procedural": 1})


def test_ls_prints_the_paragraphs_and_the_other_units_by_class(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from normtrace.cli import cli

    report = tmp_path / "S_2099_7.txt"
    report.write_text(SYNTHETIC, encoding="utf-8")
    db = str(tmp_path / "ls.db")
    assert CliRunner().invoke(cli, ["--project", db, "ingest", str(report)]).exit_code == 0
    result = CliRunner().invoke(cli, ["--project", db, "ls"])
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert line.startswith(SYMBOL) and line.endswith(
        "0 speeches, 3 paragraphs, 7 other units: 3 headings, 2 captions, 1 table, 1 footnote"
    ), line


def test_at_paragraph_level_a_paragraph_with_running_text_is_no_other_unit(
    tmp_path: Path,
) -> None:
    """SYNTHETIC: op1 is running text and holds op1/a, a table; h1 is a heading. At paragraph
    level op1 (with op1/a) is one paragraph of running text, not also an other unit."""
    from normtrace.coding.counts import code_frequencies
    from synthetic_docs import insert_document

    rows = [
        ("SYN/11/h1", "heading", "Synthetic civilians heading"),
        ("SYN/11/op1", "operative", "Decides to protect synthetic civilians,"),
        ("SYN/11/op1/a", "table", "Synthetic civilians table 1 2 3"),
    ]
    with Store.open(tmp_path / "l.db") as s:
        with s.transaction() as conn:
            insert_document(conn, "SYN/11", rows)
        (unit,) = code_frequencies(s, by="symbol", query="civilians")
        (para,) = code_frequencies(s, by="symbol", query="civilians", level="paragraph")
    assert (unit.group_units, unit.group_other_units) == (1, 2)  # op1; h1 and op1/a
    assert (para.group_units, para.group_other_units) == (1, 1)  # op1 (with op1/a); h1
    assert (para.count, para.other_count) == (unit.count, unit.other_count) == (1, 2)
