"""Admin pages: accounts, blind assignments and reveals, and validation draws to assign."""

from __future__ import annotations

import json
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from normtrace.coding.draw_labelling import draw_by_id, reading_units
from normtrace.coding.query import QueryError
from normtrace.coding.sample_draw import CENSUS, HIT_SHARE, Draw, draw_sample
from normtrace.errors import CodingError, NotFoundError, WebError
from normtrace.store.db import Store
from normtrace.web import bulk, queries, teams
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User, create_user, list_users
from normtrace.web.deps import admin_user, current_user, get_access
from normtrace.web.draw_listing import (
    check_pair,
    draw_code_field,
    draw_codes,
    draw_counted,
    draw_out,
    listed_draws,
)
from normtrace.web.render import page, twin
from normtrace.web.routes.reading import filter_params
from normtrace.web.schemas import (
    Count,
    NewUser,
    OptionalInt,
    OptionalStr,
    UserList,
    UserOut,
)
from normtrace.web.schemas_teams import (
    MAX_WEB_SEED,
    AssignedUnit,
    AssignmentDone,
    AssignmentList,
    AssignmentOut,
    ChosenUnits,
    DrawCodeField,
    DrawOut,
    DrawRequest,
    NewAssignment,
    RevealRequest,
    StratumOut,
    UnitChoice,
)

router = APIRouter(dependencies=[Depends(current_user), Depends(admin_user)])


@twin(router, "/users", "users.html", response_model=UserList)
def users(access: ProjectAccess = Depends(get_access)) -> UserList:
    """Every account (admins only)."""
    with access.read() as store:
        found = list_users(store)
    return UserList(users=[UserOut(name=u.name, role=u.role) for u in found])


@router.post("/api/users", response_model=UserOut, status_code=201)
def add_user(new: NewUser, access: ProjectAccess = Depends(get_access)) -> UserOut:
    """Create an account; the password is stored only as an argon2 hash."""
    made = access.write(lambda store: create_user(store, new.name, new.role, new.password))
    return UserOut(name=made.name, role=made.role)


@router.post("/users", include_in_schema=False)
def add_user_form(
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """Create an account from the users page."""
    access.write(lambda store: create_user(store, name, role, password))
    return RedirectResponse("/users", status_code=303)


def _chosen_document(store: Store, document_id: int) -> ChosenUnits:
    summary, _ = queries.get_document(store, document_id)
    keys = teams.document_unit_keys(store, document_id)
    return ChosenUnits(
        source="document",
        description=f"every unit of {summary.symbol} ({len(keys)})",
        units=_choices(store, keys),
        document_id=document_id,
        params=json.dumps({"document": summary.symbol}),
    )


def _chosen_sample(
    store: Store, n: int, seed: int, doc_types: list[str], include_assigned: bool
) -> ChosenUnits:
    drawn = teams.draw_sample(
        store, n, seed, doc_types=doc_types, unassigned_only=not include_assigned
    )
    strata = ", ".join(f"{t} {d} of {a}" for t, (d, a) in drawn.strata.items())
    return ChosenUnits(
        source="sample",
        description=f"a random sample of {len(drawn.keys)} unit(s) stratified by document "
        f"type ({strata}), seed {seed}",
        units=_choices(store, list(drawn.keys)),
        seed=seed,
        strata=[StratumOut(doc_type=t, drawn=d, available=a) for t, (d, a) in drawn.strata.items()],
        params=json.dumps(
            {
                "n": n,
                "seed": seed,
                "doc_types": doc_types,
                "include_assigned": include_assigned,
                "strata": {t: list(v) for t, v in drawn.strata.items()},
            }
        ),  # fmt: skip
    )


def _draw_params(d: Draw) -> dict[str, object]:
    """What an assignment of a draw's units records of the draw (with ``source`` ``draw``)."""
    return {"draw": d.id, "codebook": d.codebook, "code": d.code, "level": d.level,
            "seed": d.seed}  # fmt: skip


def _chosen_draw(store: Store, draw_id: int) -> ChosenUnits:
    d = draw_by_id(store, draw_id)
    keys = reading_units(store, d)
    what = (f"the {len(d.order)} {d.level}(s) of validation draw {d.id} of {d.code} "
            f"({d.codebook}), seed {d.seed}, in their coding order")  # fmt: skip
    if d.level == "paragraph":
        what += f": their {len(keys)} unit(s), each paragraph with its sub-paragraphs"
    return ChosenUnits(
        source="draw", description=what, units=_choices(store, keys), seed=d.seed,
        draw_id=d.id, draw_strata=draw_out(d, None).strata, params=json.dumps(_draw_params(d)),
    )  # fmt: skip


def _listing(store: Store, *, counted: bool = False, shown: int | None = None) -> dict[str, Any]:
    """What the assignments page shows whatever was picked: assignments, coders, documents,
    document types, the recorded draws (every one counted when ``counted``, else the draw
    ``shown`` alone: :func:`~normtrace.web.draw_listing.listed_draws`) and the codes one may
    draw."""
    rows = teams.list_assignments(store)
    documents, _ = queries.browse_documents(store, queries.Filters())
    offered, left = draw_codes(store)
    return {
        "assignments": [AssignmentOut.model_validate(r) for r in rows],
        "units": _grouped(rows, store),
        "coders": [u.name for u in list_users(store) if u.can_write],
        "documents": documents,
        "doc_types": queries.doc_types(store),
        "draws": listed_draws(store, counted=counted, shown=shown),
        "draw_codes": offered,
        "draw_codes_left": left,
        "draw_counts": counted,
        "next_seed": secrets.randbelow(1_000_000),
    }


def _search(
    access: ProjectAccess,
    admin: User,
    q: str,
    filters: queries.Filters,
    code: str | None,
    code_source: str,
    seconds: float | None,
    code_book: str | None = None,
) -> queries.SearchOutcome:
    try:
        return bulk.search_queued(
            access, admin, q, filters, code=code, code_source=code_source,
            limit=teams.MAX_UNITS, seconds=seconds, codebook=code_book,
        )  # fmt: skip
    except QueryError as exc:
        raise WebError(f"search {q!r}: {exc}") from exc


def _chosen_search(
    store: Store,
    found: queries.SearchOutcome,
    q: str,
    filters: queries.Filters,
    code: str | None,
    code_source: str,
) -> ChosenUnits:
    keys = list(dict.fromkeys(h.key for h in found.hits))
    what = f"the {len(keys)} unit(s) matching {q!r}" if q else f"the {len(keys)} unit(s)"
    if code:
        what += f" with the code {code} ({code_source})"
    if found.stopped:
        what += " (the search stopped early: only the units it found)"
    params = {"query": q, "code": code, "code_source": code_source, **filters.as_dict()}
    return ChosenUnits(
        source="search", description=what, units=_choices(store, keys), params=json.dumps(params)
    )


def _choices(store: Store, keys: list[str]) -> list[UnitChoice]:
    return [UnitChoice.model_validate(c) for c in teams.unit_choices(store, keys)]


def _grouped(rows: list[dict[str, object]], store: Store) -> list[AssignedUnit]:
    units: dict[str, AssignedUnit] = {}
    for r in rows:
        key = str(r["unit_key"])
        unit = units.get(key)
        if unit is None:
            unit = units[key] = AssignedUnit(
                unit_key=key, symbol="", coders=[], blind=False, revealed=bool(r["revealed"])
            )
        unit.coders.append(str(r["coder"]))
        unit.blind = unit.blind or bool(r["blind"])
    symbols = {c["key"]: str(c["symbol"]) for c in teams.unit_choices(store, list(units))}
    for unit in units.values():
        unit.symbol = symbols.get(unit.unit_key, "")
    return list(units.values())


@twin(router, "/assignments", "assignments.html", response_model=AssignmentList)
def assignments(
    request: Request,
    source: str = "",
    document_id: OptionalInt = None,
    n: OptionalInt = None,
    seed: OptionalInt = None,
    doc_types: Annotated[list[str], Query()] = [],  # noqa: B006 (FastAPI reads, never mutates)
    include_assigned: bool = False,
    draw_id: OptionalInt = None,
    q: str = "",
    filters: queries.Filters = Depends(filter_params),
    code: OptionalStr = None,
    code_source: str = "human",
    code_book: OptionalStr = None,
    added: OptionalInt = None,
    assigned_units: OptionalInt = None,
    assigned_coders: OptionalInt = None,
    draw_counts: bool = False,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> AssignmentList:
    """Every assignment and the accounts that can be assigned (admins only).

    ``source`` picks units to review before assigning them: ``document`` (every unit of
    ``document_id``), ``sample`` (``n`` units drawn at random, stratified by document
    type, from ``doc_types`` (all when empty), unassigned units only unless
    ``include_assigned``, reproducible by ``seed``), ``draw`` (the units of the recorded
    validation draw ``draw_id``, in coding order) or ``search`` (the units matching
    ``q``, the filters and the ``code`` filter, of ``code_book``, of the search page). ``added``,
    ``assigned_units`` and ``assigned_coders``: what the last assignment did, to say it. The
    page lists the project's validation draws; how far each is labelled is counted for the
    draw being assigned, for every draw with ``draw_counts`` (it reads every label of each
    codebook drawn), or for one draw on asking (``/assignments/draws/{id}/labelled``).
    """
    chosen = None
    found = None
    if source == "search":  # first: it may wait for a turn at the scans
        seconds = request.app.state.search_seconds
        found = _search(access, admin, q, filters, code, code_source, seconds, code_book)
    with access.read() as store:
        if source == "document":
            if document_id is None:
                raise WebError("choose a document to assign")
            chosen = _chosen_document(store, document_id)
        elif source == "sample":
            if n is None:
                raise WebError("say how many units the sample has")
            used = secrets.randbelow(1_000_000) if seed is None else seed
            chosen = _chosen_sample(store, n, used, doc_types, include_assigned)
        elif source == "draw":
            if draw_id is None:
                raise WebError("choose a recorded validation draw to assign")
            chosen = _chosen_draw(store, draw_id)
        elif found is not None:
            chosen = _chosen_search(store, found, q, filters, code, code_source)
        elif source:
            raise WebError(f"units come from {_FROM}, not {source!r}")
        shown = chosen.draw_id if chosen is not None else None
        listing = _listing(store, counted=draw_counts, shown=shown)
    return AssignmentList(
        **listing,
        chosen=chosen,
        added=added,
        added_message=None if added is None or assigned_units is None or assigned_coders is None
        else teams.assigned_message(added, assigned_units, assigned_coders),
    )  # fmt: skip


def _keys(store: Store, unit_keys: list[str], document_id: int | None) -> list[str]:
    keys = [k.strip() for k in unit_keys if k.strip()]
    if document_id is not None:
        keys += teams.document_unit_keys(store, document_id)
    return keys


def _of_draw(
    store: Store, order: NewAssignment, source: str, params: dict[str, object]
) -> list[str]:
    """The units of the validation draw ``order`` names (the API's ``draw``), none for the
    review form's, whose units are ticked; either way the draw is recorded in ``params``.

    Raises:
        WebError: the review form of a draw names none; NotFoundError: no such draw.
    """
    if order.draw is not None:
        d = draw_by_id(store, order.draw)
        params.update(_draw_params(d))
        return reading_units(store, d)
    if source == "draw":
        named = params.get("draw")
        if isinstance(named, bool) or not isinstance(named, int):
            raise WebError("the assignment form names no validation draw; pick the units again")
        params.update(_draw_params(draw_by_id(store, named)))
    return []


def _assign(
    access: ProjectAccess, admin: User, order: NewAssignment, source: str, params: dict[str, object]
) -> AssignmentDone:
    def write(store: Store) -> AssignmentDone:
        keys = _keys(store, order.unit_keys, order.document_id)
        seed = None
        keys += _of_draw(store, order, source, params)
        if order.sample is not None:
            spec = order.sample
            seed = secrets.randbelow(1_000_000) if spec.seed is None else spec.seed
            drawn = teams.draw_sample(
                store, spec.n, seed, doc_types=spec.doc_types, unassigned_only=spec.unassigned_only
            )
            keys += drawn.keys
            params.update(
                {"n": spec.n, "seed": seed, "doc_types": spec.doc_types,
                 "strata": {t: list(v) for t, v in drawn.strata.items()}}
            )  # fmt: skip
        keys = list(dict.fromkeys(keys))
        if len(keys) > teams.MAX_UNITS:
            raise WebError(f"at most {teams.MAX_UNITS} units at once, not {len(keys)}")
        added = teams.assign(store, admin, keys, order.coders, blind=order.blind)
        coders = len([c for c in dict.fromkeys(order.coders) if c])
        run = teams.record_batch(
            store, admin, source=source, params=params, keys=keys, coders=order.coders,
            blind=order.blind, added=added,
        )  # fmt: skip
        if seed is None and isinstance(params.get("seed"), int):
            seed = int(str(params["seed"]))
        return AssignmentDone(
            added=added, units=len(keys), run_id=run, seed=seed, coders=coders,
            message=teams.assigned_message(added, len(keys), coders),
        )  # fmt: skip

    return access.write(write)


def _reveal(access: ProjectAccess, admin: User, order: RevealRequest) -> int:
    def write(store: Store) -> int:
        return teams.reveal(store, admin, _keys(store, order.unit_keys, order.document_id))

    return access.write(write)


@router.post("/api/assignments", response_model=AssignmentDone, status_code=201)
def add_assignments(
    order: NewAssignment,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> AssignmentDone:
    """Give units (keys, a document's units, a stratified sample, a recorded validation draw's
    units) to coders, blind by default; the batch is recorded as a run (stage ``assign``) with
    the sample's seed or the draw's id; a draw's units go alone (a 400 otherwise)."""
    others = order.sample is not None or order.unit_keys or order.document_id is not None
    if order.draw is not None and others:
        raise WebError(
            "a validation draw's units are assigned alone: send `draw` without `sample`, "
            "`unit_keys` or `document_id`, and those in another batch"
        )
    source = ("draw" if order.draw is not None else "sample" if order.sample
              else "document" if order.document_id else "keys")  # fmt: skip
    return _assign(access, admin, order, source, {})


_SOURCES = ("document", "sample", "draw", "search", "keys")
_FROM = "a document, a sample, a validation draw or a search"


def _form_params(raw: str) -> dict[str, object]:
    """The review page's record of where the units came from (a small JSON object)."""
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        value = None
    if not isinstance(value, dict) or len(raw) > 4000:
        raise WebError("the assignment form is damaged; pick the units again")
    return {str(k): v for k, v in value.items()}


@router.post("/assignments", include_in_schema=False)
def add_assignments_form(
    unit_keys: Annotated[list[str], Form()] = [],  # noqa: B006
    coders: Annotated[list[str], Form()] = [],  # noqa: B006
    blind: Annotated[bool, Form()] = False,
    source: Annotated[str, Form()] = "keys",
    params: Annotated[str, Form()] = "{}",
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """Give the ticked units to the ticked coders (the review list of the assignments page)."""
    if not coders:
        raise WebError("tick at least one coder to assign")
    if source not in _SOURCES:
        raise WebError(f"units come from {_FROM}, not {source!r}")
    order = NewAssignment(unit_keys=unit_keys, coders=coders, blind=blind)
    done = _assign(access, admin, order, source, _form_params(params))
    done_in = f"added={done.added}&assigned_units={done.units}&assigned_coders={done.coders}"
    return RedirectResponse(f"/assignments?{done_in}", status_code=303)


@router.post("/api/reveals", response_model=Count, status_code=201)
def add_reveals(
    order: RevealRequest,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> Count:
    """Lift blindness: every coder may now see every coding of these units."""
    return Count(added=_reveal(access, admin, order))


@router.post("/assignments/reveal", include_in_schema=False)
def add_reveals_form(
    unit_keys: Annotated[list[str], Form()] = [],  # noqa: B006
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """Reveal the ticked units of the assignments table."""
    if not unit_keys:
        raise WebError("tick the units whose codings to reveal")
    _reveal(access, admin, RevealRequest(unit_keys=unit_keys))
    return RedirectResponse("/assignments", status_code=303)


def _draw(access: ProjectAccess, asked: DrawRequest) -> DrawOut:
    """Make and record the draw ``asked`` (:func:`normtrace.coding.sample_draw.draw_sample`,
    what ``normtrace code sample`` calls); its units are then assigned as any others.

    Raises:
        WebError: more units to assign than one assignment takes
            (:data:`~normtrace.web.teams.MAX_UNITS`; a paragraph's sub-paragraphs count too:
            the draw is then rolled back, nothing recorded).
        CodingError, NotFoundError: what the library refuses (its one line).
    """
    what = "units" if asked.level == "unit" else f"{asked.level}s"
    if asked.seed is not None and asked.seed > MAX_WEB_SEED:
        raise WebError(
            f"a seed of {asked.seed} is more than the web takes: give one from 0 "
            f"to {MAX_WEB_SEED} (as a sample's), or use `normtrace code sample`"
        )
    if asked.n > teams.MAX_UNITS:
        raise WebError(f"a draw to assign has 1 to {teams.MAX_UNITS} {what}, not {asked.n}: "
                       "draw more with `normtrace code sample`")  # fmt: skip

    def write(store: Store) -> DrawOut:
        d = draw_sample(store, asked.codebook, asked.code, asked.n, hit_share=asked.hit_share,
                        level=asked.level, seed=asked.seed)  # fmt: skip
        held = len(reading_units(store, d))
        if held > teams.MAX_UNITS:  # raised inside the write: the draw is rolled back
            raise WebError(f"a draw of {len(d.order)} {what}, whose {held} units with their "
                           f"sub-paragraphs are more than one assignment takes "
                           f"({teams.MAX_UNITS}): draw fewer, or draw more with "
                           "`normtrace code sample`")  # fmt: skip
        # just drawn: the census is labelled (it is why it is one), no drawn unit yet
        census = sum(s.sampled for s in d.strata if s.name == CENSUS)
        return draw_out(d, census, order=True)

    return access.write(write)


@router.post("/api/draws", response_model=DrawOut, status_code=201)
def add_draw(asked: DrawRequest, access: ProjectAccess = Depends(get_access)) -> DrawOut:
    """Draw ``n`` units not yet labelled for a code at random, stratified by the dictionary's
    hits and genre, and record the draw (``normtrace code sample``); a refusal is a 400 in
    one line, or a 404 for an unknown codebook. Assign its units with ``{"draw": id}``
    (``POST /api/assignments``)."""
    return _draw(access, asked)


@router.post("/assignments/draw", include_in_schema=False)
def add_draw_form(
    request: Request,
    codebook: Annotated[str, Form(max_length=200)] = "",
    code: Annotated[str, Form(max_length=200)] = "",
    n: Annotated[int, Form()] = 0,
    hit_share: Annotated[float, Form()] = HIT_SHARE,
    level: Annotated[str, Form(max_length=20)] = "unit",
    seed: Annotated[OptionalInt, Form()] = None,
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """The page's "Validation draw for a code": the drawn units to review and assign, or the
    page again with the refusal in one line and the form as it was filled (a code the Code
    list shows under another codebook than the one chosen, as it does without JavaScript, is
    refused saying which to choose: :func:`~normtrace.web.draw_listing.check_pair`)."""
    asked = DrawRequest(codebook=codebook, code=code, n=n, hit_share=hit_share, level=level,
                        seed=seed)  # fmt: skip
    try:
        with access.read() as store:
            check_pair(store, codebook, code)
        made = _draw(access, asked)
    except (CodingError, NotFoundError, WebError) as exc:
        with access.read() as store:
            data = AssignmentList(**_listing(store), error=" ".join(str(exc).split()),
                                  draw_request=asked)  # fmt: skip
        return page(request, "assignments.html", data, status=400)
    return RedirectResponse(f"/assignments?source=draw&draw_id={made.id}", status_code=303)


@twin(router, "/assignments/draw-codes", "_draw_code_field.html", response_model=DrawCodeField)
def draw_code_list(
    codebook: OptionalStr = None,
    code: OptionalStr = None,
    access: ProjectAccess = Depends(get_access),
) -> DrawCodeField:
    """The codes a validation draw can be of in ``codebook`` (none: every codebook's, grouped),
    with the codable codes left out and why; ``code`` stays chosen when it is one of them.
    What the draw form's Code list shows once its Codebook list is chosen (htmx)."""
    with access.read() as store:
        return draw_code_field(store, codebook, code)


@twin(router, "/assignments/draws/{draw_id}/labelled", "_draw_labelled.html",
      response_model=DrawOut)  # fmt: skip
def draw_labelled(draw_id: int, access: ProjectAccess = Depends(get_access)) -> DrawOut:
    """Validation draw ``draw_id`` with how many of its units are labelled for its code now
    (``code validate``'s count: ``normtrace code draws``); the page's row asks it (htmx)."""
    with access.read() as store:
        return draw_counted(store, draw_id)
