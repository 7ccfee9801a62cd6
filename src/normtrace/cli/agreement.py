"""``normtrace agreement``: intercoder agreement of one codebook's readings.

A thin command over :func:`normtrace.coding.human.agreement.agreement`: a code id two
codebooks share is coded for each apart, so the command compares one codebook's readings
(``--codebook``, required where the codes compared include such an id:
:func:`~normtrace.coding.human.agreement_book.agreement_codebook`), and every table, CSV and
JSON it prints names the codebook.
"""

from __future__ import annotations

import shlex
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

import click

from normtrace.cli.base import Context, echo_json, opened, pass_context
from normtrace.cli.coding import emit, format_option
from normtrace.coding.levels import LEVELS

if TYPE_CHECKING:
    from normtrace.coding.human.agreement import AgreementReport


@click.command("agreement")
@click.option("--coder", "coders", multiple=True, help="Compare these coders (default: all).")
@click.option("--code", "codes", multiple=True, help="Only these codes (default: all used).")
@click.option(
    "--codebook",
    default=None,
    metavar="NAME",
    help="Compare this codebook's readings (required when a code compared is an id several "
    "codebooks share: each codes it apart; default: the one codebook of the codes).",
)
@click.option(
    "--level", type=click.Choice(LEVELS), default="unit", show_default=True,
    help="Compare stored units, or whole paragraphs with their sub-paragraphs (the level "
    "you coded at, as train and validate read it).",
)  # fmt: skip
@click.option("--disagreements", is_flag=True, help="List the disagreements instead.")
@format_option
@pass_context
def agreement_command(ctx: Context, coders: tuple[str, ...], codes: tuple[str, ...],
                      codebook: str | None, level: str, disagreements: bool,
                      fmt: str) -> None:  # fmt: skip
    """Intercoder agreement: percent agreement, Cohen's kappa, Krippendorff's alpha.

    Of one codebook's readings, which the output names (the table's first line, each row's
    codebooks, JSON's "codebook"). A coder is compared on the codes they judged on a unit
    (paragraph), as training reads their work: the codes they coded or accepted there, those
    they rejected a candidate or suggestion of, and those their "done" marks speak for (a
    coding imported with reviewed "no" judges its own code only). The table counts each
    row's units; --format csv or json lists them. On units blind-assigned in the web
    workbench a coder's work from before their blind reading began is set aside (as on its
    agreement page) unless they re-read the unit and marked it done since; each such reading
    is named after the table (JSON: "predating"). Marks and codings on words a new version
    changed since count nowhere, so they are left out too: a note after the table says, per
    coder, how many, which units left the table because of them, and the commands that list
    them (JSON: "stale")."""
    from normtrace.coding.human.agreement import AgreementRow, Disagreement, agreement
    from normtrace.coding.human.agreement_book import agreement_codebook

    with opened(ctx) as project:
        book = agreement_codebook(project.store, codes or None, codebook)
        report = agreement(project.store, coders=coders or None, codes=codes or None,
                           codebook=book, level=level)  # fmt: skip
    if fmt == "json":
        echo_json(asdict(report))
        return
    kind: type[Any] = Disagreement if disagreements else AgreementRow
    rows = [{**asdict(r), "level": report.level}
            for r in (report.disagreements if disagreements else report.rows)]  # fmt: skip
    if fmt == "table":
        books = book or ", ".join(sorted({b for r in report.rows for b in r.codebooks})) or "-"
        at = "; level: paragraph" if report.level == "paragraph" else ""
        targets = "paragraphs" if report.level == "paragraph" else "units"
        click.echo(f"codebook: {books}{at}; coders: {', '.join(report.coders) or '-'}; "
                   f"{targets} coded by 2+: {report.units}")  # fmt: skip
        # the units behind each row are counted (its "units"), not listed: --format csv/json
        rows = [{k: v for k, v in r.items() if k not in ("unit_keys", "level")} for r in rows]
    emit(rows, fmt, columns=[f.name for f in fields(kind)] + ["level"])
    _explain_set_aside(report)
    _explain_stale(report)


#: set-aside readings named one a line; more are counted (``--format json`` lists them)
LISTED = 10


def _explain_set_aside(report: AgreementReport) -> None:
    """A note per (unit, coder) whose work agreement set aside as no blind reading."""
    aside = report.set_aside
    if len(aside) > LISTED:
        click.echo(f"note: {len(aside)} coders' readings of blind-assigned units set aside: "
                   "their work there predates their blind reading; re-read and mark done to "
                   "count it (--format json lists them under predating)", err=True)  # fmt: skip
        return
    for p in aside:
        when = f"at {p.first}" if p.first == p.last else f"from {p.first} to {p.last}"
        click.echo(f"note: {p.unit_key}, {p.coder}: work {when} predates their blind reading "
                   f"(since {p.blind_since}); re-read and mark done to count it",
                   err=True)  # fmt: skip


def _explain_stale(report: AgreementReport) -> None:
    """One note: each coder's marks and codings left out as stale (words a new version changed
    since), the units that left the table because of them, and the commands that list them."""
    from normtrace.coding.human.agreement_stale import CODINGS_COMMAND, MARKS_COMMAND

    if not report.stale:
        return
    per_coder = "; ".join(f"{w.coder} {w.marks} mark(s), {w.codings} coding(s)"
                          for w in report.stale)  # fmt: skip
    left = [(t, w.coder) for w in report.stale for t in w.left]
    targets = "paragraphs" if report.level == "paragraph" else "units"
    if not left:
        gone = f"no {targets} left the table because of it"
    elif len(left) > LISTED:
        gone = f"{len(left)} {targets} left the table because of it (--format json lists them)"
    else:
        gone = (f"{targets} that left the table because of it: "
                + ", ".join(f"{t} ({coder})" for t, coder in left))  # fmt: skip
    books = sorted({b for w in report.stale for b in w.codebooks})
    commands = [f"`{MARKS_COMMAND.format(book=shlex.quote(b))}`" for b in books]
    if any(w.codings for w in report.stale):
        commands.append(f"`{CODINGS_COMMAND}`")
    click.echo(f"note: set aside as stale (a new version changed their words since): {per_coder}; "
               f"{gone}; list them with {' and '.join(commands)}", err=True)  # fmt: skip
