"""The public Python API: :class:`Project`, one normtrace project (one SQLite file).

>>> project = Project(":memory:")
>>> project.summary()["totals"]["documents"]
0
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from normtrace.errors import ConfigError
from normtrace.reuse.params import DEFAULT_MEMORY_MB, ReuseParams
from normtrace.store import queries
from normtrace.store.db import Store

if TYPE_CHECKING:  # the pipeline and the reuse stages load when a method needs them
    from normtrace.coding.learn.validate import Validation
    from normtrace.pipeline import IngestReport
    from normtrace.reuse.first import FirstAppearance
    from normtrace.reuse.store_parallel import PartitionedReport


class Project:
    """A normtrace project.

    Args:
        path: the project file; default ``$NORMTRACE_PROJECT`` or ``./normtrace.db``.
            ``":memory:"`` gives a throw-away project.
        create: create the project file when there is none (the default); with ``False`` a
            missing file is a :class:`~normtrace.errors.StoreError` naming the path.

    Rows are plain dicts, so ``pandas.DataFrame(project.speeches())`` works.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, create: bool = True) -> None:
        self.store = Store.open(path, create=create)

    @property
    def path(self) -> str:
        """Where the project lives (``:memory:`` for a throw-away one)."""
        return str(self.store.path) if self.store.path else ":memory:"

    def close(self) -> None:
        """Close the project."""
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        progress: bool | None = False,
        engine: str = "local",
        workers: int = 1,
        ocr: str = "auto",
        reparse: bool = False,
        replace_shrunk: bool = False,
    ) -> IngestReport:
        """Ingest files and folders; see :func:`normtrace.pipeline.ingest_paths`.

        ``engine="processes"`` (or ``"dask"``) with ``workers=N`` parses on N processes;
        ``ocr`` (``auto``, ``never``, ``force``) says when scanned pages are recognized;
        ``reparse`` parses stored files again, a file that now reads differently becoming a
        new version of its document; ``replace_shrunk`` makes current a new version that
        keeps less than half of the current version's words (else held back: ``shrunk``).
        """
        from normtrace.pipeline import ingest_paths

        return ingest_paths(
            self.store, paths, progress=progress, engine=engine, workers=workers, ocr=ocr,
            reparse=reparse, replace_shrunk=replace_shrunk,
        )  # fmt: skip

    def reuse_partitioned(
        self,
        *,
        engine: str = "processes",
        workers: int = 2,
        scheduler: str | None = None,
        memory_mb: int = DEFAULT_MEMORY_MB,
        work_dir: str | os.PathLike[str] | None = None,
        params: ReuseParams | None = None,
        progress: bool | None = False,
    ) -> PartitionedReport:
        """Rebuild all reuse links on ``processes`` or ``dask`` workers, memory bounded per worker.

        The same links as a serial full run (:func:`normtrace.reuse.update_reuse`); an
        interrupted run is resumed by the next call. See
        :func:`normtrace.reuse.store_parallel.update_reuse_partitioned` and ``docs/scale.md``.
        """
        if engine not in ("processes", "dask"):
            raise ConfigError(
                f"unknown parallel engine {engine!r}; choose processes or dask "
                "(the serial engine is update_reuse)",
                location="--engine",
            )
        from normtrace.engine import Engine
        from normtrace.reuse.store_parallel import update_reuse_partitioned

        with Engine(engine, workers=workers, scheduler=scheduler, memory_mb=memory_mb) as pool:
            return update_reuse_partitioned(
                self.store, mapper=pool.unordered, engine=engine, params=params,
                workers=workers, memory_mb=memory_mb, work_dir=work_dir, progress=progress,
            )  # fmt: skip

    def documents(
        self, *, doc_type: str | None = None, year: int | None = None, topic: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Current documents (symbol, edition, type, title, date, counts ...), each with its
        meeting's agenda items (``topic``, ``topic_source``: :mod:`normtrace.store.topics`).

        ``topic``: only the meeting records whose agenda items name it (a whole word or
        phrase, case aside: ``Mali`` does not name "The situation in Somalia").

        Raises:
            ConfigError: ``topic`` is blank.
        """
        from normtrace.store.topics import meeting_topics, topic_symbols, with_topic

        on_topic = topic_symbols(self.store, topic) if topic is not None else None
        topics = meeting_topics(self.store)
        for row in queries.iter_documents(self.store, doc_type=doc_type, year=year):
            if on_topic is None or row["symbol"] in on_topic:
                yield with_topic(row, topics)

    def speeches(self, *, symbol: str | None = None) -> Iterator[dict[str, Any]]:
        """Speeches in meeting order (document, index, key, speaker, affiliation, ...).

        Each row also carries ``role``, ``actor`` and, for the President,
        ``presiding_state`` from the latest role run (``None`` before `actors resolve`).
        """
        from normtrace.actors.store_actors import role_columns

        roles = role_columns(self.store)
        empty = {"role": None, "actor": None, "presiding_state": None}
        for row in queries.iter_speeches(self.store, symbol=symbol):
            row.update(roles.get((row["edition"], row["key"]), empty))
            yield row

    def paragraphs(
        self, *, symbol: str | None = None, kind: str | None = None, running: bool = False
    ) -> Iterator[dict[str, Any]]:
        """Paragraphs (document, key, kind, number, label, verb, cites, flags, text, ...), in
        document order: every unit a document stores as a paragraph, its headings, tables,
        captions, footnotes ... included (``kind`` and ``flags`` say which). With
        ``running``, only the paragraphs of running text: those :meth:`documents` and
        ``normtrace ls`` count as ``paragraphs``, not the other units they count apart."""
        return queries.iter_paragraphs(self.store, symbol=symbol, kind=kind, running=running)

    def document(self, symbol: str, *, edition: str | None = None) -> dict[str, Any]:
        """One document with its meta and units, by any usual spelling of its symbol.

        Raises:
            NotFoundError: no current document has that symbol.
        """
        from normtrace.store.topics import meeting_topics, with_topic

        symbol = queries.current_symbol(self.store, symbol)
        doc = queries.get_document(self.store, symbol, edition=edition)
        return with_topic(doc, meeting_topics(self.store, [symbol]))

    def search(
        self, query: str, *, limit: int = 20, topic: str | None = None
    ) -> list[dict[str, Any]]:
        """Units matching ``query`` (the query language of ``normtrace.coding.query``), best
        first, each with its first match in context; ``topic``: in the meeting records
        whose agenda items name it only (:func:`normtrace.coding.search.topic_filters`)."""
        from normtrace.coding.search import Filters, search, topic_filters

        filters = topic_filters(self.store, Filters(), topic) if topic is not None else None
        return search(self.store, query, limit=limit, filters=filters)

    def first(
        self,
        phrase: str | None = None,
        *,
        code: str | None = None,
        codebook: str | None = None,
        case: str | None = None,
    ) -> FirstAppearance:
        """First appearance of ``phrase`` (the query language) or of ``code``: the earliest
        unit, the first use by role and the adoption curve (``normtrace first``).

        ``case``: a bundled case id or a case file's path, as ``trace`` and ``report`` take
        it; only that case's documents are read (:func:`normtrace.trace.scope.case_scope`),
        so a first use is the first within the case. ``codebook``: as
        :func:`normtrace.reuse.first.first_appearance` takes it.

        Raises:
            ReuseError: neither or both of ``phrase`` and ``code``; a codebook with a phrase.
            TraceError: no such case, or no document of the project in it.
        """
        from normtrace.reuse.first import first_appearance

        if case is None:
            return first_appearance(self.store, phrase, code, codebook=codebook)
        from normtrace.trace.scope import case_scope

        scope = case_scope(self.store, case)
        return first_appearance(self.store, phrase, code, codebook=codebook,
                                documents=scope.symbols, within=scope.label)  # fmt: skip

    def latest_validation(self, codebook: str, *, level: str | None = None) -> Validation | None:
        """The newest measured error of ``codebook``'s codes (``normtrace code validate``).

        Per code and method (``dictionary``, ``model``): precision, recall and F1 with
        95 % intervals and ``n``, the human-coded units behind them; ``None`` before a
        validation. ``level`` picks ``unit`` or ``paragraph`` (default: the newest of either).
        """
        from normtrace.coding.learn.validate import latest_validation

        return latest_validation(self.store, codebook, level=level)

    def summary(self) -> dict[str, Any]:
        """Documents, speeches and paragraphs by type and year."""
        return queries.summarize(self.store)
