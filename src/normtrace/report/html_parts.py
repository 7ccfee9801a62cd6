"""Small HTML building blocks for the offline case report (every string escaped)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from normtrace.report.figures import FigureFiles

CSS = """
body{font-family:Georgia,'DejaVu Serif',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.45}
h1,h2,h3{font-family:'DejaVu Sans',Arial,sans-serif;line-height:1.2}
h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2.2rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.88rem;width:100%}
th,td{border:1px solid #ddd;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}figure img{max-width:100%;border:1px solid #eee}
figcaption{font-size:.85rem;color:#555}
.caveat{background:#fff4e0;border-left:4px solid #e08a00;padding:.6rem .9rem;margin:1rem 0}
.answer{font-size:1.1rem;background:#eef6ee;border-left:4px solid #1b9e77;padding:.6rem .9rem}
.note{background:#eef4fa;border-left:4px solid #1b6ca8;padding:.6rem .9rem;margin:1rem 0}
.manual{background:#f7e6ef;color:#7a1f4e;border-radius:3px;padding:0 .3rem;font-size:.8rem}
blockquote{margin:.4rem 0 .8rem 0;padding:.4rem .8rem;border-left:3px solid #aaa;background:#fafafa}
code,.key{font-family:'DejaVu Sans Mono',monospace;font-size:.85rem}
nav ul{columns:2;font-size:.9rem}
"""


def esc(value: Any) -> str:
    """Escape any value for HTML text or attributes."""
    return escape("" if value is None else str(value), quote=True)


def anchor(prefix: str, key: str) -> str:
    """A stable HTML id for a unit key or item id (``S/PV.6943/s004`` → ``q-S-PV-6943-s004``)."""
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")


def fmt(value: Any) -> str:
    """Numbers rounded for reading; everything else as text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    if value is None:
        return "–"
    return str(value)


def table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[tuple[str, str]],
    *,
    raw: frozenset[str] = frozenset(),
) -> str:
    """An HTML table of ``rows``; ``columns`` are (key, header); ``raw`` keys hold safe HTML."""
    if not rows:
        return "<p><em>No rows.</em></p>"
    head = "".join(f"<th>{esc(h)}</th>" for _, h in columns)
    body = "".join(
        "<tr>" + "".join(_td(r.get(k), k in raw) for k, _ in columns) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _td(value: Any, is_raw: bool) -> str:
    if is_raw:
        return f"<td>{value}</td>"
    css = ' class="num"' if isinstance(value, int | float) and not isinstance(value, bool) else ""
    return f"<td{css}>{esc(fmt(value))}</td>"


def figure(fig: FigureFiles, out_dir: Path, caption: str = "") -> str:
    """An <img> of the PNG (relative path) with links to its SVG and CSV."""
    png, svg, csv = (p.relative_to(out_dir).as_posix() for p in (fig.png, fig.svg, fig.csv))
    links = f'<a href="{esc(svg)}">SVG</a> · <a href="{esc(csv)}">data (CSV)</a>'
    text = f"{esc(caption)} " if caption else ""
    return (
        f'<figure id="{anchor("fig", fig.name)}"><img src="{esc(png)}" alt="{esc(fig.title)}">'
        f"<figcaption>{esc(fig.title)}. {text}{links}</figcaption></figure>"
    )


def paragraphs(lines: Sequence[str], css: str = "note") -> str:
    """A boxed list of sentences."""
    inner = "".join(f"<p>{esc(line)}</p>" for line in lines)
    return f'<div class="{css}">{inner}</div>' if lines else ""


def reported_speech_caveat() -> str:
    """The reported-speech detector's measured error, as the Secretariat-origin sections state
    it (:func:`~normtrace.parse.report.reported_error.measured_error`: the one record)."""
    from normtrace.parse.report.reported_error import measured_error

    return f'<p class="note">{esc(measured_error().help_paragraph())}</p>'
