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


@eval_group.command("reports")
@click.argument("shared", type=click.Path(exists=True, file_okay=False), default="../shared")
@click.option(
    "--ocr",
    type=click.Choice(["auto", "never", "force"]),
    default="auto",
    show_default=True,
    help="When scanned pages are recognized with Tesseract.",
)
@json_option
def eval_reports_command(shared: str, ocr: str, as_json: bool) -> None:
    """Evaluate the report parser on the real reports in SHARED/corpus/reports.

    Prints how many reports are typed with symbol and date, how many number their body
    paragraphs 1..N, headings per report, map or table text among headings, and in how
    many reports with an observations section the observations were found.
    """
    from normtrace.evaluate.reports import evaluate_reports

    result = evaluate_reports(shared, ocr=ocr)
    if as_json:
        echo_json(result.to_dict())
        return
    click.echo(result.summary())


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


@eval_group.command("frames")
@click.option(
    "--codebook",
    "codebook_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Codebook YAML to score (default: the bundled stability-operations codebook).",
)
@click.option(
    "--labels",
    "labels_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Labelled frames set (JSON Lines; default: the bundled set).",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "test", "all"]),
    default="test",
    show_default=True,
    help="Part of the set: dev (read while writing entries), test (held out until its errors "
    "were read in December 2026: a regression floor now, not an estimate; the check samples "
    "under validation/frames are the unread measurements) or all.",
)
@click.option("--errors", is_flag=True, help="List the false positives and false negatives.")
@json_option
def eval_frames_command(
    codebook_path: str | None, labels_path: str | None, split: str, errors: bool, as_json: bool
) -> None:
    """Score a codebook's codes against human-labelled frames (FRAMES.md definitions).

    Precision, recall and F1 per frame, with 95 % Wilson intervals, on paragraphs of
    peace-operation resolutions 1999–2015 labelled by two coders and adjudicated; a
    paragraph counts as coded with a frame when any of its units carries one of the
    frame's codes.
    """
    from normtrace.coding.exchange.yamlio import load_codebook
    from normtrace.evaluate.frames import default_codebook, load_labelled_set, score_codebook

    book = load_codebook(codebook_path) if codebook_path else default_codebook()
    score = score_codebook(load_labelled_set(labels_path), book, split=split)
    if as_json:
        echo_json(score.to_dict())
        return
    click.echo(score.describe())
    if errors:
        for s in score.frames.values():
            for key in s.false_positives:
                click.echo(f"  false positive  {s.frame}: {key}")
            for key in s.false_negatives:
                click.echo(f"  false negative  {s.frame}: {key}")


@eval_group.command("lineage")
@click.argument("shared", type=click.Path(exists=True, file_okay=False))
@click.option("--since", type=int, default=2010, show_default=True, help="First year parsed.")
@click.option("--until", type=int, default=2015, show_default=True, help="Last year parsed.")
@click.option(
    "--targets",
    nargs=2,
    type=int,
    default=(2013, 2015),
    show_default=True,
    help="Years of the mandate resolutions whose paragraphs are checked.",
)
@click.option(
    "--mission",
    "missions",
    multiple=True,
    default=("MONUSCO", "MINUSMA", "MINUSCA"),
    show_default=True,
    help="A mission acronym (repeat for several), or 'all' for every mission.",
)
@json_option
def eval_lineage_command(
    shared: str, since: int, until: int, targets: tuple[int, int], missions: tuple[str, ...],
    as_json: bool,
) -> None:  # fmt: skip
    """Check that lineage stays within a mission, against an exhaustive comparison.

    For every operative paragraph of each mission's mandate resolutions in the target
    years whose text the mission's previous mandate resolution holds (found by comparing
    every pair of paragraphs), is that resolution the first source of its chain? SHARED
    is the shared data folder (its corpus/resolutions); reuse is found in memory.
    """
    from normtrace.evaluate.lineage import check_lineage

    found = check_lineage(shared, since=since, until=until, targets=targets, missions=missions)
    if as_json:
        echo_json(found.to_dict())
    else:
        click.echo(found.render())
