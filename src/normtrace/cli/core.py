"""Core commands: ingest, ls, show, search, export (the pipeline is imported when they run)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from normtrace.cli.base import (
    Context,
    LibraryChoice,
    echo_json,
    json_option,
    opened,
    pass_context,
)
from normtrace.engine import ENGINES
from normtrace.ingest.limits import MAX_FILE_MB, MAX_PARSE_SECONDS, IngestLimits
from normtrace.store.export import FORMATS, write_rows

if TYPE_CHECKING:
    from normtrace.pipeline import FileOutcome


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal)."
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="Where files are extracted and parsed (storing stays here).",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    help="Processes for --engine processes|dask (default 1); with the local engine, Tesseract "
    "processes at once for OCR (default: min(CPUs, 8)); a parallel engine's workers run one "
    "each.",
)
@click.option("--scheduler", help="Address of a running Dask scheduler (with --engine dask).")
@click.option(
    "--ocr",
    type=LibraryChoice("normtrace.ingest.ocr:OCR_MODES"),
    default="auto",
    show_default=True,
    help="Recognize scanned PDF pages with Tesseract: auto (pages without a text layer, "
    "when Tesseract is installed), never, force (every page).",
)
@click.option(
    "--max-file-mb",
    type=click.FloatRange(0),
    help="Refuse files larger than this many MiB (default: $NORMTRACE_MAX_FILE_MB or "
    f"{MAX_FILE_MB:g}; 0: no limit).",
)
@click.option(
    "--max-parse-seconds",
    type=click.FloatRange(0),
    help="Stop parsing a file after this long (default: $NORMTRACE_MAX_PARSE_SECONDS or "
    f"{MAX_PARSE_SECONDS:g}; 0: no limit).",
)
@click.option(
    "--reparse",
    is_flag=True,
    help="Parse again files whose bytes are stored (after an upgrade): one that now reads "
    "differently becomes a new version of its document, the coders' work carried by its "
    "words (re-anchored where they stand in their unit; where they changed or stand at "
    "another unit, listed by `code review`); one that reads the same is unchanged. The "
    "parser's warnings that appeared or "
    "went against the previous reading are printed, one line each, and counted.",
)
@click.option(
    "--replace-shrunk",
    is_flag=True,
    help="Make current a new version that keeps less than half of the current version's "
    "words (else it is stored but held back, with one `error:` line saying how much it lost, "
    "and the exit status is 1): for a document meant to lose most of its text. With "
    "--reparse (and the --ocr mode that read it), a new reading of the same bytes. The "
    "coders' work on the lost words is listed by `code review`.",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not print the parsers' warnings.")
@pass_context
def ingest_command(
    ctx: Context,
    paths: tuple[str, ...],
    progress: bool | None,
    engine: str,
    workers: int | None,
    scheduler: str | None,
    ocr: str,
    max_file_mb: float | None,
    max_parse_seconds: float | None,
    reparse: bool,
    replace_shrunk: bool,
    quiet: bool,
) -> None:
    """Ingest PDF, text, HTML and corpus files, and folders recursively.

    Every file that cannot be ingested gets one line (`error: PATH: reason`) and the
    batch goes on; the exit status is then 1. Structural warnings of stored documents
    are printed as `warning: PATH: ...` (--quiet hides them; `show` lists them again).
    Files whose bytes are stored are `unchanged`; a file whose bytes are an earlier version
    of a document whose current version was read from another file gets a `note:` line (which
    version it is, which is current and from where, and how to make it current again: only a
    file put back at that path is) and is counted apart. --reparse parses them again after an
    upgrade of normtrace, and the summary says how many were re-parsed into new versions. A
    re-parsed file's warnings are compared with its previous reading: `warning appeared:` and
    `warning gone:` lines (marked `(reads the same: not stored)` for a file that reads the
    same, whose stored warnings stay), counted in the summary. A new version that keeps less
    than half of the current version's words (a file cut short or mis-extracted, or a
    re-parse that reads fewer words) is stored but not made current (held back): one `error:`
    line says how many words it kept and the command that makes it current (--replace-shrunk;
    with --reparse for a re-parse), the exit status is 1, and a re-parse's warnings are marked
    `(held back: not current)`, not counted. Corpus speech files, each replacing one speech,
    are not measured.
    """
    limits = IngestLimits.from_env(max_file_mb=max_file_mb, max_parse_seconds=max_parse_seconds)

    def report(outcome: FileOutcome) -> None:
        for line in outcome.lines(quiet=quiet):  # its error, note, warnings (--quiet: none)
            click.echo(line, err=True)

    with opened(ctx, create=True) as project:
        from normtrace.pipeline import ingest_paths

        existed = project.store.conn.execute("SELECT 1 FROM sources LIMIT 1").fetchone()

        from normtrace.ingest.interrupt import IngestInterrupted, terminate_as_interrupt

        try:
            # --workers bounds Tesseract too (one each on a parallel engine's workers)
            jobs = None if workers is None else 1 if engine != "local" else workers
            with terminate_as_interrupt() as signalled:  # SIGTERM: as ^C
                result = ingest_paths(
                    project.store,
                    paths,
                    progress=progress,
                    on_outcome=report,
                    engine=engine,
                    workers=workers or 1,
                    scheduler=scheduler,
                    ocr=ocr,
                    limits=limits,
                    reparse=reparse,
                    replace_shrunk=replace_shrunk,
                    ocr_jobs=jobs,
                )
        except IngestInterrupted as stop:  # the project's count of what was stored
            click.echo(stop.line(), err=True)
            sys.exit(128 + (signalled[0] if signalled else 2))
        click.echo(result.summary(), err=True)
        # a mistyped --project would otherwise start a new project without a word
        made = "" if existed else " (a new project: it held nothing before this ingest)"
        click.echo(f"project: {project.path}{made}", err=True)
    if not result.ok:
        sys.exit(1)


@click.command("ingest-corpus")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--tables",
    type=click.Path(exists=True, file_okay=False),
    help="Folder holding meta.tsv and speaker.tsv (default: FOLDER).",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal)."
)
@pass_context
def ingest_corpus_command(
    ctx: Context, folder: str, tables: str | None, progress: bool | None
) -> None:
    """Load the UN Security Council Debates corpus (speech files, meta.tsv, speaker.tsv)."""
    from normtrace.pipeline import ingest_corpus

    with opened(ctx, create=True) as project:
        result = ingest_corpus(project.store, folder, tables=tables, progress=progress)
        for failure in result.failures:
            click.echo(f"error: {failure.error}", err=True)
        click.echo(result.summary().replace("files", "meetings or files"), err=True)
        if not (Path(tables or folder) / "meta.tsv").is_file():
            click.echo(
                f"note: no meta.tsv in {tables or folder}: the meetings are undated until "
                "`normtrace actors links` dates them from the UN Library index",
                err=True,
            )
            click.echo("next: `normtrace actors links`, then `normtrace actors resolve`", err=True)
        else:
            click.echo(
                "next: `normtrace actors resolve` to give the speeches their roles", err=True
            )
    if not result.ok:
        sys.exit(1)


@click.command("ls")
@click.option("--type", "doc_type", help="Only documents of this type (resolution, verbatim, ...).")
@click.option("--year", type=int, help="Only documents of this year.")
@click.option(
    "--topic",
    metavar="TEXT",
    help="Only meeting records whose agenda item names TEXT (a whole word or phrase, case "
    "aside: Mali is not Somalia), from the UN Library meeting index (normtrace actors links).",
)
@json_option
@pass_context
def ls_command(
    ctx: Context, doc_type: str | None, year: int | None, topic: str | None, as_json: bool
) -> None:
    """List the documents in the project.

    Paragraphs are those of running text; a document's other units (headings, tables, maps,
    captions, footnotes ...) are counted apart, by class. `export paragraphs` writes both;
    `export paragraphs --running` these paragraphs only.
    """
    with opened(ctx) as project:
        rows = list(project.documents(doc_type=doc_type, year=year, topic=topic))
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        edition = "" if r["edition"] == "record" else f" [{r['edition']}]"
        counts = f"{r['speeches']} speeches, {r['units']}"
        about = f"\t{r['topic']}" if r["topic"] else ""
        click.echo(f"{r['symbol']}{edition}\t{r['doc_type']}\t{r['date'] or '-'}\t{counts}{about}")
    click.echo(f"{len(rows)} documents", err=True)


@click.command("show")
@click.argument("symbol")
@click.option("--edition", help="record or corpus (default: record when both exist).")
@json_option
@pass_context
def show_command(ctx: Context, symbol: str, edition: str | None, as_json: bool) -> None:
    """Show one document with its speeches and paragraphs."""
    with opened(ctx) as project:
        doc = project.document(symbol, edition=edition)
    if as_json:
        echo_json(doc)
        return
    _print_document(doc)


def _print_document(doc: dict[str, Any]) -> None:
    click.echo(f"{doc['symbol']}  {doc['doc_type']}  {doc['date'] or ''}  {doc['title'] or ''}")
    if doc.get("topic"):
        click.echo(f"  topic: {doc['topic']}  (from {doc['topic_source']['described']})")
    extractor = doc.get("extractor") or "not recorded (stored before schema v27)"
    release = f", normtrace {doc['normtrace_version']}" if doc.get("normtrace_version") else ""
    click.echo(f"  read: version {doc['version']}, parser {doc['parser']}, extractor {extractor}"
               f"{release}")  # fmt: skip
    ocr = (doc.get("meta") or {}).get("ocr")
    if ocr:
        pages = ocr["pages"]
        span = f"{pages[0]}-{pages[-1]}" if len(pages) > 1 else str(pages[0])
        click.echo(
            f"  text: OCR ({ocr['engine']}, {ocr['dpi']} dpi) on pages {span}, "
            f"mean word confidence {ocr['mean_confidence']:.1f} %: "
            "check quotations against the scan"
        )
    for warning in doc["warnings"]:
        click.echo(f"  warning: {warning}")
    for s in doc["speeches"]:
        who = s["speaker"] + (f" ({s['affiliation']})" if s["affiliation"] else "")
        click.echo(f"\n[{s['key']}] {who}: {_clip(s['text'], 300)}")
    for p in doc["paragraphs"]:
        if doc["speeches"]:
            break
        click.echo(f"[{p['key']}] {p['kind']}: {_clip(p['text'], 200)}")


@click.command("search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--topic",
    metavar="TEXT",
    help="Only meeting records whose agenda item names TEXT (a whole word or phrase, case "
    "aside: Mali is not Somalia), from the UN Library meeting index (normtrace actors links).",
)
@json_option
@pass_context
def search_command(ctx: Context, query: str, limit: int, topic: str | None, as_json: bool) -> None:
    """Units matching QUERY, best first, with the first match in context.

    QUERY is the query language of kwic, first and freq (docs/query.md): words matched as
    a phrase in order, `*` ending a word (asymmetric*), alternatives (means|measures),
    `A NEAR/5 B`, and `NOT PATTERN` or `NOT/N PATTERN` to drop matches.
    """
    with opened(ctx) as project:
        hits = project.search(query, limit=limit, topic=topic)
        if topic is not None:
            from normtrace.cli.counts import note_topic

            note_topic(project.store, topic)
    if as_json:
        echo_json(hits)
        return
    for hit in hits:
        edition = "" if hit["edition"] == "record" else f" ({hit['edition']})"
        click.echo(f"{hit['key']}{edition}\t{hit['snippet']}")
    more = " (the first ones; raise --limit for more)" if len(hits) >= limit else ""
    click.echo(f"{len(hits)} hits{more}", err=True)


@click.command("export")
@click.argument("kind", type=click.Choice(["documents", "speeches", "paragraphs"]))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File (default: stdout).")
@click.option(
    "--running", is_flag=True, help="paragraphs: only those of running text (those `ls` counts)."
)
@pass_context
def export_command(ctx: Context, kind: str, fmt: str, output: str | None, running: bool) -> None:
    """Export documents, speeches or paragraphs as JSON Lines or CSV.

    paragraphs: every unit a document stores as a paragraph, in document order: its
    headings, tables, captions, footnotes ... too (kind and flags say which), where `ls`
    counts the paragraphs of running text and the other units apart; --running writes only
    the paragraphs `ls` counts.
    """
    if running and kind != "paragraphs":
        raise click.UsageError("--running applies to paragraphs only")
    with opened(ctx) as project:
        rows: Iterator[dict[str, Any]]
        if kind == "documents":
            rows = project.documents()
        elif kind == "speeches":
            rows = project.speeches()
        else:
            rows = project.paragraphs(running=running)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = write_rows(rows, fh, fmt=fmt)
            click.echo(f"{n} {kind} written to {output}", err=True)
        else:
            write_rows(rows, sys.stdout, fmt=fmt)


def _clip(text: str, n: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"
