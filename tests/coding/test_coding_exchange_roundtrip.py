"""Round trips of codings, review marks and suggestions through CSV, XLSX and ``.qdpx``.

Every text here is SYNTHETIC (made up for tests, not UN text), in made-up documents
SYN/n: a preambular paragraph, an operative paragraph with two sub-paragraphs, and a
second operative paragraph; plus a SYNTHETIC meeting SYN/PV.1 with two speeches.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.exchange.codings import CodingImportError, import_codings, resolve_codebook
from normtrace.coding.exchange.qdpx import export_qdpx
from normtrace.coding.exchange.qdpx_read import import_qdpx
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.exchange.tables import COLUMNS, PassageFilter, passages
from normtrace.coding.human import events
from normtrace.coding.human.reviews import current_reviews, mark_done
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.learn.suggest import MIN_PROBABILITY, suggest
from normtrace.errors import CodingError
from normtrace.store.db import Store
from synthetic_docs import insert_meeting

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
SCHEMAS = Path("/work/shared/refi-qda")


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
        insert_meeting(conn, "SYN/PV.1", SPEECHES)


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


@pytest.fixture()
def coded(tmp_path: Path, book: Path) -> Store:
    """A SYNTHETIC project where two coders coded, reviewed, or only coded, units:

    - ana coded poc on SYN/1/op2 and marked it done (coded and reviewed);
    - ana coded force on SYN/1/op1/a and never marked it (coded only: no negatives there);
    - ana marked SYN/2/op2 done with no code (reviewed, nothing applies);
    - ben marked paragraph SYN/3/op1 done at paragraph level, and coded poc on SYN/3/op1/b;
    - ben marked SYN/1/op2 done, on which only ana holds a code;
    - ben coded talks on speech SYN/PV.1/s001 with a memo and marked the speech done at
      both levels.
    """
    store = _project(tmp_path / "coded.db", book)
    events.add_code(store, coder="ana", unit_key="SYN/1/op2", start=3, end=9, code="poc")
    events.add_code(store, coder="ana", unit_key="SYN/1/op1/a", start=4, end=20, code="force")
    events.add_code(store, coder="ben", unit_key="SYN/3/op1/b", start=0, end=3, code="poc")
    events.add_code(store, coder="ben", unit_key="SYN/PV.1/s001", start=25, end=30,
                    code="talks", memo="a synthetic memo")  # fmt: skip
    mark_done(store, coder="ana", codebook="synth", unit_keys=["SYN/1/op2", "SYN/2/op2"])
    mark_done(store, coder="ben", codebook="synth", unit_keys=["SYN/3/op1"], level="paragraph")
    mark_done(store, coder="ben", codebook="synth", unit_keys=["SYN/1/op2", "SYN/PV.1/s001"])
    mark_done(store, coder="ben", codebook="synth", unit_keys=["SYN/PV.1/s001"],
              level="paragraph")  # fmt: skip
    return store


def _codings(store: Store) -> list[tuple[object, ...]]:
    return sorted(
        (h.coder, h.unit_key, h.start, h.end, h.code, h.memo) for h in events.human_codings(store)
    )


def _marks(store: Store) -> list[tuple[str, str, str]]:
    return sorted((m.coder, m.level, m.key) for m in current_reviews(store, "synth"))


def _labels(store: Store) -> dict[str, object]:
    synth = stored_codebook(store, "synth")
    out: dict[str, object] = {}
    for level in ("unit", "paragraph"):
        labels = collect_labels(store, synth, level)
        out[level] = (labels.by_code, sorted(labels.human))
    return out


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_codings_table_round_trip_keeps_coders_reviews_and_labels(
    coded: Store, tmp_path: Path, book: Path, suffix: str
) -> None:
    before = (_codings(coded), _marks(coded), _labels(coded))
    # coded only: a unit nobody marked is no negative of the other codes
    assert "SYN/1/op1/a" not in before[2]["unit"][0]["poc"]  # type: ignore[index]
    project = str(coded.path)
    coded.close()
    table = tmp_path / f"codings{suffix}"
    out = _run("--project", project, "code", "export", str(table))
    assert "rows" in out
    fresh = tmp_path / "fresh.db"
    _project(fresh, book).close()
    out = _run("--project", str(fresh), "code", "import", str(table), "--codebook", str(book),
               "--coder", "someone-else")  # fmt: skip
    assert "by ana, ben" in out and "6 review mark(s)" in out, out
    back = Store.open(fresh)
    assert _codings(back) == before[0]
    assert _marks(back) == before[1]
    assert _labels(back) == before[2]
    # again into the same project: nothing new is written (a spreadsheet round trip adds
    # only the rows it added)
    again = import_codings(back, table, codebook="synth", coder="someone-else")
    assert (again.codings, again.already) == (0, len(before[0]))
    assert (_codings(back), _marks(back)) == before[:2]


def test_the_table_says_which_rows_mark_a_review(coded: Store, tmp_path: Path) -> None:
    written = export(coded, tmp_path / "c.csv", ExportRequest(PassageFilter(sources=("human",))))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == COLUMNS and written.count == len(rows)
    assert {"coder", "reviewed", "level", "probability", "model"} <= set(COLUMNS)
    got = sorted((r["coder"], r["unit_key"], r["code"], r["reviewed"], r["level"]) for r in rows)
    assert got == [
        ("ana", "SYN/1/op1/a", "force", "no", "unit"),  # coded only
        # coded and reviewed: the mark is a row of its own, with the whole text it read (an
        # import checks the mark's words, not only the coding's)
        ("ana", "SYN/1/op2", "", "unit", "unit"),
        ("ana", "SYN/1/op2", "poc", "no", "unit"),
        ("ana", "SYN/2/op2", "", "unit", "unit"),  # reviewed, nothing applies
        ("ben", "SYN/1/op2", "", "unit", "unit"),
        ("ben", "SYN/3/op1", "", "paragraph", "paragraph"),  # a whole paragraph
        ("ben", "SYN/3/op1/b", "poc", "no", "unit"),
        ("ben", "SYN/PV.1/s001", "", "paragraph", "paragraph"),
        ("ben", "SYN/PV.1/s001", "", "unit", "unit"),
        ("ben", "SYN/PV.1/s001", "talks", "no", "unit"),
    ]
    paragraph = next(r for r in rows if r["unit_key"] == "SYN/3/op1")
    assert paragraph["status"] == "reviewed" and paragraph["codebook"] == "synth"
    assert "fictional group 3" in paragraph["text"]  # the paragraph with its sub-paragraphs
    # filtered to one code, a table cannot say what else is absent: it marks no review
    one = passages(coded, PassageFilter(code="poc", sources=("human",), reviews="synth"))
    assert {(p.reviewed, p.status) for p in one} == {("no", "coded")} and len(one) == 2


def test_a_table_carries_one_codebooks_marks_on_that_codebooks_rows(
    coded: Store, tmp_path: Path
) -> None:
    """A coding of another codebook's code never carries a mark (it could not be imported
    with the mark's codebook); the marks of another codebook are left out, and said so."""
    other = tmp_path / "other.yaml"
    other.write_text("name: other\ncodes:\n  - {id: x, name: X}\n")
    resolve_codebook(coded, str(other))
    events.add_code(coded, coder="ana", unit_key="SYN/2/op2", start=0, end=2, code="x")
    mark_done(coded, coder="ana", codebook="other", unit_keys=["SYN/2/pp1"])
    request = ExportRequest(PassageFilter(sources=("human",)), codebook="synth")
    written = export(coded, tmp_path / "c.csv", request)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text(encoding="utf-8"))))
    ana = sorted((r["code"], r["reviewed"]) for r in rows if r["unit_key"] == "SYN/2/op2")
    assert ana == [("", "unit"), ("x", "no")]
    assert not any(r["unit_key"] == "SYN/2/pp1" for r in rows)
    assert written.notes == (
        "review marks of other: a table carries one codebook's (synth); export each with "
        "--codebook NAME",
    )
    one = export_qdpx(coded, tmp_path / "p.qdpx", codebook="synth")
    assert "review marks of other" in " ".join(one.skipped)
    whole = export_qdpx(coded, tmp_path / "w.qdpx")  # every codebook, with its marks
    assert (one.reviews, whole.reviews) == (6, 7) and not any("review marks" in s
                                                              for s in whole.skipped)  # fmt: skip


def test_import_honours_the_coder_and_reviewed_columns_and_refuses_bad_rows(
    tmp_path: Path, book: Path
) -> None:
    store = _project(tmp_path / "p.db", book)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "unit_key,code,coder,reviewed,source,codebook\n"
        "SYN/1/op2,poc,,no,human,synth\n"  # good
        "SYN/1/pp1,,ana,no,,\n"  # an empty code is a review
        "SYN/1/op1,poc,ana,maybe,,\n"  # unknown reviewed value
        "SYN/1/op2,force,,,suggestion,synth\n"  # a machine proposal
        "SYN/2/op2,,ana,unit,human,other\n"  # another codebook's mark: left out, counted
        "SYN/1/op1/a,,ana,paragraph,,\n"  # a sub-paragraph is no paragraph
    )
    with pytest.raises(CodingImportError) as info:
        import_codings(store, bad, codebook="synth", coder="dee")
    problems = info.value.problems
    assert [p.split(":")[0] for p in problems] == [f"row {n}" for n in (3, 4, 5, 7)]
    assert "reviewed says no" in problems[0] and "reviewed must be" in problems[1]
    assert "machine proposal" in problems[2]
    assert "'SYN/1/op1/a' is a sub-paragraph; at paragraph level name its paragraph" in (
        problems[3])  # fmt: skip
    assert store.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM coding_reviews").fetchone()[0] == 0
    good = tmp_path / "good.csv"
    good.write_text(
        "unit_key,code,start,end,coder,reviewed\n"
        "SYN/1/op2,poc,3,9,,no\n"  # dee's coding only
        "SYN/1/op1,,,,ana,paragraph\n"  # ana reviewed the whole paragraph
        "SYN/2/pp1,force,,,ana,\n"  # empty: the default rule (reviewed at --level)
        "SYN/2/op2,,,,,yes\n"
    )
    report = import_codings(store, good, codebook="synth", coder="dee")
    assert report.coders == ("ana", "dee") and (report.codings, report.reviews) == (2, 3)
    whole = len(PARAGRAPHS["pp1"].format(n=2))
    assert _codings(store) == [("ana", "SYN/2/pp1", 0, whole, "force", None),
                               ("dee", "SYN/1/op2", 3, 9, "poc", None)]  # fmt: skip
    assert _marks(store) == [("ana", "paragraph", "SYN/1/op1"), ("ana", "unit", "SYN/2/pp1"),
                             ("dee", "unit", "SYN/2/op2")]  # fmt: skip
    # a file without a reviewed column keeps the documented rule: every unit named is reviewed
    legacy = tmp_path / "legacy.jsonl"
    legacy.write_text(json.dumps({"unit_key": "SYN/3/op2", "code": "talks"}) + "\n")
    import_codings(store, legacy, codebook="synth", coder="eve")
    assert ("eve", "unit", "SYN/3/op2") in _marks(store)


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
    # a passages table is no codings file: its machine rows are refused, nothing imported
    fresh = _project(tmp_path / "f.db", book)
    with pytest.raises(CodingImportError, match="machine proposal"):
        import_codings(fresh, table, codebook="synth", coder="ana")


def test_suggest_refuses_a_bar_below_the_floor(tmp_path: Path, book: Path) -> None:
    store = _project(tmp_path / "s.db", book)
    for bar in (0.0, 0.01):
        with pytest.raises(CodingError, match=r"between 0\.05 and 1"):
            suggest(store, "synth", min_probability=bar)
    with pytest.raises(CodingError, match=r"must be at most 1, not 1\.5$"):
        suggest(store, "synth", min_probability=1.5)
    project = str(store.path)
    store.close()
    result = CliRunner().invoke(cli, ["--project", project, "code", "suggest", "--codebook",
                                      "synth", "--min-probability", "0"])  # fmt: skip
    assert result.exit_code == 1 and "between 0.05 and 1" in result.output
    assert len(result.output.strip().splitlines()) == 1
    help_text = CliRunner().invoke(cli, ["code", "suggest", "--help"]).output
    assert "0.05" in help_text and MIN_PROBABILITY == 0.05


def test_qdpx_round_trip_keeps_review_marks(coded: Store, tmp_path: Path) -> None:
    before = (_codings(coded), _marks(coded), _labels(coded))
    path = tmp_path / "p.qdpx"
    report = export_qdpx(coded, path, codebook="synth")
    assert (report.codings, report.reviews, report.users) == (4, 6, 2) and not report.skipped
    with zipfile.ZipFile(path) as zf:
        qde = zf.read("project.qde").decode("utf-8")
    assert "Reviewed by ben for synth (paragraph level): done, nothing (else) applies." in qde
    if (SCHEMAS / "Project.xsd").is_file():
        import xmlschema

        xmlschema.XMLSchema(str(SCHEMAS / "Project.xsd")).validate(qde)
    fresh = Store.open(tmp_path / "fresh.db")
    back = import_qdpx(fresh, path)
    assert (back.codings, back.reviews) == (4, 6)
    assert (_codings(fresh), _marks(fresh), _labels(fresh)) == before
    # again: nothing doubled
    again = import_qdpx(fresh, path)
    assert again.reviews == 0 and sum("review mark" in s for s in again.skipped) == 6
    assert fresh.conn.execute("SELECT count(*) FROM coding_reviews").fetchone()[0] == 6


def test_qdpx_import_refuses_a_review_mark_that_does_not_fit_its_unit(
    coded: Store, tmp_path: Path
) -> None:
    path = tmp_path / "p.qdpx"
    export_qdpx(coded, path, codebook="synth")
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    qde = members["project.qde"].decode("utf-8")
    # move the first review selection's end by one character
    at = qde.index('name="reviewed: ')
    end = qde.index('endPosition="', at) + len('endPosition="')
    close = qde.index('"', end)
    members["project.qde"] = (qde[:end] + str(int(qde[end:close]) + 1) + qde[close:]).encode()
    edited = tmp_path / "edited.qdpx"
    with zipfile.ZipFile(edited, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    fresh = Store.open(tmp_path / "fresh.db")
    with pytest.raises(CodingError, match="review mark .* covers .* export it again"):
        import_qdpx(fresh, edited)
    assert fresh.conn.execute("SELECT count(*) FROM coding_reviews").fetchone()[0] == 0
    assert fresh.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0] == 0


def test_an_export_names_the_verdicts_it_cannot_carry(coded: Store, tmp_path: Path) -> None:
    """A new user's re-imported project had fewer labels than the original: verdicts judge
    proposals of one project, and no file carries them. Every export now says how many stay
    behind, in its 'skipped' lines."""
    from normtrace.coding.learn.suggest import record_suggestion_verdict

    judged = _suggestion_for_verdict(coded)
    record_suggestion_verdict(coded, coder="ben", suggestion_id=judged, verdict="reject")
    for target in (tmp_path / "t.csv", tmp_path / "t.qdpx"):
        written = export(coded, target, ExportRequest(PassageFilter(sources=("human",))))
        assert any(n.startswith("1 verdicts on proposals of 'synth'")
                   for n in written.notes), written.notes  # fmt: skip
        assert written.lost == 0


def _suggestion_for_verdict(store: Store) -> int:
    """A SYNTHETIC model's suggestion of poc for SYN/2/op1 (the fixture's few labels are too
    few for `code train` to fit a model whose error `code validate` could measure)."""
    from normtrace.coding.dictionary.apply import text_sha256
    from normtrace.store.db import utc_now

    version = store.conn.execute(
        "SELECT version FROM current_codebooks WHERE name = 'synth'"
    ).fetchone()[0]
    text = store.conn.execute("SELECT text FROM units WHERE key = 'SYN/2/op1'").fetchone()[0]
    run = store.start_run("learn", "test.synthetic")
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO learn_models (run_id, codebook, codebook_version, level, version, "
            "params, codes, model, created_at) VALUES (?, 'synth', ?, 'unit', 'v', '{}', '{}', "
            "x'', ?)",
            (run, version, utc_now()),
        )
        sid = conn.execute(
            "INSERT INTO suggestions (run_id, model_run_id, model_version, codebook, "
            "codebook_version, level, unit_key, code, probability, text_sha256) "
            "VALUES (?, ?, 'v', 'synth', ?, 'unit', 'SYN/2/op1', 'poc', 0.9, ?)",
            (run, run, version, text_sha256(text)),
        ).lastrowid
    return int(sid or 0)


def test_codings_of_a_removed_code_are_warned_of_and_make_a_qdpx_export_fail(
    coded: Store, tmp_path: Path
) -> None:
    """SYNTHETIC. Registering the codebook again without `force` kept ana's force coding in
    the project (never deleted) but silently: the .qdpx left it out with exit status 0, and a
    table's row of it was refused by `code import`."""
    project = str(coded.path)
    coded.close()
    smaller = tmp_path / "smaller.yaml"
    smaller.write_text(CODEBOOK.replace("  - {id: force, name: Force}\n", ""))
    applied = CliRunner().invoke(cli, ["--project", project, "code", "apply", str(smaller)])
    assert applied.exit_code == 0
    assert "warning: 1 human codings of codes no longer in codebook 'synth' (force: 1)" in (
        applied.stderr
    )
    out = CliRunner().invoke(cli, ["--project", project, "code", "export",
                                   str(tmp_path / "p.qdpx")])  # fmt: skip
    assert out.exit_code == 1
    assert "error: 1 human codings are not in" in out.stderr and "the rest was written" in (
        out.stderr
    )
    assert (tmp_path / "p.qdpx").is_file()
    table = CliRunner().invoke(cli, ["--project", project, "code", "export",
                                     str(tmp_path / "p.csv")])  # fmt: skip
    assert table.exit_code == 0
    assert "skipped: 1 human codings of codes no longer in codebook 'synth' (force: 1)" in (
        table.stderr
    )


def test_a_named_table_exporter_writes_a_path_without_a_suffix(
    coded: Store, tmp_path: Path
) -> None:
    """`code export --format passages-csv /dev/stdout` was refused for the missing suffix,
    though the error had just advised --format (a new user's report)."""
    target = tmp_path / "no-suffix"
    export(coded, target, ExportRequest(PassageFilter(sources=("human",))), fmt="passages-csv")
    header = next(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert header == list(COLUMNS)


def test_a_code_dropped_by_one_codebook_but_held_by_another_is_the_others(
    tmp_path: Path,
) -> None:
    """SYNTHETIC. A review found a new coding of `x`, after codebook A dropped it and with B
    holding it, recorded under A's replaced version: it was then no label of B, and A's
    exports counted it as lost and exited 1 for good."""
    from normtrace.coding.codebook import Code, Codebook
    from normtrace.coding.dictionary.apply import register_codebook
    from normtrace.coding.exchange.carried import removed_code_codings

    store = Store.open(tmp_path / "m.db")
    fill(store, docs=1)
    register_codebook(store, Codebook(name="B", codes=(Code(id="x", name="X"),)))
    register_codebook(store, Codebook(name="A", codes=(Code(id="x", name="X"),
                                                       Code(id="y", name="Y"))))  # fmt: skip
    register_codebook(store, Codebook(name="A", codes=(Code(id="y", name="Y"),)))
    events.add_code(store, coder="ana", unit_key="SYN/1/op2", start=0, end=5, code="x")
    assert collect_labels(store, stored_codebook(store, "B"), "unit").by_code["x"] == {
        "SYN/1/op2": 1
    }
    assert removed_code_codings(store, "A") == {}


def test_a_table_written_to_standard_output_is_the_table_alone(coded: Store) -> None:
    """`code export --format passages-csv /dev/stdout` put the "wrote ..." line after the
    table on standard output (a review found it), spoiling a re-import."""
    project = str(coded.path)
    coded.close()
    done = CliRunner().invoke(cli, ["--project", project, "code", "export", "--format",
                                    "passages-csv", "/dev/stdout"])  # fmt: skip
    assert done.exit_code == 0
    assert "wrote" in done.stderr and "wrote" not in done.stdout


def test_accepted_candidates_stay_positive_through_the_round_trip(tmp_path: Path) -> None:
    """A new user accepted dictionary candidates and marked the units done; after a .qdpx
    round trip the marks came back but not the accepts, so the candidates read as absent:
    positives turned into negatives. Accepted candidates now travel as their coders'
    codings, in a .qdpx and in a codings table."""
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.exchange.yamlio import load_codebook

    book = tmp_path / "dict.yaml"
    book.write_text(
        CODEBOOK.replace(
            "{id: poc, name: Protection}",
            "{id: poc, name: Protection, entries: [protect civilians]}",
        )
    )
    source = Store.open(tmp_path / "source.db")
    fill(source)
    apply_codebook(source, load_codebook(book))
    cands = source.conn.execute("SELECT id, unit_key FROM current_auto_codings "
                                "ORDER BY unit_key").fetchall()  # fmt: skip
    assert len(cands) == 3  # op1/a of SYN/1..3
    (keep, kept_key), (drop, dropped_key) = cands[0], cands[1]
    events.record_verdict(source, coder="ana", auto_coding_id=int(keep), verdict="accept")
    events.record_verdict(source, coder="ana", auto_coding_id=int(drop), verdict="reject")
    mark_done(source, coder="ana", codebook="synth", unit_keys=[kept_key, dropped_key])

    def counted(store: Store) -> set[str]:
        return {str(r[0]) for r in store.conn.execute(
            "SELECT DISTINCT unit_key FROM codings WHERE code = 'poc'")}  # fmt: skip

    def poc_labels(store: Store) -> dict[str, int]:
        return collect_labels(store, stored_codebook(store, "synth"), "unit").by_code["poc"]

    assert counted(source) == {kept_key, cands[2][1]}
    assert poc_labels(source) == {kept_key: 1, dropped_key: 0}
    qdpx = tmp_path / "p.qdpx"
    assert export_qdpx(source, qdpx, codebook="synth").accepted == 1
    table = tmp_path / "t.csv"
    export(source, table, ExportRequest(codebook="synth"))
    for name, load in (("q.db", lambda s: import_qdpx(s, qdpx)),
                       ("t.db", lambda s: import_codings(s, table, codebook=str(book),
                                                         coder="imported"))):  # fmt: skip
        fresh = Store.open(tmp_path / name)
        if name == "t.db":
            fill(fresh)
        load(fresh)
        apply_codebook(fresh, load_codebook(book))
        assert counted(fresh) == {kept_key, cands[2][1]}, name
        assert poc_labels(fresh) == {kept_key: 1, dropped_key: 0}, name


def test_an_accept_travels_with_its_coder_after_the_entry_is_dropped(tmp_path: Path) -> None:
    """A review: an accept of a candidate an earlier run found (the entry since dropped) was
    left out of exports without a note, and a coder whose only work was accepting had no user
    in the .qdpx, so the coding came back as 'imported'."""
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.exchange.yamlio import load_codebook

    book = tmp_path / "dict.yaml"
    entry = "{id: poc, name: Protection, entries: [protect civilians]}"
    book.write_text(CODEBOOK.replace("{id: poc, name: Protection}", entry))
    source = Store.open(tmp_path / "source.db")
    fill(source)
    apply_codebook(source, load_codebook(book))
    cand, key = source.conn.execute(
        "SELECT id, unit_key FROM current_auto_codings ORDER BY unit_key").fetchone()  # fmt: skip
    events.record_verdict(source, coder="ben", auto_coding_id=int(cand), verdict="accept")
    book.write_text(CODEBOOK)  # the entry dropped: a new version, a run without the candidate
    apply_codebook(source, load_codebook(book))
    assert source.conn.execute("SELECT count(*) FROM current_auto_codings").fetchone()[0] == 0
    qdpx = tmp_path / "p.qdpx"
    report = export_qdpx(source, qdpx, codebook="synth")
    assert report.accepted == 1 and report.users == 1
    fresh = Store.open(tmp_path / "fresh.db")
    import_qdpx(fresh, qdpx)
    held = [(h.coder, h.unit_key, h.code) for h in events.human_codings(fresh)]
    assert held == [("ben", key, "poc")]
    labels = collect_labels(fresh, stored_codebook(fresh, "synth"), "unit").by_code["poc"]
    assert labels == {key: 1}


def test_memos_written_on_a_coding_travel_in_a_table(tmp_path: Path) -> None:
    """A workbench user's memos on their codings ('Memo on this coding') were missing from the
    CSV and XLSX exports: the memo column held only a memo given with the coding itself.
    SYNTHETIC unit and memos."""
    from normtrace.coding.codebook import Code, Codebook
    from normtrace.coding.dictionary.apply import register_codebook
    from normtrace.coding.exchange.registry import ExportRequest, export
    from normtrace.coding.human.events import add_code, add_memo
    from normtrace.coding.human.undo import undo_event as undo
    from normtrace.store.db import Store
    from synthetic_docs import insert_document

    store = Store.open(tmp_path / "p.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic protection text.")])
    register_codebook(store, Codebook(name="b", codes=(Code(id="x", name="X"),)))
    add_code(store, coder="ana", unit_key="SYN/1/op1", start=0, end=9, code="x", memo="own")
    add_memo(store, coder="ana", unit_key="SYN/1/op1", memo="SYNTHETIC second thought",
             start=0, end=9, code="x")  # fmt: skip
    add_memo(store, coder="ben", unit_key="SYN/1/op1", memo="SYNTHETIC colleague",
             start=0, end=9, code="x")  # fmt: skip
    dropped = add_memo(store, coder="ana", unit_key="SYN/1/op1", memo="SYNTHETIC undone",
                       start=0, end=9, code="x")  # fmt: skip
    undo(store, coder="ana", event_id=dropped.id)
    export(store, tmp_path / "t.csv", ExportRequest(codebook="b"))
    written = (tmp_path / "t.csv").read_text(encoding="utf-8")
    assert "own | SYNTHETIC second thought | ben: SYNTHETIC colleague" in written
    assert "SYNTHETIC undone" not in written


def test_an_accept_that_made_a_coding_is_listed_once(tmp_path: Path) -> None:
    """A code page listed a candidate accepted in the workbench twice: as the coding the accept
    made, and again among the machine's proposals as '(accepted)'. SYNTHETIC unit."""
    from normtrace.coding.codebook import Code, Codebook, Entry
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.exchange.tables import PassageFilter, passages
    from normtrace.coding.human.events import add_code, record_verdict
    from normtrace.store.db import Store
    from synthetic_docs import insert_document

    store = Store.open(tmp_path / "p.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic stabilization text.")])
    book = Codebook(name="b", codes=(Code(id="x", name="X", entries=(Entry("stabiliz*"),)),))
    apply_codebook(store, book, progress=False)
    (cand,) = store.conn.execute('SELECT id, start, "end" FROM current_auto_codings').fetchall()
    record_verdict(store, coder="ana", auto_coding_id=int(cand["id"]), verdict="accept")
    both = PassageFilter(code="x", sources=("human", "candidate"))
    assert [p.status for p in passages(store, both)] == ["accepted"]
    add_code(store, coder="ana", unit_key="SYN/1/op1", start=int(cand["start"]),
             end=int(cand["end"]), code="x")  # fmt: skip
    assert [(p.source, p.status) for p in passages(store, both)] == [("human", "coded")]
    alone = PassageFilter(code="x", sources=("candidate",))
    assert [p.status for p in passages(store, alone)] == ["accepted"]


def test_an_accept_holds_when_a_later_version_stops_proposing_the_span(tmp_path: Path) -> None:
    """A new user's revision added an exclusion: a candidate both coders had accepted left
    `freq --source human` and `kwic` without a word, while agreement and the exports still
    held it. It counts everywhere now, and `code apply` says so. SYNTHETIC unit."""
    from click.testing import CliRunner

    from normtrace.cli import cli
    from normtrace.coding.codebook import Code, Codebook, Entry, Exclusion
    from normtrace.coding.counts import coded_spans
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.human.events import record_verdict
    from normtrace.coding.kwic import kwic
    from normtrace.store.db import Store
    from synthetic_docs import insert_document

    path = tmp_path / "p.db"
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic stabilization training.")])
    entry = (Entry("stabiliz*"),)
    apply_codebook(store, Codebook(name="b", codes=(Code(id="x", name="X", entries=entry),)),
                   progress=False)  # fmt: skip
    (cand,) = store.conn.execute("SELECT id FROM current_auto_codings").fetchall()
    record_verdict(store, coder="ana", auto_coding_id=int(cand["id"]), verdict="accept")
    revised = Codebook(name="b", codes=(Code(id="x", name="X", entries=entry,
                                             excludes=(Exclusion("training", 2),)),))  # fmt: skip
    report = apply_codebook(store, revised, progress=False)
    assert report.spans == 0 and report.accepts_not_proposed == 1
    assert [s[4] for s in coded_spans(store, "human")] == ["stabilization"]
    assert [s[4] for s in coded_spans(store, "all")] == ["stabilization"]
    assert [x.unit_key for x in kwic(store, code="x")] == ["SYN/1/op1"]
    store.close()
    yaml = tmp_path / "b.yaml"
    from normtrace.coding.exchange.yamlio import dump_codebook

    yaml.write_text(dump_codebook(revised), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--project", str(path), "code", "apply", str(yaml)])
    assert result.exit_code == 0 and "1 accepted candidate(s) of earlier runs" in result.output


def test_a_table_exports_the_accepts_of_every_codebook_as_it_does_hand_codings(
    tmp_path: Path,
) -> None:
    """A new user's `code export` of a project whose current codebook is another one held the
    other codebook's hand codings but silently left out its accepted candidates, which the
    counts still held. SYNTHETIC unit and codebooks."""
    from normtrace.coding.codebook import Code, Codebook, Entry
    from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
    from normtrace.coding.exchange.tables import PassageFilter, passages
    from normtrace.coding.human.events import add_code, record_verdict
    from normtrace.store.db import Store
    from synthetic_docs import insert_document

    store = Store.open(tmp_path / "p.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic stabilization text.")])
    book = Codebook(name="b", codes=(Code(id="x", name="X", entries=(Entry("stabiliz*"),)),))
    apply_codebook(store, book, progress=False)
    (cand,) = store.conn.execute("SELECT id FROM current_auto_codings").fetchall()
    record_verdict(store, coder="ana", auto_coding_id=int(cand["id"]), verdict="accept")
    register_codebook(store, Codebook(name="mine", codes=(Code(id="y", name="Y"),)))
    add_code(store, coder="bo", unit_key="SYN/1/op1", start=0, end=9, code="y")
    rows = passages(store, PassageFilter(sources=("human",), reviews="mine"))
    assert sorted((p.coder, p.code) for p in rows) == [("ana", "x"), ("bo", "y")]


def test_a_table_extended_in_a_spreadsheet_adds_its_new_rows_only(
    coded: Store, tmp_path: Path
) -> None:
    """Export, add a row by hand, import back into the same project: the new row is written,
    the exported ones are there already (until stop 40 the whole file was refused as
    duplicates); a row typed twice is still refused."""
    table = tmp_path / "c.csv"
    export(coded, table, ExportRequest(PassageFilter(sources=("human",))))
    before = _codings(coded)
    with table.open("a", encoding="utf-8", newline="") as out:
        csv.writer(out).writerow(
            {"unit_key": "SYN/2/op1", "code": "force", "coder": "cy", "reviewed": "no"}.get(c, "")
            for c in COLUMNS
        )
    report = import_codings(coded, table, codebook="synth", coder="x")
    assert (report.codings, report.already) == (1, len(before))
    assert len(_codings(coded)) == len(before) + 1
    with table.open("a", encoding="utf-8", newline="") as out:
        csv.writer(out).writerow(
            {"unit_key": "SYN/2/op1", "code": "force", "coder": "cy", "reviewed": "no"}.get(c, "")
            for c in COLUMNS
        )
    with pytest.raises(CodingImportError, match="duplicate of an earlier row"):
        import_codings(coded, table, codebook="synth", coder="x")
