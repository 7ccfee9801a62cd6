"""Agreement names the work it leaves out as stale (a new user's finding F3, stop 46): a typo
fixed outside any coded words made a coder's "done, nothing applies" stale (a mark is a
reading of words: that rule is kept), the unit left the agreement table and kappa moved
without a word. Now the report says, per coder, how many marks and codings are stale and
which units left the table because of them, with the commands that list them; the numbers
are unchanged.

Two SYNTHETIC coders on the SYNTHETIC resolution S/RES/9901 (2031)
(tests/synthetic_resolution.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.exchange.codings import resolve_codebook
from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.agreement_stale import StaleWork
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done, stale_reviews
from normtrace.project import Project
from synthetic_exchange import CODEBOOK
from synthetic_resolution import OP1, OP2, OP3, fixed, write

BOOK = "synth"
CALLS = "Calls on the Government"
REQUESTS = "Requests the Secretary-General"


@contextmanager
def coded(tmp_path: Path) -> Iterator[tuple[Project, Path]]:
    """ana and bo agree on op1 (poc) and op3 (nothing applies) and disagree on op2: ana coded
    poc on its opening words, bo marked it "nothing applies"; both marked every unit done."""
    path = write(tmp_path / "docs")
    book = tmp_path / "synth.yaml"
    book.write_text(CODEBOOK)
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        store = project.store
        resolve_codebook(store, str(book))
        for coder in ("ana", "bo"):
            add_code(store, coder=coder, unit_key=OP1, start=0, end=len(CALLS), code="poc")
        add_code(store, coder="ana", unit_key=OP2, start=0, end=len(REQUESTS), code="poc")
        for coder in ("ana", "bo"):
            mark_done(store, coder=coder, codebook=BOOK, unit_keys=[OP1, OP2, OP3])
        yield project, path


def test_a_stale_mark_is_named_with_the_unit_that_left_the_table(tmp_path: Path) -> None:
    with coded(tmp_path) as (project, path):
        store = project.store
        before = agreement(store, codebook=BOOK)
        assert before.units == 3 and before.stale == ()
        write(path.parent, fixed())  # a typo fixed in op2, after ana's coded words
        project.ingest([path])
        assert {(m.key, m.coder) for m in stale_reviews(store, BOOK)} == {
            (OP2, "ana"), (OP2, "bo")}  # fmt: skip
        after = agreement(store, codebook=BOOK)
        # the numbers are those of the readings that count: op2 is no longer compared
        assert after.units == 2
        assert [r.unit_keys for r in after.rows if r.code == "poc"] == [(OP1, OP3)]
        # ... and the report says why: both marks on op2 are stale; bo's met ana's coding
        # there, so op2 left the table because of it (ana's own coding still stands)
        assert after.stale == (
            StaleWork("ana", 1, 0, (), (BOOK,)),
            StaleWork("bo", 1, 0, (OP2,), (BOOK,)),
        )
        # the same with every code read (no codebook named) and asked code by code
        assert agreement(store).stale == after.stale
        assert agreement(store, codes=["poc"]).stale == after.stale
        assert agreement(store, coders=["bo", "ana"]).stale == after.stale
        assert agreement(store, level="paragraph", codebook=BOOK).stale == after.stale
        # only the coders asked about: ana alone is compared with nobody
        assert agreement(store, coders=["ana"]).stale == (after.stale[0],)


def test_a_coding_on_changed_words_is_counted_too(tmp_path: Path) -> None:
    """ana's coding on words the new version changed waits for review: counted apart."""
    with coded(tmp_path) as (project, path):
        store = project.store
        text = store.conn.execute("SELECT text FROM units WHERE key = ?", (OP2,)).fetchone()[0]
        at = text.index("donorfunded")
        add_code(store, coder="bo", unit_key=OP2, start=at, end=at + 11, code="force")
        write(path.parent, fixed())
        project.ingest([path])
        work = {w.coder: w for w in agreement(store, codebook=BOOK).stale}
        assert (work["bo"].marks, work["bo"].codings) == (1, 1)
        assert (work["ana"].marks, work["ana"].codings) == (1, 0)


def test_no_stale_work_no_note(tmp_path: Path) -> None:
    with coded(tmp_path) as (project, _):
        db = str(project.path)
    out = CliRunner().invoke(cli, ["--project", db, "agreement", "--codebook", BOOK])
    assert out.exit_code == 0, out.output
    assert "stale" not in out.stderr
    out = CliRunner().invoke(cli, ["--project", db, "agreement", "--codebook", BOOK,
                                   "--format", "json"])  # fmt: skip
    assert json.loads(out.stdout)["stale"] == []


def test_the_command_notes_it_and_json_carries_it(tmp_path: Path) -> None:
    with coded(tmp_path) as (project, path):
        write(path.parent, fixed())
        project.ingest([path])
        db = str(project.path)
    out = CliRunner().invoke(cli, ["--project", db, "agreement", "--codebook", BOOK])
    assert out.exit_code == 0, out.output
    (note,) = [line for line in out.stderr.splitlines() if "stale" in line]
    assert note.startswith(
        "note: set aside as stale (a new version changed their words "
        "since): ana 1 mark(s), 0 coding(s); bo 1 mark(s), 0 coding(s); "
    )
    assert f"units that left the table because of it: {OP2} (bo)" in note
    assert "`normtrace code reviews --stale --codebook synth`" in note
    assert "code review`" not in note.replace("code reviews", "")  # no coding is stale
    out = CliRunner().invoke(cli, ["--project", db, "agreement", "--codebook", BOOK,
                                   "--format", "json"])  # fmt: skip
    stale = json.loads(out.stdout)["stale"]
    assert stale == [
        {"coder": "ana", "marks": 1, "codings": 0, "left": [], "codebooks": [BOOK]},
        {"coder": "bo", "marks": 1, "codings": 0, "left": [OP2], "codebooks": [BOOK]},
    ]
