"""``normtrace code ...``: coding, verdicts, undo, memos, lists (``normtrace kwic``, ``freq``
and ``agreement`` are in :mod:`normtrace.cli.counts` and :mod:`normtrace.cli.agreement`).

Thin commands over :mod:`normtrace.coding`: parse options, call one library
function, print a table (text, CSV or JSON). Each command imports the library it calls
when it runs (see :mod:`normtrace.cli.base`).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from normtrace.cli.base import (
    Context,
    LibraryChoice,
    check_scheduler,
    coder_option,
    echo_json,
    engine_options,
    opened,
    pass_context,
    proposal_id,
)
from normtrace.coding.proposal_ids import proposal_ref
from normtrace.engine import ENGINES
from normtrace.errors import CodingError, NotFoundError

if TYPE_CHECKING:
    from normtrace.coding.codebook import Codebook
    from normtrace.coding.human.events import CodingEvent
    from normtrace.store.db import Store

FORMATS = ("table", "csv", "json")

#: the --format option of the commands that print a table (text, CSV or JSON)
format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="Output: aligned text, CSV or JSON.",
)  # fmt: skip
_json = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
_coder = coder_option
_memo = click.option("--memo", default=None, help="A note kept with the event.")


def read_codebook(source: str | None) -> Codebook:
    """A codebook from a YAML or .qdc file, or a bundled name (default: stability-operations)."""
    from normtrace.coding.exchange.qdc import import_qdc
    from normtrace.coding.exchange.yamlio import default_codebook_path, load_codebook

    if source is None:
        return load_codebook(default_codebook_path())
    path = Path(source)
    if path.suffix.lower() == ".qdc":
        return import_qdc(path)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        return load_codebook(path)
    return load_codebook(default_codebook_path(source))


def emit(rows: Sequence[Any], fmt: str, columns: Sequence[str] = ()) -> None:
    """Print dataclass or dict rows as an aligned table, CSV or JSON; ``columns``: the CSV's
    header when there are no rows (a file with no header is no table to pandas or R).

    Everything is on standard output when this returns (the CSV flushed, as ``click.echo``
    flushes each line): a summary the command then writes to standard error comes after
    the table, on its own line, in a terminal or ``2>&1``, never inside it."""
    data = [asdict(r) if is_dataclass(r) and not isinstance(r, type) else dict(r) for r in rows]
    if fmt == "json":
        echo_json(data)
        return
    if not data:
        if fmt == "table":
            click.echo("(nothing)")
        elif fmt == "csv" and columns:
            csv.writer(sys.stdout, lineterminator="\n").writerow(columns)
            sys.stdout.flush()
        return
    columns = list(data[0])
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(d[c]) for c in columns] for d in data)
        sys.stdout.flush()
        return
    cells = [[_cell(d[c]) for c in columns] for d in data]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    for row in [columns, ["-" * w for w in widths], *cells]:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return "" if value is None else str(value)


@click.group("code")
def code_group() -> None:
    """Auto-code with a codebook; add, remove and judge codings (append-only events)."""


@code_group.command("apply")
@click.argument("codebook", required=False)
@click.option(
    "--scanner",
    type=LibraryChoice("normtrace.coding.dictionary.wordhash:SCANNERS"),
    default="auto",
    show_default=True,
    help="How batches are scanned: pyahocorasick, word hashing, or the faster for the "
    "codebook. The spans are the same; the run records the scanner.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal)."
)
@engine_options(
    ENGINES,
    "local",
    "Where batches are scored (this process stays the only writer; same spans).",
)
@click.option(
    "--bundled",
    is_flag=True,
    help="Apply the bundled codebook of that name even where the project holds another "
    "version of it (it says which version it replaces and how to take it back).",
)
@click.option(
    "--version",
    "version",
    default=None,
    metavar="VERSION",
    help="Apply the project's stored version VERSION of the named codebook (e.g. one that "
    "--bundled replaced).",
)
@click.option(
    "--force",
    is_flag=True,
    help="With --bundled: apply it even where human codings of the project's version are of "
    "codes the bundled version lacks (they stay, out of its exports).",
)
@_json
@pass_context
def apply_command(
    ctx: Context, codebook: str | None, scanner: str, progress: bool | None, engine: str,
    workers: int, scheduler: str | None, bundled: bool, version: str | None, force: bool,
    as_json: bool,
) -> None:  # fmt: skip
    """Auto-code every unit with CODEBOOK and make it the codebook's current version.

    CODEBOOK is a YAML or .qdc file, or a name: the project's current version of that
    codebook, else the bundled one (default: stability-operations). Applying an earlier
    version's file again (or its name with --version) makes it current again. --bundled in
    place of a version of the project's own warns, naming that version and the command that
    takes it back, and refuses without --force when human codings are of codes the bundled
    version lacks; nothing is deleted.
    """
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.exchange.apply_choice import codebook_to_apply
    from normtrace.coding.exchange.carried import removed_code_codings, removed_codes_line
    from normtrace.engine import Engine

    check_scheduler(engine, scheduler)
    with opened(ctx) as project, Engine(engine, workers=workers, scheduler=scheduler) as pool:
        book, note = codebook_to_apply(project.store, codebook, bundled=bundled,
                                       version=version, force=force)  # fmt: skip
        if note:  # with --bundled: the project's own version it replaces
            click.echo(f"{'warning' if bundled else 'note'}: {note}", err=True)
        mapper = None if engine == "local" else pool.ordered
        report = apply_codebook(
            project.store, book, scanner=scanner, progress=progress, mapper=mapper
        )
        removed = removed_code_codings(project.store, book.name)
    if removed:  # the codings stay (human work is never deleted); exports cannot name them
        click.echo(
            f"warning: {removed_codes_line(book.name, removed)}: they stay in the project, but "
            "exports of the codebook cannot carry them; add the codes back to keep them in use",
            err=True,
        )
    if report.accepts_not_proposed:
        dropped = report.accepts_of_dropped_codes
        of_dropped = (f" ({dropped} of codes this version dropped, which no export can "
                      "carry)" if dropped else "")  # fmt: skip
        click.echo(
            f"note: {report.accepts_not_proposed} accepted candidate(s) of earlier runs are no "
            f"longer proposed by this version{of_dropped}; they still count as their coders' "
            "codings (in "
            "freq, kwic, agreement and exports); `code list` shows them (status 'accepted, not "
            "proposed by the current run'), and a coder who disagrees now takes the accept back "
            "with `code verdict ID reject --coder NAME`",
            err=True,
        )
    if as_json:
        echo_json(asdict(report))
        return
    skipped = (
        f" ({report.headings} section headings left to hand coding)" if report.headings else ""
    )
    click.echo(
        f"run {report.run_id}: {book.name}@{report.version} coded {report.units} units, "
        f"{report.spans} spans in {report.seconds:.2f}s{skipped}"
    )
    if report.by_code:  # spans, not freq's occurrences: say so (a new user read them as one)
        click.echo("candidate spans per code, in every unit (`freq` counts occurrences: "
                   "spans of a code that overlap in one unit are one, and those in headings, "
                   "tables, maps, captions and notes are counted apart):")  # fmt: skip
    for code, n in report.by_code.items():
        click.echo(f"  {code:28} {n}")


F = TypeVar("F", bound=Callable[..., Any])


def _span_event(func: F) -> F:
    """Arguments and options of a command that records an event on a span."""
    for decorate in reversed(
        (
            click.argument("unit_key"),
            click.argument("start", type=int),
            click.argument("end", type=int),
            click.argument("code"),
            _coder,
            _memo,
            _json,
            pass_context,
        )
    ):
        func = cast(F, decorate(func))
    return func


@code_group.command("add")
@click.option(
    "--edition",
    type=click.Choice(("record", "corpus")),
    default=None,
    help="The edition whose text you code, when a meeting has both (default: record).",
)
@click.option(
    "--codebook", default=None, metavar="NAME",
    help="The codebook whose CODE this is (needed when two codebooks have a code of that id).",
)  # fmt: skip
@_span_event
def add_command(ctx: Context, unit_key: str, start: int, end: int, code: str,
                coder: str, memo: str | None, as_json: bool,
                edition: str | None, codebook: str | None) -> None:  # fmt: skip
    """Code UNIT_KEY[START:END] (code points) with CODE.

    A speech is coded whole: a key of one of its paragraphs (S/PV.8750/s004/p01, as `normtrace
    export paragraphs` writes it) codes those words of the speech (START and END count in the
    paragraph's text).

    Coder names starting "adjudication:" are refused: adjudicated codings come
    only from the adjudication flow of the web app.
    """
    from normtrace.coding.human import events
    from normtrace.coding.human.codable import whose

    with opened(ctx) as project:
        unit_key, start, end = _on_speech(project.store, unit_key, start, end, edition)
        try:
            whose(project.store, code, codebook, ask="say whose it is with --codebook (a coding "
                  "counts for its codebook's training and validation)")  # fmt: skip
        except CodingError as exc:
            if codebook is None:  # a usage error: the id needs --codebook
                raise click.UsageError(str(exc)) from exc
            raise
        event = events.add_code(project.store, coder=coder, unit_key=unit_key,
                                start=start, end=end, code=code, memo=memo,
                                edition=edition, codebook=codebook,
                                level="unit")  # fmt: skip
    _show_event(event, as_json)


@code_group.command("remove")
@click.option(
    "--codebook", default=None, metavar="NAME",
    help="The codebook whose coding to remove (needed when you coded CODE on these words for "
    "two codebooks that share the id).",
)  # fmt: skip
@_span_event
def remove_command(ctx: Context, unit_key: str, start: int, end: int, code: str,
                   coder: str, memo: str | None, as_json: bool,
                   codebook: str | None) -> None:  # fmt: skip
    """Remove your coding CODE on UNIT_KEY[START:END] (recorded as an event)."""
    from normtrace.coding.human import events

    with opened(ctx) as project:
        unit_key, start, end = _on_speech(project.store, unit_key, start, end)
        event = events.remove_code(project.store, coder=coder, unit_key=unit_key,
                                   start=start, end=end, code=code, memo=memo,
                                   codebook=codebook)  # fmt: skip
    _show_event(event, as_json)


def _on_speech(
    store: Store, unit_key: str, start: int, end: int, edition: str | None = None
) -> tuple[str, int, int]:
    """A speech paragraph's key (``…/s004/p01``, as `export paragraphs` writes it) and span as
    the speech's (a speech is coded whole), said on stderr; any other key as given."""
    from normtrace.coding.exchange.speech_paragraphs import speech_span

    placed = speech_span(store, unit_key, start, end, edition)
    if placed is None:
        return unit_key, start, end
    click.echo(f"{unit_key} [{start}:{end}] is {placed[0]} [{placed[1]}:{placed[2]}]: a speech "
               "is coded whole, its paragraphs are spans of it", err=True)  # fmt: skip
    return placed


@code_group.command("undo")
@click.argument("event_id", type=int, required=False)
@_coder
@_json
@pass_context
def undo_command(ctx: Context, event_id: int | None, coder: str, as_json: bool) -> None:
    """Undo EVENT_ID, or your latest action: a coding event or a "done" mark.

    A coding action (code, remove, memo, verdict) is cancelled by an undo event; a "done"
    mark (`code done`) is withdrawn, and a withdrawal (`code done --undo`) taken back, by a
    review row. Nothing is deleted; an ingest's moves of codings are never undone.

    A validation draw's withdrawal is not undone here: `code withdraw-draw DRAW_ID --undo`
    takes it back (it changes what every estimate weighs, not your reading of a unit).
    """
    from normtrace.coding.human import events
    from normtrace.coding.human.mark_moves import withdrawn_with
    from normtrace.coding.human.reviews import CLI_UNDO_SOURCE, marks_on
    from normtrace.coding.human.undo import (
        MarkUndo,
        describe_mark_undo,
        undo_event,
        undo_latest,
        undone_together,
    )

    with opened(ctx) as project:
        if event_id is None:
            done = undo_latest(project.store, coder=coder, source=CLI_UNDO_SOURCE)
            if isinstance(done, MarkUndo):
                said = describe_mark_undo(done)
                if as_json:
                    echo_json({"kind": "mark", "review_row": done.row, "undid": said,
                               "mark": asdict(done.mark), "restored": done.restored})  # fmt: skip
                else:
                    click.echo(f"review row {done.row}: undid {said}")
                return
            event = done
        else:
            event = undo_event(project.store, coder=coder, event_id=event_id)
        target = events.get_event(project.store, int(event.target_event or 0))
        marks = (
            marks_on(project.store, target.coder, target.unit_key)
            if target.action == "code" and target.unit_key
            else []
        )
        paired = undone_together(project.store, event)
        marked = withdrawn_with(project.store, [target.id, *([paired.id] if paired else [])])
    undid = events.describe(target)
    if paired is not None:  # one action written as two events, taken back as one
        undid += f" and {events.describe(paired)}"
    if as_json:
        echo_json({"kind": "event", **asdict(event), "undid": undid,
                   "marks_withdrawn": [asdict(m) for m in marked]})  # fmt: skip
        return
    click.echo(f"event {event.id}: undid {undid}")
    for mark in marked:  # marks a coder's move of the coding took with it
        click.echo(f"{mark.coder}'s 'done' mark on the {mark.level} {mark.key} "
                   f"({mark.codebook}) moved with it is withdrawn")  # fmt: skip
    for mark in marks:  # an import marked the unit reviewed: it now says nothing applies
        how = "marked by hand" if mark.source == "manual" else mark.source
        which = "the codes" if mark.codes is None else f"of {', '.join(mark.codes)}, those"
        flags = "".join(f" --code {c}" for c in mark.codes or ())
        click.echo(
            f"note: {mark.key} stays marked reviewed by {mark.coder} for {mark.codebook} "
            f"({mark.level} level, {how}): {which} "
            f"{mark.coder} has not applied there count as not applying; withdraw the mark "
            f"with `normtrace code done '{mark.key}' --codebook {mark.codebook} --coder "
            f"{mark.coder} --level {mark.level}{flags} --undo`",
            err=True,
        )


@code_group.command("verdict")
@click.argument("auto_coding_id", callback=proposal_id("c"))
@click.argument("verdict", type=LibraryChoice("normtrace.coding.human.events:VERDICTS"))
@_coder
@_memo
@_json
@pass_context
def verdict_command(ctx: Context, auto_coding_id: int, verdict: str, coder: str,
                    memo: str | None, as_json: bool) -> None:  # fmt: skip
    """Accept or reject the auto-coded candidate AUTO_CODING_ID (see `code list`).

    The id as `code list` shows it (c36) or its number; a suggestion's id (s36) is refused,
    since suggestions are judged with `code judge`.
    """
    from normtrace.coding.human import events

    with opened(ctx) as project:
        event = events.record_verdict(
            project.store,
            coder=coder,
            auto_coding_id=auto_coding_id,
            verdict=verdict,
            memo=memo,
        )
    _show_event(event, as_json)


@code_group.command("doc-memo")
@click.argument("symbol")
@click.argument("text")
@_coder
@_json
@pass_context
def doc_memo_command(ctx: Context, symbol: str, text: str, coder: str,
                     as_json: bool) -> None:  # fmt: skip
    """Write a memo TEXT about the whole document SYMBOL (an append-only event)."""
    from normtrace.coding.human import events

    with opened(ctx) as project:
        event = events.add_document_memo(project.store, coder=coder, document=symbol, memo=text)
    _show_event(event, as_json)


@code_group.command("doc-memos")
@click.argument("symbol")
@click.option("--coder", default=None, help="Only this coder's memos.")
@format_option
@pass_context
def doc_memos_command(ctx: Context, symbol: str, coder: str | None, fmt: str) -> None:
    """List the memos on the whole document SYMBOL (undone ones left out), each dated when it
    was made (an import's stated time, else when it was recorded; UTC), oldest first, as the
    workbench lists them."""
    from normtrace.coding.exchange.placed_memos import document_memos
    from normtrace.store.queries import current_symbol

    with opened(ctx) as project:
        memos = document_memos(project.store, symbol, coder=coder)
        document = current_symbol(project.store, symbol)
    rows = [
        {"id": m.event_id, "at": m.at, "coder": m.coder, "document": document, "memo": m.memo}
        for m in memos
    ]
    emit(rows, fmt)


#: the rows ``code list`` shows in a table by default (CSV and JSON: every row)
TABLE_LIMIT = 50


@code_group.command("list")
@click.option("--unit", "unit_key", default=None, help="Only this unit key.")
@click.option("--code", default=None, help="Only this code.")
@click.option(
    "--source",
    type=click.Choice(["auto", "human", "events"]),
    default="auto",
    show_default=True,
    help="Auto candidates (with ids, each with its run, status and verdicts; accepted "
    "candidates of earlier runs that the current run no longer proposes are listed too, with "
    "status 'accepted, not proposed by the current run': they still count, until a coder "
    "rejects them; 'disputed': one coder accepted, another rejected, and the accept counts as "
    "its coder's coding; 'rejected by a suggestion verdict': a coder rejected a model "
    "suggestion of its code on its unit or paragraph, so it counts nowhere), human "
    "codings (what people coded by hand; candidates they accepted "
    "are auto rows of status accepted, and `freq --source human` counts both; 'memo' is the "
    "memo a coding was made with, 'memos' every memo on it, oldest first, with its coder and "
    "time: in JSON a list of {at, coder, memo, event_id}, in a table or CSV each as "
    "'AT CODER: MEMO' joined by ' | '; 'at' when the coding's work was made, 'moved_at' when "
    "an ingest or a review's settlement last moved it; 'status' coded, or needs review with "
    "its 'review' id: a new version left its words, the snippet, off its offsets), or events.",
)
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help=f"At most this many rows (events: the latest); 0: all. Default: {TABLE_LIMIT} "
              "in a table (standard error says when rows were left out); every row in CSV and "
              "JSON, which are never cut unless --limit asks.")  # fmt: skip
@format_option
@pass_context
def list_command(ctx: Context, unit_key: str | None, code: str | None, source: str,
                 limit: int | None, fmt: str) -> None:  # fmt: skip
    """List codings: auto candidates (ids for `code verdict`), human codings, or the event log.

    A table shows the first 50 rows unless --limit says otherwise; CSV and JSON hold every
    row (a file read by a program is not silently cut)."""
    if limit is None:
        limit = TABLE_LIMIT if fmt == "table" else 0
    from normtrace.coding.dictionary.candidates import candidate_rows
    from normtrace.coding.exchange.passage_memos import joined_memos, memoed_codings
    from normtrace.coding.human import events

    with opened(ctx) as project:
        store = project.store
        if code is not None:  # a mistyped code or key would list (nothing)
            from normtrace.coding.counts import check_codes  # (and the counts: only for --code)

            check_codes(store, [code])
        if (
            unit_key is not None
            and not store.conn.execute("SELECT 1 FROM units WHERE key = ?", (unit_key,)).fetchone()
        ):
            raise NotFoundError("unit", unit_key, hint="list units with `normtrace show SYMBOL`")
        # one row more than shown, to tell a cut list from a whole one
        wanted = limit + 1 if limit else -1
        if source == "events":
            rows: list[Any] = events.list_events(store, unit_key=unit_key)
            rows = [e for e in rows if code is None or e.code == code]
            # the log's latest --limit events, still oldest first
            cut, rows = len(rows) > limit > 0, rows[-limit:] if limit else rows
        else:
            if source == "human":  # each with every memo on it (memo: the first)
                listed = memoed_codings(store, unit_key=unit_key, code=code)
                rows = listed if fmt == "json" else [
                    {**asdict(r), "memos": joined_memos(r.memos)} for r in listed
                ]  # fmt: skip
            else:
                rows = candidate_rows(store, unit_key=unit_key, code=code, limit=wanted)
                if fmt == "table":  # for people: the id names its kind (a suggestion's is s36)
                    rows = [{**r, "id": proposal_ref("c", r["id"])} for r in rows]
            cut, rows = len(rows) > limit > 0, rows[:limit] if limit else rows
    emit(rows, fmt)
    if cut:
        which = "latest" if source == "events" else "first"
        click.echo(f"listed the {which} {limit} rows; --limit 0 lists all", err=True)


@code_group.command("precision")
@click.option("--codebook", default=None, help="Only this codebook name.")
@click.option(
    "--version", "version", default=None, metavar="VERSION",
    help="The verdicts on the candidates of that codebook version's runs (an earlier "
    "version's precision); default: the candidates the latest run of each codebook proposes.",
)  # fmt: skip
@format_option
@pass_context
def precision_command(ctx: Context, codebook: str | None, version: str | None, fmt: str) -> None:
    """Precision of each code's dictionary from accept/reject verdicts (Wilson 95% interval).

    Verdicts only: with none, one line says what is missing and what to do (codings made by
    hand or imported are scored by `code validate --no-model`)."""
    from normtrace.coding.human.precision import PrecisionRow, code_precision, no_precision

    with opened(ctx) as project:
        rows = code_precision(project.store, codebook=codebook, version=version)
        why = "" if rows else no_precision(project.store, codebook=codebook, version=version)
    if why:  # in a table, in place of "(nothing)"; beside an empty CSV or JSON, on stderr
        click.echo(why, err=fmt != "table")
    if rows or fmt != "table":
        emit(rows, fmt, columns=[f.name for f in fields(PrecisionRow)])


@code_group.command("convert")
@click.argument("source")
@click.argument("target", type=click.Path(dir_okay=False))
def convert_command(source: str, target: str) -> None:
    """Convert a codebook between YAML and REFI-QDA .qdc (by TARGET's extension)."""
    from normtrace.coding.exchange.qdc import export_qdc
    from normtrace.coding.exchange.yamlio import dump_codebook

    book = read_codebook(source)
    if Path(target).suffix.lower() == ".qdc":
        export_qdc(book, target)
    else:
        Path(target).write_text(dump_codebook(book), encoding="utf-8")
    click.echo(f"wrote {target} ({book.name}@{book.version}, {len(book.codes)} codes)")


def _show_event(event: CodingEvent, as_json: bool) -> None:
    if as_json:
        echo_json(asdict(event))
        return
    what = "".join(f" {v}" for v in (event.verdict, event.code) if v)
    where = f" {event.unit_key}[{event.start}:{event.end}]" if event.unit_key else ""
    if event.document:
        where = f" on document {event.document}"
    click.echo(f"event {event.id}: {event.coder} {event.action}{what}{where}")
