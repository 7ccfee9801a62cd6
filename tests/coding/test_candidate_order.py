"""`code list` lists candidates in document order, the order of `export paragraphs` and
``Project.paragraphs`` (the document's date and symbol, then the unit's stored order), not
by key as text (F8 of the s46 new user: S/2006/592/p38, p45, p46, **p5**, p53).

The documents are SYNTHETIC (symbols SYN/n, made-up text).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.dictionary.candidates import candidate_rows
from normtrace.project import Project
from normtrace.store.db import Store
from synthetic_suggestions import add_pending

#: stored (document) order; as text, p10 and p46 come before p5 and p9
LATER = ["SYN/2/p5", "SYN/2/p9", "SYN/2/p10", "SYN/2/p46"]
#: an earlier document (its symbol after the other as text), stored after the later one
EARLIER = ["SYN/3/h01", "SYN/3/p2", "SYN/3/p11"]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        add_pending(store, "SYN/2", {k: f"We protect area {k[-3:]}." for k in LATER},
                    kind="p", date="2006-08-28")  # fmt: skip
        add_pending(store, "SYN/3", {k: f"We protect and secure {k[-3:]}." for k in EARLIER},
                    kind="p", date="2004-11-18")  # fmt: skip
    return path


def exported_order(path: Path) -> list[str]:
    project = Project(path)
    try:
        return [p["key"] for p in project.paragraphs()]
    finally:
        project.close()


def listed(path: Path, *args: str) -> list[str]:
    out = CliRunner().invoke(
        cli, ["--project", str(path), "code", "list", "--format", "csv", *args]
    )
    assert out.exit_code == 0, out.output
    return [r["unit_key"] for r in csv.DictReader(io.StringIO(out.stdout))]


def test_code_list_follows_the_documents(project: Path) -> None:
    keys = listed(project, "--limit", "0")
    assert exported_order(project) == [*EARLIER, *LATER]
    assert list(dict.fromkeys(keys)) == [*EARLIER, *LATER]  # not SYN/2/p10, p46, p5, p9
    # each unit's candidates in text order (protect, then secure)
    assert keys[:2] == ["SYN/3/h01", "SYN/3/h01"]


def test_a_limited_list_is_the_first_units_in_document_order(project: Path) -> None:
    assert listed(project, "--limit", "3") == ["SYN/3/h01", "SYN/3/h01", "SYN/3/p2"]
    assert listed(project, "--code", "poc", "--limit", "5") == [*EARLIER, *LATER[:2]]
    with Store.open(project) as store:
        rows = candidate_rows(store, code="poc", limit=-1)
        first = candidate_rows(store, limit=2)
    assert [r["unit_key"] for r in rows] == [*EARLIER, *LATER]
    assert [(r["unit_key"], r["code"]) for r in first] == [
        ("SYN/3/h01", "poc"),
        ("SYN/3/h01", "sec"),
    ]
