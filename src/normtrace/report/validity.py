"""The case report's section on how far its codes can be trusted, and the measured error
each figure, first use and evidence item quotes (:mod:`normtrace.coding.validity`): a
passage of a speech is judged by its code's measurement on speeches, when there is one."""

from __future__ import annotations

import re
from pathlib import Path

from normtrace.coding.validity import MIN_LABELLED, MIN_RECALL, CodeValidity
from normtrace.report.html_parts import esc, paragraphs, table
from normtrace.report.tables import write_csv
from normtrace.trace.ledger import EvidenceItem
from normtrace.trace.result import TraceRun

#: a speech's key: ``S/PV.8703/s016`` (a corpus speech) or ``S/PV.8703/s002/p03`` (a paragraph
#: of a speech in a verbatim record)
SPEECH_KEY = re.compile(r"^S/PV\.[^/]+/s\d+(/|$)")


def _codes_used(inputs: TraceRun) -> list[str]:
    """Codes the report's indicators and evidence rest on, in first-use order."""
    codes = [ev.code for ev in inputs.data.frame_events]
    if inputs.trace is not None:
        codes += [u.code for item in inputs.trace.ledger.items for u in item.units if u.code]
    return list(dict.fromkeys(codes))


def validity_text(inputs: TraceRun, code: str, *, speech: bool = False) -> str:
    """The code's measured error; for a passage of a speech (``speech``), the measurement on
    speeches when the code has one."""
    where, v = inputs.validity.get(code, CodeValidity(code)).for_text(speech)
    return where + v.describe()


def item_errors(inputs: TraceRun, item: EvidenceItem) -> list[tuple[str, str]]:
    """``(code, measured error)`` for each code an evidence item's units carry, judged on
    speeches when any unit carrying the code is a speech."""
    speech: dict[str, bool] = {}
    for u in item.units:
        if u.code:
            speech[u.code] = speech.get(u.code, False) or bool(SPEECH_KEY.match(u.key))
    return [(c, validity_text(inputs, c, speech=s)) for c, s in speech.items()]


def validity_section(inputs: TraceRun, out: Path) -> tuple[str, str, str]:
    title = "How far the codes can be trusted"
    codes = _codes_used(inputs)
    rows = []
    for code in codes:
        v = inputs.validity.get(code, CodeValidity(code))
        rows.append(
            {
                "code": code,
                "precision": v.precision,
                "precision_95ci": _ci_text(v.precision_low, v.precision_high),
                "recall": v.recall,
                "recall_95ci": _ci_text(v.recall_low, v.recall_high),
                "n": v.n if v.source else None,
                "status": v.status(),
                "source": v.source or "–",
                "speeches": _on_speeches_text(v),
            }
        )
    write_csv(out / "data" / "code_validity.csv", rows)
    html = paragraphs(
        [
            "Every frame count, first use and evidence item below rests on coded passages. "
            "This table gives each code's measured precision and recall (95 % intervals: "
            "Wilson for a labelled set, for an estimate over a pool drawn in strata the "
            "percentiles of its posterior, widened to hold the estimate) and the number of "
            "human-labelled units behind them: from the "
            "project's latest `normtrace code validate` run of its codebook, else, for the "
            "bundled default codebook, from its score on the bundled labelled frames set. "
            f"A code with fewer than {MIN_LABELLED} labelled units or recall below "
            f"{MIN_RECALL} is flagged unvalidated: read what rests on it as a lead, not a "
            "finding. The default codebook is also measured on the Council's speeches, where "
            "the same words do worse: a first use found in a speech carries that measurement."
        ]
    )
    if not rows:
        return "validity", title, html + "<p><em>No coded passages in the case documents.</em></p>"
    flagged = [str(r["code"]) for r in rows if r["status"] != "validated"]
    in_speeches = {ev.code for ev in inputs.data.frame_events if ev.speech}
    if inputs.trace is not None:  # evidence resting on a speech
        in_speeches |= {u.code for item in inputs.trace.ledger.items for u in item.units
                        if u.code and SPEECH_KEY.match(u.key)}  # fmt: skip
    on_speeches = [
        c for c in codes
        if c in in_speeches and c not in flagged
        and (there := inputs.validity.get(c, CodeValidity(c)).speeches) is not None
        and not there.validated
    ]  # fmt: skip
    if flagged or on_speeches:
        which = ", ".join(flagged)
        if on_speeches:
            which += ("; " if which else "") + f"on speeches: {', '.join(on_speeches)}"
        html += (
            f'<p class="caveat">Unvalidated codes: {esc(which)}. '
            "Measure them with <code>normtrace code validate --codebook NAME</code> after "
            "coding a sample by hand.</p>"
        )
    cols = [
        ("code", "code"),
        ("precision", "precision"),
        ("precision_95ci", "95 % CI"),
        ("recall", "recall"),
        ("recall_95ci", "95 % CI"),
        ("n", "labelled units"),
        ("status", "status"),
        ("source", "measured on"),
        ("speeches", "on speeches"),
    ]
    return "validity", title, html + table(rows, cols)


def _on_speeches_text(v: CodeValidity) -> str:
    there = v.speeches
    if there is None:
        return "–"
    return f"{there.describe()} ({there.source})"


def _ci_text(low: float | None, high: float | None) -> str:
    return "–" if low is None or high is None else f"[{low:.2f}, {high:.2f}]"
