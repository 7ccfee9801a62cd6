"""The frame timelines share one year axis: each panel on its own range let a reader take a
2005 point for 2004 beside another panel. SYNTHETIC rows."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from normtrace.report import figures as figs


def test_every_panel_shows_the_same_years(tmp_path: Path) -> None:
    rows = [
        {"code": "a", "role": "secretariat", "year": 2004, "uses": 1},
        {"code": "a", "role": "resolution", "year": 2006, "uses": 2},
        {"code": "b", "role": "secretariat", "year": 2010, "uses": 3},
        {"code": "b", "role": "resolution", "year": 2015, "uses": 1},
    ]
    seen = []
    real = figs.save_figure

    def keep(fig, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append([ax.get_xlim() for ax in fig.axes])
        return real(fig, *args, **kwargs)

    with mock.patch.object(figs, "save_figure", keep):
        figs.frame_timeline_figure(rows, tmp_path)
    (limits,) = seen
    assert len(limits) == 2 and limits[0] == limits[1]
    assert limits[0][0] <= 2004 and limits[0][1] >= 2015
