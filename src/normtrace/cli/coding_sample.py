"""``normtrace code sample``: a recorded, stratified draw of a code's targets to validate its
dictionary on; ``code draws``: the project's draws, or one draw's keys again; ``code
withdraw-draw``: a draw made by mistake withdrawn (or its withdrawal taken back).

Thin commands over :func:`normtrace.coding.sample_draw.draw_sample`,
:func:`normtrace.coding.draw_labelling.draw_progress` (what the web Assignments page lists too),
:func:`normtrace.coding.draw_labelling.draw_keys` and
:mod:`normtrace.coding.draw_withdrawal`, each imported when its command runs; registered on the
``code`` group (:data:`SAMPLE_COMMANDS`).
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from normtrace.cli.base import Context, coder_option, echo_json, json_option, opened, pass_context
from normtrace.cli.coding import emit, format_option
from normtrace.coding.levels import LEVELS

if TYPE_CHECKING:
    from normtrace.coding.draw_labelling import DrawProgress
    from normtrace.coding.sample_draw import Stratum

#: the genres ``--genre`` takes: :data:`normtrace.coding.sample_draw.GENRE_NAMES`' values,
#: written out so that loading the command line does not load the library (a test keeps them
#: the same)
GENRES = ("early", "main", "report", "speech")

#: the files ``-o`` writes, by suffix
OUTPUTS = (".csv", ".jsonl", ".json")


@click.command("sample")
@click.option("--codebook", required=True, help="A project codebook's name.")
@click.option("--code", required=True, help="The code whose dictionary to validate.")
@click.option("--n", "n", type=click.IntRange(min=1), required=True,
              help="How many targets to draw (besides those labelled already).")  # fmt: skip
@click.option(
    "--hit-share", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True,
    help="The share of the draw taken from the targets the dictionary codes with CODE (all of "
    "them when there are fewer); the rest from the others. A draw that would leave the hits or "
    "the others with none drawn is refused.",
)  # fmt: skip
@click.option(
    "--level", type=click.Choice(LEVELS), default="unit", show_default=True,
    help="Draw stored units, or whole paragraphs with their sub-paragraphs.",
)  # fmt: skip
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=None,
              help="The random seed (default: a random one, recorded with the draw).")  # fmt: skip
@click.option(
    "--genre", "genres", multiple=True, type=click.Choice(GENRES),
    help="Draw only from this genre's running text (repeatable): main (resolutions from 1999 "
    "and other documents), report (report paragraphs), speech, early (resolutions before "
    "1999). Default: every genre the project holds.",
)  # fmt: skip
@click.option(
    "--dry-run", is_flag=True,
    help="Say what a draw of N would hold per genre and what it could replace once labelled; "
    "record nothing and list no keys.",
)  # fmt: skip
@format_option
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Write the drawn keys for the coders to this file (.csv, .jsonl or .json) instead of "
    "standard output: columns position and unit_key (paragraph_key at --level paragraph).",
)  # fmt: skip
@pass_context
def sample_command(
    ctx: Context, codebook: str, code: str, n: int, hit_share: float, level: str,
    seed: int | None, genres: tuple[str, ...], dry_run: bool, fmt: str, output: Path | None,
) -> None:  # fmt: skip
    """Draw N targets not yet labelled for CODE at random, stratified, and record the draw.

    Strata: whether the codebook's current dictionary run codes the target with CODE (hit /
    nohit), each split by genre (speeches, report paragraphs, resolutions before 1999, the
    rest) where every genre gets two or more; --hit-share of N comes from the hits. The
    targets already labelled for CODE are never drawn: they stand in the draw as a census.
    The keys are listed in their coding order (strata interleaved; the coders see none);
    label every one (`code import`, the workbench), then `code validate` weights the
    dictionary's precision and recall by each stratum's inverse inclusion probability. The
    draw, its strata (population, sampled), keys and seed are kept in the project; a draw is
    never edited (draw again instead). Only running text is drawn (no headings, tables ...).
    At --level paragraph each key is a paragraph's (column paragraph_key): label the paragraph
    with its sub-paragraphs. A code without entries of its own (one that stands for a frame)
    cannot be drawn: its hits are not its codebook's. `code draws` lists the draws, and
    `code draws DRAW_ID` a draw's keys again; `code withdraw-draw` withdraws a mistaken one.

    Once labelled, a draw's estimate replaces a bundled measurement genre by genre, and on a
    genre only when the draw holds 30 or more of its units (drawn, or labelled before it): a
    draw of 40 split 27/13 between reports and resolutions replaces no bundled estimate (where
    none applies, the draw is the measurement, flagged while short of 30). Standard error
    says, per genre, whether the draw reaches that, and if not the --n that would, or the
    --genre draw from that genre alone; --dry-run says it before anything is recorded.
    """
    _check_output(output)
    with opened(ctx) as project:
        from normtrace.coding.draw_outlook import make_draw, plan_draw
        from normtrace.coding.sample_draw import CENSUS

        if dry_run:
            planned, look = plan_draw(project.store, codebook, code, n, hit_share=hit_share,
                                      level=level, genres=genres or None)  # fmt: skip
            click.echo(f"a draw of {n} would take: {_strata(planned)} (nothing recorded)",
                       err=True)  # fmt: skip
            for line in look.lines():
                click.echo(line, err=True)
            return
        d, look = make_draw(project.store, codebook, code, n, hit_share=hit_share, level=level,
                            seed=seed, genres=genres or None)  # fmt: skip
    column = f"{level}_key"  # unit_key, or paragraph_key: what the key names
    _write_keys([{"position": i, column: k} for i, k in enumerate(d.order, 1)],
                ["position", column], fmt, output)  # fmt: skip
    frame = sum(s.population for s in d.strata if s.name != CENSUS)
    census = next((s.population for s in d.strata if s.name == CENSUS), 0)
    fewer = f" (all there are; {n} asked)" if len(d.order) < n else ""
    held = f"; the {census:,} labelled already stand in it as a census" if census else ""
    among = f" ({', '.join(sorted(set(genres)))} only)" if genres else ""
    click.echo(
        f"draw {d.id} (run {d.run_id}): {len(d.order)}{fewer} of the {frame:,} {level}s of "
        f"running text{among} not yet labelled for {code}, seed {d.seed}; strata: "
        f"{_strata(d.strata)}{held}. Label every one, then `normtrace code validate "
        f"--codebook {codebook} --level {level}` weights them; `normtrace code draws {d.id}` "
        "lists the keys again",
        err=True,
    )
    for line in look.lines():
        click.echo(line, err=True)


def _strata(strata: Sequence[Stratum]) -> str:
    """The sampled strata in words: ``hit:report 13 of 134, ...`` (the census left out)."""
    from normtrace.coding.sample_draw import CENSUS

    return ", ".join(f"{s.name} {s.sampled} of {s.population}" for s in strata
                     if s.name != CENSUS)  # fmt: skip


def _check_output(output: Path | None) -> None:
    if output is not None and output.suffix.lower() not in OUTPUTS:
        raise click.BadParameter(
            f"{output.name}: write the keys as {', '.join(OUTPUTS)} (by the file's suffix)",
            param_hint="-o/--output",
        )


def _write_keys(
    rows: list[dict[str, Any]], columns: list[str], fmt: str, output: Path | None
) -> None:
    """A draw's keys on standard output in ``fmt``, or into ``output`` by its suffix."""
    if output is None:
        emit(rows, fmt, columns=columns)
    elif output.suffix.lower() == ".jsonl":
        output.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            emit(rows, "csv" if output.suffix.lower() == ".csv" else "json", columns=columns)
        output.write_text(buffer.getvalue(), encoding="utf-8")


#: the columns of ``code draws``
DRAW_COLUMNS = ["id", "codebook", "code", "level", "n", "drawn", "seed", "made_at", "labelled",
                "units", "state", "withdrawn_by", "withdrawn_at", "why"]  # fmt: skip


def _draw_row(p: DrawProgress) -> dict[str, Any]:
    d, w = p.draw, p.draw.withdrawn
    return {"id": d.id, "codebook": d.codebook, "code": d.code, "level": d.level,
            "n": d.requested, "drawn": p.drawn, "seed": d.seed, "made_at": d.made_at,
            "labelled": p.labelled, "units": p.units, "state": p.state,
            "withdrawn_by": w and w.coder, "withdrawn_at": w and w.at,
            "why": w and w.why}  # fmt: skip


@click.command("draws")
@click.argument("draw_id", type=click.IntRange(min=1), required=False)
@click.option("--codebook", default=None, help="Only this codebook's draws.")
@click.option("--code", default=None, help="Only the draws of this code.")
@click.option("--level", type=click.Choice(LEVELS), default=None,
              help="Only the draws at this level (default: both).")  # fmt: skip
@format_option
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="With DRAW_ID: write its keys to this file (.csv, .jsonl or .json) instead of standard "
    "output, as `code sample -o` wrote them, with the column labelled.",
)  # fmt: skip
@pass_context
def draws_command(
    ctx: Context, draw_id: int | None, codebook: str | None, code: str | None,
    level: str | None, fmt: str, output: Path | None,
) -> None:  # fmt: skip
    """List the project's validation draws (`code sample`), newest first, or DRAW_ID's keys.

    Without DRAW_ID, one row per draw: the n asked and the units drawn, its seed, when it was
    made, how many of its units are labelled for its code now (drawn, and the census
    labelled before it) of how many, and its state: labelling; labelled through (`code
    validate` weights the newest such draw of each code and level, and the counts read its
    estimate only once a run has weighed it); or withdrawn (`code withdraw-draw`: by whom,
    when, why), which counts in no estimate, its labels kept.

    With DRAW_ID: its drawn keys in coding order, as `code sample` listed them (position and
    unit_key, paragraph_key at paragraph level), each labelled for the code now or not; a
    withdrawn draw's too. The census is counted on standard error, not listed.
    """
    if draw_id is None and output is not None:
        raise click.UsageError("-o/--output writes one draw's keys: give DRAW_ID")
    if draw_id is not None and (codebook or code or level):
        raise click.UsageError("DRAW_ID names one draw: give no --codebook, --code or --level")
    _check_output(output)
    with opened(ctx) as project:
        from normtrace.coding.draw_labelling import draw_keys, draw_progress

        if draw_id is None:
            found = draw_progress(project.store, codebook=codebook, code=code, level=level)
            emit([_draw_row(p) for p in found], fmt, columns=DRAW_COLUMNS)
            return
        listed = draw_keys(project.store, draw_id)
    p = listed.progress
    column = f"{p.draw.level}_key"
    _write_keys([{"position": k.position, column: k.key, "labelled": k.labelled}
                 for k in listed.keys], ["position", column, "labelled"], fmt, output)  # fmt: skip
    done = sum(k.labelled for k in listed.keys)
    census = p.units - p.drawn
    before = (f"; with the {census} labelled before it (the census), {p.labelled} of its "
              f"{p.units} units are labelled" if census else "")  # fmt: skip
    withdrawn = (f"; {p.draw.withdrawn.said()}: it counts in no estimate"
                 if p.draw.withdrawn is not None else "")  # fmt: skip
    click.echo(
        f"draw {p.draw.id} of {p.draw.code} ({p.draw.codebook}, {p.draw.level} level, seed "
        f"{p.draw.seed}, made {p.draw.made_at}): {done} of its {p.drawn} drawn {p.draw.level}s "
        f"labelled for {p.draw.code}{before}{withdrawn}",
        err=True,
    )


@click.command("withdraw-draw")
@click.argument("draw_id", type=click.IntRange(min=1))
@click.option("--why", default="",
              help="Why it is withdrawn (the wrong code, the wrong level ...): required, kept "
              "with the withdrawal; with --undo, why it is taken back (optional).")  # fmt: skip
@coder_option
@click.option("--undo", is_flag=True,
              help="Take DRAW_ID's withdrawal back instead (appended, nothing is deleted): the "
              "next `code validate` run weighs it again, if it is the newest labelled-through "
              "draw of its code and level; until then no count reads it.")  # fmt: skip
@json_option
@pass_context
def withdraw_draw_command(
    ctx: Context, draw_id: int, why: str, coder: str, undo: bool, as_json: bool
) -> None:
    """Withdraw the validation draw DRAW_ID (`code draws` lists them): it counts in no estimate.

    For a draw made by mistake (the wrong code or level), which would otherwise weigh on the
    code's measured error for ever. The withdrawal is appended (who, when, why); the draw, its
    keys and the labels coders made on its units stay (they count as any other labels).
    `code validate` no longer weights it, and a validation run stored before the withdrawal
    is read without it where its measurement is used (freq, first, the case report, the web
    app), saying so; `code draws` shows it as withdrawn. --undo takes the withdrawal back.
    """
    with opened(ctx) as project:
        from normtrace.coding.draw_labelling import draw_by_id, draw_keys
        from normtrace.coding.draw_withdrawal import restore_draw, withdraw_draw

        if undo:
            row = restore_draw(project.store, draw_id, coder=coder, why=why)
        else:
            row = withdraw_draw(project.store, draw_id, coder=coder, why=why)
        d = draw_by_id(project.store, draw_id)
        complete = undo and draw_keys(project.store, draw_id).progress.complete
    if as_json:
        echo_json({"draw": d.id, "codebook": d.codebook, "code": d.code, "level": d.level,
                   "action": row.action, "coder": row.coder, "at": row.at, "why": row.why,
                   "row": row.id, "undoes": row.undoes})  # fmt: skip
        return
    what = f"draw {d.id} of {d.code} ({d.codebook}, {d.level} level, seed {d.seed})"
    again = f"`normtrace code validate --codebook {d.codebook} --level {d.level}`"
    if undo:
        until = (f"it is labelled through, and no count reads it until {again} runs again, "
                 "which weighs it unless a newer draw of its code and level is labelled "
                 "through" if complete
                 else f"no count reads it until it is labelled through (`normtrace code draws "
                 f"{d.id}` lists its keys) and {again} runs again")  # fmt: skip
        click.echo(f"{what} {row.said()} (withdrawal {row.undoes} taken back): {until}")
    else:
        click.echo(f"{what} {row.said()}: it counts in no estimate from now on; its labels "
                   f"stay; {again} weighs the code's other draws")  # fmt: skip


#: the commands of this module, registered on the ``code`` group
SAMPLE_COMMANDS = (sample_command, draws_command, withdraw_draw_command)
