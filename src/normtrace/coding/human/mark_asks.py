"""A coder's "done, nothing (else) applies" that asks first: the one rule of every surface.

A mark reads the pending machine suggestions of the codes it speaks for as not applying
(:func:`~normtrace.coding.human.mark_preview.pending_a_mark_decides`; a paragraph-level mark
on an operative or preambular paragraph, those of all its units): they leave the counts and
become negatives without the coder's verdict. So a coder's mark is made only when
it decides none, or when the coder confirmed it (:func:`mark_done_asking`): ``confirm=True``
(whatever it decides), or the ids of the suggestions the coder was shown (made only while
those are all it decides: a stale page, a new dictionary run, asks again). Else nothing is
written and :class:`SuggestionsPending` names them. The web unit view asks in the unit ("Done
anyway"), ``POST /api/units/done`` answers 409, ``normtrace code done`` refuses without
``--confirm``.

A coder's withdrawal of their mark (``undo=True``) asks nothing, and a blind re-reading
(``again=True``) is of one unit at unit level for every code, never a withdrawal: every surface
(the workbench form, the API, the CLI) decides both here and only words the answer its own way
(``how_to_confirm``, ``again_refused``). Marks that are not a coder's reading now (an import of
marks, an undo putting one back) are written by
:func:`~normtrace.coding.human.reviews.mark_done` and ask nothing.

>>> from normtrace.store.db import Store
>>> mark_done_asking(Store.open(":memory:"), coder="ana", codebook="frames",
...                  unit_keys=["S/1/op1"])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
normtrace.errors.NotFoundError: no codebook 'frames' in the project; ...
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from normtrace.coding.dictionary.candidates import Candidate, candidate_ref
from normtrace.coding.human.blind_work import mark_read_again
from normtrace.coding.human.mark_preview import pending_a_mark_decides
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.levels import check_level
from normtrace.errors import CodingError
from normtrace.store.db import Store

#: how many units a refusal names before it counts the rest
NAMED_UNITS = 3
#: the refusal of a blind re-reading that names more than one unit, some codes, the paragraph
#: level or a withdrawal, in the library's words (a surface passes its own: ``again_refused``)
AGAIN_REFUSED = ("a blind re-reading marks one unit at unit level for every code: name one "
                 "unit, no codes and no withdrawal")  # fmt: skip


def described(found: Iterable[Candidate], names: Mapping[str, str] | None = None) -> str:
    """How many pending suggestions, of which codes (by name, else by code, in text order).

    >>> c = Candidate(1, "poc", 0, 7, "protect", "pending", "syn", "v1", 1)
    >>> described([c, c], {"poc": "Protection"})
    '2 pending machine suggestions (Protection ×2)'
    >>> described([c])
    '1 pending machine suggestion (poc)'
    """
    found = list(found)
    names = names or {}
    counts = Counter(names.get(c.code, c.code) for c in found)
    which = ", ".join(n if k == 1 else f"{n} \u00d7{k}" for n, k in counts.items())
    many = "s" if len(found) != 1 else ""
    return f"{len(found)} pending machine suggestion{many} ({which})"


class SuggestionsPending(CodingError):
    """A "done" mark not made: it would read ``found`` (by unit key) as not applying, and the
    coder did not confirm it (``changed``: they confirmed other suggestions than these)."""

    def __init__(
        self,
        codebook: str,
        found: Mapping[str, list[Candidate]],
        *,
        changed: bool = False,
        how_to_confirm: str = "pass confirm=True to mark anyway",
    ) -> None:
        self.codebook, self.found, self.changed = codebook, dict(found), changed
        units = [f"{key}: {described(cands)}, {' '.join(candidate_ref(c.id) for c in cands)}"
                 for key, cands in self.found.items()]  # fmt: skip
        rest = len(units) - NAMED_UNITS
        named = "; ".join(units[:NAMED_UNITS]) + (f"; and {rest} more unit(s)" if rest > 0 else "")
        first = "the suggestions changed since you confirmed: " if changed else ""
        super().__init__(
            f"{first}a 'done' mark for {codebook} would count these as not applying ({named}); "
            f"nothing was marked: accept or reject them first, or {how_to_confirm}"
        )


@dataclass(frozen=True)
class DoneMarked:
    """What :func:`mark_done_asking` wrote: ``marked`` review rows (a key already marked so
    gets none) and the suggestions the marks ``decided`` (read as not applying), by unit."""

    marked: int
    decided: dict[str, list[Candidate]]

    @property
    def decided_ids(self) -> list[int]:
        """The ids of :attr:`decided`, in unit then text order."""
        return [c.id for cands in self.decided.values() for c in cands]


def mark_done_asking(
    store: Store,
    *,
    coder: str,
    codebook: str,
    unit_keys: Iterable[str],
    level: str = "unit",
    codes: Iterable[str] | None = None,
    again: bool = False,
    undo: bool = False,
    source: str = "manual",
    confirm: bool | Collection[int] | None = None,
    shown: bool = True,
    others: bool = True,
    how_to_confirm: str = "pass confirm=True to mark anyway",
    again_refused: str = AGAIN_REFUSED,
) -> DoneMarked:
    """``coder`` marks ``unit_keys`` done for ``codebook`` (only for ``codes``, if given) as
    :func:`~normtrace.coding.human.reviews.mark_done` does, or, with ``again``, re-reads one
    unit blind (:func:`~normtrace.coding.human.blind_work.mark_read_again`) — unless a mark
    would decide pending suggestions the coder did not confirm (the module doc). With
    ``undo``, ``coder``'s marks of this scope on ``unit_keys`` are withdrawn instead, asking
    nothing (``marked``: the rows withdrawn; ``decided``: none). Checked and written in one
    transaction; every key is checked before anything is written.

    ``confirm``: ``True`` marks whatever it decides; a collection of suggestion ids marks only
    while the suggestions it decides are among them; ``None`` or ``False``: only a mark that
    decides none. ``shown``: whether the coder is shown the machine's suggestions (a coder
    reading blind is not, and is not asked about them: their mark is their own reading);
    ``others``: whether they may see the other coders' work (:func:`pending_a_mark_decides`).
    ``how_to_confirm``: the refusal's last words, as the caller's surface confirms;
    ``again_refused``: the refusal of a misused ``again``, in the caller's words.

    Raises:
        SuggestionsPending: a mark would decide suggestions not confirmed (nothing written).
        CodingError: ``again`` with ``undo``, ``codes``, several keys or paragraph level (the
            first check: ``again_refused``); and as :func:`mark_done` raises.
        NotFoundError: the codebook is not registered, or a key is no unit.
    """
    keys = list(dict.fromkeys(unit_keys))
    if again and (undo or codes is not None or len(keys) != 1 or level != "unit"):
        raise CodingError(again_refused)
    check_level(level)
    coder = coder.strip()
    if not coder:  # before the suggestions pending for nobody are read
        raise CodingError("a coder name is required (use --coder or $NORMTRACE_CODER)")
    scope = None if codes is None else list(codes)
    if undo:  # a withdrawal decides nothing: it asks nothing
        n = mark_done(store, coder=coder, codebook=codebook, unit_keys=keys, level=level,
                      source=source, undo=True, codes=scope)  # fmt: skip
        return DoneMarked(n, {})
    with store.transaction():
        decided: dict[str, list[Candidate]] = {}
        if shown:
            for key in keys:
                found = pending_a_mark_decides(
                    store, coder=coder, codebook=codebook, unit_key=key, codes=scope,
                    others=others, level=level)  # fmt: skip
                if found:
                    decided[key] = found
        ids = {c.id for cands in decided.values() for c in cands}
        shown_ids = None if isinstance(confirm, bool) or confirm is None else set(confirm)
        if ids and confirm is not True and not (shown_ids and ids <= shown_ids):
            raise SuggestionsPending(codebook, decided, changed=bool(shown_ids),
                                     how_to_confirm=how_to_confirm)  # fmt: skip
        if again:
            n = mark_read_again(store, coder=coder, codebook=codebook, unit_key=keys[0],
                                source=source)  # fmt: skip
        else:
            n = mark_done(store, coder=coder, codebook=codebook, unit_keys=keys, level=level,
                          source=source, codes=scope)  # fmt: skip
    return DoneMarked(n, decided)
