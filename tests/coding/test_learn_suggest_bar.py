"""Which bar a suggest run given none keeps (``current_bar``): the one rule the CLI's
`code suggest` and the workbench's Retrain share (repro_8 of month 40: Retrain stored a
run at 0.05 that replaced the CLI's run at 0.5 and was exported as suggestions).

The runs here are SYNTHETIC rows of the ``runs`` table (no model is needed to read a bar).
"""

from __future__ import annotations

from normtrace.coding.learn.suggest import DEFAULT_BAR, current_bar
from normtrace.store.db import Store


def _run(store: Store, params: dict[str, object], *, finished: bool = True) -> int:
    run = store.start_run("suggest", "learn-linear-1", params)
    if finished:
        store.finish_run(run, {})
    return run


def test_current_bar_is_the_latest_chosen_one_of_its_codebook_and_level() -> None:
    store = Store.open(":memory:")
    assert current_bar(store, "mini") == (DEFAULT_BAR, None)
    book = {"codebook": "mini", "level": "unit"}
    # a run from before the bar was recorded (an old workbench Retrain at 0.05) sets none
    _run(store, {**book, "min_probability": 0.05})
    assert current_bar(store, "mini") == (0.5, None)
    chosen = _run(store, {**book, "min_probability": 0.7, "bar_from": "caller"})
    _run(store, {**book, "min_probability": 0.05, "bar_from": "caller"}, finished=False)
    _run(store, {"codebook": "other", "level": "unit", "min_probability": 0.2,
                 "bar_from": "caller"})  # fmt: skip
    _run(store, {"codebook": "mini", "level": "paragraph", "min_probability": 0.9,
                 "bar_from": "caller"})  # fmt: skip
    assert current_bar(store, "mini") == (0.7, chosen)
    kept = _run(store, {**book, "min_probability": 0.7, "bar_from": chosen})
    assert current_bar(store, "mini", "unit") == (0.7, kept)
    assert current_bar(store, "mini", "paragraph")[0] == 0.9
    store.close()
