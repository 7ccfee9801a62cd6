"""Exporters as plugins (entry-point group ``normtrace.exporters``).

An exporter writes part of a project to one file. It provides::

    name          the entry point's name (``normtrace code export --format NAME``)
    description   one line
    suffixes      the file suffixes it writes, lower case with the dot (".csv",)
    write(store, path, request) -> Written

``request`` (:class:`ExportRequest`) says which codings (a
:class:`~normtrace.coding.exchange.tables.PassageFilter`) and which codebook the user
asked for; an exporter uses what applies to it. :func:`choose_exporter` takes the
exporter named by ``--format``, else the first whose suffixes hold the file's: the
built-ins first, then packages by name. An exception a package exporter raises
becomes a :class:`~normtrace.errors.CodingError` naming it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, cast

from normtrace import plugins
from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.exchange.adjudications import (
    adjudication_passages,
    final_codings,
    standing,
)
from normtrace.coding.exchange.carried import (
    awaiting_line,
    awaiting_review,
    not_carried,
    removed_code_codings,
)
from normtrace.coding.exchange.marks import marked_codebooks
from normtrace.coding.exchange.memo_rows import gone_line, memo_passages, merged
from normtrace.coding.exchange.qdc import export_qdc
from normtrace.coding.exchange.qdpx import default_codebook, export_qdpx
from normtrace.coding.exchange.table_files import write_table
from normtrace.coding.exchange.tables import REJECTION, Passage, PassageFilter, passages
from normtrace.coding.exchange.yamlio import dump_codebook
from normtrace.coding.human.events import ADJUDICATION_PREFIX
from normtrace.errors import CodingError, NormtraceError
from normtrace.store.db import Store

GROUP = "normtrace.exporters"


@dataclass(frozen=True)
class ExportRequest:
    """What the user asked to export; each exporter uses what applies to it."""

    #: which codings or passages (human codings only unless ``sources`` says more)
    where: PassageFilter = field(default_factory=lambda: PassageFilter(sources=("human",)))
    #: which codebook (``None``: the one with the most human codings)
    codebook: str | None = None


@dataclass(frozen=True)
class Written:
    """What an exporter wrote: where, how many of what, and anything left out."""

    path: str
    count: int
    what: str
    notes: tuple[str, ...] = ()
    #: human codings of the exported codebook the file does not hold (their codes are no
    #: longer in it: :func:`~normtrace.coding.exchange.carried.removed_code_codings`)
    lost: int = 0

    def summary(self) -> str:
        """``wrote PATH (N what)``."""
        return f"wrote {self.path} ({self.count} {self.what})"


class ExporterPlugin(Protocol):
    """What a ``normtrace.exporters`` entry point names (an object or a class)."""

    name: str
    description: str
    suffixes: tuple[str, ...]

    def write(self, store: Store, path: Path, request: ExportRequest) -> Written:
        """Write the file (raise a :class:`~normtrace.errors.NormtraceError` on failure)."""


class _Passages:
    description = "codings and review marks as a table (--passages adds machine passages)"

    def __init__(self, name: str, suffix: str) -> None:
        self.name = name
        self.suffixes = (suffix,)

    def write(self, store: Store, path: Path, request: ExportRequest) -> Written:
        where, notes = request.where, []
        if "human" in where.sources and where.code is None and where.reviews is None:
            book = review_codebook(store, request.codebook)
            where = replace(where, reviews=book)
            others = [b for b in marked_codebooks(store) if b != book]
            if others:
                notes.append(
                    f"review marks of {', '.join(others)}: a table carries one codebook's "
                    f"({book}); export each with --codebook NAME"
                )
        if where.reviews is not None:
            notes += not_carried(store, where.reviews, rejections=REJECTION in where.sources)
        waiting = (
            awaiting_review(store, code=where.code, coder=where.coder, symbol=where.symbol)
            if "human" in where.sources
            else 0
        )
        if waiting:
            notes.append(awaiting_line(waiting))
        if "human" in where.sources:  # a table holds passages: memos on whole documents
            memos = store.conn.execute(
                "SELECT count(*) FROM effective_coding_events WHERE action = 'memo' "
                "AND document IS NOT NULL AND (? IS NULL OR coder = ?) "
                "AND (? IS NULL OR document = ?)",
                (where.coder, where.coder, where.symbol, where.symbol),
            ).fetchone()[0]
            if memos:
                notes.append(
                    f"{memos} memo(s) on whole documents are not in a table (it holds "
                    "passages): export a .qdpx to carry them, or list them with `normtrace "
                    "code doc-memos`"
                )
        rows = passages(store, where)
        # a coding of a code no codebook holds any more cannot be imported back (the notes
        # above say so): it is left out, as the .qdpx leaves it out
        current = "SELECT c.code FROM codes c JOIN current_codebooks b ON b.id = c.codebook_id"
        held = {str(r[0]) for r in store.conn.execute(current)}
        kept = [r for r in rows if r.status != "coded" or r.code in held]
        orphans = [r for r in rows if r.status == "coded" and r.code not in held]
        if orphans:
            rows = kept
            told = removed_code_codings(store, where.reviews) if where.reviews else {}
            more = len(orphans) - sum(told.values())  # the notes above name these already
            if more > 0:
                notes.append(
                    f"left out {more} coding(s) or accept(s) of codes no codebook holds any "
                    f"more ({', '.join(sorted({r.code for r in orphans}))}): an import could "
                    "not name them"
                )
        # memos on whole units: rows of their own (memo_rows), which code import reads back
        memos, gone = memo_passages(store, where)
        if gone:
            notes.append(gone_line(gone))
        # adjudication decisions in force: rows of their own, not their final codings
        rows, decided, said = _with_decisions(store, rows, where, request.codebook)
        notes += said
        rows = merged(rows, [*memos, *decided])
        write_table(rows, path, self.suffixes[0].lstrip("."))
        return Written(str(path), len(rows), "rows", tuple(notes), waiting)


def _with_decisions(
    store: Store, rows: list[Passage], where: PassageFilter, codebook: str | None
) -> tuple[list[Passage], list[Passage], list[str]]:
    """``rows`` without the final codings of adjudications, the rows of the decisions in force
    of the table's codebook (:mod:`~normtrace.coding.exchange.adjudications`), and what the
    export says of those it cannot carry."""
    if "human" not in where.sources:
        return rows, [], []
    book = where.reviews or review_codebook(store, codebook)
    settled = standing(store, book) if book else None  # read once
    decision_rows, gone = adjudication_passages(store, where, settled)
    finals = final_codings(store)
    carried = {int(r.ref) for r in decision_rows}
    final_of = {s.id: s.final_event_id for s in settled.in_force} if settled else {}
    shown = {final_of[i] for i in carried if final_of.get(i) is not None}
    kept, other = [], 0
    for r in rows:
        if r.source == "human" and r.status == "coded" and r.ref in finals and (
                r.coder or "").startswith(ADJUDICATION_PREFIX):  # fmt: skip
            other += r.ref not in shown
            continue
        kept.append(r)
    notes = []
    history = settled.superseded if settled else 0
    if history:
        notes.append(
            f"{history} adjudication(s) of {book} a later decision replaced (the history; the "
            "decisions in force are rows of source adjudication): list them on the "
            "workbench's Adjudication page"
        )
    if gone:
        notes.append(f"{gone} adjudication(s) of {book} on units or words no longer in the "
                     "project: a table cannot place them")  # fmt: skip
    if other:
        notes.append(
            f"{other} final coding(s) of adjudications not in force for {book} (another "
            "codebook's decisions): export that codebook with --codebook NAME"
        )
    return kept, decision_rows, notes


def review_codebook(store: Store, codebook: str | None = None) -> str | None:
    """The codebook whose review marks a codings table carries: ``codebook`` if given, else
    the one with the most human codings (without any: the only one holding marks, else the
    latest registered; ``None``: no codebook)."""
    if codebook is not None:
        return stored_codebook(store, codebook).name
    marked = marked_codebooks(store)
    coded = store.conn.execute("SELECT 1 FROM human_codings LIMIT 1").fetchone()
    if coded is None and len(marked) == 1:
        return marked[0]
    try:
        return default_codebook(store)
    except CodingError:
        return None


class _Qdpx:
    name = "qdpx"
    description = (
        "the project (sources, every codebook or --codebook's, codings, memos, review marks) "
        "as .qdpx"
    )
    suffixes = (".qdpx",)

    def write(self, store: Store, path: Path, request: ExportRequest) -> Written:
        report = export_qdpx(store, path, codebook=request.codebook)
        others = report.other_codebooks
        return Written(
            str(path),
            report.codings,
            f"codings ({report.accepted} accepted candidates); {report.sources} sources, "
            f"{report.codes} codes of {report.codebook}, "
            f"{report.memos} memos, {report.reviews} review marks, {report.users} users"
            + (f"; left out: {others} codings of other codebooks (--codebook)" if others else ""),
            tuple(report.skipped),
            report.lost,
        )


class _Codebook:
    def __init__(self, name: str, description: str, suffixes: tuple[str, ...]) -> None:
        self.name, self.description, self.suffixes = name, description, suffixes

    def write(self, store: Store, path: Path, request: ExportRequest) -> Written:
        book = stored_codebook(store, request.codebook or default_codebook(store))
        if self.name == "codebook-qdc":
            export_qdc(book, path)
        else:
            try:
                path.write_text(dump_codebook(book), encoding="utf-8")
            except OSError as exc:
                raise CodingError(
                    f"{path}: cannot write ({exc.strerror}); check the folder"
                ) from exc
        return Written(str(path), len(book.codes), f"codes of {book.name}@{book.version}")


PASSAGES_CSV = _Passages("passages-csv", ".csv")
PASSAGES_XLSX = _Passages("passages-xlsx", ".xlsx")
QDPX = _Qdpx()
CODEBOOK_YAML = _Codebook(
    "codebook-yaml", "the project's current codebook as YAML", (".yaml", ".yml")
)
CODEBOOK_QDC = _Codebook(
    "codebook-qdc", "the project's current codebook as REFI-QDA .qdc", (".qdc",)
)

#: The built-in exporters, in the order a suffix is matched; ``pyproject.toml`` declares the same.
BUILTINS = {
    "passages-csv": "normtrace.coding.exchange.registry:PASSAGES_CSV",
    "passages-xlsx": "normtrace.coding.exchange.registry:PASSAGES_XLSX",
    "qdpx": "normtrace.coding.exchange.registry:QDPX",
    "codebook-yaml": "normtrace.coding.exchange.registry:CODEBOOK_YAML",
    "codebook-qdc": "normtrace.coding.exchange.registry:CODEBOOK_QDC",
}


def check_exporter(name: str, obj: object) -> str:
    """Why ``obj`` is no exporter plugin called ``name`` (``""`` when it is one)."""
    return plugins.check_object(
        name, obj, strings=("description",), functions=("write",),
        names=("suffixes", "lower-case suffixes like '.csv'",
               lambda s: s.startswith(".") and s == s.lower()),
    )  # fmt: skip


def exporters() -> plugins.Registry[ExporterPlugin]:
    """The registered exporters (read once per process)."""
    return plugins.cached(
        GROUP,
        lambda: plugins.load_group(
            GROUP, BUILTINS, check_exporter, lambda o: cast(ExporterPlugin, o)
        ),
    )


def choose_exporter(path: str | Path, fmt: str | None = None) -> plugins.Entry[ExporterPlugin]:
    """The exporter called ``fmt``, else the first that writes ``path``'s suffix.

    Raises:
        CodingError: no such exporter, or none writes that suffix.
    """
    registry = exporters()
    if fmt is not None:
        entry = registry.get(fmt)
        if entry is None:
            raise CodingError(
                f"no exporter {fmt!r}; registered: {', '.join(registry.names())} "
                "(`normtrace plugins` lists them)"
            )
        return entry
    suffix = Path(path).suffix.lower()
    for entry in registry.entries:
        if suffix in entry.obj.suffixes:
            return entry
    known = sorted({s for e in registry.entries for s in e.obj.suffixes})
    raise CodingError(
        f"{path}: no exporter writes {suffix or 'files without a suffix'!r}; "
        f"write one of {', '.join(known)} or name an exporter with --format"
    )


def export(
    store: Store, path: str | Path, request: ExportRequest | None = None, *, fmt: str | None = None
) -> Written:
    """Write ``path`` with the exporter :func:`choose_exporter` picks.

    Raises:
        CodingError: no exporter fits, or a package exporter failed (naming it).
    """
    entry = choose_exporter(path, fmt)
    target, request = Path(path), request or ExportRequest()
    if entry.builtin:
        return entry.obj.write(store, target, request)
    try:
        written = entry.obj.write(store, target, request)
    except NormtraceError:
        raise
    except Exception as exc:  # noqa: BLE001 - a plugin's bug is one error line
        raise CodingError(
            f"{path}: exporter plugin {entry.name!r} ({entry.origin}, {entry.value}) raised "
            f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}; fix or uninstall it"
        ) from exc
    if not isinstance(written, Written):
        raise CodingError(
            f"{path}: exporter plugin {entry.name!r} ({entry.origin}) returned "
            f"{type(written).__name__}, not a Written"
        )
    return written
