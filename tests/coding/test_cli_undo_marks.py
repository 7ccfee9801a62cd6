"""`normtrace code undo` takes back the coder's latest action, whichever kind: a coding event
or a "done" mark (a new user's `code undo` right after `code done` undid their previous coding
and left the mark). SYNTHETIC units, except the fixture resolution S/RES/2100 (2013) where an
ingest must re-anchor a coding.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human import events, reviews
from normtrace.coding.human.events import add_code, human_codings, list_events
from normtrace.coding.human.reviews import current_reviews, mark_done
from normtrace.coding.human.undo import MarkUndo, latest_mark_action, undo_latest
from normtrace.errors import CodingError
from normtrace.project import Project
from normtrace.store.db import Store
from resolution_2100 import PROTECT, candidate, ingested_2100
from synthetic_coding import make_project, nt

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "pipeline" / "S-RES-2100(2013).txt"


def _at(monkeypatch: pytest.MonkeyPatch, module: object, when: str) -> None:
    monkeypatch.setattr(module, "utc_now", lambda **_: when)


def test_code_undo_right_after_code_done_withdraws_the_mark(tmp_path: Path) -> None:
    """The repro: `code add`, `code done`, `code undo` undid the coding and left the mark."""
    db = make_project(tmp_path / "p.db")
    nt(db, "code", "add", "SYN/1/op2", "0", "9", "poc")
    nt(db, "code", "done", "SYN/1/op1", "--codebook", "b")
    out = nt(db, "code", "undo").stdout
    assert out.startswith("review row ") and (
        "undid ana's 'done, nothing (else) applies' mark on the unit SYN/1/op1 (b); it is "
        "withdrawn") in out  # fmt: skip
    with Store.open(db) as store:
        assert current_reviews(store, "b") == [] and len(human_codings(store)) == 1
        assert store.conn.execute("SELECT source FROM coding_reviews ORDER BY id DESC").fetchone()[
            0] == reviews.CLI_UNDO_SOURCE  # fmt: skip
    # an undo is no action of its own: next the coding, then nothing is left
    assert "undid ana's coding 'poc' on SYN/1/op2" in nt(db, "code", "undo").stdout
    assert "ana has nothing to undo" in nt(db, "code", "undo", code=1).stderr


def test_code_undo_after_a_withdrawal_puts_the_mark_back_and_json_says_which(
    tmp_path: Path,
) -> None:
    db = make_project(tmp_path / "p.db")
    nt(db, "code", "done", "SYN/1/op2", "--codebook", "b", "--code", "auth")
    nt(db, "code", "done", "SYN/1/op2", "--codebook", "b", "--code", "auth", "--undo")
    out = json.loads(nt(db, "code", "undo", "--json").stdout)
    assert out["kind"] == "mark" and out["mark"]["codes"] == ["auth"]
    assert out["undid"].endswith("'done for auth' mark on the unit SYN/1/op2 (b); the mark is back")
    with Store.open(db) as store:
        assert [m.codes for m in current_reviews(store, "b")] == [("auth",)]
    out = json.loads(nt(db, "code", "undo", "--json").stdout)  # the marking itself, next
    assert out["kind"] == "mark" and out["undid"].endswith("it is withdrawn")


def test_a_coding_made_after_a_mark_is_what_undo_takes_and_an_event_id_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_project(tmp_path / "p.db")
    with Store.open(db) as store:
        with monkeypatch.context() as m:
            _at(m, reviews, "2020-01-01T00:00:00Z")
            mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"])
        first = add_code(store, coder="ana", unit_key="SYN/1/op1", start=0, end=9, code="auth")
        add_code(store, coder="ana", unit_key="SYN/1/op2", start=0, end=9, code="poc")
        with monkeypatch.context() as m:
            _at(m, events, "2020-01-01T00:00:01Z")  # a coding after the mark
            event = undo_latest(store, coder="ana")
        assert isinstance(event, events.CodingEvent) and event.target_event == first.id + 1
    # `code undo EVENT_ID` undoes that event, though the mark is not the latest action
    out = nt(db, "code", "undo", str(first.id)).stdout
    assert "undid ana's coding 'auth' on SYN/1/op1" in out
    with Store.open(db) as store:
        assert [m.key for m in current_reviews(store, "b")] == ["SYN/1/op2"]
        assert latest_mark_action(store, "ana") is not None  # no coding event left after it


def test_an_ingests_reanchoring_is_never_what_a_plain_undo_takes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mark older than an ingest's moves of the coder's codings is still the coder's latest
    action: the moves are the ingest's (undo.BY_INGEST)."""
    key = "S/RES/2100 (2013)/op16/c/i"
    path = tmp_path / FIX.name
    shutil.copy(FIX, path)
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        store = project.store
        register_codebook(store, load_default_codebook())
        text = store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()[0]
        at = text.index("physical violence")
        with monkeypatch.context() as m:
            _at(m, events, "2020-01-01T00:00:00Z")
            add_code(store, coder="ana", unit_key=key, start=at, end=at + 8, code="poc")
            _at(m, reviews, "2020-01-01T00:00:01Z")
            mark_done(store, coder="ana", codebook="stability-operations", unit_keys=[key])
        path.write_bytes(path.read_bytes().replace(b"To protect, without", b"To protect fully, "
                                                                           b"without"))  # fmt: skip
        assert project.ingest([path]).anchors.reanchored == 1  # type: ignore[union-attr]
        assert len([e for e in list_events(store, coder="ana")]) == 3  # coding, uncode, code
        done = undo_latest(store, coder="ana")
        assert isinstance(done, MarkUndo) and done.mark.key == key and done.action == "done"
        assert current_reviews(store, "stability-operations") == []
        with pytest.raises(CodingError, match="ana has nothing to undo"):
            undo_latest(store, coder="ana")


def test_a_coding_made_within_the_second_of_a_mark_is_what_undo_takes(tmp_path: Path) -> None:
    """A reviewer's finding: marks and codings were ordered by their time to the second, so a
    coding made in the same second as the mark before it lost to the mark."""
    db = make_project(tmp_path / "p.db")
    with Store.open(db) as store:
        mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"])
        made = add_code(store, coder="ana", unit_key="SYN/1/op1", start=0, end=9, code="auth")
        assert made.at.endswith("Z") and "." in made.at  # to the microsecond
        event = undo_latest(store, coder="ana")
        assert isinstance(event, events.CodingEvent) and event.target_event == made.id
        assert [m.key for m in current_reviews(store, "b")] == ["SYN/1/op2"]


def test_a_batch_undo_takes_back_one_batch_only(tmp_path: Path) -> None:
    """A reviewer's finding: any event range was taken for a batch, so a crafted link took
    back the coder's codings made one by one."""
    from normtrace.coding.human.undo import undo_batch

    db = make_project(tmp_path / "p.db")
    with Store.open(db) as store:
        first = add_code(store, coder="ana", unit_key="SYN/1/op1", start=0, end=9, code="poc")
        events.add_memo(store, coder="ana", unit_key="SYN/1/op1", memo="SYNTHETIC note")
        last = add_code(store, coder="ana", unit_key="SYN/1/op2", start=0, end=9, code="poc")
        with pytest.raises(CodingError, match="not one batch"):
            undo_batch(store, coder="ana", code="poc", first=first.id, last=last.id)
        assert len(undo_batch(store, coder="ana", code="poc", first=last.id, last=last.id)) == 1


def test_a_reject_takes_the_coders_own_coding_of_the_span_back_on_the_command_line_too(
    tmp_path: Path,
) -> None:
    """One way for both skins: a reject withdraws the coder's own coding of the candidate's
    code and span (the workbench did; `code verdict` left the coding counting against the
    reject), and one `code undo` takes both back and names both."""
    from click.testing import CliRunner

    from normtrace.cli import cli

    key = PROTECT
    with ingested_2100(tmp_path, apply=True) as (project, _):
        store = project.store
        cand = candidate(store, key, "poc")
        add_code(store, coder="ana", unit_key=key, start=cand["start"], end=cand["end"],
                 code="poc")  # fmt: skip
    runner = CliRunner()
    base = ["--project", str(tmp_path / "p.db"), "code"]
    out = runner.invoke(cli, [*base, "verdict", str(cand["id"]), "reject", "--coder", "ana"])
    assert out.exit_code == 0, out.output
    with Store.open(tmp_path / "p.db") as store:
        assert human_codings(store, coder="ana", unit_key=key) == []
    out = runner.invoke(cli, [*base, "undo", "--coder", "ana"])
    assert out.exit_code == 0, out.output
    assert "removal of 'poc'" in out.output and " and ana's rejection" in out.output
    with Store.open(tmp_path / "p.db") as store:
        assert [h.code for h in human_codings(store, coder="ana", unit_key=key)] == ["poc"]
        assert (
            store.conn.execute(
                "SELECT count(*) FROM current_verdicts WHERE coder = 'ana'"
            ).fetchone()[0]
            == 0
        )


def test_a_coding_made_after_an_accept_on_the_command_line_is_undone_alone(
    tmp_path: Path,
) -> None:
    """A reviewer's finding: undo paired any coding with the accept of the same span right
    before it, as if the workbench had written both; only the workbench's pair (its coding's
    memo names the candidate) is one action."""
    key = PROTECT
    with ingested_2100(tmp_path, apply=True) as (project, _):
        store = project.store
        cand = candidate(store, key, "poc")
        events.record_verdict(store, coder="ana", auto_coding_id=cand["id"], verdict="accept")
        add_code(store, coder="ana", unit_key=key, start=cand["start"], end=cand["end"],
                 code="poc")  # fmt: skip
        undo_latest(store, coder="ana")
        assert human_codings(store, coder="ana", unit_key=key) == []
        assert (
            store.conn.execute(
                "SELECT count(*) FROM current_verdicts WHERE coder = 'ana'"
            ).fetchone()[0]
            == 1
        )
