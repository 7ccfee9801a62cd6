"""The self-contained case report: ``index.html`` + ``figures/*.png|svg`` + ``data/*.csv``.

The page opens offline: inline CSS, no scripts, images as files beside it, and no
external URL anywhere. Sections: the answer first (posterior ranking with sensitivity
ranges, the three evidence items that move it most with their quotes, what would change
it, what was read); what the report rests on and lacks; the measured error of every code
it rests on (flagged unvalidated when too few labelled units or low recall); case
chronology; frame timelines by role; provenance of the key resolution's operative text;
the Council's own record (credit to the Secretariat, mandate tasks against safeguards,
votes, first speakers of the frames: :mod:`normtrace.report.council`); indicators;
hypotheses; the evidence ledger with every quoted text and its unit key; inference step by
step; posteriors with sensitivity ranges. Conclusions drawn without a needed kind of
document carry the coverage caveat.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from normtrace._version import __version__
from normtrace.report import figures as figs
from normtrace.report.council import council_section
from normtrace.report.html_parts import (
    CSS,
    anchor,
    esc,
    figure,
    fmt,
    paragraphs,
    reported_speech_caveat,
    table,
)
from normtrace.report.ledger_html import LEFT_OUT_ID, ledger_section, passage_html
from normtrace.report.tables import write_csv, write_json
from normtrace.report.validity import (
    errors_once,
    judged_by,
    order_note,
    validity_section,
    validity_text,
)
from normtrace.reuse.cited import new_since
from normtrace.store.db import Store, utc_now
from normtrace.trace.indicators import Window, frame_first_use, frame_lags, frame_timeline
from normtrace.trace.result import TraceRun
from normtrace.trace.rules import SECRETARIAT_SUBSTANTIAL
from normtrace.trace.run import resolve_case, run_trace
from normtrace.trace.shares import share_percent

_POSTERIOR_COLUMNS = [
    ("hypothesis", "hypothesis"),
    ("label", "label"),
    ("prior", "prior"),
    ("posterior", "posterior"),
    ("posterior_min", "min"),
    ("posterior_max", "max"),
]
_STEP_COLUMNS = [
    ("step", "step"),
    ("item", "item"),
    ("hypothesis", "H"),
    ("prior", "before"),
    ("p_e_h", "P(E | H)"),
    ("likelihood_ratio", "LR vs rivals at this step"),
    ("posterior", "after"),
]


def report_case(
    store: Store,
    case: str,
    out_dir: str | Path,
    *,
    ledger: str | Path | None = None,
    rules: str | Path | None = None,
    hypotheses: str | Path | None = None,
    delta: float = 0.1,
    record: bool = True,
    codebook: str | None = None,
) -> Path:
    """Resolve ``case`` (bundled id or case YAML), weigh it and write its report; one call.
    ``codebook``: report on that codebook's codings only (:func:`run_trace`).

    For example ``report_case(store, "drc-2013", "out/drc", rules="default")`` writes the
    bundled DR Congo 2013 case's report into ``out/drc``.
    """
    run = run_trace(
        store,
        resolve_case(case),
        hypotheses=hypotheses,
        ledger=ledger,
        rules=rules,
        delta=delta,
        record=record,
        codebook=codebook,
    )
    return write_report(run, out_dir)


def write_report(inputs: TraceRun, out_dir: str | Path) -> Path:
    """Write the case report of ``inputs`` (from :func:`~normtrace.trace.run.run_trace`) into
    ``out_dir`` and return the path of ``index.html``.
    """
    out = Path(out_dir)
    (out / "data").mkdir(parents=True, exist_ok=True)
    sections = [
        _answer(inputs),
        _coverage(inputs),
        validity_section(inputs, out),
        _chronology(inputs, out),
        _frames(inputs, out),
        _provenance(inputs, out),
        _secretariat(inputs),
        council_section(inputs, out),
        _indicators(inputs, out),
        _hypotheses(inputs),
        ledger_section(inputs, out),
        _inference(inputs, out),
    ]
    page = _page(inputs, sections)
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def _page(inputs: TraceRun, sections: list[tuple[str, str, str]]) -> str:
    case = inputs.data.case
    nav = "".join(f'<li><a href="#{sid}">{esc(title)}</a></li>' for sid, title, _ in sections)
    body = "".join(
        f'<section id="{sid}"><h2>{esc(t)}</h2>{html}</section>' for sid, t, html in sections
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(case.title)} — normtrace case report</title><style>{CSS}</style></head>"
        f"<body><header><h1>{esc(case.title)}</h1><p>Case <code>{esc(case.id)}</code>, "
        f"{esc(case.start)} to {esc(case.end)}. Key resolution: {esc(case.key_resolution or '–')}."
        f" Generated {esc(utc_now())} by normtrace {esc(__version__)}"
        f"{_run_note(inputs.run_id)}.{_rules_note(inputs)}</p></header>"
        f"<nav><ul>{nav}</ul></nav>{body}</body></html>\n"
    )


def _run_note(run_id: int | None) -> str:
    if run_id is None:
        return " (not recorded in the project)"
    return f"; indicator values and posteriors recorded in the project as trace run {run_id}"


def _rules_note(inputs: TraceRun) -> str:
    """The evidence rules file read, by name and content hash (as the recorded run keeps it)."""
    if inputs.rules is None:
        return ""
    rules = inputs.rules
    return (
        f" Evidence rules: {esc(rules.name)} (<code>{esc(Path(rules.source).name)}</code>, "
        f"sha256 <code>{esc(rules.sha256)}</code>)."
    )


def _coverage(inputs: TraceRun) -> tuple[str, str, str]:
    cov = inputs.data.coverage
    rows = [{"doc_type": k, "documents": v} for k, v in cov.counts.items()]
    html = "<p>Documents of this case in the project, by type, within the case window:</p>"
    html += table(rows, [("doc_type", "document type"), ("documents", "documents")])
    if cov.meetings_without_record:
        html += f'<p class="caveat">{esc(cov.meetings_note())}</p>'
    if cov.missing:
        items = "".join(
            f"<li><strong>{esc(m.kind)}</strong> — needed for {esc(m.why)}. "
            f"Add them with <code>{esc(m.how_to_add)}</code>.</li>"
            for m in cov.missing
        )
        html += (
            '<div class="caveat"><p><strong>The project lacks these kinds of documents for '
            f"this case:</strong></p><ul>{items}</ul><p>{esc(cov.caveat())} Every conclusion "
            "below is labelled as drawn without them.</p></div>"
        )
    else:
        html += '<p class="note">Every needed kind of document is present for this window.</p>'
    html += (
        "<p>To add documents: <code>normtrace fetch SYMBOL</code> (e.g. a meeting record "
        "<code>S/PV.6943</code> or a report <code>S/2013/189</code>), <code>normtrace ingest "
        "PATH</code> for files you have (PDF or text), and <code>normtrace ingest-corpus DIR"
        "</code> for the UN Security Council Debates corpus; then run the report again.</p>"
    )
    return "coverage", "What this report rests on, and what it lacks", html


def _answer(inputs: TraceRun) -> tuple[str, str, str]:
    """The answer first: ranking, the three items that move it most, what would change it."""
    title = "The answer"
    trace, cov = inputs.trace, inputs.data.coverage
    docs = ", ".join(f"{n} {k}" for k, n in cov.counts.items() if n) or "no documents"
    coverage = f"Read for this case: {docs}." + (f" {cov.caveat()}" if cov.caveat() else "")
    left = (
        f'<p class="caveat">{esc(inputs.left_out_summary())} <a href="#{LEFT_OUT_ID}">See '
        "which, and why</a>.</p>"
        if inputs.left_out
        else ""
    )
    if trace is None:
        why = "; ".join(inputs.problems) or "no evidence item was given"
        return (
            "answer",
            title,
            (
                '<p class="caveat"><strong>No answer yet:</strong> no hypothesis could be weighed '
                f"({esc(why)}). The sections below say which indicators could not be computed and "
                f"which documents are missing.</p>{left}<p>{esc(coverage)}</p>"
            ),
        )
    sens = trace.sensitivity
    label = f" — {trace.hypotheses.get(sens.leader).label}"
    html = (
        f'<p class="answer"><strong>{esc(sens.leader)}{esc(label)}</strong> leads: '
        f"{esc(trace.verdict())}</p>{left}"
    )
    ranking = sorted(trace.posterior_table(), key=lambda r: -r["posterior"])
    html += table(
        [{**r, "range": f"{r['posterior_min']:.3f}–{r['posterior_max']:.3f}"} for r in ranking],
        [("hypothesis", "hypothesis"), ("label", "label"), ("prior", "prior"),
         ("posterior", "posterior"), ("range", "sensitivity range")],
    )  # fmt: skip
    items = {i.id: i for i in trace.ledger.items}
    leader = esc(sens.leader)
    html += (
        "<h3>The evidence that moves it most</h3><p>Ranked by how far each item moved "
        f"{leader}'s posterior: its posterior with every item against its posterior with that "
        "item left out (the order of the items does not matter). The sensitivity of the "
        "result to each item's stated likelihoods is another matter: see What drives the "
        "conclusion.</p><ol>"
    )
    for row in trace.movers()[:3]:
        item = items[row["item"]]
        errors = "; ".join(f"{m.code}: {m.text}" for m in item.measured)
        outside = "; ".join(o.text() for o in item.outside)
        html += (
            f'<li><a href="#{anchor("e", item.id)}">{esc(item.id)}</a> — {esc(item.description)}'
            f" (without it {leader}'s posterior would be {row['posterior_without']:.3f}, not "
            f"{row['posterior']:.3f}; likelihood ratio for {leader}: "
            f"{fmt(row['likelihood_ratio'])}){passage_html(item)}"
            + (f"<p>Measured error of its codes: {esc(errors)}</p>" if errors else "")
            + (f'<p class="caveat">Outside the case window: {esc(outside)}.</p>' if outside else "")
            + "</li>"
        )
    html += "</ol><h3>What would change the conclusion</h3>"
    flips = [b for b in sens.tornado if b.flips]
    if flips:
        html += (
            "<ul>"
            + "".join(
                f"<li>{_parameter(b.item_id, b.hypothesis)} at the other end of its stated "
                f"range [{b.low:g}, {b.high:g}] makes another hypothesis lead.</li>"
                for b in flips[:5]
            )
            + "</ul>"
        )
    else:
        html += (
            "<p>No single likelihood moved within its stated range changes the leader. "
            "New evidence, or likelihoods judged outside these ranges, would.</p>"
        )
    if cov.missing:
        html += (
            f"<p>Documents the case lacks could change it: {esc(cov.caveat())} "
            "(see the coverage section for how to add them).</p>"
        )
    return "answer", title, html + f"<p>{esc(coverage)}</p>"


def _parameter(item_id: str, hypothesis: str) -> str:
    if item_id == "prior":
        return f"The prior of {esc(hypothesis)}"
    return f"P({esc(item_id)} | {esc(hypothesis)})"


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _chronology(inputs: TraceRun, out: Path) -> tuple[str, str, str]:
    rows = inputs.data.chronology
    if not rows:
        return "chronology", "Case chronology", "<p><em>No case documents in the window.</em></p>"
    fig = figs.chronology_figure(rows, out)
    cols = [("date", "date"), ("kind", "kind"), ("symbol", "symbol"), ("title", "title")]
    return "chronology", "Case chronology", figure(fig, out) + table(rows, cols)


def _frames(inputs: TraceRun, out: Path) -> tuple[str, str, str]:
    events = inputs.data.frame_events
    title = "Frame timelines by role (first appearance and adoption)"
    if not events:
        return "frames", title, _unavailable(inputs, "frame_first_use")
    timeline = frame_timeline(events)
    rows: list[dict[str, Any]] = []
    firsts = frame_first_use(events)
    for code, first in sorted(firsts.items()):
        lags = frame_lags(first)
        for role, ev in sorted(first.items(), key=lambda kv: kv[1].date):
            rows.append(
                {
                    "code": code,
                    "role": role,
                    "first_use": ev.date,
                    "lag_days": lags.get(role),
                    "key": ev.key,
                    "link": _key_link(ev.key),
                    "measured_error": validity_text(inputs, code, genre=ev.genre),
                    "judged_by": judged_by(inputs, code, ev.genre),
                }
            )
    write_csv(out / "data" / "frame_first_use.csv",
              [_without(_without(r, "link"), "judged_by") for r in rows])  # fmt: skip
    cols = [
        ("code", "frame"),
        ("role", "role"),
        ("first_use", "first use"),
        ("lag_days", "days after the Secretariat"),
        ("link", "unit"),
        ("judged_by", "measured error (below)"),
    ]
    fig = figs.frame_timeline_figure(timeline, out)
    once = errors_once(inputs, firsts)
    note = order_note(inputs, firsts)
    html = figure(fig, out) + table(rows, cols, raw=frozenset({"link"}))
    return "frames", title, html + once + note


def _key_link(key: str) -> str:
    return f'<a href="#{anchor("q", key)}" class="key">{esc(key)}</a>'


def _without(row: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != key}


def _provenance(inputs: TraceRun, out: Path) -> tuple[str, str, str]:
    title = "Provenance of the key resolution's operative paragraphs"
    prov = inputs.data.provenance
    if prov is None:
        return "provenance", title, _unavailable(inputs, "provenance_shares")
    fig = figs.provenance_figure(prov.shares, out)
    rows = [
        {"source": k, "share": v, "paragraphs": prov.by_paragraphs.get(k, 0)}
        for k, v in prov.shares.items()
    ]
    cols = [
        ("source", "earliest source"),
        ("share", "share of operative wording (citations apart)"),
        ("paragraphs", "paragraphs (majority source)"),
    ]
    return "provenance", title, figure(fig, out) + table(rows, cols)


def _secretariat(inputs: TraceRun) -> tuple[str, str, str]:
    title = "New mandate wording from the Secretary-General's reports"
    found = inputs.data.secretariat
    if found is None:
        html = _unavailable(inputs, "secretariat_origin")
        if inputs.data.renewals is not None:  # the reports precede the mission's renewals
            html += (
                "<p>The new wording of the mission's renewals, which the project's reports "
                "precede, is traced below (The Council's own record: New wording of the "
                "mission's renewals from the Secretary-General's reports).</p>"
            )
        return "secretariat", title, html
    html = (
        f"<p>{found.new_words} of {found.words} operative words of "
        f"{esc(found.resolution)} are new {esc(new_since(found.previous))} "
        f"(mission {esc(found.mission or '–')}; {found.citations} of the {found.words} are "
        "words of citations of documents, carried or not, in no share). The earliest source of "
        f"{found.from_secretariat} "
        f"of them ({share_percent(found.share, SECRETARIAT_SUBSTANTIAL)}; substantial from "
        f"{SECRETARIAT_SUBSTANTIAL:.0%}) is a Secretary-General report, {found.flagged} in its "
        f"observations or recommendations; {found.in_report} "
        f"({share_percent(found.report_share, SECRETARIAT_SUBSTANTIAL)}) stand in an earlier "
        "report.</p>"
    )
    html += reported_speech_caveat()
    rows = [
        {
            "target": f'<span class="key">{esc(p.target)}</span>',
            "source": f'<span class="key">{esc(p.source)}</span>',
            "section": esc(p.section or "–") + (f" <b>[{esc(p.flag)}]</b>" if p.flag else ""),
            "lag": p.lag_days,
            "words": p.words,
            "earliest": p.earliest_words,
            "via": ", ".join(p.via) or "–",
            "quote": p.source_marked,
        }
        for p in found.passages
    ]
    cols = [
        ("target", "resolution paragraph"),
        ("source", "report paragraph"),
        ("section", "section"),
        ("lag", "lag (days)"),
        ("words", "new words its own link aligns"),
        ("earliest", "new words credited to it (their earliest source)"),
        ("via", "credited through"),
        ("quote", "report wording (verbatim; the words credited to it in «…»; … words left out)"),
    ]
    raw = frozenset({"target", "source", "section"})
    return "secretariat", title, html + (table(rows, cols, raw=raw) if rows else "")


def _indicators(inputs: TraceRun, out: Path) -> tuple[str, str, str]:
    data = inputs.data
    html = "<h3>Safeguard language over time</h3>"
    if data.safeguard:
        fig = figs.safeguard_figure(data.safeguard, out)
        html += figure(fig, out, "Regular expressions in normtrace.trace.indicators.")
    else:
        html += _unavailable(inputs, "safeguard_language")
    html += "<h3>States citing the Secretary-General's assessment</h3>"
    rate = data.sg_citation
    if rate is not None:
        html += (
            f"<p>{rate.numerator} of {rate.denominator} endorsing state speeches "
            f"({fmt(rate.rate)}).</p>"
        )
        html += _key_list(rate.keys)
    else:
        html += _unavailable(inputs, "sg_citation_rate")
    html += "<h3>Persuasion markers before and after Secretariat briefings</h3>"
    pers = data.persuasion
    if pers is not None:
        rows = [_window_row("before", pers.before), _window_row("after", pers.after)]
        cols = [
            ("side", "side"),
            ("speeches", "state speeches"),
            ("with_marker", "with marker"),
            ("markers", "markers"),
            ("per_1000_words", "per 1,000 words"),
        ]
        html += table(rows, cols) + _key_list(pers.after.keys + pers.before.keys)
    else:
        html += _unavailable(inputs, "persuasion_markers")
    return "indicators", "Indicators", html


def _window_row(side: str, window: Window) -> dict[str, Any]:
    return {"side": side, **window.to_json(), "per_1000_words": window.per_1000_words}


def _key_list(keys: list[str]) -> str:
    if not keys:
        return ""
    return "<p>Units: " + ", ".join(f'<span class="key">{esc(k)}</span>' for k in keys) + "</p>"


def _unavailable(inputs: TraceRun, name: str) -> str:
    reason = inputs.data.unavailable.get(name, "not computed for this case")
    return f'<p class="caveat">Not available: {esc(reason)}.</p>'


def _hypotheses(inputs: TraceRun) -> tuple[str, str, str]:
    hs = inputs.hypotheses
    html = f"<p>{esc(hs.description)} (set <code>{esc(hs.name)}</code>)</p>"
    for h in hs.hypotheses:
        impl = "".join(f"<li>{esc(i)}</li>" for i in h.implications)
        html += (
            f'<h3 id="{anchor("h", h.id)}">{esc(h.id)} — {esc(h.label)} (prior {h.prior:g})</h3>'
            f"<p>{esc(h.statement)}</p><p>Observable implications:</p><ul>{impl}</ul>"
        )
    return "hypotheses", "Rival hypotheses", html


def _inference(inputs: TraceRun, out: Path) -> tuple[str, str, str]:
    trace = inputs.trace
    title = "Inference: posteriors with sensitivity ranges"
    if trace is None:
        return "inference", title, "<p><em>No ledger, no inference.</em></p>"
    caveat = inputs.data.coverage.caveat()
    sens = trace.sensitivity
    post = trace.posterior_table()
    steps, tornado = trace.steps_table(), trace.tornado_table()
    for name, rows in (("posterior", post), ("steps", steps), ("tornado", tornado)):
        write_csv(out / "data" / f"{name}_table.csv", rows)
    write_json(
        out / "data" / "trace.json", {"posterior": post, "steps": steps, "notes": trace.notes()}
    )
    verdict = trace.verdict()
    html = paragraphs([verdict] + ([caveat] if caveat else []), "caveat" if caveat else "note")
    html += paragraphs(trace.notes())
    html += figure(figs.posterior_figure(post, out), out) + table(post, _POSTERIOR_COLUMNS)
    html += "<h3>Step by step</h3>" + figure(figs.steps_figure(steps, out), out)
    html += table(steps, _STEP_COLUMNS)
    drivers = ", ".join(f"{i} ({s:.3f})" for i, s in sens.drivers())
    html += (
        "<h3>What drives the conclusion</h3><p>Items by the largest swing of the leader's "
        "posterior when one of their probabilities moves within its stated range (how "
        f"sensitive the result is to the stated likelihoods, not how far the evidence moved "
        f"it): {esc(drivers)}.</p>"
    )
    if tornado:
        html += figure(figs.tornado_figure(tornado, out), out)
    return "inference", title, html
