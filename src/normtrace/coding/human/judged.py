"""Which codes a coder judged on a target: the one rule of training labels and agreement.

A coder *judged* code C on a target (a unit, or a paragraph at ``paragraph`` level) when:

* their coding of C stands there (:data:`~normtrace.coding.placed.PLACED_CODINGS`), or their
  accept of a dictionary candidate or a model suggestion of C does: a positive;
* their reject of a dictionary candidate of C there stands (:func:`candidate_verdicts`), or
  their latest verdict on a suggestion of C for the target is a reject
  (:func:`~normtrace.coding.human.verdicts_now.verdicts_now`): a negative;
* their "done" mark reaching the target speaks for C
  (:mod:`~normtrace.coding.human.mark_reach`): a negative unless a positive.

Nothing else judges a code: a coding of another code (an import row with ``reviewed`` ``no``,
"a coding only, its other codes stay unlabelled"), a verdict on another code's candidate, a
coding since removed, or a memo. :func:`~normtrace.coding.learn.labels.collect_labels` pools
every coder's judgements into labels; :func:`~normtrace.coding.human.agreement.agreement`
compares them coder by coder, on the (target, code) pairs two or more coders judged, reading
the candidates' verdicts here as training does, with one exception: on a unit the workbench
assigned to a coder (an assignment asks for a reading of the whole unit), agreement takes the
coder's coding there for a reading of every code of its codebook version, as a mark of every
code is (:func:`~normtrace.coding.human.agreement_readings.held_readings`); training labels do
not. Until stop 45 the agreement took any coding
event, memo or verdict on a unit for a reading of every code of its codebook, and counted a
coder who had coded one code as rejecting the others.

>>> from normtrace.store.db import Store
>>> candidate_verdicts(Store.open(":memory:"))
[]
"""

from __future__ import annotations

from dataclasses import dataclass

from normtrace.coding.placed import PLACED_VERDICTS
from normtrace.store.db import Store


@dataclass(frozen=True)
class CandidateVerdict:
    """A coder's current verdict on a dictionary candidate whose words stand."""

    #: the verdict's own key: one an ingest carried with its words to another key still
    #: names the candidate it judged, under the old key (coding.human.anchors)
    unit_key: str
    code: str
    #: ``accept`` or ``reject``
    verdict: str
    coder: str
    #: the codebook whose run proposed the candidate
    codebook: str


def candidate_verdicts(store: Store, codebook: str | None = None) -> list[CandidateVerdict]:
    """Every coder's current verdict on each dictionary candidate of ``codebook`` (``None``:
    of every codebook) whose words stand (:data:`~normtrace.coding.placed.PLACED_VERDICTS`: a
    verdict on words a new version changed says nothing of the new words). A verdict judges
    its candidate's code only."""
    rows = store.conn.execute(
        f"SELECT v.unit_key, a.code, v.verdict, v.coder, b.name FROM ({PLACED_VERDICTS}) v "
        "JOIN auto_codings a ON a.id = v.auto_coding_id "
        "JOIN codebooks b ON b.id = a.codebook_id WHERE ? IS NULL OR b.name = ?",
        (codebook, codebook),
    ).fetchall()
    return [CandidateVerdict(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]
