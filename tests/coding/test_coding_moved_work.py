"""Work on words a new version moved away labels nothing until it is placed again: agreement
and training read the codings and verdicts whose words stand, as ``freq`` does (a new user's
months: agreement reported two coders agreeing on a paragraph neither had read, and
training took it as a positive). The inserted paragraph is SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.events import add_code, record_verdict
from normtrace.coding.learn.labels import collect_labels
from resolution_2100 import PROTECT, candidate, change_words, ingested_2100, insert_paragraph

KEY = PROTECT


def test_codings_and_verdicts_on_moved_words_label_nothing(tmp_path: Path) -> None:
    with ingested_2100(tmp_path, apply=True) as (project, path):
        store = project.store
        book = load_default_codebook()
        cand = candidate(store, KEY, "poc")
        add_code(store, coder="ana", unit_key=KEY, start=cand["start"], end=cand["end"],
                 code="poc")  # fmt: skip
        record_verdict(store, coder="bo", auto_coding_id=cand["id"], verdict="accept")
        before = agreement(store, codes=["poc"])
        assert before.units >= 1
        assert collect_labels(store, book, "unit").by_code["poc"].get(KEY) == 1
        # a new version: the words both coders read are gone from the unit
        raw = path.read_bytes().decode("cp1252")
        words = str(store.conn.execute("SELECT snippet FROM auto_codings WHERE id = ?",
                                       (cand["id"],)).fetchone()[0])  # fmt: skip
        assert raw.count(words) == 1
        path.write_bytes(raw.replace(words, "SYNTHETIC replacement words").encode("cp1252"))
        project.ingest([path])
        after = agreement(store, codes=["poc"])
        assert after.units == 0
        assert KEY not in collect_labels(store, book, "unit").by_code["poc"]


def test_an_import_refuses_rows_whose_words_are_not_the_projects(tmp_path: Path) -> None:
    """A new user's months: a table exported before a correction put its codings and marks on
    the new words without a word. Each row's ``text`` cell (what an export writes) must be the
    words at its span here; a row without one is imported by offsets."""
    import pytest

    from normtrace.coding.exchange.codings import CodingImportError, import_codings

    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        text = str(store.conn.execute("SELECT text FROM units WHERE key = ?",
                                      (KEY,)).fetchone()[0])  # fmt: skip
        start = text.index("civilians")
        end = start + len("civilians")
        table = tmp_path / "t.csv"
        table.write_text(
            "unit_key,code,start,end,text,reviewed\n"
            f'"{KEY}",poc,{start},{end},civilians,no\n'
            f'"{KEY}",,0,{len(text)},"{text.replace(chr(34), chr(34) * 2)}",unit\n'
            f'"{KEY}",stabilization,{start},{end},SYNTHETIC other words,no\n'
            f'"{KEY}",r2p,{start},{end},,no\n',
            encoding="utf-8",
        )
        with pytest.raises(CodingImportError) as caught:
            import_codings(store, table, codebook="stability-operations", coder="ana")
        assert len(caught.value.problems) == 1
        assert caught.value.problems[0].startswith("row 4: ")
        assert "another version of the text" in caught.value.problems[0]
        table.write_text(
            "\n".join(table.read_text(encoding="utf-8").splitlines()[:3]) + "\n"
            + f'"{KEY}",r2p,{start},{end},,no\n', encoding="utf-8")  # fmt: skip
        report = import_codings(store, table, codebook="stability-operations", coder="ana")
        assert (report.codings, report.reviews) == (2, 1)


def test_an_ingest_names_candidates_off_their_words_and_accepts_in_a_dropped_unit(
    tmp_path: Path,
) -> None:
    """A new user's months: between an ingest and `code apply` the dictionary's counts fell
    with no word, and an accept in a sub-paragraph the new version dropped was not counted
    among the accepts lost."""
    dropped = "S/RES/2100 (2013)/op16/c/ii"
    with ingested_2100(tmp_path, apply=True) as (project, path):
        store = project.store
        book = load_default_codebook()
        cand = store.conn.execute(
            "SELECT id FROM current_auto_codings WHERE unit_key = ? ORDER BY start LIMIT 1",
            (dropped,),
        ).fetchone()
        record_verdict(store, coder="bo", auto_coding_id=cand["id"], verdict="accept")
        lines = path.read_bytes().decode("cp1252").split("\n")
        (at,) = [i for i, ln in enumerate(lines) if ln.startswith("(ii) To provide specific")]
        del lines[at]
        path.write_bytes("\n".join(lines).encode("cp1252"))
        anchors = project.ingest([path]).anchors
        assert anchors is not None and anchors.accepts_gone == 1
        assert anchors.candidates_off > 0 and "`normtrace code apply`" in anchors.line()
        apply_codebook(store, book, progress=False)
        again = project.ingest([path]).anchors
        assert again is None or again.candidates_off == 0


def test_the_hint_for_a_coding_whose_paragraph_moved_keeps_its_memo(tmp_path: Path) -> None:
    """A new user's months: following the review's hint dropped the coding's memo. (The
    inserted paragraph is SYNTHETIC.)"""
    from normtrace.coding.human.anchors import open_reviews

    key = "S/RES/2100 (2013)/pp03"
    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        text = str(store.conn.execute("SELECT text FROM units WHERE key = ?",
                                      (key,)).fetchone()[0])  # fmt: skip
        at = text.index("principles of peacekeeping")
        add_code(store, coder="ana", unit_key=key, start=at, end=at + 26, code="consent",
                 memo="ana's note: core principles")  # fmt: skip
        insert_paragraph(path)
        project.ingest([path])
        (review,) = open_reviews(store)
        assert "--memo 'ana'\"'\"'s note: core principles'" in review.reason


def test_a_suggestion_verdict_on_changed_words_labels_nothing(tmp_path: Path) -> None:
    """A reviewer's finding: an accepted model suggestion still labelled its unit, and counted
    as a reading of it in agreement, after a new version changed the unit's words. (The
    planted model and suggestion are SYNTHETIC.)"""
    from normtrace.coding.dictionary.apply import text_sha256
    from normtrace.coding.learn.suggest import record_suggestion_verdict
    from normtrace.store.db import utc_now

    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        book = load_default_codebook()
        version = store.conn.execute(
            "SELECT version FROM current_codebooks WHERE name = ?", (book.name,)
        ).fetchone()[0]
        text = str(store.conn.execute("SELECT text FROM units WHERE key = ?",
                                      (KEY,)).fetchone()[0])  # fmt: skip
        learn = store.start_run("learn", "test.synthetic")
        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO learn_models (run_id, codebook, codebook_version, level, version, "
                "params, codes, model, created_at) VALUES (?, ?, ?, 'unit', 'v', '{}', '{}', "
                "x'', ?)", (learn, book.name, version, utc_now()))  # fmt: skip
            sid = conn.execute(
                "INSERT INTO suggestions (run_id, model_run_id, model_version, codebook, "
                "codebook_version, level, unit_key, code, probability, text_sha256) "
                "VALUES (?, ?, 'v', ?, ?, 'unit', ?, 'poc', 0.9, ?)",
                (learn, learn, book.name, version, KEY, text_sha256(text)),
            ).lastrowid
        record_suggestion_verdict(store, coder="bo", suggestion_id=int(sid or 0),
                                  verdict="accept")  # fmt: skip
        at = text.index("civilians")
        add_code(store, coder="ana", unit_key=KEY, start=at, end=at + 9, code="poc")
        assert collect_labels(store, book, "unit").by_code["poc"].get(KEY) == 1
        assert agreement(store).units == 1  # both read the unit's words
        change_words(project, path, KEY)
        project.ingest([path])
        assert collect_labels(store, book, "unit").by_code["poc"].get(KEY) == 1  # ana's coding
        assert agreement(store).units == 0  # bo's verdict is no reading of the new words


def test_a_mark_exported_beside_a_coding_is_checked_whole_on_import(tmp_path: Path) -> None:
    """A reviewer's finding: a mark carried on a coding's row was checked through the
    coding's words only, so a table exported before a correction put the mark on words the
    coder never read. Every mark is now a row of its own, with the whole text it read."""
    import pytest

    from normtrace.coding.exchange.codings import CodingImportError, import_codings
    from normtrace.coding.exchange.registry import ExportRequest, export
    from normtrace.coding.exchange.tables import PassageFilter
    from normtrace.coding.human.reviews import mark_done

    table = tmp_path / "t.csv"
    for name in "abc":
        (tmp_path / name).mkdir()
    with ingested_2100(tmp_path / "a") as (project, path):
        add_code(project.store, coder="ana", unit_key=KEY, start=0, end=10, code="poc")
        mark_done(project.store, coder="ana", codebook="stability-operations", unit_keys=[KEY])
        request = ExportRequest(PassageFilter(sources=("human",)))
        export(project.store, table, request)
    with ingested_2100(tmp_path / "b") as (project, path):
        import_codings(project.store, table, codebook="stability-operations", coder="x")
    with ingested_2100(tmp_path / "c") as (project, path):
        change_words(project, path, KEY)  # a word after the coded ones
        project.ingest([path])
        with pytest.raises(CodingImportError) as caught:
            import_codings(project.store, table, codebook="stability-operations", coder="x")
        assert any("another version of the text" in p for p in caught.value.problems)
