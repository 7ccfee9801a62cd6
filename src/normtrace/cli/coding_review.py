"""``normtrace code review``: codings a new document version moved and ingest could not place.

Thin command over :mod:`normtrace.coding.human.anchors`; registered on the ``code`` group.
"""

from __future__ import annotations

from dataclasses import asdict

import click

from normtrace.cli.base import Context, echo_json, opened, pass_context
from normtrace.cli.coding import FORMATS, emit

#: this command's option for each way the library settles a review (anchors.SettleOneWay)
OPTIONS = {"place": "--at", "move": "--move", "drop": "--drop"}


@click.command("review")
@click.argument("review_id", type=int, required=False)
@click.option(
    "--at",
    "start",
    type=int,
    default=None,
    help="Place the coding at this start offset of the new text (see the places).",
)
@click.option(
    "--end",
    type=int,
    default=None,
    help="With --at: place the coding on the new words [START:END] whatever they read (the "
    "aligned words a review quotes; they become its snippet).",
)
@click.option("--drop", is_flag=True, help="Remove the coding (its words are gone).")
@click.option(
    "--move",
    is_flag=True,
    help="Move the coding to the unit where the text it was made on now stands unchanged "
    "(the review names it: a paragraph inserted or removed before it): the same coding, "
    "with its offsets, memos and the time it was made; `code undo` takes the move back.",
)
@click.option(
    "--coder",
    envvar="NORMTRACE_CODER",
    default=None,
    help="List only this coder's codings; who settles a review (required to settle one; "
    "default $NORMTRACE_CODER).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output: aligned text, CSV or JSON.",
)
@pass_context
def review_command(ctx: Context, review_id: int | None, start: int | None, end: int | None,
                   drop: bool, move: bool, coder: str | None, fmt: str) -> None:  # fmt: skip
    """List codings to re-place after a new version, or settle REVIEW_ID with --at, --move or
    --drop.

    A coding is listed when its words are no longer at its offsets and were found
    nowhere, or in several equally likely places, or when the text it was made on now
    stands, unchanged, at another unit (a paragraph inserted or removed before it); it is
    not counted (nor exported) until settled. --at START places it where its words are now;
    --at START --end END places it on changed words (the aligned words the reason quotes);
    --move moves it to the other unit the reason names, with the coder's "done" marks of the
    unit where they read the same words (a mark that stays says why). A placed or moved coding
    is the same coding (its memos, and the time it was made: `at` in `code list` and
    exports); `code undo` takes the settlement back in one step, marks moved with it too, and
    the coding is listed again.
    """
    from normtrace.coding.human.anchors import SettleOneWay, open_reviews, settle_review

    if end is not None and start is None:
        raise click.UsageError("--end places the coding on new words: give --at START too")
    with opened(ctx) as project:
        if review_id is None:
            if start is not None or drop or move:
                raise click.UsageError(
                    "--at, --move and --drop settle one review: give its REVIEW_ID"
                )
            rows = [asdict(r) for r in open_reviews(project.store, coder=coder)]
            emit(rows, fmt)  # an empty list prints (nothing)
            return
        if coder is None:
            raise click.UsageError(
                "settling a review records who settled it: pass --coder NAME or set "
                "$NORMTRACE_CODER"
            )
        try:
            settled = settle_review(
                project.store, review_id, coder=coder, start=start, drop=drop, end=end, move=move
            )
        except SettleOneWay as exc:  # the library decides; its ways said as this command's
            named = [OPTIONS[way] for way in exc.given]
            given = f"{', '.join(named[:-1])} and {named[-1]}" if len(named) > 1 else "none"
            raise click.UsageError(
                f"review {review_id}: give exactly one of --at START (with --end END to place "
                f"it on changed words), --move or --drop ({given} given); the review's reason "
                "says which fits"
            ) from None
    event = settled.event
    if fmt == "json":
        echo_json({**asdict(event), "marks": [{**asdict(m), "line": m.line()}
                                              for m in settled.marks]})  # fmt: skip
    else:
        click.echo(f"review {review_id} settled: event {event.id} ({event.action} "
                   f"{event.unit_key} [{event.start}:{event.end}])")  # fmt: skip
        for mark in settled.marks:  # the coder's "done" marks of the unit the coding left
            click.echo(mark.line())
