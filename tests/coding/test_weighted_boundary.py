"""A recorded draw's intervals where a stratum was drawn without a miss (a new user's trial,
B4: ``F1 0.95 [0.29, 0.95]``, an interval ending at its estimate).

Jeffreys' prior gives such a stratum half a miss, which its weight (hundreds of units) makes
many misses in every draw: every draw of recall and F1 fell below the weighted estimate, and the
interval was widened to the estimate, an end that is no bound. ``boundary`` also draws with
the kinds a stratum showed none of held at none (the Jeffreys interval's bound at a count of
none) and takes the hull: the interval then reaches above the estimate where the data allow.

The rows are SYNTHETIC, shaped as the trial's draw of poc (hits drawn heavily, non-hits at
weights of about 250, none of them a miss)."""

from __future__ import annotations

from typing import Any

from normtrace.coding.weighted import weighted_estimate


def _rows(*strata: tuple[str, float, int, int, int, int]) -> list[dict[str, Any]]:
    """Per stratum (name, weight, tp, fp, fn, tn): that many rows."""
    rows: list[dict[str, Any]] = []
    for name, weight, *counts in strata:
        kinds = (("poc", "poc"), ("", "poc"), ("poc", ""), ("", ""))
        for (gold, got), n in zip(kinds, counts, strict=True):
            rows += [{"key": f"{name}/{len(rows)}", "stratum": name, "weight": weight,
                      "frames": [gold] if gold else [], "got": [got] if got else []}
                     for _ in range(int(n))]  # fmt: skip
    return rows


#: the trial's draw of poc: hits 7 of 80 and 13 of 134, non-hits 6 of 1477 and 14 of 3819
TRIAL = _rows(
    ("hit:main", 80 / 7, 7, 0, 0, 0),
    ("hit:report", 134 / 13, 11, 2, 0, 0),
    ("nohit:main", 1477 / 6, 0, 0, 0, 6),
    ("nohit:report", 3819 / 14, 0, 0, 0, 14),
)


def test_an_interval_no_longer_ends_at_its_estimate_where_a_stratum_showed_no_miss() -> None:
    plain = weighted_estimate(TRIAL, ("poc",))["poc"]
    held = weighted_estimate(TRIAL, ("poc",), boundary=True)["poc"]
    assert (plain.tp, plain.fp, plain.fn) == (held.tp, held.fp, held.fn)
    assert plain.recall == held.recall == 1.0
    # before: every F1 draw below the estimate, the interval widened to end there
    assert plain.f1_95ci[1] == plain.f1
    assert held.f1_95ci[1] > held.f1 + 0.02
    assert held.precision_95ci[1] > plain.precision_95ci[1]


def test_the_interval_holds_the_jeffreys_one() -> None:
    """The hull: never narrower than the Jeffreys interval alone (the same draws of it)."""
    for rows in (TRIAL, _rows(("hit", 5.0, 8, 3, 0, 0), ("rest", 100.0, 0, 0, 2, 18)),
                 _rows(("hit", 1.0, 4, 1, 0, 0), ("rest", 50.0, 0, 0, 0, 20))):  # fmt: skip
        plain = weighted_estimate(rows, ("poc",))["poc"]
        held = weighted_estimate(rows, ("poc",), boundary=True)["poc"]
        pairs = [(plain.precision_95ci, held.precision_95ci),
                 (plain.recall_95ci, held.recall_95ci), (plain.f1_95ci, held.f1_95ci)]  # fmt: skip
        for a, b in pairs:
            assert b[0] <= a[0] and a[1] <= b[1]


def test_one_sampled_stratum_without_a_miss_reaches_recall_one() -> None:
    """A census of hits (all right) and one sampled stratum of non-hits without a miss: the
    held draws give recall 1 (no miss), as the Jeffreys interval of the stratum's miss share
    ends at 0 for a count of none; the Jeffreys draws alone never reach it."""
    rows = _rows(("hit", 1.0, 10, 0, 0, 0), ("rest", 200.0, 0, 0, 0, 20))
    plain = weighted_estimate(rows, ("poc",))["poc"]
    held = weighted_estimate(rows, ("poc",), boundary=True)["poc"]
    assert held.recall_95ci[1] == 1.0 and held.recall_95ci[0] == plain.recall_95ci[0]
    assert plain.recall_95ci[0] < 0.5  # 20 non-hits, each for 200: recall may be low


def test_a_draws_estimate_uses_the_boundary() -> None:
    """``code validate``'s draw estimate (draw_estimate) makes its intervals so, and says how."""
    from normtrace.coding.draw_estimate import DrawScore
    from normtrace.coding.weighted import BOUNDARY_INTERVAL_METHOD

    assert DrawScore.__dataclass_fields__["interval_method"].default == BOUNDARY_INTERVAL_METHOD
