"""A paragraph-level verdict on a model suggestion made before stop 41 on a report's numbered
paragraph judged that paragraph's own unit (its lettered sub-paragraphs were paragraphs of
their own then): the suggestion's hash is of those words. Since stop 41 the paragraph at
paragraph level joins its sub-paragraphs, so the verdict matched no target's words and counted
nowhere. It is now read as the coder's verdict on that unit
(coding.human.suggestion_verdicts.reading_levels), as a mark that read one unit is: it labels
the unit, and at paragraph level says what a verdict on one of its units says (an accept: the
paragraph carries the code; a reject: nothing), never a verdict on the joined words.

The report is real (``tests/fixtures/reports/UNIKOM_S_2003_933.txt``, the text of
``../shared/corpus/reports/UNIKOM_S_2003_933.pdf``: paragraph 13 has sub-paragraphs (a), (b));
the codebook, the planted model and suggestions, the verdicts and the sub-paragraph a test adds
to a copy of the report are SYNTHETIC."""

from __future__ import annotations

import shutil
from pathlib import Path

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook, stored_codebook, text_sha256
from normtrace.coding.human.suggestion_verdicts import reading_levels
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.coding.levels import level_units
from normtrace.project import Project
from normtrace.store.db import Store
from synthetic_coding import plant_suggestion

REPORT = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "UNIKOM_S_2003_933.txt"
P13, P14 = "S/2003/933/p13", "S/2003/933/p14"
BOOK = Codebook(name="synth", codes=(Code(id="poc", name="PoC"), Code(id="auth", name="Auth")))


def _suggestion(store: Store, key: str, code: str, words: str) -> int:
    """A SYNTHETIC paragraph-level suggestion of ``code`` on ``key`` made on ``words``."""
    return plant_suggestion(store, "synth", "paragraph", key, code, words)


def _own_words(store: Store, key: str) -> str:
    return str(store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()[0])


def _labels(store: Store, level: str) -> dict[str, dict[str, int]]:
    return collect_labels(store, stored_codebook(store, "synth"), level).by_code


def test_a_verdict_from_before_stop_41_on_a_report_paragraph_reads_its_unit(
    tmp_path: Path,
) -> None:
    path = tmp_path / REPORT.name
    shutil.copy(REPORT, path)
    with Project(tmp_path / "p.db") as project:
        store = project.store
        project.ingest([path])
        register_codebook(store, BOOK)
        (target,) = level_units(store, "paragraph", [P13])
        assert target.members == (P13, f"{P13}/a", f"{P13}/b")
        # before stop 41 p13's paragraph-level target was its own unit: the words judged
        own = _own_words(store, P13)
        accepted = _suggestion(store, P13, "poc", own)
        rejected = _suggestion(store, P13, "auth", own)
        record_suggestion_verdict(store, coder="ana", suggestion_id=accepted, verdict="accept")
        record_suggestion_verdict(store, coder="ana", suggestion_id=rejected, verdict="reject")
        # one made since, on the joined words, stands for the paragraph, as before
        joined = _suggestion(store, P14, "auth", _own_words(store, P14))
        record_suggestion_verdict(store, coder="bo", suggestion_id=joined, verdict="reject")

        assert reading_levels(store, [("paragraph", P13, text_sha256(own)),
                                      ("paragraph", P13, text_sha256(target.text)),
                                      ("paragraph", P13, text_sha256("other words"))]) == {
            ("paragraph", P13, text_sha256(own)): "unit",
            ("paragraph", P13, text_sha256(target.text)): "paragraph"}  # fmt: skip
        unit = _labels(store, "unit")
        assert unit["poc"] == {P13: 1}  # ana's verdicts judged p13's words: that unit's labels
        assert unit["auth"] == {P13: 0, P14: 0}
        paragraph = _labels(store, "paragraph")
        # an accept of one unit's words: the paragraph carries the code; a reject of them says
        # nothing of p13/a and p13/b, so nothing of the paragraph (it is suggested again)
        assert paragraph["poc"] == {P13: 1}
        assert paragraph["auth"] == {P14: 0}

        # a new version adds a sub-paragraph under p14: bo judged p14's own words, which stand
        added = "(a) A SYNTHETIC sub-paragraph no coder has read."
        lines = path.read_text(encoding="utf-8").split("\n")
        at = next(i for i, ln in enumerate(lines) if ln.startswith("14. During the mandate"))
        lines[at + 1 : at + 1] = ["", added]
        path.write_text("\n".join(lines), encoding="utf-8")
        anchors = project.ingest([path]).anchors
        assert {str(r[0]) for r in store.conn.execute("SELECT key FROM units")} >= {f"{P14}/a"}
        assert anchors is not None and anchors.suggestion_verdicts_changed == 0
        assert _labels(store, "unit")["auth"] == {P13: 0, P14: 0}
        assert _labels(store, "paragraph")["auth"] == {}


def test_agreement_reads_such_a_verdict_as_a_reading_of_the_unit(tmp_path: Path) -> None:
    """Agreement reads the verdict where training does: ana's reject of poc on p13's own words
    (before stop 41) is her reading of the unit p13, in which bo coded poc."""
    from normtrace.coding.human.agreement import agreement
    from normtrace.coding.human.events import add_code

    path = tmp_path / REPORT.name
    shutil.copy(REPORT, path)
    with Project(tmp_path / "p.db") as project:
        store = project.store
        project.ingest([path])
        register_codebook(store, BOOK)
        rejected = _suggestion(store, P13, "poc", _own_words(store, P13))
        record_suggestion_verdict(store, coder="ana", suggestion_id=rejected, verdict="reject")
        add_code(store, coder="bo", unit_key=P13, start=0, end=10, code="poc", codebook="synth")
        report = agreement(store, codes=["poc"])
        (row,) = [r for r in report.rows if r.code == "poc"]
        assert row.unit_keys == (P13,)
        assert [(d.unit_key, d.applied_by, d.not_applied_by) for d in report.disagreements] == [
            (P13, ("bo",), ("ana",))
        ]
