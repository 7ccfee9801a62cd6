"""The demo job: the whole chain run on the sample corpus bundled in the package.

ingest → meeting index and links → roles → dictionary coding → passage reuse →
process tracing and one HTML report per case. The sample is real UN documents only
(see ``normtrace/data/sample/README.md``); what it lacks is said in every report.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from normtrace.project import Project

CASES = ("haiti-2004", "drc-2013", "mali-2013", "car-2014")
Echo = Callable[[str], None]


@dataclass
class DemoResult:
    """Where the demo wrote what."""

    out_dir: Path
    outputs: dict[str, Path] = field(default_factory=dict)


def sample_dir() -> Path:
    """The folder of the bundled sample corpus."""
    return Path(str(resources.files("normtrace") / "data" / "sample"))


def run_demo(out_dir: Path, *, echo: Echo = print) -> DemoResult:
    """Run the whole chain on the bundled sample into ``out_dir`` (a fresh demo project)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = DemoResult(out_dir)
    db = out_dir / "normtrace.db"
    for stale in out_dir.glob("normtrace.db*"):
        stale.unlink()
    with Project(db) as project:
        _step(echo, "ingest", lambda: _ingest(project, echo))
        _step(echo, "meeting index and links", lambda: _links(project, echo))
        _step(echo, "roles", lambda: _roles(project, echo))
        _step(echo, "coding", lambda: _coding(project, echo))
        _step(echo, "reuse", lambda: _reuse(project, echo))
        reports = _step(echo, "process tracing and reports", lambda: _reports(project, out_dir))
        secretariat = _step(
            echo, "Secretariat provenance", lambda: _secretariat(project, out_dir, echo)
        )
        summary = project.summary()
        (out_dir / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    result.outputs["project"] = db
    result.outputs["summary"] = out_dir / "summary.json"
    result.outputs.update({f"report {case}": path for case, path in reports.items()})
    result.outputs["secretariat MINUSTAH"] = secretariat
    return result


def _step(echo: Echo, name: str, func: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    value = func()
    echo(f"  ({name}: {time.perf_counter() - started:.1f} s)")
    return value


def _ingest(project: Project, echo: Echo) -> None:
    report = project.ingest([sample_dir()], progress=None)
    echo(f"ingest: {report.summary()}")
    for failure in report.failures:
        echo(f"  error: {failure.error}")
    _print_summary(project.summary(), echo)


def _links(project: Project, echo: Echo) -> None:
    from normtrace.actors.links import build_links, import_meeting_index

    meetings = import_meeting_index(project.store)
    links = build_links(project.store).by_relation
    echo(f"meeting index: {meetings} meetings 1946-2022; links: {links}")


def _roles(project: Project, echo: Echo) -> None:
    from normtrace.actors.store_actors import resolve_speech_roles, unresolved

    summary = resolve_speech_roles(project.store)
    left = unresolved(project.store)
    roles = ", ".join(f"{role} {n}" for role, n in sorted(summary.by_role.items()))
    echo(
        f"roles: {summary.resolved}/{summary.speeches} speeches resolved ({roles}); "
        f"unresolved: {len(left)}"
    )


def _coding(project: Project, echo: Echo) -> None:
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.exchange.yamlio import default_codebook_path, load_codebook

    book = load_codebook(default_codebook_path())
    report = apply_codebook(project.store, book)
    top = sorted(report.by_code.items(), key=lambda kv: -kv[1])[:6]
    echo(
        f"coding with {book.name} (version {book.version}): {report.spans} spans in "
        f"{report.units} units; most frequent: " + ", ".join(f"{c} {n}" for c, n in top)
    )


def _reuse(project: Project, echo: Echo) -> None:
    from normtrace.reuse.store_reuse import update_reuse

    report = update_reuse(project.store)
    echo(
        f"reuse: {report.links_added} directed links among {report.units} units "
        f"({report.boilerplate_links} formulaic, flagged)"
    )


def _reports(project: Project, out_dir: Path) -> dict[str, Path]:
    from normtrace.report.html import write_report
    from normtrace.trace.run import resolve_case, run_trace

    written = {}
    for case in CASES:
        run = run_trace(project.store, resolve_case(case), rules="default", record=True)
        written[case] = write_report(run, out_dir / "reports" / case)
    return written


def _secretariat(project: Project, out_dir: Path, echo: Echo) -> Path:
    """New MINUSTAH mandate wording first found in the two bundled SG reports."""
    from normtrace.report.secretariat import write_secretariat
    from normtrace.reuse.secretariat import secretariat_series

    series = secretariat_series(project.store, "MINUSTAH", since=2004, until=2015)
    fig = write_secretariat(series, out_dir / "secretariat-minustah")
    for s in series:
        if s.from_secretariat:
            echo(
                f"secretariat: {s.resolution}: {s.from_secretariat} of {s.new_words} new "
                f"operative words ({s.share:.0%}) first appear in an SG report"
            )
    missing = sorted({r for s in series for r in s.unheld})
    if missing:
        listed = ", ".join(missing[:4]) + (", ..." if len(missing) > 4 else "")
        plural = "s" if len(missing) != 1 else ""
        echo(
            f"secretariat: the MINUSTAH resolutions cite {len(missing)} report{plural} the "
            f"sample does not hold ({listed}): their shares are lower bounds"
        )
    return fig.png


def _print_summary(summary: dict[str, Any], echo: Echo) -> None:
    totals = summary["totals"]
    echo(
        f"project: {totals['documents']} documents, {totals['speeches']} speeches, "
        f"{totals['paragraphs']} paragraphs"
    )
    echo("type          year  documents  speeches  paragraphs")
    for r in summary["by_type_year"]:
        echo(
            f"{r['doc_type']:<13} {r['year'] or '-':>4}  {r['documents']:>9}  "
            f"{r['speeches'] or 0:>8}  {r['paragraphs'] or 0:>10}"
        )
