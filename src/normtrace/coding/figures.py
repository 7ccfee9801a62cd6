"""How a measured figure is printed on every surface (``freq``, ``first``, the case report,
``code validate``, the web app): a precision, recall or F1 with two decimals (:func:`figure`),
or, beside a threshold it falls below, with the decimals that show it is below
(:func:`figure_against`: ``R 0.698`` beside the flag ``recall 0.698 < 0.7``, never ``R 0.70``);
its 95 % interval (:func:`ci`); and the marks a weighted interval carries
(:mod:`normtrace.coding.weighted`): :data:`WIDENED`, an interval widened to hold its estimate
(:data:`WIDENED_NOTE` says why, once), and :data:`EXACT`, an interval that is a point because
every unit it rests on was labelled.
"""

from __future__ import annotations

#: the mark of a weighted interval widened to hold its estimate (:mod:`normtrace.coding.
#: weighted`), and why it ends there, said once: the estimate counts none of a kind in a
#: stratum sampled without one, where the interval's draws count half of one. Whether the
#: figure may lie beyond that end depends on the other strata: not where they are a census
#: (the bundled report-pool recall of offensive force, 0.56 [0.30, 0.56]: the stratum can only
#: add misses), possibly where they were sampled too (what ``boundary`` draws for a project's
#: recorded draws)
WIDENED = "widened to hold the estimate"
WIDENED_NOTE = (
    "an interval widened to hold its estimate ends there because the estimate counts none of a "
    "kind (a miss, an error) in a stratum sampled without one, while the interval's draws give "
    "such a stratum half of one (Jeffreys' prior) and so all fall on the other side"
)
#: why a weighted interval is a point (no sampling error): a precision, or a recall of 0 (the
#: dictionary's every coded unit labelled, none right); any other recall (every unit labelled)
EXACT = {
    "P": "exact: every unit the dictionary codes was labelled",
    "R": "exact: every unit it stands for was labelled",
}


def figure(x: float | None) -> str:
    """A precision, recall or F1 as every surface prints it: two decimals, ``–`` when there is
    none.

    >>> figure(0.8536), figure(None)
    ('0.85', '–')
    """
    return "–" if x is None else f"{x:.2f}"


def figure_against(x: float | None, threshold: float) -> str:
    """A figure printed beside ``threshold``: two decimals (:func:`figure`), or, below the
    threshold, the decimals that show it is below (``0.698``, never a ``0.70`` beside the flag
    ``recall 0.698 < 0.7``).

    >>> figure_against(0.698, 0.7), figure_against(0.71, 0.7), figure_against(None, 0.7)
    ('0.698', '0.71', '–')
    """
    return figure(x) if x is None or x >= threshold else below(x, threshold)


def below(x: float, threshold: float) -> str:
    """``x`` (below ``threshold``) with the decimals that show it is below: ``0.52``, but
    ``0.699`` rather than a ``0.70`` that reads as the threshold itself.

    >>> below(0.52, 0.7), below(0.6997, 0.7)
    ('0.52', '0.6997')
    """
    for places in (2, 3, 4):
        if round(x, places) < threshold:
            return f"{x:.{places}f}"
    return repr(x)


def ci(low: float | None, high: float | None) -> str:
    """``[0.28, 0.57]``; ``""`` without an interval."""
    return "" if low is None or high is None else f"[{low:.2f}, {high:.2f}]"
