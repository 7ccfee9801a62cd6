"""The ``normtrace`` command line: a thin skin over the public Python API.

Each command parses options, calls one library function, formats the result and
turns a :class:`~normtrace.errors.NormtraceError` into one line on stderr with
exit status 1 (a traceback only with ``--debug``).
"""

from __future__ import annotations

import functools
import sys
import warnings
from typing import Any

import click

from normtrace.cli.actors import actors_group, fetch_command, timeline_command
from normtrace.cli.agreement import agreement_command
from normtrace.cli.base import cli, exit_on_broken_pipe
from normtrace.cli.coding import code_group
from normtrace.cli.coding_labels import labels_command
from normtrace.cli.coding_learn import LEARN_COMMANDS
from normtrace.cli.coding_review import review_command
from normtrace.cli.coding_sample import SAMPLE_COMMANDS
from normtrace.cli.core import (
    export_command,
    ingest_command,
    ingest_corpus_command,
    ls_command,
    search_command,
    show_command,
)
from normtrace.cli.counts import freq_command, kwic_command
from normtrace.cli.demo import demo_command
from normtrace.cli.evaluate import eval_group
from normtrace.cli.exchange import EXCHANGE_COMMANDS
from normtrace.cli.plugins import plugins_command
from normtrace.cli.reuse import (
    aggregate_command,
    first_command,
    provenance_command,
    reuse_command,
    secretariat_command,
)
from normtrace.cli.trace import report_command, trace_command
from normtrace.cli.web import backup_command, serve_command, users_group
from normtrace.errors import NormtraceWarning


def _alias(command: click.Command, name: str) -> click.Command:
    """``command`` under the hidden ``name`` (``normtrace web`` for ``serve``: no command list
    shows it), saying on standard error which command it runs, so the name to use is learnt.
    Its help is ``command``'s, headed by that."""
    callback = command.callback
    assert callback is not None
    said = f"`normtrace {name}` is `normtrace {command.name}`"

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        click.echo(f"note: {said}", err=True)
        return callback(*args, **kwargs)

    return click.Command(name, params=command.params, callback=run, hidden=True,
                         help=f"{said}: another name for it.\n\n{command.help or ''}")  # fmt: skip


for _command in (
    ingest_command,
    ingest_corpus_command,
    ls_command,
    show_command,
    search_command,
    export_command,
    eval_group,
    actors_group,
    timeline_command,
    fetch_command,
    code_group,
    kwic_command,
    freq_command,
    agreement_command,
    reuse_command,
    provenance_command,
    first_command,
    aggregate_command,
    secretariat_command,
    trace_command,
    report_command,
    serve_command,
    users_group,
    backup_command,
    demo_command,
    plugins_command,
):
    cli.add_command(_command)
cli.add_command(_alias(serve_command, "web"))  # a name people reach for (U2 B8)
for _command in (
    *LEARN_COMMANDS,
    labels_command,
    *EXCHANGE_COMMANDS,
    review_command,
    *SAMPLE_COMMANDS,
):
    code_group.add_command(_command)


def main() -> None:
    """Entry point of the ``normtrace`` console script."""
    warnings.formatwarning = _format_warning
    try:
        cli(prog_name="normtrace")
    finally:  # output still buffered (csv, export) goes now, where a closed pipe is caught
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            exit_on_broken_pipe()


_default_format = warnings.formatwarning


def _format_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    line: str | None = None,
) -> str:
    """normtrace's own warnings as one line (``warning: ...``); others as Python shows them."""
    if issubclass(category, NormtraceWarning):
        return f"warning: {message}\n"
    return _default_format(message, category, filename, lineno, line)


__all__ = ["cli", "main"]
