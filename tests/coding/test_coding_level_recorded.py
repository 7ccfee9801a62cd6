"""A coding made at paragraph level without a span is recorded as such (migration 0017), so it
stays a coding of the whole paragraph whatever marks its coder makes later: a new user imported
a paragraph at --level paragraph, then its units at --level unit, marking the opening unit (the
chapeau) "done, nothing applies"; the placeholder coding on the chapeau then had the shape of a
unit's coding and became a unit positive. Codings recorded before the level keep the shape rule.
SYNTHETIC project (tests/synthetic_coding.py)."""

from __future__ import annotations

import json
from pathlib import Path

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.human.whole import placed_whole_paragraph_codings
from normtrace.coding.learn.labels import collect_labels
from normtrace.store.db import Store
from synthetic_coding import make_project, nt


def _import(tmp_path: Path, store: Store, rows: list[dict[str, str]], level: str) -> None:
    path = tmp_path / f"{level}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    import_codings(store, path, codebook="b", coder="ana", level=level)


def test_a_paragraph_coding_stays_one_after_unit_marks(tmp_path: Path) -> None:
    with Store.open(make_project(tmp_path / "p.db")) as store:
        _import(tmp_path, store, [{"unit_key": "SYN/1/op1", "code": "poc"},
                                  {"unit_key": "SYN/1/op2", "code": "poc", "start": "0",
                                   "end": "9"}], "paragraph")  # fmt: skip
        sql = "SELECT unit_key, level FROM coding_events WHERE action = 'code'"
        levels = dict(store.conn.execute(sql).fetchall())
        assert levels == {"SYN/1/op1": "paragraph", "SYN/1/op2": "unit"}
        _import(tmp_path, store, [{"unit_key": "SYN/1/op1", "code": ""},
                                  {"unit_key": "SYN/1/op1/a", "code": "poc"}], "unit")  # fmt: skip
        labels = collect_labels(store, stored_codebook(store, "b"), "unit")
        # the chapeau op1 is a negative (its coder said so), not a positive of the placeholder
        assert labels.by_code["poc"] == {"SYN/1/op1": 0, "SYN/1/op1/a": 1, "SYN/1/op2": 1}
        assert [c[1] for c in placed_whole_paragraph_codings(store)] == ["SYN/1/op1"]


def test_a_coding_without_a_recorded_level_is_read_by_its_shape(tmp_path: Path) -> None:
    """As an import wrote it before migration 0017 (or another writer now): the whole opening
    unit, and a paragraph mark of its coder."""
    with Store.open(make_project(tmp_path / "p.db")) as store:
        add_code(store, coder="ana", unit_key="SYN/1/op1", start=0, end=15, code="poc")
        assert not placed_whole_paragraph_codings(store)
        mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op1"], level="paragraph")
        assert [c[1] for c in placed_whole_paragraph_codings(store)] == ["SYN/1/op1"]
        mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op1"])  # its own mark
        assert not placed_whole_paragraph_codings(store)


def test_a_coding_made_in_the_workbench_or_by_code_add_is_a_unit_coding(tmp_path: Path) -> None:
    """The workbench and ``code add`` code spans of a unit: they record level ``unit``, so a
    coder who codes all of a chapeau's words and marks the paragraph done has coded the chapeau,
    not the paragraph (the shape rule read both as a coding of the whole paragraph)."""
    from normtrace.web.auth import User
    from normtrace.web.codings import apply_code

    db = make_project(tmp_path / "p.db")
    nt(db, "code", "add", "SYN/1/op1", "0", "15", "poc")
    with Store.open(db) as store:
        apply_code(store, User(1, "bea", "coder"), unit_key="SYN/1/op1", code="poc", start=0,
                   end=15)  # fmt: skip
        for coder in ("ana", "bea"):
            mark_done(store, coder=coder, codebook="b", unit_keys=["SYN/1/op1"],
                      level="paragraph")  # fmt: skip
        assert not placed_whole_paragraph_codings(store)
        sql = "SELECT coder, level FROM coding_events WHERE action = 'code' ORDER BY id"
        assert [tuple(r) for r in store.conn.execute(sql)] == [("ana", "unit"), ("bea", "unit")]


def test_merging_a_code_keeps_a_whole_paragraph_coding_whole(tmp_path: Path) -> None:
    from normtrace.web.auth import User
    from normtrace.web.codebook_ops import change_code

    with Store.open(make_project(tmp_path / "p.db")) as store:
        _import(tmp_path, store, [{"unit_key": "SYN/1/op1", "code": "poc"}], "paragraph")
        version = stored_codebook(store, "b").version
        with store.transaction():
            change_code(store, User(1, "admin", "admin"), "b", base_version=version, op="merge",
                        code="poc", value="auth")  # fmt: skip
        sql = "SELECT code, level FROM coding_events WHERE action = 'code' ORDER BY id"
        made = [tuple(r) for r in store.conn.execute(sql)]
        assert made == [("poc", "paragraph"), ("auth", "paragraph")]
        assert [c[4] for c in placed_whole_paragraph_codings(store)] == ["auth"]


def test_a_qdpx_round_trip_keeps_each_codings_level(tmp_path: Path) -> None:
    """A whole paragraph's coding comes back one, and a unit coding of all of a chapeau a
    unit coding (with no level, the shape rule read it as the paragraph's once its coder
    marked the paragraph done)."""
    from normtrace.coding.exchange.qdpx import export_qdpx
    from normtrace.coding.exchange.qdpx_read import import_qdpx

    with Store.open(make_project(tmp_path / "a.db")) as store:
        _import(tmp_path, store, [{"unit_key": "SYN/1/op1", "code": "poc"}], "paragraph")
        add_code(store, coder="bo", unit_key="SYN/1/op1", start=0, end=15, code="auth",
                 level="unit")  # fmt: skip
        mark_done(store, coder="bo", codebook="b", unit_keys=["SYN/1/op1"], level="paragraph")
        before = collect_labels(store, stored_codebook(store, "b"), "unit").by_code
        export_qdpx(store, tmp_path / "a.qdpx", codebook="b")
    with Store.open(tmp_path / "b.db") as store:
        import_qdpx(store, tmp_path / "a.qdpx")
        sql = "SELECT coder, code, level FROM coding_events WHERE action = 'code' ORDER BY coder"
        made = [tuple(r) for r in store.conn.execute(sql)]
        assert made == [("ana", "poc", "paragraph"), ("bo", "auth", "unit")]
        assert collect_labels(store, stored_codebook(store, "b"), "unit").by_code == before
