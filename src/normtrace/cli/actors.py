"""``normtrace actors ...``, ``normtrace timeline`` and ``normtrace fetch``.

Register with ``cli.add_command(actors_group)``, ``cli.add_command(timeline_command)``
and ``cli.add_command(fetch_command)``. Each command imports the library it calls when it
runs, so that loading the command line (``normtrace --help``) stays light.
"""

from __future__ import annotations

from dataclasses import asdict

import click

from normtrace.cli.base import Context, echo_json, json_option, opened, pass_context

_overrides = click.option(
    "--overrides",
    type=click.Path(exists=True, dir_okay=False),
    envvar="NORMTRACE_OVERRIDES",
    help="Overrides YAML fixing roles, aliases, persons (default: $NORMTRACE_OVERRIDES, "
    "else <project>.overrides.yaml if present).",
)


@click.group("actors")
def actors_group() -> None:
    """Who speaks in what capacity: roles, unresolved speakers, Council membership."""


@actors_group.command("resolve")
@_overrides
@json_option
@pass_context
def resolve_command(ctx: Context, overrides: str | None, as_json: bool) -> None:
    """Resolve the role of every speech in the project (a new run each time)."""
    from normtrace.actors.overrides import load_overrides, project_overrides_path
    from normtrace.actors.store_actors import resolve_speech_roles

    with opened(ctx) as project:
        path = overrides or project_overrides_path(project.store.path)
        summary = resolve_speech_roles(project.store, overrides=load_overrides(path))
    if as_json:
        echo_json({**asdict(summary), "share_resolved": summary.share_resolved})
        return
    click.echo(
        f"run {summary.run_id}: {summary.resolved}/{summary.speeches} speeches resolved "
        f"({summary.share_resolved:.1%})"
    )
    for role, n in sorted(summary.by_role.items(), key=lambda kv: -kv[1]):
        click.echo(f"  {role:<18} {n}")
    if summary.resolved < summary.speeches:
        click.echo("see `normtrace actors unresolved`; fix them in an overrides file")


@actors_group.command("unresolved")
@json_option
@pass_context
def unresolved_command(ctx: Context, as_json: bool) -> None:
    """List speeches whose role could not be resolved, with the evidence tried."""
    from normtrace.actors.store_actors import unresolved

    with opened(ctx) as project:
        rows = unresolved(project.store)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("every speech has a role (or `normtrace actors resolve` has not run yet)")
    for row in rows:
        click.echo(f"{row['speech_key']}  {row['speaker']}")
        for line in row["evidence"]:
            click.echo(f"    {line}")


@actors_group.command("members")
@click.argument("date")
@json_option
def members_command(date: str, as_json: bool) -> None:
    """The Council's members on DATE (YYYY-MM-DD), permanent and elected."""
    from normtrace.actors.reference import load_reference

    ref = load_reference()
    members = ref.members_on(date)
    rows = [
        {"state": sid, "name": ref.states[sid].name, "seat": seat}
        for sid, seat in sorted(members.items(), key=lambda kv: (kv[1] != "permanent", kv[0]))
    ]
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(f"{row['seat']:<10} {row['state']}  {row['name']}")


@actors_group.command("links")
@click.option(
    "--meetings",
    type=click.Path(exists=True, file_okay=False),
    help="Folder of UN Library scact<year>_table_en.html files (default: the bundled index).",
)
@click.option(
    "--drafts",
    type=click.Path(exists=True, dir_okay=False),
    help="The UN Digital Library drafts export (drafts-to-resolutions.xlsx).",
)
@json_option
@pass_context
def links_command(ctx: Context, meetings: str | None, drafts: str | None, as_json: bool) -> None:
    """Import the meeting index (and drafts) and rebuild the document links."""
    from normtrace.actors.links import build_links, import_drafts, import_meeting_index
    from normtrace.actors.meetings_index import load_index
    from normtrace.reuse.store_reuse import redated_units

    with opened(ctx) as project:
        n_meetings = import_meeting_index(project.store, load_index(meetings))
        n_drafts = import_drafts(project.store, drafts) if drafts else 0
        summary = build_links(project.store)
        stale = redated_units(project.store)
    result = {"meetings": n_meetings, "drafts": n_drafts, "links": summary.by_relation,
              "reuse_stale_units": stale}  # fmt: skip
    if as_json:
        echo_json(result)
        return
    click.echo(f"{n_meetings} meetings, {n_drafts} drafts imported")
    for relation, n in sorted(summary.by_relation.items()):
        click.echo(f"  {relation:<12} {n}")
    if stale:
        click.echo(
            f"note: {stale} unit(s) now have another date than when reuse linked them (their "
            "links may point the wrong way); run `normtrace reuse` to re-link them",
            err=True,
        )


@click.command("timeline")
@click.option("--topic", "topics", multiple=True, help="Topic word or phrase (repeatable).")
@click.option(
    "--case",
    "case",
    help="A bundled case (haiti-2004, drc-2013, mali-2013, car-2014) or a case YAML file.",
)
@click.option("--from", "start", type=int, help="First year.")
@click.option("--to", "end", type=int, help="Last year.")
@json_option
@pass_context
def timeline_command(
    ctx: Context,
    topics: tuple[str, ...],
    case: str | None,
    start: int | None,
    end: int | None,
    as_json: bool,
) -> None:
    """Meetings and documents on a topic in order, marking those not in the project."""
    from normtrace.actors.cases import case_timeline, get_case
    from normtrace.actors.timeline import format_timeline, timeline, topics_left_out

    with opened(ctx) as project:
        if case:
            entries = case_timeline(project.store, get_case(case))
        elif topics and start and end:
            entries = timeline(project.store, list(topics), start, end)
        else:
            raise click.UsageError("give --case NAME|FILE, or --topic with --from and --to")
    if as_json:
        echo_json([{**asdict(e), "missing": e.missing} for e in entries])
        return
    click.echo(format_timeline(entries))
    missing = sum(e.missing for e in entries)
    click.echo(f"{len(entries)} entries, {missing} not in the project (fetch them by symbol)")
    if topics and start and end:  # a topic is matched as a whole word only: say what it left
        with opened(ctx) as project:
            left = topics_left_out(project.store, list(topics), start, end)
        if left:
            listed = "; ".join(f"{t!r} ({n})" for t, n in list(left.items())[:5])
            click.echo(f"note: topics are matched as whole words; meeting topics that contain "
                       f"yours but were left out (meetings): {listed}", err=True)  # fmt: skip


@click.command("fetch")
@click.argument("symbols", nargs=-1, required=True)
@click.option("--dest", default="downloads", show_default=True, type=click.Path(file_okay=False))
@click.option("--language", default="en", show_default=True, help="en, fr, es, ru, zh or ar.")
@click.option("--overwrite", is_flag=True, help="Download again even if the file exists.")
@json_option
def fetch_command(
    symbols: tuple[str, ...], dest: str, language: str, overwrite: bool, as_json: bool
) -> None:
    """Download UN documents by symbol (S/RES/2100 (2013), S/2013/189 ...) as PDF."""
    from normtrace.actors.fetch import fetch

    results = fetch(symbols, dest, language=language, overwrite=overwrite)
    if as_json:
        echo_json([asdict(r) for r in results])
        return
    for r in results:
        where = r.path or r.reason
        click.echo(f"{r.status:<10} {r.symbol}  {where}")
    if any(r.status == "downloaded" for r in results):
        click.echo(f"next: normtrace ingest {dest}")
