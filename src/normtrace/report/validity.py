"""The case report's section on how far its codes can be trusted, and the measured error
each figure, first use and evidence item quotes (:mod:`normtrace.coding.validity`): a
passage of a speech is judged by its code's measurement on speeches, a paragraph of a
Secretary-General's report by its measurement on reports, when there is one."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normtrace.coding.counted_error import by_genre
from normtrace.coding.measured_error import OtherVersion, changed_keys
from normtrace.coding.validity import (
    GENRE_LABEL,
    MIN_LABELLED,
    MIN_POSITIVES,
    MIN_RECALL,
    CodeValidity,
)
from normtrace.report.html_parts import esc, paragraphs, table
from normtrace.report.tables import write_csv
from normtrace.trace.annotate import SPEECH_KEY
from normtrace.trace.indicators import FrameEvent
from normtrace.trace.result import TraceRun

if TYPE_CHECKING:
    from normtrace.coding.learn.validate import Validation, WithdrawnDraw


def _codes_used(inputs: TraceRun) -> list[str]:
    """Codes the report's indicators and evidence rest on, in first-use order."""
    codes = [ev.code for ev in inputs.data.frame_events]
    if inputs.trace is not None:
        codes += [u.code for item in inputs.trace.ledger.items for u in item.units if u.code]
    return list(dict.fromkeys(codes))


def validity_text(inputs: TraceRun, code: str, *, genre: str = "") -> str:
    """The code's measured error; for a passage of a speech or a report (``genre``), the
    measurement on that genre when the code has one."""
    where, v = inputs.validity.get(code, CodeValidity(code)).for_text(genre)
    return where + v.describe()


def _genre_of(inputs: TraceRun, key: str) -> str:
    """The genre of a unit the ledger cites (from the project; a speech key when it lacks it)."""
    if key in inputs.genres:
        return inputs.genres[key]
    return "speech" if SPEECH_KEY.match(key) else ""


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
                "speeches": _on_genre_text(v.speeches),
                "reports": _on_genre_text(v.reports),
                "early": _on_genre_text(v.early),
            }
        )
    write_csv(out / "data" / "code_validity.csv", rows)
    html = paragraphs(
        [
            "Every frame count, first use and evidence item below rests on coded passages. "
            "This table gives each code's measured precision and recall (95 % intervals: "
            "Wilson for a labelled set, for an estimate over a pool drawn in strata the "
            "percentiles of its posterior, widened where needed to hold the estimate, which "
            "is then said) and the number of human-labelled units behind them. The report "
            "counts coded units, so it reads the measurement at unit level: for each code, "
            "the project's newest `normtrace code validate --level unit` run that labelled "
            "units of it; else its newest paragraph-level run that did (named so in the "
            "'measured on' column: a paragraph with its sub-paragraphs is one target there); "
            "else, for the bundled default codebook, its score on the bundled labelled frames "
            "set. A run that labelled none of a code's units replaces nothing, and is named. "
            "Where that run holds the weighted estimate of a draw of the code (`normtrace code "
            "sample`) whose every unit was labelled, the code carries its weighted estimate on "
            "each genre the draw covers (the draw's units of that genre, each weighted by the "
            "inverse of its inclusion probability): 'measured on' names the draw and the units "
            "it stands for, the interval is the weighted one and 'labelled units' counts the "
            "draw's units of the genre. A draw resting on fewer than 30 units sets no bundled "
            "estimate aside (it is shown beside), and a draw not yet labelled through is named "
            "and not used. "
            f"A code with fewer than {MIN_LABELLED} labelled units, recall below "
            f"{MIN_RECALL} (for a default code, also on the pool of mandate resolutions), or "
            f"a recall resting on fewer than {MIN_POSITIVES} labelled positives is flagged "
            "unvalidated: read what rests on it as a lead, not a finding. The default "
            "codebook is also measured on the Council's speeches and on "
            "the Secretary-General's reports, where the same words do worse, and on "
            "resolutions adopted before 1999, whose wording its entries were not written on: "
            "a first use found in a speech, a report paragraph or such a resolution carries "
            "that measurement. Where the project's own validation run labelled report "
            "paragraphs (speeches) of a code, its score on them is the code's measurement on "
            "reports (speeches): the project's labels are its own reading of its own "
            "documents. It is flagged by the same rule, and the bundled measurement it "
            "replaced is shown beside it."
        ]
    )
    if inputs.data.codings.codebook:
        html += f"<p>Codings of codebook {esc(inputs.data.codings.codebook)} only.</p>"
    if inputs.data.codings.note():
        html += f'<p class="caveat">{esc(inputs.data.codings.note())}.</p>'
    if not rows:
        none = "<p><em>No coded passages in the case documents.</em></p>"
        return "validity", title, html + none + runs_html(inputs, out)
    measured = [inputs.validity.get(code, CodeValidity(code)) for code in codes]
    flagged = [c for c, v in zip(codes, measured, strict=True) if not v.validated]
    stale: dict[str, list[str]] = {}  # what changed since the run -> the codes
    for c, v in zip(codes, measured, strict=True):
        if v.stale_what is not None:
            stale.setdefault(v.stale_what, []).append(c)
    unknown = [c for c, v in zip(codes, measured, strict=True) if v.texts_unknown]
    used: dict[str, set[str]] = {g: set() for g in GENRE_LABEL}
    for ev in inputs.data.frame_events:
        if ev.genre in used:
            used[ev.genre].add(ev.code)
    if inputs.trace is not None:  # evidence resting on a speech or a report
        for item in inputs.trace.ledger.items:
            for u in item.units:
                if u.code and (g := _genre_of(inputs, u.key)) in used:
                    used[g].add(u.code)
    elsewhere = []
    for genre, label in GENRE_LABEL.items():
        weak = [
            c for c in codes if c in used[genre] and c not in flagged and _weak_on(inputs, c, genre)
        ]
        if weak:
            elsewhere.append(f"{label}: {', '.join(weak)}")
    if flagged or elsewhere:
        which = "; ".join(([", ".join(flagged)] if flagged else []) + elsewhere)
        html += (
            f'<p class="caveat">Unvalidated codes: {esc(which)}. '
            "Measure them with <code>normtrace code validate --codebook NAME</code> after "
            "coding a sample by hand.</p>"
        )
    other: dict[OtherVersion, list[str]] = {}  # measured for another version only
    for c, v in zip(codes, measured, strict=True):
        if not v.source and v.other_version is not None:
            other.setdefault(v.other_version, []).append(c)
    for note, those in other.items():
        html += (f'<p class="caveat other-version">{esc(", ".join(those))}: '
                 f"{esc(note.line())}.</p>")  # fmt: skip
    for what, those in stale.items():  # a measurement (and its flag) on labels or texts that
        # are no longer the project's
        html += (
            f'<p class="caveat stale">Measured on {what} that changed since: '
            f"{esc(', '.join(those))}. "
            f"Their figures and flags are those of the validation run named, on the {what} of "
            "then; the status column says what the run measured, what the labels are now and "
            "how many labelled texts read otherwise. Run <code>normtrace code validate</code> "
            "again before citing them.</p>"
        )
    if unknown:  # a run stored before runs recorded their texts, a text may have changed
        html += (
            '<p class="caveat texts-unknown">Measured on texts not recorded, some of which may '
            f"have changed since: {esc(', '.join(unknown))}. Whether they did is not known; the "
            "status column says so. Run <code>normtrace code validate</code> again to measure "
            "and record them.</p>"
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
        ("reports", "on reports"),
        ("early", "on resolutions before 1999"),
    ]
    return "validity", title, html + table(rows, cols) + runs_html(inputs, out)


#: the columns of a validation run's table, as `normtrace code validate` prints it
RUN_COLUMNS = [
    ("code", "code"),
    ("method", "method"),
    ("n", "labelled"),
    ("positives", "positives"),
    ("precision", "precision"),
    ("precision_95ci", "95 % CI"),
    ("recall", "recall"),
    ("recall_95ci", "95 % CI"),
    ("f1", "F1"),
    ("f1_95ci", "95 % CI"),
    ("f1_interval_method", "F1 CI by"),
    ("note", "note"),
]


def _draw_rows(run: Validation) -> list[dict[str, object]]:
    """The CSV rows of ``run``'s recorded draws labelled through: the pooled weighted estimate
    and one per genre the draw's units hold (method ``dictionary, weighted by draw N`` and
    ``..., on GENRE``), their counts weighted, ``n`` the draw's labelled units."""
    rows: list[dict[str, object]] = []
    for d in run.draw_scores:
        if not d.estimable:
            continue
        head = {"run": run.run_id, "codebook": run.codebook, "level": run.level,
                "codebook_version": run.codebook_version, "at": run.at, "code": d.code,
                "f1_interval_method": d.interval_method, "note": d.note}  # fmt: skip
        parts: list[tuple[str, Any, int]] = [(f"dictionary, weighted by draw {d.draw}", d, d.coded)]
        for g in d.by_genre:
            where = g.genre or "resolutions and other"
            parts.append((f"dictionary, weighted by draw {d.draw}, on {where}", g, g.coded))
        for method, e, n in parts:
            rows.append({**head, "method": method, "n": n, "positives": "",
                         "tp": e.tp, "fp": e.fp, "fn": e.fn, "precision": e.precision,
                         "precision_95ci": _ci_text(e.precision_low, e.precision_high),
                         "recall": e.recall, "recall_95ci": _ci_text(e.recall_low, e.recall_high),
                         "f1": e.f1, "f1_95ci": _ci_text(e.f1_low, e.f1_high)})  # fmt: skip
    return rows


def _withdrawn_line(w: WithdrawnDraw) -> str:
    """The line of a draw the run weighed and that was withdrawn since (``code
    withdraw-draw``), in place of its weighted line: the table above reads the run without it
    (:func:`~normtrace.coding.learn.validate.validations`), and so does this section."""
    d = w.score
    return (f"{d.code}, weighted by a recorded draw: draw {d.draw} ({d.level} level, seed "
            f"{d.seed}) was {w.withdrawal.said()}, since the run: it counts in no estimate, and "
            "its weighted figures are not shown.")  # fmt: skip


def runs_html(inputs: TraceRun, out: Path) -> str:
    """The project's newest ``normtrace code validate`` run of each codebook at each level as
    the command prints it, dictionary and model (what the table above takes each code's
    measurement from; written to ``data/validation_runs.csv`` too), or a line saying there is
    none and which command makes one. Beside F1's interval, how it was found
    (``f1_interval_method``: ``bootstrap``, or ``precision and recall bounds`` where F1 is 0 or
    1 and a bootstrap's interval would be a point; :class:`~normtrace.coding.learn.scores.
    CodeScore`)."""
    rows: list[dict[str, object]] = []
    parts = []
    for run in inputs.validations:
        mine = []
        for sc in run.scores:
            row: dict[str, object] = {
                "run": run.run_id, "codebook": run.codebook, "level": run.level,
                "codebook_version": run.codebook_version, "at": run.at,
                "code": sc.code, "method": sc.method, "n": sc.n, "positives": sc.positives,
                "tp": sc.tp, "fp": sc.fp, "fn": sc.fn, "precision": sc.precision,
                "precision_95ci": _ci_text(sc.precision_low, sc.precision_high),
                "recall": sc.recall, "recall_95ci": _ci_text(sc.recall_low, sc.recall_high),
                "f1": sc.f1, "f1_95ci": _ci_text(sc.f1_low, sc.f1_high),
                "f1_interval_method": sc.f1_interval_method, "note": sc.note,
                **{k: v or "" for k, v in changed_keys(
                    run.stale.get(sc.code, ""), run.changed.get(sc.code)).items()},
                "texts_unknown": run.texts_unknown.get(sc.code, ""),
            }  # fmt: skip
            rows.append(row)
            if sc.n:
                mine.append(row)
        rows += _draw_rows(run)
        unlabelled = sorted({sc.code for sc in run.scores if not sc.n})
        parts.append(
            f"<h3>Validation run {run.run_id}: {esc(run.codebook)}, {esc(run.level)} level</h3>"
            + paragraphs(
                [
                    f"{run.at}, codebook version {run.codebook_version}: each code's dictionary "
                    + (
                        "and trained model against the coders' labels (the model by k-fold "
                        "cross-validation), with 95 % intervals, as `normtrace code validate` "
                        "prints it."
                        if run.model_scored
                        else "against the coders' labels, with 95 % intervals, as `normtrace "
                        "code validate --no-model` prints it: the run measured no model."
                    )  # fmt: skip
                    + (
                        f" Codes no labelled target speaks for: {', '.join(unlabelled)}."
                        if unlabelled
                        else ""
                    )  # fmt: skip
                ]
                + [f"{code}: {note}." for code, note in run.stale.items()]
                + [f"{code}: {note}." for code, note in run.texts_unknown.items()]
                # a recorded draw (`code sample`): its weighted line, as `code validate`
                # prints it below the rows (what the table above uses once labelled through)
                + [f"{d.code}, weighted by a recorded draw: {d.line()}." for d in run.draw_scores]
                + [_withdrawn_line(w) for w in run.withdrawn_draws]
            )
            + table(mine, RUN_COLUMNS)
        )
    write_csv(out / "data" / "validation_runs.csv", rows)
    intro = "<h3>The project's validation runs</h3>" + paragraphs(
        [
            "The project has no validation run: the table above shows the bundled "
            "measurement where the default codebook's current version has one, else "
            "'never measured'. `normtrace code validate --codebook NAME --level "
            "unit|paragraph` measures your codes on your coders' labels."
            if not parts
            else "The newest run of each codebook at each level, whole. The table above "
            "takes each code's measurement by the rule it states, from the runs of the "
            "codebook version it counts with: a run of another version (named in its "
            "heading) counts there only where that version codes the same passages, and an "
            "older run that labelled a code the newest did not may be the one it reads."
        ]
    )
    return intro + "".join(parts)


def _weak_on(inputs: TraceRun, code: str, genre: str) -> bool:
    """Whether ``code`` has a measurement on ``genre`` that does not validate it."""
    where, v = inputs.validity.get(code, CodeValidity(code)).for_text(genre)
    return bool(where) and not v.validated


def _on_genre_text(there: CodeValidity | None) -> str:
    if there is None:
        return "–"
    text = f"{there.describe()} ({there.source})"
    if there.bundled is not None and there.bundled.source:  # said by describe(), here its source
        text += f" (bundled: {there.bundled.source})"
    return text


def _ci_text(low: float | None, high: float | None) -> str:
    return "–" if low is None or high is None else f"[{low:.2f}, {high:.2f}]"


def order_leads(
    inputs: TraceRun, first: Mapping[str, Mapping[str, FrameEvent]]
) -> dict[str, list[str]]:
    """For each frame (code) whose order of first uses by role is a lead, not a finding: why,
    one entry per role whose first use the code's measurement on that passage's genre does not
    hold (:meth:`CodeValidity.passage_flag`: a recall below the threshold means earlier uses
    of that role are likely missed, a low precision that the passage found may not be a use).
    Codes every role's first use of which is held are left out.

    ``first`` is :func:`normtrace.trace.indicators.frame_first_use`'s mapping (code → role →
    first event)."""
    leads: dict[str, list[str]] = {}
    for code, by_role in sorted(first.items()):
        why = []
        for role, ev in sorted(by_role.items(), key=lambda kv: kv[1].date):
            where, v = inputs.validity.get(code, CodeValidity(code)).for_text(ev.genre)
            flag = v.passage_flag()
            if flag:
                why.append(f"{role} ({where}{flag})")
        if why:
            leads[code] = why
    return leads


def judged_by(inputs: TraceRun, code: str, genre: str) -> str:
    """Which of the code's measurements judges a first use of ``genre``, and whether it holds
    the passage, in a few words (``validated``, ``on reports: unvalidated``): the frame
    timelines' table says this per row and the numbers once per code (:func:`errors_once`)."""
    where, v = inputs.validity.get(code, CodeValidity(code)).for_text(genre)
    return where + ("unvalidated" if v.passage_flag() else "validated")


def errors_once(inputs: TraceRun, first: Mapping[str, Mapping[str, FrameEvent]]) -> str:
    """The list under the frame timelines' table giving each code's measured error once: the
    measurements that judge its first uses (its own for resolutions and other documents, its
    measurement on speeches, on reports or on resolutions before 1999 for a first use of that
    genre, when it has one: :func:`~normtrace.coding.counted_error.by_genre`, the rule a
    count's measured error follows), codes whose measurements read the same (a frame's codes
    share the bundled one) named together. ``""`` without first uses."""
    said: dict[str, list[str]] = {}
    for code, by_role in sorted(first.items()):
        v = inputs.validity.get(code, CodeValidity(code))
        found = by_genre(v, (ev.genre for ev in by_role.values()))
        said.setdefault("; ".join(m.text() for m in found), []).append(code)
    if not said:
        return ""
    items = "".join(
        f"<li><strong>{esc(', '.join(codes))}</strong>: {esc(text)}</li>"
        for text, codes in said.items()
    )
    return (
        '<div class="measured-once"><p>Each code\'s measured error, as it judges the first uses '
        "above (its measurement on speeches, on reports or on resolutions before 1999 for a "
        "first use there, when it has one; the validity section gives every measurement and "
        f"its source):</p><ul>{items}</ul></div>"
    )


def order_note(inputs: TraceRun, first: Mapping[str, Mapping[str, FrameEvent]]) -> str:
    """The paragraph under the frame timelines saying which frames' order of first uses by
    role is a lead only (:func:`order_leads`), or ``""`` when every order is held."""
    leads = order_leads(inputs, first)
    if not leads:
        return ""
    listed = "; ".join(f"{esc(code)}: {esc(', '.join(why))}" for code, why in leads.items())
    return (
        '<p class="order-leads"><strong>Which role used a frame first is a lead, not a '
        f"finding, for {len(leads)} frame(s).</strong> A first use is the first passage the "
        "code found. Where the code's recall on a role's documents is below "
        f"{MIN_RECALL}, that role's earlier uses are likely missed, so its first use may come "
        "earlier than shown and the days after the Secretariat may change sign; where its "
        "precision is low, the passage shown may not be a use. Read the passages, and code "
        "the documents before the first use by hand, before stating an order: "
        f"{listed}.</p>"
    )
