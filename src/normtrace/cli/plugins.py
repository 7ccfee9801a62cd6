"""``normtrace plugins``: the registered parsers, indicators and exporters, and their origin."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from normtrace.cli.base import echo_json, json_option

if TYPE_CHECKING:
    from normtrace.plugins import Failure


@click.command("plugins")
@json_option
def plugins_command(as_json: bool) -> None:
    """List the registered parsers, indicators and exporters, built-in or from a package.

    Packages add their own through the entry-point groups normtrace.parsers,
    normtrace.indicators and normtrace.exporters (docs/extending.md). A package entry
    that fails to load is listed as FAILED with the reason (and warned about once).
    """
    from normtrace.coding.exchange.registry import exporters
    from normtrace.parse.registry import parsers
    from normtrace.trace.registry import indicators

    parser_reg, indicator_reg, exporter_reg = parsers(), indicators(), exporters()
    rows: list[dict[str, Any]] = []
    rows += [
        {"group": parser_reg.group, "name": e.name, "origin": e.origin, "value": e.value,
         "about": e.obj.description}
        for e in parser_reg.entries
    ]  # fmt: skip
    rows += [
        {"group": indicator_reg.group, "name": e.name, "origin": e.origin, "value": e.value,
         "about": e.obj.implication, "outcomes": list(e.obj.outcomes)}
        for e in indicator_reg.entries
    ]  # fmt: skip
    rows += [
        {"group": exporter_reg.group, "name": e.name, "origin": e.origin, "value": e.value,
         "about": e.obj.description, "suffixes": list(e.obj.suffixes)}
        for e in exporter_reg.entries
    ]  # fmt: skip
    failures = [*parser_reg.failures, *indicator_reg.failures, *exporter_reg.failures]
    if as_json:
        echo_json({"entries": rows, "failures": [_failure(f) for f in failures]})
        return
    name_w = max(len(r["name"]) for r in rows) + 2
    origin_w = max(len(r["origin"]) for r in rows) + 2
    group = ""
    for row in rows:
        if row["group"] != group:
            group = row["group"]
            click.echo(f"{group}:")
        extra = ", ".join(row.get("suffixes") or row.get("outcomes") or [])
        click.echo(f"  {row['name']:<{name_w}}{row['origin']:<{origin_w}}{extra}".rstrip())
        click.echo(f"  {'':<{name_w}}{row['about']}")
    for failure in failures:
        click.echo(
            f"FAILED {failure.group} {failure.name} = {failure.value} ({failure.origin}): "
            f"{failure.error}"
        )


def _failure(failure: Failure) -> dict[str, str]:
    return {
        "group": failure.group,
        "name": failure.name,
        "value": failure.value,
        "origin": failure.origin,
        "error": failure.error,
    }
