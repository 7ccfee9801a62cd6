"""The split ``code validate`` measures a code's classifier in, and whether a code without a
dictionary can be measured at all: ``code train`` fits a classifier only for a code whose
error the split can measure (a code handed out as suggestions with no measured error is what
normtrace must not do).

>>> [len(held) for _, held in validation_split([f"k{i}" for i in range(10)])]
[2, 2, 2, 2, 2]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: a code needs at least this many positives and negatives to get a classifier (``code
#: train``: in every training fold of ``code validate``, :func:`unmeasured`)
MIN_EXAMPLES = 2
#: the folds ``code validate`` measures in by default (:func:`validation_split`)
VALIDATION_FOLDS = 5


def validation_split(
    keys: Sequence[str], folds: int = VALIDATION_FOLDS, seed: int = 0
) -> list[tuple[list[int], list[int]]]:
    """``code validate``'s split of the sorted labelled ``keys``: per fold, the rows its
    model is fitted on and the rows it scores (the one split; training checks it too)."""
    from sklearn.model_selection import KFold

    split = KFold(folds, shuffle=True, random_state=seed).split(keys)
    return [(fit.tolist(), held.tolist()) for fit, held in split]


def code_split(
    keys: Sequence[str], labelled: Sequence[str], folds: int = VALIDATION_FOLDS, seed: int = 0
) -> list[tuple[list[int], list[int]]]:
    """:func:`validation_split` of the sorted labelled ``keys`` read on the targets labelled
    for one code (``labelled``, sorted): per fold, the positions in ``labelled`` its model is
    fitted on and those it scores, the folds ``code validate`` scores the code in. ``code
    train`` chooses between a code's classifier and its dictionary rule in them (fewer folds
    when there are fewer keys).

    >>> code_split([f"k{i}" for i in range(10)], ["k1", "k2", "k3"])[1]
    ([0, 1, 2], [])
    """
    at = {k: i for i, k in enumerate(labelled)}
    return [([at[keys[i]] for i in fit if keys[i] in at],
             [at[keys[i]] for i in held if keys[i] in at])
            for fit, held in validation_split(keys, min(folds, len(keys)), seed)]  # fmt: skip


@dataclass(frozen=True)
class Shortfall:
    """Why ``code validate`` cannot measure a classifier of a code without a dictionary
    (:func:`shortfall`): in words, and how many more positives and negatives must be labelled
    at least (both 0 when more of a class is not what is missing: fewer targets than folds)."""

    why: str
    more_positives: int = 0
    more_negatives: int = 0


def more_to_label(positives: int, negatives: int) -> str:
    """How many more of each class to label, in words.

    >>> more_to_label(1, 2), more_to_label(2, 0)
    ('1 more positive(s) and 2 more negative(s)', '2 more positive(s)')
    """
    return " and ".join(f"{n} more {kind}" for n, kind in ((positives, "positive(s)"),
                        (negatives, "negative(s)")) if n > 0)  # fmt: skip


def shortfall(
    keys: Sequence[str], by_key: dict[str, int], folds: int = VALIDATION_FOLDS, seed: int = 0
) -> Shortfall | None:
    """Why ``code validate`` cannot measure a classifier of a code without a dictionary,
    labelled ``by_key`` (key → 0/1) among the labelled ``keys``, and what to label; ``None``
    when every training fold of :func:`validation_split` holds :data:`MIN_EXAMPLES` of each
    class.

    >>> found = shortfall([f"k{i}" for i in range(20)], {"k1": 1, "k2": 1, "k3": 0})
    >>> found.more_positives, found.more_negatives
    (1, 2)
    """
    if len(keys) < folds:
        return Shortfall(f"no dictionary, and its error cannot be measured: {len(keys)} "
                         f"labelled targets, fewer than the {folds} folds `code validate` "
                         "needs")  # fmt: skip
    counts = [(sum(by_key.get(keys[i]) == 1 for i in fit), sum(by_key.get(keys[i]) == 0
               for i in fit)) for fit, _ in validation_split(keys, folds, seed)]  # fmt: skip
    pos, neg = (min(c[j] for c in counts) for j in (0, 1))
    if pos >= MIN_EXAMPLES and neg >= MIN_EXAMPLES:
        return None
    more = (max(MIN_EXAMPLES - pos, 0), max(MIN_EXAMPLES - neg, 0))
    return Shortfall(
        f"no dictionary, and its error cannot be measured: `code validate` trains in {folds} "
        f"folds, and one holds {pos} positive(s) and {neg} negative(s), under the "
        f"{MIN_EXAMPLES} of each it needs; label at least {more_to_label(*more)} (`code next` "
        "picks targets), then train again",
        *more,
    )


def unmeasured(
    keys: Sequence[str], by_key: dict[str, int], folds: int = VALIDATION_FOLDS, seed: int = 0
) -> str | None:
    """:func:`shortfall` in words (``None`` when a classifier can be measured).

    >>> unmeasured([f"k{i}" for i in range(20)], {"k1": 1, "k2": 1, "k3": 0})[:13]
    'no dictionary'
    """
    found = shortfall(keys, by_key, folds, seed)
    return None if found is None else found.why
