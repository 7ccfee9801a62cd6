"""``code validate`` and the web validation page name, as "used by the counts", the measurement
the counts read: at the unit level (``freq``'s default, ``first``, the case report, the code
page), whatever level the run was made at (second reading, RV F1: a paragraph-level run named
its own level's figure, which no count carries once a unit-level run labelled the code). A
paragraph-level draw that no count reads any more, a unit-level run having labelled the code
since, is said in one line.

The documents, codebook, labels and draw are SYNTHETIC: a report of 100 paragraphs (every 10th
holds "alpha", the code's one entry) and a resolution of 200 (every 4th), every paragraph of a
draw of 40 paragraphs labelled, positive where it holds "alpha".
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook, stored_codebook
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.sample_draw import draw_sample
from normtrace.coding.validity import code_validity
from normtrace.store.db import Store
from normtrace.web.validation import validation_page
from synthetic_docs import insert_document

BOOK = Codebook(name="synth", codes=(Code(id="x", name="X", entries=(Entry("alpha"),)),))
HEAD = "used by the counts (freq, first, the case report, the web app)"
UNREAD = "draw 1 (seed 3) of paragraphs is labelled through and validation run"


def _project(path: Path) -> None:
    """The SYNTHETIC project, a paragraph-level draw of x labelled through."""
    with Store.open(path) as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/R/1", [
                (f"SYN/R/1/p{i}", "numbered", "alpha here" if i % 10 == 0 else "plain words")
                for i in range(1, 101)], doc_type="report")  # fmt: skip
            insert_document(conn, "SYN/RES/1", [
                (f"SYN/RES/1/op{i}", "op", "alpha decides" if i % 4 == 0 else "it decides")
                for i in range(1, 201)])  # fmt: skip
        register_codebook(store, BOOK)
        apply_codebook(store, BOOK, progress=False)
        d = draw_sample(store, "synth", "x", 40, seed=3, level="paragraph")
        for key in d.order:
            text = store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()
            if "alpha" in text[0]:
                add_code(store, coder="ana", unit_key=key, start=0, end=len(text[0]), code="x",
                         codebook="synth")  # fmt: skip
            mark_done(store, coder="ana", codebook="synth", unit_keys=[key])


def _validate(path: Path, level: str, *more: str) -> tuple[str, str]:
    done = CliRunner().invoke(cli, ["--project", str(path), "code", "validate", "--codebook",
                                    "synth", "--no-model", "--level", level, *more])  # fmt: skip
    assert done.exit_code == 0, (done.stdout, done.stderr)
    return done.stdout, done.stderr


def _counted(path: Path, level: str = "unit") -> str:
    """What freq (``--codebook synth``, at ``level``) reads for x."""
    with Store.open(path) as store:
        version = stored_codebook(store, "synth").version
        return code_validity(store, "synth", version, level=level)["x"].describe()


def _runs(text: str) -> str:
    """``text`` with each run's id as N (the project's parse and coding runs come first)."""
    return re.sub(r"validation run \d+", "validation run N", text)


def _used_line(table: str) -> str:
    lines = table.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(HEAD))
    return next(line for line in lines[at + 1 :] if line.startswith("x: "))


def test_the_counts_line_is_the_unit_level_measurement_whatever_the_run_level(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.db"
    _project(path)
    # a paragraph-level run alone: the counts read it at unit level too (the draw's estimate)
    table, _ = _validate(path, "paragraph")
    assert "the counts read the unit level: these are the unit-level measurements" in table
    assert _used_line(table) == f"x: {_counted(path)}"
    assert UNREAD not in table
    # a plain (unit-level) run labels x too (the paragraphs' labels are their units'): it
    # stands, and the paragraph-level draw is read by no count; validate says so
    table, _ = _validate(path, "unit")
    assert "the counts read the unit level:" not in table
    (unread,) = [line for line in table.splitlines() if UNREAD in line]
    assert _runs(unread) == ("x: draw 1 (seed 3) of paragraphs is labelled through and "
                             "validation run N holds it, but no count reads it: they read the "
                             "unit level, where validation run N (unit level) measured the "
                             "code (`freq --level paragraph` reads the draw)")  # fmt: skip
    # the paragraph-level run again: its "used by the counts" is the unit level's, not its own
    table, err = _validate(path, "paragraph")
    assert _used_line(table) == f"x: {_counted(path)}" != f"x: {_counted(path, 'paragraph')}"
    assert "draw 1" not in _used_line(table)
    assert any(UNREAD in line for line in table.splitlines())
    _, err = _validate(path, "paragraph", "--format", "csv")
    assert "note: used_by_counts: the counts read the unit level" in err
    assert f"note: x: {UNREAD} N holds it" in _runs(err)
    # the web validation page: the paragraph draw's row says no count uses it, and why
    with Store.open(path) as store:
        levels = {lv.level: lv for lv in validation_page(store, "synth").levels}
    row = next(s for s in levels["paragraph"].scores if s.weighted is not None)
    assert row.weighted is not None and not row.weighted.counts_figure
    assert _runs(row.weighted.label) == (
        "not the code's figure in the counts: the counts do not use it: they read the unit "
        "level, where validation run N (unit level) measured the code (`freq --level "
        "paragraph` reads the draw)"
    )
