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
    from normtrace.evaluate.speeches import evaluate_pdf, pool_scores

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


@eval_group.command("resolutions")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--from", "first", type=int, default=1990, show_default=True, help="First year.")
@click.option("--to", "last", type=int, default=2015, show_default=True, help="Last year.")
@click.option("--failures", is_flag=True, help="List every failing and truncated resolution.")
@json_option
def eval_resolutions_command(
    folder: str, first: int, last: int, failures: bool, as_json: bool
) -> None:
    """Audit the resolution parser on a folder of resolution texts (S-RES-<n>(<year>).txt).

    Checks that operative paragraphs are numbered 1..N, each with its leading verb, that
    the adoption meeting and date are found in the text, and which texts look truncated.
    Resolutions whose text names no meeting are then looked up in the bundled UN Library
    meeting index, and the share with the index's help is reported separately.
    """
    from normtrace.evaluate.resolutions import audit_resolutions

    report = audit_resolutions(folder, years=(first, last))
    from_index = _adoptions_in_index([f["symbol"] for f in report.to_dict()["adoption_failures"]])
    with_index = (report.adoption_ok + len(from_index)) / report.files if report.files else 0.0
    if as_json:
        echo_json(
            {
                **report.to_dict(),
                "adoption_from_index": from_index,
                "adoption_share_with_index": round(with_index, 4),
            }
        )
        return
    click.echo(report.summary())
    click.echo(
        f"adoption meeting from the text, else the UN Library index: "
        f"{report.adoption_ok + len(from_index)}/{report.files} ({with_index:.2%})"
    )
    if failures:
        data = report.to_dict()
        for key in ("operative_failures", "adoption_failures", "truncated"):
            for item in data[key]:
                click.echo(f"  {key}: {item['symbol']}: {item['reason']}")


def _adoptions_in_index(symbols: list[str]) -> dict[str, str]:
    """Adoption meetings the bundled library index gives for ``symbols``."""
    from normtrace.actors.meetings_index import load_index

    wanted = set(symbols)
    found: dict[str, str] = {}
    for entry in load_index():
        for outcome in entry.outcomes:
            if outcome in wanted and entry.date:
                found.setdefault(outcome, entry.symbol)
    return found
