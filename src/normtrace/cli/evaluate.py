"""``normtrace eval``: score parsers against gold data."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import click

from normtrace.cli.base import echo_json, json_option


@click.group("eval")
def eval_group() -> None:
    """Measure parser accuracy against gold data."""


@eval_group.command("speeches")
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder of corpus-format speech files (UNSC_<year>_SPV.<n>_spch<nnn>.txt).",
)
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@json_option
def eval_speeches_command(gold_dir: str, pdfs: tuple[str, ...], as_json: bool) -> None:
    """Score speeches parsed from verbatim-record PDFs against corpus-format gold speeches.

    Reports boundary precision, recall and F1, speaker and affiliation accuracy,
    per PDF and pooled over all of them.
    """
    from normtrace.parse.evaluation import evaluate_pdf, pool_scores

    scores = [(Path(p).name, evaluate_pdf(p, gold_dir)) for p in pdfs]
    overall = pool_scores([s for _, s in scores])
    if as_json:
        echo_json({"files": {n: asdict(s) for n, s in scores}, "overall": asdict(overall)})
        return
    for name, score in [*scores, ("overall", overall)]:
        click.echo(f"{name}\t{score.describe()}")
    if overall.f1 < 1.0:
        for name, score in scores:
            for problem in score.mismatches[:20]:
                click.echo(f"  {name}: {problem}", err=True)
    sys.stdout.flush()
