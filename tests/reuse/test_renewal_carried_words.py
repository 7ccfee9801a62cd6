"""A renewal carries from the previous resolution only the words a link aligns to an identical
word of it, the rule by which a link credits words (:mod:`normtrace.reuse.attribution`); and
reuse dates a unit as every other command dates its document (:mod:`normtrace.store.held`).

Words the Council inserted inside a carried paragraph lay inside the link's span and were
counted as carried, so they were never new wording, nor the Secretariat's when a report had
proposed them. A meeting record without a date of its own was undated in reuse while the case
report, the timeline and ``first`` dated it by its meeting. Every document here is SYNTHETIC
(symbols no UN document uses, texts that say so)."""

from __future__ import annotations

import pytest
from synthetic_store import report, resolution, save, saved

from normtrace.parse.model import Document, Paragraph
from normtrace.reuse.attribution import Attributor
from normtrace.reuse.secretariat import secretariat_origin
from normtrace.reuse.store_reuse import (
    document_units,
    links_into,
    load_units,
    stored_resolutions,
)
from normtrace.store.db import Store
from normtrace.store.held import held_by_symbol

PREVIOUS, RENEWAL = "S/RES/9911 (2012)", "S/RES/9912 (2013)"
REPORT = "S/2013/9011"  # a SYNTHETIC report of the Secretary-General
CARRIED = (
    "Requests UNSYN to continue to support the synthetic national police in the consolidation "
    "of stability and democracy across the synthetic provinces and along the northern border;"
)
#: the Council's own three words inserted inside the carried paragraph
OWN = (
    "Requests UNSYN to continue to support the synthetic national police, in dialogue and "
    "compromise, in the consolidation of stability and democracy across the synthetic "
    "provinces and along the northern border;"
)
PROPOSED = "through the deployment of formed police units to every synthetic border crossing"
REPORT_TEXT = f"SYNTHETIC. I recommend {PROPOSED} before the synthetic elections next year."
#: the report's proposal inserted inside another carried paragraph
ADOPTED_PROPOSAL = (
    "Requests UNSYN to continue to assist the synthetic electoral commission, "
    f"{PROPOSED}, in the preparation of free and fair elections in all the synthetic provinces "
    "before the end of its mandate;"
)
ASSIST = (
    "Requests UNSYN to continue to assist the synthetic electoral commission in the preparation "
    "of free and fair elections in all the synthetic provinces before the end of its mandate;"
)


@pytest.fixture(scope="module")
def store() -> Store:
    extend = "Decides to extend the mandate of UNSYN until 15 October {};"
    return saved(
        [
            resolution(PREVIOUS, "2012-10-01", [extend.format(2013), CARRIED, ASSIST]),
            report(REPORT, "2013-08-01", [REPORT_TEXT], section="VIII. Observations"),
            resolution(RENEWAL, "2013-10-10", [extend.format(2014), OWN, ADOPTED_PROPOSAL]),
        ]
    )


def _unaligned(store: Store, key: str) -> list[str]:
    """The words of ``key`` that no link from the previous resolution aligns to an identical
    word (what the renewal did not carry)."""
    units = {u.info.key: u for u in load_units(store)}
    att = Attributor(lambda k: links_into(store, k), lambda k: units[k].info,
                     lambda k: units[k].unit.text)  # fmt: skip
    words = att.tokens(key)
    carried: set[int] = set()
    for link in links_into(store, key):
        if link.source.startswith(PREVIOUS):
            carried |= {t for t, _ in att.pairs(link)}
    return [words.text[words.starts[i] : words.ends[i]] for i in range(len(words.starts))
            if i not in carried]  # fmt: skip


def test_words_inserted_inside_a_carried_paragraph_are_new_wording(store: Store) -> None:
    # the previous resolution's link into op2 spans the inserted words
    (link,) = [x for x in links_into(store, f"{RENEWAL}/op2") if x.source == f"{PREVIOUS}/op2"]
    assert "dialogue and compromise" in OWN[link.target_start : link.target_end]
    assert {"dialogue", "compromise"} <= set(_unaligned(store, f"{RENEWAL}/op2"))
    found = secretariat_origin(store, RENEWAL)
    new = sum(len(_unaligned(store, f"{RENEWAL}/op{i}")) for i in (1, 2, 3))
    assert found.new_words == new
    assert found.new_words >= len(PROPOSED.split()) + 3  # the proposal and "dialogue and ..."


def test_a_reports_proposal_inserted_inside_a_carried_paragraph_is_the_secretariats(
    store: Store,
) -> None:
    found = secretariat_origin(store, RENEWAL)
    (passage,) = [p for p in found.passages if p.target == f"{RENEWAL}/op3"]
    assert passage.source == f"{REPORT}/p1"
    assert passage.earliest_words >= len(PROPOSED.split()) - 1
    assert found.from_secretariat == passage.earliest_words


def test_reuse_dates_a_meeting_record_by_its_meeting_as_every_command_does() -> None:
    project = Store.open(":memory:")
    text = "SYNTHETIC. We ask the mission in Syntheticland to keep a robust posture."
    para = Paragraph("S/PV.99991/p1", "numbered", text, 1, number="1")
    save(project, Document("S/PV.99991", "corpus_meeting", "synthetic.v1",
                           "The situation in Syntheticland", None, None, paragraphs=(para,),
                           meeting="S/PV.99991"))  # fmt: skip
    save(project, resolution("S/RES/9913 (2099)", "2099-03-01", [CARRIED]))
    with project.transaction() as c:
        c.execute(
            "INSERT INTO meetings (symbol, date, topic, origin) VALUES ('S/PV.99991', "
            "'2099-02-01', 'The situation in Syntheticland', 'library_index')"
        )
    held = {s: r["date"] for s, r in held_by_symbol(project).items()}
    assert held == {"S/PV.99991": "2099-02-01", "S/RES/9913 (2099)": "2099-03-01"}
    dated = {u.info.key: (u.info.date, u.unit.date) for u in load_units(project)}
    assert dated == {
        "S/PV.99991/p1": ("2099-02-01", "2099-02-01"),
        "S/RES/9913 (2099)/op1": ("2099-03-01", "2099-03-01"),
    }
    assert [u.date for u in document_units(project, "S/PV.99991")] == ["2099-02-01"]
    assert stored_resolutions(project) == [("2099-03-01", "S/RES/9913 (2099)")]
