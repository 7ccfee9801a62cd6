"""The agreement page's model: the agreement of one codebook's readings (a code id two
codebooks share is coded, compared and adjudicated for each apart), and the codebooks to
switch to."""

from __future__ import annotations

from pydantic import BaseModel, Field

from normtrace.web.schemas import AgreementReport


class StaleOut(BaseModel):
    """A coder's work the agreement leaves out because a new version changed its words since
    (:class:`~normtrace.coding.human.agreement_stale.StaleWork`): ``marks`` "done" marks
    (``normtrace code reviews --stale``), ``codings`` codings awaiting review (``normtrace code
    review``), and the units that left the table because of it (``left``)."""

    coder: str
    marks: int
    codings: int
    left: list[str] = Field(default_factory=list)
    codebooks: list[str] = Field(default_factory=list)


class AgreementPage(AgreementReport):
    """:class:`~normtrace.web.schemas.AgreementReport` of ``codebook``'s readings (its
    ``adjudicated``: the decision in force for that codebook)."""

    #: the codebook whose readings are compared ("": the project has none registered)
    codebook: str = ""
    #: the project's codebooks to choose from, the first registered (the default) first
    codebooks: list[str] = Field(default_factory=list)
    #: for an admin: the units two or more coders judged anywhere in the project, assigned or
    #: not (what `normtrace agreement` compares); ``None`` for others
    project_units: int | None = None
    #: per coder, the marks and codings left out as stale (words a new version changed since)
    stale: list[StaleOut] = Field(default_factory=list)
