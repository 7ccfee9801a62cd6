"""Data on standard output, then the summary on standard error, each line whole (F7 of the
s46 new user: "... 1 line of table text10 documents", "...pendinglisted the first 10 rows").

click's ``CliRunner`` keeps both streams apart (``stdout``, ``stderr``) and, in ``output``,
as the two were written one after the other, the order a terminal or ``2>&1`` shows. Every
command the finding names must end its standard output with a newline and write its
summary after its data: ``output == stdout + stderr``. The CSV of ``code list`` and ``code
suggest`` went to a buffered standard output that was flushed only at exit, after the
summary (and, in a pipe, part way through a line when the buffer filled).

The project and the file ingested are SYNTHETIC (symbols SYN/n, made-up text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.learn.train import train_model
from normtrace.store.db import Store
from synthetic_docs import insert_document

#: the SYNTHETIC codebook ``syn``: ``poc`` on "protect*", ``sec`` on "secure"
DICTIONARY = Codebook(name="syn", codes=(
    Code(id="poc", name="Protection", entries=(Entry("protect*"),)),
    Code(id="sec", name="Security", entries=(Entry("secure"),)),
))  # fmt: skip
LEARNED = "name: learned\ncodes:\n  - {id: poc, name: Protection}\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve SYNTHETIC paragraphs, half about protecting: dictionary candidates of ``syn``,
    a model of ``learned`` trained on a coder's labels of eight and a 'done' mark."""
    folder = tmp_path_factory.mktemp("order")
    path = folder / "p.db"
    texts = {
        f"SYN/{d}/op{i}": (f"Synthetic council will protect and secure area {d}{i}."
                           if i % 2 else f"Synthetic council notes the budget {d}{i}.")
        for d in (1, 2) for i in range(1, 7)
    }  # fmt: skip
    with Store.open(path) as store:
        for d in (1, 2):
            with store.transaction() as conn:
                insert_document(conn, f"SYN/{d}", [(k, "op", t) for k, t in texts.items()
                                                   if k.startswith(f"SYN/{d}/")])  # fmt: skip
        register_codebook(store, DICTIONARY)
        apply_codebook(store, DICTIONARY, progress=False)
        (folder / "learned.yaml").write_text(LEARNED)
        labels = folder / "labels.jsonl"
        labels.write_text("".join(
            json.dumps({"unit_key": k, "code": "poc" if "protect" in t else ""}) + "\n"
            for k, t in list(texts.items())[:8]
        ))  # fmt: skip
        import_codings(store, labels, codebook=str(folder / "learned.yaml"), coder="ana")
        train_model(store, "learned")
    invoke(path, "code", "done", "SYN/1/op2", "--codebook", "learned", "--coder", "ana")
    return path


def invoke(project: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--project", str(project), *args])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def assert_data_then_summary(result: Result) -> None:
    assert result.stderr, "the command wrote no summary: nothing to check"
    assert result.stderr.endswith("\n")
    assert result.stdout == "" or result.stdout.endswith("\n")
    assert result.output == result.stdout + result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["ls"],
        ["code", "list", "--limit", "2"],
        ["code", "list", "--limit", "2", "--format", "csv"],
        ["code", "list", "--limit", "2", "--format", "json"],
        ["code", "reviews", "--codebook", "learned"],
        ["code", "reviews", "--codebook", "learned", "--format", "csv"],
        ["code", "suggest", "--codebook", "learned", "--min-probability", "0.05"],
        [
            "code",
            "suggest",
            "--codebook",
            "learned",
            "--min-probability",
            "0.05",
            "--format",
            "csv",
        ],
    ],
)
def test_the_summary_comes_after_the_data_on_a_line_of_its_own(
    project: Path, args: list[str]
) -> None:
    result = invoke(project, *args)
    assert result.stdout.count("\n") >= 2, "no rows listed: nothing to check"
    assert_data_then_summary(result)


def test_code_list_csv_is_whole_before_its_summary(project: Path) -> None:
    result = invoke(project, "code", "list", "--limit", "3", "--format", "csv")
    lines = result.output.splitlines()
    assert lines[0].startswith("id,unit_key,") and len(lines) == 1 + 3 + 1
    assert lines[-1] == "listed the first 3 rows; --limit 0 lists all"


def test_code_export_and_ingest_end_their_lines(project: Path, tmp_path: Path) -> None:
    exported = invoke(project, "code", "export", str(tmp_path / "c.csv"), "--codebook", "syn")
    assert exported.stdout.endswith("\n") and exported.output.endswith("\n")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "SYN-9.txt").write_text("SYNTHETIC\n\nA synthetic paragraph of made-up text.\n")
    ingested = CliRunner().invoke(cli, ["--project", str(tmp_path / "new.db"), "ingest",
                                        str(folder)])  # fmt: skip
    assert_data_then_summary(ingested)
