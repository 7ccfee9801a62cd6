"""A recorded validation draw is listed, its keys listed again, and a mistaken draw withdrawn
(coding.draw_labelling, coding.draw_withdrawal): a withdrawn draw is kept, shown as withdrawn,
and counts in no estimate (a new ``code validate`` run, a run stored before the withdrawal as
the counts read it); its labels stay; the withdrawal is taken back by appending.

Codebooks, documents, labels and draws here are SYNTHETIC (the project of test_sample_draw).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_sample_draw import _label, _project

from normtrace.coding.codebook import Codebook
from normtrace.coding.draw_labelling import draw_by_id, draw_keys, draw_progress, reading_units
from normtrace.coding.draw_withdrawal import restore_draw, withdraw_draw, withdrawals
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.measured_error import CodeValidity
from normtrace.coding.sample_draw import Draw, draw_sample, draws
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store, migrations

AGAIN = "run `normtrace code validate --codebook synth --level unit` again"


def _truth(store: Store) -> dict[str, bool]:
    """SYNTHETIC labels: every hit ("alpha") is right; op1 .. op60 are positives too."""
    positives = {f"SYN/RES/1/op{i}" for i in range(1, 61)}
    return {str(k): "alpha" in str(t) or k in positives
            for k, t in store.conn.execute("SELECT key, text FROM units")}  # fmt: skip


def _label_all(store: Store, d: Draw) -> None:
    truth = _truth(store)
    for key in d.order:
        _label(store, key, truth[key])


def _sources(v: CodeValidity) -> str:
    """Every source of a code's measurement, its genres' and those set aside, in one text."""
    parts = [v, v.speeches, v.reports, v.early]
    parts += [p.set_aside for p in parts if p is not None]
    return " | ".join(p.source for p in parts if p is not None)


def test_draws_are_listed_and_a_draws_keys_again_each_labelled_or_not(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        _label(store, "SYN/RES/1/op4", True)  # labelled before: the census
        units = draw_sample(store, "synth", "x", 12, seed=4)
        paragraphs = draw_sample(store, "synth", "x", 6, seed=1, level="paragraph")
        for key in units.order[2:5]:
            _label(store, key, False)
        listed = draw_keys(store, units.id)
        assert [(k.position, k.key) for k in listed.keys] == list(enumerate(units.order, 1))
        assert [k.labelled for k in listed.keys] == [False] * 2 + [True] * 3 + [False] * 7
        p = listed.progress
        assert (p.draw, p.labelled, p.units, p.drawn, p.state) == (units, 4, 13, 12, "labelling")
        assert [x.draw.id for x in draw_progress(store)] == [paragraphs.id, units.id]
        assert [x.draw for x in draw_progress(store, level="paragraph")] == [paragraphs]
        assert [x.draw for x in draw_progress(store, code="x", level="unit")] == [units]
        assert draw_progress(store, codebook="other") == draw_progress(store, code="y") == []
        assert draw_keys(store, paragraphs.id).progress.labelled == 1  # the census only
        with pytest.raises(NotFoundError, match="no draw '99'.*`normtrace code draws`"):
            draw_keys(store, 99)


def test_a_withdrawn_draw_is_kept_and_shown_and_no_new_validation_weighs_it(
    tmp_path: Path,
) -> None:
    from normtrace.coding.learn.validate import validate

    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        d = draw_sample(store, "synth", "x", 30, seed=5)
        _label_all(store, d)
        (scored,) = validate(store, "synth", folds=2, reference=False).draw_scores
        assert scored.draw == d.id and scored.estimable
        out = withdraw_draw(store, d.id, coder="bo", why="  drawn at the wrong level ")
        assert (out.draw_id, out.action, out.coder, out.why) == (
            d.id, "withdraw", "bo", "drawn at the wrong level")  # fmt: skip
        assert draws(store, "synth") == []  # what every estimate reads
        (kept,) = draws(store, "synth", include_withdrawn=True)
        assert kept.withdrawn == out and kept.order == d.order and kept.strata == d.strata
        assert draw_by_id(store, d.id) == kept
        (listed,) = draw_progress(store)
        assert (listed.state, listed.complete, listed.labelled) == ("withdrawn", True, 30)
        with pytest.raises(CodingError, match=f"draw {d.id} of x .* is withdrawn by bo at .*: "
                           "drawn at the wrong level: it counts in no estimate"):  # fmt: skip
            reading_units(store, kept)  # never given to a coder as a draw's again
        run = validate(store, "synth", folds=2, reference=False)
        assert run.draw_scores == []
        # its labels are ordinary labels: they stay, and the run scores them
        book_labels = collect_labels(store, _book(store), "unit").by_code["x"]
        assert set(d.order) <= set(book_labels)
        s = run.get("x", "dictionary")
        assert s is not None and s.n == 30
        back = restore_draw(store, d.id, coder="ana")
        assert (back.action, back.undoes, back.why) == ("restore", out.id, "")
        assert draws(store, "synth") == [d] and withdrawals(store) == {}
        (again,) = validate(store, "synth", folds=2, reference=False).draw_scores
        assert again.draw == d.id and again.estimable


def _book(store: Store) -> Codebook:
    from normtrace.coding.dictionary.apply import stored_codebook

    return stored_codebook(store, "synth")


def test_a_run_stored_before_the_withdrawal_is_read_without_the_draw(tmp_path: Path) -> None:
    """Draw A labelled through, then draw B made by mistake and left unlabelled: the stored run
    weighs A and names B as not labelled through. B withdrawn: the counts read the same run
    without B (A still weighs), and say B was withdrawn. A withdrawn too: no draw weighs; the
    run's figures over its labelled units stand, and the source says why."""
    from normtrace.coding.learn.validate import validate
    from normtrace.coding.validity import code_validity
    from normtrace.web.validation import validation_page

    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        a = draw_sample(store, "synth", "x", 30, seed=5)
        _label_all(store, a)
        b = draw_sample(store, "synth", "x", 10, seed=6)
        run = validate(store, "synth", folds=2, reference=False)
        assert [s.draw for s in run.draw_scores] == [b.id, a.id]
        before = _sources(code_validity(store, "synth", level="unit")["x"])
        assert f"the weighted estimate of draw {a.id} (seed 5)" in before
        assert f"draw {b.id} was not labelled through" in before

        withdraw_draw(store, b.id, coder="bo", why="the wrong code")
        now = code_validity(store, "synth", level="unit")["x"]
        assert f"the weighted estimate of draw {a.id} (seed 5)" in _sources(now)
        assert f"draw {b.id} was not labelled through" not in _sources(now)
        note_b = (f"; draw {b.id} (seed 6), held by validation run {run.run_id}, was withdrawn "
                  f"by bo at {withdrawals(store)[b.id].at}: the wrong code, so it counts in no "
                  f"estimate: {AGAIN} to weigh the code's other draws")  # fmt: skip
        assert now.source.endswith(note_b)
        # and on the genre the counts of report paragraphs read (b holds report paragraphs)
        assert any(k.startswith("SYN/R/") for k in b.order)
        assert now.reports is not None and now.reports.source.endswith(note_b)

        withdraw_draw(store, a.id, coder="bo", why="the wrong level")
        now = code_validity(store, "synth", level="unit")["x"]
        assert "the weighted estimate of draw" not in _sources(now)
        assert not any(m.weighted for m in (now, now.speeches, now.reports, now.early) if m)
        assert now.source.startswith(f"validation run {run.run_id} (unit level")
        at = {k: w.at for k, w in withdrawals(store).items()}
        assert now.source.endswith(
            f"; draws {b.id} (seed 6) and {a.id} (seed 5), held by validation run {run.run_id}, "
            f"were withdrawn (draw {b.id} withdrawn by bo at {at[b.id]}: the wrong code; draw "
            f"{a.id} withdrawn by bo at {at[a.id]}: the wrong level), so they count in no "
            f"estimate: {AGAIN} to weigh the code's other draws")  # fmt: skip
        assert "were chosen, not drawn at random" in now.chosen  # its units are chosen now
        # the web's validation page shows no weighted row of a withdrawn draw
        (unit,) = [lv for lv in validation_page(store, "synth").levels if lv.level == "unit"]
        (row,) = [s for s in unit.scores if s.code == "x" and s.method == "dictionary"]
        assert row.weighted is None


def test_a_withdrawal_is_appended_checked_and_taken_back(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        d = draw_sample(store, "synth", "x", 10, seed=3)
        with pytest.raises(NotFoundError, match="no draw '99' in the project"):
            withdraw_draw(store, 99, coder="bo", why="typo")
        with pytest.raises(CodingError, match=f"draw {d.id}: a withdrawal says why.*--why"):
            withdraw_draw(store, d.id, coder="bo", why=" ")
        with pytest.raises(CodingError, match="names who made it: give --coder"):
            withdraw_draw(store, d.id, coder="", why="typo")
        with pytest.raises(CodingError, match=f"draw {d.id} is not withdrawn"):
            restore_draw(store, d.id, coder="bo")
        first = withdraw_draw(store, d.id, coder="bo", why="typo")
        with pytest.raises(CodingError, match=f"draw {d.id} is withdrawn already \\(withdrawn "
                           "by bo at .*: typo\\).*--undo"):  # fmt: skip
            withdraw_draw(store, d.id, coder="ana", why="again")
        back = restore_draw(store, d.id, coder="ana", why="it was right")
        second = withdraw_draw(store, d.id, coder="ana", why="it was wrong after all")
        assert withdrawals(store) == {d.id: second}
        rows = store.conn.execute(
            "SELECT id, action, coder, undoes FROM sample_draw_withdrawals ORDER BY id"
        ).fetchall()
        assert [tuple(r) for r in rows] == [(first.id, "withdraw", "bo", None),
                                            (back.id, "restore", "ana", first.id),
                                            (second.id, "withdraw", "ana", None)]  # fmt: skip
        for sql in ("UPDATE sample_draw_withdrawals SET why = 'x'",
                    "DELETE FROM sample_draw_withdrawals"):  # fmt: skip
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                store.conn.execute(sql)
        for sql in (
            "INSERT INTO sample_draw_withdrawals (draw_id, action, coder, at, why) "
            f"VALUES ({d.id}, 'withdraw', 'bo', 'now', '')",  # a withdrawal says why
            "INSERT INTO sample_draw_withdrawals (draw_id, action, coder, at) "
            f"VALUES ({d.id}, 'restore', 'bo', 'now')",
        ):  # a restore names its withdrawal
            with pytest.raises(sqlite3.IntegrityError):
                store.conn.execute(sql)


def test_the_migration_adds_withdrawals_to_a_project_with_draws(tmp_path: Path) -> None:
    path = tmp_path / "v33.db"
    conn = sqlite3.connect(path)
    for number, _name, sql in migrations()[:33]:
        conn.executescript(sql)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version() == len(migrations()) >= 34
        assert withdrawals(store) == {}
        _project(store)
        d = draw_sample(store, "synth", "x", 5, seed=2)
        withdraw_draw(store, d.id, coder="bo", why="a test")
        assert draws(store, "synth") == []
    assert (tmp_path / "v33.db.bak-v33").exists()
