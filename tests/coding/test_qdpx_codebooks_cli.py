"""The command line of a ``.qdpx`` holding every codebook (a new user's finding F6):
`code export-qdpx` without --codebook writes the whole project and exits 0; with --codebook
it counts the other codebooks' codings it leaves out in its summary (exit 0: asked for); human
codings of the codebooks written that the file cannot hold are counted and exit 1.

Every text here is SYNTHETIC: the project of ``test_qdpx_codebooks``.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from test_qdpx_codebooks import THESIS, _project

from normtrace.cli import cli
from normtrace.coding.human import events
from normtrace.store.db import Store


def test_the_cli_writes_the_whole_project_and_says_what_one_codebook_leaves_out(
    tmp_path: Path,
) -> None:
    with _project(tmp_path / "p.db", tmp_path) as store:
        db = str(store.path)
        synth = sum(h.codebook == "synth" for h in events.human_codings(store))
    runner = CliRunner()
    whole = runner.invoke(cli, ["--project", db, "code", "export-qdpx", str(tmp_path / "w.qdpx")])
    assert whole.exit_code == 0, whole.output
    assert "codes of synth, thesis" in whole.stdout and "left out" not in whole.stdout
    assert "skipped: coding" not in whole.stderr
    one = runner.invoke(cli, ["--project", db, "code", "export-qdpx", str(tmp_path / "t.qdpx"),
                              "--codebook", "thesis"])  # fmt: skip
    assert one.exit_code == 0, one.output  # asked for: not lost work
    assert f"left out: {synth} codings of other codebooks (--codebook)" in one.stdout
    assert f"skipped: {synth} human coding(s) of other codebooks (synth: {synth})" in one.stderr
    # `code export` to a .qdpx is the same exporter
    same = runner.invoke(cli, ["--project", db, "code", "export", str(tmp_path / "e.qdpx")])
    assert same.exit_code == 0 and "codes of synth, thesis" in same.stdout, same.output
    some = runner.invoke(cli, ["--project", db, "code", "export", str(tmp_path / "s.qdpx"),
                               "--codebook", "synth"])  # fmt: skip
    assert some.exit_code == 0, some.output
    thesis = sum(1 for line in _books_of(db) if line == "thesis")
    assert f"left out: {thesis} codings of other codebooks (--codebook)" in some.stdout
    # a code the thesis codebook dropped: its codings cannot be in the file, which says so
    smaller = tmp_path / "smaller.yaml"
    smaller.write_text(THESIS.replace("  - {id: stabilization, name: Stabilization}\n", ""))
    applied = runner.invoke(cli, ["--project", db, "code", "apply", str(smaller)])
    assert applied.exit_code == 0, applied.output
    lost = runner.invoke(cli, ["--project", db, "code", "export-qdpx", str(tmp_path / "l.qdpx")])
    assert lost.exit_code == 1  # ana's stabilization coding and pol's final coding
    assert "left out: 2 human codings (see skipped)" in lost.stdout
    assert "2 human codings of codes no longer in codebook 'thesis'" in lost.stderr
    back = runner.invoke(cli, ["--project", str(tmp_path / "fresh.db"), "code", "import-qdpx",
                               str(tmp_path / "w.qdpx")])  # fmt: skip
    assert back.exit_code == 0, back.output
    assert "codes of synth, thesis" in back.stdout


def _books_of(db: str) -> list[str | None]:
    with Store.open(db) as store:
        return [h.codebook for h in events.human_codings(store)]
