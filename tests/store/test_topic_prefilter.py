"""The topic filter and the case and link readers share one ``LIKE`` pre-filter
(:func:`normtrace.store.topics.agenda_prefilter`): a topic with a character JSON escapes in a
row's ``meta`` (a tab, a control character) reads every row, so a meeting whose agenda items
live only in ``meta`` (the meeting index's) is still found. Every meeting and agenda item is
SYNTHETIC."""

from __future__ import annotations

import json

import pytest

from normtrace.actors import links
from normtrace.store import topics
from normtrace.store.db import Store
from normtrace.store.topics import topic_symbols

#: a SYNTHETIC agenda item with a character that is not printable (JSON escapes it in meta)
ITEMS = {
    "tab": "Ruritania\tquestion",
    "control": "Ruritania\x1fquestion",
    "plain": "Ruritania question",
}


def _store() -> Store:
    store = Store.open(":memory:")
    with store.transaction() as conn:
        for n, item in enumerate(ITEMS.values(), start=1):
            # an index-only meeting: its agenda items are in meta alone, escaped by JSON
            meta = json.dumps({"topics": [item], "source": "SYNTHETIC", "run": None})
            conn.execute(
                "INSERT INTO meetings (symbol, number, date, topic, meta, origin) "
                "VALUES (?, ?, '2020-01-01', NULL, ?, 'library_index')",
                (f"S/PV.9900{n}", 99000 + n, meta),
            )
    return store


@pytest.mark.parametrize("kind", ["tab", "control"])
def test_a_topic_with_a_character_that_is_not_printable_is_found_in_meta(kind: str) -> None:
    store = _store()
    item = ITEMS[kind]
    assert "\\u001f" in store.conn.execute("SELECT group_concat(meta) FROM meetings").fetchone()[0]
    wanted = 1 + list(ITEMS).index(kind)
    assert topic_symbols(store, item) == {f"S/PV.9900{wanted}"}


def test_a_printable_topic_still_narrows_by_like() -> None:
    store = _store()
    assert topic_symbols(store, "Ruritania question") == {"S/PV.99003"}
    assert topic_symbols(store, "ruritania QUESTION") == {"S/PV.99003"}
    assert topics.agenda_prefilter(["Ruritania question"])[0] != "1"


def test_one_prefilter_for_topics_and_links() -> None:
    assert links.agenda_prefilter is topics.agenda_prefilter
    assert topics.agenda_prefilter(["tab\there"]) == ("1", [])
    assert topics.agenda_prefilter(["del\x7f"]) == ("1", [])
