"""Admin pages: accounts, blind assignments and reveals."""

from __future__ import annotations

import json
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse

from normtrace.coding.query import QueryError
from normtrace.errors import WebError
from normtrace.store.db import Store
from normtrace.web import bulk, queries, teams
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User, create_user, list_users
from normtrace.web.deps import admin_user, current_user, get_access
from normtrace.web.render import twin
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
    AssignedUnit,
    AssignmentDone,
    AssignmentList,
    AssignmentOut,
    ChosenUnits,
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
    q: str = "",
    filters: queries.Filters = Depends(filter_params),
    code: OptionalStr = None,
    code_source: str = "human",
    code_book: OptionalStr = None,
    added: OptionalInt = None,
    assigned_units: OptionalInt = None,
    assigned_coders: OptionalInt = None,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> AssignmentList:
    """Every assignment and the accounts that can be assigned (admins only).

    ``source`` picks units to review before assigning them: ``document`` (every unit of
    ``document_id``), ``sample`` (``n`` units drawn at random, stratified by document
    type, from ``doc_types`` (all when empty), unassigned units only unless
    ``include_assigned``, reproducible by ``seed``) or ``search`` (the units matching
    ``q``, the filters and the ``code`` filter, of ``code_book``, of the search page). ``added``,
    ``assigned_units`` and ``assigned_coders``: what the last assignment did, to say it.
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
        elif found is not None:
            chosen = _chosen_search(store, found, q, filters, code, code_source)
        elif source:
            raise WebError(f"units come from a document, a sample or a search, not {source!r}")
        rows = teams.list_assignments(store)
        coders = [u.name for u in list_users(store) if u.can_write]
        documents, _ = queries.browse_documents(store, queries.Filters())
        types = queries.doc_types(store)
        grouped = _grouped(rows, store)
    return AssignmentList(
        assignments=[AssignmentOut.model_validate(r) for r in rows],
        units=grouped,
        coders=coders,
        documents=documents,
        doc_types=types,
        chosen=chosen,
        next_seed=secrets.randbelow(1_000_000),
        added=added,
        added_message=None if added is None or assigned_units is None or assigned_coders is None
        else teams.assigned_message(added, assigned_units, assigned_coders),
    )  # fmt: skip


def _keys(store: Store, unit_keys: list[str], document_id: int | None) -> list[str]:
    keys = [k.strip() for k in unit_keys if k.strip()]
    if document_id is not None:
        keys += teams.document_unit_keys(store, document_id)
    return keys


def _assign(
    access: ProjectAccess, admin: User, order: NewAssignment, source: str, params: dict[str, object]
) -> AssignmentDone:
    def write(store: Store) -> AssignmentDone:
        keys = _keys(store, order.unit_keys, order.document_id)
        seed = None
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
    """Give units (keys, a document's units, a stratified sample) to coders, blind by
    default; the batch is recorded as a run (stage ``assign``) with the sample's seed."""
    source = "sample" if order.sample else "document" if order.document_id else "keys"
    return _assign(access, admin, order, source, {})


_SOURCES = ("document", "sample", "search", "keys")


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
        raise WebError(f"units come from a document, a sample or a search, not {source!r}")
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
