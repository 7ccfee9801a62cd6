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
from normtrace.coding.levels import LEVELS

if TYPE_CHECKING:
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
    units chosen, or too few), and why.

    A code with a recorded draw at this level (`code sample`) gets the dictionary's precision,
    recall and F1 on the project's units, each drawn target weighted by its stratum's inverse
    inclusion probability, with 95 % intervals drawn within strata (CSV, JSON:
    weighted_by_draw); until every target of the draw is labelled, how many are.

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
        from normtrace.coding.validity import code_validity

        # what every other surface (freq, first, the case report, the web app) uses for each
        # code after this run: per genre, set aside or not, and why
        used = code_validity(project.store, book.name, result.codebook_version, level=level)
    scored = dict.fromkeys(s.code for s in result.scores if s.method == "dictionary")
    counts_use = {code: used[code].describe() for code in scored if code in used}
    if fmt == "table":  # a terminal: intervals beside their figures, each note once below
        table, notes = validation_table(result.scores)
        emit(table, fmt)
        if notes:
            click.echo("notes:")
            for key, note in notes.items():
                click.echo(f"{key} {note}")
        if counts_use:  # the rows above pool every genre; counts use these
            click.echo("used by the counts (freq, first, the case report, the web app), per "
                       "genre; the rows above pool every genre:")  # fmt: skip
            for code, line in counts_use.items():
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
    if result.draw_scores:  # a column only where a draw is recorded: without, as before
        for row in rows:
            drawn = [d for d in result.draw_scores if d.code == row["code"]]
            row["weighted_by_draw"] = (
                None if row["method"] != "dictionary" or not drawn
                else [d.to_dict() for d in drawn] if fmt == "json"
                else "; ".join(d.line() for d in drawn)
            )  # fmt: skip
    emit(rows, fmt)
    if unmeasured:  # the data alone on standard output
        click.echo(f"note: {unmeasured}", err=True)


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


def validation_table(scores: list[CodeScore]) -> tuple[list[dict[str, str]], dict[str, str]]:
    """``code validate``'s rows for a terminal, and their notes: each figure with its 95 %
    interval in one column (``0.50 [0.22, 0.79]``), a row's note (and the labels it asks for)
    as a key (``[1]``), each distinct note once under its key. CSV and JSON keep every field.

    >>> from normtrace.coding.learn.scores import CodeScore
    >>> s = CodeScore("x", "model", 4, 1, 0, 0, 1, None, None, None, 0.0, 0.0, 0.79, None,
    ...               None, None, "no model: SYNTHETIC", 2, 0)
    >>> rows, notes = validation_table([s, s])
    >>> rows[0]["recall"], rows[1]["note"], notes
    ('0.00 [0.00, 0.79]', '[1]', {'[1]': 'no model: SYNTHETIC (label at least 2 more positives)'})
    """
    rows: list[dict[str, str]] = []
    notes: dict[str, str] = {}
    for s in scores:
        note = s.note
        more = [
            f"{n} more {what}"
            for n, what in ((s.more_positives, "positives"), (s.more_negatives, "negatives"))
            if n
        ]
        if more:
            note = f"{note} (label at least {' and '.join(more)})".lstrip()
        key = ""
        if note:
            key = next((k for k, v in notes.items() if v == note), f"[{len(notes) + 1}]")
            notes[key] = note
        rows.append({"code": s.code, "method": s.method, "n": str(s.n),
                     "positives": str(s.positives), "tp": str(s.tp), "fp": str(s.fp),
                     "fn": str(s.fn),
                     "precision": _with_interval(s.precision, s.precision_low, s.precision_high),
                     "recall": _with_interval(s.recall, s.recall_low, s.recall_high),
                     "f1": _with_interval(s.f1, s.f1_low, s.f1_high), "note": key})  # fmt: skip
    return rows, notes


def _with_interval(x: float | None, low: float | None, high: float | None) -> str:
    """``0.50 [0.22, 0.79]``; ``–`` for no figure; the figure alone without an interval."""
    if x is None:
        return "–"
    if low is None or high is None:
        return f"{x:.2f}"
    return f"{x:.2f} [{low:.2f}, {high:.2f}]"
