"""The case report's evidence ledger: each weighed item with every unit and passage it cites,
each corroborating item with its own, every quoted passage under its unit key, and the items
left out because a pointer to the text is broken (:mod:`normtrace.trace.pointers`: a weighed
item left out of the posterior, a corroborating one named as not weighed in any case), each
on the line ``normtrace trace`` prints, with what to do.

A passage is shown as the ledger cites it: an item citing two spans of one unit shows both,
and no pointer is dropped from a list.
"""

from __future__ import annotations

import json
from pathlib import Path

from normtrace.report.html_parts import anchor, esc, paragraphs, table
from normtrace.report.tables import write_csv
from normtrace.trace.case import CaseTrace
from normtrace.trace.ledger import EvidenceItem, UnitRef
from normtrace.trace.result import TraceRun

#: the id of the left-out list in the ledger section (linked from the answer)
LEFT_OUT_ID = "left-out"


def ledger_section(inputs: TraceRun, out: Path) -> tuple[str, str, str]:
    """``("ledger", title, html)``; writes ``data/evidence.csv`` (and ``data/left_out.csv``
    when an item was left out)."""
    trace = inputs.trace
    title = "Evidence ledger"
    html = paragraphs([f"Note: {p}" for p in inputs.problems], "caveat")
    html += left_out_html(inputs, out)
    if trace is None:
        if not inputs.left_out:
            html += (
                '<p class="caveat">No evidence ledger was given, so no hypothesis is weighed. '
                "Write one (YAML, see normtrace.trace.ledger) and run <code>normtrace report "
                "CASE --ledger FILE -o DIR</code>.</p>"
            )
        return "ledger", title, html
    write_csv(out / "data" / "evidence.csv", trace.evidence_table())
    if trace.ledger.derived:
        html += (
            '<p class="caveat">These items were derived from the indicators by the evidence '
            f"rules in <code>{esc(Path(trace.ledger.source).name)}</code>. Their likelihoods "
            "are the rules file's stated assumptions, not findings; copy the file, put your "
            "own judgments in it and pass it with <code>--rules FILE</code>.</p>"
        )
    for item in trace.ledger.items:
        html += _item_html(item, trace, inputs)
    for item in trace.ledger.corroborating:
        html += _corroborating_html(item)
    html += "<h3>Quoted text</h3>" + quotes_html(trace)
    return "ledger", title, html


def left_out_html(inputs: TraceRun, out: Path) -> str:
    """The items left out, each with its line as ``normtrace trace`` prints it (what, where,
    what to do); their quotes are not shown as text. ``""`` when none."""
    if not inputs.left_out:
        return ""
    rows = [lo.to_json() for lo in inputs.left_out]
    write_csv(out / "data" / "left_out.csv", [{k: r[k] for k in ("item", "where", "reason")}
                                             for r in rows])  # fmt: skip
    given = {i.id: i for i in inputs.ledger.items} if inputs.ledger is not None else {}
    entries = "".join(
        f'<li id="{anchor("e", lo.item)}"><strong>{esc(lo.item)}</strong>'
        + (f" — {esc(given[lo.item].description)}" if lo.item in given else "")
        + f"<br>{esc(lo.line())}</li>"
        for lo in inputs.left_out
    )
    return (
        f'<div class="caveat" id="{LEFT_OUT_ID}"><p><strong>Left out:</strong> '
        f"{esc(inputs.left_out_summary())} No number below rests on them; their quotes are "
        f"not shown as the units' text.</p><ul>{entries}</ul></div>"
    )


def passage_html(item: EvidenceItem, clip: int = 300) -> str:
    """The first passage an item quotes, with its unit key, and how many more it cites and
    where they are listed (the answer's short form of the item)."""
    quoted = [u for u in item.units if u.quote]
    if not quoted:
        return "<p><em>(no quoted text)</em></p>"
    first = quoted[0]
    text = " ".join((first.quote or "").split())
    text = text if len(text) <= clip else text[: clip - 1] + "…"
    html = f"<blockquote>{esc(text)} — {_unit_link(first)}</blockquote>"
    more = len(item.units) - 1
    if more:
        html += (
            f'<p>and {more} more cited passage(s): see <a href="#{anchor("e", item.id)}">'
            f"{esc(item.id)} in the evidence ledger</a>.</p>"
        )
    return html


def quotes_html(trace: CaseTrace) -> str:
    """Every passage the weighed and the corroborating items quote, under its unit key (the
    anchor every link to the unit points at): each distinct span (or the whole unit) once,
    with the items citing it."""
    seen: dict[str, dict[tuple[int | None, int | None, str | None], list[str]]] = {}
    for item in (*trace.ledger.items, *trace.ledger.corroborating):
        for u in item.units:
            ids = seen.setdefault(u.key, {}).setdefault((u.start, u.end, u.quote), [])
            if item.id not in ids:
                ids.append(item.id)
    parts = []
    for key, passages in seen.items():
        citing = dict.fromkeys(i for ids in passages.values() for i in ids)
        used = ", ".join(f'<a href="#{anchor("e", i)}">{esc(i)}</a>' for i in citing)
        html = (
            f'<div id="{anchor("q", key)}"><p><span class="key">{esc(key)}</span> — '
            f"cited by {used}"
            + (f" ({len(passages)} passages)" if len(passages) > 1 else "")
            + "</p>"
        )
        for (start, end, quote), ids in passages.items():
            where = f"characters {start}–{end}" if start is not None else "the unit"
            by = ", ".join(ids)
            head = f"<p>{esc(where)}, cited by {esc(by)}:</p>" if len(passages) > 1 else ""
            text = esc(quote) if quote else "<em>(text not in the project: add the document)</em>"
            html += f"{head}<blockquote>{text}</blockquote>"
        parts.append(html + "</div>")
    return "".join(parts)


def _unit_link(u: UnitRef) -> str:
    span = f" [{u.start}:{u.end}]" if u.start is not None else ""
    return f'<a href="#{anchor("q", u.key)}" class="key">{esc(u.key)}{esc(span)}</a>'


def _item_html(item: EvidenceItem, trace: CaseTrace, inputs: TraceRun) -> str:
    badge = ' <span class="manual">manual</span>' if item.is_manual else ""
    refs = ", ".join(_unit_link(u) for u in item.units)
    inds = "; ".join(
        f"{esc(i.name)} = <code>{esc(json.dumps(i.value, ensure_ascii=False))}</code>"
        for i in item.indicators
    )
    rows = [
        {
            "h": h,
            "p": lk.p,
            "range": _range(lk.low, lk.high),
            "type": trace.test_types[item.id][h].label,
            "why": lk.justification,
        }
        for h, lk in item.likelihoods.items()
    ]
    cols = [
        ("h", "hypothesis"),
        ("p", "P(E | H)"),
        ("range", "stated range"),
        ("type", "test type (derived)"),
        ("why", "justification"),
    ]
    count = f" ({len(item.units)} cited)" if len(item.units) > 1 else ""
    return (
        f'<h3 id="{anchor("e", item.id)}">{esc(item.id)} ({esc(item.kind)}){badge}</h3>'
        f"<p>{esc(item.description)}</p>"
        + (f"<p>Texts{count}: {refs}</p>" if refs else "<p><em>No unit keys.</em></p>")
        + (f"<p>Indicators: {inds}</p>" if inds else "")
        + _flags_html(item)
        + table(rows, cols)
    )


def _flags_html(item: EvidenceItem) -> str:
    """The measured error of the codes an item rests on, and its units outside the case
    window (computed once by :mod:`normtrace.trace.annotate`)."""
    errors = "; ".join(f"<code>{esc(m.code)}</code>: {esc(m.text)}" for m in item.measured)
    outside = "; ".join(esc(o.text()) for o in item.outside)
    return (f"<p>Measured error of its codes: {errors}</p>" if errors else "") + (
        f'<p class="caveat">Cites units outside the case window: {outside}. Weighed as '
        "given: say why it bears on this case, or leave it out.</p>"
        if outside
        else ""
    )


def _corroborating_html(item: EvidenceItem) -> str:
    """An item listed beside the one it restates, not weighed."""
    refs = ", ".join(_unit_link(u) for u in item.units)
    return (
        f'<h3 id="{anchor("e", item.id)}">{esc(item.id)} ({esc(item.kind)}), corroborates '
        f'<a href="#{anchor("e", item.corroborates)}">{esc(item.corroborates)}</a>: not '
        f'weighed</h3><p>{esc(item.description)}</p><p class="caveat">{esc(item.why)}.</p>'
        + (f"<p>Texts: {refs}</p>" if refs else "")
        + _flags_html(item)
    )


def _range(low: float | None, high: float | None) -> str:
    return "default ±delta" if low is None or high is None else f"[{low:g}, {high:g}]"
