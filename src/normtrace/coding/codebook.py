"""Codebooks: hierarchical codes with definitions, rules, examples and dictionary entries.

A codebook is a frozen value. Its *version* is a content hash (the first 12 hex
digits of the SHA-256 of its canonical JSON form), so two files that say the same
thing have the same version, and any change to a code, rule or entry makes a new
one. Every stored coding records the version it came from.

The YAML format is documented in ``docs/codebook-schema.md``; the loader lives in
:mod:`normtrace.coding.exchange.yamlio` and the REFI-QDA ``.qdc`` exchange in
:mod:`normtrace.coding.exchange.qdc`.

>>> book = Codebook(name="demo", codes=(Code(id="poc", name="Protection of civilians",
...     entries=(Entry(pattern="protect* civilians"),)),))
>>> len(book.version)
12
>>> book.get("poc").name
'Protection of civilians'
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from normtrace.errors import CodebookError

#: where an exclusion must stand relative to the match it cancels (see :class:`Exclusion`)
EXCLUSION_SIDES = ("both", "before", "after")
_GUID_NAMESPACE = uuid.UUID("8a3f1a52-6a2e-4bb5-9d0b-2f3c6a1e9b47")


@dataclass(frozen=True)
class Entry:
    """One dictionary entry of a code.

    Either a ``pattern`` (see :mod:`normtrace.coding.dictionary.patterns`) or a proximity
    rule ``near`` = two patterns that must occur within ``within`` words of each
    other (adjacent words are 1 word apart).
    """

    pattern: str | None = None
    near: tuple[str, str] | None = None
    within: int = 0
    line: int | None = field(default=None, compare=False)

    def label(self) -> str:
        """How the entry is shown in reports: its pattern, or a proximity rule as the YAML
        flow mapping that writes it (``{near: ["force", "offensive"], within: 5}``), which can be
        pasted into a codebook's entries as it stands."""
        if self.near is not None:  # quoted: a word like "no" or "a: b" would not load back
            a, b = (json.dumps(w, ensure_ascii=False) for w in self.near)
            return f"{{near: [{a}, {b}], within: {self.within}}}"
        return self.pattern or ""


@dataclass(frozen=True)
class Exclusion:
    """A pattern that cancels a code's match it overlaps (``within`` 0) or is near.

    ``side`` says on which side of the match the exclusion must stand: ``both`` (the
    default), ``before`` (preceding or overlapping the match, as in "urges the parties to
    take all necessary measures"; one that wholly follows the match does not cancel it) or
    ``after`` (following or overlapping it). So a call on the parties that follows an
    authorization does not cancel the authorization.
    """

    pattern: str
    within: int = 0
    side: str = "both"
    line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.side not in EXCLUSION_SIDES:
            raise CodebookError(
                f"exclusion {self.pattern!r}: side {self.side!r} is not one of "
                f"{', '.join(EXCLUSION_SIDES)}; fix the codebook"
            )

    def key(self) -> str:
        """``pattern/within`` (``/side`` added when it is not ``both``): its part of
        :attr:`Codebook.matching`."""
        side = "" if self.side == "both" else f"/{self.side}"
        return f"{self.pattern}/{self.within}{side}"


@dataclass(frozen=True)
class Code:
    """A code: a node of the codebook tree."""

    id: str
    name: str
    parent: str | None = None
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    examples: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    color: str | None = None
    codable: bool = True
    guid: str | None = None
    entries: tuple[Entry, ...] = ()
    excludes: tuple[Exclusion, ...] = ()
    line: int | None = field(default=None, compare=False)

    def qda_guid(self, codebook_name: str) -> str:
        """The REFI-QDA GUID: the stored one, else a stable uuid5 of book and code id."""
        if self.guid:
            return self.guid
        return str(uuid.uuid5(_GUID_NAMESPACE, f"{codebook_name}/{self.id}")).upper()


@dataclass(frozen=True)
class Codebook:
    """A named, versioned set of codes (parents listed before their children)."""

    name: str
    codes: tuple[Code, ...] = ()
    description: str = ""
    label: str = ""
    #: analytic frames (e.g. those of ``FRAMES.md``) and the code ids that stand for each:
    #: a unit carries a frame when it carries any of the frame's codes
    frames: tuple[tuple[str, tuple[str, ...]], ...] = ()
    path: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        validate_tree(self)
        validate_frames(self)

    def frame_codes(self) -> dict[str, tuple[str, ...]]:
        """Frame → the code ids that stand for it (empty when the codebook declares none)."""
        return dict(self.frames)

    def frames_of(self, code_ids: Iterator[str] | set[str] | list[str]) -> set[str]:
        """The frames that a set of code ids stands for.

        >>> book = Codebook(name="b", codes=(Code(id="poc", name="PoC"),),
        ...     frames=(("protection_of_civilians", ("poc",)),))
        >>> book.frames_of(["poc"])
        {'protection_of_civilians'}
        """
        have = set(code_ids)
        return {frame for frame, codes in self.frames if have.intersection(codes)}

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of the canonical JSON form (independent of file layout); computed once
        (a codebook is immutable)."""
        blob = json.dumps(codebook_to_dict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    @property
    def version(self) -> str:
        """The content version: 12 hex digits of :attr:`sha256`."""
        return self.sha256[:12]

    @cached_property
    def matching(self) -> str:
        """12 hex digits over what decides which passages the codebook codes: each code's id,
        whether it is codable, its entries and exclusions (in any order; a group code's
        entries code passages too), and the frames it declares; not names, definitions,
        examples, colours or the order of codes. Two versions with the same ``matching``
        code the same passages, so a measurement of one holds for the other (a definition
        edited in the workbench keeps its code's measured error)."""
        codes = sorted(
            (c.id, c.codable, sorted(e.label() for e in c.entries),
             sorted(x.key() for x in c.excludes))
            for c in self.codes
        )  # fmt: skip
        blob = json.dumps([codes, sorted(self.frames)], ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]

    def get(self, code_id: str) -> Code:
        """The code with ``code_id``; the error lists the valid ids."""
        for code in self.codes:
            if code.id == code_id:
                return code
        valid = ", ".join(c.id for c in self.codes)
        raise CodebookError(f"no code {code_id!r} in codebook {self.name!r}; codes: {valid}")

    def children(self, code_id: str | None) -> list[Code]:
        """The direct children of ``code_id`` (top-level codes for ``None``)."""
        return [c for c in self.codes if c.parent == code_id]

    def descendants(self, code_id: str) -> Iterator[Code]:
        """All codes below ``code_id``, depth first."""
        for child in self.children(code_id):
            yield child
            yield from self.descendants(child.id)

    def ancestors(self, code_id: str) -> list[str]:
        """The ids from the parent of ``code_id`` up to its top-level code."""
        out: list[str] = []
        parent = self.get(code_id).parent
        while parent is not None:
            out.append(parent)
            parent = self.get(parent).parent
        return out


def validate_tree(book: Codebook) -> None:
    """Check ids are unique, parents exist and come first (so there are no cycles)."""
    seen: set[str] = set()
    for code in book.codes:
        if not code.id:
            raise CodebookError("a code has an empty id", path=book.path, line=code.line)
        if code.id in seen:
            raise CodebookError(
                f"code id {code.id!r} is used twice; ids must be unique",
                path=book.path,
                line=code.line,
            )
        if code.parent is not None and code.parent not in seen:
            known = code.parent in {c.id for c in book.codes}
            problem = "must be listed before its children" if known else "is not a code"
            raise CodebookError(
                f"parent {code.parent!r} of code {code.id!r} {problem}",
                path=book.path,
                line=code.line,
            )
        seen.add(code.id)


def validate_frames(book: Codebook) -> None:
    """Check every frame names at least one code, each a code of the book, each frame once."""
    ids = {c.id for c in book.codes}
    seen: set[str] = set()
    for frame, codes in book.frames:
        if frame in seen:
            raise CodebookError(f"frame {frame!r} is declared twice", path=book.path)
        seen.add(frame)
        if not codes:
            raise CodebookError(f"frame {frame!r} names no code", path=book.path)
        unknown = [c for c in codes if c not in ids]
        if unknown:
            raise CodebookError(
                f"frame {frame!r} names unknown code(s) {', '.join(unknown)}; "
                "list code ids of this codebook",
                path=book.path,
            )


def codebook_to_dict(book: Codebook) -> dict[str, Any]:
    """The canonical plain-data form (what the YAML writer emits and the hash covers)."""
    out: dict[str, Any] = {"name": book.name}
    if book.label:
        out["label"] = book.label
    if book.description:
        out["description"] = book.description
    if book.frames:
        out["frames"] = {frame: list(codes) for frame, codes in book.frames}
    out["codes"] = [code_to_dict(c) for c in book.codes]
    return out


def code_to_dict(code: Code) -> dict[str, Any]:
    """One code as plain data, omitting empty fields."""
    out: dict[str, Any] = {"id": code.id, "name": code.name}
    for key in ("parent", "definition", "inclusion", "exclusion", "color", "guid"):
        value = getattr(code, key)
        if value:
            out[key] = value
    if not code.codable:
        out["codable"] = False
    for key in ("examples", "sources"):
        if getattr(code, key):
            out[key] = list(getattr(code, key))
    if code.entries:
        out["entries"] = [_entry_to_data(e) for e in code.entries]
    if code.excludes:
        out["exclude"] = [_exclusion_to_data(x) for x in code.excludes]
    return out


def _entry_to_data(entry: Entry) -> str | dict[str, Any]:
    if entry.near is not None:
        return {"near": list(entry.near), "within": entry.within}
    return entry.pattern or ""


def _exclusion_to_data(exclusion: Exclusion) -> str | dict[str, Any]:
    if exclusion.side != "both":
        return {"pattern": exclusion.pattern, "within": exclusion.within, "side": exclusion.side}
    if exclusion.within:
        return {"pattern": exclusion.pattern, "within": exclusion.within}
    return exclusion.pattern
