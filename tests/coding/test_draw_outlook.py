"""What a validation draw can measure once labelled, genre by genre (coding.draw_outlook), and
draws from chosen genres only (``code sample --genre``): a new user's draw of 40 split 27 / 13
between report and resolution paragraphs, so neither genre reached the 30 units a draw's
estimate needs to replace a measurement, and the 40 labels changed no count; nothing said so
(U2 B1).

The project, codebook and labels are SYNTHETIC (tests/coding/test_sample_draw's: 100 report
paragraphs, every 10th holding "alpha"; 200 resolution paragraphs, every 4th holding it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_sample_draw import _label, _project

from normtrace.coding.draw_outlook import make_draw, outlook, plan_draw
from normtrace.coding.learn.validate import validate
from normtrace.coding.measured_error import MIN_LABELLED, CodeValidity
from normtrace.coding.sample_draw import draw_sample, draws, sample_frame
from normtrace.coding.validity import code_validity
from normtrace.errors import CodingError
from normtrace.store.db import Store


def _truth(store: Store) -> dict[str, bool]:
    """SYNTHETIC truth: a unit holds x where it holds "alpha" (the dictionary is right)."""
    return {str(k): "alpha" in str(t) for k, t in store.conn.execute("SELECT key, text FROM units")}


def test_the_outlook_counts_what_each_genre_of_the_draw_will_hold(tmp_path: Path) -> None:
    """40 drawn: resolutions 30 (17 hits, 13 others), reports 10 (3, 7). Once labelled and
    validated, each genre's estimate rests on exactly the units the outlook counted, and the
    genre the outlook called short is flagged for it, the other not."""
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        d, look = make_draw(store, "synth", "x", 40, seed=5)
        truth = _truth(store)
        for key in d.units:
            _label(store, key, truth[key])
        (ds,) = validate(store, "synth", model=False).draw_scores
        v = code_validity(store, "synth")["x"]
    by = {g.name: g for g in look.genres}
    assert {k: (g.drawn, g.census, g.enough) for k, g in by.items()} == {
        "main": (30, 0, True), "report": (10, 0, False)}  # fmt: skip
    assert {g.genre: g.coded for g in ds.by_genre} == {"": 30, "report": 10}
    assert v.weighted and v.n == 30 and str(MIN_LABELLED) not in v.flag()
    assert v.reports is not None and v.reports.flag() == "10 labelled units < 30"
    # what would give the reports 30: a larger draw, or one from the reports alone
    assert by["report"].alone == 30 and by["report"].needed is not None
    assert by["report"].needed > 40 and not look.replaces_nothing
    text = "\n".join(look.lines())
    assert f"--n {by['report'].needed} gives it 30" in text
    assert "a draw from it alone: --genre report --n 30" in text


def test_the_n_the_outlook_names_gives_the_genre_enough(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        frame = sample_frame(store, "synth", "x")
        needed = {g.name: g.needed for g in outlook(frame, 40).genres}["report"]
        assert needed is not None
        before = {g.name: g.drawn for g in outlook(frame, needed - 1).genres}["report"]
        d, look = make_draw(store, "synth", "x", needed, seed=2)
    drawn = {g.name: g for g in look.genres}["report"]
    assert before < MIN_LABELLED <= drawn.drawn and drawn.enough
    assert drawn.drawn == sum(1 for k in d.order if k.startswith("SYN/R/"))


def test_the_census_counts_toward_its_genre(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        for i in range(1, 26):  # 25 report paragraphs labelled before the draw
            _label(store, f"SYN/R/1/p{i}", i % 10 == 0)
        _, look = make_draw(store, "synth", "x", 40, seed=5)
    report = {g.name: g for g in look.genres}["report"]
    assert report.census == 25 and report.units == report.drawn + 25 and report.enough


def test_a_bundled_measurement_is_named_with_what_can_replace_it() -> None:
    """With a bundled measurement (SYNTHETIC figures), a short genre says its estimate cannot
    replace it; a genre with enough says on what condition it does."""
    bundled = CodeValidity("x", recall=0.86, recall_low=0.8, recall_high=0.9, n=1330,
                           source="SYNTHETIC bundled",
                           reports=CodeValidity("x", recall=0.41, recall_low=0.28,
                                                recall_high=0.57, n=1067,
                                                source="SYNTHETIC bundled reports"))  # fmt: skip
    from normtrace.coding.sample_draw import Frame

    targets = {f"r{i:03}": (i < 20, "report") for i in range(300)} | {
        f"m{i:03}": (i < 20, "") for i in range(300)}  # fmt: skip
    frame = Frame("b", "v", 1, "x", "paragraph", targets, frozenset())
    look = outlook(frame, 40, bundled=bundled)
    main, report = look.genres
    assert main.bundled is bundled and report.bundled is bundled.reports
    assert "cannot replace the bundled one (R 0.86 [0.80, 0.90], n 1330)" in main.line("paragraph")
    assert look.replaces_nothing
    assert "replaces no measurement of x" in "\n".join(look.lines())
    big = outlook(frame, 100, bundled=bundled)
    assert all(g.enough for g in big.genres) and not big.replaces_nothing
    assert (
        "replaces the bundled one (R 0.41 [0.28, 0.57], n 1067) if it finds a positive "
        "and its recall interval is no wider than 0.50"
    ) in big.genres[1].line("paragraph")


def test_a_draw_from_one_genre_holds_that_genre_only(tmp_path: Path) -> None:
    """--genre report: every unit drawn and every unit of the census is a report paragraph;
    the strata keep the genre in their names; the run records the genres; the same seed from
    the same genres draws the same keys, from every genre others."""
    with Store.open(tmp_path / "p.db") as store, Store.open(tmp_path / "q.db") as other:
        for s in (store, other):
            _project(s)
            _label(s, "SYN/R/1/p10", True)
            _label(s, "SYN/RES/1/op4", True)  # a resolution: not in a draw of reports
        d = draw_sample(store, "synth", "x", 30, seed=9, genres=["report"])
        again = draw_sample(other, "synth", "x", 30, seed=9, genres=["report"])
        every = draw_sample(other, "synth", "x", 30, seed=9)
        params = [json.loads(s.conn.execute("SELECT params FROM runs WHERE id = ?",
                                            (x.run_id,)).fetchone()[0])
                  for s, x in ((store, d), (other, every))]  # fmt: skip
        truth = _truth(store)
        for key in d.order:
            _label(store, key, truth[key])
        (ds,) = validate(store, "synth", model=False).draw_scores
    assert all(k.startswith("SYN/R/") for k in d.units) and len(d.order) == 30
    assert {s.name for s in d.strata} == {"hit:report", "nohit:report", "labelled"}
    assert d.population == 100 and d.stratum("labelled").population == 1
    assert params[0]["genres"] == ["report"] and "genres" not in params[1]
    assert again.order == d.order and every.order != d.order
    (report,) = ds.by_genre
    assert (report.genre, report.coded, report.exact) == ("report", 31, True)


@pytest.mark.parametrize(
    ("genres", "message"),
    [
        (["novel"], "no genre 'novel': give one of early, main, report, speech"),
        (["speech"], "holds no unit of running text of genre 'speech'.*give one of main, report"),
    ],
)
def test_a_genre_unknown_or_not_held_is_refused(
    tmp_path: Path, genres: list[str], message: str
) -> None:
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        with pytest.raises(CodingError, match=message):
            draw_sample(store, "synth", "x", 10, genres=genres)
        assert draws(store, "synth") == []


def test_a_plan_records_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        strata, look = plan_draw(store, "synth", "x", 40)
        assert draws(store, "synth") == []
        assert not store.conn.execute("SELECT 1 FROM runs WHERE stage = 'sample'").fetchone()
        d, drawn = make_draw(store, "synth", "x", 40, seed=1)
    assert [(s.name, s.sampled) for s in strata] == [
        (s.name, s.sampled) for s in d.strata]  # fmt: skip
    assert look == drawn  # the strata are split by genre: the plan's counts are the draw's


def test_a_new_draw_names_the_draw_it_takes_the_place_of(tmp_path: Path) -> None:
    """``code validate`` weighs one draw of a code and level (the newest labelled through): a
    draw from the reports alone after one over both genres says that the first one's estimate
    on resolution paragraphs then counts no more."""
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        first, alone = make_draw(store, "synth", "x", 40, seed=5)
        _, planned = plan_draw(store, "synth", "x", 30, genres=["report"])
        second, look = make_draw(store, "synth", "x", 30, seed=6, genres=["report"])
        truth = _truth(store)
        for key in dict.fromkeys([*first.order, *second.order]):
            _label(store, key, truth[key])
        (ds,) = validate(store, "synth", model=False).draw_scores
    assert alone.replaces is None
    assert (look.replaces, look.loses) == (first.id, ("",)) == (planned.replaces, planned.loses)
    assert look.lines()[-1] == (
        "note: `code validate` weighs one draw of x at unit level, the newest labelled through: "
        f"once this one is, it takes the place of draw {first.id}, whose estimate on resolution "
        "and other paragraphs (which this draw does not cover) then counts no more"
    )
    assert ds.draw == second.id and [g.genre for g in ds.by_genre] == ["report"]
