"""``normtrace trace CASE`` and ``normtrace report CASE -o DIR``."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import click

from normtrace.cli.base import Context, echo_json, json_option, opened, pass_context

if TYPE_CHECKING:  # the trace library is imported by the commands, when they run
    from normtrace.trace.result import TraceRun

_ledger = click.option(
    "--ledger",
    type=click.Path(exists=True, dir_okay=False),
    help="Evidence ledger (YAML) to weigh instead of one derived by the evidence rules.",
)
_rules = click.option(
    "--rules",
    help="Evidence rules that derive the ledger from the indicators: 'default' (the bundled "
    "rules, stated assumptions; used when no --ledger is given) or a rules YAML file.",
)
_hypotheses = click.option(
    "--hypotheses",
    type=click.Path(exists=True, dir_okay=False),
    help="Hypothesis set (YAML); default: the bundled H1-H4.",
)
_codebook = click.option(
    "--codebook",
    metavar="NAME",
    help="Read this codebook's codings only, with its measured error (default: a code id two "
    "codebooks share is read from the first registered; the other's are counted as left out).",
)
_delta = click.option(
    "--delta",
    type=click.FloatRange(0, 1),
    default=0.1,
    show_default=True,
    help="Sensitivity: vary each probability by ± this much unless the ledger states a range.",
)


@click.command("trace")
@click.argument("case")
@_ledger
@_rules
@_hypotheses
@_delta
@_codebook
@click.option(
    "--record", is_flag=True, help="Store the indicator values and posteriors under a new run."
)
@click.option(
    "--save-ledger",
    type=click.Path(dir_okay=False),
    help="Write the weighed ledger (e.g. one derived by --rules, quotes filled in) as YAML "
    "to edit and reuse with --ledger.",
)
@json_option
@pass_context
def trace_command(
    ctx: Context,
    case: str,
    ledger: str | None,
    rules: str | None,
    hypotheses: str | None,
    delta: float,
    codebook: str | None,
    record: bool,
    save_ledger: str | None,
    as_json: bool,
) -> None:
    """Print the evidence table and posteriors of CASE (a case id or case YAML file).

    Without --ledger or --rules the bundled default evidence rules derive the ledger. An item
    whose pointer to the text is broken (it cites no unit, a unit the project does not hold,
    or a quote that is not the unit's stored text) is left out of the posterior: a 'left out'
    line says why and what to do, and the command exits with status 1. A corroborating item
    with a broken pointer is named on a 'left out' line too, as not weighed in any case (no
    posterior changes), and the status is 1 as well: a broken pointer is bad input.
    """
    from normtrace.trace.run import resolve_case, run_trace

    window = resolve_case(case)
    if ledger is None and rules is None:
        rules = "default"
    with opened(ctx) as project:
        run = run_trace(
            project.store,
            window,
            hypotheses=hypotheses,
            ledger=ledger,
            rules=rules,
            delta=delta,
            record=record,
            codebook=codebook,
        )
    if save_ledger:
        click.echo(f"ledger written to {_save_ledger(run, save_ledger)}", err=True)
    if as_json:
        echo_json(_as_json(run))
        if run.left_out:
            click.echo(f"left out: {run.left_out_summary()}", err=True)
    else:
        for line in _lines(run):
            click.echo(line)
    if run.left_out:
        sys.exit(1)


@click.command("report")
@click.argument("case")
@click.option(
    "-o", "--out", "out", required=True, type=click.Path(file_okay=False), help="Output folder."
)
@_ledger
@_rules
@_hypotheses
@_delta
@_codebook
@click.option(
    "--record/--no-record",
    default=True,
    show_default=True,
    help="Store the indicator values and posteriors under a new run (named in the report).",
)
@pass_context
def report_command(
    ctx: Context,
    case: str,
    out: str,
    ledger: str | None,
    rules: str | None,
    hypotheses: str | None,
    delta: float,
    codebook: str | None,
    record: bool,
) -> None:
    """Write the offline HTML case report of CASE (index.html, figures/, data/) to OUT.

    Without --ledger or --rules the bundled default evidence rules derive the ledger. Items
    left out of the posterior (a broken pointer to the text, as `normtrace trace` says) are
    listed in the report and data/left_out.csv, and the command exits with status 1; so are
    corroborating items with a broken pointer, named as not weighed in any case.
    """
    from normtrace.report.html import write_report  # matplotlib: imported only when used
    from normtrace.trace.run import resolve_case, run_trace

    window = resolve_case(case)
    if ledger is None and rules is None:
        rules = "default"
    with opened(ctx) as project:
        run = run_trace(
            project.store,
            window,
            hypotheses=hypotheses,
            ledger=ledger,
            rules=rules,
            delta=delta,
            record=record,
            codebook=codebook,
        )
        index = write_report(run, out)
    click.echo(str(index))
    if run.left_out:
        click.echo(f"left out: {run.left_out_summary()}", err=True)
        sys.exit(1)


def _save_ledger(run: TraceRun, path: str) -> str:
    """Write the ledger, every item given (quotes filled in where they hold), items left out
    of the posterior named with why in comments on top; an empty one (with the reasons as
    comments) when there is no item."""
    from normtrace.trace.ledger import Ledger
    from normtrace.trace.ledger import save_ledger as write_ledger

    if run.ledger is not None and run.ledger.items:
        comment = ""
        if run.left_out:
            comment = "\n".join(
                [f"normtrace: {run.left_out_summary()}", *(f"- {lo.line()}" for lo in run.left_out)]
            )
        return str(write_ledger(run.ledger, path, comment=comment))
    reasons = "\n".join(f"- {p}" for p in run.problems) or "- no evidence item was given"
    comment = (
        f"normtrace: no evidence item for case {run.data.case.id}, so this ledger is empty.\n"
        f"Why:\n{reasons}\n"
        "Add items by hand (see normtrace.trace.ledger for the format) or make the indicators "
        "computable (the report's coverage section says what is missing)."
    )
    return str(write_ledger(Ledger(run.data.case.id, ()), path, comment=comment))


def _as_json(run: TraceRun) -> dict[str, Any]:
    data = run.data
    out: dict[str, Any] = {
        "case": asdict(data.case),
        "coverage": asdict(data.coverage),
        "caveat": data.coverage.caveat(),
        "unavailable": data.unavailable,
        "problems": list(run.problems),
        "left_out": [lo.to_json() for lo in run.left_out],
        "left_out_summary": run.left_out_summary(),
        "run_id": run.run_id,
        "codings": data.codings.to_dict(),
        "rules": None
        if run.rules is None
        else {"name": run.rules.name, "file": run.rules.source, "sha256": run.rules.sha256},
    }
    if run.trace is not None:
        out.update(
            evidence=run.trace.evidence_table(),
            steps=run.trace.steps_table(),
            posterior=run.trace.posterior_table(),
            tornado=run.trace.tornado_table(),
            notes=run.trace.notes(),
            verdict=run.trace.verdict(),
            movers=run.trace.movers(),
            corroborating=[
                {
                    "item": c.id,
                    "corroborates": c.corroborates,
                    "why": c.why,
                    "units": " ".join(u.key for u in c.units),
                    "measured_error": [m.to_json() for m in c.measured],
                    "outside_window": [o.text() for o in c.outside],
                }
                for c in run.trace.ledger.corroborating
            ],
        )
    return out


def _lines(run: TraceRun) -> list[str]:
    data, case = run.data, run.data.case
    lines = [f"case {case.id}: {case.title} ({case.start} to {case.end})"]
    counts = ", ".join(f"{k} {v}" for k, v in data.coverage.counts.items()) or "none"
    lines.append(f"documents in the window: {counts}")
    lines += [f"lacking: {m.kind} (add: {m.how_to_add})" for m in data.coverage.missing]
    if data.coverage.meetings_note():
        lines.append(f"lacking: {data.coverage.meetings_note()}")
    lines += [f"not available: {k}: {v}" for k, v in sorted(data.unavailable.items())]
    lines += [f"problem: {p}" for p in run.problems]
    lines += [f"left out: {lo.line()}" for lo in run.left_out]
    if run.rules is not None:
        lines.append(f"evidence rules: {run.rules.identity()}")
    if data.codings.codebook:
        lines.append(f"codings of codebook {data.codings.codebook} only")
    if data.codings.note():
        lines.append(f"note: {data.codings.note()}")
    if run.trace is None:
        lines.append(
            f"no posteriors: {run.left_out_summary()}"
            if run.left_out
            else "no posteriors: give an evidence ledger (--ledger FILE) or rules (--rules)"
        )
        return lines
    lines.append("")
    lines.append("item  hyp  P(E|H)  P(E|~H)  LR       test type")
    for r in run.trace.evidence_table():
        lr = r["likelihood_ratio"]
        lr_text = lr if isinstance(lr, str) else f"{lr:.3f}"
        lines.append(
            f"{r['item']:<5} {r['hypothesis']:<4} {r['p_e_h']:<7.3f} {r['p_e_not_h']:<8.3f} "
            f"{lr_text:<8} {r['test_type']}"
        )
    from normtrace.trace.annotate import item_lines

    for item in (*run.trace.ledger.items, *run.trace.ledger.corroborating):
        lines += item_lines(item)
    lines.append("")
    lines.append("hyp  prior  posterior  [min, max]")
    for r in run.trace.posterior_table():
        lines.append(
            f"{r['hypothesis']:<4} {r['prior']:<6.3f} {r['posterior']:<10.3f} "
            f"[{r['posterior_min']:.3f}, {r['posterior_max']:.3f}]"
        )
    lines.append(run.trace.verdict())
    if run.left_out:
        lines.append(f"left out: {run.left_out_summary()}")
    lines += ["", *run.trace.notes()]
    if data.coverage.caveat():
        lines.append(data.coverage.caveat())
    return lines
