"""docs/measured-error.md's example of what ``freq --code poc`` prints on a project of reports
is what freq prints: a count of report paragraphs carries the code's bundled measurement on
reports, with where it was measured (issue 12), not the headline over resolutions that the
page showed before. The document is real: the Secretary-General's report S/2004/908
(tests/fixtures/reports), coded with the bundled default codebook; nothing is labelled."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.parse.report import parse_report
from normtrace.store.db import Store
from synthetic_genres import REPORT, _document

DOC = Path(__file__).resolve().parents[2] / "docs" / "measured-error.md"


def _example() -> str:
    """The measured error of the page's first ``freq --code poc`` example, its lines joined."""
    block = DOC.read_text(encoding="utf-8").split("`freq --code poc` prints", 1)[1]
    said = block.split("```", 2)[1]
    return " ".join(said[said.index("measured error of") :].split())


def test_the_pages_freq_example_is_what_freq_prints(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _document(REPORT, parse_report, store)
        apply_codebook(store, load_default_codebook())
    done = CliRunner().invoke(cli, ["--project", str(path), "freq", "--code", "poc"])
    assert done.exit_code == 0, done.output
    printed = done.stderr[done.stderr.index("measured error of") :]
    assert _example() == " ".join(printed.split())
    assert "on reports: P 0.89 · R 0.41" in _example()
