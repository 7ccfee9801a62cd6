"""Van Evera's test types, derived from the likelihoods rather than typed freehand.

For a hypothesis H and an observed evidence item E let p = P(E | H) and
q = P(E | ¬H), where ¬H is the prior-weighted mixture of the rival hypotheses
(see :func:`normtrace.trace.inference.rival_likelihood`).

The *test* is the prediction X that H makes about the observation:

* if p > q, H predicted E and E occurred: X = E, the test was **passed**;
* if p < q, H predicted not-E and E occurred anyway: X = not-E, the test was **failed**;
* if p = q (within 1e-9) the item does not discriminate: type ``uninformative``,
  outcome ``neutral``.

The prediction's *certainty* is c = P(X | H) and its *uniqueness* is
u = 1 − P(X | ¬H) (Van Evera 1997; Bennett 2010; Mahoney 2012). With the
thresholds :data:`CERTAIN` = 0.9 and :data:`UNIQUE` = 0.9, inclusive:

=====================  ==============  ==============
type                   certain c≥0.9   unique u≥0.9
=====================  ==============  ==============
straw-in-the-wind      no              no
hoop                   yes             no
smoking gun            no              yes
doubly decisive        yes             yes
=====================  ==============  ==============

In terms of the observed E: a *passed hoop* has P(E | H) ≥ 0.9 while
P(E | ¬H) > 0.1 (the rivals are not ruled out); a *failed hoop* has
P(E | H) ≤ 0.1 (H predicted the opposite with certainty, so E nearly eliminates
it) while P(E | ¬H) < 0.9; a *passed smoking gun* has P(E | ¬H) ≤ 0.1 with
P(E | H) < 0.9; a *failed smoking gun* has P(E | ¬H) ≥ 0.9 with P(E | H) > 0.1.

>>> classify(0.95, 0.5).label
'hoop (passed)'
>>> classify(0.3, 0.02).label
'smoking gun (passed)'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from normtrace.trace.inference import likelihood_ratio, rival_likelihood

CERTAIN = 0.9
UNIQUE = 0.9
_EPS = 1e-9

TEST_TYPES = ("straw-in-the-wind", "hoop", "smoking gun", "doubly decisive", "uninformative")


@dataclass(frozen=True)
class TestType:
    """The Van Evera type of one evidence item as a test of one hypothesis."""

    __test__ = False  # not a pytest test class despite the name

    hypothesis: str
    kind: str
    outcome: str
    p_e_h: float
    p_e_not_h: float
    certainty: float
    uniqueness: float
    likelihood_ratio: float

    @property
    def label(self) -> str:
        """E.g. ``hoop (passed)``."""
        return f"{self.kind} ({self.outcome})"


def classify(p_e_h: float, p_e_not_h: float, *, hypothesis: str = "H") -> TestType:
    """The test type of an observation with P(E | H) = p_e_h and P(E | ¬H) = p_e_not_h."""
    if abs(p_e_h - p_e_not_h) <= _EPS:
        kind, outcome, certainty, uniqueness = "uninformative", "neutral", p_e_h, 1 - p_e_not_h
    else:
        passed = p_e_h > p_e_not_h
        certainty = p_e_h if passed else 1 - p_e_h
        uniqueness = 1 - p_e_not_h if passed else p_e_not_h
        kind = _kind(certainty >= CERTAIN - _EPS, uniqueness >= UNIQUE - _EPS)
        outcome = "passed" if passed else "failed"
    return TestType(
        hypothesis=hypothesis,
        kind=kind,
        outcome=outcome,
        p_e_h=p_e_h,
        p_e_not_h=p_e_not_h,
        certainty=certainty,
        uniqueness=uniqueness,
        likelihood_ratio=likelihood_ratio(p_e_h, p_e_not_h),
    )


def item_test_types(
    likelihoods: Mapping[str, float], prior: Mapping[str, float]
) -> dict[str, TestType]:
    """The test type of one evidence item for every hypothesis against its rivals.

    ``prior`` weights the rivals when forming P(E | ¬H); pass the priors of the
    hypothesis set (the types then do not depend on the order of the items).
    """
    return {
        h: classify(likelihoods[h], rival_likelihood(h, prior, likelihoods), hypothesis=h)
        for h in prior
    }


def _kind(certain: bool, unique: bool) -> str:
    if certain and unique:
        return "doubly decisive"
    if certain:
        return "hoop"
    if unique:
        return "smoking gun"
    return "straw-in-the-wind"
