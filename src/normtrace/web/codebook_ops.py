"""Codebook work on the web beyond editing one code: create a codebook, move, recolour,
retire, restore and merge codes, and the code colours as a stylesheet.

Every change registers a new codebook version (the YAML stays the versioned source of
truth: ``normtrace code export-codebook`` writes it). Codings keep the version they were
made with. Retiring a code keeps it in the codebook, not codable, so its old codings keep
their meaning. Merging code A into B is recorded as events: for every current coding of A,
a coding of B on the same span by the same coder and the removal of A, each with a memo
naming the merge and the admin; then A is retired.
"""

from __future__ import annotations

import dataclasses
import re

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
from normtrace.coding.human import events
from normtrace.coding.human.whole import recorded_levels
from normtrace.errors import CodebookError, NotFoundError
from normtrace.store.db import Store
from normtrace.web.auth import User
from normtrace.web.deps import ConflictError

OPS = ("move", "color", "retire", "restore", "merge")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def create_codebook(store: Store, name: str, label: str = "") -> str:
    """Register a new, empty codebook ``name`` (call inside a write); returns its version.

    Raises:
        CodebookError: the name is not lower-case letters, digits, ``_`` or ``-``.
        ConflictError: a codebook with that name exists.
    """
    if not _NAME.match(name):
        raise CodebookError(
            f"codebook name {name!r}: use lower-case letters, digits, '_' or '-' (at most 64)"
        )
    if store.conn.execute("SELECT 1 FROM codebooks WHERE name = ?", (name,)).fetchone():
        raise ConflictError(f"codebook {name} exists; open it to add codes")
    book = Codebook(name=name, label=label.strip(), codes=())
    register_codebook(store, book)
    return book.version


def change_code(
    store: Store,
    admin: User,
    name: str,
    *,
    base_version: str,
    op: str,
    code: str,
    value: str | None = None,
) -> str:
    """Apply ``op`` to ``code`` of codebook ``name`` (call inside a write); the new version.

    ``value``: the new parent for ``move`` (empty: top level), ``#rrggbb`` for ``color``,
    the target code for ``merge``.

    Raises:
        ConflictError: the codebook changed since ``base_version``.
        NotFoundError: no such code.
        CodebookError: a bad value (unknown parent or target, a cycle, a bad colour).
    """
    if op not in OPS:
        raise CodebookError(f"unknown change {op!r}; use one of {', '.join(OPS)}")
    book = stored_codebook(store, name)
    if base_version != book.version:
        raise ConflictError(
            f"codebook {name} changed since you opened it (you had {base_version}, the latest "
            f"is {book.version}); reload and try again"
        )
    ids = {c.id: c for c in book.codes}
    if code not in ids:
        raise NotFoundError("code", code, hint=f"codes of {name}: {', '.join(ids)}")
    target = ids[code]
    if op == "move":
        parent = value or None
        if parent is not None and parent not in ids:
            raise CodebookError(f"no code {parent!r} in {name} to move {code} under")
        walk = parent
        while walk is not None:
            if walk == code:
                raise CodebookError(f"cannot move {code} under its own descendant {parent}")
            walk = ids[walk].parent
        changed = dataclasses.replace(target, parent=parent)
    elif op == "color":
        if not value or not _COLOR.match(value):
            raise CodebookError(f"colour {value!r}: give #rrggbb")
        changed = dataclasses.replace(target, color=value.lower())
    elif op in ("retire", "restore"):
        changed = dataclasses.replace(target, codable=op == "restore")
    else:
        into = value or ""
        if into not in ids or into == code:
            raise CodebookError(f"merge {code} into which code? {into!r} is not another code")
        _merge_codings(store, admin, name, code, into)
        changed = dataclasses.replace(target, codable=False)
    codes = [changed if c.id == code else c for c in book.codes]
    new = dataclasses.replace(book, codes=tuple(_parents_first(codes)))
    register_codebook(store, new)
    return new.version


def _parents_first(codes: list[Code]) -> list[Code]:
    """Codes reordered so that every parent comes before its children (a move may need it)."""
    out: list[Code] = []
    placed: set[str] = set()
    pending = list(codes)
    while pending:
        rest = [c for c in pending if c.parent is not None and c.parent not in placed]
        for c in pending:
            if c not in rest:
                out.append(c)
                placed.add(c.id)
        if len(rest) == len(pending):
            return out + rest
        pending = rest
    return out


def _merge_codings(store: Store, admin: User, book: str, source: str, target: str) -> int:
    """Move ``book``'s codings of ``source`` to ``target`` (another codebook's codings of a
    code id it shares are that codebook's, and stay)."""
    memo = f"merged {source} into {target} by {admin.name}"
    moved = 0
    versions = {str(r[0]) for r in store.conn.execute(
        "SELECT version FROM codebooks WHERE name = ?", (book,))}  # fmt: skip
    codings = events.human_codings(store, code=source)
    # a coding of a whole paragraph stays one under its new code
    made_at = recorded_levels(store, {h.unit_key for h in codings})
    for h in codings:
        if h.codebook_version is not None and h.codebook_version not in versions:
            continue
        held = events.human_codings(store, coder=h.coder, unit_key=h.unit_key, code=target)
        if not any((x.start, x.end) == (h.start, h.end) and x.of_book(book) for x in held):
            level = made_at.get((h.coder, h.unit_key, h.start, h.end, h.code))
            events.add_code(store, coder=h.coder, unit_key=h.unit_key, start=h.start,
                            end=h.end, code=target, memo=memo, codebook=book,
                            level=level)  # fmt: skip
        events.remove_code(store, coder=h.coder, unit_key=h.unit_key, start=h.start,
                           end=h.end, code=source, memo=memo, codebook=h.codebook)  # fmt: skip
        moved += 1
    return moved


def colors_css(store: Store) -> str:
    """A stylesheet giving each code its codebook colour as a highlight (CSP allows no inline
    styles). Codes without a colour keep the default."""
    rows = store.conn.execute(
        "SELECT c.code, c.color FROM codes c WHERE c.color IS NOT NULL AND c.codebook_id IN "
        "(SELECT id FROM current_codebooks) ORDER BY c.codebook_id, c.ord"
    )
    lines = []
    for r in rows:
        code, color = str(r["code"]), str(r["color"])
        if re.fullmatch(r"[a-z0-9_]+", code) and _COLOR.match(color):
            lines.append(
                f'mark[data-codes~="{code}"], .stripe[data-code="{code}"] '
                f"{{ background-color: {color}66; border-bottom: 2px solid {color}; }}\n"
                f'.code-swatch[data-code="{code}"] {{ background-color: {color}; }}'
            )
    return "\n".join(lines) + "\n"
