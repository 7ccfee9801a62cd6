"""Request and response models of the team pages: assignments, adjudication, "code all hits".

Split from :mod:`normtrace.web.schemas` (the reading and coding models) to keep modules small.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from normtrace.coding.sample_draw import HIT_SHARE
from normtrace.web.schemas import CodeChoice, DocumentSummary, MemoOut

#: the largest seed the web takes: a JSON number a browser's script keeps exact
MAX_WEB_SEED = 2**53


class AssignmentOut(BaseModel):
    """A unit given to a coder."""

    unit_key: str
    coder: str
    blind: bool
    revealed: bool
    assigned_at: str


class UnitChoice(BaseModel):
    """A unit in a review list, as people recognise it."""

    key: str
    symbol: str
    doc_type: str
    unit_type: str
    kind: str | None
    speaker: str | None
    date: str | None
    opening: str
    length: int


class StratumOut(BaseModel):
    """One document type of a stratified sample: units drawn of units available."""

    doc_type: str
    drawn: int
    available: int


class DrawStratumOut(BaseModel):
    """One stratum of a validation draw: the units drawn of the units it holds (the census
    ``labelled``: every unit labelled for the code before the draw, all of them in it)."""

    name: str
    sampled: int
    population: int


class DrawOut(BaseModel):
    """A recorded validation draw of a code (``normtrace code sample``; the page's "Validation
    draw for a code") and how far it is labelled (:mod:`normtrace.coding.draw_labelling`)."""

    id: int
    run_id: int
    made_at: str
    codebook: str
    code: str
    level: str
    seed: int
    #: the ``n`` asked for, the share of it asked of the dictionary's hits
    requested: int
    hit_share: float
    #: the units drawn (fewer than ``requested`` when the frame held fewer)
    drawn: int
    #: every unit of the draw, drawn and census: what ``code validate`` calls its targets
    units: int
    #: of them, labelled for the code now (``code validate``'s count); ``None``: not counted
    #: by this listing (counting reads every label of the codebook: the page counts a draw when
    #: asked, ``GET /api/assignments/draws/{id}/labelled``, or every one with ``draw_counts``)
    labelled: int | None
    #: every unit labelled (``code validate`` weights the newest such draw of each code and
    #: level); ``None``: not counted
    complete: bool | None
    #: who withdrew the draw, when and why, in words (``normtrace code withdraw-draw``); ``""``:
    #: not withdrawn. A withdrawn draw counts in no estimate and is given to no coder
    withdrawn: str = ""
    strata: list[DrawStratumOut] = Field(default_factory=list)
    #: the drawn units' keys in coding order (in the answer to a new draw)
    order: list[str] = Field(default_factory=list)


class DrawRequest(BaseModel):
    """A validation draw of ``code`` of ``codebook``: ``n`` units not yet labelled for it,
    ``hit_share`` of them from the dictionary's hits, at ``level``, reproducible by ``seed``
    (none: a random one, recorded), from 0 to :data:`MAX_WEB_SEED` as a sample's (the route
    says so in one line). The library refuses what cannot be drawn, in one line."""

    codebook: str = Field(max_length=200)
    code: str = Field(max_length=200)
    n: int = Field(strict=True)
    hit_share: float = HIT_SHARE
    level: str = Field(default="unit", max_length=20)
    seed: int | None = None


class DrawCodeChoice(BaseModel):
    """A code the draw form offers (codable, with entries of its own), with its codebook."""

    codebook: str
    code: str
    name: str


class DrawCodeLeft(BaseModel):
    """A codable code the draw form does not offer, and why, in words (no draw of it can be
    made: ``normtrace code sample`` refuses it)."""

    codebook: str
    code: str
    name: str
    why: str


class DrawCodeField(BaseModel):
    """The draw form's Code list for the Codebook chosen (``codebook``), with the codes of it
    left out and why; ``grouped``: every codebook's codes, each under its name (none chosen,
    and the page as first sent: a browser without JavaScript never narrows the list);
    ``selected``: the code to keep chosen when it is among them."""

    codebook: str = ""
    grouped: bool = False
    books: list[str] = Field(default_factory=list)
    codes: list[DrawCodeChoice] = Field(default_factory=list)
    left_out: list[DrawCodeLeft] = Field(default_factory=list)
    selected: str = ""


class ChosenUnits(BaseModel):
    """Units picked for an assignment (from a document, a search, a sample or a validation
    draw), to review."""

    source: str
    description: str
    units: list[UnitChoice]
    #: the sample's seed (``source`` ``sample``): the same seed draws the same units
    seed: int | None = None
    document_id: int | None = None
    strata: list[StratumOut] = Field(default_factory=list)
    #: the validation draw the units are of (``source`` ``draw``), and its strata
    draw_id: int | None = None
    draw_strata: list[DrawStratumOut] = Field(default_factory=list)
    #: what is recorded with the assignment (the run of stage ``assign``)
    params: str = "{}"


class AssignedUnit(BaseModel):
    """A unit and the coders it is assigned to."""

    unit_key: str
    symbol: str
    coders: list[str]
    blind: bool
    revealed: bool


class AssignmentList(BaseModel):
    """Every assignment, with the accounts that can take one and the units being picked."""

    assignments: list[AssignmentOut]
    units: list[AssignedUnit] = Field(default_factory=list)
    coders: list[str]
    documents: list[DocumentSummary]
    doc_types: list[str] = Field(default_factory=list)
    chosen: ChosenUnits | None = None
    #: a fresh random seed offered for the next sample
    next_seed: int = 0
    #: how many assignments (one unit to one coder) the last write added (after the redirect)
    added: int | None = None
    #: what it did in units and coders (:func:`~normtrace.web.teams.assigned_message`)
    added_message: str | None = None
    #: the project's recorded validation draws, newest first, and the codes one may draw
    draws: list[DrawOut] = Field(default_factory=list)
    draw_codes: list[DrawCodeChoice] = Field(default_factory=list)
    #: the codable codes one may not draw, and why
    draw_codes_left: list[DrawCodeLeft] = Field(default_factory=list)
    #: whether every draw's labelled units were counted (``draw_counts``); else only the draw
    #: being assigned is, the others when asked
    draw_counts: bool = False
    #: the draw form's default share of hits (``normtrace code sample --hit-share``'s)
    draw_hit_share: float = HIT_SHARE
    #: a refused draw: why, in one line, and what was asked (to ask again)
    error: str = ""
    draw_request: DrawRequest | None = None


class SampleSpec(BaseModel):
    """A random sample of ``n`` units stratified by document type, reproducible by ``seed``."""

    n: int = Field(ge=1, le=2000)
    seed: int | None = Field(default=None, ge=0, le=MAX_WEB_SEED)
    doc_types: list[str] = Field(default_factory=list)
    unassigned_only: bool = True


class NewAssignment(BaseModel):
    """Units (by key, every unit of a document, a stratified sample, or the units of a
    recorded validation draw) to give to coders."""

    unit_keys: list[str] = Field(default_factory=list)
    document_id: int | None = None
    sample: SampleSpec | None = None
    #: a recorded validation draw whose drawn units to give (its id)
    draw: int | None = None
    coders: list[str]
    blind: bool = True


class AssignmentDone(BaseModel):
    """How many assignments a write added, and the run that records the batch (its seed)."""

    added: int
    units: int
    run_id: int
    seed: int | None = None
    #: the coders the units went to (``added`` counts unit × coder pairs)
    coders: int = 0
    #: the same in words (:func:`~normtrace.web.teams.assigned_message`)
    message: str = ""


class RevealRequest(BaseModel):
    """Units (by key, or every unit of a document) whose codings become visible to all."""

    unit_keys: list[str] = Field(default_factory=list)
    document_id: int | None = None


class AdjudicationOut(BaseModel):
    """A recorded decision; the coders' original events are listed, never changed."""

    id: int
    unit_key: str
    code: str
    #: the codebook whose codings it settles (``None``: recorded before decisions named one,
    #: for every codebook)
    codebook: str | None = None
    decision: str
    start: int | None
    end: int | None
    snippet: str | None
    original_event_ids: list[int]
    #: who made the originals (what people read instead of event ids)
    original_coders: list[str] = Field(default_factory=list)
    final_event_id: int | None
    adjudicator: str
    note: str | None
    supersedes_id: int | None
    created_at: str


class OriginalCoding(BaseModel):
    """A coder's coding under adjudication."""

    id: int
    coder: str
    start: int
    end: int
    snippet: str


class AdjudicationItem(BaseModel):
    """A disagreement to settle, with the coders' spans and the current decision."""

    unit_key: str
    code: str
    applied_by: list[str]
    not_applied_by: list[str]
    originals: list[OriginalCoding]
    current: AdjudicationOut | None


class MarkedText(BaseModel):
    """A run of text and the codes marking it (none: plain text)."""

    text: str
    codes: list[str]


class ReadingCoding(BaseModel):
    """One coding of a coder's reading of a disputed passage."""

    id: int
    code: str
    name: str
    snippet: str


class Reading(BaseModel):
    """How one coder coded a disputed passage: the passage in context, their codes marked."""

    coder: str
    text: list[MarkedText]
    codings: list[ReadingCoding]
    #: the codes at stake this coder's reading was compared for (names), when not all of them:
    #: of the others the coder says nothing here
    compared_for: list[str] = []
    #: the coder's reasons: the memos they wrote with their codings of the codes at stake
    #: and their memos on the unit, its words and its codings (newest last)
    memos: list[MemoOut] = []


class Option(BaseModel):
    """A choice of a decision: ``value`` is what the form sends, ``label`` what people read."""

    value: str
    label: str


class PassageDispute(BaseModel):
    """A disputed passage to settle with one decision: the codes at stake, each coder's
    reading side by side, the choices, and the decisions in force."""

    id: str
    unit_key: str
    symbol: str
    document_id: int
    date: str | None
    speaker: str | None
    codes: list[CodeChoice]
    readings: list[Reading]
    options: list[Option]
    current: list[AdjudicationOut]
    settled: bool
    #: memos on the unit by anyone who is not one of the readings' coders (an adjudicator's)
    memos: list[MemoOut] = []


class AdjudicationPage(BaseModel):
    """Open and settled disagreements, and every decision so far.

    ``passages`` is what the page shows: one decision per disputed passage; ``items``
    lists the same disagreements per unit and code (the JSON API of earlier versions).
    """

    items: list[AdjudicationItem]
    history: list[AdjudicationOut]
    passages: list[PassageDispute] = Field(default_factory=list)
    code_names: dict[str, str] = Field(default_factory=dict)
    #: the unit whose decision was just recorded from the page ("" otherwise)
    recorded_on: str = ""
    #: the codebook whose disputes the page settles, and the project's codebooks to choose from
    codebook: str = ""
    codebooks: list[str] = Field(default_factory=list)


class NewPassageDecision(BaseModel):
    """Settle a disputed passage: keep the codings ``keep`` (one per code at most), every
    other code of ``codes`` absent; ``supersedes`` maps a code to the adjudication it replaces."""

    unit_key: str = Field(max_length=300)
    codes: list[str] = Field(min_length=1, max_length=50)
    keep: list[int] = Field(default_factory=list, max_length=50)
    note: str | None = Field(default=None, max_length=5000)
    supersedes: dict[str, int] = Field(default_factory=dict)
    #: the codebook whose codings it settles (none: each code's one codebook)
    codebook: str | None = Field(default=None, max_length=200)


class NewAdjudication(BaseModel):
    """Settle ``code`` on ``unit_key``: present (span of ``coding_id``, or start/end) or absent.

    ``supersedes_id`` must name the current adjudication when there is one.
    """

    unit_key: str = Field(max_length=300)
    code: str = Field(max_length=200)
    decision: str = Field(pattern="^(present|absent)$")
    coding_id: int | None = None
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=1)
    note: str | None = Field(default=None, max_length=5000)
    supersedes_id: int | None = None
    #: the codebook whose codings it settles (none: the code's one codebook)
    codebook: str | None = Field(default=None, max_length=200)


class BulkItemOut(BaseModel):
    """A passage of "code all hits": ``token`` names it (and its text) when confirming."""

    unit_key: str
    symbol: str
    left: str
    text: str
    right: str
    status: str
    token: str


class BulkPreview(BaseModel):
    """What "code all hits" would code; nothing is written until it is confirmed."""

    query: str
    filters: dict[str, str | int | None]
    code: str
    code_name: str
    scope: str
    hits: int
    complete: bool
    items: list[BulkItemOut]
    new: int
    held: int
    blind: int
    #: the codes one can code all hits with (the page lists their names)
    codes: list[CodeChoice] = Field(default_factory=list)
    #: the name of the search's code filter (``filters["code"]``), "" without one
    filter_code_name: str = ""
    #: the codebook the passages would be coded for ("" until a code is chosen)
    codebook: str = ""


class NewBulkCoding(BaseModel):
    """Confirm "code all hits": the reviewed passages' tokens and the code."""

    code: str = Field(max_length=200)
    tokens: list[str] = Field(max_length=500)
    #: the codebook to code for (needed when two codebooks hold ``code``)
    codebook: str | None = Field(default=None, max_length=200)


class SkippedPassage(BaseModel):
    """A passage "code all hits" left alone, and why."""

    unit_key: str
    reason: str


class BulkDone(BaseModel):
    """What "code all hits" wrote: one coding event per passage."""

    added: list[int]
    skipped: list[SkippedPassage]


class BulkUndo(BaseModel):
    """Take back a "code all hits" batch: the coder's codings with ``code`` made by the events
    ``first`` to ``last`` that still hold."""

    code: str = Field(max_length=200)
    first: int = Field(ge=1)
    last: int = Field(ge=1)


class BulkUndone(BaseModel):
    """The undo events written, one per coding taken back."""

    undone: list[int]
