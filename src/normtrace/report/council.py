"""The case report's section on the Council's own record: what the resolution credits to the
Secretariat, how the mission's tasks grew against safeguard language, how the Council voted,
and who first spoke the frames in the debate.

Each block names the observable implication it tests (hypotheses H1–H4 of the default set),
its measure and unit of count, the unit keys it rests on, and writes its table as CSV into
``data/``. An indicator the project cannot compute says why (``CaseData.unavailable``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from normtrace.report.html_parts import anchor, esc, reported_speech_caveat, table
from normtrace.report.tables import write_csv
from normtrace.trace.indicators import debate_first_use
from normtrace.trace.result import TraceRun
from normtrace.trace.rules import SECRETARIAT_SUBSTANTIAL
from normtrace.trace.shares import share_percent

#: the observable implication each indicator tests (default hypotheses, data/hypotheses)
IMPLICATIONS = {
    "sg_credit": (
        "H4 (Secretariat persuasion): the key resolution writes the Secretary-General's "
        "recommendations into the mandate and says so (endorses, decides as recommended); "
        "H1 (powerful states): it cites his reports, if at all, without adopting his proposals."
    ),
    "mandate_growth": (
        "H3 (institutional pathology): the mission's tasks grow across renewals while "
        "consent, impartiality and minimal-force language does not keep pace."
    ),
    "votes": (
        "H1 (powerful states): a mandate some powers push leaves others abstaining or "
        "opposed; H4: a persuaded Council votes together."
    ),
    "renewals": (
        "H4 (Secretariat persuasion): each renewal's new mandate wording comes from the "
        "Secretary-General's reports on the mission; H1 and H2: it comes from elsewhere."
    ),
    "debate_first_use": (
        "H1: permanent members speak the offensive-force and stabilization frames first in "
        "the debate; H4 and H3: the Secretariat's briefer does; H2: NGO briefers do."
    ),
}


def council_section(inputs: TraceRun, out: Path) -> tuple[str, str, str]:
    """The section's (id, title, html)."""
    cited = _cited(inputs)
    html = (
        "<p>Indicators read from the Council's own texts and records: the key resolution's "
        "wording, the mission's mandate resolutions, the UN Library's meeting index and, when "
        "the project holds them, the meeting records. Each names the implication it tests; "
        "the evidence ledger below weighs them with the stated likelihoods.</p>"
    )
    html += _credit(inputs, out, cited)
    html += _renewals(inputs, out, cited)
    html += _growth(inputs, out, cited)
    html += _votes(inputs, out, cited)
    html += _debate(inputs, out, cited)
    return "council", "The Council's own record", html


def _cited(inputs: TraceRun) -> set[str]:
    if inputs.trace is None:
        return set()
    return {u.key for item in inputs.trace.ledger.items for u in item.units}


def _unit(key: str, cited: set[str]) -> str:
    if key in cited:
        return f'<a href="#{anchor("q", key)}" class="key">{esc(key)}</a>'
    return f'<span class="key">{esc(key)}</span>'


def _units(keys: list[str], cited: set[str]) -> str:
    return ", ".join(_unit(k, cited) for k in dict.fromkeys(keys))


def _implication(name: str) -> str:
    return f'<p class="note"><strong>Implication tested:</strong> {esc(IMPLICATIONS[name])}</p>'


def _unavailable(inputs: TraceRun, name: str) -> str:
    reason = inputs.data.unavailable.get(name, "not computed for this case")
    return f'<p class="caveat">Not available: {esc(reason)}.</p>'


def _credit(inputs: TraceRun, out: Path, cited: set[str]) -> str:
    html = "<h3>The key resolution's own credit to the Secretariat</h3>" + _implication("sg_credit")
    summary = inputs.data.credits
    if summary is None:
        return html + _unavailable(inputs, "sg_credit")
    rows: list[dict[str, Any]] = [
        {
            "unit": _unit(c.key, cited),
            "key": c.key,
            "verb": c.verb,
            "strength": c.strength,
            "document": c.document,
            "symbols": ", ".join(c.symbols) or "–",
            "recommends": c.recommends,
            "task": c.task or "–",
            "quote": c.quote,
        }
        for c in summary.credits
    ]
    write_csv(out / "data" / "sg_credit.csv", [_without(r, "unit") for r in rows])
    html += (
        f"<p>Measure: credits (clauses crediting a Secretary-General document) in "
        f"{esc(summary.resolution)}: <strong>{len(rows)}</strong>; strongest: "
        f"<strong>{esc(summary.strongest or 'none')}</strong> (adopts &gt; welcomes &gt; "
        "notes). Grammar: normtrace.trace.credit.</p>"
    )
    if not rows:
        return html
    cols = [
        ("unit", "unit"),
        ("verb", "verb"),
        ("strength", "strength"),
        ("document", "document"),
        ("symbols", "cited symbols"),
        ("recommends", "names recommendations"),
        ("task", "task credited"),
    ]
    return html + table(rows, cols, raw=frozenset({"unit"}))


def _renewals(inputs: TraceRun, out: Path, cited: set[str]) -> str:
    html = "<h3>New wording of the mission's renewals from the Secretary-General's reports</h3>"
    html += _implication("renewals")
    found = inputs.data.renewals
    if found is None:
        return html + _unavailable(inputs, "renewal_secretariat_origin")
    rows = [
        {**r, "share": r["from_secretariat"] / r["new_words"] if r["new_words"] else None,
         "reports": ", ".join(r["reports"]) or "–"}
        for r in found.rows
    ]  # fmt: skip
    write_csv(out / "data" / "renewal_secretariat_origin.csv", rows)
    html += (
        f"<p>Measure: new operative words (not in the mission's previous resolution, nor words "
        "of a citation of a document) whose "
        "earliest source is a Secretary-General report on the mission (its predecessor or "
        f"successor included): <strong>{found.from_secretariat} of "
        f"{found.new_words}</strong> ({share_percent(found.share, SECRETARIAT_SUBSTANTIAL)}; "
        f"substantial from {SECRETARIAT_SUBSTANTIAL:.0%}; {found.from_secretariat_any_mission} "
        "in any SG report, those on other missions or naming none included) over the "
        f"{esc(found.mission)} renewals "
        "of the window that follow the key resolution and a report of the case. Paragraphs: "
        f"{_units(found.keys[:12], cited) or '–'}.</p>"
    )
    html += reported_speech_caveat()
    cols = [
        ("resolution", "renewal"),
        ("date", "adopted"),
        ("new_words", "new operative words"),
        ("from_secretariat", "first in an SG report on the mission"),
        ("share", "share"),
        ("from_secretariat_any_mission", "first in any SG report"),
        ("reports", "reports"),
    ]
    return html + table(rows, cols)


def _growth(inputs: TraceRun, out: Path, cited: set[str]) -> str:
    html = "<h3>Mandate tasks across the mission's renewals, against safeguard language</h3>"
    html += _implication("mandate_growth")
    growth = inputs.data.mandate
    if growth is None:
        return html + _unavailable(inputs, "mandate_growth")
    rows: list[dict[str, Any]] = [
        {
            "resolution": r.resolution,
            "date": r.date,
            "tasks": r.tasks,
            "restated": r.restated,
            "mandate": _units(r.mandate_keys, cited) or "– (carried forward)",
            "mandate_keys": " ".join(r.mandate_keys),
            "safeguard_units": r.safeguard_units,
            "safeguard": _units(r.safeguard_keys[:6], cited) or "–",
            "safeguard_keys": " ".join(r.safeguard_keys),
        }
        for r in growth.series
    ]
    write_csv(
        out / "data" / "mandate_growth.csv",
        [_without(_without(r, "mandate"), "safeguard") for r in rows],
    )
    by = "core-principles codings" if growth.source == "codings" else "safeguard patterns"
    html += (
        f"<p>Measures: <em>tasks</em> = leaf sub-paragraphs of the mandate paragraphs (a "
        "renewal that lists none carries the last count forward; a task given by reference to "
        "another resolution's paragraphs counts the sub-paragraphs it points at); <em>safeguard "
        "units</em> = "
        f"paragraphs and sub-paragraphs with consent, impartiality or minimal-force language "
        f"(by {esc(by)}). {esc(growth.mission)}: tasks {_signed(growth.task_change)}, "
        f"safeguard units {_signed(growth.safeguard_change)} from the first to the last "
        "restated task list.</p>"
    )
    cols = [
        ("resolution", "resolution"),
        ("date", "adopted"),
        ("tasks", "tasks"),
        ("restated", "lists its tasks"),
        ("mandate", "mandate paragraphs"),
        ("safeguard_units", "safeguard units"),
        ("safeguard", "first safeguard units"),
    ]
    return html + table(rows, cols, raw=frozenset({"mandate", "safeguard"}))


def _signed(value: int | None) -> str:
    return "–" if value is None else f"{value:+d}"


def _votes(inputs: TraceRun, out: Path, cited: set[str]) -> str:
    html = "<h3>Votes: splits and abstentions on the case's resolutions</h3>"
    html += _implication("votes")
    data = inputs.data
    rows: list[dict[str, Any]] = []
    for which, summary in (("key resolution", data.key_votes), ("other", data.agenda_votes)):
        if summary is None:
            continue
        for o in summary.outcomes:
            dissent = summary.permanent_dissent.get(o["symbol"], [])
            rows.append(
                {
                    "which": which,
                    **{k: o[k] for k in ("symbol", "meeting", "date", "vote", "split")},
                    "abstaining": ", ".join(o["abstaining"]) or "–",
                    "against": ", ".join(o["against"] + o["vetoed_by"]) or "–",
                    "permanent": ", ".join(dissent) or "–",
                    "unit": _unit(o["unit"], cited) if o.get("unit") else "–",
                    "unit_key": o.get("unit") or "",
                }
            )
    if not rows:
        return html + _unavailable(inputs, "vote_split")
    write_csv(out / "data" / "votes.csv", [_without(r, "unit") for r in rows])
    splits = [r["split"] for r in rows if r["split"] != "unknown"]
    html += (
        "<p>Measure: outcomes by vote as the UN Library's meeting index prints it (in favour"
        f"–against–abstaining): {splits.count('unanimous')} unanimous, "
        f"{splits.count('abstentions')} with abstentions, {splits.count('opposed')} opposed "
        f"of {len(splits)} with a known vote. Dissenters are named only where the project "
        "holds the meeting record or the veto list names them.</p>"
    )
    cols = [
        ("which", "outcome"),
        ("symbol", "symbol"),
        ("meeting", "meeting"),
        ("date", "date"),
        ("vote", "vote"),
        ("split", "split"),
        ("abstaining", "abstaining"),
        ("against", "against / veto"),
        ("permanent", "permanent members dissenting"),
        ("unit", "unit adopted"),
    ]
    return html + table(rows, cols, raw=frozenset({"unit"}))


def _debate(inputs: TraceRun, out: Path, cited: set[str]) -> str:
    html = "<h3>Who first spoke the frames in the debate</h3>" + _implication("debate_first_use")
    data = inputs.data
    if "debate_first_use" in data.unavailable:
        return html + _unavailable(inputs, "debate_first_use")
    until = data.adoption_date or data.case.end
    found = debate_first_use(data.frame_events, until)
    if found is None:
        return html + f'<p class="caveat">No coded speech up to {esc(until)}.</p>'
    rows = [
        {
            "category": c,
            "date": v["date"],
            "code": v["code"],
            "unit": _unit(v["key"], cited),
            "key": v["key"],
            "uses": found.uses.get(c, 0),
        }
        for c, v in sorted(found.first.items(), key=lambda kv: (kv[1]["date"], kv[1]["key"]))
    ]
    write_csv(out / "data" / "debate_first_use.csv", [_without(r, "unit") for r in rows])
    html += (
        f"<p>Measure: first coded speech per speaker category up to {esc(until)}, any code "
        "(the evidence rule counts only the frames it watches); uses = coded speeches. "
        f"First: <strong>{esc(found.leader)}</strong>.</p>"
    )
    cols = [
        ("category", "speaker category"),
        ("date", "first use"),
        ("code", "code"),
        ("unit", "speech"),
        ("uses", "coded speeches"),
    ]
    return html + table(rows, cols, raw=frozenset({"unit"}))


def _without(row: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != key}
