"""Whether a code's trained model tells its positives from its negatives better than the base
rate does: the per-code judgement ``code train`` prints, ``code suggest`` warns with and
records, and the workbench's suggestion queue shows.

*The base-rate predictor* gives every text the same probability, the share of positives
among the labels: it ranks no positive above any negative, and at the 0.5 bar it suggests the
code everywhere or nowhere. A model that does no better floods the queue with suggestions as
meaningless as that (a new user's code of 10 positives and 8 negatives: 672 suggestions on
733 unlabelled units, held-out precision 0.545 against a 0.556 share of positives).

*The rule* (:func:`judge`). ``code train`` predicts each labelled target of the code in the
fold of ``code validate``'s split that holds it out (:func:`~normtrace.coding.learn.split.
code_split`) by the predictor ``code train`` kept (classifier or dictionary rule), fitted on
the other folds' labels only, over the features (n-gram vocabulary and weights) learned from
every labelled text. Then:

- fewer than :data:`MIN_EACH` positives or negatives held out: *too few labels to tell* (no
  verdict either way; with so few, even a perfect ranking is weak evidence and an
  uninformative one is no evidence of uselessness);
- else *informative* when the held-out probabilities rank the positives above the negatives
  more often than chance: ROC AUC (the probability that a random positive gets a higher
  probability than a random negative; 0.5 is the base rate's) above 0.5 with a one-sided
  Mann–Whitney U test's p below :data:`ALPHA` (exact for small samples without ties, else
  the normal approximation with a tie correction: SciPy's ``mannwhitneyu``);
- else *no better than the base rate*.

Discrimination, not calibration, decides: a model whose ranking carries information gives
useful suggestions at a higher bar even when its probabilities are off, one whose ranking
carries none gives none at any bar. Cross-validation on the training labels is slightly
pessimistic (each fold's model learns from fewer labels), so the rule errs toward warning.

*What the judgement does not state*: how many held-out targets the model suggests at P >= 0.5
and their precision. ``code validate`` measures those, with a model fitted again on each
fold (its features too, and its choice between classifier and dictionary rule); the held-out
fits judged here share the features of every labelled text and keep ``code train``'s choice,
so their suggestions differ from validate's on the same folds (a new user saw "16 of the 18,
precision 0.62" beside validate's 15 and 0.667). Fitting validate's models in ``code train``
would take five more full fits; so a precision has one source, ``code validate``, and the
verdict's words point there.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

#: the positives and negatives held out a verdict needs (as many positives as a classifier
#: needs to be trusted over a code's dictionary: ``train.MIN_LEARNED_POSITIVES``)
MIN_EACH = 5
#: the one-sided Mann–Whitney test's level: below it the ranking beats chance
ALPHA = 0.05

INFORMATIVE = "informative"
BASE_RATE = "no better than the base rate"
TOO_FEW = "too few labels to tell"
#: a model stored before models were judged (train again to judge it)
UNJUDGED = "not judged"
VERDICTS = (INFORMATIVE, BASE_RATE, TOO_FEW, UNJUDGED)


@dataclass(frozen=True)
class Judgement:
    """A code's model judged against the base rate on its held-out labelled targets."""

    verdict: str  # one of VERDICTS
    #: labelled targets held out (each once), and the positives among them
    held_out: int
    positives: int
    #: ROC AUC of the held-out probabilities and the one-sided test's p (``None``: too few)
    auc: float | None = None
    p_value: float | None = None
    #: the predictor judged: "classifier" or "dictionary rule"
    predictor: str = "classifier"
    #: how the targets were held out, in words
    folds: str = ""

    @property
    def negatives(self) -> int:
        return self.held_out - self.positives

    @property
    def prevalence(self) -> float | None:
        """The share of positives among the held-out targets: the base rate."""
        return self.positives / self.held_out if self.held_out else None

    @property
    def warns(self) -> bool:
        """Whether the model is judged no better than the base rate."""
        return self.verdict == BASE_RATE

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with the derived figures and the words (stored with the model)."""
        return {**asdict(self), "prevalence": _round(self.prevalence), "words": self.words()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Judgement:
        names = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in names})

    def words(self) -> str:
        """The verdict and its grounds in one line (the held-out suggestions' precision is
        ``code validate``'s to state: see the module doc)."""
        counts = f"{self.positives} positive(s) and {self.negatives} negative(s)"
        where = f"held out in {self.folds}" if self.folds else "labelled"
        if self.verdict == UNJUDGED:
            return (f"{UNJUDGED}: the model was trained before normtrace judged models "
                    "against the base rate; train again to judge it")  # fmt: skip
        if self.verdict == TOO_FEW:
            return (f"{TOO_FEW} whether it beats the base rate: {counts} {where}, and a "
                    f"verdict needs {MIN_EACH} of each")  # fmt: skip
        share = "–" if self.prevalence is None else f"{self.prevalence:.2f}"
        validate = ("`code validate` measures the precision of its suggestions at P >= 0.5 "
                    f"(its models of the same folds), to set beside the {share} share of "
                    "positives")  # fmt: skip
        test = (f"ROC AUC {_fig(self.auc)}, the base rate's 0.50; one-sided Mann–Whitney "
                f"p {_p(self.p_value)}")  # fmt: skip
        if self.verdict == INFORMATIVE:
            return (f"{INFORMATIVE}: {where}, its {counts} are ranked better than by the base "
                    f"rate ({test}, below {ALPHA}); {validate}")  # fmt: skip
        return (f"{BASE_RATE}: {where}, its {counts} are not ranked measurably better than "
                f"by chance ({test}, not below {ALPHA}): nothing shows that its suggestions "
                f"say more about the code than its share among the labels; {validate}; label "
                "more (`code next` picks targets) and train again")  # fmt: skip


def judge(
    truth: Any, probability: Any, *, predictor: str = "classifier", folds: str = ""
) -> Judgement:
    """Judge held-out predictions (see the module doc): ``truth`` (0/1) and the model's
    ``probability`` of the code, per held-out target."""
    import numpy as np  # loaded to judge, not with the module (`code suggest` reads words)

    t = np.asarray(truth, dtype=bool)
    p = np.asarray(probability, dtype=np.float64)
    pos, n = int(t.sum()), int(t.size)
    made = partial(Judgement, held_out=n, positives=pos, predictor=predictor, folds=folds)
    if pos < MIN_EACH or n - pos < MIN_EACH:
        return made(TOO_FEW)
    from scipy.stats import mannwhitneyu

    test = mannwhitneyu(p[t], p[~t], alternative="greater")
    auc = float(test.statistic) / (pos * (n - pos))  # U of the positives over all pairs
    p_value = float(test.pvalue)
    verdict = INFORMATIVE if auc > 0.5 and p_value < ALPHA else BASE_RATE
    return made(verdict, auc=round(auc, 4), p_value=round(p_value, 4))


def stored_judgement(info: dict[str, Any] | None) -> Judgement:
    """The judgement a stored model recorded for a code (``Model.codes[code]``), or one that
    says the model predates judging (:data:`UNJUDGED`)."""
    data = (info or {}).get("informative")
    return Judgement.from_dict(data) if data else Judgement(UNJUDGED, 0, 0)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _fig(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _p(value: float | None) -> str:
    """A p-value in words: three decimals, or "< 0.001"."""
    if value is None:
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"
