"""The demo job: the main chain run on the sample corpus bundled in the package.

The sample is real UN documents only (see ``normtrace/data/sample/README.md``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from normtrace.project import Project


@dataclass
class DemoResult:
    """Where the demo wrote what."""

    out_dir: Path
    outputs: dict[str, Path] = field(default_factory=dict)


def sample_dir() -> Path:
    """The folder of the bundled sample corpus."""
    return Path(str(resources.files("normtrace") / "data" / "sample"))


def run_demo(out_dir: Path, *, echo: Callable[[str], None] = print) -> DemoResult:
    """Ingest the bundled sample into ``out_dir/normtrace.db`` and summarize it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = DemoResult(out_dir)
    db = out_dir / "normtrace.db"
    with Project(db) as project:
        report = project.ingest([sample_dir()], progress=None)
        echo(f"ingest: {report.summary()}")
        for failure in report.failures:
            echo(f"  error: {failure.error}")
        summary = project.summary()
        _print_summary(summary, echo)
        summary_path = out_dir / "summary.json"
        summary_path.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    result.outputs["project"] = db
    result.outputs["summary"] = summary_path
    return result


def _print_summary(summary: dict[str, object], echo: Callable[[str], None]) -> None:
    totals = summary["totals"]
    assert isinstance(totals, dict)
    echo(
        f"project: {totals['documents']} documents, {totals['speeches']} speeches, "
        f"{totals['paragraphs']} paragraphs"
    )
    rows = summary["by_type_year"]
    assert isinstance(rows, list)
    echo("type          year  documents  speeches  paragraphs")
    for r in rows:
        echo(
            f"{r['doc_type']:<13} {r['year'] or '-':>4}  {r['documents']:>9}  "
            f"{r['speeches'] or 0:>8}  {r['paragraphs'] or 0:>10}"
        )
