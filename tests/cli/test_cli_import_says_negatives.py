"""``code import`` of a table of ``unit_key, code`` alone marks every unit it names reviewed for
every code of the codebook, so each code a unit lacks there is a negative: the rule labels need,
which a new user did not see coming. The summary says it in one line: how many units, for how
many codes, how many negatives; a ``reviewed`` column naming codes makes no such marks.

Every text, document and codebook here is SYNTHETIC (made up for tests, not UN text).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from normtrace.cli import cli
from normtrace.store.db import Store
from synthetic_docs import insert_document

#: SYNTHETIC codebook of three codable codes and a grouping code (never a label)
BOOK = """name: synth
codes:
  - {id: poc, name: Protection (synthetic), entries: [protect*]}
  - {id: force, name: Force (synthetic)}
  - {id: talks, name: Talks (synthetic)}
  - {id: group, name: Group (synthetic), codable: false}
"""


def _project(tmp: Path) -> Path:
    path = tmp / "p.db"
    (tmp / "synth.yaml").write_text(BOOK, encoding="utf-8")
    with Store.open(path) as store, store.transaction() as conn:
        insert_document(conn, "SYN/1", [(f"SYN/1/op{i}", "op", f"Synthetic paragraph {i}.")
                                        for i in range(1, 6)])  # fmt: skip
    return path


def _import(path: Path, table: Path, *more: str) -> Result:
    result = CliRunner().invoke(cli, ["--project", str(path), "code", "import", str(table),
                                      "--codebook", str(table.parent / "synth.yaml"),
                                      "--coder", "ana", *more])  # fmt: skip
    assert result.exit_code == 0, result.output
    return result


def test_the_summary_says_the_units_count_as_reviewed_for_every_code(tmp_path: Path) -> None:
    path = _project(tmp_path)
    table = tmp_path / "a.csv"
    # 3 units: op1 has two codes, op2 one, op3 none: 3 x 3 codes - 3 coded = 6 negatives
    table.write_text("unit_key,code\nSYN/1/op1,poc\nSYN/1/op1,force\nSYN/1/op2,talks\n"
                     "SYN/1/op3,\n", encoding="utf-8")  # fmt: skip
    lines = _import(path, table).stdout.splitlines()
    assert lines[1] == (
        "3 unit(s) now count as reviewed for all 3 codes of synth, so the 6 (unit, code) pairs "
        "the file does not code are negatives; a reviewed column (`unit for CODE ...`) marks "
        "only the codes read (docs/assisted-coding.md)"
    )
    again = json.loads(_import(path, table, "--json").stdout)  # held already: still so
    assert (again["reviewed_every"], again["codable"], again["implied_negatives"]) == (3, 3, 6)


def test_a_reviewed_column_naming_codes_makes_no_negatives_of_the_others(tmp_path: Path) -> None:
    path = _project(tmp_path)
    table = tmp_path / "b.csv"
    table.write_text("unit_key,code,reviewed\nSYN/1/op1,poc,unit for poc\nSYN/1/op2,,unit for poc\n"
                     "SYN/1/op3,force,no\n", encoding="utf-8")  # fmt: skip
    out = _import(path, table)
    assert "now count as reviewed for all" not in out.output
    assert len(out.stdout.splitlines()) == 1
