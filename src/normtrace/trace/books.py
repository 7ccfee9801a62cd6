"""Which codebook's codings a case report reads of a code id two codebooks share.

Codebooks may share a code id (a project's own ``frames`` codebook keeping the default's
``poc``). The report shows one codebook's measured error beside each code, so it reads that
codebook's codings of it (its coders' codings, their accepts and its dictionary's
candidates: :func:`~normtrace.coding.counts.counted_sources`, as ``freq --codebook`` and
``first --codebook`` count them):

* with ``--codebook NAME``: every code's codings of ``NAME`` only, measured by ``NAME``'s
  current version;
* without: a code id one codebook holds is read as every count reads it
  (:func:`~normtrace.coding.counts.counted_sources`); a code id two or more hold is read from the
  codebook a coding of it that names none is for
  (:func:`~normtrace.coding.human.books.default_book`), whose
  measurement :func:`~normtrace.coding.validity.project_validity` shows.

The codings of the case's documents another codebook made and the report leaves out are
counted (:func:`left_out`) and said in one line (:meth:`CodingScope.note`). The run records
the scope in its parameters (:meth:`CodingScope.params`).

>>> CodingScope().note()
''
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from normtrace.coding.counts import counted_sources, sources_without, whole_again
from normtrace.coding.human.books import default_book
from normtrace.coding.human.reviews import codebook_version
from normtrace.coding.human.suggestion_absent import rejected_candidates
from normtrace.coding.units import has_table
from normtrace.store.db import Store

#: a span of one code: ``(unit_key, start, end, code)``
Span = tuple[str, int, int, str]


@dataclass(frozen=True)
class CodingScope:
    """The codings a case report reads: ``codebook``'s only (``--codebook``), or, without
    one, each shared code id's (``read``: code id → codebook) from one codebook."""

    #: the codebook named with ``--codebook`` ("" for none)
    codebook: str = ""
    #: without ``codebook``: each code id two or more codebooks hold → the codebook read
    read: dict[str, str] = field(default_factory=dict)
    #: codebook → code id → spans of the case documents it coded that are left out
    left: dict[str, dict[str, int]] = field(default_factory=dict)
    #: each codebook read for a shared code id (or named) → its current version
    versions: dict[str, str] = field(default_factory=dict)
    #: the candidates a reject of a model suggestion reads as absent, which no count holds
    #: (:func:`~normtrace.coding.counts.counted_sources`)
    gone: frozenset[int] = frozenset()
    #: the codings of a whole paragraph read that are no occurrence of their own, as
    #: :func:`~normtrace.coding.counts.coded_spans` leaves them out
    #: (:func:`~normtrace.coding.counts.whole_again`)
    again: frozenset[Span] = frozenset()

    def sql(self) -> tuple[str, tuple[str, ...]]:
        """SQL (and its parameters) of the codings read: ``unit_key, start, end, code,
        snippet``, the spans :func:`~normtrace.coding.counts.coded_spans` gives of them (less
        the suggestion rejects' candidates, ``gone``, and the codings of a whole paragraph
        that are no occurrence, ``again``): what the report's frame events, its mandate
        series and its ledger citations read."""
        sql, params = self._read()
        if not self.again:
            return sql, params
        again = json.dumps(sorted(self.again), ensure_ascii=False)
        return (
            f"SELECT * FROM ({sql}) w WHERE NOT EXISTS (SELECT 1 FROM json_each(?) j WHERE "
            "json_extract(j.value, '$[0]') = w.unit_key AND json_extract(j.value, '$[1]') = "
            "w.start AND json_extract(j.value, '$[2]') = w.\"end\" AND "
            "json_extract(j.value, '$[3]') = w.code)",
            (*params, again),
        )

    def _read(self) -> tuple[str, tuple[str, ...]]:
        """SQL (and its parameters) of the codings read, whole paragraphs' codings as they are
        placed (:meth:`sql` reads them as the counts do)."""
        if self.codebook:
            return sources_without("all", self.codebook, self.gone)
        coded, params = sources_without("all", None, self.gone)
        if not self.read:
            return coded, params
        shared = tuple(self.read)
        marks = ", ".join("?" * len(shared))
        parts = [f"SELECT * FROM ({coded}) WHERE code NOT IN ({marks})"]
        params = (*params, *shared)
        for book in dict.fromkeys(self.read.values()):
            codes = tuple(c for c, b in self.read.items() if b == book)
            sql, book_params = sources_without("all", book, self.gone)
            parts.append(f"SELECT * FROM ({sql}) WHERE code IN ({', '.join('?' * len(codes))})")
            params = (*params, *book_params, *codes)
        return " UNION ALL ".join(parts), params

    def note(self) -> str:
        """One line: the codings of other codebooks left out (how many, which codebooks, of
        which code ids), and how to read another; ``""`` when none is."""
        if not self.left:
            return ""
        books = "; ".join(
            f"{sum(codes.values())} of codebook {book} ("
            + ", ".join(f"{c} {n}" for c, n in sorted(codes.items())) + ")"
            for book, codes in sorted(self.left.items())
        )  # fmt: skip
        read = (
            f"codebook {self.codebook}'s codings only"
            if self.codebook
            else "each shared code id from the codebook whose measured error is shown ("
            + ", ".join(f"{c}: {b}" for c, b in sorted(self.read.items())) + ")"
        )  # fmt: skip
        return (f"codings of the case documents left out: {books}; the report reads {read} "
                "(--codebook NAME reads another)")  # fmt: skip

    def params(self) -> dict[str, Any]:
        """What a recorded run stores of the scope: the codebook named, each shared code
        id's codebook read, and the version of each codebook read."""
        return {"codebook": self.codebook, "shared_code_ids_read_from": self.read,
                "codebook_versions": self.versions}  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict of the scope and what it left out."""
        return {**self.params(), "left_out": self.left}


def coding_scope(store: Store, codebook: str | None = None) -> CodingScope:
    """The codings a report of ``store`` reads: ``codebook``'s (checked: a codebook the
    project does not hold raises :class:`~normtrace.errors.NotFoundError`), else each shared
    code id's from its first registered codebook."""
    if codebook is not None:
        version = codebook_version(store, codebook)  # raises unless the project holds it
        gone = frozenset(rejected_candidates(store, codebook))
        return _whole_read(
            store, CodingScope(codebook=codebook, versions={codebook: version}, gone=gone)
        )
    rows = store.conn.execute(
        "SELECT c.code FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
        "WHERE b.id IN (SELECT id FROM current_codebooks) "
        "GROUP BY c.code HAVING count(DISTINCT b.name) > 1 ORDER BY c.code"
    ).fetchall()
    read = {str(r[0]): default_book(store, str(r[0])) or "" for r in rows}
    versions = {b: codebook_version(store, b) for b in sorted(set(read.values()))}
    gone = frozenset(rejected_candidates(store))
    return _whole_read(store, CodingScope(read=read, versions=versions, gone=gone))


def _whole_read(store: Store, scope: CodingScope) -> CodingScope:
    """``scope`` with the codings of a whole paragraph it reads that are no occurrence of
    their own (:func:`~normtrace.coding.counts.whole_again`: the rule of every count)."""
    if not has_table(store, "codings"):
        return scope
    sql, params = scope.sql()

    def spans() -> Iterator[tuple[str, int, int, str, str]]:  # read only if a paragraph's is
        for r in store.conn.execute(sql, params):
            yield str(r[0]), int(r[1]), int(r[2]), str(r[3]), str(r[4])

    return replace(scope, again=frozenset(whole_again(store, spans())))


def left_out(store: Store, scope: CodingScope, document_ids: Sequence[int]) -> CodingScope:
    """``scope`` with the spans of the documents ``document_ids`` each other codebook coded
    of a code id and the scope does not read (a span read from the codebook it reads too
    is not left out)."""
    if not document_ids:
        return scope
    sql, params = scope._read()  # a whole paragraph's coding read is not left out
    kept = _spans(store, sql, params, document_ids)
    left: dict[str, dict[str, int]] = {}
    books = [str(r[0]) for r in store.conn.execute("SELECT DISTINCT name FROM codebooks")]
    for book in sorted(books):
        if book == scope.codebook:
            continue
        book_sql, book_params = counted_sources(store, "all", book)
        for unit_key, start, end, code in _spans(store, book_sql, book_params, document_ids):
            read = scope.codebook or scope.read.get(code)
            if read and read != book and (unit_key, start, end, code) not in kept:
                counts = left.setdefault(book, {})
                counts[code] = counts.get(code, 0) + 1
    return replace(scope, left=left)


def _spans(store: Store, sql: str, params: Sequence[str], document_ids: Sequence[int]) -> set[Span]:
    marks = ", ".join("?" * len(document_ids))
    rows = store.conn.execute(
        f'SELECT DISTINCT c.unit_key, c.start, c."end", c.code FROM ({sql}) c '
        f"JOIN units u ON u.key = c.unit_key WHERE u.document_id IN ({marks})",
        (*params, *document_ids),
    )
    return {(str(r[0]), int(r[1]), int(r[2]), str(r[3])) for r in rows}
