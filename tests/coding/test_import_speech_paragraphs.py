"""A speech paragraph's key (``…/s001/p02``, as ``normtrace export paragraphs`` writes it) names
those words of its speech, the unit a speech is coded as: ``code import`` and ``code add`` take
it (they said "unit 's001/p02' does not exist").

Every text here is SYNTHETIC (made up for tests, not UN text): a made-up meeting SYN/PV.7 whose
first speech has three paragraphs (as a verbatim record's do) and whose second has one (as a
corpus speech has).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.exchange.codings import CodingImportError, import_codings, resolve_codebook
from normtrace.coding.human.reviews import current_reviews
from normtrace.store.db import Store

CODEBOOK = """name: synth
codes:
  - {id: poc, name: Protection}
  - {id: force, name: Force}
"""
#: SYNTHETIC paragraphs of two speeches
FIRST = (
    "I thank the synthetic briefer for the invented update.",
    "Civilians in the made-up province must be protected.",
    "We support the fictional mission.",
)
SECOND = ("Synthetic speaker two calls on the invented parties to talk.",)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "speeches.db"
    book = tmp_path / "synth.yaml"
    book.write_text(CODEBOOK)
    with Store.open(path) as store:
        with store.transaction() as conn:
            doc = conn.execute(
                "INSERT INTO documents (symbol, doc_type, date, year, parser) "
                "VALUES ('SYN/PV.7', 'verbatim', '2001-03-01', 2001, 'test')"
            ).lastrowid
            for idx, paras in enumerate((FIRST, SECOND), start=1):
                key = f"SYN/PV.7/s{idx:03d}"
                speech = conn.execute(
                    "INSERT INTO speeches (document_id, key, idx, speaker, text) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (doc, key, idx, f"Speaker {idx}", "\n\n".join(paras)),
                ).lastrowid
                for order, text in enumerate(paras, start=1):
                    conn.execute(
                        "INSERT INTO paragraphs (document_id, speech_id, key, kind, ord, text) "
                        "VALUES (?, ?, ?, 'text', ?, ?)",
                        (doc, speech, f"{key}/p{order:02d}", order, text),
                    )
        resolve_codebook(store, str(book))
    return path


def _codings(path: Path) -> list[tuple[str, str, int, int, str]]:
    with Store.open(path) as store:
        rows = store.conn.execute(
            'SELECT coder, unit_key, start, "end", code FROM human_codings ORDER BY event_id'
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_rows_naming_speech_paragraphs_code_the_speech(db: Path, tmp_path: Path) -> None:
    second = len(FIRST[0]) + 2  # where p02's words start in the speech's text
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "unit_key,code,start,end,reviewed,text\n"
        "SYN/PV.7/s001/p02,poc,0,9,no,Civilians\n"  # a span of the paragraph, its words checked
        "SYN/PV.7/s001/p03,force,,,no,\n"  # the whole paragraph
        "SYN/PV.7/s002/p01,poc,,,,\n"  # a corpus speech's one paragraph: reviewed too
    )
    with Store.open(db) as store:
        report = import_codings(store, rows, codebook="synth", coder="ana")
        marks = [(m.key, m.level) for m in current_reviews(store, "synth")]
    assert report.on_speeches == 3 and report.codings == 3
    third = second + len(FIRST[1]) + 2
    assert _codings(db) == [
        ("ana", "SYN/PV.7/s001", second, second + 9, "poc"),
        ("ana", "SYN/PV.7/s001", third, third + len(FIRST[2]), "force"),
        ("ana", "SYN/PV.7/s002", 0, len(SECOND[0]), "poc"),
    ]
    assert marks == [("SYN/PV.7/s002", "unit")]


def test_a_speech_is_reviewed_when_all_its_paragraphs_are_named(db: Path, tmp_path: Path) -> None:
    some = tmp_path / "some.csv"
    some.write_text("unit_key,code\nSYN/PV.7/s001/p01,poc\nSYN/PV.7/s001/p03,\n")
    with Store.open(db) as store, pytest.raises(CodingImportError) as err:
        import_codings(store, some, codebook="synth", coder="ana")
    assert err.value.problems[0] == (
        "row 2: SYN/PV.7/s001/p01 is one of 3 paragraphs of speech SYN/PV.7/s001, which is "
        "reviewed whole, and the file does not name p02: add rows for them, name "
        "SYN/PV.7/s001, or set reviewed to no on this row"
    )
    every = tmp_path / "every.csv"
    every.write_text(
        "unit_key,code\nSYN/PV.7/s001/p01,\nSYN/PV.7/s001/p02,poc\nSYN/PV.7/s001/p03,\n"
    )
    with Store.open(db) as store:
        import_codings(store, every, codebook="synth", coder="ana")
        marks = [(m.key, m.coder) for m in current_reviews(store, "synth")]
    assert marks == [("SYN/PV.7/s001", "ana")]
    second = len(FIRST[0]) + 2
    assert _codings(db) == [("ana", "SYN/PV.7/s001", second, second + len(FIRST[1]), "poc")]


def test_bad_spans_and_words_of_speech_paragraphs(db: Path, tmp_path: Path) -> None:
    rows = tmp_path / "bad.csv"
    rows.write_text(
        "unit_key,code,start,end,reviewed,text\n"
        "SYN/PV.7/s001/p03,poc,0,99,no,\n"
        "SYN/PV.7/s001/p02,poc,0,9,no,Other words\n"
        "SYN/PV.7/s001/p09,poc,,,no,\n"
    )
    with Store.open(db) as store, pytest.raises(CodingImportError) as err:
        import_codings(store, rows, codebook="synth", coder="ana")
    problems = err.value.problems
    assert problems[0] == (
        "row 2: span [0:99] is not inside SYN/PV.7/s001/p03 (its text has "
        f"{len(FIRST[2])} code points; start must be < end)"
    )
    assert problems[1].startswith("row 3: SYN/PV.7/s001 [")
    assert "the file was made on another version of the text" in problems[1]
    assert problems[2].startswith("row 4: unit 's001/p09' does not exist in SYN/PV.7")


def test_code_add_and_remove_take_a_speech_paragraph_key(db: Path) -> None:
    runner = CliRunner()
    added = runner.invoke(cli, ["--project", str(db), "code", "add", "SYN/PV.7/s001/p02", "0",
                                "9", "poc", "--coder", "ana"])  # fmt: skip
    assert added.exit_code == 0, added.output
    second = len(FIRST[0]) + 2
    assert f"SYN/PV.7/s001[{second}:{second + 9}]" in added.stdout
    assert _codings(db) == [("ana", "SYN/PV.7/s001", second, second + 9, "poc")]
    removed = runner.invoke(cli, ["--project", str(db), "code", "remove", "SYN/PV.7/s001/p02",
                                  "0", "9", "poc", "--coder", "ana"])  # fmt: skip
    assert removed.exit_code == 0, removed.output
    assert _codings(db) == []
    outside = runner.invoke(cli, ["--project", str(db), "code", "add", "SYN/PV.7/s002/p01", "0",
                                  "999", "poc", "--coder", "ana"])  # fmt: skip
    assert outside.exit_code == 1
    assert "span [0:999] is not inside SYN/PV.7/s002/p01" in outside.output
