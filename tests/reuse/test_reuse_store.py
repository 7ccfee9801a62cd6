"""Reuse links in the store: incremental updates equal a full run (issue 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from resolution_corpus import resolution_files
from store_helpers import add_resolution

from normtrace.reuse.links import ReuseParams
from normtrace.reuse.store_reuse import all_links, links_into, load_units, update_reuse
from normtrace.store.db import Store

MONUSCO = ["1925", "1991", "2053", "2098", "2147", "2211"]


@pytest.fixture(scope="module")
def files(fixtures_dir: Path) -> dict[str, Path]:
    return {p.name.split("-")[2].split("(")[0]: p for p in resolution_files(fixtures_dir / "reuse")}


def test_incremental_update_equals_full_run(files: dict[str, Path]) -> None:
    params = ReuseParams(max_df=50)
    step = Store.open(":memory:")
    for n in MONUSCO[:3]:
        add_resolution(step, files[n])
    first = update_reuse(step, params=params)
    assert first.indexed_units == first.units > 0 and first.links_added > 0
    for n in MONUSCO[3:]:
        add_resolution(step, files[n])
    second = update_reuse(step, params=params)
    assert 0 < second.indexed_units < second.units
    assert update_reuse(step, params=params).links_added == 0  # nothing new: nothing to do

    whole = Store.open(":memory:")
    for n in MONUSCO:
        add_resolution(whole, files[n])
    update_reuse(whole, params=params)
    assert sorted(all_links(step), key=repr) == sorted(all_links(whole), key=repr)


def test_units_carry_roles_and_dates(files: dict[str, Path]) -> None:
    store = Store.open(":memory:")
    add_resolution(store, files["2098"])
    units = load_units(store)
    assert {u.info.role for u in units} == {"resolution"}
    assert {u.unit.date for u in units} == {"2013-03-28"}


def test_links_point_into_later_resolutions(files: dict[str, Path]) -> None:
    store = Store.open(":memory:")
    for n in ("2098", "2147"):
        add_resolution(store, files[n])
    report = update_reuse(store)
    assert report.links_added > 20
    into = links_into(store, "S/RES/2147 (2014)/op4/b")
    assert into and all(x.source.startswith("S/RES/2098 (2013)/") for x in into)


def test_changed_and_removed_units_lose_their_old_links(files: dict[str, Path]) -> None:
    store = Store.open(":memory:")
    for n in ("2098", "2147"):
        add_resolution(store, files[n])
    update_reuse(store)
    key = "S/RES/2147 (2014)/op4/b"
    assert links_into(store, key)
    with store.transaction() as conn:
        conn.execute(
            "UPDATE paragraphs SET text = 'SYNTHETIC replacement text.' WHERE key = ?", (key,)
        )
    changed = update_reuse(store)
    assert changed.indexed_units == 1 and changed.links_removed > 0
    assert links_into(store, key) == []
    with store.transaction() as conn:
        conn.execute("UPDATE documents SET is_current = 0 WHERE symbol = 'S/RES/2098 (2013)'")
    removed = update_reuse(store)
    assert removed.removed_units > 0 and all_links(store) == []


def test_a_full_run_or_a_new_n_replaces_the_links(files: dict[str, Path]) -> None:
    """Issue 14 item 5: `reuse --full` twice, or a changed --n, gives one link set, not two."""
    store = Store.open(":memory:")
    for n in ("2098", "2147"):
        add_resolution(store, files[n])
    update_reuse(store)
    once = sorted(all_links(store), key=repr)
    assert once
    update_reuse(store, full=True)
    update_reuse(store, full=True)
    assert sorted(all_links(store), key=repr) == once
    changed = update_reuse(store, params=ReuseParams(n=6))
    assert changed.links_removed == len(once)
    sixes = all_links(store)
    assert len({(x.source, x.target, x.source_start, x.target_start) for x in sixes}) == len(sixes)
    update_reuse(store)
    assert sorted(all_links(store), key=repr) == once


def test_report_maps_and_tables_are_no_reuse_units(fixtures_dir: Path) -> None:
    import hashlib

    from normtrace.parse.report import parse_report
    from normtrace.store.writer import SourceRecord, save_document

    path = fixtures_dir / "reports" / "MINUSTAH_S_2004_908.txt"  # real report text
    data = path.read_bytes()
    store = Store.open(":memory:")
    source = SourceRecord(str(path), hashlib.sha256(data).hexdigest(), len(data), "text/plain", "t")
    save_document(store, parse_report(data.decode("utf-8")), source)
    keys = {u.info.key for u in load_units(store)}
    assert "S/2004/908/p1" in keys
    assert not {"S/2004/908/map01", "S/2004/908/tab01"} & keys
    assert not load_units(store, ["S/2004/908/map01"])
