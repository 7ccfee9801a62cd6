"""What "paragraphs" means where (F8 of the s46 new user): `ls` and ``Project.documents``
count the paragraphs of running text and the other units apart; ``Project.paragraphs`` and
`export paragraphs` give every unit a document stores as a paragraph (headings, tables,
captions too), and with ``running`` / ``--running`` exactly the paragraphs `ls` counts.

The documents are SYNTHETIC (symbols SYN/n, made-up text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.project import Project
from normtrace.store.db import Store
from synthetic_docs import insert_document, insert_meeting

#: (key, kind, flags): what `ls` counts as a paragraph is marked True
REPORT = [
    ("SYN/1/h01", "heading", [], False),
    ("SYN/1/p1", "numbered", [], True),
    ("SYN/1/t01", "table", ["non_text"], False),
    ("SYN/1/c01", "text", ["caption", "non_text"], False),
    ("SYN/1/x01", "text", [], True),
    ("SYN/1/p2", "numbered", ["footnote"], False),
]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Store.open(path) as store, store.transaction() as conn:
        doc = insert_document(conn, "SYN/1", [(k, kind, f"Synthetic {k}.")
                                              for k, kind, _, _ in REPORT],
                              doc_type="report")  # fmt: skip
        for key, _, flags, _ in REPORT:
            conn.execute("UPDATE paragraphs SET flags = ? WHERE document_id = ? AND key = ?",
                         (json.dumps(flags), doc, key))  # fmt: skip
        meeting = insert_meeting(conn, "SYN/PV.2", ["Synthetic speech."])
        (speech,) = conn.execute("SELECT id FROM speeches WHERE document_id = ?", (meeting,))
        # a speech's paragraph is running text whatever its kind (as ls counts it)
        conn.execute(
            "INSERT INTO paragraphs (document_id, speech_id, key, kind, ord, text) "
            "VALUES (?, ?, 'SYN/PV.2/s001/p01', 'heading', 0, 'Synthetic speech.')",
            (meeting, speech[0]),
        )
    return path


def test_running_paragraphs_are_the_ones_ls_counts(project: Path) -> None:
    running = [k for k, _, _, r in REPORT if r] + ["SYN/PV.2/s001/p01"]
    with Project(project) as p:
        counted = sum(d["paragraphs"] for d in p.documents())
        everything = [r["key"] for r in p.paragraphs()]
        only = [r["key"] for r in p.paragraphs(running=True)]
        assert [r["key"] for r in p.paragraphs(symbol="SYN/1", running=True)] == running[:2]
    assert everything == [k for k, *_ in REPORT] + ["SYN/PV.2/s001/p01"]  # all, unchanged
    assert only == running and len(only) == counted == 3
    runner = CliRunner()
    ls = runner.invoke(cli, ["--project", str(project), "ls"])
    assert "SYN/1\treport\t2001-01-01\t0 speeches, 2 paragraphs, 4 other units" in ls.stdout
    exported = runner.invoke(cli, ["--project", str(project), "export", "paragraphs", "--running"])
    assert exported.exit_code == 0, exported.output
    assert [json.loads(line)["key"] for line in exported.stdout.splitlines()] == running
    whole = runner.invoke(cli, ["--project", str(project), "export", "paragraphs"])
    assert len(whole.stdout.splitlines()) == len(everything)
    assert "_in_speech" not in whole.stdout  # the rows' columns are as they were
    wrong = runner.invoke(cli, ["--project", str(project), "export", "speeches", "--running"])
    assert wrong.exit_code == 2 and "--running applies to paragraphs only" in wrong.output
