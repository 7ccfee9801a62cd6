"""Pages and their JSON twins.

Every page is registered twice by :func:`twin`: ``/path`` renders a Jinja2
template (autoescaping on, so every user-supplied string is escaped) and
``/api/path`` returns the same data as JSON, described in the OpenAPI schema.
The HTML route also answers JSON to a client whose ``Accept`` header asks for
it first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any, TypeVar
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from normtrace.web.codepage import PAGE_LIMIT as CODE_PAGE_SIZE
from normtrace.web.deps import wants_json
from normtrace.web.highlight import Mark, Segment, segments
from normtrace.web.labels import SHRUNK_BOX, role_label, when
from normtrace.web.queries import PAGE_SIZE
from normtrace.web.schemas import CodingOut, KeptOut, SearchHit, UnitOut

F = TypeVar("F", bound=Callable[..., Any])

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("normtrace.web", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    # templates are package data: no file checks on every render (they were ~5 % of a
    # loaded server's time)
    auto_reload=False,
)
EXCERPT = 400


CANDIDATE = "candidate:"


@dataclass(frozen=True)
class UnitSegment:
    """A run of unit text with the codes and the pending candidates covering it."""

    text: str
    codes: tuple[str, ...]
    candidates: tuple[str, ...]
    #: the names of ``codes`` and of ``candidates`` (what people read)
    names: tuple[str, ...] = ()
    candidate_names: tuple[str, ...] = ()


def unit_segments(unit: UnitOut) -> list[UnitSegment]:
    """A unit's text cut at the boundaries of visible codings (and accepts that count) and
    pending candidates."""
    # accepts the current run no longer proposes count as codings (:attr:`UnitOut.kept`)
    counted: list[CodingOut | KeptOut] = [*unit.codings, *unit.kept]
    pending = [c for c in unit.candidates if c.status == "pending"]
    # a code of a codebook (two codebooks may share a code id, and name it apart)
    marks = [Mark(c.start, c.end, _label(c.code, c.codebook)) for c in counted]
    marks += [Mark(c.start, c.end, CANDIDATE + _label(c.code, c.codebook)) for c in pending]
    named = {_label(c.code, c.codebook): c.name or c.code for c in [*counted, *unit.candidates]}
    out = []
    for s in segments(unit.text, marks):
        codes = [x for x in s.labels if not x.startswith(CANDIDATE)]
        cands = [x.removeprefix(CANDIDATE) for x in s.labels if x.startswith(CANDIDATE)]
        out.append(
            UnitSegment(
                s.text,
                tuple(dict.fromkeys(x.split(BOOK)[0] for x in codes)),
                tuple(dict.fromkeys(x.split(BOOK)[0] for x in cands)),
                _names(codes, named),
                _names(cands, named),
            )
        )
    return out


#: between a code id and its codebook in a mark's label
BOOK = "\x1f"


def _label(code: str, codebook: str | None) -> str:
    return f"{code}{BOOK}{codebook or ''}"


def _names(labels: list[str], named: dict[str, str]) -> tuple[str, ...]:
    """The names of the codes of ``labels``, each with its codebook where the same code id
    of two codebooks (or of one and of every codebook) covers the words."""
    ids = [x.split(BOOK)[0] for x in labels]
    return tuple(
        named.get(x, ids[i]) + (f" ({x.split(BOOK)[1] or 'every codebook'})"
                                if ids.count(ids[i]) > 1 else "")
        for i, x in enumerate(labels)
    )  # fmt: skip


def hit_segments(hit: SearchHit) -> list[Segment]:
    """An excerpt of a search hit around its first match, matches marked."""
    first = hit.hits[0].start if hit.hits else 0
    lo = max(0, first - EXCERPT // 2)
    if lo > 0:
        # start the excerpt on a word boundary, never after the first match
        space = hit.text.find(" ", lo, first)
        lo = space + 1 if space >= 0 else lo
    hi = min(len(hit.text), lo + EXCERPT)
    marks = [Mark(h.start - lo, min(h.end, hi) - lo, "hit") for h in hit.hits if lo <= h.start < hi]
    cut = segments(hit.text[lo:hi], marks)
    if lo > 0:
        cut.insert(0, Segment(0, "… ", ()))
    if hi < len(hit.text):
        cut.append(Segment(hi, " …", ()))
    return cut


def query_with(filters: dict[str, Any], offset: int) -> str:
    """The query string of a listing page with ``offset`` (empty filters left out)."""
    shown = {k: v for k, v in filters.items() if v not in (None, "") and k != "offset"}
    return urlencode({**shown, "offset": max(offset, 0)})


_ENV.globals.update(
    unit_segments=unit_segments,
    hit_segments=hit_segments,
    query_with=query_with,
    page_size=PAGE_SIZE,
    code_page_size=CODE_PAGE_SIZE,
    role_label=role_label,
    shrunk_box=SHRUNK_BOX,
)
_ENV.filters["when"] = when
TEMPLATES = Jinja2Templates(env=_ENV)
STATIC_DIR = str(resources.files("normtrace.web") / "static")


def page(
    request: Request, template: str, data: Any, *, status: int = 200, fragment: str | None = None
) -> Response:
    """``data`` as JSON or rendered into ``template`` (``fragment`` for htmx requests)."""
    if wants_json(request):
        return JSONResponse(jsonable_encoder(data), status_code=status)
    if fragment and request.headers.get("hx-request"):
        template = fragment
    context = {
        "user": getattr(request.state, "user", None),
        "csrf": getattr(request.state, "csrf", ""),
        "data": data,
    }
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status)


def twin(
    router: APIRouter, path: str, template: str, *, fragment: str | None = None, **api: Any
) -> Callable[[F], F]:
    """Register ``fn`` at ``/api{path}`` (JSON) and an HTML page at ``path``.

    ``fn``'s parameters (query, path, dependencies) are resolved by FastAPI for
    both routes; ``api`` goes to the JSON route (``response_model``, ``summary``).
    """

    def register(fn: F) -> F:
        router.add_api_route("/api" + path, fn, methods=["GET"], **api)

        # async: rendering takes well under a millisecond for most pages, less than the
        # hop to a worker thread and back a sync function would cost
        async def html(request: Request, data: Any = Depends(fn)) -> Response:
            # a refused query: the page shows why, with the status the JSON route gives
            refused = bool(getattr(data, "error", "")) and getattr(data, "complete", True)
            return page(request, template, data, fragment=fragment, status=400 if refused else 200)

        html.__name__ = f"{fn.__name__}_page"
        router.add_api_route(
            path, html, methods=["GET"], include_in_schema=False, response_class=HTMLResponse
        )
        return fn

    return register
