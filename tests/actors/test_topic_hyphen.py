"""``--topic Timor`` finds the meetings on "Timor-Leste" (N1's finding F4), while a State's
name still names no other State's hyphenated name (``Guinea``, "Guinea-Bissau"): the one
topic rule, :func:`normtrace.store.topics.topic_pattern`. Agenda items here are SYNTHETIC
strings, or the bundled UN Library meeting index (reference data, no document text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.actors.links import import_meeting_index
from normtrace.actors.timeline import timeline, topics_left_out
from normtrace.store.db import Store
from normtrace.store.topics import topic_pattern


@pytest.mark.parametrize(
    ("topic", "item", "named"),
    [
        ("Timor", "The situation in Timor-Leste", True),
        ("timor", "THE SITUATION IN TIMOR-LESTE", True),
        ("Timor", "The situation in East Timor", True),
        ("Timor-Leste", "The situation in Timor-Leste", True),
        ("Leste", "The situation in Timor-Leste", False),  # a prefix, not any part
        ("Timo", "The situation in Timor-Leste", False),  # whole words only
        ("Guinea", "The situation in Guinea-Bissau", False),  # Guinea is a State
        ("Iraq", "The situation between Iraq-Kuwait", False),  # so is Iraq
        ("Iraq", "The situation between Iraq and Kuwait", True),
        ("Mali", "The situation in Somalia", False),
    ],
)
def test_the_topic_rule(topic: str, item: str, named: bool) -> None:
    assert (topic_pattern(topic).search(item) is not None) is named


def test_timeline_by_the_short_name(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        import_meeting_index(store)
        found = timeline(store, "Timor", 2007, 2010)
        assert found and all("Timor" in e.title for e in found if e.kind == "meeting")
        assert "Timor-Leste" not in topics_left_out(store, "Timor", 2007, 2010)
        assert len(found) == len(timeline(store, "Timor-Leste", 2007, 2010))
