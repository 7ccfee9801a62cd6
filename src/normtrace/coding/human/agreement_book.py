"""Which codebook's readings an agreement compares, when its caller names none.

A code id two codebooks share (a researcher's own codebook keeping the default's ``poc``) is
coded for each apart (migration 0022): a coder who coded ``poc`` for one codebook and another
who read the unit for that codebook and found none disagree, however the second coded it for
the other codebook. :func:`~normtrace.coding.human.agreement.agreement` without a
``codebook`` pools a shared id's codings of every codebook, so two such coders would read as
agreeing. :func:`agreement_codebook` is the rule the command line follows: a shared id among
the codes compared needs the codebook named; otherwise the one codebook holding those codes
is compared, and where they belong to several codebooks (no id shared) each code's readings
are its own codebook's already and the codebooks are compared together (``None``).

>>> from normtrace.store.db import Store
>>> agreement_codebook(Store.open(":memory:")) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable

from normtrace.coding.human.agreement_marks import codebooks_of
from normtrace.errors import CodebookError
from normtrace.store.db import Store


def agreement_codebook(
    store: Store, codes: Iterable[str] | None = None, codebook: str | None = None
) -> str | None:
    """The codebook whose readings an agreement of ``codes`` (default: every code of the
    project's codebooks) compares: ``codebook`` when given (the agreement checks it), else the
    one codebook that has those codes, else ``None`` (several codebooks, no code id shared).

    Raises:
        CodebookError: ``codebook`` is ``None`` and a code id of ``codes`` is one that several
            codebooks have (any of their versions): the error names them.
    """
    if codebook is not None:
        return codebook
    ever = codebooks_of(store).ever
    considered = sorted(set(codes) if codes is not None else set(ever))
    shared = {c: sorted(ever[c]) for c in considered if len(ever.get(c, ())) > 1}
    if shared:
        books = sorted({b for held in shared.values() for b in held})
        ids = ", ".join(repr(c) for c in shared)
        raise CodebookError(
            f"code id{'s' if len(shared) > 1 else ''} {ids} of codebooks {', '.join(books)}, "
            "coded apart for each: say whose readings to compare (--codebook NAME); compared "
            "together they would agree where one coder coded it for one codebook and another "
            "found none for it"
        )
    holders = {b for c in considered for b in ever.get(c, ())}
    return holders.pop() if len(holders) == 1 else None
