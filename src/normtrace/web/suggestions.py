"""The machine's suggestions on a unit as the workbench shows them to a coder: the current
run's dictionary candidates with the coder's own verdict, and the accepts of earlier runs that
still count. Each names its codebook, and its code as that codebook names it: two codebooks'
suggestions of one code id (migration 0022) are two suggestions, each accepted or rejected as
its codebook's (:func:`normtrace.web.codings.decide_candidate` codes for the candidate's).

``names`` (:func:`normtrace.web.codings.code_labels`), ``books``
(:func:`normtrace.web.codings.codebook_codes`) and ``state`` (the unit's blindness) come from
the caller, :func:`normtrace.web.codings.with_codings`.
"""

from __future__ import annotations

from normtrace.coding.dictionary.candidates import (
    Candidate,
    accepts_not_proposed,
    unit_candidates,
)
from normtrace.coding.human import events
from normtrace.coding.human.books import version_names
from normtrace.store.db import Store
from normtrace.web.auth import User
from normtrace.web.schemas import CandidateOut, KeptOut
from normtrace.web.teams import Visibility

#: the web's names of a coder's own verdict (``CandidateOut.status``), as the API has always
#: given them; the other statuses are the library's (:func:`candidate_status`)
VERDICT_STATUS = {"accepted": "accept", "rejected": "reject"}


def candidates(
    store: Store,
    viewer: User,
    unit_key: str,
    text: str | None,
    names: dict[str, str],
    state: Visibility,
    books: dict[str, dict[str, str]],
    found: list[Candidate] | None = None,
) -> list[CandidateOut]:
    """Auto-coded spans of the latest run on a unit, with ``viewer``'s own verdict
    (:func:`~normtrace.coding.dictionary.candidates.unit_candidates`), each with its codebook
    and named as that codebook names its code (``books``: :func:`codebook_codes`): two
    codebooks' suggestions of one code id are two suggestions.

    A verdict holds for the candidate's identity (span, snippet, code, codebook),
    whichever run found it. With ``text``, only candidates whose snippet is at
    its offsets in that text. One without the viewer's verdict that the ``codings`` view
    leaves out (a "done" mark for its code, another coder's reject) is ``absent``, not
    ``pending``: it counts nowhere, and the keyboard's y/n skip it; except where ``viewer``
    may not see the other coders' work (``state``, the blind rule): there it is ``pending``,
    the others' rejects and marks being theirs.

    ``found``: the unit's candidates as ``viewer`` reads them, when the caller read them for
    a page of units at once (:func:`~normtrace.coding.dictionary.candidates.units_candidates`
    with ``others`` as ``state`` says); else they are read here.
    """
    if found is None:
        others = state.shows_everyone(viewer)
        found = unit_candidates(store, unit_key, coder=viewer.name, others=others)
    shown = [c for c in found if text is None or text[c.start : c.end] == c.snippet]
    named = _names(store, shown, names, books)
    return [
        CandidateOut(
            id=c.id,
            code=c.code,
            name=named[c.id],
            start=c.start,
            end=c.end,
            snippet=c.snippet,
            status=VERDICT_STATUS.get(c.status, c.status),
            codebook=c.codebook,
        )  # fmt: skip
        for c in shown
    ]


def kept_accepts(
    store: Store,
    viewer: User,
    unit_key: str,
    text: str | None,
    names: dict[str, str],
    state: Visibility,
    books: dict[str, dict[str, str]],
) -> list[KeptOut]:
    """Accepted candidates of earlier runs on a unit that the current run no longer proposes
    but that still count (:func:`~normtrace.coding.dictionary.candidates.accepts_not_proposed`),
    with the accepting coders ``viewer`` may see (none visible: not listed). A coder whose
    accept also made their hand coding of the span (the workbench's accept does) is listed
    with the codings by people, not here again."""
    held: dict[tuple[str, str, int, int], list[events.HumanCoding]] = {}
    for h in events.human_codings(store, unit_key=unit_key):
        held.setdefault((h.coder, h.code, h.start, h.end), []).append(h)
    kept: list[tuple[Candidate, list[str]]] = []
    for c in accepts_not_proposed(store, unit_key):
        coders = [who for who in c.coders if state.shows(viewer, who)  # their coding of its
                  and not any(h.of_book(c.codebook)  # codebook, not another's of the id
                              for h in held.get((who, c.code, c.start, c.end), []))]  # fmt: skip
        if coders and (text is None or text[c.start : c.end] == c.snippet):
            kept.append((c, coders))
    named = _names(store, [c for c, _ in kept], names, books)
    return [KeptOut(id=c.id, code=c.code, name=named[c.id], start=c.start, end=c.end,
                    snippet=c.snippet, status=c.status, coders=coders,
                    version=c.codebook_version, run=c.run, codebook=c.codebook)
            for c, coders in kept]  # fmt: skip


def _names(
    store: Store,
    found: list[Candidate],
    names: dict[str, str],
    books: dict[str, dict[str, str]],
) -> dict[int, str]:
    """Each candidate's code (by candidate id) as its codebook names it: its current version's
    name (``books``), else its own version's (read for all of them at once), else
    :func:`code_labels`'."""
    own = version_names(store, [(c.codebook_version, c.code) for c in found
                                if c.code not in books.get(c.codebook, {})])  # fmt: skip
    return {c.id: books.get(c.codebook, {}).get(c.code)
            or own.get((c.codebook_version, c.code))
            or names.get(c.code, c.code) for c in found}  # fmt: skip
