"""JSON shapes of the workbench API (they also feed the templates and OpenAPI)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field


def _blank_to_none(value: object) -> object:
    """HTML forms send an empty string for an empty number field."""
    return None if isinstance(value, str) and not value.strip() else value


OptionalInt = Annotated[int | None, BeforeValidator(_blank_to_none)]
OptionalStr = Annotated[str | None, BeforeValidator(_blank_to_none)]


class UserOut(BaseModel):
    """An account as others see it."""

    name: str
    role: str


class Me(BaseModel):
    """The signed-in user, the CSRF token for writes and their assignments."""

    user: UserOut
    csrf_token: str
    assigned_units: list[str]


class DocumentSummary(BaseModel):
    """One document in a listing."""

    id: int
    symbol: str
    doc_type: str
    edition: str
    title: str | None
    date: str | None
    year: int | None
    units: int
    #: the agenda items of its meeting, for a meeting record (:mod:`normtrace.store.topics`;
    #: never its title), and where they come from
    topic: str | None = None
    topic_source: str | None = None


class DocumentList(BaseModel):
    """A page of documents with the filters applied."""

    items: list[DocumentSummary]
    total: int
    filters: dict[str, str | int | None]
    doc_types: list[str]
    cases: list[str]
    #: the speaker roles one can filter by (ids; the page shows their names)
    roles: list[str] = Field(default_factory=list)


class Span(BaseModel):
    """Code-point offsets ``[start, end)`` into a unit's text."""

    start: int
    end: int


class CodingOut(BaseModel):
    """A coding visible to the current user."""

    id: int
    code: str
    #: the code's name (people read names, not ids)
    name: str = ""
    start: int
    end: int
    snippet: str
    coder: str
    memo: str | None = None
    origin: str = "human"
    #: the codebook the coding is work for (``None``: it records no codebook version, made
    #: before versions were, and stands for every codebook holding its code)
    codebook: str | None = None


class CandidateOut(BaseModel):
    """An auto-coded span waiting for a human verdict."""

    id: int
    code: str
    #: the code's name (people read names, not ids)
    name: str = ""
    start: int
    end: int
    snippet: str
    #: the viewer's verdict (``accept``, ``reject``), else ``pending``, or ``absent`` when it
    #: counts nowhere without one: a "done" mark for its code, or another coder's reject,
    #: reads it as absent (an accept makes it count again)
    status: str
    #: the codebook whose dictionary proposed it (a code id two codebooks hold is either's)
    codebook: str | None = None


class KeptOut(CandidateOut):
    """An accepted candidate of an earlier run that the current run no longer proposes: the
    accept still counts (status ``accepted, not proposed by the current run``)."""

    #: the coders whose accept holds it (those the viewer may see)
    coders: list[str]
    #: the codebook version and the run that proposed it
    version: str
    run: int


class MemoOut(BaseModel):
    """A memo on a unit, span or coding."""

    id: int
    author: str
    text: str
    target: str
    created_at: str


class OlderMark(BaseModel):
    """The signed-in coder's "done" mark of every code made under an older codebook version
    that lacked codes the current one has: it speaks for that version's codes only."""

    #: the version it was made under, and how many codable codes it speaks for
    version: str
    codes: int
    #: the current version's codable codes it does not speak for (ids): not reviewed for
    missing: list[str]


class UnitOut(BaseModel):
    """A speech or paragraph with what the user may see of its coding."""

    key: str
    unit_type: str
    kind: str | None
    speaker: str | None
    affiliation: str | None
    role: str | None
    actor: str | None
    text: str
    edition: str = "record"
    #: codings of this unit (that the user may see) a new version moved and no one placed yet
    review: int = 0
    #: of ``review``, those the signed-in user settles (their codings, their adjudications')
    review_yours: int = 0
    blind: bool = False
    assigned: bool = False
    codings: list[CodingOut] = Field(default_factory=list)
    candidates: list[CandidateOut] = Field(default_factory=list)
    #: accepted candidates of earlier runs the current run no longer proposes: they count
    kept: list[KeptOut] = Field(default_factory=list)
    memos: list[MemoOut] = Field(default_factory=list)
    #: the project's codebooks (latest versions), for the "done, nothing applies" buttons
    codebooks: list[str] = Field(default_factory=list)
    #: those the signed-in coder marked this unit done for (unit level, every code)
    done: list[str] = Field(default_factory=list)
    #: each codebook's codable codes (id → name), for "done for these codes"
    codebook_codes: dict[str, dict[str, str]] = Field(default_factory=dict)
    #: the signed-in coder's current unit-level marks for some codes only: codebook → the
    #: code lists of its marks
    done_some: dict[str, list[list[str]]] = Field(default_factory=dict)
    #: those of ``done`` whose mark was made under an older version with fewer codes
    done_older: dict[str, OlderMark] = Field(default_factory=dict)


class PredatingOut(BaseModel):
    """A coder's work on a blind-assigned unit from before their blind reading of it began
    (``blind_since``); ``counted``: they re-read it since (a "done" mark), else set aside."""

    unit_key: str
    coder: str
    blind_since: str
    first: str
    last: str
    counted: bool


class DocumentView(BaseModel):
    """A document with its units in reading order."""

    document: DocumentSummary
    meeting: str | None
    warnings: list[str]
    units: list[UnitOut]
    codes: list[str]
    #: code id → name, for the coding bar (people read names)
    code_labels: dict[str, str] = Field(default_factory=dict)
    #: code id → its codebooks, for an id two codebooks hold (the bar lists it under each)
    code_books: dict[str, list[str]] = Field(default_factory=dict)
    memos_blind: bool = False
    memos: list[MemoOut] = Field(default_factory=list)
    #: the signed-in coder's work on these units from before their blind assignment (blind,
    #: not revealed); a unit shows a notice for each not ``counted``
    predating: list[PredatingOut] = Field(default_factory=list)


class DocumentMemos(BaseModel):
    """The memos on a whole document that the user may see."""

    document: DocumentSummary
    memos_blind: bool = False
    memos: list[MemoOut] = Field(default_factory=list)


class HitCode(BaseModel):
    """A code on a search hit: ``source`` is ``human`` (someone coded it) or ``candidate``."""

    code: str
    name: str
    source: str
    label: str
    #: whose code it is (``None``: a coding that records no codebook, for every codebook)
    codebook: str | None = None


class CodeChoice(BaseModel):
    """A code people pick from a list: its id and its name."""

    code: str
    name: str
    #: the codebooks holding this code id, when two or more do (the first registered first;
    #: empty when one does): "code all hits" codes it for the one the coder names
    codebooks: list[str] = Field(default_factory=list)


class SearchHit(BaseModel):
    """A unit matching a search, with the offsets of the matched terms."""

    key: str
    edition: str = "record"
    symbol: str
    document_id: int
    unit_type: str
    doc_type: str
    date: str | None
    speaker: str | None
    role: str | None
    text: str
    hits: list[Span]
    #: the codes on this unit the viewer may see: human codings and, labelled apart,
    #: the dictionary's candidates (filled by :mod:`normtrace.web.bulk`)
    codes: list[HitCode] = Field(default_factory=list)


class KwicLine(BaseModel):
    """One keyword in context."""

    key: str
    symbol: str
    document_id: int
    start: int
    left: str
    match: str
    right: str
    speaker: str | None
    role: str | None


class SearchResult(BaseModel):
    """Search hits, or KWIC lines, for a query and filters."""

    query: str
    filters: dict[str, str | int | None]
    total: int
    hits: list[SearchHit]
    kwic: list[KwicLine]
    doc_types: list[str]
    roles: list[str]
    cases: list[str]
    #: why the query could not be run (the query language refuses it, status 400) or
    #: where it stopped (over its time budget, ``complete`` false), else ""
    error: str = ""
    #: false when the search ran out of its time budget: ``total`` is then a lower bound
    complete: bool = True
    #: answered from the cache of complete results (the same search of the unchanged
    #: project ran before), not by a new scan
    cached: bool = False
    #: the code filter (a code id, "" for none) and what counts: ``human`` or ``candidate``
    code: str = ""
    code_source: str = "human"
    #: the codebook whose ``code`` the filter keeps ("": the one codebook holding it)
    code_book: str = ""
    #: the codes one can filter by or code all hits with
    codes: list[CodeChoice] = Field(default_factory=list)
    #: how many passages "code all hits" just coded (shown once after the redirect)
    coded: int | None = None
    #: the first and last coding events of that batch (its "undo these codings" form)
    first: int | None = None
    last: int | None = None
    #: how many codings of such a batch were just taken back
    undone: int | None = None


class SearchCacheOut(BaseModel):
    """The server process's cache of complete search results since it started."""

    hits: int
    misses: int
    entries: int
    bound: int
    #: characters of unit text the entries hold, and the most they may
    chars: int
    max_chars: int


class UnitPage(BaseModel):
    """One unit, where it comes from, and the codes that can be applied to it."""

    unit: UnitOut
    document_id: int
    symbol: str
    codes: list[str]
    #: code id → name, for the coding bar (people read names)
    code_labels: dict[str, str] = Field(default_factory=dict)
    #: code id → its codebooks, for an id two codebooks hold (the bar lists it under each)
    code_books: dict[str, list[str]] = Field(default_factory=dict)
    #: the signed-in coder's work on this unit from before their blind assignment (blind, not
    #: revealed); the page shows a notice while it is not ``counted``
    predating: list[PredatingOut] = Field(default_factory=list)


class NewUser(BaseModel):
    """An account to create."""

    name: str
    role: str
    password: str


class UserList(BaseModel):
    """Every account."""

    users: list[UserOut]


class Count(BaseModel):
    """How many rows a write added."""

    added: int


class NewCoding(BaseModel):
    """A code applied to ``unit_key[start:end]`` (code points).

    ``snippet`` is the text the client saw selected; when given and the stored
    text differs, the write is refused with 409 instead of coding the wrong words.
    ``edition`` names the edition whose text was shown (record or corpus editions
    of a meeting share unit keys).
    """

    unit_key: str = Field(max_length=300)
    code: str = Field(max_length=200)
    start: int = Field(ge=0)
    end: int = Field(ge=1)
    snippet: str | None = None
    edition: str | None = Field(default=None, max_length=40)
    memo: str | None = Field(default=None, max_length=5000)
    #: the codebook whose ``code`` this is: needed when two codebooks hold a code of that id
    codebook: str | None = Field(default=None, max_length=200)


class NewMemo(BaseModel):
    """A memo on a unit, or on a span of it (optionally about a code)."""

    unit_key: str = Field(max_length=300)
    text: str = Field(min_length=1, max_length=5000)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=1)
    code: str | None = Field(default=None, max_length=200)
    #: whose ``code`` (needed when two codebooks hold it: the coding's codebook)
    codebook: str | None = Field(default=None, max_length=200)


class NewDocumentMemo(BaseModel):
    """A memo on a whole document (the document is named by the path)."""

    text: str = Field(min_length=1, max_length=5000)


class Removed(BaseModel):
    """A coding removed by an uncode event."""

    coding_id: int
    event_id: int


class Verdict(BaseModel):
    """A coder's verdict on an auto-coded candidate."""

    candidate_id: int
    unit_key: str
    verdict: str


class DisagreementOut(BaseModel):
    """A unit on which coders disagree about a code."""

    unit_key: str
    code: str
    applied_by: list[str]
    not_applied_by: list[str]
    adjudicated: str | None = None
    #: the code's name (people read names; ``code`` is the id exports use)
    name: str = ""


class CodeAgreementOut(BaseModel):
    """Agreement on one code (``None`` where a statistic is undefined)."""

    code: str
    coders: list[str]
    units: int
    percent: float | None
    kappa: float | None
    alpha: float | None
    disagreements: list[DisagreementOut]
    passage_alpha: float | None = None
    unit_keys: list[str] = []
    #: the code's name (people read names; ``code`` is the id exports use)
    name: str = ""


class AgreementReport(BaseModel):
    """Agreement per code over units assigned to two or more coders."""

    units: int
    coders: list[str]
    overall: CodeAgreementOut | None
    codes: list[CodeAgreementOut]
    #: work from before a unit's blind assignment, per coder and unit (set aside unless
    #: ``counted``)
    predating: list[PredatingOut] = []
    #: how many of ``predating`` were set aside (not compared)
    set_aside: int = 0


class CodebookSummary(BaseModel):
    """A registered codebook and how many versions it has."""

    name: str
    version: str
    versions: int
    codes: int


class CodebookList(BaseModel):
    """Every codebook of the project."""

    codebooks: list[CodebookSummary]


class CodeOut(BaseModel):
    """A code of a codebook version."""

    id: str
    name: str
    parent: str | None
    definition: str
    inclusion: str
    exclusion: str
    codable: bool
    color: str | None = None
    patterns: list[str]
    proximity: list[str]
    #: measured error (``normtrace.coding.validity``): "P 0.91 [0.80, 0.96] · R … · n …"
    measured_error: str = ""
    validated: bool = False


class CodebookVersion(BaseModel):
    """One stored version of a codebook."""

    version: str
    created_at: str


class CodebookView(BaseModel):
    """The latest version of a codebook, with its history."""

    name: str
    version: str
    versions: list[CodebookVersion]
    codes: list[CodeOut]
    #: what the export files cannot carry back (verdicts, codings of dropped codes)
    not_carried: list[str] = Field(default_factory=list)


class CodeEdit(BaseModel):
    """A changed or new code; ``base_version`` is the version the editor started from."""

    base_version: str
    id: str = Field(pattern=r"^[a-z0-9_]{1,64}$")
    name: str = Field(min_length=1, max_length=200)
    parent: str | None = None
    definition: str = Field(default="", max_length=5000)
    inclusion: str = Field(default="", max_length=5000)
    exclusion: str = Field(default="", max_length=5000)
    patterns: list[str] = Field(default_factory=list)
