"""``normtrace code doc-memos`` lists a document's memos by the workbench's rule (reviewer R2's
F1): each dated when it was made (an import's stated time, else when it was recorded) and
oldest first, not by recording time and event order. The resolution S/RES/9901 (2031), the
memos and the stated time are SYNTHETIC (:mod:`synthetic_moved`)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli.base import Context
from normtrace.cli.coding import code_group
from normtrace.coding.exchange.placed_memos import document_memos
from normtrace.coding.human import events
from normtrace.coding.human.made_at import record_stated
from synthetic_moved import SYMBOL, project, tick

STATED = "2020-01-01T00:00:00Z"


def _listed(path: Path, *args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        code_group, ["doc-memos", SYMBOL, "--format", "json", *args], obj=Context(str(path), False)
    )
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.output)
    return rows


def test_the_cli_dates_and_orders_document_memos_as_the_workbench_does(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, _):
        store = opened.store
        later = events.add_document_memo(store, coder="ana", document=SYMBOL,
                                         memo="SYNTHETIC b, written here")  # fmt: skip
        tick()
        stated = events.add_document_memo(store, coder="bob", document=SYMBOL,
                                          memo="SYNTHETIC a, imported")  # fmt: skip
        record_stated(store, source="import:SYNTHETIC.csv", events={stated.id: STATED})
        tick()
        own = events.add_document_memo(store, coder="bob", document=SYMBOL,
                                       memo="SYNTHETIC c, written here")  # fmt: skip
        web = [(m.event_id, m.at) for m in document_memos(store, SYMBOL)]
        path = opened.store.path
    rows = _listed(path)
    # the imported memo is dated when it was made and listed first, as the workbench lists it
    assert (
        [(r["id"], r["at"]) for r in rows]
        == web
        == [(stated.id, STATED), (later.id, later.at), (own.id, own.at)]
    )
    assert [r["memo"] for r in rows] == [
        "SYNTHETIC a, imported",
        "SYNTHETIC b, written here",
        "SYNTHETIC c, written here",
    ]
    assert {(r["coder"], r["document"]) for r in rows} == {("ana", SYMBOL), ("bob", SYMBOL)}
    # one coder's, by the same rule
    assert [(r["id"], r["at"]) for r in _listed(path, "--coder", "bob")] == [
        (stated.id, STATED),
        (own.id, own.at),
    ]


def test_a_coder_filter_in_the_library_and_undone_memos_left_out(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, _):
        store = opened.store
        kept = events.add_document_memo(store, coder="ana", document=SYMBOL, memo="SYNTHETIC k")
        other = events.add_document_memo(store, coder="bob", document=SYMBOL, memo="SYNTHETIC o")
        dropped = events.add_document_memo(store, coder="ana", document=SYMBOL,
                                           memo="SYNTHETIC d")  # fmt: skip
        from normtrace.coding.human.undo import undo_event

        undo_event(store, coder="ana", event_id=dropped.id)
        assert [m.event_id for m in document_memos(store, SYMBOL)] == [kept.id, other.id]
        assert [m.event_id for m in document_memos(store, SYMBOL, coder="ana")] == [kept.id]
        assert document_memos(store, SYMBOL, coder="cy") == []
