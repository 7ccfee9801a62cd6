"""Round trips of codings, review marks and suggestions through CSV, XLSX and ``.qdpx``.

Every text here is SYNTHETIC (made up for tests, not UN text), in made-up documents
SYN/n: a preambular paragraph, an operative paragraph with two sub-paragraphs, and a
second operative paragraph; plus a SYNTHETIC meeting SYN/PV.1 with two speeches.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.exchange.codings import resolve_codebook
from normtrace.coding.exchange.tables import PassageFilter, passages
from normtrace.coding.learn.suggest import MIN_PROBABILITY, suggest
from normtrace.errors import CodingError
from normtrace.store.db import Store

CODEBOOK = """name: synth
codes:
  - {id: poc, name: Protection}
  - {id: force, name: Force}
  - {id: talks, name: Talks}
"""
#: SYNTHETIC paragraph texts by label ({n}: the document's number)
PARAGRAPHS = {
    "pp1": "Recalling its synthetic statement number {n} on the fictional region,",
    "op1": "{n}. Requests the made-up mission to:",
    "op1/a": "(a) protect civilians in the invented district {n};",
    "op1/b": "(b) use all necessary means against the fictional group {n};",
    "op2": "{n}. Decides to remain seized of this synthetic matter.",
}
SPEECHES = (
    "Synthetic speaker one calls for talks between the invented parties.",
    "Synthetic speaker two asks that civilians in the made-up region be protected.",
)


def fill(store: Store, docs: int = 3) -> None:
    """SYNTHETIC resolutions SYN/1..n and a SYNTHETIC meeting SYN/PV.1 (two speeches)."""
    with store.transaction() as conn:
        for d in range(1, docs + 1):
            doc = conn.execute(
                "INSERT INTO documents (symbol, doc_type, date, year, parser) "
                "VALUES (?, 'resolution', '2001-01-0' || ?, 2001, 'test')",
                (f"SYN/{d}", d),
            ).lastrowid
            for order, (label, text) in enumerate(PARAGRAPHS.items()):
                conn.execute(
                    "INSERT INTO paragraphs (document_id, key, kind, ord, text) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (doc, f"SYN/{d}/{label}", label[:2], order, text.format(n=d)),
                )
        meeting = conn.execute(
            "INSERT INTO documents (symbol, doc_type, date, year, parser) "
            "VALUES ('SYN/PV.1', 'verbatim', '2001-02-01', 2001, 'test')"
        ).lastrowid
        for idx, text in enumerate(SPEECHES, start=1):
            conn.execute(
                "INSERT INTO speeches (document_id, key, idx, speaker, text) "
                "VALUES (?, ?, ?, ?, ?)",
                (meeting, f"SYN/PV.1/s{idx:03d}", idx, f"Speaker {idx}", text),
            )


@pytest.fixture()
def book(tmp_path: Path) -> Path:
    path = tmp_path / "synth.yaml"
    path.write_text(CODEBOOK)
    return path


def _project(path: Path, book: Path) -> Store:
    store = Store.open(path)
    fill(store)
    resolve_codebook(store, str(book))
    return store


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_suggestions_of_both_levels_are_passages_with_probability_and_model(
    tmp_path: Path, book: Path
) -> None:
    store = _project(tmp_path / "s.db", book)
    for level, keys in (("unit", ["SYN/1/op1/a", "SYN/2/op2"]), ("paragraph", ["SYN/3/op1"])):
        run = store.start_run("suggest", "test", {"level": level})
        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO learn_models (run_id, codebook, codebook_version, level, version, "
                "params, codes, model, created_at) VALUES (?, 'synth', 'v', ?, ?, '{}', '{}', "
                "x'00', '2001-01-01T00:00:00Z')",
                (run, level, f"model-{level}"),
            )
            for i, key in enumerate(keys):
                conn.execute(
                    "INSERT INTO suggestions (run_id, model_run_id, model_version, codebook, "
                    "codebook_version, level, unit_key, code, probability, text_sha256) "
                    "VALUES (?, ?, ?, 'synth', 'v', ?, ?, 'poc', ?, 'x')",
                    (run, run, f"model-{level}", level, key, 0.61 + i / 10),
                )
    rows = passages(store, PassageFilter(sources=("suggestion",)))
    got = sorted((p.unit_key, p.level, p.probability, p.model) for p in rows)
    assert got == [
        ("SYN/1/op1/a", "unit", 0.61, "model-unit"),
        ("SYN/2/op2", "unit", 0.71, "model-unit"),
        ("SYN/3/op1", "paragraph", 0.61, "model-paragraph"),
    ]
    whole = next(p for p in rows if p.level == "paragraph")
    assert whole.text == "\n".join(t.format(n=3) for k, t in PARAGRAPHS.items() if "op1" in k)
    table = tmp_path / "passages.csv"
    project = str(store.path)
    store.close()
    _run("--project", project, "code", "export", str(table), "--passages")
    exported = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    machine = [r for r in exported if r["source"] == "suggestion"]
    assert sorted((r["unit_key"], r["level"], r["probability"], r["model"]) for r in machine) == [
        ("SYN/1/op1/a", "unit", "0.61", "model-unit"),
        ("SYN/2/op2", "unit", "0.71", "model-unit"),
        ("SYN/3/op1", "paragraph", "0.61", "model-paragraph"),
    ]


def test_suggest_refuses_a_bar_below_the_floor(tmp_path: Path, book: Path) -> None:
    store = _project(tmp_path / "s.db", book)
    for bar in (0.0, 0.01, 1.5):
        with pytest.raises(CodingError, match=r"between 0\.05 and 1"):
            suggest(store, "synth", min_probability=bar)
    project = str(store.path)
    store.close()
    result = CliRunner().invoke(cli, ["--project", project, "code", "suggest", "--codebook",
                                      "synth", "--min-probability", "0"])  # fmt: skip
    assert result.exit_code == 1 and "between 0.05 and 1" in result.output
    assert len(result.output.strip().splitlines()) == 1
    help_text = CliRunner().invoke(cli, ["code", "suggest", "--help"]).output
    assert "0.05" in help_text and MIN_PROBABILITY == 0.05
