"""Words an SG report gives as another's are not credited to the Secretariat.

A report says "the President ... stated that ..."; a resolution then uses those words. Before
reported speech was detected (parse.report.reported), ``secretariat``, ``provenance`` and
``first`` credited them to the Secretariat. Every document here is SYNTHETIC (symbols no UN
document uses, texts that say so).
"""

from __future__ import annotations

from pathlib import Path

from synthetic_store import report, resolution, save, saved

from normtrace.parse.model import Document
from normtrace.parse.report.reported import ALGORITHM
from normtrace.reuse.first import first_appearance
from normtrace.reuse.provenance import provenance
from normtrace.reuse.reported import REPORTED, ReportedIndex, update_reported
from normtrace.reuse.secretariat import secretariat_origin
from normtrace.reuse.store_reuse import load_units
from normtrace.store.db import Store

PREVIOUS, RENEWAL = "S/RES/9911 (2012)", "S/RES/9912 (2013)"
REPORT = "S/2013/9011"  # a SYNTHETIC report of the Secretary-General
SAID = (
    "a national commission on land tenure must be established without delay to settle all "
    "disputes over rural property"
)
OWN = (
    "the synthetic police should strengthen community patrols in every district and protect "
    "displaced families living in temporary camps"
)
REPORT_TEXT = [
    f"SYNTHETIC. On 3 May, the President of the Synthetic Republic stated that {SAID}.",
    f"SYNTHETIC. I recommend that {OWN}.",
]


def _project() -> Store:
    return saved(_docs())


def _docs() -> list[Document]:
    """The previous resolution, the report (a reported sentence, then its own), the renewal."""
    return [
        resolution(PREVIOUS, "2012-10-01", ["Decides to extend the mandate;"]),
        report(REPORT, "2013-02-27", REPORT_TEXT, section="VIII. Observations"),
        resolution(RENEWAL, "2013-03-28", [
            "Decides to extend the mandate;", f"Agrees that {SAID};", f"Urges that {OWN};",
        ]),
    ]  # fmt: skip


def _documents(store: Store) -> None:
    """Save the documents without updating reuse (the reuse command, or a test, does)."""
    for doc in _docs():
        save(store, doc)


def test_secretariat_origin_does_not_credit_reported_words() -> None:
    store = _project()
    found = secretariat_origin(store, RENEWAL)
    said, own = len(SAID.split()) + 1, len(OWN.split()) + 1  # and "that" before them
    # the report's own recommendation is the Secretariat's; the President's words are not
    assert found.from_secretariat == own
    assert found.reported == said
    passage = next(p for p in found.passages if p.source == f"{REPORT}/p1")
    assert passage.earliest_words == 0 and passage.reported_words == said
    assert passage.said_by == ("the President of the Synthetic Republic",)
    assert "said by the President of the Synthetic Republic" in found.render()
    assert found.row()["new_reported_in_sg_report"] == said


def test_provenance_shows_reported_words_as_said_by_another() -> None:
    store = _project()
    found = provenance(store, f"{RENEWAL}/op2")
    roles = {w.key: (w.role, w.said_by) for w in found.word_sources}
    assert roles[f"{REPORT}/p1"] == (REPORTED, "the President of the Synthetic Republic")
    text = found.render()
    assert "reported in the Secretary-General's report, said by the President" in text
    own = provenance(store, f"{RENEWAL}/op3")
    assert {w.key: w.role for w in own.word_sources}[f"{REPORT}/p2"] == "secretariat"


def test_first_use_by_the_secretariat_is_its_own() -> None:
    store = _project()
    said = first_appearance(store, phrase="national commission on land tenure")
    assert "secretariat" not in said.by_role
    assert said.by_role[REPORTED].actor == "the President of the Synthetic Republic"
    own = first_appearance(store, phrase="strengthen community patrols")
    assert own.by_role["secretariat"].key == f"{REPORT}/p2"


def test_update_reported_stores_a_run_and_reads_back_the_same() -> None:
    store = _project()
    computed = ReportedIndex(store).spans(f"{REPORT}/p1", REPORT_TEXT[0])
    run = update_reported(store)
    assert run.run_id and run.scanned == 2 and run.sentences == 1
    row = store.conn.execute("SELECT stage, algorithm FROM runs WHERE id = ?", (run.run_id,))
    assert tuple(row.fetchone()) == ("reported_speech", ALGORITHM)
    stored = ReportedIndex(store)._stored(f"{REPORT}/p1", _sha(REPORT_TEXT[0]))
    assert stored == computed and len(computed) == 1
    assert update_reported(store).run_id == 0  # nothing new to scan
    units = {s.info.key for s in load_units(store)}
    assert f"{REPORT}/p2" in units


def _sha(text: str) -> str:
    from normtrace.reuse.store_reuse import text_sha256

    return text_sha256(text)


def test_reuse_command_stores_the_reported_sentences(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from normtrace.cli.base import Context
    from normtrace.cli.reuse import reuse_command

    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _documents(store)
    done = CliRunner().invoke(reuse_command, [], obj=Context(str(path), False))
    assert done.exit_code == 0, done.output
    assert "2 SG report paragraphs read for reported speech, 1 sentences" in done.output
    with Store.open(path) as store:
        rows = store.conn.execute("SELECT speaker, cue, rule FROM reported_speech").fetchall()
    assert [tuple(r) for r in rows] == [
        ("the President of the Synthetic Republic", "stated", "verb")
    ]
