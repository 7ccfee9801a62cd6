"""Report figures (matplotlib, no pyplot state): each saved as PNG and SVG, its data as CSV.

Every function takes plain rows, draws one figure and returns :class:`FigureFiles`
(``figures/<name>.png``, ``figures/<name>.svg`` and ``data/<name>.csv`` under
``out_dir``). Output is deterministic for the same rows (no dates in the SVG,
fixed hash salt).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.dates as mdates
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from normtrace.report.tables import write_csv

# Keys are rcParams names; typed loosely because matplotlib's stubs want literal keys.
_STYLE: dict[Any, Any] = {
    "svg.hashsalt": "normtrace",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_COLORS = ("#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d5a97", "#30362f")


@dataclass(frozen=True)
class FigureFiles:
    """One figure: its title and the PNG, SVG and CSV it was written to."""

    name: str
    title: str
    png: Path
    svg: Path
    csv: Path


def save_figure(
    fig: Figure, out_dir: Path, name: str, title: str, rows: Sequence[Mapping[str, Any]]
) -> FigureFiles:
    """Save ``fig`` as PNG and SVG and ``rows`` as CSV under ``out_dir``."""
    figures, data = out_dir / "figures", out_dir / "data"
    figures.mkdir(parents=True, exist_ok=True)
    png, svg = figures / f"{name}.png", figures / f"{name}.svg"
    with matplotlib.rc_context(_STYLE):
        fig.savefig(png, format="png", dpi=120, metadata={"Software": None})
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    csv = write_csv(data / f"{name}.csv", rows)
    return FigureFiles(name, title, png, svg, csv)


def _figure(width: float = 7.0, height: float = 3.2) -> Figure:
    with matplotlib.rc_context(_STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        fig.add_subplot()
    return fig


def chronology_figure(rows: Sequence[Mapping[str, Any]], out_dir: Path) -> FigureFiles:
    """Documents and meetings of the case window over time, one row per kind.

    Rows need ``date`` (ISO) and ``kind``; other columns go to the CSV only.
    """
    kinds = sorted({str(r["kind"]) for r in rows})
    fig = _figure(7.0, 0.6 + 0.45 * max(len(kinds), 1))
    ax = fig.axes[0]
    for i, kind in enumerate(kinds):
        days = [str(r["date"])[:10] for r in rows if r["kind"] == kind]
        xs = np.array(days, dtype="datetime64[D]")
        ax.scatter(xs, [i] * len(xs), s=18, color=_COLORS[i % len(_COLORS)], label=kind)
    _day_axis(ax, np.array([str(r["date"])[:10] for r in rows], dtype="datetime64[D]"))
    ax.set_yticks(range(len(kinds)), kinds)
    ax.set_ylim(-0.7, max(len(kinds), 1) - 0.3)
    ax.set_title("Case chronology")
    return save_figure(fig, out_dir, "chronology", "Case chronology", rows)


#: the narrowest date axis a figure of dated days shows (a case of one week or one day is
#: shown on a week, ticked by days, never by hours)
MIN_DAYS = 7


def _day_axis(ax: Axes, days: np.ndarray[Any, Any]) -> None:
    """Date ticks on the x axis of ``ax`` for points dated by the day (``days``,
    ``datetime64[D]``), whatever their range: at least :data:`MIN_DAYS` wide, centred on them,
    and an :class:`~matplotlib.dates.AutoDateLocator` with 3 to 8 ticks. Its default of 5 to 8
    ticks at every frequency leaves no interval it knows for some ranges (a few days: hours;
    about 40 to 60 months: months) and warns "unable to pick an appropriate interval": from 3
    ticks up, years take ranges of 3 years and more, months of 3 to 42, days of 3 to 147."""
    if days.size:
        lo, hi = days.min(), days.max()
        short = np.timedelta64(MIN_DAYS, "D") - (hi - lo)
        if short > np.timedelta64(0, "D"):
            pad = (short + np.timedelta64(1, "D")) // 2
            ax.set_xlim(lo - pad, hi + pad)
    # matplotlib.dates has no annotations for these two
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def frame_timeline_figure(rows: Sequence[Mapping[str, Any]], out_dir: Path) -> FigureFiles:
    """Uses of frames per role and year (rows ``code, role, year, uses``; a panel per frame)."""
    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        totals[str(r["code"])] += int(r["uses"])
    # at most six panels: the most used frames (the CSV keeps every frame)
    codes = sorted(sorted(totals, key=lambda c: -totals[c])[:6])
    fig = Figure(figsize=(7.0, 2.2 * max(len(codes), 1)), layout="constrained")
    with matplotlib.rc_context(_STYLE):
        # one year axis for every panel: each panel on its own range made a 2005 point read
        # as 2004 beside another panel's (a new user's misreading)
        axes = fig.subplots(max(len(codes), 1), 1, squeeze=False, sharex=True)[:, 0]
    for ax, code in zip(axes, codes, strict=False):
        series: dict[str, dict[int, int]] = defaultdict(dict)
        for r in rows:
            if r["code"] == code:
                series[str(r["role"])][int(r["year"])] = int(r["uses"])
        for i, (role, points) in enumerate(sorted(series.items())):
            years = sorted(points)
            ax.plot(
                years,
                [points[y] for y in years],
                marker="o",
                label=role,
                color=_COLORS[i % len(_COLORS)],
            )
        ax.set_title(f"Frame '{code}': uses per year by role")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(labelbottom=True)  # every panel keeps its year labels
        ax.legend(fontsize=7, frameon=False)
    return save_figure(fig, out_dir, "frame_timeline", "Frame timelines by role", rows)


def provenance_figure(shares: Mapping[str, float], out_dir: Path) -> FigureFiles:
    """Share of the key resolution's operative text by earliest source (one stacked bar)."""
    fig = _figure(7.0, 1.6)
    ax = fig.axes[0]
    left = 0.0
    rows = []
    for i, (source, share) in enumerate(sorted(shares.items(), key=lambda kv: -kv[1])):
        ax.barh([0], [share], left=left, color=_COLORS[i % len(_COLORS)], label=source)
        left += share
        rows.append({"source": source, "share_of_words": share})
    ax.set_xlim(0, 1)
    ax.set_yticks([])
    ax.set_xlabel("share of operative wording by earliest source (citations apart)")
    fig.legend(loc="outside right center", fontsize=7, frameon=False)
    title = "Provenance of the key resolution's operative text"
    return save_figure(fig, out_dir, "provenance", title, rows)


def safeguard_figure(rows: Sequence[Mapping[str, Any]], out_dir: Path) -> FigureFiles:
    """Consent / impartiality / minimal-force language per year (per 10,000 words) by group."""
    fig = _figure()
    ax = fig.axes[0]
    series: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for r in rows:
        if r.get("per_10k_words") is not None:
            series[(str(r["group"]), str(r["term"]))][int(r["year"])] = float(r["per_10k_words"])
    styles = ("-", "--", ":", "-.")
    groups = sorted({g for g, _ in series})
    terms = sorted({t for _, t in series})
    for (group, term), points in sorted(series.items()):
        years = sorted(points)
        ax.plot(
            years,
            [points[y] for y in years],
            marker="osD^v"[terms.index(term) % 5],
            markersize=4,
            linestyle=styles[groups.index(group) % len(styles)],
            color=_COLORS[terms.index(term) % len(_COLORS)],
            label=f"{term} ({group})",
        )
    ax.set_ylabel("matches per 10,000 words")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Consent, impartiality and minimal-force language over time")
    ax.legend(fontsize=7, frameon=False, ncols=2)
    public = [{k: v for k, v in r.items() if k != "keys"} for r in rows]
    return save_figure(fig, out_dir, "safeguard_language", "Safeguard language per year", public)


def posterior_figure(rows: Sequence[Mapping[str, Any]], out_dir: Path) -> FigureFiles:
    """Posterior per hypothesis with its sensitivity range, and the prior as a marker."""
    fig = _figure(7.0, 2.8)
    ax = fig.axes[0]
    names = [str(r["hypothesis"]) for r in rows]
    post = [float(r["posterior"]) for r in rows]
    low = [p - float(r["posterior_min"]) for p, r in zip(post, rows, strict=True)]
    high = [float(r["posterior_max"]) - p for p, r in zip(post, rows, strict=True)]
    ax.bar(names, post, color=_COLORS[0], yerr=[low, high], capsize=6, label="posterior")
    ax.scatter(
        names,
        [float(r["prior"]) for r in rows],
        color=_COLORS[1],
        zorder=3,
        marker="D",
        label="prior",
    )
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    ax.set_title("Posterior with sensitivity range (error bars: min-max)")
    ax.legend(frameon=False, fontsize=7)
    return save_figure(fig, out_dir, "posterior", "Posteriors with sensitivity ranges", rows)


def steps_figure(rows: Sequence[Mapping[str, Any]], out_dir: Path) -> FigureFiles:
    """The posterior of each hypothesis after each evidence item (step 0 = prior)."""
    fig = _figure()
    ax = fig.axes[0]
    by_h: dict[str, list[tuple[int, float]]] = defaultdict(list)
    labels = {0: "prior"}
    for r in rows:
        if int(r["step"]) == 1:
            by_h[str(r["hypothesis"])].append((0, float(r["prior"])))
        by_h[str(r["hypothesis"])].append((int(r["step"]), float(r["posterior"])))
        labels[int(r["step"])] = str(r["item"])
    for i, (h, points) in enumerate(sorted(by_h.items())):
        ax.plot(
            [s for s, _ in points],
            [p for _, p in points],
            marker="o",
            label=h,
            color=_COLORS[i % len(_COLORS)],
        )
    ax.set_xticks(sorted(labels), [labels[k] for k in sorted(labels)], rotation=45, ha="right")
    ax.set_ylim(0, 1)
    ax.set_title("Step-by-step updating")
    ax.legend(frameon=False, fontsize=7)
    return save_figure(fig, out_dir, "steps", "Step-by-step posteriors", rows)


def tornado_figure(
    rows: Sequence[Mapping[str, Any]], out_dir: Path, *, top: int = 12
) -> FigureFiles:
    """Tornado: the leader's posterior with each probability at its low and high end."""
    shown = [r for r in rows if r["leader_posterior_at_low"] is not None][:top]
    fig = _figure(7.0, 0.8 + 0.3 * max(len(shown), 1))
    ax = fig.axes[0]
    for i, r in enumerate(reversed(shown)):
        lo, hi = float(r["leader_posterior_at_low"]), float(r["leader_posterior_at_high"])
        color = _COLORS[1] if r["leader_changes"] else _COLORS[0]
        ax.barh([i], [hi - lo], left=[lo], color=color)
    ax.set_yticks(range(len(shown)), [f"{r['item']} / {r['hypothesis']}" for r in reversed(shown)])
    leader = rows[0]["leader"] if rows else "?"
    if rows:
        ax.axvline(float(rows[0]["leader_posterior"]), color="#333", linewidth=1, linestyle="--")
    ax.set_xlabel(f"posterior of {leader} (dashed: point estimate; red: the leader changes)")
    ax.set_title("Which probabilities drive the conclusion")
    return save_figure(fig, out_dir, "tornado", "Sensitivity tornado", rows)


def secretariat_figure(rows: Sequence[Mapping[str, Any]], out_dir: Path) -> FigureFiles:
    """Share of each renewal's new operative wording first found in an SG report (bars).

    Rows need ``resolution``, ``date``, ``share_from_secretariat`` and ``share_in_sg_report``.
    """
    fig = _figure(7.5, 3.4)
    ax = fig.axes[0]
    unheld = [bool(r.get("cited_reports_not_held")) for r in rows]
    labels = [f"{str(r['resolution']).split(' ')[0].removeprefix('S/RES/')}{'*' if u else ''}"
              f"\n{str(r['date'])[:4]}" for r, u in zip(rows, unheld, strict=True)]  # fmt: skip
    xs = np.arange(len(rows))
    first = [float(r["share_from_secretariat"] or 0) for r in rows]
    held = [float(r["share_in_sg_report"] or 0) for r in rows]
    ax.bar(xs - 0.2, first, 0.4, color=_COLORS[0], label="earliest source: an SG report")
    ax.bar(xs + 0.2, held, 0.4, color=_COLORS[2], label="stands in an earlier SG report")
    ax.set_xticks(xs, labels, fontsize=7)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of new operative words")
    ax.legend(fontsize=7, frameon=False, loc="upper left")
    if any(unheld):
        ax.set_xlabel("* cites a report this project does not hold: the share may be higher",
                      fontsize=7, color="#555555", loc="left")  # fmt: skip
    title = "New mandate wording from the Secretary-General's reports, by renewal"
    return save_figure(fig, out_dir, "secretariat_share", title, rows)
