"""``normtrace code import|done|reviews|train|suggest|next|validate|judge``: assisted coding.

Thin commands over :mod:`normtrace.coding.learn`, :mod:`normtrace.coding.human.reviews`
and :mod:`normtrace.coding.exchange.codings`, imported by each command when it runs (a
verdict with `code judge` loads no scikit-learn); registered on the ``code`` group
(``code validate`` is :mod:`normtrace.cli.coding_validate`'s).
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import TYPE_CHECKING

import click

from normtrace.cli.base import (
    Context,
    LibraryChoice,
    check_scheduler,
    coder_option,
    echo_json,
    engine_options,
    opened,
    pass_context,
    proposal_id,
)
from normtrace.cli.coding import emit, format_option
from normtrace.cli.coding_validate import validate_command
from normtrace.coding.learn.informative import BASE_RATE, INFORMATIVE
from normtrace.coding.levels import LEVELS
from normtrace.coding.proposal_ids import proposal_ref
from normtrace.engine import ENGINES

if TYPE_CHECKING:
    from normtrace.coding.exchange.codings import ImportReport

_level = click.option(
    "--level", type=click.Choice(LEVELS), default="unit", show_default=True,
    help="Code stored units, or whole paragraphs with their sub-paragraphs.",
)  # fmt: skip
_codebook = click.option(
    "--codebook", required=True, help="A project codebook's name (or a YAML file to register)."
)
_coder = coder_option


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_codebook
@_coder
@_level
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def import_command(
    ctx: Context, file: Path, codebook: str, coder: str, level: str, as_json: bool
) -> None:
    """Import human codings from FILE (CSV, XLSX or JSON Lines: unit_key, code, start, end,
    memo, coder, reviewed, at, moved_at).

    A row's coder (else CODER) coded it. An empty code means "reviewed, nothing (else) applies"
    (the row's memo is kept as the coder's memo on the unit); without a reviewed column every
    unit in FILE counts as reviewed by its rows' coder, so the codebook's codes it lacks there
    are negatives. reviewed (as `code export` writes it): no = a coding only; unit or paragraph
    = the coder reviewed unit_key at that level; "unit for poc stab" = so, for those codes only;
    yes or empty = the default. A row of status memo (as `code export` writes a memo on a whole
    unit) is its coder's memo on unit_key. A memo cell the coder's memo there already reads is not
    written again; an edited one (on a coding the project holds, a 'nothing applies' row or a memo
    row) is recorded as a new memo event beside the earlier one, which stays (nothing is
    overwritten; an empty cell takes no memo back); the summary counts memos new, changed and
    unchanged, and rows new and held already. A row of source adjudication (status
    present or absent, the adjudicator in coder) is recorded as an adjudication decision, once;
    one differing from the project's decision in force is a bad row. Bad rows (among them a
    grouping code, codable: false, which is never applied) are listed one per line and nothing
    is imported. A row that is a coding the project holds already (same coder, code, span and
    words) is not written again: a table exported, extended in a spreadsheet and imported back
    adds its new rows. Rows whose codebook column names another codebook (an export of several)
    are left out and counted: import the file once per codebook. An at cell (ISO-8601 date and
    time with its zone, 2024-05-01T10:00:00Z or +02:00; as `code export` writes it) is when the
    row's work was done: kept beside the import's time, and read by the blind-reading rule (work
    done before a unit's blind assignment is no blind reading); one that is no time, names no
    zone (none is guessed; a spreadsheet's date cell has none: write it as text) or is after the
    import is a bad row. A moved_at cell (as `code export` writes it for a coding an ingest or a
    review's settlement moved) is kept as when the coding was last moved; one before its row's
    at, without an at, or on a row that writes no coding is a bad row.
    """
    from normtrace.coding.exchange.codings import CodingImportError, import_codings

    with opened(ctx) as project:
        try:
            report = import_codings(project.store, file, codebook=codebook, coder=coder,
                                    level=level)  # fmt: skip
        except CodingImportError as exc:
            for problem in exc.problems:
                click.echo(f"{file}: {problem}", err=True)
            raise
    if as_json:
        echo_json(asdict(report))
        return
    held = " and ".join(
        f"{n} {what} row(s)"
        for n, what in ((report.already, "coding"), (report.none_applies_already, "'none applies'"))
        if n
    )
    click.echo(
        f"imported {report.codings} new coding(s) and {report.none_applies} new 'none applies' "
        f"row(s) on {report.units} {level}s by {', '.join(report.coders)} ({report.codebook}@"
        f"{report.version}); {report.reviews} review mark(s)"
        + (f"; {held} the project held already, not written again" if held else "")
        + _memo_counts(report)
        + (f"; {report.rejections} rejection(s) of candidates" if report.rejections else "")
        + (
            f"; {report.adjudications} adjudication decision(s) recorded"
            + (
                f" ({report.adjudications_already} in force already)"
                if report.adjudications_already
                else ""
            )  # fmt: skip
            if report.adjudications or report.adjudications_already
            else ""
        )
        + (
            f"; {report.on_speeches} row(s) naming a speech's paragraph placed on its words in "
            "the speech (a speech is coded whole)"
            if report.on_speeches
            else ""
        )
    )
    if report.reviewed_every:  # the default rule, said: a new user did not see it coming
        click.echo(
            f"{report.reviewed_every} {level}(s) now count as reviewed for all "
            f"{report.codable} codes of {report.codebook}, so the {report.implied_negatives} "
            f"({level}, code) pairs the file does not code are negatives; a reviewed column "
            f"(`{level} for CODE ...`) marks only the codes read (docs/assisted-coding.md)"
        )
    for name, n in report.other_codebooks:
        click.echo(
            f"note: {n} row(s) of codebook {name} left out; import {file} again with "
            f"--codebook {name}",
            err=True,
        )


def _memo_counts(report: ImportReport) -> str:
    """What an import did with its memo cells ("" when the file had none)."""
    made = report.memos + report.coding_memos
    parts = [
        f"{made} new" + (f" ({report.coding_memos} with their codings)" if report.coding_memos
                         else "") if made else "",
        f"{report.memos_changed} changed, each recorded as a new memo event beside the earlier "
        "one (which stays)" if report.memos_changed else "",
        f"{report.memos_already} unchanged" if report.memos_already else "",
    ]  # fmt: skip
    said = ", ".join(p for p in parts if p)
    return f"; memos: {said}" if said else ""


@click.command("done")
@click.argument("unit_keys", nargs=-1, required=True)
@_codebook
@_coder
@_level
@click.option(
    "--code", "codes", multiple=True, metavar="CODE",
    help="The mark speaks for this code only (repeat for several): done for these codes. A "
    "frame (e.g. offensive_force) or group code stands for its codes. Default: every code of "
    "CODEBOOK.",
)  # fmt: skip
@click.option(
    "--undo", is_flag=True,
    help="Withdraw CODER's marks on UNIT_KEYS instead (of the same --code scope; appended, "
    "nothing is deleted).",
)  # fmt: skip
@click.option(
    "--confirm", is_flag=True,
    help="Mark even where the mark reads pending dictionary or model suggestions as not "
    "applying (without it such a mark is refused, naming them).",
)  # fmt: skip
@pass_context
def done_command(
    ctx: Context,
    unit_keys: tuple[str, ...],
    codebook: str,
    coder: str,
    level: str,
    codes: tuple[str, ...],
    undo: bool,
    confirm: bool,
) -> None:
    """Mark UNIT_KEYS reviewed for CODEBOOK: done, nothing (else) applies.

    Every code of CODEBOOK (or only each --code) that nobody applied there becomes a
    negative for training and validation, and its dictionary candidates there stop
    counting. Code only some frames? Mark with --code for each, so the codes you did not
    look at stay unlabelled. At --level paragraph name whole paragraphs (…/op12), not
    sub-paragraphs. A mark that would read suggestions still pending as not applying (a
    paragraph's: those of its sub-paragraphs too) is refused unless --confirm: accept or
    reject them first.
    """
    from normtrace.coding.dictionary.candidates import Candidate
    from normtrace.coding.exchange.codings import resolve_codebook
    from normtrace.coding.human.mark_asks import described, mark_done_asking
    from normtrace.coding.human.reviews import mark_scope, stored_scope

    with opened(ctx) as project:
        book = resolve_codebook(project.store, codebook)
        named = (stored_scope(codes or None) if undo
                 else mark_scope(project.store, book.name, codes or None))  # fmt: skip
        made = mark_done_asking(
            project.store, coder=coder, codebook=book.name, unit_keys=unit_keys, level=level,
            codes=named, undo=undo, confirm=confirm,
            how_to_confirm="pass --confirm to mark anyway")  # fmt: skip
    n = made.marked
    decided: list[Candidate] = [c for cs in made.decided.values() for c in cs]
    what = "withdrawn" if undo else "marked done"
    scope = f" (codes {', '.join(named)} only)" if named else ""
    again = len(set(unit_keys)) - n
    already = f"; {again} already marked so" if again and not undo else ""
    counts = "counts" if len(decided) == 1 else "count"
    now = f"; {described(decided)} now {counts} as not applying" if decided else ""
    click.echo(f"{n} {level} mark(s) {what} for {book.name}{scope} by {coder}{already}{now}")


@click.command("reviews")
@_codebook
@click.option("--coder", default=None, help="Only this coder's marks.")
@click.option("--level", type=click.Choice(LEVELS), default=None,
              help="Only marks made at this level (default: both).")  # fmt: skip
@click.option("--stale", is_flag=True,
              help="List instead the marks that no longer count: a new version of the "
              "document changed the words they were made on.")  # fmt: skip
@format_option
@pass_context
def reviews_command(
    ctx: Context, codebook: str, coder: str | None, level: str | None, stale: bool, fmt: str
) -> None:
    """List the current "done, nothing (else) applies" marks of CODEBOOK.

    codes: the codes a mark speaks for; (all) in a table or CSV (null in JSON) for every
    code of the codebook. A mark is a reading of words: when a new version of a document
    changes them, the mark stops counting until its coder marks the unit again (--stale
    lists such marks, with where their words stand now when a new version only moved them).
    """
    from normtrace.coding.exchange.codings import resolve_codebook
    from normtrace.coding.human.mark_texts import words_now_at
    from normtrace.coding.human.reviews import current_reviews, stale_reviews

    with opened(ctx) as project:
        book = resolve_codebook(project.store, codebook)
        listed = stale_reviews if stale else current_reviews
        marks = listed(project.store, book.name, level=level, coder=coder)
        what = "mark(s) on changed text" if stale else "current mark(s)"
        rows = [asdict(m) for m in marks]
        if stale:  # where the words went, when a new version only moved them
            rows = [{**r, "words_now_at": words_now_at(project.store, m.id) or ""}
                    for r, m in zip(rows, marks, strict=True)]  # fmt: skip
    if fmt != "json":
        rows = [{**r, "codes": r["codes"] or "(all)"} for r in rows]
    emit(rows, fmt)
    click.echo(f"{len(marks)} {what} for {book.name}", err=True)


_reference = click.option(
    "--reference/--no-reference",
    default=True,
    show_default=True,
    help="Codes that stand for a frame of FRAMES.md also learn from the bundled frames set "
    "(never from documents the project has labelled).",
)


@click.command("train")
@_codebook
@_level
@_reference
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def train_command(ctx: Context, codebook: str, level: str, reference: bool, as_json: bool) -> None:
    """Train one calibrated classifier per code of CODEBOOK from the human codings."""
    from normtrace.coding.exchange.codings import resolve_codebook

    with opened(ctx) as project:
        book = resolve_codebook(project.store, codebook)
        from normtrace.coding.learn.train import train_model  # scikit-learn: loaded on use

        report = train_model(project.store, book.name, level=level,
                             params={"reference": reference})  # fmt: skip
        from normtrace.coding.learn.validate import latest_validation, model_measured

        # the last measurement of each code's model (never a run of the dictionary alone's),
        # never this fit's own: said as the run's
        run = latest_validation(project.store, book.name, level=level, method="model")
        measured = {code: model_measured(run, code) if run else "" for code in report.codes}
    if as_json:
        echo_json({**asdict(report), "last_validation": measured})
        return
    click.echo(f"run {report.run_id}: model {report.version} from {report.labelled} {level}s")
    for code, info in report.codes.items():
        click.echo(f"  {code:28} +{info['positives']:<5} -{info['negatives']:<6} {info['status']}")
        if measured[code]:
            click.echo(f"  {'':28} last measured: {measured[code]}")
        if "informative" in info:  # this fit against the base rate (coding.learn.informative)
            warns = info["informative"]["verdict"] == BASE_RATE
            click.echo(f"  {'':28} {'WARNING: ' if warns else ''}against the base rate: "
                       f"{info['informative']['words']}")  # fmt: skip
    if run is None:
        click.echo(f"no validation of the model at {level} level yet: `normtrace code validate "
                   f"--codebook {book.name} --level {level}` measures these models' "
                   "suggestions")  # fmt: skip


@click.command("suggest")
@_codebook
@_level
@click.option(
    "--min-probability", type=float, default=0.5, show_default=True,
    help="Store and list only suggestions at least this likely (0.05 to 1; 0.05 fills a "
    "review queue, 0.5 keeps the codes the model thinks apply).",
)  # fmt: skip
@format_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")  # fmt: skip
@click.option(
    "--skip-uninformative", is_flag=True,
    help="Leave out the codes whose model `code train` judged no better than the base rate "
    "(by default they are suggested, with a warning saying how many).",
)  # fmt: skip
@engine_options(
    ENGINES,
    "local",
    "Where batches are scored (this process stays the only writer; same suggestions).",
)
@pass_context
def suggest_command(ctx: Context, codebook: str, level: str, min_probability: float, fmt: str,
                    output: Path | None, skip_uninformative: bool, engine: str, workers: int,
                    scheduler: str | None) -> None:  # fmt: skip
    """Suggest codes for every unit not yet human-coded; store them as candidates.

    Only suggestions at or above --min-probability are stored, listed and exported
    (`code export --passages`, `code list`) or queued in the workbench; a bar below 0.05
    is refused, since nearly every target would then be stored once per code as a code
    the model says does not apply. The workbench's Retrain keeps the bar of the latest
    run. Section headings are left to hand coding, as `code apply` leaves them.

    Each row starts with the suggestion's id, for `normtrace code judge ID accept|reject`
    (s36 in a table, the number in CSV and JSON).

    A code whose model `code train` judged no better than the base rate (its held-out
    probabilities rank the labelled positives no better than chance: ROC AUC and a one-sided
    Mann-Whitney test), or could not judge (too few labels to tell), gets a line on standard
    error with the number of its suggestions; --skip-uninformative leaves out the codes
    judged no better. The run records each code's judgement.

    Only codes someone labelled (a positive, or a unit marked done for it) are suggested: a
    code nobody labelled keeps its dictionary rule at the prior (`code train`'s "P(code |
    hit) 0.75, its prior"), which would only repeat its dictionary's candidates, listed by
    `code list` and judged with `code verdict`. Standard error names every code without a
    suggestion and why (no label yet, no model, a rule whose hits are mostly wrong, nothing
    at or above the bar).
    """
    from normtrace.coding.exchange.codings import resolve_codebook
    from normtrace.engine import Engine

    check_scheduler(engine, scheduler)
    with opened(ctx) as project, Engine(engine, workers=workers, scheduler=scheduler) as pool:
        book = resolve_codebook(project.store, codebook)
        from normtrace.coding.learn.suggest import suggest

        report = suggest(project.store, book.name, level=level, min_probability=min_probability,
                         mapper=None if engine == "local" else pool.ordered,
                         skip_uninformative=skip_uninformative)  # fmt: skip
    rows = [{"id": s.id, **asdict(s)} for s in report.suggestions]  # the id first: for `judge`
    if fmt == "table":  # for people: the id names its kind (a candidate's is c36)
        rows = [{**r, "id": proposal_ref("s", r["id"])} for r in rows]
    from normtrace.coding.learn.suggest import Suggestion

    columns = ["id"] + [f.name for f in fields(Suggestion) if f.name != "id"]  # an empty CSV's
    if output is None:
        emit(rows, fmt, columns=columns)
    else:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            emit(rows, fmt, columns=columns)
        output.write_text(buffer.getvalue(), encoding="utf-8")
    click.echo(
        f"run {report.run_id}: model {report.model}, {report.targets} {level}s scored, "
        f"{len(rows)} suggestions >= {min_probability} in {report.seconds:.1f}s",
        err=True,  # the data alone on standard output (or in --output), any format
    )
    for verdict in report.joined:  # verdicts before stop 40 on two editions' words joined
        click.echo(f"note: {verdict.line()}", err=True)
    for code, judged in report.judged.items():  # each model against the base rate
        if judged.verdict == INFORMATIVE:
            continue
        if code in report.left_out:
            click.echo(f"left out: {code} (--skip-uninformative); its model against the base "
                       f"rate: {judged.words()}", err=True)  # fmt: skip
            continue
        head = "warning" if judged.warns else "note"
        click.echo(f"{head}: {report.counts.get(code, 0)} of these suggestions are of {code}; "
                   f"its model against the base rate: {judged.words()}", err=True)  # fmt: skip
    for line in _unsuggested_lines(report.unsuggested):
        click.echo(line, err=True)
    if report.still_current is not None:  # a run that stored none is not the current one
        click.echo(f"note: this run stored no suggestions, so the current ones (the workbench's "
                   f"queue, `code list`, `code export --passages`) are still those of run "
                   f"{report.still_current}", err=True)  # fmt: skip


def _unsuggested_lines(unsuggested: dict[str, str]) -> list[str]:
    """Why no suggestion of each code without one, a line per reason: ``no suggestions of
    poc: ...``, or of ``15 codes (a, b, ...)`` sharing a reason (CODE in its commands)."""
    by_why: dict[str, list[str]] = {}
    for code, why in unsuggested.items():
        by_why.setdefault(why, []).append(code)
    out = []
    for why, codes in by_why.items():
        if len(codes) == 1:
            out.append(f"no suggestions of {codes[0]}: {why.replace('CODE', codes[0])}")
        else:
            out.append(f"no suggestions of {len(codes)} codes ({', '.join(codes)}): {why}")
    return out


@click.command("next")
@_codebook
@click.option("--code", required=True, help="The code whose model to improve.")
@click.option("--n", "n", type=click.IntRange(min=1), default=20, show_default=True)
@_level
@format_option
@pass_context
def next_command(ctx: Context, codebook: str, code: str, n: int, level: str, fmt: str) -> None:
    """The units whose coding would most improve CODE's model (uncertain and diverse).

    When CODE's dictionary predicts it (every hit alike), units of equal probability are
    taken longest first (text length as a proxy for information); stderr says so. Columns:
    unit_key (paragraph_key at --level paragraph, as `code sample` names it), probability,
    uncertainty, basis.
    """
    from normtrace.coding.exchange.codings import resolve_codebook

    with opened(ctx) as project:
        book = resolve_codebook(project.store, codebook)
        from normtrace.coding.learn.active import DICTIONARY_TIES, NextUnit, next_units

        picked = next_units(project.store, book.name, code, n=n, level=level)
    if any(u.basis == "dictionary" for u in picked):  # hits all alike: say how they are ordered
        click.echo(f"note: {code} is predicted by its dictionary, so units of equal probability "
                   f"are ordered {DICTIONARY_TIES}", err=True)  # fmt: skip
    # the key named for what it is, as `code sample` and `code draws` name it: paragraph_key
    # at --level paragraph
    key = f"{level}_key"
    rest = [f.name for f in fields(NextUnit) if f.name != "unit_key"]
    emit([{key: u.unit_key, **{k: getattr(u, k) for k in rest}} for u in picked], fmt,
         columns=[key, *rest])  # fmt: skip


def _suggestion_ids(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> list[int]:
    convert = proposal_id("s")
    return [convert(ctx, param, v) for v in values]


@click.command("judge")
@click.argument("suggestion_ids", nargs=-1, required=True, callback=_suggestion_ids)
@click.argument("verdict", type=LibraryChoice("normtrace.coding.human.events:VERDICTS"))
@_coder
@pass_context
def judge_command(ctx: Context, suggestion_ids: list[int], verdict: str, coder: str) -> None:
    """Accept or reject suggestions SUGGESTION_IDS... (labels for the next training).

    Each id as `code suggest` shows it (s36) or its number; several at once (`code judge s36
    s41 reject`) are judged in one write: all, or none when one is refused. A dictionary
    candidate's id (c36) is refused, since candidates are judged with `code verdict`.
    """
    with opened(ctx) as project:
        from normtrace.coding.learn.suggest import record_suggestion_verdict

        store = project.store
        with store.transaction():
            made = [record_suggestion_verdict(store, coder=coder, suggestion_id=sid,
                                              verdict=verdict)
                    for sid in suggestion_ids]  # fmt: skip
        current = {int(r[0]) for r in store.conn.execute(
            "SELECT id FROM current_suggestions WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(suggestion_ids),))}  # fmt: skip
    for sid, event in zip(suggestion_ids, made, strict=True):
        ref = proposal_ref("s", sid)
        click.echo(f"event {event.id}: {verdict} suggestion {ref} ({event.code} on "
                   f"{event.unit_key})")  # fmt: skip
        if sid not in current:  # still a label for training; but not what the queue now shows
            click.echo(f"note: suggestion {ref} is from an earlier `code suggest` run, "
                       "not the latest; the verdict still counts as a label", err=True)  # fmt: skip


LEARN_COMMANDS = (
    import_command, done_command, reviews_command, train_command, suggest_command, next_command,
    validate_command, judge_command,
)  # fmt: skip
