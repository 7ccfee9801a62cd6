"""When a coding was moved (``moved_at``: an ingest's re-anchoring, its coder's `code review
--move`) survives a ``.qdpx`` round trip as when it was made (``at``) does: the export writes it
as the coding selection's ``modifiedDateTime`` (REFI-QDA's attribute for when a selection last
changed, valid against the standard's Project.xsd), the import records it (migration 0030,
``stated_moves``), and a second import of the same file changes nothing. Stop 46 kept ``at``
and lost ``moved_at``. The resolution, codebook, coder and times are SYNTHETIC."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from normtrace.coding.exchange.passage_memos import memoed_codings
from normtrace.coding.exchange.qdpx import export_qdpx
from normtrace.coding.exchange.qdpx_read import import_qdpx
from normtrace.coding.human import events
from normtrace.coding.human.anchors import open_reviews, resolve_review
from normtrace.errors import CodingError
from normtrace.store.db import Store
from synthetic_moved import OP1, OP2, SYMBOL, fresh_project, insert_before_op1, project

PP1 = f"{SYMBOL}/pp01"

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "refi-qda"


def _listed(store: Store) -> list[tuple[str, str, str, str | None]]:
    return sorted((c.unit_key, c.code, c.at, c.moved_at) for c in memoed_codings(store))


def _qde(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("project.qde").decode("utf-8")


def _counts(store: Store) -> tuple[int, ...]:
    return tuple(
        int(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
        for t in ("coding_events", "stated_times", "stated_moves", "coding_reviews")
    )


def test_moved_at_survives_a_qdpx_round_trip_and_a_second_import_changes_nothing(
    tmp_path: Path,
) -> None:
    with project(tmp_path / "a") as (opened, path):
        store = opened.store
        events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                        codebook="synth")  # fmt: skip
        # a coding of the preamble, which no version moves
        events.add_code(store, coder="ana", unit_key=PP1, start=0, end=9, code="aid",
                        codebook="synth")  # fmt: skip
        insert_before_op1(opened, path)
        (review,) = open_reviews(store)
        moved = resolve_review(store, review.id, coder="ana", move=True)
        before = _listed(store)
        assert [(k, m) for k, _, _, m in before] == [(OP2, moved.at), (PP1, None)]
        export_qdpx(store, tmp_path / "ana.qdpx", codebook="synth")
    qde = _qde(tmp_path / "ana.qdpx")
    # written for the moved coding only, on its selection
    assert len(re.findall(r'modifiedDateTime="([^"]+)"', qde)) == 1
    assert f'modifiedDateTime="{moved.at}"' in qde
    if (SCHEMAS / "Project.xsd").is_file():
        import xmlschema

        xmlschema.XMLSchema(str(SCHEMAS / "Project.xsd")).validate(qde)
    with fresh_project(tmp_path / "b", path) as fresh:
        import_qdpx(fresh.store, tmp_path / "ana.qdpx")
        assert _listed(fresh.store) == before
        counts = _counts(fresh.store)
        import_qdpx(fresh.store, tmp_path / "ana.qdpx")
        assert _counts(fresh.store) == counts
        assert _listed(fresh.store) == before


def test_a_moved_time_before_the_coding_was_made_is_refused(tmp_path: Path) -> None:
    with project(tmp_path / "a") as (opened, path):
        store = opened.store
        events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                        codebook="synth")  # fmt: skip
        insert_before_op1(opened, path)
        (review,) = open_reviews(store)
        moved = resolve_review(store, review.id, coder="ana", move=True)
        export_qdpx(store, tmp_path / "ana.qdpx", codebook="synth")
    broken = tmp_path / "broken.qdpx"
    with zipfile.ZipFile(tmp_path / "ana.qdpx") as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "project.qde":
                data = data.replace(f'modifiedDateTime="{moved.at}"'.encode(),
                                    b'modifiedDateTime="2001-01-01T00:00:00Z"')  # fmt: skip
            dst.writestr(item, data)
    with fresh_project(tmp_path / "b", path) as fresh:
        logged = _counts(fresh.store)
        with pytest.raises(CodingError, match="is before its creationDateTime"):
            import_qdpx(fresh.store, broken)
        assert _counts(fresh.store) == logged
