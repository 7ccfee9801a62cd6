"""`aggregate` splits a report's words by the report's mission, as `secretariat` does.

A new user found `aggregate` giving a Timor-Leste resolution 16 words "from Council missions"
that all came from the Council's mission to Haiti, and its Secretariat words undivided, while
`secretariat` splits its credit into reports on the mission and on other missions. Now the
words of the origins secretariat, reported_in_sg_report and council_mission are split into
the resolution's mission, other missions and a mission unknown, the documents of the last two
named, with the strict share.

Every document here is SYNTHETIC (symbols no UN document uses, texts that say so).
"""

from __future__ import annotations

import pytest
from synthetic_store import report, saved, two_mission_renewal

from normtrace.reuse.aggregate import case_aggregate
from normtrace.reuse.provenance import provenance
from normtrace.store.db import Store

PREVIOUS, RENEWAL = "S/RES/9941 (2012)", "S/RES/9942 (2013)"
OWN_REPORT, OTHER_REPORT, COUNCIL = "S/2013/9041", "S/2005/9042", "S/2004/9043"  # SYNTHETIC
VISIT = "calls upon the synthetic donor community to provide generous assistance without delay"


@pytest.fixture(scope="module")
def store() -> Store:
    council = report(
        COUNCIL, "2004-05-10",
        [f"SYNTHETIC. The mission {VISIT} for the reconstruction of Otherland."],
        title="SYNTHETIC report of the Security Council mission to Otherland, 1 to 4 May 2004",
    )  # fmt: skip
    also = [f"Also {VISIT} to the synthetic provinces;"]  # op4
    return saved(
        two_mission_renewal(PREVIOUS, RENEWAL, OWN_REPORT, OTHER_REPORT, more=[council], also=also)
    )


def _from(store: Store, key: str, document: str) -> int:
    """The words of ``key`` whose earliest source is a unit of ``document`` (provenance)."""
    found = provenance(store, key).word_sources
    return sum(w.words for w in found if w.key.startswith(document + "/"))


def test_report_words_are_split_by_the_report_mission(store: Store) -> None:
    found = case_aggregate(store, RENEWAL)
    own = _from(store, f"{RENEWAL}/op2", OWN_REPORT)
    other = _from(store, f"{RENEWAL}/op3", OTHER_REPORT)
    council = _from(store, f"{RENEWAL}/op4", COUNCIL)
    assert own >= 8 and other >= 8 and council >= 8
    assert found.missions["secretariat"] == {"same_mission": own, "other_mission": other}
    assert sum(found.missions["secretariat"].values()) == found.counts["secretariat"]
    assert (
        found.missions["council_mission"]
        == {"unknown": council}
        == {"unknown": found.counts["council_mission"]}
    )
    assert found.mission_documents["secretariat"] == {"other_mission": [OTHER_REPORT]}
    assert found.mission_documents["council_mission"] == {"unknown": [COUNCIL]}
    by = found.to_dict()["by_mission"]
    assert by["secretariat"]["same_mission"] == {"words": own, "documents": []}
    assert by["council_mission"]["unknown"] == {"words": council, "documents": [COUNCIL]}


def test_the_text_names_the_split_and_the_strict_share(store: Store) -> None:
    found = case_aggregate(store, RENEWAL)
    own = found.missions["secretariat"]["same_mission"]
    other = found.missions["secretariat"]["other_mission"]
    lines = found.render().splitlines()
    at = next(i for i, x in enumerate(lines) if x.startswith("  secretariat "))
    assert lines[at + 1] == (
        f"      of which from reports on the resolution's mission {own} "
        f"({own / found.wording:.1%}), on other missions {other} ({OTHER_REPORT}), on a "
        "mission unknown 0"
    )
    assert f"on a mission unknown {found.counts['council_mission']} ({COUNCIL})" in "\n".join(lines)
