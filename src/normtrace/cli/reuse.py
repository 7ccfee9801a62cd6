"""``normtrace reuse``, ``provenance``, ``first``, ``aggregate`` and ``secretariat``: language
provenance.

The reuse stages (NumPy) are imported by the commands when they run; the defaults the
options show come from :mod:`normtrace.reuse.params`, which imports nothing heavy.
``provenance``, ``first``, ``aggregate`` and ``secretariat`` count a Secretary-General's
report sentence as the Secretariat's unless the reported-speech detector marks it as
another's words: their help ends with the detector's measured error, and their text output,
where it shows a report's words, with a note line on standard error stating it
(:mod:`normtrace.parse.report.reported_error`, read when shown); their JSON objects carry it
as ``reported_speech_error``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from normtrace.cli.base import (
    Context,
    check_scheduler,
    echo_json,
    engine_options,
    json_option,
    opened,
    pass_context,
)
from normtrace.reuse.params import DEFAULT_MEMORY_MB, ReuseParams

if TYPE_CHECKING:
    from normtrace.reuse.store_parallel import PartitionedReport

_DEFAULTS = ReuseParams()

#: the roles of a report's words whose count rests on the reported-speech detector
_REPORT_ROLES = frozenset({"secretariat", "reported_in_sg_report"})


class _ReportedErrorCommand(click.Command):
    """A command whose help ends with the reported-speech detector's measured error, read
    from its record when ``--help`` is shown (module doc)."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from normtrace.parse.report.reported_error import measured_error

        super().format_help_text(ctx, formatter)
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(measured_error().help_paragraph())


def _reported_error(shown: bool) -> dict[str, Any]:
    """Print the detector's measured error as a note line on standard error when the output
    ``shown`` words of a report; return it for a JSON object."""
    from normtrace.parse.report.reported_error import measured_error

    found = measured_error()
    if shown:
        click.echo(found.caveat(), err=True)
    return found.to_dict()


@click.command("reuse")
@click.option("--full", is_flag=True, help="Re-index every unit instead of only new ones.")
@click.option(
    "--n",
    "n",
    type=click.IntRange(2, 12),
    default=_DEFAULTS.n,
    show_default=True,
    help="Words per shingle.",
)
@click.option(
    "--max-df",
    type=click.IntRange(2),
    default=_DEFAULTS.max_df,
    show_default=True,
    help="Shingles in more documents than this are formulaic.",
)
@click.option(
    "--min-words",
    type=click.IntRange(1),
    default=_DEFAULTS.min_words,
    show_default=True,
    help="Identical aligned words a link needs.",
)
@click.option(
    "--aligner",
    type=click.Choice(["seeded", "sw"]),
    default=_DEFAULTS.aligner,
    show_default=True,
    help="Seeded C++ alignment or Smith-Waterman.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bars (default: on a terminal)."
)
@engine_options(
    ("serial", "processes", "dask"),
    "serial",
    "serial: this process, incremental. processes / dask: partitions on disk over "
    "workers, always a full rebuild, resumed after an interruption (docs/scale.md).",
)
@click.option(
    "--memory-mb",
    type=click.IntRange(64),
    default=DEFAULT_MEMORY_MB,
    show_default=True,
    help="Memory budget per worker: partitions are sized to it (parallel engines).",
)
@click.option(
    "--work-dir",
    type=click.Path(file_okay=False),
    help="Folder for partitions (default: PROJECT.reuse beside the project; on a "
    "cluster, a folder every worker can read and write).",
)
@json_option
@pass_context
def reuse_command(
    ctx: Context, full: bool, n: int, max_df: int, min_words: int, aligner: str,
    progress: bool | None, engine: str, workers: int, scheduler: str | None, memory_mb: int,
    work_dir: str | None, as_json: bool,
) -> None:  # fmt: skip
    """Find passage reuse between units and store directed links (incremental)."""
    from normtrace.reuse.links import ALGORITHM
    from normtrace.reuse.store_reuse import update_reuse

    params = ReuseParams(n=n, max_df=max_df, min_words=min_words, aligner=aligner)
    check_scheduler(engine, scheduler)
    extra = ""
    with opened(ctx) as project:
        if engine == "serial":
            report = update_reuse(project.store, params=params, full=full, progress=progress)
        else:
            found = project.reuse_partitioned(
                engine=engine, workers=workers, scheduler=scheduler,
                memory_mb=memory_mb, work_dir=work_dir, params=params, progress=progress,
            )  # fmt: skip
            report = found.reuse
            extra = _engine_line(found)
        from normtrace.reuse.reported import update_reported

        # the SG report sentences that give another's words, which provenance reads
        reported = update_reported(project.store)
    if as_json:
        echo_json(found.to_dict() if engine != "serial" else report.to_dict())
        return
    click.echo(
        f"run {report.run_id}: {report.indexed_units} of {report.units} units indexed, "
        f"{report.candidate_pairs} candidate pairs, {report.links_added} links added "
        f"({report.boilerplate_links} flagged boilerplate), {report.links_removed} removed, "
        f"{report.seconds:.1f} s"
    )
    if report.rebuilt_from:
        click.echo(
            "every unit re-linked, once: the stored links were made by "
            f"{', '.join(report.rebuilt_from)}, whose links can differ from {ALGORITHM}'s; "
            "later runs link only new, changed and re-dated units"
        )
    if extra:
        click.echo(extra)
    if reported.run_id:
        click.echo(
            f"run {reported.run_id}: {reported.scanned} SG report paragraphs read for reported "
            f"speech, {reported.sentences} sentences give another's words"
        )
    if report.formulae:
        click.echo("formulaic passages (not used to seed links; documents, units):")
        for f in report.formulae[:20]:
            click.echo(f"  {f.documents:>5} {f.units:>6}  {f.text}")


def _engine_line(found: PartitionedReport) -> str:
    peaks = ", ".join(f"{v:.0f}" for v in found.worker_peak_mb.values()) or "none run"
    resumed = ", ".join(f"{k} {v}" for k, v in found.resumed.items())
    return (
        f"{found.engine}: {found.batches} batches, {found.hash_partitions} hash and "
        f"{found.pair_partitions} pair partitions for {found.memory_mb} MB per worker; "
        f"peak MB per worker: {peaks}; driver {found.driver_peak_mb:.0f} MB"
        + (f"; resumed (tasks kept): {resumed}" if resumed else "")
    )


@click.command("provenance", cls=_ReportedErrorCommand)
@click.argument("key")
@json_option
@pass_context
def provenance_command(ctx: Context, key: str, as_json: bool) -> None:
    """Print the lineage of unit KEY with dates, actors and aligned words marked «…»."""
    from normtrace.reuse.provenance import provenance

    with opened(ctx) as project:
        found = provenance(project.store, key)
    if as_json:
        echo_json({**found.to_dict(), "reported_speech_error": _reported_error(False)})
        return
    click.echo(found.render())
    steps = (*found.earliest, *((found.outside,) if found.outside else ()))
    _reported_error(
        bool(found.reports)
        or any(w.role in _REPORT_ROLES for w in found.word_sources)
        or any(s.unit.role in _REPORT_ROLES for s in steps)
    )


@click.command("first", cls=_ReportedErrorCommand)
@click.argument("phrase", required=False)
@click.option("--code", help="A code of a loaded codebook instead of a phrase.")
@click.option(
    "--codebook",
    help="With --code: read only this codebook's codings, accepts and candidates, with its "
    "measured error (a code id two codebooks share is otherwise read from both, and a note "
    "says so).",
)
@click.option(
    "--case",
    metavar="NAME|PATH",
    help="Only the documents of this case, as `trace` and `report` read them (a bundled case "
    "or a case YAML file): the first use within the case.",
)
@json_option
@pass_context
def first_command(
    ctx: Context,
    phrase: str | None,
    code: str | None,
    codebook: str | None,
    case: str | None,
    as_json: bool,
) -> None:
    """First appearance of PHRASE (or --code CODE): earliest unit, first use by role, adoption."""
    with opened(ctx) as project:
        found = project.first(phrase, code=code, codebook=codebook, case=case)
    if as_json:
        echo_json({**found.to_dict(), "reported_speech_error": _reported_error(False)})
        return
    click.echo(found.render())
    _reported_error(bool(_REPORT_ROLES & set(found.by_role)))


@click.command("aggregate", cls=_ReportedErrorCommand)
@click.argument("resolution")
@json_option
@pass_context
def aggregate_command(ctx: Context, resolution: str, as_json: bool) -> None:
    """Shares of RESOLUTION's operative words by earliest source (Secretariat, states ...).

    Every operative word has one origin; the words of a citation of a document (a symbol,
    resolutions named by number) have the origin citation: nobody's wording, in no share
    whatever earlier text holds them. The shares are of the wording (the operative words less
    the citations'), and none means wording with no earlier source in the project.
    """
    from normtrace.reuse.aggregate import case_aggregate
    from normtrace.reuse.secretariat import secretariat_origin

    with opened(ctx) as project:
        found = case_aggregate(project.store, resolution)
        origin = secretariat_origin(project.store, resolution)
    if as_json:
        echo_json({**found.to_dict(), "secretariat": origin.to_dict(),
                   "reported_speech_error": _reported_error(False)})  # fmt: skip
        return
    click.echo(found.render())
    click.echo(origin.render())
    _reported_error(bool(origin.passages) or any(found.counts.get(r) for r in _REPORT_ROLES))


@click.command("secretariat", cls=_ReportedErrorCommand)
@click.argument("mission")
@click.option("--since", type=int, default=1946, show_default=True, help="First year.")
@click.option("--until", type=int, default=9999, show_default=True, help="Last year.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    help="Write the figure, a CSV row per renewal, the passages and the reported-speech "
    "detector's measured error here.",
)
@json_option
@pass_context
def secretariat_command(
    ctx: Context, mission: str, since: int, until: int, out_dir: str | None, as_json: bool
) -> None:
    """New operative wording of each MISSION mandate resolution first found in an SG report.

    New wording is wording not in the mission's previous resolution (never the words of a
    citation of a document: citation_words, in no share); for each renewal the
    command gives the share whose earliest source is a Secretary-General report, the
    report paragraphs behind it (section, observations/recommendations flagged) and the
    lag in days. Needs the resolutions and reports ingested and `normtrace reuse` run.

    Words a report gives as another's ("the President stated that ...") are not the
    Secretariat's: they count in new_reported_in_sg_report, and a passage names who said
    them (new_words_reported, said_by). Paraphrase below the reuse thresholds is not linked
    at all, which understates the share; the reported-speech detector's error (below),
    net, overstates it.
    """
    from normtrace.coding.units import project_span
    from normtrace.report.secretariat import write_secretariat
    from normtrace.reuse.secretariat import secretariat_series

    with opened(ctx) as project:
        series = secretariat_series(project.store, mission, since=since, until=until)
        span = project_span(project.store)
    if out_dir:
        fig = write_secretariat(series, out_dir)
        click.echo(f"wrote {fig.png}, {fig.csv}, the passages and the reported-speech "
                   f"detector's measured error under {out_dir}", err=True)  # fmt: skip
    if as_json:
        echo_json([s.to_dict() for s in series])
        _reported_error(bool(series))
        return
    for s in series:
        click.echo(s.summary())
    click.echo(f"note: earliest sources within this project ({span}); documents it does not "
               "hold are not seen, and adding some can change every share", err=True)  # fmt: skip
    _reported_error(bool(series))
