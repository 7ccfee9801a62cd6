"""``normtrace serve``, ``normtrace users`` and ``normtrace backup``: the workbench's commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from normtrace.cli.base import Context, echo_json, pass_context
from normtrace.errors import WebError
from normtrace.store.db import require_project, resolve_project_path

if TYPE_CHECKING:
    from normtrace.web.access import ProjectAccess


def _existing(ctx: Context) -> Path:
    """The project of ``--project`` (or its default), refused with one line when missing: only
    `serve --admin` starts a new one."""
    return require_project(resolve_project_path(ctx.project_path))


def _access(path: Path) -> ProjectAccess:
    """The workbench's project access, imported on use: the web stack is slow to import. A
    schema upgrade its opening made is said in one line, as every command says it."""
    from normtrace.web.access import ProjectAccess

    access = ProjectAccess(path)
    _say_upgrade(access)
    return access


def _say_upgrade(access: ProjectAccess) -> None:
    """The one line of a schema upgrade opening the project made (what
    :meth:`normtrace.cli.base.Context.open` says for the other commands); nothing when none."""
    if access.upgraded is not None:  # never silent: a shared file changed for all its users
        click.echo(access.upgraded.message(), err=True)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="TCP port.")
@click.option(
    "--admin",
    metavar="NAME",
    help="Create admin account NAME first, unless the project has it (the password is "
    "prompted for), then serve.",
)
@pass_context
def serve_command(ctx: Context, host: str, port: int, admin: str | None) -> None:
    """Start the coders' web workbench on the project (Ctrl-C stops it).

    Create accounts with `normtrace users add NAME --role admin`, or the first admin with
    `--admin NAME`, which also starts a project that does not exist yet (its documents are
    then uploaded in the browser); without it a missing project is refused. Listen on
    127.0.0.1 unless a TLS-terminating proxy sits in front (then set
    NORMTRACE_SECURE_COOKIES=1). `normtrace web` runs this command too, saying so.
    """
    import uvicorn

    from normtrace.web.app import create_app

    path = resolve_project_path(ctx.project_path)
    if admin is None:  # only --admin starts a new project (documents are uploaded in the app)
        require_project(path)
    else:
        _ensure_admin(path, admin)
    app = create_app(path)
    _say_upgrade(app.state.access)  # before serving (--admin's account step said it already)
    click.echo(f"normtrace workbench on http://{host}:{port}/ (project {ctx.project_path or ''})")
    click.echo("It runs in this terminal until you press Ctrl+C; use another terminal meanwhile.")
    uvicorn.run(app, host=host, port=port, log_level="warning", workers=1)


def _ensure_admin(path: Path, name: str) -> None:
    """Create admin ``name`` (password prompted) unless the project already has that account."""
    from normtrace.web.auth import create_user, list_users

    access = _access(path)
    try:
        with access.read() as store:
            existing = {u.name: u for u in list_users(store)}
        if name in existing:
            click.echo(f"account {name} exists ({existing[name].role}): sign in with it")
            return
        click.echo(f"creating admin account {name}")
        password = _read_password(False)
        user = access.write(lambda store: create_user(store, name, "admin", password))
    finally:
        access.close()
    click.echo(f"created {user.role} {user.name}")


@click.group("users")
def users_group() -> None:
    """Accounts of the web workbench (admin, coder, viewer)."""


@users_group.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["admin", "coder", "viewer"]),
    default="coder",
    show_default=True,
    help="admin assigns and adjudicates; coder codes; viewer only reads.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_context
def users_add(ctx: Context, name: str, role: str, password_stdin: bool) -> None:
    """Create account NAME (the password is prompted for, or read with --password-stdin)."""
    from normtrace.web.auth import create_user

    path = _existing(ctx)
    password = _read_password(password_stdin)
    access = _access(path)
    try:
        user = access.write(lambda store: create_user(store, name, role, password))
    finally:
        access.close()
    click.echo(f"created {user.role} {user.name}")


def _read_password(password_stdin: bool) -> str:
    """The new password; typed, a too short one is refused before it is asked again."""
    from normtrace.web.auth import MIN_PASSWORD

    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")

    def long_enough(value: str) -> str:
        if len(value) < MIN_PASSWORD:
            raise click.BadParameter(f"too short: at least {MIN_PASSWORD} characters, please")
        return value

    return str(
        click.prompt(
            f"Password (at least {MIN_PASSWORD} characters)",
            hide_input=True,
            confirmation_prompt=True,
            value_proc=long_enough,
        )
    )


@users_group.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_context
def users_passwd(ctx: Context, name: str, password_stdin: bool) -> None:
    """Set a new password for NAME (their open sessions end)."""
    from normtrace.web.auth import change_password

    path = _existing(ctx)
    password = _read_password(password_stdin)
    access = _access(path)
    try:
        access.write(lambda store: change_password(store, name, password))
    finally:
        access.close()
    click.echo(f"changed the password of {name}")


@users_group.command("deactivate")
@click.argument("name")
@pass_context
def users_deactivate(ctx: Context, name: str) -> None:
    """Close account NAME: no more sign-in, sessions end; their codings stay."""
    from normtrace.web.auth import deactivate_user

    access = _access(_existing(ctx))
    try:
        access.write(lambda store: deactivate_user(store, name))
    finally:
        access.close()
    click.echo(f"deactivated {name}")


@users_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def users_list(ctx: Context, as_json: bool) -> None:
    """List the accounts (name, role). With none, standard error says how to add one."""
    from normtrace.web.auth import list_users

    access = _access(_existing(ctx))
    try:
        with access.read() as store:
            found = list_users(store)
    finally:
        access.close()
    if not found:  # on standard error: the list itself (none) stays empty for a script
        click.echo("no accounts yet: add one with `normtrace users add NAME --role admin` (the "
                   "password is prompted for), or start the workbench with `normtrace serve "
                   "--admin NAME`", err=True)  # fmt: skip
    if as_json:
        echo_json([{"name": u.name, "role": u.role} for u in found])
        return
    for user in found:
        click.echo(f"{user.name}\t{user.role}")


@click.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite DEST if it exists.")
@pass_context
def backup_command(ctx: Context, dest: str, force: bool) -> None:
    """Write a consistent copy of the project to DEST (safe while `normtrace serve` runs)."""
    from pathlib import Path

    target = Path(dest)
    source = _existing(ctx)
    if target.exists() and not force:
        raise WebError(f"{target} exists; pass --force to overwrite it")
    access = _access(source)
    try:
        written = access.backup(target)
    finally:
        access.close()
    click.echo(f"backed up {source} to {written}")
