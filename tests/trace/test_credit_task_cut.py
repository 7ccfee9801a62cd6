"""An inline credit's task is its clause with the credit's words cut out, and says so.

A new user found in the case report's data/sg_credit.csv "... the Timorese national police
(PNTL), , which includes ...": "as outlined in the Secretary-General's report" had been cut
out of the clause with no mark. Verbatim text with words cut out now carries " … " where they
were. The text here is SYNTHETIC (no UN resolution holds it).
"""

from __future__ import annotations

from normtrace.trace.credit import find_credits

TEXT = (
    "To ensure, through the presence of synthetic police, the restoration of public security "
    "through the provision of support to the synthetic national police (SNP), as outlined in "
    "the Secretary-General's report, which includes interim law enforcement until the SNP is "
    "reconstituted;"
)


def test_the_cut_in_an_inline_credit_task_is_marked() -> None:
    (credit,) = find_credits("S/RES/9961 (2013)/op4/c", TEXT)
    assert credit.verb == "as outlined in"
    assert "(SNP), … , which includes interim law enforcement" in credit.task
    assert ", ," not in credit.task
    # each side of the cut is verbatim text of the paragraph
    for piece in credit.task.rstrip("…").split(" … "):
        assert piece.strip(" ,") in TEXT
    assert credit.quote == TEXT.rstrip(";")  # the quote is the whole clause, uncut
