"""The cache of complete search results: never stale, never a stopped search, bounded.

Every document, speech and role here is SYNTHETIC (made up for the test).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.coding.search import RESULTS, Filters, ResultCache, SearchHit, search_units
from normtrace.parse.model import Document, Paragraph, Speech
from normtrace.store import Store
from normtrace.store.writer import SourceRecord, save_document


def _resolution(number: int, texts: list[str], digest: str) -> tuple[Document, SourceRecord]:
    symbol = f"S/RES/{number} (2099)"
    doc = Document(
        symbol=symbol, doc_type="resolution", parser="synthetic.v1", year=2099,
        date="2099-01-01",
        paragraphs=tuple(Paragraph(key=f"{symbol}/op{i}", kind="operative", text=t, order=i,
                                   number=str(i)) for i, t in enumerate(texts, 1)),
    )  # fmt: skip
    return doc, SourceRecord(f"{number}.txt", digest * 64, 1, "text/plain", "t.v1")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "cache.db")
    save_document(s, *_resolution(9001, ["Asymmetric threats in Mali.", "Other words."], "a"))
    return s


def test_the_same_search_again_is_answered_from_the_cache(store: Store) -> None:
    first = search_units(store, "asymmetric threats")
    again = search_units(store, "asymmetric threats")
    assert (first.total, first.cached) == (1, False)
    assert (again.total, again.cached) == (1, True)
    assert again.hits == first.hits
    # another filter or code filter is another search
    assert not search_units(store, "asymmetric threats", Filters(year_from=2099)).cached
    keys = frozenset({"S/RES/9001 (2099)/op1"})
    assert not search_units(store, "asymmetric threats", only_keys=keys).cached
    assert search_units(store, "asymmetric threats", only_keys=keys).cached
    other = search_units(store, "asymmetric threats", only_keys=frozenset({"S/RES/9001/x"}))
    assert (other.total, other.cached) == (0, False)
    store.close()


def test_a_page_and_a_larger_one_share_the_kept_hits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search keeps its first KEEP hits (or ``limit``, if more) for the cache: a limit
    they cover is a hit, a larger one (when more units match) runs again."""
    from normtrace.coding import search as module

    monkeypatch.setattr(module, "KEEP", 2)
    store = Store.open(tmp_path / "keep.db")
    save_document(store, *_resolution(9004, ["Asymmetric threats."] * 4, "f"))
    first = search_units(store, "asymmetric threats", limit=1)
    assert (len(first.hits), first.total, first.cached) == (1, 4, False)
    two = search_units(store, "asymmetric threats", limit=2)
    assert (len(two.hits), two.cached) == (2, True) and two.hits[0] == first.hits[0]
    three = search_units(store, "asymmetric threats", limit=3)
    assert (len(three.hits), three.total, three.cached) == (3, 4, False)
    assert [h.key for h in three.hits[:2]] == [h.key for h in two.hits]
    every = search_units(store, "asymmetric threats", limit=3)
    assert (len(every.hits), every.cached) == (3, True)
    assert search_units(store, "asymmetric threats", limit=1).cached
    store.close()


def test_an_ingested_document_shows_in_the_next_search(store: Store) -> None:
    assert search_units(store, "asymmetric threats").total == 1
    assert search_units(store, "asymmetric threats").cached
    save_document(store, *_resolution(9002, ["More asymmetric threats."], "b"))
    found = search_units(store, "asymmetric threats")
    assert (found.total, found.cached) == (2, False)
    assert {h.key for h in found.hits} == {"S/RES/9001 (2099)/op1", "S/RES/9002 (2099)/op1"}
    store.close()


def test_a_retired_version_leaves_the_next_search(store: Store) -> None:
    assert search_units(store, "asymmetric threats").total == 1
    assert search_units(store, "asymmetric threats").cached
    # a new version of the same resolution, without the words: the old one is retired
    save_document(store, *_resolution(9001, ["Symmetric peace in Mali.", "Other words."], "c"))
    found = search_units(store, "asymmetric threats")
    assert (found.total, found.cached) == (0, False)
    assert search_units(store, "symmetric peace").total == 1
    store.close()


def test_a_changed_speech_role_shows_in_the_next_search(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "roles.db")
    doc = Document(
        symbol="S/PV.9999", doc_type="verbatim", parser="synthetic.v1", year=2099,
        date="2099-01-01",
        speeches=(Speech(key="S/PV.9999/s001", index=1, speaker="Mr. X",
                         text="Asymmetric threats in Mali."),),
    )  # fmt: skip
    save_document(store, doc, SourceRecord("pv.txt", "d" * 64, 1, "text/plain", "t"))
    sid = store.conn.execute("SELECT id FROM speeches").fetchone()[0]

    def role(name: str) -> None:
        with store.transaction() as conn:
            conn.execute("UPDATE speech_roles SET is_current = 0")
            conn.execute(
                "INSERT INTO speech_roles (speech_id, speech_key, document, edition, role, "
                "method) VALUES (?, 'S/PV.9999/s001', 'S/PV.9999', 'record', ?, 'test')",
                (sid, name),
            )

    role("elected_member")
    assert [h.role for h in search_units(store, "asymmetric threats").hits] == ["elected_member"]
    assert search_units(store, "asymmetric threats").cached
    role("igo")
    found = search_units(store, "asymmetric threats")
    assert ([h.role for h in found.hits], found.cached) == (["igo"], False)
    assert search_units(store, "asymmetric threats", Filters(role="igo")).total == 1
    store.close()


def test_metadata_a_stage_fills_in_place_shows_in_the_next_search(store: Store) -> None:
    """A stage that updates a document row in place (adoption meetings) records a run."""
    assert search_units(store, "asymmetric threats", Filters(year_from=2100)).total == 0
    run = store.start_run("actors", "synthetic.v1", {})
    with store.transaction() as conn:
        conn.execute("UPDATE documents SET year = 2100")
    store.finish_run(run, {})
    found = search_units(store, "asymmetric threats", Filters(year_from=2100))
    assert (found.total, found.cached) == (1, False)
    store.close()


def test_a_coding_or_training_run_keeps_the_cached_results(store: Store) -> None:
    """Runs of stages that write codings, models or suggestions change no document: the
    team's cached searches survive a `code apply` or a "train again"; a code filter still
    sees new codings through its units."""
    from normtrace.coding.search import READ_ONLY_STAGES

    assert not search_units(store, "asymmetric threats").cached
    for stage in READ_ONLY_STAGES:
        store.finish_run(store.start_run(stage, "synthetic.v1", {}), {})
        assert search_units(store, "asymmetric threats").cached, stage
    store.finish_run(store.start_run("ingest", "synthetic.v1", {}), {})
    assert not search_units(store, "asymmetric threats").cached
    store.close()


def test_a_stopped_search_is_not_cached(store: Store) -> None:
    stopped = search_units(store, "asymmetric threats", seconds=1e-9)
    assert stopped.stopped and not stopped.cached
    found = search_units(store, "asymmetric threats")
    assert (found.total, found.cached, found.complete) == (1, False, True)
    assert search_units(store, "asymmetric threats", seconds=1e-9).cached  # complete now
    store.close()


def test_callers_cannot_change_a_cached_result(store: Store) -> None:
    first = search_units(store, "asymmetric threats")
    first.hits.clear()
    again = search_units(store, "asymmetric threats")
    assert again.cached and len(again.hits) == 1
    with pytest.raises(AttributeError):
        again.hits[0].key = "S/RES/1 (2099)/op1"  # type: ignore[misc]
    store.close()


def test_the_cache_is_bounded_and_drops_the_least_recently_used(store: Store) -> None:
    cache = ResultCache(bound=3)
    from normtrace.coding.search import SearchResult

    hit = search_units(store, "asymmetric threats").hits[0]
    for i in range(5):
        cache.put(("k", i), SearchResult[SearchHit]([hit], i))
        if i == 2:
            assert cache.get(("k", 0), 1) is not None  # used: now the most recent
    assert cache.stats().entries == 3
    assert cache.get(("k", 1), 1) is None and cache.get(("k", 2), 1) is None
    assert [cache.get(("k", i), 1) is not None for i in (0, 3, 4)] == [True, True, True]
    cache.put(("k", 9), SearchResult[SearchHit]([hit], 1, stopped="stopped"))
    assert cache.get(("k", 9), 1) is None
    # and by the text it holds: a result larger than the cache is not kept
    size = len(hit.text)
    small = ResultCache(bound=10, max_chars=2 * size)
    for i in range(3):
        small.put(("k", i), SearchResult[SearchHit]([hit], 1))
    assert (small.stats().entries, small.stats().chars) == (2, 2 * size)
    assert small.get(("k", 0), 1) is None
    small.put(("big",), SearchResult[SearchHit]([hit] * 3, 3))
    assert small.get(("big",), 1) is None and small.stats().entries == 2
    # the process's cache too: many distinct searches keep at most its bound
    for n in range(RESULTS.bound + 10):
        search_units(store, "threats", Filters(year_to=3000 + n))
    assert RESULTS.stats().entries == RESULTS.bound
    store.close()


def test_an_in_memory_project_is_never_cached() -> None:
    store = Store.open(":memory:")
    save_document(store, *_resolution(9003, ["Asymmetric threats."], "e"))
    assert not search_units(store, "asymmetric threats").cached
    assert not search_units(store, "asymmetric threats").cached
    store.close()
