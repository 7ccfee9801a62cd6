"""``normtrace code sample``: a recorded, stratified draw of a code's targets to validate its
dictionary on.

A thin command over :func:`normtrace.coding.sample_draw.draw_sample`, imported when it runs;
registered on the ``code`` group.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import click

from normtrace.cli.base import Context, opened, pass_context
from normtrace.cli.coding import emit, format_option
from normtrace.coding.levels import LEVELS

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
@format_option
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Write the drawn keys for the coders to this file (.csv, .jsonl or .json) instead of "
    "standard output: columns position and unit_key (paragraph_key at --level paragraph).",
)  # fmt: skip
@pass_context
def sample_command(
    ctx: Context, codebook: str, code: str, n: int, hit_share: float, level: str,
    seed: int | None, fmt: str, output: Path | None,
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
    cannot be drawn: its hits are not its codebook's.
    """
    if output is not None and output.suffix.lower() not in OUTPUTS:
        raise click.BadParameter(
            f"{output.name}: write the keys as {', '.join(OUTPUTS)} (by the file's suffix)",
            param_hint="-o/--output",
        )
    with opened(ctx) as project:
        from normtrace.coding.sample_draw import CENSUS, draw_sample

        d = draw_sample(project.store, codebook, code, n, hit_share=hit_share, level=level,
                        seed=seed)  # fmt: skip
    column = f"{level}_key"  # unit_key, or paragraph_key: what the key names
    rows = [{"position": i, column: k} for i, k in enumerate(d.order, 1)]
    if output is None:
        emit(rows, fmt, columns=["position", column])
    elif output.suffix.lower() == ".jsonl":
        output.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            emit(rows, "csv" if output.suffix.lower() == ".csv" else "json",
                 columns=["position", column])  # fmt: skip
        output.write_text(buffer.getvalue(), encoding="utf-8")
    sampled = [s for s in d.strata if s.name != CENSUS]
    frame = sum(s.population for s in sampled)
    strata = ", ".join(f"{s.name} {s.sampled} of {s.population}" for s in sampled)
    census = next((s.population for s in d.strata if s.name == CENSUS), 0)
    fewer = f" (all there are; {n} asked)" if len(d.order) < n else ""
    held = f"; the {census:,} labelled already stand in it as a census" if census else ""
    click.echo(
        f"draw {d.id} (run {d.run_id}): {len(d.order)}{fewer} of the {frame:,} {level}s of "
        f"running text not yet labelled for {code}, seed {d.seed}; strata: {strata}{held}. "
        f"Label every one, then `normtrace code validate --codebook {codebook} --level "
        f"{level}` weights them",
        err=True,
    )
