"""The chain threshold comes from the reuse runs whose links are stored, not from every
reuse run ever recorded (a full run deletes the links of the runs before it)."""

from __future__ import annotations

from pathlib import Path

from resolution_corpus import resolution_files
from store_helpers import add_resolution

from normtrace.reuse.attribution import linked_min_words
from normtrace.reuse.links import ReuseParams
from normtrace.reuse.store_reuse import update_reuse
from normtrace.store.db import Store


def test_a_replaced_run_does_not_set_the_threshold(fixtures_dir: Path) -> None:
    """An exploratory `reuse --full --min-words 4`, replaced by a full default run, no longer
    lowers the threshold to 4: none of its links is stored."""
    files = {
        p.name.split("-")[2].split("(")[0]: p for p in resolution_files(fixtures_dir / "reuse")
    }
    store = Store.open(":memory:")
    for n in ("2098", "2147"):
        add_resolution(store, files[n])
    assert linked_min_words(store) == ReuseParams().min_words
    explored = update_reuse(store, params=ReuseParams(min_words=4), full=True)
    assert explored.links_added and linked_min_words(store) == 4
    replaced = update_reuse(store, full=True)
    assert replaced.links_removed == explored.links_added
    (run_ids,) = zip(*store.conn.execute("SELECT DISTINCT run_id FROM reuse_links"), strict=True)
    assert run_ids == (replaced.run_id,)
    assert linked_min_words(store) == ReuseParams().min_words == 8
