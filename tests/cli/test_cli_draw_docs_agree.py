"""What the docs say of draws agrees with what the commands do (second reading, RV F3 and F4):

* ``code sample --help`` said a draw of 40 split 27/13 "replaces nothing", false where no
  bundled estimate applies (the draw is then the measurement): it states the rule;
* docs/measured-error.md's ``code withdraw-draw`` example printed its time to the microsecond,
  which the command prints to the second; and called every labelled-through draw's weighted
  estimate counted, where only the newest one a ``code validate`` run holds is.

The project is SYNTHETIC (the codebook, documents and draw of test_cli_validate_counted_level).
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from test_cli_validate_counted_level import _project

from normtrace.cli import cli

DOCS = Path(__file__).parents[2] / "docs" / "measured-error.md"
#: a time as the commands print it, to the second
SECOND = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


def _words(text: str) -> str:
    return " ".join(text.split())


def test_code_sample_help_states_when_a_draw_replaces_a_bundled_estimate() -> None:
    done = CliRunner().invoke(cli, ["code", "sample", "--help"])
    assert done.exit_code == 0
    said = _words(done.stdout)
    assert "replaces nothing" not in said
    assert ("a draw of 40 split 27/13 between reports and resolutions replaces no bundled "
            "estimate (where none applies, the draw is the measurement, flagged while short "
            "of 30)") in said  # fmt: skip


def test_the_withdrawal_example_prints_its_time_as_the_command_does(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    _project(path)
    why = ["--why", "SYNTHETIC: the wrong level", "--coder", "ana"]
    done = CliRunner().invoke(cli, ["--project", str(path), "code", "withdraw-draw", "1", *why])
    assert done.exit_code == 0, (done.stdout, done.stderr)
    printed = re.findall(r"withdrawn by ana at (\S+): ", done.stdout)
    assert len(printed) == 1 and re.fullmatch(SECOND, printed[0])
    text = DOCS.read_text(encoding="utf-8")
    example = text[text.index("$ normtrace code withdraw-draw 1") :]
    example = _words(example[: example.index("```")])
    (shown,) = re.findall(r"withdrawn by ana at (\S+): ", example)
    assert re.fullmatch(SECOND, shown), shown
    # the rest of the line is the command's, up to the names
    tail = "it counts in no estimate from now on; its labels stay; `normtrace code validate"
    assert tail in example and tail in _words(done.stdout)


def test_the_docs_say_a_labelled_through_draw_counts_once_a_run_holds_it() -> None:
    said = _words(DOCS.read_text(encoding="utf-8"))
    assert "`labelled through` (its weighted estimate counts)" not in said
    assert ("`labelled through` (its weighted estimate counts once a `code validate` run holds "
            "it, and only the newest such draw of a code and level)") in said  # fmt: skip
