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
    """
    others = state.shows_everyone(viewer)
    return [
        _candidate_out(store, c, names, books, VERDICT_STATUS.get(c.status, c.status))
        for c in unit_candidates(store, unit_key, coder=viewer.name, others=others)
        if text is None or text[c.start : c.end] == c.snippet
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
    out: list[KeptOut] = []
    for c in accepts_not_proposed(store, unit_key):
        coders = [who for who in c.coders if state.shows(viewer, who)  # their coding of its
                  and not any(h.of_book(c.codebook)  # codebook, not another's of the id
                              for h in held.get((who, c.code, c.start, c.end), []))]  # fmt: skip
        if coders and (text is None or text[c.start : c.end] == c.snippet):
            out.append(KeptOut(id=c.id, code=c.code, name=_named(store, c, names, books),
                               start=c.start, end=c.end, snippet=c.snippet, status=c.status,
                               coders=coders, version=c.codebook_version, run=c.run,
                               codebook=c.codebook))  # fmt: skip
    return out


def _named(
    store: Store, c: Candidate, names: dict[str, str], books: dict[str, dict[str, str]]
) -> str:
    """A candidate's code as its codebook names it: its current version's name (``books``),
    else its own version's, else :func:`code_labels`'."""
    found = books.get(c.codebook, {}).get(c.code)
    if found is None:
        row = store.conn.execute(
            "SELECT c.name FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
            "WHERE b.version = ? AND c.code = ? LIMIT 1",
            (c.codebook_version, c.code),
        ).fetchone()
        found = str(row[0]) if row is not None and row[0] else None
    return found or names.get(c.code, c.code)


def _candidate_out(
    store: Store,
    c: Candidate,
    names: dict[str, str],
    books: dict[str, dict[str, str]],
    status: str,
) -> CandidateOut:
    return CandidateOut(id=c.id, code=c.code, name=_named(store, c, names, books),
                        start=c.start, end=c.end, snippet=c.snippet, status=status,
                        codebook=c.codebook)  # fmt: skip
