"""The command reference in ``docs/cli.md``, generated from the commands' own ``--help``.

``docs/cli.md`` holds a cog block that calls :func:`cli_reference`; ``make docs``
regenerates it and the test suite runs ``cog --check`` on it, so a command whose help
changes without the reference being regenerated fails the build.
"""

from __future__ import annotations

import click
from click.testing import CliRunner

WIDTH = 96


def _walk(group: click.Group, prefix: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        if command.hidden:
            continue
        path = [*prefix, name]
        out.append(path)
        if isinstance(command, click.Group):
            out.extend(_walk(command, path))
    return out


def command_paths() -> list[list[str]]:
    """``[]`` (normtrace itself), then every visible command as its words after ``normtrace``."""
    from normtrace.cli import cli

    return [[], *_walk(cli, [])]


def cli_reference() -> str:
    """Markdown: one section per command with its ``--help`` text."""
    from normtrace.cli import cli

    runner = CliRunner()
    parts: list[str] = []
    for path in command_paths():
        result = runner.invoke(cli, [*path, "--help"], prog_name="normtrace", terminal_width=WIDTH)
        level = "##" if len(path) <= 1 else "###"
        title = " ".join(["normtrace", *path])
        parts.append(f"{level} {title}\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)
