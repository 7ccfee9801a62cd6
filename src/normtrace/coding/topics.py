"""A unit's agenda items, for counting and reading by topic (``freq --by topic``).

A unit of a meeting record (a speech, or a paragraph of the record) takes its meeting's
agenda items as :mod:`normtrace.store.topics` reads them (the UN Library meeting index once
imported, else the meeting's own record; the topic timeline's reading). Counted by topic, a
unit counts in one group per agenda item of its meeting: in each of them when the meeting had
several (as a document in two cases counts in both); a unit whose meeting has none known (a
resolution, a report, a meeting the index was not imported for) counts under
:data:`NO_TOPIC`.

>>> from normtrace.store.db import Store
>>> from normtrace.coding.units import UnitInfo
>>> groups = topic_groups(Store.open(":memory:"))
>>> groups(UnitInfo("S/PV.1/s001", "speech", "S/PV.1", "verbatim", None, None, None, "state", 1))
['unknown']
"""

from __future__ import annotations

from collections.abc import Callable

from normtrace.coding.units import UnitInfo
from normtrace.store.db import Store
from normtrace.store.topics import meeting_topics

#: the group of a unit whose meeting has no agenda item known (or that is no meeting record)
NO_TOPIC = "unknown"


def topic_groups(store: Store) -> Callable[[UnitInfo], list[str]]:
    """A function unit -> the agenda items it counts under (see the module docstring); the
    project's meetings are read once, here."""
    items = {s: list(dict.fromkeys(m.items)) for s, m in meeting_topics(store).items()}

    def groups(info: UnitInfo) -> list[str]:
        return items.get(info.symbol) or [NO_TOPIC]

    return groups
