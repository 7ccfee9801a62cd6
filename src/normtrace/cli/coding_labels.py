"""``normtrace code labels``: the human labels training and validation read, with why.

A thin command over :func:`normtrace.coding.learn.label_table.label_rows`, imported when it
runs; registered on the ``code`` group.
"""

from __future__ import annotations

import click

from normtrace.cli.base import Context, opened, pass_context
from normtrace.cli.coding import emit, format_option
from normtrace.coding.levels import LEVELS


@click.command("labels")
@click.option("--codebook", required=True, help="A project codebook's name.")
@click.option(
    "--level", type=click.Choice(LEVELS), default="unit", show_default=True,
    help="Label stored units, or whole paragraphs with their sub-paragraphs.",
)  # fmt: skip
@click.option("--code", "codes", multiple=True, help="Only this code (repeatable).")
@format_option
@pass_context
def labels_command(
    ctx: Context, codebook: str, level: str, codes: tuple[str, ...], fmt: str
) -> None:
    """The labels `code train`, `code validate`, `code suggest` and `code next` read: one row
    per labelled target and code (label 1: the code applies, 0: it does not) and why.

    The coders' work is pooled: a target any coder coded or accepted the code on is positive;
    one reviewed for it ("done"), or where a coder rejected a suggestion of it, and that no
    coder holds positive, is negative. An adjudication in force overrides the coders on its
    unit: "absent" makes it negative whatever they coded, "present" positive. The why column
    names each coder's coding, verdict or review mark and the decision (docs/assisted-coding.md,
    "Which labels").
    """
    with opened(ctx) as project:
        from normtrace.coding.learn.label_table import label_rows

        rows = label_rows(project.store, codebook, level, codes or None)
    emit(rows, fmt)
