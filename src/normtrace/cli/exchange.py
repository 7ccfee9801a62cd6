"""``normtrace code export``, ``code export-qdpx``, ``code import-qdpx``, ``code export-codebook``.

Thin commands over :mod:`normtrace.coding.exchange`: tables of codings and passages
(CSV, XLSX), the whole project as REFI-QDA ``.qdpx`` and back, and the project's
current codebook as YAML or ``.qdc``. Each command imports the library it calls when it runs.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import click

from normtrace.cli.base import Context, echo_json, opened, pass_context
from normtrace.errors import CodingError

if TYPE_CHECKING:
    from normtrace.coding.exchange.tables import PassageFilter
    from normtrace.store.db import Store


@click.command("export")
@click.argument("target", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", default=None, metavar="NAME",
    help="Exporter to use (default: by TARGET's suffix; `normtrace plugins` lists them).",
)  # fmt: skip
@click.option(
    "--codebook", default=None,
    help="Codebook for .qdpx, .yaml, .qdc, and whose review marks a table carries "
    "(default: most used).",
)  # fmt: skip
@click.option("--code", default=None, help="Only this code (its id).")
@click.option("--coder", default=None, help="Only this coder's codings.")
@click.option("--document", "symbol", default=None, help="Only this document (its symbol).")
@click.option("--role", default=None, help="Only speeches with this role (e.g. elected_member).")
@click.option("--year", type=int, default=None, help="Only documents of this year.")
@click.option(
    "--passages", "with_machine", is_flag=True,
    help="Also dictionary candidates and model suggestions of both levels (labelled in "
    "column 'source', with level, probability and model).",
)  # fmt: skip
@click.option(
    "--rejections", is_flag=True,
    help="Also the coders' rejections of dictionary candidates (source 'rejection'): "
    "`code import` records each again on the same candidate, so apply the codebook in the "
    "project that imports the table first.",
)  # fmt: skip
@pass_context
def export_command(ctx: Context, target: str, fmt: str | None, codebook: str | None,
                   code: str | None, coder: str | None, symbol: str | None, role: str | None,
                   year: int | None, with_machine: bool, rejections: bool) -> None:  # fmt: skip
    """Write TARGET with the registered exporter for its suffix (or --format NAME).

    Built in: .csv and .xlsx tables of human codings (with --passages, all coded
    passages), .qdpx (the project as REFI-QDA, review marks included), .yaml and .qdc
    (the codebook). Table columns: source, status, symbol, document, date, doc_type,
    unit_key, level, speaker, actor, role, code, code_name, codebook, probability, model,
    coder, reviewed, text, left, right, memo, at (when the work was done: the time an import
    stated, else when it was recorded; for a coding an ingest re-anchored or a review's
    settlement moved, when the coding it moves was made), start, end, ref, moved_at (when
    such a coding was last moved; empty for others).

    A codings table reads back with `normtrace code import`, coders and the review marks
    of one codebook (--codebook) included: reviewed says whether a row marks its unit
    reviewed (unit), and each other mark is a row of status reviewed with an empty code
    (reviewed: unit or paragraph). A table of one --code marks nothing reviewed. Each memo on
    a whole unit is a row of status memo (code import writes it back once). Each adjudication
    decision in force for the codebook is a row of source adjudication, status present or
    absent, the adjudicator in coder and the note in memo (code import records it as a
    decision; a .qdpx keeps them in normtrace/adjudications.jsonl).
    """
    from normtrace.coding.exchange.registry import ExportRequest, export
    from normtrace.coding.exchange.tables import REJECTION, SOURCES, PassageFilter

    sources = (*(SOURCES if with_machine else ("human",)), *((REJECTION,) if rejections else ()))
    where = PassageFilter(
        code=code, coder=coder, symbol=symbol, role=role, year=year, sources=sources,
    )  # fmt: skip
    with opened(ctx) as project:
        _check_filters(project.store, target, where, with_machine)
        written = export(project.store, target, ExportRequest(where, codebook), fmt=fmt)
    # the data alone on standard output when the file is standard output (/dev/stdout)
    click.echo(written.summary(), err=target.startswith("/dev/"))
    for line in written.notes:
        click.echo(f"skipped: {line}", err=True)
    _fail_if_lost(written.lost, target)


def _fail_if_lost(lost: int, target: str) -> None:
    """Exit 1 when human codings of the codebook are not in the file written (the rest is):
    a script must not take a partial archive for a whole one."""
    if lost:
        raise CodingError(
            f"{lost} human codings are not in {target} (see 'skipped'); the rest was written"
        )


def _check_filters(store: Store, target: str, where: PassageFilter, with_machine: bool) -> None:
    """:func:`~normtrace.coding.exchange.tables.check_filter`, and a warning (stderr) of
    table options a non-table target ignores."""
    from normtrace.coding.exchange.tables import check_filter

    for line in check_filter(store, where):
        click.echo(f"warning: {line}", err=True)
    suffix = Path(target).suffix.lower()
    if suffix not in (".csv", ".xlsx") and (with_machine or where.code or where.coder):
        click.echo(f"warning: {suffix or target} is not a table: --passages, --code and "
                   "--coder do not apply to it", err=True)  # fmt: skip


@click.command("export-qdpx")
@click.argument("target", type=click.Path(dir_okay=False))
@click.option(
    "--codebook", default=None,
    help="Write this codebook alone, with its codings and marks (default: every codebook).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_context
def export_qdpx_command(ctx: Context, target: str, codebook: str | None, as_json: bool) -> None:
    """Write the project (sources, codebooks, codings, memos, review marks, adjudication
    decisions, users) as REFI-QDA TARGET.qdpx. REFI-QDA has one codebook per project: with
    several, each is a top-level code (not codable) holding its codes, and import-qdpx reads
    them back into the same codebooks. --codebook NAME writes NAME alone and counts the other
    codebooks' codings it leaves out (exit 0: asked for). Human codings of the codebooks
    written that the file cannot hold are listed as skipped and exit 1."""
    from normtrace.coding.exchange.qdpx import export_qdpx

    with opened(ctx) as project:
        report = export_qdpx(project.store, target, codebook=codebook)
    if as_json:
        echo_json(report.__dict__)
        _fail_if_lost(report.lost, target)
        return
    left = [f"{report.other_codebooks} codings of other codebooks (--codebook)"
            if report.other_codebooks else "",
            f"{report.lost} human codings (see skipped)" if report.lost else ""]  # fmt: skip
    said = ", ".join(part for part in left if part)
    click.echo(
        f"wrote {target}: {report.sources} sources, {report.codes} codes of {report.codebook}, "
        f"{report.codings} codings ({report.accepted} of them accepted dictionary candidates), "
        f"{report.memos} memos, {report.reviews} review marks, {report.users} users"
        + (f"; left out: {said}" if said else "")
    )
    for line in report.skipped:
        click.echo(f"skipped: {line}", err=True)
    _fail_if_lost(report.lost, target)


@click.command("import-qdpx")
@click.argument("source", type=click.Path(dir_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_context
def import_qdpx_command(ctx: Context, source: str, as_json: bool) -> None:
    """Read a .qdpx written by normtrace into the project (best into a fresh one): its
    documents, codebook, codings, memos, review marks and adjudication decisions. A failed
    import writes nothing, and leaves no new project file behind."""
    from normtrace.coding.exchange.qdpx_read import import_qdpx

    made = _new_files(ctx.project_path)
    try:
        with opened(ctx, create=True) as project:
            report = import_qdpx(project.store, source)
    except BaseException:
        for path in made:  # the project this command created, empty: not left half-made
            if path.is_dir():
                with contextlib.suppress(OSError):
                    path.rmdir()  # only when empty
            else:
                path.unlink(missing_ok=True)
        raise
    if as_json:
        echo_json(report.__dict__)
        return
    edits = [
        f"{report.memos_changed} edited, each recorded as a new memo event beside the earlier "
        "one (which stays)" if report.memos_changed else "",
        f"{report.memos_already} held already" if report.memos_already else "",
    ]  # fmt: skip
    said = "; ".join(e for e in edits if e)
    click.echo(
        f"imported {source}: {report.sources} sources, {report.codes} codes of "
        f"{report.codebook}, {report.codings} codings, {report.memos} memos"
        f"{f' ({said})' if said else ''}, {report.reviews} review marks, "
        f"{report.adjudications} adjudication decisions"
    )
    for line in report.skipped[:10]:
        click.echo(f"skipped: {line}", err=True)
    if len(report.skipped) > 10:
        click.echo(f"skipped: {len(report.skipped) - 10} more (--json lists them)", err=True)


def _new_files(project: str | None) -> list[Path]:
    """The files (and the one folder) opening the project ``project`` would create: none when
    it exists; the database with its journal files, then its folder if that is new."""
    from normtrace.store.db import resolve_project_path

    if project == ":memory:":
        return []
    target = resolve_project_path(project)
    if target.exists():
        return []
    files = [target.with_name(target.name + end) for end in ("", "-wal", "-shm", "-journal")]
    made = [f for f in files if not f.exists()]
    return made + ([target.parent] if not target.parent.exists() else [])


@click.command("export-codebook")
@click.argument("name")
@click.option(
    "-o", "--output", "target", required=True, type=click.Path(dir_okay=False),
    help="FILE.yaml or FILE.qdc.",
)  # fmt: skip
@pass_context
def export_codebook_command(ctx: Context, name: str, target: str) -> None:
    """Write the project's current version of codebook NAME (as edited) to YAML or .qdc."""
    from normtrace.coding.dictionary.apply import stored_codebook
    from normtrace.coding.exchange.qdc import export_qdc
    from normtrace.coding.exchange.yamlio import dump_codebook

    with opened(ctx) as project:
        book = stored_codebook(project.store, name)
    suffix = Path(target).suffix.lower()
    if suffix == ".qdc":
        export_qdc(book, target)
    elif suffix in (".yaml", ".yml"):
        Path(target).write_text(dump_codebook(book), encoding="utf-8")
    else:
        raise CodingError(f"{target}: write .yaml or .qdc, not {suffix or 'no suffix'!r}")
    click.echo(f"wrote {target} ({book.name}@{book.version}, {len(book.codes)} codes)")


EXCHANGE_COMMANDS = (
    export_command,
    export_qdpx_command,
    import_qdpx_command,
    export_codebook_command,
)
