"""``normtrace code validate``: the measured error of a codebook's dictionary and model.

A thin command over :func:`normtrace.coding.learn.validate.validate` and
:func:`normtrace.coding.validity.code_validity`, imported when it runs; registered on the
``code`` group with the other assisted-coding commands (:mod:`normtrace.cli.coding_learn`).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from normtrace.cli.base import Context, opened, pass_context
from normtrace.cli.coding import emit, format_option
from normtrace.coding.figures import ci, figure_against
from normtrace.coding.levels import COUNTED_LEVEL, LEVELS
from normtrace.coding.measured_error import MIN_RECALL

if TYPE_CHECKING:
    from collections.abc import Mapping

    from normtrace.coding.draw_estimate import DrawScore
    from normtrace.coding.learn.scores import CodeScore

_level = click.option(
    "--level", type=click.Choice(LEVELS), default="unit", show_default=True,
    help="Code stored units, or whole paragraphs with their sub-paragraphs.",
)  # fmt: skip
_codebook = click.option(
    "--codebook", required=True, help="A project codebook's name (or a YAML file to register)."
)
_reference = click.option(
    "--reference/--no-reference",
    default=True,
    show_default=True,
    help="Codes that stand for a frame of FRAMES.md also learn from the bundled frames set "
    "(never from documents the project has labelled).",
)
#: the options that set the model's cross-validation, which ``--no-model`` runs none of
_MODEL_OPTIONS = {"folds": "--folds", "reference": "--reference/--no-reference"}


@click.command("validate")
@_codebook
@_level
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True,
              help="Cross-validation folds (at least 2).")  # fmt: skip
@_reference
@click.option(
    "--model/--no-model", default=True, show_default=True,
    help="Also measure the trained model, by k-fold cross-validation (k fits of every code's "
    "model: minutes on a few hundred labels). --no-model scores the dictionary alone, the "
    "same dictionary rows in seconds, and records the run as measuring no model.",
)  # fmt: skip
@format_option
@pass_context
def validate_command(
    ctx: Context, codebook: str, level: str, folds: int, reference: bool, model: bool, fmt: str
) -> None:
    """Precision, recall and F1 (95 % intervals) of the dictionary and the model, per code.

    The rows pool every labelled target; below them (CSV, JSON: used_by_counts) each code's
    measured error as freq, first, the case report and the web app use it after this run: per
    genre, and whether the run's figure replaced the bundled estimate or was set aside (labelled
    units chosen, or too few), and why. Quote that, not the pooled rows. The counts read the
    unit level: after a --level paragraph run it is still the unit-level measurement (a line
    says so), and a paragraph-level draw no count reads, a unit-level run having labelled its
    code, is named.

    A code with a recorded draw at this level (`code sample`) gets the dictionary's precision,
    recall and F1 on the project's units, each drawn target weighted by its stratum's inverse
    inclusion probability, with 95 % intervals drawn within strata (the row under its
    dictionary row; CSV, JSON: weighted_by_draw); until every target of the draw is labelled,
    how many are. Its pooled dictionary row reads the draw's units unweighted (a draw takes
    many of the dictionary's hits): it is marked not to be quoted (CSV, JSON: not_to_quote).

    With --no-model the run trains nothing: the dictionary rows alone (the counts use only
    those), and a line saying which run last measured the model; `code train` and the web
    app's validation page keep reading that run for the model.
    """
    from normtrace.coding.exchange.codings import resolve_codebook

    if not model:
        _no_model_options(click.get_current_context())
    with opened(ctx) as project:
        book = resolve_codebook(project.store, codebook)
        from normtrace.coding.learn.validate import dictionary_only_note, validate

        result = validate(project.store, book.name, level=level, folds=folds, reference=reference,
                          model=model)  # fmt: skip
        unmeasured = dictionary_only_note(project.store, result)
        from normtrace.coding.counted import counted_validity, unread_draws

        # what every count (freq, first, the case report, the web app) uses for each code
        # after this run: at the level they count, per genre, set aside or not, and why
        used = counted_validity(project.store, book.name)
        unread = unread_draws(project.store, book.name, used)
    scored = dict.fromkeys(s.code for s in result.scores if s.method == "dictionary")
    counts_use = {code: used[code].describe() for code in scored if code in used}
    drawn = {code: d for code in scored if (d := _draw_of(result.draw_scores, code)) is not None}
    unquoted = {code: not_to_quote(d) for code, d in drawn.items()}
    if fmt == "table":  # a terminal: intervals beside their figures, each note once below
        from normtrace.coding.draw_validity import counts_use as draw_use

        uses = {code: draw_use(used.get(code), d) for code, d in drawn.items() if d.estimable}
        table, notes = validation_table(result.scores, drawn, uses)
        emit(table, fmt)
        if notes:
            click.echo("notes:")
            for key, note in notes.items():
                click.echo(f"{key} {note}")
        if counts_use:  # the rows above pool every genre; counts use these
            click.echo("used by the counts (freq, first, the case report, the web app), per "
                       "genre; the rows above pool every genre:")  # fmt: skip
            if level != COUNTED_LEVEL:
                click.echo(_other_level(level))
            for code, line in counts_use.items():
                click.echo(f"{code}: {line}")
        for code, line in unread.items():
            click.echo(f"{code}: {line}")
        if result.draw_scores:  # a recorded draw (`code sample`): weighted, not pooled
            click.echo("weighted by a recorded draw (`code sample`), the dictionary on the "
                       "project's units:")  # fmt: skip
            for d in result.draw_scores:
                click.echo(f"{d.code}: {d.line()}")
        if unmeasured:
            click.echo(f"model: {unmeasured}")
        return
    rows = [
        {**{k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(s).items()},
         "used_by_counts": counts_use.get(s.code) if s.method == "dictionary" else None}
        for s in result.scores
    ]  # fmt: skip
    if result.draw_scores:  # columns only where a draw is recorded: without, as before
        for row in rows:
            found = [d for d in result.draw_scores if d.code == row["code"]]
            dictionary = row["method"] == "dictionary"
            row["weighted_by_draw"] = (
                None if not dictionary or not found
                else [d.to_dict() for d in found] if fmt == "json"
                else "; ".join(d.line() for d in found)
            )  # fmt: skip
            row["not_to_quote"] = unquoted.get(str(row["code"])) if dictionary else None
    emit(rows, fmt)
    # the data alone on standard output
    if level != COUNTED_LEVEL and counts_use:
        click.echo(f"note: used_by_counts: {_other_level(level)}", err=True)
    for code, line in unread.items():
        click.echo(f"note: {code}: {line}", err=True)
    if unmeasured:
        click.echo(f"note: {unmeasured}", err=True)


def _other_level(level: str) -> str:
    """The line saying that the counts read another level than the run's ``level``."""
    counted = COUNTED_LEVEL
    return (f"the counts read the {counted} level: these are the {counted}-level measurements, "
            f"not this {level}-level run's (`freq --level {level}` reads those)")  # fmt: skip


def _no_model_options(click_ctx: click.Context) -> None:
    """Refuse the options that set a model's cross-validation beside ``--no-model``."""
    given = [name for key, name in _MODEL_OPTIONS.items()
             if click_ctx.get_parameter_source(key) is not ParameterSource.DEFAULT]  # fmt: skip
    if given:
        one = len(given) == 1
        raise click.UsageError(
            f"{' and '.join(given)} {'sets' if one else 'set'} how the model is cross-validated, "
            f"and --no-model measures no model: drop {'it' if one else 'them'}, or --no-model"
        )


def _draw_of(found: list[DrawScore], code: str) -> DrawScore | None:
    """The draw of ``code`` whose units the run's pooled row reads: the one giving its estimate
    (labelled through), else the newest, while it is labelled (``None`` without one)."""
    mine = [d for d in found if d.code == code]
    return next((d for d in mine if d.estimable), next((d for d in mine if d.coded), None))


def not_to_quote(d: DrawScore) -> str:
    """Why the pooled dictionary row of draw ``d``'s code is not to be quoted, and what is.

    >>> from normtrace.coding.draw_estimate import DrawScore, StratumCount
    >>> d = DrawScore("x", 3, 5, "unit", "", "v", 300, [StratumCount("hit", 10, 4, 4)])
    >>> not_to_quote(d).endswith("quote the row weighted by the draw, or what the "
    ...                          "counts use (used by the counts)")
    True
    """
    what = (f"pooled over every labelled {d.level}, draw {d.draw} (seed {d.seed})'s among them "
            "unweighted (a draw takes many of the dictionary's hits, so read unweighted its "
            "recall leans high): not the project's figure, not to be quoted; ")  # fmt: skip
    if d.estimable:
        return what + ("quote the row weighted by the draw, or what the counts use (used by "
                       "the counts)")  # fmt: skip
    return what + (f"the draw is not labelled through ({d.coded} of {d.targets}), so it gives no "
                   "estimate yet: quote what the counts use (used by the counts)")  # fmt: skip


def validation_table(
    scores: list[CodeScore],
    drawn: Mapping[str, DrawScore] | None = None,
    uses: Mapping[str, str] | None = None,
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """``code validate``'s rows for a terminal, and their notes: each figure with its 95 %
    interval in one column (``0.50 [0.22, 0.79]``; a recall below the threshold with the
    decimals that show it, ``0.698``), a row's note (and the labels it asks for) as a key
    (``[1]``), each distinct note once under its key. CSV and JSON keep every field.

    ``drawn``: per code, the recorded draw whose units its pooled dictionary row reads
    unweighted; that row's note says it is not to be quoted (:func:`not_to_quote`), and, when
    the draw gives its estimate, a row weighted by it follows, its note saying what the counts
    do with it (``uses``: :func:`~normtrace.coding.draw_validity.counts_use`).

    >>> from normtrace.coding.learn.scores import CodeScore
    >>> s = CodeScore("x", "model", 4, 1, 0, 0, 1, None, None, None, 0.0, 0.0, 0.79, None,
    ...               None, None, "no model: SYNTHETIC", 2, 0)
    >>> rows, notes = validation_table([s, s])
    >>> rows[0]["recall"], rows[1]["note"], notes
    ('0.00 [0.00, 0.79]', '[1]', {'[1]': 'no model: SYNTHETIC (label at least 2 more positives)'})
    """
    rows: list[dict[str, str]] = []
    notes: dict[str, str] = {}

    def keyed(note: str) -> str:
        if not note:
            return ""
        key = next((k for k, v in notes.items() if v == note), f"[{len(notes) + 1}]")
        notes[key] = note
        return key

    drawn, uses = drawn or {}, uses or {}
    for s in scores:
        note = s.note
        more = [
            f"{n} more {what}"
            for n, what in ((s.more_positives, "positives"), (s.more_negatives, "negatives"))
            if n
        ]
        if more:
            note = f"{note} (label at least {' and '.join(more)})".lstrip()
        d = drawn.get(s.code) if s.method == "dictionary" else None
        if d is not None:
            note = "; ".join(x for x in (note, not_to_quote(d)) if x)
        rows.append({"code": s.code, "method": s.method, "n": str(s.n),
                     "positives": str(s.positives), "tp": str(s.tp), "fp": str(s.fp),
                     "fn": str(s.fn),
                     "precision": _with_interval(s.precision, s.precision_low, s.precision_high),
                     "recall": _with_interval(s.recall, s.recall_low, s.recall_high, MIN_RECALL),
                     "f1": _with_interval(s.f1, s.f1_low, s.f1_high),
                     "note": keyed(note)})  # fmt: skip
        if d is not None and d.estimable:
            use = uses.get(s.code, "")
            said = "the draw's estimate on the project's units, pooling its genres"
            rows.append(_weighted_row(d, keyed(said + (f"; {use}" if use else ""))))
    return rows, notes


def _weighted_row(d: DrawScore, key: str) -> dict[str, str]:
    """Draw ``d``'s weighted estimate as a row of the table (its counts weighted)."""

    def count(x: float | None) -> str:
        return "–" if x is None else f"{x:.1f}"

    return {"code": d.code, "method": f"dictionary, weighted by draw {d.draw}",
            "n": str(d.coded), "positives": str(sum(s.positives for s in d.strata)),
            "tp": count(d.tp), "fp": count(d.fp), "fn": count(d.fn),
            "precision": _with_interval(d.precision, d.precision_low, d.precision_high),
            "recall": _with_interval(d.recall, d.recall_low, d.recall_high, MIN_RECALL),
            "f1": _with_interval(d.f1, d.f1_low, d.f1_high), "note": key}  # fmt: skip


def _with_interval(
    x: float | None, low: float | None, high: float | None, threshold: float = 0.0
) -> str:
    """``0.50 [0.22, 0.79]``; ``–`` for no figure; the figure alone without an interval; below
    ``threshold``, with the decimals that show it (``0.698``, not ``0.70``)."""
    shown = figure_against(x, threshold)
    return shown if x is None or low is None or high is None else f"{shown} {ci(low, high)}"
