"""A verdict on a paragraph-level model suggestion reads the units it judged by the one rule of
marks (:func:`normtrace.coding.levels.read_whole`, migration 0018): an operative or preambular
paragraph is judged whole, so when a new version adds a sub-paragraph under one judged when it
had none (``…/op3`` gains ``…/op3/a``), its coder never read the new unit and the verdict stops
counting, as a "done" mark of the paragraph stops. Until stop 43 the verdict read on as a verdict
on the paragraph's own unit (training, agreement and the counts read it there) while the mark
on the same words stood no more. A report's paragraph judged alone reads on as that one unit,
as its mark does (tests/coding/test_verdicts_report_heads.py).

The resolution is real (``tests/fixtures/texts/S-RES-242(1967).txt``: operative paragraphs 3
and 4 have no sub-paragraph); the sub-paragraph added to a copy of it, the codebook, the planted
models and suggestions, the verdicts, codings and marks are SYNTHETIC. The agreement numbers
are worked out by hand in the comments.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook, text_sha256
from normtrace.coding.human.agreement import AgreementRow, agreement
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import current_reviews, mark_done
from normtrace.coding.human.suggestion_verdicts import reading_levels
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.coding.levels import level_units, read_whole, whole_heads_sql
from normtrace.project import Project
from normtrace.store.db import Store, migrations
from synthetic_coding import plant_suggestion

RESOLUTION = Path(__file__).resolve().parents[1] / "fixtures" / "texts" / "S-RES-242(1967).txt"
OP3, OP4 = "S/RES/242 (1967)/op3", "S/RES/242 (1967)/op4"
BOOK = Codebook(name="synth", codes=(Code(id="poc", name="PoC"),))


def _words(store: Store, key: str, level: str) -> str:
    (target,) = level_units(store, level, [key])
    return target.text


def _reject(store: Store, coder: str, key: str) -> None:
    """``coder``'s reject of a SYNTHETIC paragraph-level suggestion of poc on ``key``, made
    on the paragraph's current words."""
    sid = plant_suggestion(store, "synth", "paragraph", key, "poc", _words(store, key, "paragraph"))
    record_suggestion_verdict(store, coder=coder, suggestion_id=sid, verdict="reject")


def _poc(store: Store) -> tuple[object, ...]:
    (row,) = [r for r in agreement(store, codes=["poc"]).rows if r.code == "poc"]
    assert isinstance(row, AgreementRow)
    return row.unit_keys, row.percent_agreement, row.cohen_kappa, row.krippendorff_alpha


def _add_sub_paragraph(path: Path) -> None:
    """A new version of the resolution: a SYNTHETIC sub-paragraph (a) under operative 3."""
    lines = path.read_bytes().decode("cp1252").split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("3.\tRequests the Secretary"))
    lines[at + 1 : at + 1] = ["", "(a)\tA SYNTHETIC sub-paragraph no coder has read;"]
    path.write_bytes("\n".join(lines).encode("cp1252"))


def test_a_verdict_on_an_operative_paragraph_stops_when_a_sub_paragraph_is_added(
    tmp_path: Path,
) -> None:
    path = tmp_path / RESOLUTION.name
    shutil.copy(RESOLUTION, path)
    with Project(tmp_path / "p.db") as project:
        store = project.store
        project.ingest([path])
        register_codebook(store, BOOK)
        assert [u.members for u in level_units(store, "paragraph", [OP3, OP4])] == [
            (OP3,), (OP4,)]  # fmt: skip
        words = _words(store, OP3, "paragraph")
        # ana judged op3 and op4 whole (each one unit then): she rejected poc on both, and
        # marked op3 done at paragraph level; bo coded poc in op3 and marked op4 done
        _reject(store, "ana", OP3)
        _reject(store, "ana", OP4)
        mark_done(store, coder="ana", codebook="synth", unit_keys=[OP3], level="paragraph")
        add_code(store, coder="bo", unit_key=OP3, start=0, end=8, code="poc", codebook="synth")
        mark_done(store, coder="bo", codebook="synth", unit_keys=[OP4])
        # op3: ana 0, bo 1; op4: ana 0, bo 0. Percent: 1 of 2 pairs agree = 0.5. Kappa: ana
        # (0, 0), bo (1, 0): po = 1/2, pe = 0 * 1/2 + 1 * 1/2 = 1/2, (1/2 - 1/2) / (1/2) = 0.
        # Alpha: coincidences o01 = o10 = 1, o00 = 2 (n = 4; n0 = 3, n1 = 1); Do = 2/4,
        # De = 2 * 3 * 1 / (4 * 3) = 1/2: 1 - Do/De = 0
        assert _poc(store) == ((OP3, OP4), 0.5, 0.0, 0.0)

        _add_sub_paragraph(path)
        anchors = project.ingest([path]).anchors
        assert [u.members for u in level_units(store, "paragraph", [OP3])] == [
            (OP3, f"{OP3}/a")]  # fmt: skip
        assert _words(store, OP3, "unit") == words  # op3's own words stand
        # op3 is bo's alone now; op4: ana 0, bo 0: percent 1.0, and no variation, so kappa
        # and alpha are undefined (until stop 43: op3 and op4 as before, 0.5, 0.0, 0.0)
        assert _poc(store) == ((OP4,), 1.0, None, None)
        # ana's mark of op3 read a paragraph that had no sub-paragraph: it stops (0018) ...
        assert {(m.coder, m.key) for m in current_reviews(store, "synth")} == {("bo", OP4)}
        # ... and so does her verdict on the same words, which the ingest says
        assert reading_levels(store, [("paragraph", OP3, text_sha256(words))]) == {}
        assert anchors is not None and anchors.suggestion_verdicts_changed == 1


def test_the_rule_is_levels_one() -> None:
    """Which paragraph-level readings of one unit are readings of the paragraph whole; the
    view of standing marks holds the same rule (it cannot call Python)."""
    (sql,) = [s for _n, name, s in migrations() if name.startswith("0018_")]
    assert whole_heads_sql("r.unit_key") in re.sub(r"\s+", " ", sql)
    assert [read_whole(k, [k]) for k in (OP3, "R/pp2", "S/2003/933/p13", f"{OP3}/a",
                                         "S/PV.8703/s002/p03")] == [
        True, True, False, False, False]  # fmt: skip
    assert read_whole("S/2003/933/p13", ["S/2003/933/p13", "S/2003/933/p13/a"])
