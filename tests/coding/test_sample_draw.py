"""``code sample``: a recorded, stratified validation draw, and ``code validate``'s estimate
weighted by its inclusion probabilities (coding.sample_draw, coding.draw_estimate).

Codebooks, documents, labels and populations here are SYNTHETIC.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
from pathlib import Path

import pytest

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.draw_estimate import draw_genres, draw_scores, estimate_draw
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.sample_draw import (
    CENSUS,
    Draw,
    Stratum,
    draw_sample,
    draws,
    pick,
    plan,
    sample_frame,
)
from normtrace.errors import CodingError
from normtrace.store.db import Store, migrations
from synthetic_docs import insert_document

BOOK = Codebook(name="synth", codes=(Code(id="x", name="X", entries=(Entry("alpha"),)),))


def _project(store: Store) -> None:
    """SYNTHETIC: 100 report paragraphs (every 10th holds "alpha"), 200 resolution paragraphs
    (every 4th holds "alpha"), one heading; the codebook applied."""
    with store.transaction() as conn:
        insert_document(conn, "SYN/R/1", [("SYN/R/1/h1", "heading", "alpha heading")] + [
            (f"SYN/R/1/p{i}", "numbered", "alpha here" if i % 10 == 0 else "plain words")
            for i in range(1, 101)], doc_type="report")  # fmt: skip
        insert_document(conn, "SYN/RES/1", [
            (f"SYN/RES/1/op{i}", "op", "alpha decides" if i % 4 == 0 else "the Council decides")
            for i in range(1, 201)])  # fmt: skip
    register_codebook(store, BOOK)
    apply_codebook(store, BOOK)


def _label(store: Store, key: str, positive: bool) -> None:
    """A coder labels ``key`` for x: a coding of its whole text when positive; a done mark."""
    if positive:
        text = store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()[0]
        add_code(store, coder="ana", unit_key=key, start=0, end=len(text), code="x",
                 codebook="synth")  # fmt: skip
    mark_done(store, coder="ana", codebook="synth", unit_keys=[key])


def test_the_draw_is_reproducible_from_its_seed(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db") as a, Store.open(tmp_path / "b.db") as b:
        _project(a)
        _project(b)
        first = draw_sample(a, "synth", "x", 40, seed=7)
        again = draw_sample(b, "synth", "x", 40, seed=7)
        other = draw_sample(b, "synth", "x", 40, seed=8)
    assert first.order == again.order and first.strata == again.strata
    assert first.order != other.order and first.strata == other.strata
    # 20 of the 60 hits, 20 of the 240 others, each group by genre in proportion
    assert {(s.name, s.population, s.sampled) for s in first.strata} == {
        ("hit:main", 50, 17), ("hit:report", 10, 3), ("nohit:main", 150, 13),
        ("nohit:report", 90, 7)}  # fmt: skip
    assert len(set(first.order)) == 40 and set(first.units) == set(first.order)


def test_units_already_labelled_are_never_drawn_and_stand_as_a_census(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        labelled = {"SYN/RES/1/op4": True, "SYN/RES/1/op1": False, "SYN/R/1/p10": True}
        for key, positive in labelled.items():
            _label(store, key, positive)
        frame = sample_frame(store, "synth", "x")
        every = draw_sample(store, "synth", "x", 10_000, seed=1)  # the whole frame
        (found,) = draws(store, "synth", code="x", level="unit")
    assert frame.labelled == set(labelled)
    assert "SYN/R/1/h1" not in frame.targets  # a heading is no running text
    assert not set(every.order) & set(labelled) and len(every.order) == 297
    census = every.stratum(CENSUS)
    assert (census.population, census.sampled, census.hit) == (3, 3, None)
    assert {k for k, h in every.units.items() if h == CENSUS} == set(labelled)
    assert every.population == 300 and found == every


def test_a_draw_is_never_edited(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        d = draw_sample(store, "synth", "x", 10, seed=3)
        for sql in ("UPDATE sample_draws SET seed = 4", "DELETE FROM sample_draw_units",
                    "UPDATE sample_draw_strata SET sampled = 0"):  # fmt: skip
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                store.conn.execute(sql)
        assert draws(store, "synth")[0] == d


def test_a_draw_of_an_unknown_code_or_an_unapplied_codebook_is_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        register_codebook(store, BOOK)
        with pytest.raises(CodingError, match="never applied.*code apply synth"):
            draw_sample(store, "synth", "x", 10)
        with pytest.raises(CodingError, match="not a codable code.*give one of: x"):
            draw_sample(store, "synth", "y", 10)
        bare = Codebook(name="bare", codes=(Code(id="z", name="Z"),))
        register_codebook(store, bare)
        with pytest.raises(CodingError, match="'z' of codebook 'bare' has no dictionary"):
            draw_sample(store, "bare", "z", 10)


def test_the_migration_upgrades_an_old_project(tmp_path: Path) -> None:
    path = tmp_path / "v32.db"
    conn = sqlite3.connect(path)
    for number, _name, sql in migrations()[:32]:
        conn.executescript(sql)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version() == len(migrations()) >= 33
        assert draws(store, "synth") == []
        _project(store)
        assert draw_sample(store, "synth", "x", 5, seed=2).id == 1
    assert (tmp_path / "v32.db.bak-v32").exists()


def _population(rng: random.Random) -> tuple[dict[str, tuple[bool, str]], dict[str, int]]:
    """SYNTHETIC: 3,000 targets; the dictionary hits 300 (210 right: precision 0.7) and misses
    270 of the 2,700 others (recall 210 / 480 = 0.4375)."""
    targets: dict[str, tuple[bool, str]] = {}
    truth: dict[str, int] = {}
    keys = [f"syn/{i:04}" for i in range(3000)]
    rng.shuffle(keys)
    for i, key in enumerate(keys):
        hit = i < 300
        targets[key] = (hit, "report" if i % 3 == 0 else "")
        truth[key] = int(i < 210 or 300 <= i < 570)
    return targets, truth


def test_the_weighted_estimate_recovers_the_population_and_the_unweighted_does_not() -> None:
    """Over 40 seeds: a draw of 400, a quarter from the hits (100 of the 240 left, weight
    2.4), the rest from the 2,700 others (weight 9), plus a census of 60 hits coders chose
    before, every one right. On the population the dictionary's precision is 0.7 and its
    recall 0.4375. A draw finds about 30 misses (hypergeometric sd about 4.9), so one draw's
    weighted recall has an sd of about 0.04 and its precision about 0.03; the mean of 40 has
    under 0.007, so 0.03 (over 4 sd, with the ratio estimator's small bias) bounds its error.
    Unweighted, a sampled miss counts 1, not 9, and the chosen census as much as a drawn hit:
    recall near 0.80, precision near 0.77."""
    rng = random.Random(12)
    targets, truth = _population(rng)
    chosen = [k for k in sorted(targets) if targets[k][0] and truth[k]][:60]
    frame = {k: v for k, v in targets.items() if k not in chosen}
    predicted = {k: int(hit) for k, (hit, _) in targets.items()}
    weighted: list[tuple[float, float]] = []
    unweighted: list[tuple[float, float]] = []
    covered = 0
    for seed in range(40):
        strata = plan(frame, 400, 0.25)
        units = {k: h for k, h in pick(strata, seed)} | dict.fromkeys(chosen, CENSUS)
        d = Draw(seed, seed, "", "synth", "v", 1, "x", "unit", seed, 400, 0.25,
                 (*(s for s, _ in strata), Stratum(CENSUS, None, None, 60, 60)), units)  # fmt: skip
        s = estimate_draw(d, truth, predicted)
        assert s.complete and s.precision is not None and s.recall is not None
        assert s.unweighted_precision is not None and s.unweighted_recall is not None
        weighted.append((s.precision, s.recall))
        unweighted.append((s.unweighted_precision, s.unweighted_recall))
        assert s.recall_low is not None and s.recall_high is not None
        covered += s.recall_low <= 0.4375 <= s.recall_high
    w_p, w_r = (statistics.fmean(x) for x in zip(*weighted, strict=True))
    u_p, u_r = (statistics.fmean(x) for x in zip(*unweighted, strict=True))
    assert abs(w_r - 0.4375) < 0.03 and abs(w_p - 0.7) < 0.03
    assert abs(u_r - 0.4375) > 0.3 and abs(u_p - 0.7) > 0.05
    for i in range(40):  # seed by seed, the weighted recall is the nearer
        assert abs(weighted[i][1] - 0.4375) < abs(unweighted[i][1] - 0.4375)
    assert covered >= 34  # a 95 % interval: 38 of 40 expected, 34 or more but for ~0.5 %


def test_validate_weights_a_labelled_draw(tmp_path: Path) -> None:
    """The draw's targets labelled (resolution paragraphs op1..op60 are positives the
    dictionary misses unless they hold "alpha"): validate's run carries the draw's estimate,
    the same as estimate_draw's on the same labels; before they are all labelled it says how
    many are."""
    from normtrace.coding.learn.validate import validate

    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        texts = {str(k): str(t) for k, t in store.conn.execute("SELECT key, text FROM units")}

        def truth(key: str) -> bool:  # every hit right; op1 .. op60 positives too
            return "alpha" in texts[key] or key in {f"SYN/RES/1/op{i}" for i in range(1, 61)}

        d = draw_sample(store, "synth", "x", 30, seed=5)
        for key in d.order[:10]:
            _label(store, key, truth(key))
        early = validate(store, "synth", folds=2, reference=False)
        (part,) = early.draw_scores
        assert not part.complete and part.coded == 10 and part.precision is None
        assert "10 of its 30 targets are labelled for x" in part.line()
        for key in d.order[10:]:
            _label(store, key, truth(key))
        run = validate(store, "synth", folds=2, reference=False)
        (s,) = run.draw_scores
        labels = {k: int(truth(k)) for k in d.units}
        hits = {k: int("alpha" in texts[k]) for k in d.units}
        again = draw_scores(store, "synth", "unit", {"x": labels}, {"x": hits})
    assert s.complete and s == again[0] == estimate_draw(
        d, labels, hits, genres=draw_genres(store, d)
    )
    assert s.precision == 1.0 and s.recall is not None and s.recall < 1.0
    assert [(c.name, c.coded) for c in s.strata] == [(x.name, x.sampled) for x in d.strata]
    assert f"draw {d.id} (unit level, seed 5" in s.line()


def test_code_sample_writes_the_keys_in_coding_order_and_validate_prints_the_draw(
    tmp_path: Path,
) -> None:
    import csv
    import json

    from click.testing import CliRunner

    from normtrace.cli import cli

    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _project(store)

    def run(*args: str) -> tuple[str, str]:
        result = CliRunner().invoke(cli, ["--project", str(path), "code", *args])
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        return result.stdout, result.stderr

    out, err = run("sample", "--codebook", "synth", "--code", "x", "--n", "12", "--seed", "4",
                   "-o", str(tmp_path / "keys.csv"))  # fmt: skip
    with Store.open(path) as store:
        (d,) = draws(store, "synth")
    with (tmp_path / "keys.csv").open(encoding="utf-8") as f:
        keys = [(int(r["position"]), r["unit_key"]) for r in csv.DictReader(f)]
    assert keys == list(enumerate(d.order, 1)) and len(keys) == 12 and out == ""
    assert err.startswith(f"draw {d.id} (run {d.run_id}): 12 of the 300 units of running text "
                          "not yet labelled for x, seed 4; strata: hit:main 4 of 50, "
                          "hit:report 2 of 10, nohit:main 4 of 150, nohit:report 2 of 90. "
                          "Label every one")  # fmt: skip
    run("sample", "--codebook", "synth", "--code", "x", "--n", "3", "--seed", "4",
        "-o", str(tmp_path / "keys.jsonl"))  # fmt: skip
    lines = (tmp_path / "keys.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["position"] for x in lines] == [1, 2, 3]
    with Store.open(path) as store:
        newest, first = draws(store, "synth")
        for key in (*first.order, *newest.order):
            _label(store, key, key.endswith(("op1", "op2", "op3")))
    out, _ = run("validate", "--codebook", "synth", "--folds", "2", "--no-reference")
    assert "weighted by a recorded draw (`code sample`)" in out
    assert f"x: draw {newest.id} (unit level, seed 4, strata of version" in out
    out, _ = run("validate", "--codebook", "synth", "--folds", "2", "--no-reference",
                 "--format", "json")  # fmt: skip
    (row,) = [r for r in json.loads(out) if r["method"] == "dictionary"]
    assert [d["draw"] for d in row["weighted_by_draw"]] == [newest.id]
    assert row["weighted_by_draw"][0]["complete"] is True


def test_validate_without_a_draw_adds_no_column(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from normtrace.cli import cli

    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _project(store)
        for i in range(1, 13):
            _label(store, f"SYN/RES/1/op{i}", i % 4 == 0)
    result = CliRunner().invoke(cli, ["--project", str(path), "code", "validate", "--codebook",
                                      "synth", "--folds", "2", "--no-reference", "--format",
                                      "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert all("weighted_by_draw" not in r for r in json.loads(result.stdout))


def test_weighted_numbers_by_hand() -> None:
    """SYNTHETIC: all 4 hits drawn (a census by design: weight 1), 3 right; 8 of the 96 others
    (weight 12), 1 a miss. By hand: tp 3, fp 1, fn 12; precision 3/4, exact (every hit read);
    recall 3/15 = 0.2, with an interval from the misses' posterior that holds it."""
    units = {f"h{i}": "hit" for i in range(4)} | {f"m{i}": "nohit" for i in range(8)}
    strata = (Stratum("hit", True, None, 4, 4), Stratum("nohit", False, None, 96, 8))
    d = Draw(1, 1, "", "synth", "v", 1, "x", "unit", 3, 12, 0.5, strata, units)
    truth = {k: int(k in ("h0", "h1", "h2", "m0")) for k in units}
    got = {k: int(k.startswith("h")) for k in units}
    s = estimate_draw(d, truth, got)
    assert (s.tp, s.fp, s.fn) == (3.0, 1.0, 12.0)
    assert s.precision == s.precision_low == s.precision_high == 0.75
    assert s.recall == pytest.approx(0.2) and s.f1 == pytest.approx(2 * 0.75 * 0.2 / 0.95)
    assert s.recall_low is not None and s.recall_high is not None
    assert s.recall_low < 0.2 < s.recall_high and s.recall_high - s.recall_low > 0.3
    assert [(c.name, c.coded, c.positives, c.hits) for c in s.strata] == [
        ("hit", 4, 3, 4), ("nohit", 8, 1, 0)]  # fmt: skip
    assert "hit 4 of 4 (census), nohit 8 of 96 (weight 12)" in s.line()
