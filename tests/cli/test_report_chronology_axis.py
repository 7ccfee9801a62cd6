"""The case report's chronology figure ticks its date axis without a warning whatever the
case's range (U2, polish: ``normtrace report`` printed matplotlib's "AutoDateLocator was unable
to pick an appropriate interval" for a case of 2005-02-25 to 2008-10-14: at 5 to 8 ticks for
every frequency it knew no interval of months for 40 to 60 months, nor of hours for a few
days). The rows are SYNTHETIC dates; pytest turns any warning into an error.
"""

from __future__ import annotations

import warnings
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import pytest
from matplotlib.figure import Figure

from normtrace.report.figures import MIN_DAYS, chronology_figure


@pytest.mark.parametrize("days", [0, 1, 4, 6, 30, 400, 1327, 1500, 4000])
def test_the_chronology_ticks_any_range_without_a_warning(tmp_path: Path, days: int) -> None:
    first = date(2005, 2, 25)
    rows = [{"date": first.isoformat(), "kind": "report"},
            {"date": (first + timedelta(days=days)).isoformat(), "kind": "resolution"}]  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        files = chronology_figure(rows, tmp_path)
    assert files.png.stat().st_size > 0 and files.svg.stat().st_size > 0


def test_a_short_case_is_shown_on_a_week_by_days(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One day: the axis spans MIN_DAYS around it, ticked by days, not by hours."""
    from normtrace.report import figures

    made: list[Figure] = []
    real = figures.save_figure

    def kept(fig: Figure, *args: Any) -> figures.FigureFiles:
        made.append(fig)
        return real(fig, *args)

    monkeypatch.setattr(figures, "save_figure", kept)
    chronology_figure([{"date": "2007-10-15", "kind": "report"}], tmp_path)
    (ax,) = made[0].axes
    low, high = ax.get_xlim()
    assert high - low >= MIN_DAYS
    ticks = [mdates.num2date(t) for t in ax.get_xticks()]
    assert ticks and all((t.hour, t.minute) == (0, 0) for t in ticks)
