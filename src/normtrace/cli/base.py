"""The root command group, shared options and error translation.

The command modules import the library they call inside each command, not at the top:
loading the command line (``normtrace --help``, or any one command) then reads click and
this module, not NumPy, scikit-learn or FastAPI (``tests/cli/test_cli_startup.py``).
"""

from __future__ import annotations

import errno
import importlib
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from normtrace._version import __version__
from normtrace.coding.proposal_ids import read_proposal_id
from normtrace.errors import CodingError, NormtraceError
from normtrace.store.db import resolve_project_path, store_error

if TYPE_CHECKING:
    from normtrace.project import Project

    _Choice = click.Choice[str]  # generic from click 8.2 on; subscripted only for the checker
else:
    _Choice = click.Choice

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """What every command gets: the project path and the debug switch."""

    def __init__(self, project: str | None, debug: bool) -> None:
        self.project_path = project
        self.debug = debug

    def open(self, *, create: bool = False) -> Project:
        """Open the project; a missing project file is created only with ``create``."""
        from normtrace.project import Project

        project = Project(self.project_path, create=create)
        if project.store.upgraded is not None:  # never silent: a shared file changed for all
            click.echo(project.store.upgraded.message(), err=True)
        return project


class NormtraceGroup(click.Group):
    """A click group that turns errors into one line and exit status 1.

    A :class:`NormtraceError` says what failed, where and what to do. A database or
    file-system error that escaped the library (disk full, read-only project) is put
    into the same one-line form; ``--debug`` shows the traceback instead. A reader that
    stopped reading (``normtrace ls | head``) ends the command quietly
    (:func:`exit_on_broken_pipe`).
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            exit_on_broken_pipe()
        except (NormtraceError, sqlite3.Error, OSError) as exc:
            obj = ctx.obj
            if isinstance(obj, Context) and obj.debug:
                raise
            click.echo(f"error: {' '.join(str(_one_line(exc, obj)).split())}", err=True)
            sys.exit(1)


#: Exit status when standard output's reader has gone: 128 + SIGPIPE (13), as a shell
#: reports for a command the signal ended.
PIPE_CLOSED = 141


def exit_on_broken_pipe() -> NoReturn:
    """Exit quietly because standard output's reader has gone (a closed pipe).

    As Python's documentation recommends (the ``signal`` module's note on SIGPIPE),
    standard output is pointed at the null device first, so that the flush at exit
    does not fail again with a second traceback; nothing is said, as ``head`` or
    ``grep -q`` closing the pipe early is no error of the command. The status is
    :data:`PIPE_CLOSED` (141), what a shell reports for ``ls`` or ``git log`` ended by
    SIGPIPE, so a script under ``set -o pipefail`` can tell it from a failure (1).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # a standard output without a file descriptor
        pass
    sys.exit(PIPE_CLOSED)


def _one_line(exc: Exception, obj: object) -> object:
    if isinstance(exc, NormtraceError):
        return exc
    project = resolve_project_path(obj.project_path if isinstance(obj, Context) else None)
    if isinstance(exc, sqlite3.Error):
        return store_error(exc, project)
    assert isinstance(exc, OSError)
    if exc.errno == errno.ENOSPC:
        return store_error(exc, project)
    where = exc.filename or project
    return f"{where}: {exc.strerror or exc}; check the path and its permissions"


@click.group(cls=NormtraceGroup)
@click.option(
    "--project",
    "project",
    envvar="NORMTRACE_PROJECT",
    type=click.Path(),
    help="Project file (default: $NORMTRACE_PROJECT or ./normtrace.db).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.version_option(__version__, prog_name="normtrace")
@click.pass_context
def cli(ctx: click.Context, project: str | None, debug: bool) -> None:
    """normtrace: trace how a norm enters the practice of the UN Security Council."""
    ctx.obj = Context(project, debug)


pass_context = click.make_pass_decorator(Context)


@contextmanager
def opened(ctx: Context, *, create: bool = False) -> Iterator[Project]:
    """Open the project for one command and close it afterwards.

    Only the commands that put documents into a project (``ingest``, ``ingest-corpus``,
    ``code import-qdpx``) pass ``create=True``: every other command refuses a project file
    that does not exist, in one line naming the path, so that a mistyped ``--project`` or
    ``$NORMTRACE_PROJECT`` is not silently a new, empty project.
    """
    project = ctx.open(create=create)
    try:
        yield project
    finally:
        project.close()


def library_value(where: str) -> Any:
    """The library's value ``where`` (``"module:NAME"``), importing its module now."""
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)


class LibraryChoice(_Choice):
    """A choice among the values of a library constant (``"module:NAME"``: a tuple, or a dict
    whose keys are the choices), read when first needed (to check a value, or for the
    command's own ``--help``) rather than when the command module is imported.

    The constant stays the one definition of the choices, in the library module that checks
    them, without that module (NumPy behind ``wordhash.SCANNERS``) loading for every command.
    """

    def __init__(self, where: str) -> None:
        self.where = where
        self._loaded: tuple[str, ...] | None = None
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        if self._loaded is None:
            self._loaded = tuple(library_value(self.where))
        return self._loaded

    @choices.setter
    def choices(self, values: tuple[str, ...]) -> None:
        self._loaded = tuple(values) or None  # click.Choice's __init__ sets (): not yet read


class LibraryHelpOption(click.Option):
    """An option whose help text is a library constant (``help_from="module:NAME"``), read
    when the command's ``--help`` is shown: the text stays beside what it describes."""

    def __init__(self, *args: Any, help_from: str, **kwargs: Any) -> None:
        self.help_from = help_from
        super().__init__(*args, **kwargs)

    @property
    def help(self) -> str:
        return str(library_value(self.help_from))

    @help.setter
    def help(self, text: str | None) -> None:
        if text:
            raise TypeError("LibraryHelpOption reads its help from help_from; give no help=")


def echo_json(value: Any) -> None:
    """Print ``value`` as indented JSON (UTF-8, not ASCII-escaped)."""
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


#: ``--coder``, the same on every command that records human work under a coder's name
#: (``code add|remove|undo|verdict|doc-memo|import|done|judge``): required, with
#: ``$NORMTRACE_CODER`` as the fallback, never a guess such as the login name (agreement
#: and training count coders by this name)
coder_option = click.option(
    "--coder", envvar="NORMTRACE_CODER", required=True,
    help="Who codes (default: $NORMTRACE_CODER; no other default).",
)  # fmt: skip


def json_option(func: F) -> F:
    """Add ``--json`` to a command."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


def engine_options(choices: tuple[str, ...], default: str, help_text: str) -> Callable[[F], F]:
    """Add ``--engine``, ``--workers`` and ``--scheduler`` (where work is mapped) to a command."""

    def add(func: F) -> F:
        func = click.option(
            "--scheduler", help="Address of a running Dask scheduler (with --engine dask)."
        )(func)
        func = click.option(
            "--workers", type=click.IntRange(1), default=2, show_default=True,
            help="Worker processes (processes, local Dask cluster).",
        )(func)  # fmt: skip
        return click.option(
            "--engine", type=click.Choice(choices), default=default, show_default=True,
            help=help_text,
        )(func)  # fmt: skip

    return add


def check_scheduler(engine: str, scheduler: str | None) -> None:
    """``--scheduler`` belongs to ``--engine dask`` only."""
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")


def proposal_id(kind: str) -> Callable[[click.Context, click.Parameter, str], int]:
    """A click callback reading the id of a suggestion (``s36``) or a dictionary candidate
    (``c36``), or the bare number, as the number (:func:`~normtrace.coding.proposal_ids.
    read_proposal_id`)."""

    def convert(ctx: click.Context, param: click.Parameter, value: str) -> int:
        try:
            return read_proposal_id(kind, value)
        except CodingError as exc:
            raise click.BadParameter(str(exc)) from None

    return convert
