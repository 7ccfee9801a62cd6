"""Assisted coding in the workbench: a per-code queue of suggestions, verdicts, retraining.

``/learn/{codebook}/{code}`` lists the current suggestions of a code that the coder
has not judged, most uncertain first (the order active learning wants), with the
probability; ``a`` accepts and ``r`` rejects the first one (``static/learn.js``). A
retrain button trains the codebook's model again and refreshes the suggestions at the bar
the current ones were stored at (:func:`normtrace.coding.learn.suggest.current_bar`; the
CLI's ``code suggest --min-probability`` sets it), so the queue holds what ``code export``
and ``code list`` publish, nothing below the bar.
"Done, nothing applies" marks a unit reviewed for a codebook (negatives).

A queue whose suggestions come from a model ``code train`` judged no better than the base
rate says so above them, with the grounds (as the suggest run recorded them:
:func:`~normtrace.coding.learn.suggest.current_judgement`); one it could not judge says why.

Suggestions are stored per level (``code suggest --level unit|paragraph``): a queue opened
without ``level`` opens at the level where this coder's suggestions wait, and every queue
says how many wait at each level, with a link (:func:`waiting`).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from normtrace.coding.human.mark_asks import SuggestionsPending, mark_done_asking
from normtrace.coding.learn.suggest import (
    current_bar,
    current_judgement,
    record_suggestion_verdict,
    suggest,
    suggestion_queue,
)
from normtrace.coding.learn.train import prepare_training
from normtrace.coding.levels import LEVELS, check_level, target_clause
from normtrace.coding.proposal_ids import read_proposal_id
from normtrace.store.db import Store, utc_now
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User
from normtrace.web.codings import code_label
from normtrace.web.deps import ConflictError, current_user, get_access, writer_user
from normtrace.web.render import twin
from normtrace.web.teams import visibilities, visibility

#: the most suggestions of one code and level counted as waiting (a queue lists ``limit``)
COUNTED = 100_000
#: the longest text a queue row shows (a paragraph is rarely longer; one that is says so and
#: links to its unit)
QUEUE_TEXT = 6000

#: the API's words for what a "done" asks (the rule: :mod:`normtrace.coding.human.mark_asks`)
API_CONFIRM = 'send "confirm": true (or those ids) to mark anyway'
API_AGAIN_REFUSED = ("again is a blind re-reading of a unit for every code: send it without "
                     "undo, codes or a paragraph level")  # fmt: skip

router = APIRouter(dependencies=[Depends(current_user)])


class SuggestionVerdict(BaseModel):
    """Accept or reject one suggestion."""

    verdict: str


class Done(BaseModel):
    """Mark a unit (or paragraph) reviewed for a codebook: nothing (else) applies."""

    codebook: str
    unit_key: str
    level: str = "unit"
    #: withdraw the signed-in coder's mark instead (appended; nothing is deleted)
    undo: bool = False
    #: the mark speaks for these codes only ("done for these codes"); absent: for every code
    codes: list[str] | None = None
    #: a blind re-reading (unit level, every code): the coder's standing mark, made before the
    #: unit's blind assignment, is withdrawn and made anew
    #: (:func:`~normtrace.coding.human.blind_work.mark_read_again`)
    again: bool = False
    #: mark though the mark reads pending machine suggestions as not applying: ``true``, or
    #: the ids of the suggestions the coder saw (marked only while those are all it decides);
    #: without it such a mark is refused (409) and names them
    #: (:func:`~normtrace.coding.human.mark_asks.mark_done_asking`)
    #: (each as ``code list`` and the 409 name it, ``c24``, or the bare number)
    confirm: bool | list[int | str] = False


def waiting(store: Store, codebook: str, code: str, user: User) -> dict[str, int]:
    """Per level, how many suggestions of ``code`` wait for ``user``'s verdict (those the
    queue at that level lists, under the blind rule)."""
    out: dict[str, int] = {}
    for level in LEVELS:
        rows = suggestion_queue(store, codebook, code, level=level, coder=user.name,
                                limit=COUNTED)  # fmt: skip
        seen = visibilities(store, [str(r["unit_key"]) for r in rows])
        out[level] = sum(1 for r in rows if seen[str(r["unit_key"])].shows_machine(user))
    return out


def opening_level(counts: dict[str, int]) -> str:
    """The level a queue opened without one shows: the first of :data:`LEVELS` (``unit``)
    where suggestions wait, else ``unit``."""
    return next((level for level in LEVELS if counts.get(level)), LEVELS[0])


@twin(router, "/learn/{codebook}/{code}", "learn.html")
def queue(
    codebook: str,
    code: str,
    level: str = Query("", description="unit or paragraph; absent: where suggestions wait"),
    limit: int = Query(50, ge=1, le=500),
    trained: str = Query("", max_length=40),
    stored: int = Query(0, ge=0),
    status: str = Query("", max_length=600),
    said: str = Query("", max_length=300),
    user: User = Depends(current_user),
    access: ProjectAccess = Depends(get_access),
) -> dict[str, Any]:
    """The suggestions of ``code`` this coder has not judged, most uncertain first (after a
    retrain from the page, ``trained``, ``stored`` and ``status`` say what it did; after a
    verdict from the page, ``said``), and the bar they are stored at; ``waiting``: how many
    wait at each level; without ``level`` the queue opens where some wait (``chosen``)."""
    with access.read() as store:
        counts = waiting(store, codebook, code, user)
        chosen = not level
        level = opening_level(counts) if chosen else check_level(level)
        rows = suggestion_queue(store, codebook, code, level=check_level(level),
                                coder=user.name, limit=limit)  # fmt: skip
        rows = [r for r in rows if visibility(store, str(r["unit_key"])).shows_machine(user)]
        for row in rows:
            clause, params = target_clause(str(row["unit_key"]), level)
            text = store.conn.execute(
                f"SELECT group_concat(text, ' ') AS t FROM units WHERE {clause}", params
            ).fetchone()
            # the whole target, as the model read it: a coder judges what they can see
            whole = text["t"] or ""
            row["text"] = whole[:QUEUE_TEXT]
            row["cut"] = len(whole) > QUEUE_TEXT
        name = code_label(store, code)
        bar, _ = current_bar(store, codebook, level)
        # what `code train` judged of the model behind these suggestions, against the base rate
        judged = current_judgement(store, codebook, code, level)
    return {"codebook": codebook, "code": code, "code_name": name, "level": level,
            "chosen": chosen, "waiting": counts, "suggestions": rows, "trained": trained,
            "stored": stored, "bar": bar, "status": status, "said": said,
            "judged": {**judged.as_dict(), "warns": judged.warns}}  # fmt: skip


@router.post("/api/suggestions/{suggestion_id}/verdict", status_code=201)
def judge(
    suggestion_id: int,
    body: SuggestionVerdict,
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> dict[str, Any]:
    """Accept or reject a suggestion (a label for the next training)."""
    event = access.write(
        lambda store: record_suggestion_verdict(
            store, coder=user.name, suggestion_id=suggestion_id, verdict=body.verdict
        )
    )
    return {"event": event.id, "suggestion": suggestion_id, "verdict": body.verdict}


@router.post("/learn/suggestions/{suggestion_id}", include_in_schema=False)
def judge_form(
    request: Request,
    suggestion_id: int,
    verdict: Annotated[str, Form()],
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """The form twin of :func:`judge`: back to the queue, which says what the verdict did."""
    judge(suggestion_id, SuggestionVerdict(verdict=verdict), user, access)
    with access.read() as store:
        row = store.conn.execute(
            "SELECT unit_key, level FROM suggestions WHERE id = ?", (suggestion_id,)
        ).fetchone()
    where = f" on {row['unit_key']}" if row is not None else ""
    said = f"{'Accepted' if verdict == 'accept' else 'Rejected'} the suggestion{where} (u undoes)"
    back = urlsplit(request.headers.get("referer") or "/")
    # the retrain's report belongs to the retrain, not to every verdict after it
    query = [(k, v) for k, v in parse_qsl(back.query)
             if k not in ("trained", "stored", "status", "said")] + [("said", said)]  # fmt: skip
    if back.path.startswith("/learn/") and row is not None and "level" not in dict(query):
        # a queue opened at the level where suggestions waited stays there, even when its
        # last one is judged and the other level still has some
        query.insert(0, ("level", str(row["level"])))
    return RedirectResponse(urlunsplit(("", "", back.path, urlencode(query), "")) or "/",
                            status_code=303)  # fmt: skip


@router.post("/api/learn/{codebook}/train", status_code=201)
def retrain(
    codebook: str,
    level: str = Query("unit"),
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> dict[str, Any]:
    """Train the codebook's model again from all human labels and refresh the suggestions
    at the current bar (``bar`` in the reply: the latest `code suggest` run's, else 0.5).

    The fit runs outside the single writer (other coders keep writing meanwhile); storing
    the model and the suggestions is one write."""
    with access.read() as store:
        job = prepare_training(store, codebook, level=check_level(level))
    started = utc_now()
    fitted = job.fit()

    def run(store: Store) -> dict[str, Any]:
        model = job.save(store, fitted, started_at=started)
        report = suggest(store, codebook, level=level)  # the bar the current ones have
        return {
            "model": model.version,
            "codes": model.codes,
            "suggestions": len(report.suggestions),
            "bar": report.bar,
        }

    return access.write(run)


@router.post("/learn/{codebook}/{code}/train", include_in_schema=False)
def retrain_form(
    codebook: str,
    code: str,
    level: Annotated[str, Form()] = "unit",
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """The form twin of :func:`retrain`: back to the queue, which says what the training
    did (the model, the suggestions stored, what became of this code)."""
    done = retrain(codebook, level, user, access)
    status = str(done["codes"].get(code, {}).get("status", "not in the model"))
    query = urlencode({"level": level, "trained": done["model"], "stored": done["suggestions"],
                       "status": status[:600]})  # fmt: skip
    return RedirectResponse(f"/learn/{codebook}/{code}?{query}", status_code=303)


@router.post("/api/units/done", status_code=201)
def done(
    body: Done, user: User = Depends(writer_user), access: ProjectAccess = Depends(get_access)
) -> dict[str, Any]:
    """Done, nothing (else) applies: the unit counts as reviewed for the codebook (with
    ``undo``: the signed-in coder's mark on it is withdrawn). A mark that would read pending
    machine suggestions as not applying is refused (409, naming them) unless ``confirm``
    (the rule: :func:`~normtrace.coding.human.mark_asks.mark_done_asking`); ``decided``: the
    ids of the suggestions a mark read so. A coder not shown the machine's suggestions (blind)
    is not asked about them."""

    confirm: bool | list[int] = (
        [read_proposal_id("c", one) for one in body.confirm]
        if isinstance(body.confirm, list) else body.confirm)  # fmt: skip

    def write(store: Store) -> tuple[int, list[int]]:
        state = visibility(store, body.unit_key)
        made = mark_done_asking(
            store, coder=user.name, codebook=body.codebook, unit_keys=[body.unit_key],
            level=body.level, codes=body.codes, again=body.again, undo=body.undo,
            source="web", confirm=confirm, shown=state.shows_machine(user),
            others=state.shows_everyone(user), how_to_confirm=API_CONFIRM,
            again_refused=API_AGAIN_REFUSED)  # fmt: skip
        return made.marked, made.decided_ids

    try:
        n, decided = access.write(write)
    except SuggestionsPending as pending:
        raise ConflictError(str(pending)) from pending
    key = "withdrawn" if body.undo else "reviewed"
    return {key: n, "unit_key": body.unit_key, "codebook": body.codebook, "codes": body.codes,
            "decided": decided}  # fmt: skip
