"""Search, kwic and freq read a meeting's agenda items (the meeting index's, as the topic
timeline reads them): a topic filter keeps the meeting records whose agenda item names the
topic as a whole word, case aside; ``freq --by topic`` counts one group per agenda item. Every
meeting, agenda item and text is SYNTHETIC (tests/synthetic_topics.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.coding.counts import code_frequencies
from normtrace.coding.kwic import kwic
from normtrace.coding.search import Filters, search_units, topic_filters
from normtrace.coding.topics import NO_TOPIC
from normtrace.errors import ConfigError
from normtrace.store.db import Store
from synthetic_topics import NORTH, RURITANIA, THREATS, build

QUERY = "protect* civilian*"


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store.open(build(tmp_path / "p.db"))


def test_search_within_a_topic(store: Store) -> None:
    filters = topic_filters(store, Filters(), "ruritania")
    assert filters.as_dict()["topic"] == "ruritania"
    found = search_units(store, QUERY, filters, limit=50)
    assert {h.key for h in found.hits} == {
        "S/PV.99001/s001", "S/PV.99001/s002", "S/PV.99002/s001",
    }  # fmt: skip
    assert found.total == 3
    # with another filter: both hold
    typed = search_units(
        store, QUERY, topic_filters(store, Filters(doc_type="verbatim"), "Ruritania")
    )
    assert {h.symbol for h in typed.hits} == {"S/PV.99002"}
    everything = search_units(store, QUERY, limit=50)
    assert everything.total == 6
    # a topic named without its meetings filters nothing: refused
    with pytest.raises(ConfigError, match="topic_filters"):
        search_units(store, QUERY, Filters(topic="Ruritania"))


def test_kwic_within_a_topic(store: Store) -> None:
    lines = kwic(store, QUERY, topic="RURITANIAN")
    assert [ln.unit_key for ln in lines] == ["S/PV.99003/s001"]
    assert len(kwic(store, QUERY)) == 6


def test_freq_by_topic_one_group_per_agenda_item(store: Store) -> None:
    rows = {r.group: r for r in code_frequencies(store, by="topic", query=QUERY)}
    # S/PV.99002 had two agenda items: its unit counts under each
    assert {g: (r.count, r.group_units) for g, r in rows.items()} == {
        RURITANIA: (3, 3),
        THREATS: (1, 1),
        NORTH: (1, 1),
        NO_TOPIC: (2, 2),  # S/PV.99004 (not in the index) and the resolution
    }


def test_freq_within_a_topic(store: Store) -> None:
    rows = code_frequencies(store, by="symbol", query=QUERY, topic="Ruritania")
    assert {r.group: r.count for r in rows} == {"S/PV.99001": 2, "S/PV.99002": 1}
    rows = code_frequencies(store, by="topic", query=QUERY, topic="threats")
    assert {r.group for r in rows} == {RURITANIA, THREATS}  # the meeting's two items
