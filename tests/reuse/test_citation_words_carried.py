"""The words of citations a renewal counts apart include those it carries from its predecessor
(attribution: a renewal still carries a citation its predecessor holds), and every sentence
says so: ``secretariat`` and the report said "neither new nor carried" of a count that holds
carried citations (reviewer R3 F8). The counts stay; the sentences match them.

All documents are SYNTHETIC (symbols no UN document uses; UNSYN is no mission).
"""

from __future__ import annotations

from synthetic_store import resolution, saved

from normtrace.reuse.aggregate import case_aggregate
from normtrace.reuse.secretariat import secretariat_origin

# the renewal's op1 carries its predecessor's op1 whole, citation included ("9000 (2097)")
OP1 = (
    "Decides to extend the mandate of UNSYN until 31 March 2099, as set out in resolution "
    "9000 (2097) and in the annex to the present resolution;"
)
NEW = "Requests UNSYN to report to the Council on the protection of civilians every month;"


def test_carried_citation_words_are_counted_and_said_to_be_so() -> None:
    store = saved(
        [
            resolution("S/RES/9001 (2098)", "2098-03-01", [OP1]),
            resolution("S/RES/9002 (2099)", "2099-03-01", [OP1, NEW]),
        ]
    )
    found = secretariat_origin(store, "S/RES/9002 (2099)")
    # op1 is carried, its two words of citation among the citations' words; op2 is new
    assert found.previous == "S/RES/9001 (2098)"
    assert (found.citations, found.new_words) == (2, len(NEW.split()))
    text = found.render()
    assert "(2 of the " in text and "are words of citations of documents, carried or not" in text
    assert "neither new nor carried" not in text
    aggregate = case_aggregate(store, "S/RES/9002 (2099)").render()
    assert "2 words of citations of documents apart" in aggregate
    assert "neither carried nor new" not in aggregate
