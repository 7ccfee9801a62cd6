"""R12 (renewal_secretariat_origin) counts the strict figure: words first in reports on the mission.

A new user found the case report's R12 using the total over every SG report (319 words of a
Timor-Leste project) where docs/haiti.md tells researchers to quote the words from reports on
the mission (302): a report on another mission can hold an ordinary phrase nobody borrowed.
Now R12 (indicator v3) counts the same-mission words, and shows the total beside them.

Every document here is SYNTHETIC (symbols no UN document uses, texts that say so).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from synthetic_store import saved, two_mission_renewal

from normtrace.reuse.secretariat import SecretariatOrigin, secretariat_origin
from normtrace.trace.indicators import VERSIONS, renewal_origins
from normtrace.trace.rules import _renewal_origin

PREVIOUS, RENEWAL = "S/RES/9951 (2012)", "S/RES/9952 (2013)"
OWN_REPORT, OTHER_REPORT = "S/2013/9051", "S/2005/9052"  # SYNTHETIC


@pytest.fixture(scope="module")
def origin() -> SecretariatOrigin:
    store = saved(two_mission_renewal(PREVIOUS, RENEWAL, OWN_REPORT, OTHER_REPORT))
    return secretariat_origin(store, RENEWAL)


def test_r12_counts_the_words_from_reports_on_the_mission(origin: SecretariatOrigin) -> None:
    same, other = origin.from_secretariat_same_mission, origin.from_secretariat_other_mission
    assert same >= 8 and other >= 8 and origin.from_secretariat == same + other
    found = renewal_origins("UNSYN", [origin])
    assert found.from_secretariat == same and found.from_secretariat_any_mission == same + other
    assert found.share == same / origin.new_words
    (row,) = found.rows
    assert row["from_secretariat"] == same and row["from_secretariat_any_mission"] == same + other
    assert row["reports"] == [OWN_REPORT]
    assert found.keys == [f"{RENEWAL}/op2"]  # not op3, whose words are another mission's
    assert VERSIONS["renewal_secretariat_origin"] == "indicator.renewal_secretariat_origin.v3"


def test_r12_detail_names_the_strict_figure_and_the_total(origin: SecretariatOrigin) -> None:
    found = renewal_origins("UNSYN", [origin])
    outcome, why = _renewal_origin(SimpleNamespace(renewals=found, unavailable={}))  # type: ignore[arg-type]
    assert outcome is not None and why == ""
    same = origin.from_secretariat_same_mission
    assert outcome.detail.startswith(f"{same} of {origin.new_words} new operative words")
    assert "first appear in a Secretary-General report on the mission" in outcome.detail
    assert f"{origin.from_secretariat} in any SG report" in outcome.detail
