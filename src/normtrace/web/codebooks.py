"""Codebook editing from the workbench: every save registers a new codebook version.

Versions are the coding domain's content hashes; codings keep the version they
were made with. An edit names the version it started from, so two editors
cannot silently overwrite each other: the second save gets a 409.
"""

from __future__ import annotations

import dataclasses

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
from normtrace.coding.dictionary.matcher import compile_codebook
from normtrace.coding.exchange.carried import not_carried
from normtrace.coding.levels import COUNTED_LEVEL
from normtrace.coding.units import project_genres
from normtrace.coding.validity import CodeValidity, code_validity
from normtrace.errors import CodebookError
from normtrace.store.db import Store
from normtrace.web.deps import ConflictError
from normtrace.web.schemas import (
    CodebookList,
    CodebookSummary,
    CodebookVersion,
    CodebookView,
    CodeEdit,
    CodeOut,
)


def list_codebooks(store: Store) -> CodebookList:
    """Every codebook with its latest version."""
    rows = store.conn.execute(
        "SELECT b.name, b.version, (SELECT count(*) FROM codebooks x WHERE x.name = b.name) AS n, "
        "(SELECT count(*) FROM codes c WHERE c.codebook_id = b.id) AS codes "
        "FROM codebooks b WHERE b.id IN (SELECT id FROM current_codebooks) "
        "ORDER BY b.name"
    ).fetchall()
    return CodebookList(
        codebooks=[
            CodebookSummary(name=r["name"], version=r["version"], versions=r["n"], codes=r["codes"])
            for r in rows
        ]
    )


def _code_out(
    code: Code,
    validity: dict[str, CodeValidity] | None = None,
    genres: set[str] | None = None,
    paragraphs: dict[str, CodeValidity] | None = None,
) -> CodeOut:
    """A code for the page; ``validated`` only where the measurement holds for every genre of
    unit the project holds (``genres``; a project of reports is judged on reports).

    ``validity``: the measurement at unit level, what the case report, ``first`` and ``freq``
    count (:func:`~normtrace.coding.validity.code_validity`, the one rule); ``paragraphs``: at
    paragraph level, said beside it when a paragraph-level run of the project measures the
    code otherwise (what ``freq --level paragraph`` shows)."""
    measured = (validity or {}).get(code.id, CodeValidity(code.id))
    held = genres if genres else {""}
    whole = (paragraphs or {}).get(code.id)
    # a code without a dictionary has no source: what its run measured is its model, which
    # describe() names with its run
    beside = (
        f" · counted by whole paragraph (freq --level paragraph): {whole.describe()}"
        + (f" (measured on the {whole.source})" if whole.source else "")
        if whole is not None and whole.level == "paragraph" and measured.level != "paragraph"
        else ""
    )
    return CodeOut(
        measured_error=(
            f"{measured.describe()}"
            + (f" (measured on the {measured.source}" if measured.source else "")
            + (f"; on speeches, on {measured.speeches.source}" if measured.speeches else "")
            + (f"; on reports, on {measured.reports.source}" if measured.reports else "")
            + (
                f"; on resolutions before 1999, on {measured.early.source}"
                if measured.early
                else ""
            )  # fmt: skip
            + (")" if measured.source else "")
            + beside
            if code.codable
            else ""
        ),
        validated=all(measured.for_text(g)[1].validated for g in held),
        id=code.id,
        name=code.name,
        parent=code.parent,
        definition=code.definition,
        inclusion=code.inclusion,
        exclusion=code.exclusion,
        codable=code.codable,
        color=code.color,
        patterns=[e.pattern for e in code.entries if e.pattern is not None],
        proximity=[e.label() for e in code.entries if e.near is not None],
    )


def view_codebook(store: Store, name: str) -> CodebookView:
    """The latest version of codebook ``name`` and the list of its versions."""
    book = stored_codebook(store, name)
    # one rule on every surface: the measurement of what is counted by unit (the case report,
    # `first`, `freq`), and a paragraph-level run's beside it
    validity = code_validity(store, book.name, book.version, level=COUNTED_LEVEL)
    paragraphs = code_validity(store, book.name, book.version, level="paragraph")
    genres = project_genres(store)
    versions = store.conn.execute(
        "SELECT version, created_at FROM codebooks WHERE name = ? ORDER BY id DESC", (name,)
    ).fetchall()
    return CodebookView(
        name=book.name,
        version=book.version,
        versions=[
            CodebookVersion(version=v["version"], created_at=v["created_at"]) for v in versions
        ],
        codes=[_code_out(c, validity, genres, paragraphs) for c in book.codes],
        not_carried=not_carried(store, book.name),
    )


def _edited(old: Code | None, edit: CodeEdit) -> Code:
    kept = tuple(e for e in old.entries if e.near is not None) if old else ()
    patterns = tuple(Entry(pattern=p.strip()) for p in edit.patterns if p.strip())
    base = old if old is not None else Code(id=edit.id, name=edit.name, parent=edit.parent or None)
    return dataclasses.replace(
        base,
        name=edit.name,
        definition=edit.definition,
        inclusion=edit.inclusion,
        exclusion=edit.exclusion,
        entries=patterns + kept,
    )


def save_code(store: Store, name: str, edit: CodeEdit) -> CodebookView:
    """Change or add one code and register the result as a new version (call inside a write)."""
    book = stored_codebook(store, name)
    if edit.base_version != book.version:
        raise ConflictError(
            f"codebook {name} changed since you opened it (you edited {edit.base_version}, "
            f"the latest is {book.version}); reload and apply your change again"
        )
    ids = [c.id for c in book.codes]
    if edit.id in ids:
        codes = tuple(_edited(c, edit) if c.id == edit.id else c for c in book.codes)
    else:
        codes = (*book.codes, _edited(None, edit))
    new = _validated(dataclasses.replace(book, codes=codes))
    register_codebook(store, new)
    return view_codebook(store, name)


def _validated(book: Codebook) -> Codebook:
    """Compile the edited codebook once so that a bad pattern is refused before saving."""
    try:
        compile_codebook(book)
    except ValueError as exc:
        raise CodebookError(f"codebook {book.name}: {exc}") from exc
    return book
