"""Adjudication (admins): settle each disagreement of one codebook's readings (the page's
``codebook``); the coders' originals stay as they are."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query
from fastapi.responses import RedirectResponse

from normtrace.coding.exchange.passage_memos import CodingMemo, coding_memos
from normtrace.coding.human import events
from normtrace.coding.human.adjudicated import decisions_in_force
from normtrace.coding.human.agreement import AgreementReport
from normtrace.coding.human.books import code_names
from normtrace.coding.human.made_at import made_order
from normtrace.errors import NotFoundError, WebError
from normtrace.store.db import Store
from normtrace.web import adjudication, queries
from normtrace.web.access import ProjectAccess
from normtrace.web.adjudication import Decision, Dispute
from normtrace.web.auth import User
from normtrace.web.codings import code_labels, quote, visible_memos
from normtrace.web.deps import admin_user, current_user, get_access
from normtrace.web.highlight import Mark, segments
from normtrace.web.render import twin
from normtrace.web.schemas import (
    CodeChoice,
    MemoOut,
    OptionalInt,
    OptionalStr,
)
from normtrace.web.schemas_teams import (
    AdjudicationItem,
    AdjudicationOut,
    AdjudicationPage,
    MarkedText,
    NewAdjudication,
    NewPassageDecision,
    Option,
    OriginalCoding,
    PassageDispute,
    Reading,
    ReadingCoding,
)

#: characters of context either side of a disputed passage
CONTEXT = 300
#: characters of a snippet quoted in a choice's label
QUOTE = 120

router = APIRouter(dependencies=[Depends(current_user), Depends(admin_user)])


#: (unit, code) → the decision in force there for the page's codebook
Current = dict[tuple[str, str], AdjudicationOut]


def _in_force(store: Store, history: list[AdjudicationOut], book: str) -> Current:
    """(unit, code) → the decision in force for ``book`` (the library's,
    :func:`~normtrace.coding.human.adjudicated.decisions_in_force`), as ``history`` lists it."""
    by_id = {a.id: a for a in history}
    return {(d.unit_key, d.code): by_id[d.id] for d in decisions_in_force(store, book)
            if d.id in by_id}  # fmt: skip


def _items(
    store: Store, report: AgreementReport, current: Current, book: str
) -> list[AdjudicationItem]:
    """Every disagreement of ``book`` (in ``report``, the page's agreement) with the coders'
    spans and its current decision."""
    return [
        AdjudicationItem(
            unit_key=d.unit_key,
            code=d.code,
            applied_by=list(d.applied_by),
            not_applied_by=list(d.not_applied_by),
            originals=_originals(store, d.unit_key, d.code, d.applied_by, book),
            current=current.get((d.unit_key, d.code)),
        )
        for d in sorted(report.disagreements, key=lambda d: (d.code, d.unit_key))
    ]


def _originals(
    store: Store, unit_key: str, code: str, coders: tuple[str, ...], book: str
) -> list[OriginalCoding]:
    return [
        OriginalCoding(id=h.event_id, coder=h.coder, start=h.start, end=h.end, snippet=h.snippet)
        for h in events.human_codings(store, unit_key=unit_key, code=code)
        if h.coder in coders and h.of_book(book)
    ]


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE else text[: QUOTE - 1] + "…"


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The context around ``[start, end)``, cut at spaces."""
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return lo, hi


def _options(d: Dispute, names: dict[str, str]) -> list[Option]:
    """The choices of one decision: each coder's reading, all codes, or none."""
    firsts: dict[str, dict[str, events.HumanCoding]] = {}
    for h in d.codings:
        firsts.setdefault(h.coder, {}).setdefault(h.code, h)
    readings: dict[tuple[tuple[str, int, int], ...], list[str]] = {}
    ids: dict[tuple[tuple[str, int, int], ...], list[int]] = {}
    for coder in d.coders:
        chosen = firsts.get(coder, {})
        if not chosen:
            continue
        shape = tuple(sorted((h.code, h.start, h.end) for h in chosen.values()))
        readings.setdefault(shape, []).append(coder)
        ids.setdefault(shape, [h.event_id for h in chosen.values()])
    out = []
    for shape, coders in readings.items():
        by = {h.code: h for c in coders[:1] for h in firsts[c].values()}
        what = "; ".join(f"{names.get(c, c)} on “{_quote(by[c].snippet)}”" for c, _, _ in shape)
        # the codes this choice decides absent, said aloud: a coder compared for some of the
        # codes only said nothing of the others
        left = [names.get(c, c) for c in d.codes if c not in {x for x, _, _ in shape}]
        if left:
            what += f"; not {', '.join(left)}"
        out.append(
            Option(
                value="keep:" + ",".join(map(str, ids[shape])),
                label=f"As {' and '.join(coders)} coded it: {what}",
            )
        )
    covered = {c for shape in readings for c, _, _ in shape}
    if len(d.codes) > 1 and not any(len(shape) == len(d.codes) for shape in readings):
        pick: dict[str, events.HumanCoding] = {}
        for coder in d.coders:
            for code, h in firsts.get(coder, {}).items():
                pick.setdefault(code, h)
        if set(pick) == covered:
            what = "; ".join(
                f"{names.get(c, c)} as {h.coder} coded it" for c, h in sorted(pick.items())
            )
            out.append(
                Option(
                    value="keep:" + ",".join(str(h.event_id) for h in pick.values()),
                    label=f"All of them: {what}",
                )
            )
    # silent on every code at stake: only a coder compared for each of them
    silent = [c for c in d.coders if not firsts.get(c) and len(d.codes_of(c)) == len(d.codes)]
    none = "None of these codes here"
    if silent:
        none += f" (as {' and '.join(silent)} coded it)"
    out.append(Option(value="none", label=none))
    return out


def _passages(
    store: Store,
    admin: User,
    report: AgreementReport,
    current: Current,
    names: dict[str, str],
    book: str,
) -> list[PassageDispute]:
    """Every disputed passage of ``book`` (of ``report``, the page's agreement) as the page
    shows it."""
    out = []
    for n, d in enumerate(adjudication.disputes(store, admin, book, report), start=1):
        try:
            unit = queries.get_unit(store, d.unit_key)
        except NotFoundError:
            continue  # no longer in a current document: settle it by unit and code (items)
        document_id = queries.unit_document(store, d.unit_key)
        summary, _ = queries.get_document(store, document_id)
        lo, hi = _window(unit.text, d.start, d.end)
        memos = visible_memos(store, admin, d.unit_key, names=names)
        readings = []
        # the codings' memos by code list's rule, each dated when it was made (a re-anchored
        # or moved coding's memo is as old as the coding it carries)
        theirs = coding_memos(store, d.codings)
        for coder in d.coders:
            own = [h for h in d.codings if h.coder == coder]
            marks = [Mark(h.start - lo, h.end - lo, h.code) for h in own]
            cut = segments(unit.text[lo:hi], marks)
            text = [MarkedText(text=s.text, codes=list(s.labels)) for s in cut]
            if lo > 0:
                text.insert(0, MarkedText(text="… ", codes=[]))
            if hi < len(unit.text):
                text.append(MarkedText(text=" …", codes=[]))
            mine = d.codes_of(coder)
            readings.append(
                Reading(
                    coder=coder,
                    compared_for=[names.get(c, c) for c in mine]
                    if len(mine) < len(d.codes)
                    else [],
                    text=text,
                    codings=[
                        ReadingCoding(
                            id=h.event_id,
                            code=h.code,
                            name=names.get(h.code, h.code),
                            snippet=h.snippet,
                        )
                        for h in own
                    ],  # fmt: skip
                    memos=_reasons(own, [m for m in memos if m.author == coder], names, theirs),
                )
            )
        decided = [current[(d.unit_key, c)] for c in d.codes if (d.unit_key, c) in current]
        out.append(
            PassageDispute(
                id=f"passage-{n}",
                unit_key=d.unit_key,
                symbol=summary.symbol,
                document_id=document_id,
                date=summary.date,
                speaker=unit.speaker,
                codes=[CodeChoice(code=c, name=names.get(c, c)) for c in d.codes],
                readings=readings,
                options=_options(d, names),
                current=decided,
                settled=len(decided) == len(d.codes),
                memos=[m for m in memos if m.author not in d.coders],
            )
        )
    return out


def _reasons(
    own: list[events.HumanCoding],
    memos: list[MemoOut],
    names: dict[str, str],
    theirs: dict[int, tuple[CodingMemo, ...]],
) -> list[MemoOut]:
    """A coder's reasons on a disputed passage, oldest first (when each was made): the memos
    written with their codings ``own`` (not the note an accept writes, which says only which
    suggestion it accepted), dated as ``code list`` dates them (``theirs``:
    :func:`~normtrace.coding.exchange.passage_memos.coding_memos`), and ``memos``, theirs on
    the unit, its words and its codings (:func:`~normtrace.web.codings.visible_memos`)."""
    with_codings = [
        MemoOut(id=h.event_id, author=h.coder, text=m.memo, created_at=m.at,
                target=f"{quote(h.snippet)} · {names.get(h.code, h.code)} (with the coding)")
        for h in own
        for m in theirs[h.event_id]
        if m.event_id == h.event_id and not m.memo.startswith(events.CODED_WITH_ACCEPT)
    ]  # fmt: skip
    return sorted([*with_codings, *memos], key=lambda m: made_order(m.created_at, m.id))


@twin(router, "/adjudication", "adjudication.html", response_model=AdjudicationPage)
def adjudication_page(
    recorded_on: str = Query("", max_length=300),
    codebook: str = Query("", max_length=200),
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> AdjudicationPage:
    """Disputed passages of ``codebook`` (default: the first registered) to settle, one
    decision each, and the decisions taken so far (admins only); ``recorded_on``: the unit
    whose decision the page's form just recorded."""
    with access.read() as store:
        books, book = adjudication.chosen_codebook(store, codebook)
        recorded = adjudication.list_adjudications(store)
        history = [AdjudicationOut.model_validate(a) for a in recorded]
        # a shared id: this book's name
        names = code_labels(store) | code_names(store, book)
        items: list[AdjudicationItem] = []
        passages: list[PassageDispute] = []
        if book:  # the agreement and the decisions in force, read once for both lists
            _, report = adjudication.assigned_agreement(store, admin, book)
            current = _in_force(store, history, book)
            items = _items(store, report, current, book)
            passages = _passages(store, admin, report, current, names, book)
    shown = {a.code for a in history} | {c.code for p in passages for c in p.codes}
    return AdjudicationPage(
        items=items,
        history=history,
        passages=passages,
        code_names={c: names.get(c, c) for c in sorted(shown)},
        recorded_on=recorded_on,
        codebook=book,
        codebooks=books,
    )


def _page(unit_key: str, codebook: str | None) -> str:
    """The page a form's decision returns to: the same codebook's, saying what it recorded."""
    query = {"recorded_on": unit_key} | ({"codebook": codebook} if codebook else {})
    return f"/adjudication?{urlencode(query)}"


def _record(access: ProjectAccess, admin: User, new: NewAdjudication) -> AdjudicationOut:
    decision = Decision(**new.model_dump())
    made = access.write(lambda store: adjudication.adjudicate(store, admin, decision))
    return AdjudicationOut.model_validate(made)


@router.post("/api/adjudications", response_model=AdjudicationOut, status_code=201)
def adjudicate(
    new: NewAdjudication,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> AdjudicationOut:
    """Record a final decision; 409 if someone adjudicated it meanwhile."""
    return _record(access, admin, new)


@router.post("/adjudication", include_in_schema=False)
def adjudicate_form(
    unit_key: Annotated[str, Form()],
    code: Annotated[str, Form()],
    choice: Annotated[str, Form()],
    note: Annotated[OptionalStr, Form()] = None,
    supersedes_id: Annotated[OptionalInt, Form()] = None,
    codebook: Annotated[OptionalStr, Form()] = None,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """Record a decision from the adjudication page (``choice`` = coding id or ``absent``)."""
    new = NewAdjudication(
        unit_key=unit_key,
        code=code,
        decision="absent" if choice == "absent" else "present",
        coding_id=None if choice == "absent" else int(choice) if choice.isdigit() else -1,
        note=note,
        supersedes_id=supersedes_id,
        codebook=codebook,
    )
    _record(access, admin, new)
    return RedirectResponse(_page(unit_key, codebook), status_code=303)


def _decide(access: ProjectAccess, admin: User, new: NewPassageDecision) -> list[AdjudicationOut]:
    def write(store: Store) -> list[dict[str, object]]:
        return adjudication.decide(
            store, admin, unit_key=new.unit_key, codes=new.codes, keep=new.keep,
            note=new.note, supersedes=new.supersedes, codebook=new.codebook,
        )  # fmt: skip

    return [AdjudicationOut.model_validate(a) for a in access.write(write)]


@router.post("/api/adjudications/passage", response_model=list[AdjudicationOut], status_code=201)
def decide_passage(
    new: NewPassageDecision,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> list[AdjudicationOut]:
    """Settle a disputed passage with one decision (one adjudication per code at stake)."""
    return _decide(access, admin, new)


def _keep(choice: str) -> list[int]:
    """The coding ids of a choice (``keep:1,2`` or ``none``)."""
    if choice == "none":
        return []
    ids = choice.removeprefix("keep:").split(",")
    if not choice.startswith("keep:") or not all(i.isdigit() for i in ids):
        raise WebError(f"not a choice of the adjudication page: {choice[:40]!r}; reload")
    return [int(i) for i in ids]


def _supersedes(values: list[str]) -> dict[str, int]:
    """``code=adjudication id`` pairs of the form."""
    out = {}
    for value in values:
        code, _, number = value.rpartition("=")
        if not code or not number.isdigit():
            raise WebError(f"damaged form field supersedes={value[:40]!r}; reload")
        out[code] = int(number)
    return out


@router.post("/adjudication/passage", include_in_schema=False)
def decide_passage_form(
    unit_key: Annotated[str, Form()],
    codes: Annotated[list[str], Form()],
    choice: Annotated[str, Form()],
    note: Annotated[OptionalStr, Form()] = None,
    supersedes: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI never mutates it)
    codebook: Annotated[OptionalStr, Form()] = None,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """Record one decision from the adjudication page (of its codebook)."""
    new = NewPassageDecision(
        unit_key=unit_key, codes=codes, keep=_keep(choice), note=note,
        supersedes=_supersedes(supersedes), codebook=codebook,
    )  # fmt: skip
    _decide(access, admin, new)
    return RedirectResponse(_page(unit_key, codebook), status_code=303)
