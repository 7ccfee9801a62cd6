"""A meeting record takes its meeting's agenda items (topic) from the meeting index, with the
import run that wrote them; the topic timeline reads the same agenda items; a topic never
replaces a document's own title. Every meeting, agenda item and text is SYNTHETIC
(tests/synthetic_topics.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtrace.actors.links import import_meeting_index
from normtrace.actors.timeline import timeline
from normtrace.errors import ConfigError
from normtrace.project import Project
from normtrace.store.db import Store
from normtrace.store.topics import meeting_topics, topic_symbols
from synthetic_topics import (
    MEETINGS,
    NORTH,
    RECORD_TITLE,
    RESOLUTION,
    RURITANIA,
    TABLE,
    THREATS,
    build,
    index_rows,
    save_documents,
)


def _index_run(store: Store) -> int:
    rows = store.conn.execute(
        "SELECT id FROM runs WHERE algorithm = 'actors.meeting_index.v1'"
    ).fetchall()
    assert len(rows) == 1, "one import, one run"
    return int(rows[0]["id"])


def test_the_index_import_is_a_run_its_rows_name(tmp_path: Path) -> None:
    with Store.open(build(tmp_path / "p.db")) as store:
        run = _index_run(store)
        assert store.conn.execute("SELECT finished_at FROM runs WHERE id = ?", (run,)).fetchone()[0]
        metas = [
            json.loads(r[0]) for r in store.conn.execute("SELECT meta FROM meetings ORDER BY id")
        ]
        # an index-only row, and the record's row that keeps the index under library_index
        runs = [m.get("library_index", m).get("run") for m in metas if "topics" in str(m)]
        assert runs and set(runs) == {run}


def test_a_meeting_record_takes_its_agenda_items_from_the_index(tmp_path: Path) -> None:
    with Store.open(build(tmp_path / "p.db")) as store:
        run = _index_run(store)
        found = meeting_topics(store)
    assert set(found) == {"S/PV.99001", "S/PV.99002", "S/PV.99003"}
    assert found["S/PV.99001"].items == (RURITANIA,)
    assert found["S/PV.99001"].provenance() == {
        "source": "library_index",
        "run_id": run,
        "table": TABLE,
        "described": f"the UN Library meeting index, table {TABLE}, import run {run}",
    }
    # the verbatim record's meeting row held its own title first: the index's items win
    assert found["S/PV.99002"].items == (RURITANIA, THREATS)
    assert found["S/PV.99002"].run_id == run


def test_show_and_ls_carry_the_topic_and_keep_the_title(tmp_path: Path) -> None:
    with Project(build(tmp_path / "p.db")) as project:
        run = _index_run(project.store)
        corpus = project.document("S/PV.99001")
        record = project.document("S/PV.99002")
        listed = {(d["symbol"], d["edition"]): d for d in project.documents()}
    assert corpus["title"] is None and corpus["topic"] == RURITANIA
    assert corpus["topic_source"]["run_id"] == run
    assert record["title"] == RECORD_TITLE  # its own title stays
    assert record["topic"] == f"{RURITANIA} | {THREATS}"
    assert listed[("S/PV.99003", "corpus")]["topic"] == NORTH
    assert listed[("S/PV.99004", "corpus")]["topic"] is None  # not in the index
    assert listed[(RESOLUTION, "record")]["topic"] is None  # no meeting record


def test_without_the_index_a_record_has_its_own_agenda_item(tmp_path: Path) -> None:
    with Project(build(tmp_path / "p.db", index=False)) as project:
        record = project.document("S/PV.99002")
        assert project.document("S/PV.99001")["topic"] is None
    assert record["topic"] == RECORD_TITLE
    assert record["topic_source"]["source"] == "record"
    assert record["topic_source"]["run_id"] is None


def test_a_topic_is_a_whole_word_case_aside(tmp_path: Path) -> None:
    with Project(build(tmp_path / "p.db")) as project:
        store = project.store
        assert topic_symbols(store, "ruritania") == {"S/PV.99001", "S/PV.99002"}
        assert topic_symbols(store, "RURITANIAN") == {"S/PV.99003"}
        assert topic_symbols(store, "threats to international peace") == {"S/PV.99002"}
        assert topic_symbols(store, "Ruri") == frozenset()
        on_topic = {d["symbol"] for d in project.documents(topic="Ruritania")}
        with pytest.raises(ConfigError, match="topic"):
            topic_symbols(store, "  ")
    assert on_topic == {"S/PV.99001", "S/PV.99002"}


def test_the_timeline_reads_the_same_agenda_items(tmp_path: Path) -> None:
    with Store.open(build(tmp_path / "p.db")) as store:
        for word in ("Ruritania", "Ruritanian", "Threats to international peace"):
            meetings = {e.symbol for e in timeline(store, word, 2020, 2020) if e.symbol in MEETINGS}
            assert meetings == topic_symbols(store, word), word


def test_an_ingest_run_importing_index_tables_is_named(tmp_path: Path) -> None:
    """The ingest of the UN Library tables (normtrace.pipeline) passes its own run."""
    with Store.open(tmp_path / "p.db") as store:
        save_documents(store)
        run = store.start_run("ingest", "test.synthetic.v1", {})
        import_meeting_index(store, index_rows(), run_id=run)
        found = meeting_topics(store)
        own = store.conn.execute(
            "SELECT count(*) FROM runs WHERE algorithm = 'actors.meeting_index.v1'"
        ).fetchone()[0]
    assert {m.run_id for m in found.values()} == {run}
    assert own == 0
