"""Role resolution through the project store: runs, current rows, unresolved, overrides."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from normtrace.actors.corpus_loader import load_corpus
from normtrace.actors.overrides import parse_overrides
from normtrace.actors.reference import load_reference
from normtrace.actors.store_actors import (
    resolve_speech_roles,
    role_columns,
    speech_roles,
    store_reference,
    unresolved,
)
from normtrace.parse.corpus import parse_corpus_speech
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document


@pytest.fixture()
def store(tmp_path: Path, fixtures_dir: Path) -> Store:
    st = Store.open(tmp_path / "project.db")
    for path in sorted((fixtures_dir / "actors" / "speeches").glob("*.txt")):
        data = path.read_bytes()
        doc = parse_corpus_speech(data.decode("utf-8", "replace"), filename=path.name)
        source = SourceRecord(
            str(path), hashlib.sha256(data).hexdigest(), len(data), "text/plain", "text"
        )
        save_document(st, doc, source)
    return st


def test_every_stored_speech_gets_a_current_role(store: Store) -> None:
    summary = resolve_speech_roles(store)
    rows = speech_roles(store)
    n_speeches = store.conn.execute(
        "SELECT COUNT(*) FROM speeches WHERE is_current = 1"
    ).fetchone()[0]
    assert summary.speeches == len(rows) == n_speeches
    assert summary.resolved == n_speeches - 1  # Hadiza (S/PV.8756/s008), no title in the record
    columns = role_columns(store)
    assert columns[("corpus", "S/PV.8703/s001")] == {
        "role": "president",
        "actor": "VNM",
        "presiding_state": "VNM",
    }
    lacroix = next(r for r in rows if r["speech_key"] == "S/PV.8703/s002")
    assert lacroix["role"] == "secretariat" and lacroix["meeting_date"] == "2020-01-15"
    run = store.conn.execute(
        "SELECT algorithm, finished_at FROM runs WHERE id = ?", (summary.run_id,)
    )
    algorithm, finished = run.fetchone()
    assert algorithm == "actors.roles.v1" and finished


def test_rerun_keeps_history_and_overrides_fix_unresolved(store: Store) -> None:
    resolve_speech_roles(store)
    [missing] = unresolved(store)
    assert missing["speech_key"] == "S/PV.8756/s008" and missing["evidence"]
    assert missing["missing"] == "role"
    ov = parse_overrides(
        {
            "speakers": [
                {"label": "Hadiza", "role": "ngo", "actor": "person:hadiza", "meeting": "S/PV.8756"}
            ]
        }
    )
    resolve_speech_roles(store, overrides=ov)
    assert unresolved(store) == []
    total = store.conn.execute("SELECT COUNT(*) FROM speech_roles").fetchone()[0]
    current = store.conn.execute(
        "SELECT COUNT(*) FROM speech_roles WHERE is_current = 1"
    ).fetchone()[0]
    assert total == 2 * current


def test_reference_copied_into_the_project(store: Store) -> None:
    n = store_reference(store, load_reference())
    assert n > 600
    row = store.conn.execute(
        "SELECT a.actor_id FROM actor_aliases al JOIN actors a USING (actor_id) WHERE al.norm = ?",
        ("united kingdom",),
    ).fetchone()
    assert row[0] == "GBR"
    seats = store.conn.execute(
        "SELECT COUNT(*) FROM memberships WHERE seat = 'permanent' "
        "AND start_date <= '2020-01-15' AND end_date >= '2020-01-15'"
    ).fetchone()[0]
    assert seats == 5


def test_corpus_loader_groups_meetings(fixtures_dir: Path) -> None:
    loaded = load_corpus(fixtures_dir / "actors" / "speeches")
    doc = next(d for d in loaded.documents if d.symbol == "S/PV.8703")
    assert [s.index for s in doc.speeches] == list(range(1, 19))


def test_corpus_loader_maps_speaker_metadata(fixtures_dir: Path) -> None:
    # SYNTHETIC meta.tsv/speaker.tsv (tests/fixtures/actors/corpus_synthetic) over real files.
    from normtrace.actors.roles import resolve_roles

    loaded = load_corpus(
        fixtures_dir / "actors" / "speeches",
        tables=fixtures_dir / "actors" / "corpus_synthetic",
        limit_meetings=["S/PV.8703"],
    )
    [doc] = loaded.documents
    assert doc.date == "2020-01-15" and doc.title == "The situation in Mali"
    assert len(doc.meta["speakers"]) == 18
    roles = {r.speech_key: r for r in resolve_roles(doc, load_reference())}  # no day= needed
    assert {r.method for r in roles.values()} == {"corpus_metadata"}
    assert (roles["S/PV.8703/s002"].role, roles["S/PV.8703/s002"].actor) == (
        "secretariat",
        "person:lacroix-jean-pierre",
    )
    assert roles["S/PV.8703/s017"].role == "non_member_state"
    assert roles["S/PV.8703/s001"].presiding_state == "VNM"
    assert sum(r.role == "permanent_member" for r in roles.values()) == 5
    assert sum(r.role == "elected_member" for r in roles.values()) == 7


def test_corpus_tsv_headers_are_normalized(tmp_path: Path) -> None:
    from normtrace.actors.corpus_loader import corpus_date, read_tsv, spv_symbol

    path = tmp_path / "speaker.tsv"
    path.write_text("Country/Organization\tRole in UN\tspeech\nUN\tSG\t3\n", encoding="utf-8")
    assert read_tsv(path) == [{"country_org": "UN", "role_in_un": "SG", "speech_number": "3"}]
    assert spv_symbol("8723Resumption1") == "S/PV.8723 (Resumption 1)"
    assert corpus_date({"year": "2020", "month": "3", "day": "4"}) == "2020-03-04"


def test_evaluate_documents_counts_roles(fixtures_dir: Path) -> None:
    from normtrace.evaluate.actors import evaluate_documents

    result = evaluate_documents(load_corpus(fixtures_dir / "actors" / "speeches").documents)
    assert result.speeches == 28  # the files in tests/fixtures/actors/speeches
    assert [r.speech_key for r in result.unresolved] == ["S/PV.8756/s008"]
    assert result.by_role["secretariat"] == 2
