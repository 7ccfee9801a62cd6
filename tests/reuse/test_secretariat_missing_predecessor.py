"""``secretariat`` names a renewal's predecessor the project lacks, which overstates its new
words: the resolutions of its agenda item it cites, adopted after the stored predecessor, with
the command that adds them, in the text and in JSON (new user F14). For the first stored
resolution of the mission the lines say that the project holds no earlier one (re-check N4, N7:
they said "adopted after every stored resolution of the mission" and "new since no earlier
resolution of the mission").

All documents and the agenda index are SYNTHETIC (UNSYN is no mission).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from synthetic_store import resolution, saved

import normtrace.reuse.mission as mission_module
from normtrace.reuse.secretariat import secretariat_series
from normtrace.store.db import Store

AGENDA = {  # the adopting meetings' agenda items (SYNTHETIC meeting index)
    "S/RES/9001 (2096)": "syntheticland",
    "S/RES/9002 (2097)": "syntheticland",  # cited by 9003, never ingested
    "S/RES/9003 (2098)": "syntheticland",
    "S/RES/8000 (2090)": "synthetic thematic item",  # cited too, another item
}
TASKS = (
    "Requests UNSYN to protect civilians under imminent threat of physical violence in the "
    "eastern provinces of Syntheticland, within its capabilities and areas of deployment;"
)


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr(mission_module, "_agenda_table", lambda: AGENDA)
    return saved([
        resolution("S/RES/9001 (2096)", "2096-03-01",
                   ["Decides to extend the mandate of UNSYN until 31 March 2097;"]),
        resolution("S/RES/9003 (2098)", "2098-03-01",
                   ["Decides to extend the mandate of UNSYN, as contained in resolutions 8000 "
                    "(2090) and 9002 (2097), until 31 March 2099;", TASKS]),
    ])  # fmt: skip


def test_the_missing_predecessor_is_named_with_how_to_add_it(store: Store) -> None:
    first, renewal = secretariat_series(store, "UNSYN")
    assert first.predecessors_not_held == ()
    assert renewal.previous == "S/RES/9001 (2096)"
    assert renewal.predecessors_not_held == ("S/RES/9002 (2097)",)
    assert renewal.to_dict()["predecessors_not_held"] == "S/RES/9002 (2097)"
    note = (
        "  cites S/RES/9002 (2097), of its agenda item and adopted after S/RES/9001 (2096), which "
        "this project does not hold: if it renewed the mandate, the words it carried count as "
        "new here and new words are overstated (normtrace fetch 'S/RES/9002 (2097)', then "
        "normtrace ingest downloads and normtrace reuse)"
    )
    assert renewal.summary().splitlines() == [renewal.render().splitlines()[0], note]


def test_the_command_prints_it_and_gives_it_in_json(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from normtrace.cli.base import Context
    from normtrace.cli.reuse import secretariat_command

    path = tmp_path / "p.db"
    store.conn.execute("VACUUM INTO ?", (str(path),))
    ctx = Context(str(path), False)
    text = CliRunner().invoke(secretariat_command, ["UNSYN"], obj=ctx)
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert lines[2].startswith("  cites S/RES/9002 (2097), of its agenda item"), lines
    done = CliRunner().invoke(secretariat_command, ["UNSYN", "--json"], obj=ctx)
    assert done.exit_code == 0, done.output
    rows, _ = json.JSONDecoder().raw_decode(done.output)  # the rows, then the error record
    assert [r["predecessors_not_held"] for r in rows] == ["", "S/RES/9002 (2097)"]


def test_the_first_stored_resolution_says_the_project_holds_no_earlier_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mission_module, "_agenda_table", lambda: AGENDA)
    only = saved([
        resolution("S/RES/9003 (2098)", "2098-03-01",
                   ["Decides to extend the mandate of UNSYN, as contained in resolutions 8000 "
                    "(2090) and 9002 (2097), until 31 March 2099;", TASKS]),
    ])  # fmt: skip
    (first,) = secretariat_series(only, "UNSYN")
    assert first.previous is None and first.predecessors_not_held == ("S/RES/9002 (2097)",)
    head, note = first.summary().splitlines()
    assert (
        f"{first.new_words} of {first.words} operative words are new because the project "
        f"holds no earlier resolution of the mission ({first.citations} of the"
    ) in head
    assert note == (
        "  cites S/RES/9002 (2097), of its agenda item and adopted before it, which this project "
        "does not hold (it holds no earlier resolution of the mission): if it renewed the "
        "mandate, the words it carried count as new here and new words are overstated "
        "(normtrace fetch 'S/RES/9002 (2097)', then normtrace ingest downloads and normtrace "
        "reuse)"
    )
