"""Report paragraphs that give another's words, as secretariat's passages and provenance show them.

- A report paragraph that is the earliest source only of words it reports (the President's),
  reached only through a chain, was a secretariat passage row with ``new_words_reported`` > 0
  and empty ``source_text`` and ``target_text``: the row quoted the credited words, and there
  were none. It quotes the reported words now.
- Provenance labelled a report paragraph linked into the chain "reported in the report, said
  by X" when the link's span merely overlapped a reported sentence, though most of the words
  it carries are the Secretariat's own; it now counts the link's credited words that lie in
  reported sentences, as secretariat and the word sources read a word.

Every document here is SYNTHETIC (symbols no UN document uses, texts that say so).
"""

from __future__ import annotations

import hashlib

from normtrace.parse.model import Document, Paragraph
from normtrace.reuse.provenance import provenance
from normtrace.reuse.secretariat import secretariat_origin
from normtrace.reuse.store_reuse import all_links, update_reuse
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document

REPORT = "S/2013/9011"  # a SYNTHETIC report of the Secretary-General
FIRST, SECOND = "S/RES/9921 (2013)", "S/RES/9922 (2013)"
SAID = (
    "a national commission on land tenure must be established without delay to settle all "
    "disputes over rural property"
)
OWN = (
    "the synthetic police should strengthen community patrols in every district and protect "
    "displaced families living in temporary camps"
)
MINISTER = "all schools in the north will reopen"
SAYS = f"On 3 May, the President of the Synthetic Republic stated that {SAID}."


def _save(store: Store, doc: Document) -> None:
    digest = hashlib.sha256(doc.symbol.encode()).hexdigest()
    save_document(store, doc, SourceRecord(doc.symbol, digest, 1, "text/plain", "test"))


def _report(store: Store, text: str) -> None:
    title = "SYNTHETIC report of the Secretary-General on the United Nations Synthetic Mission"
    paragraph = Paragraph(f"{REPORT}/p1", "numbered", text, 1, number="1",
                          section="VIII. Observations")  # fmt: skip
    _save(store, Document(REPORT, "report", "synthetic.v1", title, "2013-02-27", 2013,
                          paragraphs=(paragraph,)))  # fmt: skip


def _resolution(store: Store, symbol: str, date: str, text: str) -> None:
    paragraph = Paragraph(f"{symbol}/op1", "operative", text, 1, number="1")
    _save(store, Document(symbol, "resolution", "synthetic.v1", "SYNTHETIC resolution", date,
                          2013, paragraphs=(paragraph,)))  # fmt: skip


def test_a_passage_reached_through_a_chain_quotes_the_reported_words() -> None:
    store = Store.open(":memory:")
    _report(store, f"SYNTHETIC. {SAYS}")
    _resolution(store, FIRST, "2013-03-28", f"Agrees that {SAID};")
    _resolution(store, SECOND, "2013-09-28", f"Agrees that {SAID};")
    update_reuse(store, progress=False)
    # reuse detection does not find every direct link: here the second resolution reaches
    # the report only through the first (the direct link taken out)
    with store.transaction() as conn:
        gone = conn.execute(
            "DELETE FROM reuse_links WHERE source_key = ? AND target_key = ?",
            (f"{REPORT}/p1", f"{SECOND}/op1"),
        ).rowcount
    assert gone == 1
    assert {(x.source, x.target) for x in all_links(store)} == {
        (f"{REPORT}/p1", f"{FIRST}/op1"),
        (f"{FIRST}/op1", f"{SECOND}/op1"),
    }
    found = secretariat_origin(store, SECOND)
    said = len(SAID.split()) + 1  # and "that" before them
    assert found.reported == said and found.from_secretariat == 0
    (passage,) = found.passages
    assert passage.source == f"{REPORT}/p1" and passage.words == passage.earliest_words == 0
    assert passage.reported_words == said
    assert passage.said_by == ("the President of the Synthetic Republic",)
    assert passage.source_text == passage.target_text == f"that {SAID}"
    assert passage.via == (f"{FIRST}/op1",)
    # quoted, unmarked: «…» holds the words credited to the report, and none is
    assert f"      that {SAID}" in found.render().splitlines()
    assert passage.to_dict()["credited_via"] == f"{FIRST}/op1"


def test_provenance_counts_the_reported_words_a_report_link_carries() -> None:
    store = Store.open(":memory:")
    _report(store, f"SYNTHETIC. I recommend that {OWN}. The Minister of Education stated that "
                   f"{MINISTER} in the autumn.")  # fmt: skip
    _resolution(store, FIRST, "2013-03-28", f"Urges that {OWN}, noting that {MINISTER};")
    update_reuse(store, progress=False)
    found = provenance(store, f"{FIRST}/op1")
    minister, own = len(MINISTER.split()) + 1, len(OWN.split()) + 1  # and "that" before each
    text = found.render()
    assert "[observations]; reported in the report" not in text  # mostly the Secretariat's
    assert (
        f"[observations]; {minister} of its {own + minister} words reported in the report, "
        "said by The Minister of Education"
    ) in text
    (report,) = found.reports
    assert report.credited == own + minister
    assert (report.reported_words, report.said_by) == (minister, "The Minister of Education")
    # as the word sources count the same words
    by_role = {w.role: w.words for w in found.word_sources}
    assert by_role == {"secretariat": own, "reported_in_sg_report": minister}


def test_provenance_labels_a_report_link_wholly_of_reported_words() -> None:
    store = Store.open(":memory:")
    _report(store, f"SYNTHETIC. I recommend that {OWN}. {SAYS}")
    _resolution(store, FIRST, "2013-03-28", f"Agrees that {SAID};")
    update_reuse(store, progress=False)
    (report,) = provenance(store, f"{FIRST}/op1").reports
    assert report.reported_words == report.credited == len(SAID.split()) + 1
    assert report.said() == (
        "reported in the report, said by the President of the Synthetic Republic"
    )
    own = Store.open(":memory:")
    _report(own, f"SYNTHETIC. I recommend that {OWN}. {SAYS}")
    _resolution(own, FIRST, "2013-03-28", f"Urges that {OWN};")
    update_reuse(own, progress=False)
    (mine,) = provenance(own, f"{FIRST}/op1").reports
    assert (mine.reported_words, mine.said_by, mine.said()) == (0, "", "")
