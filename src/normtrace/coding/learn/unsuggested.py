"""Why a ``code suggest`` run stored no suggestion of a code, in words (U2 B7: a new user's run
suggested 2 of 17 codes, although ``code train`` showed the other 15 at "P(code | hit) 0.75"
above the 0.5 bar, and nothing said why).

A run scores only the codes someone labelled (:func:`normtrace.coding.learn.suggest.suggest`):
a code nobody labelled keeps its dictionary rule at the prior, which would suggest exactly
the dictionary's candidates, already stored by ``code apply`` and judged with ``code
verdict``, so its suggestions would list every candidate twice. The other reasons are the
model's: no model of the code (too few labels and no dictionary), a rule whose labelled hits
are mostly wrong (P below the bar where it hits; it never suggests where it misses), a rule
whose dictionary hits no target left to suggest, a classifier that gives no target the bar.
A code left out by ``--skip-uninformative`` is said apart, by the command.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from normtrace.coding.learn.rule import DictionaryRule

if TYPE_CHECKING:
    from normtrace.coding.learn.train import Model

__all__ = ["unsuggested"]


def unsuggested(
    model: Model, counts: Mapping[str, int], left_out: Collection[str], bar: float
) -> dict[str, str]:
    """Each code of ``model`` a suggest run at ``bar`` stored no suggestion of (``counts``:
    its suggestions per code), but those ``left_out``, with why, in words that name no code
    (one reason reads for several codes; ``CODE`` stands for each in a command)."""
    out: dict[str, str] = {}
    for code, info in model.codes.items():
        if counts.get(code) or code in left_out:
            continue
        out[code] = _why(model, model.classifiers.get(code), info, bar)
    return out


def _why(model: Model, predictor: object, info: Mapping[str, object], bar: float) -> str:
    """Why the code of ``model`` that ``predictor`` (``None``: none was trained) predicts gave
    no suggestion."""
    if predictor is None:
        return f"it has no model: {info.get('status', 'not trained')}"
    rule = predictor if isinstance(predictor, DictionaryRule) else None
    if not (info.get("positives") or info.get("negatives")):  # as the model was trained
        prior = f" (P {rule.p_hit:.2f} where the dictionary hits)" if rule is not None else ""
        return (f"no unit was labelled for the code when this model was trained, so its "
                f"model is its dictionary rule at the prior{prior}, which would only repeat the "
                "dictionary's candidates: `normtrace code list --code CODE` lists them and "
                "`code verdict` judges them; label some of its units (`normtrace code next "
                f"--codebook {model.codebook} --code CODE --level {model.level}`) and train "
                "again to get suggestions of it")  # fmt: skip
    if rule is not None and rule.p_hit < bar:
        return (f"its dictionary rule gives P {rule.p_hit:.2f} where the dictionary hits (its "
                f"labelled hits are mostly wrong), under the bar {bar:g}, and suggests nothing "
                "where it misses")  # fmt: skip
    if rule is not None:
        return ("its dictionary rule suggests it only where the dictionary hits, and no unit "
                "not yet labelled for it holds a hit")  # fmt: skip
    return f"its classifier gives no unit not yet labelled for it P >= {bar:g}"
