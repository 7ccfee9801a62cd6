"""A decision extending a named mission's deployment or mandate decides its mandate, whatever
the words around it; nouns, gerunds and recitals decide nothing (new user F5).

All texts and mission names are SYNTHETIC (UNSYN, UNOTH: no UN mission).
"""

from __future__ import annotations

import pytest
from synthetic_store import resolution, saved

from normtrace.reuse.mission import mission_of
from normtrace.reuse.secretariat import secretariat_series, stored_missions

DECISIONS = [
    "Decides to extend the deployment of UNSYN until 31 December 2099 and authorizes it to ...",
    "Decides to extend the mandate and capacity of UNSYN, as set out in resolution 9001, until ...",
    "Decides to extend the mandate and personnel strength of UNSYN, as set out in resolution ...",
    "Decides to renew the mandates of the United Nations Operation in Côte d'Synthe (UNSYN) and "
    "of the forces which support it until 30 June 2099;",
    "Decides to extend UNSYN's mandate for a period of 12 months;",
    "Decides to extend UNSYN for an additional period of 12 months;",
]

NOT_DECISIONS = [
    # a noun: "concerning the renewal of the mandates of UNSYN"
    "Decides to authorize the redeployment of a battalion from UNOTH to UNSYN, according to "
    "future decisions by the Security Council concerning the renewal of the mandates of UNSYN;",
    # a gerund: a look ahead, not a decision
    "Looks forward to assessing the review before renewing UNSYN's mandate in August 2099;",
    # a recital of earlier resolutions
    "Recalling its previous resolutions extending through 17 March 2099 the mandate of the "
    "United Nations Synthetic Mission (UNSYN),",
    # strength, not the mandate or the deployment
    "Decides to extend until 30 September 2099 the increase in the military strength of UNSYN;",
]


@pytest.mark.parametrize("text", DECISIONS)
def test_a_decision_extending_a_named_mission_decides_its_mandate(text: str) -> None:
    assert mission_of(text) == "UNSYN"


def test_nouns_gerunds_recitals_and_strength_decide_no_mandate() -> None:
    # the recital was a mandate decision before; the others guard the wider forms above
    assert [mission_of(text) for text in NOT_DECISIONS] == [None] * len(NOT_DECISIONS)


def test_secretariat_lists_renewals_that_extend_the_deployment() -> None:
    store = saved(
        [
            resolution("S/RES/9001 (2098)", "2098-03-01",
                       ["Decides to extend the mandate of UNSYN until 31 March 2099;"]),
            resolution("S/RES/9002 (2099)", "2099-03-01",
                       ["Decides to extend the deployment of UNSYN until 31 March 2100 and "
                        "requests UNSYN to protect civilians under imminent threat;"]),
            resolution("S/RES/9003 (2100)", "2100-03-01",
                       ["Decides to extend the mandate and capacity of UNSYN, as set out in "
                        "resolution 9002, until 31 March 2101;"]),
        ]
    )  # fmt: skip
    assert stored_missions(store) == {"UNSYN": ["2098-03-01", "2099-03-01", "2100-03-01"]}
    found = secretariat_series(store, "UNSYN")
    assert [(o.resolution, o.previous) for o in found] == [
        ("S/RES/9001 (2098)", None),
        ("S/RES/9002 (2099)", "S/RES/9001 (2098)"),
        ("S/RES/9003 (2100)", "S/RES/9002 (2099)"),
    ]
