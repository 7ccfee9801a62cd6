"""Extension points: a plugin package from tests/fixtures, installed and used end to end.

``tests/fixtures/plugin_pkg`` is a real package (``pyproject.toml`` with entry points) of
the example in docs/extending.md: a General Assembly resolution parser, an indicator and
an exporter. :func:`install` installs it as a wheel installer would (its modules and a
``.dist-info`` holding its metadata and entry points) into a temporary folder on
``sys.path``, offline. Its document and likelihoods are SYNTHETIC
(``tests/fixtures/plugin_pkg/sample/README.md``).
"""

from __future__ import annotations

import json
import shutil
import sys
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace import plugins
from normtrace.cli import cli
from normtrace.coding.exchange.registry import BUILTINS as EXPORTERS
from normtrace.coding.exchange.registry import exporters
from normtrace.errors import PluginWarning
from normtrace.parse.registry import BUILTINS as PARSERS
from normtrace.parse.registry import parsers
from normtrace.project import Project
from normtrace.trace.registry import BUILTINS as INDICATORS
from normtrace.trace.registry import indicators
from normtrace.trace.run import resolve_case, run_trace

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
PACKAGE = FIXTURES / "plugin_pkg"
BROKEN = FIXTURES / "plugin_broken"
SAMPLE = PACKAGE / "sample"
GA_FILE = SAMPLE / "A-RES-67-999.txt"
KEY_RESOLUTION = FIXTURES / "trace" / "S-RES-2100(2013).txt"
ORIGIN = "package normtrace-ga-example 0.1.0"


def install(
    package: Path, site: Path, entry_points: dict[str, dict[str, str]] | None = None
) -> None:
    """Install ``package`` into ``site``: its modules, and ``NAME-VERSION.dist-info`` with
    METADATA and entry_points.txt from its pyproject (``entry_points`` replaces those)."""
    meta = tomllib.loads((package / "pyproject.toml").read_text(encoding="utf-8"))
    project = meta["project"]
    for folder in meta["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]:
        shutil.copytree(package / folder, site / Path(folder).name)
    info = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n",
        encoding="utf-8",
    )
    groups = project["entry-points"] if entry_points is None else entry_points
    text = "".join(
        f"[{group}]\n" + "".join(f"{name} = {value}\n" for name, value in entries.items()) + "\n"
        for group, entries in groups.items()
    )
    (info / "entry_points.txt").write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty folder on ``sys.path``; registries are read afresh and forgotten afterwards."""
    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    plugins.clear()
    yield folder
    plugins.clear()
    for name in [m for m in sys.modules if m.startswith(("normtrace_ga_", "normtrace_broken_"))]:
        del sys.modules[name]


def test_the_builtins_are_declared_as_entry_points_in_pyproject() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    groups = declared["project"]["entry-points"]
    assert groups["normtrace.parsers"] == PARSERS
    assert groups["normtrace.indicators"] == INDICATORS
    assert groups["normtrace.exporters"] == EXPORTERS
    assert set(groups) == set(plugins.GROUPS)


def test_without_plugins_the_registries_hold_the_builtins(site: Path) -> None:
    assert parsers().names() == tuple(PARSERS)
    assert indicators().names() == tuple(INDICATORS)
    assert exporters().names() == tuple(EXPORTERS)
    assert all(e.builtin for e in parsers().entries)


def test_a_plugin_package_parses_derives_evidence_and_exports(site: Path, tmp_path: Path) -> None:
    install(PACKAGE, site)
    run = CliRunner().invoke
    listed = run(cli, ["plugins", "--json"])
    assert listed.exit_code == 0, listed.output
    entries = {(e["group"], e["name"]): e for e in json.loads(listed.output)["entries"]}
    for group, name in (
        ("normtrace.parsers", "ga_resolution"),
        ("normtrace.indicators", "ga_precedent"),
        ("normtrace.exporters", "units-markdown"),
    ):
        assert entries[(group, name)]["origin"] == ORIGIN
    assert entries[("normtrace.parsers", "verbatim")]["origin"] == "built-in"

    # ingest: the plugin parser reads the GA resolution, the built-in one the Council's
    db = str(tmp_path / "p.db")
    result = run(cli, ["--project", db, "ingest", str(GA_FILE), str(KEY_RESOLUTION)])
    assert result.exit_code == 0, result.output
    with Project(db) as project:
        ga = project.document("A/RES/67/999")
        assert (ga["doc_type"], ga["date"]) == ("ga_resolution", "2012-12-20")
        keys = [p["key"] for p in project.paragraphs(symbol="A/RES/67/999")]
        assert keys == [
            "A/RES/67/999/pp01", "A/RES/67/999/pp02",
            "A/RES/67/999/op1", "A/RES/67/999/op2", "A/RES/67/999/op3",
        ]  # fmt: skip
        parser = project.store.conn.execute(
            "SELECT parser FROM documents WHERE symbol = 'A/RES/67/999'"
        ).fetchone()[0]
        assert parser == "normtrace_ga_example.ga_resolution.v1"
        assert project.document("S/RES/2100 (2013)")["doc_type"] == "resolution"

        # evidence: a rule names the plugin indicator; the item cites the GA paragraphs
        case = resolve_case(str(SAMPLE / "mali-ga.yaml"))
        traced = run_trace(project.store, case, rules=SAMPLE / "ga-rules.yaml")
    assert traced.trace is not None, traced.problems
    (item,) = traced.trace.ledger.items
    assert item.id == "G1" and "Observed: ga_first" in item.description
    assert [u.key for u in item.units] == [  # the paragraphs naming Mali, by key
        "A/RES/67/999/op1", "A/RES/67/999/op2", "A/RES/67/999/pp02",
    ]  # fmt: skip
    assert item.indicators[0].name == "ga_precedent"
    posterior = traced.trace.inference.posterior
    assert posterior["H2"] > 0.25 > posterior["H1"]  # P(ga_first | H2) 0.7 vs H1 0.3

    # export: the plugin exporter by its suffix, restricted to one document
    out = tmp_path / "ga.md"
    args = ["--project", db, "code", "export", str(out), "--document", "A/RES/67/999"]
    result = run(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {out} (5 units)"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("## A/RES/67/999\n")
    assert "- `A/RES/67/999/op1` Calls upon all parties in Mali" in text
    assert "S/RES/2100" not in text


def test_a_broken_plugin_is_one_warning_and_nothing_else_fails(site: Path, tmp_path: Path) -> None:
    install(BROKEN, site)
    install(PACKAGE, site)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        names = (parsers().names(), indicators().names(), exporters().names())
        again = indicators().names()  # read once per process: no second warning
        listed = CliRunner().invoke(cli, ["plugins"])
    assert [w.category for w in caught] == [PluginWarning]
    message = str(caught[0].message)
    assert "'broken_indicator'" in message
    assert "normtrace.indicators: broken_indicator = normtrace_broken_example:INDICATOR" in message
    assert "package normtrace-broken-example 0.0.1" in message
    assert "RuntimeError: synthetic failure" in message
    assert names[1] == again == (*INDICATORS, "ga_precedent")
    assert "ga_resolution" in names[0] and "units-markdown" in names[2]
    assert listed.exit_code == 0, listed.output
    assert "FAILED normtrace.indicators broken_indicator" in listed.output
    assert "ga_precedent" in listed.output
    (failure,) = indicators().failures
    assert failure.origin == "package normtrace-broken-example 0.0.1"

    # and the rest of the chain still works with the broken package installed
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no further warning anywhere below
        with Project(str(tmp_path / "p.db")) as project:
            report = project.ingest([GA_FILE])
            assert report.ok and report.counts["new"] == 1


@pytest.mark.parametrize(
    ("group", "name", "value", "reason"),
    [
        ("normtrace.parsers", "report", "normtrace_ga_example.parser:GA_RESOLUTION",
         "already taken by the built-in entry"),
        ("normtrace.parsers", "ga_other", "normtrace_ga_example.parser:GA_RESOLUTION",
         "its 'name' is 'ga_resolution', not the entry point's 'ga_other'"),
        ("normtrace.exporters", "units-markdown", "normtrace_ga_example.exporter:MISSING",
         "AttributeError"),
        ("normtrace.indicators", "ga_resolution", "normtrace_ga_example.parser:GA_RESOLUTION",
         "lacks implication, observe()"),
        ("normtrace.parsers", "Bad Name", "normtrace_ga_example.parser:GA_RESOLUTION",
         "its name must be lower-case"),
    ],
)  # fmt: skip
def test_each_kind_of_bad_entry_is_skipped_with_one_warning(
    site: Path, group: str, name: str, value: str, reason: str
) -> None:
    install(PACKAGE, site, {group: {name: value}})
    registry = {"normtrace.parsers": parsers, "normtrace.indicators": indicators,
                "normtrace.exporters": exporters}[group]  # fmt: skip
    with pytest.warns(PluginWarning) as caught:
        loaded = registry()
    assert len(caught) == 1 and reason in str(caught[0].message), str(caught[0].message)
    assert [f.name for f in loaded.failures] == [name]
    assert all(e.builtin for e in loaded.entries)


def test_a_plugin_parser_that_raises_fails_its_file_only(site: Path, tmp_path: Path) -> None:
    install(PACKAGE, site)
    (site / "normtrace_ga_raising.py").write_text(
        "from normtrace_ga_example.parser import GaResolutionParser\n\n\n"
        "class Raising(GaResolutionParser):\n"
        "    name = 'ga_raising'\n\n"
        "    def parse(self, extracted, sniff):\n"
        "        raise ValueError('synthetic bug')\n\n\n"
        "RAISING = Raising()\n",
        encoding="utf-8",
    )
    info = next(site.glob("*.dist-info"))
    (info / "entry_points.txt").write_text(
        "[normtrace.parsers]\nga_raising = normtrace_ga_raising:RAISING\n", encoding="utf-8"
    )
    with Project(str(tmp_path / "p.db")) as project:
        report = project.ingest([GA_FILE, KEY_RESOLUTION])
    (failed,) = report.failures
    assert "parser plugin 'ga_raising'" in (failed.error or "")
    assert "ValueError in parse: synthetic bug" in (failed.error or "")
    assert report.counts["new"] == 1


def test_normtraces_own_metadata_is_not_loaded_twice_even_when_stale(site: Path) -> None:
    """An installed normtrace (another checkout's metadata) declares the built-ins; the
    running source's table counts, so its entries are neither doubled nor warned about."""
    info = site / "normtrace-0.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: normtrace\nVersion: 0.0.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[normtrace.parsers]\nverbatim = normtrace.parse.registry:VERBATIM\n"
        "gone = normtrace.parse.registry:NO_SUCH_PARSER\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        registry = parsers()
    assert registry.names() == tuple(PARSERS) and registry.failures == ()
