"""Which current human codings await their coder's review: a new version of their text left
their words off their offsets (:mod:`~normtrace.coding.human.anchors`: changed, gone, in
several places, or moved unchanged to another unit), so no count, export, label or agreement
reads them until the coder settles the review (``normtrace code review``). ``normtrace code
list --source human`` gives each coding's status by this rule, and the review that lists it.

>>> from normtrace.store.db import Store
>>> listed_for_review(Store.open(":memory:"), [1])
{}
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from normtrace.coding.placed import placed_sql
from normtrace.coding.units import has_table
from normtrace.store.db import Store

#: the status of a coding whose words stand at its offsets
CODED = "coded"
#: the status of a coding awaiting review (its snippet is the words it was made on, which
#: its unit's current text no longer reads at its offsets)
NEEDS_REVIEW = "needs review"


def listed_for_review(store: Store, event_ids: Iterable[int]) -> dict[int, int | None]:
    """Of the current human codings ``event_ids``, those whose words are not at their offsets
    in their unit's current text: event id → the review that lists it (as ``normtrace code
    review`` numbers it; ``None``: no ingest listed it yet)."""
    ids = json.dumps(sorted(set(event_ids)))
    review = (
        "(SELECT min(r.id) FROM anchor_reviews r WHERE r.event_id = h.event_id)"
        if has_table(store, "anchor_reviews")
        else "NULL"
    )
    rows = store.conn.execute(
        f"SELECT h.event_id, {review} FROM human_codings h WHERE h.event_id IN "
        f"(SELECT value FROM json_each(?)) AND NOT {placed_sql('h')}",
        (ids,),
    )
    return {int(e): None if r is None else int(r) for e, r in rows}
