"""How a machine proposal is named: a model suggestion ``s36``, a dictionary candidate ``c36``.

Suggestions and candidates are numbered apart, so a bare ``36`` names one of each; the letter
the tables and messages show makes a mix-up an error instead of a verdict on the wrong passage.
Every surface that shows an id writes it with :func:`proposal_ref`, and every surface that
reads one (the CLI's arguments, the web API's and form's ``confirm``) reads it with
:func:`read_proposal_id`, which takes the lettered form or the bare number.
"""

from __future__ import annotations

import re

from normtrace.errors import CodingError

#: The kinds of machine proposal a coder judges, by the letter their ids carry: what one is,
#: and the command that judges it.
PROPOSALS = {
    "s": ("a model suggestion", "code judge"),
    "c": ("a dictionary candidate", "code verdict"),
}


def proposal_ref(kind: str, number: int) -> str:
    """How a table or message shows a proposal's id.

    >>> proposal_ref("c", 24), proposal_ref("s", 7)
    ('c24', 's7')
    """
    return f"{kind}{number}"


def read_proposal_id(kind: str, value: object) -> int:
    """The number of a proposal of ``kind`` given as ``c24``/``s24`` or ``24``.

    >>> read_proposal_id("c", "C24"), read_proposal_id("c", 24)
    (24, 24)

    Raises:
        CodingError: not an id, or the id of the other kind (naming the command that judges it).
    """
    found = re.fullmatch(r"([a-z]?)(\d+)", str(value).strip().lower())
    if found is None or (found[1] and found[1] not in PROPOSALS) or isinstance(value, bool):
        raise CodingError(f"{value!r} is not an id such as {kind}12 (or 12)")
    if found[1] and found[1] != kind:
        what, command = PROPOSALS[found[1]]
        raise CodingError(
            f"{value} is {what}; judge it with `normtrace {command} {value} accept|reject`"
        )
    return int(found[2])
