"""The unit view's "done" that asks first: a mark that would read pending machine suggestions as
not applying is not made at once (the rule: :mod:`normtrace.coding.human.mark_asks`). The
unit comes back with a :class:`DoneCheck` naming them ("2 pending machine suggestions
(Protection ×2) will count as not applying here"); "Done anyway" sends the mark again with
``confirm``, the ids it was shown, and the mark is made only while those are all it decides.
The message after the mark names what it decided (``routes/coding.py``)."""

from __future__ import annotations

from pydantic import BaseModel

from normtrace.coding.dictionary.candidates import Candidate
from normtrace.coding.human.mark_asks import described
from normtrace.coding.proposal_ids import read_proposal_id
from normtrace.errors import CodingError, WebError
from normtrace.web.schemas import CandidateOut, UnitPage


class DoneCheck(BaseModel):
    """A "done" mark of ``codebook`` on unit ``unit_key`` not made yet: it would read these
    pending suggestions as not applying, so the unit view asks first."""

    unit_key: str
    codebook: str
    #: the codes a "done for these codes" mark names (``None``: every code)
    codes: list[str] | None = None
    #: a blind re-reading (the unit view's "Re-read blind: done again")
    again: bool = False
    #: the suggestions it would decide, and what the view says of them
    suggestions: list[CandidateOut]
    message: str
    #: the coder was asked before, and the suggestions changed since
    changed: bool = False

    @property
    def confirm(self) -> str:
        """The ids of :attr:`suggestions`, as "Done anyway" sends them."""
        return " ".join(str(c.id) for c in self.suggestions)


class UnitAsking(UnitPage):
    """A unit page whose "done" waits for the coder's word (``_unit.html`` asks in the unit)."""

    done_check: DoneCheck


def confirmed(confirm: str | None) -> set[int] | None:
    """The suggestion ids a "Done anyway" names (``None``: none sent, the coder was not asked).

    >>> sorted(confirmed("12 c7"))
    [7, 12]
    """
    if confirm is None:
        return None
    try:
        return {read_proposal_id("c", part) for part in confirm.split()}
    except CodingError:
        raise WebError(f"confirm must list suggestion ids, not {confirm[:40]!r}; press Done "
                       "again") from None  # fmt: skip


def asking(
    page: UnitPage,
    found: list[Candidate],
    names: dict[str, str],
    *,
    codebook: str,
    codes: list[str] | None,
    again: bool,
    changed: bool,
) -> UnitAsking:
    """``page`` asking whether to mark its unit done though the mark decides ``found``."""
    first = "it first if it applies" if len(found) == 1 else "those that apply first"
    check = DoneCheck(
        unit_key=page.unit.key, codebook=codebook, codes=codes, again=again, changed=changed,
        suggestions=[
            CandidateOut(id=c.id, code=c.code, name=names.get(c.code, c.code), start=c.start,
                         end=c.end, snippet=c.snippet, status=c.status)
            for c in found
        ],
        message=f"{described(found, names)} will count as not applying here: accept {first}, "
        "or mark the unit done anyway.",
    )  # fmt: skip
    return UnitAsking(**dict(page), done_check=check)
