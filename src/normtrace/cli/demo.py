"""``normtrace demo``: run the main job on the sample corpus bundled in the package."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("demo")
@click.option(
    "--out",
    default="demo-output",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the demo project and its results.",
)
def demo_command(out: str) -> None:
    """Ingest the bundled sample (real UN documents) and write the results to OUT."""
    from normtrace.demo import run_demo  # the whole pipeline and the report: loaded on use

    result = run_demo(Path(out), echo=lambda line: click.echo(line))
    click.echo("")
    click.echo(f"Results are in {result.out_dir.resolve()}:")
    for label, path in result.outputs.items():
        click.echo(f"  {label}: {path}")
