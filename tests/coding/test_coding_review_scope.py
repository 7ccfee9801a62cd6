"""Done for these codes: a review mark may speak for some of its codebook's codes only.

A coder who read a unit for three frames must not turn the codebook's other codes into
negatives there (for training, validation, agreement and the dictionary's counts). Units
are SYNTHETIC except where the bundled resolution S/RES/2098 (2013) is used.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook, stored_codebook
from normtrace.coding.exchange.codings import CodingImportError, import_codings
from normtrace.coding.exchange.qdpx import export_qdpx
from normtrace.coding.exchange.qdpx_read import import_qdpx
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import current_reviews, mark_done, touched_by_review_sql
from normtrace.coding.learn.labels import collect_labels
from normtrace.errors import CodingError
from normtrace.store.db import Store
from synthetic_docs import insert_document

BRIGADE = "S/RES/2098 (2013)/op12/b"
UNITS = [("SYN/1/op1", "op", "Synthetic head:"), ("SYN/1/op1/a", "op", "a synthetic task;"),
         ("SYN/1/op2", "op", "Synthetic text two.")]  # fmt: skip


def _project(path: Path) -> Store:
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", UNITS)
    register_codebook(store, Codebook(name="b", codes=tuple(
        Code(id=c, name=c.upper()) for c in ("x", "y", "z"))))  # fmt: skip
    return store


def _book_file(folder: Path, codes: str = "xyz") -> Path:
    """Codebook ``b`` as a SYNTHETIC YAML file with ``codes`` (one letter each)."""
    path = folder / "b.yaml"
    path.write_text("name: b\ncodes:\n" + "".join(f"  - {{id: {c}, name: {c.upper()}}}\n"
                                                    for c in codes))  # fmt: skip
    return path


def test_a_mark_for_some_codes_labels_only_those(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["x"])
    labels = collect_labels(store, stored_codebook(store, "b"), "unit")
    assert labels.by_code == {"x": {"SYN/1/op2": 0}, "y": {}, "z": {}}
    # read by a person for x: x is never suggested there, the other codes still are
    assert "SYN/1/op2" in labels.judged("x") and "SYN/1/op2" not in labels.judged("y")
    # a paragraph marked for y only: y's negative at paragraph level, and at unit level
    # its units are y's negatives (no coding of y sits in it: stop 41), not x's nor z's
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op1"], level="paragraph",
              codes=["y"])  # fmt: skip
    para = collect_labels(store, stored_codebook(store, "b"), "paragraph")
    assert para.by_code["y"] == {"SYN/1/op1": 0} and para.by_code["z"] == {}
    assert para.by_code["x"] == {"SYN/1/op2": 0}
    keys = collect_labels(store, stored_codebook(store, "b"), "unit").keys()
    op1 = dict.fromkeys((k for k in keys if k.startswith("SYN/1/op1")), 0)
    assert len(op1) > 1
    # a mark of every code, by another coder, labels them all
    mark_done(store, coder="ben", codebook="b", unit_keys=["SYN/1/op2"])
    labels = collect_labels(store, stored_codebook(store, "b"), "unit")
    assert labels.by_code["x"] == labels.by_code["z"] == {"SYN/1/op2": 0}
    assert labels.by_code["y"] == {"SYN/1/op2": 0, **op1}


def test_marks_of_different_scopes_are_withdrawn_one_by_one(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["x"])
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["y", "x", "y"])
    assert sorted(m.codes or () for m in current_reviews(store, "b")) == [("x",), ("x", "y")]
    with pytest.raises(CodingError, match="no current 'done' mark for y only by ana"):
        mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["y"],
                  undo=True)  # fmt: skip
    with pytest.raises(CodingError, match="no current 'done' mark by ana"):
        mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], undo=True)
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["x"], undo=True)
    assert [m.codes for m in current_reviews(store, "b")] == [("x", "y")]
    labels = collect_labels(store, stored_codebook(store, "b"), "unit")
    assert labels.by_code == {"x": {"SYN/1/op2": 0}, "y": {"SYN/1/op2": 0}, "z": {}}


def test_a_mark_names_codes_its_codebook_has(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    with pytest.raises(CodingError, match=r"codebook b \(.*\) has no code or frame w; see its"):
        mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["x", "w"])
    with pytest.raises(CodingError, match="names no code"):
        mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=[" "])
    assert store.conn.execute("SELECT count(*) FROM coding_reviews").fetchone()[0] == 0


def _coded(store: Store, key: str) -> set[str]:
    return {str(r[0]) for r in store.conn.execute(
        "SELECT code FROM codings WHERE unit_key = ?", (key,))}  # fmt: skip


def test_a_mark_for_one_code_drops_only_that_codes_candidates(store: Store) -> None:
    book = load_default_codebook()
    apply_codebook(store, book)
    before = _coded(store, BRIGADE)
    assert {"intervention_brigade", "neutralize_disarm"} <= before
    mark_done(store, coder="ana", codebook=book.name, unit_keys=[BRIGADE],
              codes=["neutralize_disarm"])  # fmt: skip
    assert _coded(store, BRIGADE) == before - {"neutralize_disarm"}
    # at paragraph level too: only the named code's candidates leave the sub-paragraphs
    mark_done(store, coder="bo", codebook=book.name, unit_keys=["S/RES/2098 (2013)/op12"],
              level="paragraph", codes=["intervention_brigade"])  # fmt: skip
    assert _coded(store, BRIGADE) == before - {"neutralize_disarm", "intervention_brigade"}


def test_a_scoped_mark_closes_open_suggestions_of_its_codes_only(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op1"], level="paragraph",
              codes=["x"])  # fmt: skip
    cond, params = touched_by_review_sql(store, "b", "l", "k", "c")

    def touched(key: str, level: str, code: str) -> bool:
        row = store.conn.execute(
            f"SELECT {cond} FROM (SELECT ? AS b, ? AS l, ? AS k, ? AS c)",
            (*params, "b", level, key, code),
        ).fetchone()
        return bool(row[0])

    assert touched("SYN/1/op1", "paragraph", "x") and not touched("SYN/1/op1", "paragraph", "y")
    assert touched("SYN/1/op1/a", "unit", "x") and not touched("SYN/1/op1/a", "unit", "z")
    assert not touched("SYN/1/op2", "unit", "x")


def test_agreement_counts_a_scoped_mark_for_its_codes_only(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    for coder in ("ana", "ben"):
        mark_done(store, coder=coder, codebook="b", unit_keys=["SYN/1/op2"], codes=["x"])
    add_code(store, coder="ana", unit_key="SYN/1/op2", start=0, end=9, code="y")
    rows = {r.code: r for r in agreement(store, codes=["x", "y"]).rows}
    assert rows["x"].unit_keys == ("SYN/1/op2",) and rows["x"].percent_agreement == 1.0
    # ben judged x there, not y: ana's y is no disagreement with him
    assert rows["y"].unit_keys == ()


def test_qdpx_and_a_table_carry_a_marks_codes(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["y", "x"])
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op1"], level="paragraph")
    path = tmp_path / "p.qdpx"
    report = export_qdpx(store, path, codebook="b")
    assert report.reviews == 2
    with zipfile.ZipFile(path) as zf:
        qde = zf.read("project.qde").decode("utf-8")
    assert "Reviewed by ana for b (unit level, codes x, y only)" in qde
    fresh = Store.open(tmp_path / "fresh.db")
    assert import_qdpx(fresh, path).reviews == 2
    marks = sorted((m.coder, m.level, m.key, m.codes) for m in current_reviews(fresh, "b"))
    assert marks == [("ana", "paragraph", "SYN/1/op1", None),
                     ("ana", "unit", "SYN/1/op2", ("x", "y"))]  # fmt: skip
    assert import_qdpx(fresh, path).reviews == 0  # nothing doubled
    # a codings table carries it too: its reviewed cell names the codes
    export(store, tmp_path / "t.csv", ExportRequest(codebook="b"))
    assert "unit for x y" in (tmp_path / "t.csv").read_text()
    again = _project(tmp_path / "again.db")
    book = _book_file(tmp_path)
    imported = import_codings(again, tmp_path / "t.csv", codebook=str(book), coder="ana")
    assert imported.reviews == 2
    assert sorted((m.coder, m.level, m.key, m.codes) for m in current_reviews(again, "b")) == marks


def test_a_table_row_may_review_for_some_codes(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    book = _book_file(tmp_path)
    rows = tmp_path / "r.csv"
    rows.write_text("unit_key,code,reviewed\nSYN/1/op2,x,unit for x y\nSYN/1/op1,,"
                    "paragraph for z\nSYN/1/op1/a,,unit for w\n")  # fmt: skip
    with pytest.raises(CodingImportError) as caught:
        import_codings(store, rows, codebook=str(book), coder="ana")
    assert caught.value.problems == [
        "row 4: codebook b ("
        + stored_codebook(store, "b").version
        + ") has no code or frame w; see its codes with `normtrace code export-codebook b`"
    ]
    rows.write_text(rows.read_text().replace("unit for w", "unit for z"))
    import_codings(store, rows, codebook=str(book), coder="ana")
    assert sorted((m.level, m.key, m.codes) for m in current_reviews(store, "b")) == [
        ("paragraph", "SYN/1/op1", ("z",)), ("unit", "SYN/1/op1/a", ("z",)),
        ("unit", "SYN/1/op2", ("x", "y"))]  # fmt: skip


def test_cli_done_for_some_codes_and_reviews(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    store.close()
    runner = CliRunner()
    base = ["--project", str(tmp_path / "p.db"), "code"]
    out = runner.invoke(cli, [*base, "done", "SYN/1/op2", "--codebook", "b", "--coder", "ana",
                              "--code", "y", "--code", "x"])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "1 unit mark(s) marked done for b (codes x, y only) by ana" in out.output
    out = runner.invoke(cli, [*base, "done", "SYN/1/op1/a", "--codebook", "b", "--coder", "ana"])
    out = runner.invoke(cli, [*base, "reviews", "--codebook", "b"])
    assert "x;y" in out.output and "(all)" in out.output
    out = runner.invoke(cli, [*base, "reviews", "--codebook", "b", "--format", "json"])
    assert sorted(json.dumps(r["codes"]) for r in json.loads(out.stdout)) == ['["x", "y"]', "null"]
    out = runner.invoke(cli, [*base, "done", "SYN/1/op2", "--codebook", "b", "--coder", "ana",
                              "--code", "w"])  # fmt: skip
    assert out.exit_code == 1 and len(out.output.strip().splitlines()) == 1
    assert "has no code or frame w" in out.output


def test_a_project_of_schema_12_keeps_its_marks_as_marks_of_every_code(tmp_path: Path) -> None:
    import sqlite3

    from normtrace.store.db import migrations

    path = tmp_path / "v12.db"
    conn = sqlite3.connect(path)
    for number, _name, sql in migrations()[:12]:
        conn.executescript(sql)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute(
        "INSERT INTO coding_reviews (at, coder, codebook, codebook_version, level, unit_key, "
        "source, action) VALUES ('2026-01-01T00:00:00Z', 'ana', 'b', 'v1', 'unit', "
        "'SYN/1/op2', 'manual', 'done')"
    )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version() == len(migrations()) >= 13
        (mark,) = current_reviews(store, "b")
        assert (mark.key, mark.codes, mark.covers("anything")) == ("SYN/1/op2", None, True)
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute(
                "INSERT INTO coding_reviews (at, coder, codebook, codebook_version, level, "
                "unit_key, source, action, codes) VALUES ('2026-01-02T00:00:00Z', 'ana', 'b', "
                "'v1', 'unit', 'SYN/1/op2', 'manual', 'done', '\"x\"')"
            )


def test_a_frame_or_group_code_stands_for_its_codes(store: Store) -> None:
    """A new user marked done for ``offensive_force`` (the frame, a group code nothing is
    coded with): the mark was taken and did nothing."""
    from normtrace.coding.human.reviews import mark_scope

    book = load_default_codebook()
    apply_codebook(store, book)
    frame = mark_scope(store, book.name, ["offensive_force"])
    assert frame == tuple(sorted(book.frame_codes()["offensive_force"]))
    assert mark_scope(store, book.name, ["protection_of_civilians"]) == ("poc",)
    assert mark_scope(store, book.name, ["poc", "poc"]) == ("poc",)
    group = mark_scope(store, book.name, ["persuasion"])  # a group code that is no frame
    assert group and "persuasion" not in group
    with pytest.raises(CodingError, match="has no code or frame nothing_here"):
        mark_scope(store, book.name, ["nothing_here"])
    before = _coded(store, BRIGADE)
    mark_done(store, coder="ana", codebook=book.name, unit_keys=[BRIGADE],
              codes=["offensive_force"])  # fmt: skip
    assert _coded(store, BRIGADE) == before - set(frame)


def test_marking_again_writes_nothing_and_a_failed_undo_names_the_marks(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    assert mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["x"]) == 1
    assert mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["x"]) == 0
    assert mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"]) == 1
    with pytest.raises(CodingError) as caught:
        mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op1", "SYN/1/op2"],
                  codes=["y"], undo=True)  # fmt: skip
    message = str(caught.value)
    assert "SYN/1/op1 has no current 'done' mark for y only" in message
    assert "nothing was withdrawn" in message and "\n" not in message
    with pytest.raises(CodingError, match=r"ana's marks there: x \| every code"):
        mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["y"],
                  undo=True)  # fmt: skip
    assert store.conn.execute("SELECT count(*) FROM coding_reviews").fetchone()[0] == 2


def test_a_mark_for_some_codes_leaves_the_others_to_suggest_and_next(tmp_path: Path) -> None:
    """A new user's marks for three frames shut those units out of `suggest` and `code next`
    for every code, so a colleague coding another code was never sent there."""
    store = _project(tmp_path / "p.db")
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op1"], level="paragraph",
              codes=["x"])  # fmt: skip
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["x"])
    labels = collect_labels(store, stored_codebook(store, "b"), "unit")
    assert labels.human == frozenset()
    assert labels.judged("x") == {"SYN/1/op1", "SYN/1/op1/a", "SYN/1/op2"}
    assert labels.judged("y") == frozenset()
    mark_done(store, coder="bo", codebook="b", unit_keys=["SYN/1/op2"])
    labels = collect_labels(store, stored_codebook(store, "b"), "unit")
    assert labels.human == {"SYN/1/op2"} and labels.judged("y") == {"SYN/1/op2"}


def test_a_mark_naming_a_dropped_code_can_be_withdrawn_and_travels_for_the_rest(
    tmp_path: Path,
) -> None:
    """A review: a mark for x and y, then a codebook version without x; the mark could not be
    withdrawn, and a .qdpx or table of it could not be imported."""
    from normtrace.coding.exchange.carried import not_carried

    store = _project(tmp_path / "p.db")
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["x", "y"])
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op1/a"], codes=["x"])
    register_codebook(store, Codebook(name="b", codes=(Code(id="y", name="Y"),
                                                       Code(id="z", name="Z"))))  # fmt: skip
    assert any("name codes it no longer has (x: 2)" in line for line in not_carried(store, "b"))
    qdpx = tmp_path / "p.qdpx"
    assert export_qdpx(store, qdpx, codebook="b").reviews == 1  # the x-only mark: nothing left
    fresh = Store.open(tmp_path / "fresh.db")
    import_qdpx(fresh, qdpx)
    assert [(m.key, m.codes) for m in current_reviews(fresh, "b")] == [("SYN/1/op2", ("y",))]
    export(store, tmp_path / "t.csv", ExportRequest(codebook="b"))
    text = (tmp_path / "t.csv").read_text()
    assert "unit for y" in text and "SYN/1/op1/a" not in text
    book = _book_file(tmp_path, "yz")
    again = _project(tmp_path / "again.db")
    import_codings(again, tmp_path / "t.csv", codebook=str(book), coder="ana")
    assert [(m.key, m.codes) for m in current_reviews(again, "b")] == [("SYN/1/op2", ("y",))]
    # the marks stand as made, and are withdrawn as made
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["y", "x"],
              undo=True)  # fmt: skip
    assert [m.codes for m in current_reviews(store, "b")] == [("x",)]


def test_agreement_reads_events_of_a_coder_who_marked_some_codes_only(tmp_path: Path) -> None:
    """A review: ana coded x and marked the unit done for x only; ben coded y and marked it
    done for all. ana judged nothing of y there, so y is no disagreement."""
    store = _project(tmp_path / "p.db")
    add_code(store, coder="ana", unit_key="SYN/1/op2", start=0, end=9, code="x")
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["x"])
    add_code(store, coder="ben", unit_key="SYN/1/op2", start=0, end=9, code="y")
    mark_done(store, coder="ben", codebook="b", unit_keys=["SYN/1/op2"])
    report = agreement(store, codes=["x", "y"])
    rows = {r.code: r for r in report.rows}
    assert rows["y"].unit_keys == () and not [d for d in report.disagreements if d.code == "y"]
    assert rows["x"].unit_keys == ("SYN/1/op2",)  # both judged x: ben says absent
    assert [d.code for d in report.disagreements] == ["x"]


def test_code_undo_names_a_marks_codes_in_its_note(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    coded = add_code(store, coder="ana", unit_key="SYN/1/op2", start=0, end=9, code="x")
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], codes=["x"])
    store.close()
    out = CliRunner().invoke(cli, ["--project", str(tmp_path / "p.db"), "code", "undo",
                                   str(coded.id), "--coder", "ana"])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "of x, those ana has not applied there count as not applying" in out.stderr
    assert "--level unit --code x --undo`" in out.stderr


def test_a_reviewed_cell_reads_for_in_any_case(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    book = _book_file(tmp_path)
    rows = tmp_path / "r.csv"
    rows.write_text("unit_key,code,reviewed\nSYN/1/op2,,Unit FOR x\n")
    import_codings(store, rows, codebook=str(book), coder="ana")
    assert [m.codes for m in current_reviews(store, "b")] == [("x",)]


def test_a_mark_of_every_code_speaks_for_the_codes_its_version_had(tmp_path: Path) -> None:
    """A new user's marks, made before a code was added, counted as negatives of the new code
    for training and validation (a workbench user), and an export widened them to it (a
    command-line user's round trip turned its candidates 'absent')."""
    store = _project(tmp_path / "p.db")
    for coder in ("ana", "ben"):
        mark_done(store, coder=coder, codebook="b", unit_keys=["SYN/1/op2"])
    register_codebook(store, Codebook(name="b", codes=tuple(
        Code(id=c, name=c.upper()) for c in ("x", "y", "z", "w"))))  # fmt: skip
    labels = collect_labels(store, stored_codebook(store, "b"), "unit")
    assert labels.by_code["x"] == {"SYN/1/op2": 0} and labels.by_code["w"] == {}
    assert "SYN/1/op2" not in labels.judged("w")  # w is still suggested there
    rows = {r.code: r for r in agreement(store, codes=["x", "w"]).rows}
    assert rows["x"].unit_keys == ("SYN/1/op2",) and rows["w"].unit_keys == ()
    export(store, tmp_path / "t.csv", ExportRequest(codebook="b"))
    assert "unit for x y z" in (tmp_path / "t.csv").read_text()
    path = tmp_path / "p.qdpx"
    export_qdpx(store, path, codebook="b")
    fresh = Store.open(tmp_path / "fresh.db")
    import_qdpx(fresh, path)
    assert {m.codes for m in current_reviews(fresh, "b")} == {("x", "y", "z")}
    # marking again under the new version speaks for w too
    assert mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"]) == 1
    labels = collect_labels(store, stored_codebook(store, "b"), "unit")
    assert labels.by_code["w"] == {"SYN/1/op2": 0}


def test_a_coding_of_a_code_a_later_version_renamed_judges_only_its_versions_codes(
    tmp_path: Path,
) -> None:
    """A reviewer's finding: ana's coding of ``z``, which version 2 renamed ``w``, fell to
    "judged every code" (no current codebook held ``z``), so ana counted as having read the
    unit for ``w`` and disagreed with ben there."""
    store = _project(tmp_path / "p.db")
    add_code(store, coder="ana", unit_key="SYN/1/op2", start=0, end=9, code="z")
    first = stored_codebook(store, "b").version
    register_codebook(store, Codebook(name="b", codes=tuple(
        Code(id=c, name=c.upper()) for c in ("x", "y", "w"))))  # fmt: skip
    add_code(store, coder="ben", unit_key="SYN/1/op2", start=0, end=9, code="w")
    # a coding judges its own code only (coding.human.judged, as training reads it): until
    # stop 45 both codings counted as readings of every code of their versions
    assert agreement(store, codes=["x", "w", "z"]).rows == ()
    # marks made under each version judge that version's codes
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"], version=first)
    mark_done(store, coder="ben", codebook="b", unit_keys=["SYN/1/op2"])
    rows = {r.code: r for r in agreement(store, codes=["x", "w", "z"]).rows}
    assert rows["w"].unit_keys == ()  # ana never read the unit for w
    assert rows["x"].unit_keys == ("SYN/1/op2",)  # both versions hold x: both judged it
    assert rows["z"].unit_keys == ()  # ben's version lacks z: ben never judged it


def test_an_imported_nothing_applies_memo_judges_only_its_codebook(tmp_path: Path) -> None:
    """A reviewer's finding: the memo of an imported "nothing applies" row named no code, so
    it counted as a reading of every codebook's codes there, not only the import's."""
    store = _project(tmp_path / "p.db")
    register_codebook(store, Codebook(name="other", codes=(Code(id="q", name="Q"),)))
    rows = tmp_path / "rows.csv"
    rows.write_text("unit_key,code,memo\nSYN/1/op2,,SYNTHETIC read: nothing applies\n")
    import_codings(store, rows, codebook="b", coder="ana")
    add_code(store, coder="ben", unit_key="SYN/1/op2", start=0, end=9, code="q")
    add_code(store, coder="ben", unit_key="SYN/1/op2", start=0, end=9, code="x")
    rows_by = {r.code: r for r in agreement(store, codes=["q", "x"]).rows}
    assert rows_by["q"].unit_keys == ()  # ana read the unit for b's codes only
    assert rows_by["x"].unit_keys == ("SYN/1/op2",)
    # so at paragraph level (the memo is on the paragraph's unit, the mark on the paragraph)
    rows.write_text("unit_key,code,reviewed,memo\nSYN/1/op1,,paragraph,SYNTHETIC nothing\n")
    import_codings(store, rows, codebook="b", coder="ana")
    add_code(store, coder="ben", unit_key="SYN/1/op1", start=0, end=9, code="q")
    assert {r.code: r.unit_keys for r in agreement(store, codes=["q"]).rows}.get("q", ()) == ()


def test_a_code_a_later_version_dropped_is_judged_by_the_work_of_versions_that_had_it(
    tmp_path: Path,
) -> None:
    """A reviewer's finding: with z dropped (not renamed), codings of z under the version
    that had it judged nothing, and agreement on z went empty."""
    store = _project(tmp_path / "p.db")  # b = x, y, z
    for coder in ("ana", "ben"):
        add_code(store, coder=coder, unit_key="SYN/1/op2", start=0, end=9, code="z")
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op1"])
    add_code(store, coder="ben", unit_key="SYN/1/op1", start=0, end=9, code="z")
    register_codebook(store, Codebook(name="b", codes=tuple(
        Code(id=c, name=c.upper()) for c in ("x", "y"))))  # fmt: skip
    (row,) = [r for r in agreement(store, codes=["z"]).rows if r.code == "z"]
    assert row.unit_keys == ("SYN/1/op1", "SYN/1/op2")  # ana's mark under v1 judged z too
    assert row.percent_agreement == 0.5


def test_a_unit_mark_on_a_paragraphs_head_does_not_speak_for_its_sub_paragraphs(
    tmp_path: Path,
) -> None:
    """A reviewer's finding: whether ana's memo on a sub-paragraph counted depended on ben's
    paragraph-level mark on the paragraph: her unit-level mark on its head was read as
    touching the sub-paragraph."""
    from normtrace.coding.human.events import add_memo

    def judged(ben_marks_the_paragraph: bool) -> tuple[str, ...]:
        store = _project(tmp_path / f"p{int(ben_marks_the_paragraph)}.db")
        add_memo(store, coder="ana", unit_key="SYN/1/op1/a", memo="SYNTHETIC: nothing applies")
        mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op1"])
        add_code(store, coder="ben", unit_key="SYN/1/op1/a", start=0, end=1, code="x")
        if ben_marks_the_paragraph:
            mark_done(store, coder="ben", codebook="b", unit_keys=["SYN/1/op1"],
                      level="paragraph")  # fmt: skip
        return {r.code: r.unit_keys for r in agreement(store, codes=["x"]).rows}.get("x", ())

    # a memo judges no code (coding.human.judged, as training reads it): until stop 45 ana's
    # memo counted as her reading of every code of op1/a
    assert judged(False) == judged(True) == ()
