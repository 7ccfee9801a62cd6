"""Agreement compares one codebook's readings on every surface: `normtrace agreement`, the
library's rule for it (:mod:`~normtrace.coding.human.agreement_book`) and the workbench's
agreement page and CSV. alice codes ``poc`` for the default codebook; bob codes it for the
SYNTHETIC codebook ``mini`` only, having read the unit for the default codebook and found
none. The command and the page pooled the codebooks of the shared id and reported the two
coders agreeing (percent 1.0, no disagreement), and the page's "Adjudicated" column showed
the latest decision of any codebook. Now the command needs ``--codebook`` for a shared id,
the page compares the codebook of its ``?codebook=`` (default: the first registered, as the
adjudication page) and shows the decision in force for it, and every output names the
codebook. Document, codebook ``mini`` and the coders' work are SYNTHETIC
(:mod:`synthetic_web`)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from synthetic_web import DEFAULT, OTHER, workbench
from web_support import TestClient

from normtrace.cli import cli
from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.errors import CodebookError
from normtrace.store.db import Store, utc_now
from normtrace.web.access import ProjectAccess

MINI = "mini"
WORDS = "protect civilians"


def _scene(admin: TestClient, access: ProjectAccess) -> dict[str, int]:
    """OTHER assigned to alice and bob (not blind); alice codes poc on WORDS for the default
    codebook, bob for mini, and bob marks the unit done for the default codebook: coder →
    their coding's event id."""
    order = {"unit_keys": [OTHER], "coders": ["alice", "bob"], "blind": False}
    assert admin.post("/api/assignments", json=order).status_code == 201

    def write(store: Store) -> dict[str, int]:
        text = str(
            store.conn.execute("SELECT text FROM units WHERE key = ?", (OTHER,)).fetchone()[0]
        )
        start = text.index(WORDS)
        made = {coder: add_code(store, coder=coder, unit_key=OTHER, start=start,
                                end=start + len(WORDS), code="poc", codebook=book).id
                for coder, book in (("alice", DEFAULT), ("bob", MINI))}  # fmt: skip
        mark_done(store, coder="bob", codebook=DEFAULT, unit_keys=[OTHER])
        return made

    return access.write(write)


def _row(rows: list[dict[str, Any]], code: str = "poc") -> dict[str, Any]:
    (row,) = [r for r in rows if r["code"] == code]
    return row


def test_the_rule_names_the_codebooks_of_a_shared_id(tmp_path: Path) -> None:
    from normtrace.coding.human.agreement_book import agreement_codebook  # new with the rule

    with workbench(tmp_path / "p.db") as (clients, access):
        _scene(clients["admin"], access)
        with access.read() as store:
            for codes in (None, ["poc"], ["poc", "r2p"]):
                with pytest.raises(CodebookError) as refused:
                    agreement_codebook(store, codes)
                message = str(refused.value)
                assert "'poc'" in message and f"codebooks {MINI}, {DEFAULT}" in message
                assert "--codebook NAME" in message and "\n" not in message
            assert agreement_codebook(store, ["poc"], MINI) == MINI
            assert agreement_codebook(store, ["r2p"]) == DEFAULT  # the one codebook holding it
            within = {OTHER: ["alice", "bob"]}
            of_default = agreement(store, within=within, codebook=DEFAULT)
            pooled = agreement(store, within=within)
        assert of_default.codebook == DEFAULT and pooled.codebook is None
        row = next(r for r in of_default.rows if r.code == "poc")
        assert row.codebooks == (DEFAULT,) and row.percent_agreement == 0.0
        (disagreement,) = of_default.disagreements
        assert disagreement.codebooks == (DEFAULT,)
        # compared together, the report says whose readings it pooled
        assert next(r for r in pooled.rows if r.code == "poc").codebooks == (MINI, DEFAULT)


def test_the_command_compares_one_codebook_and_names_it(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    runner = CliRunner()
    with workbench(project) as (clients, access):
        _scene(clients["admin"], access)

        def run(*args: str) -> Any:
            return runner.invoke(cli, ["--project", str(project), "agreement", *args])

        refused = run()  # was: exit 0, poc percent 1.0 (the codebooks pooled)
        assert refused.exit_code == 1, refused.output
        (line,) = refused.stderr.splitlines()
        assert line.startswith("error: code id 'poc' of codebooks mini, stability-operations")
        assert "--codebook NAME" in line
        assert run("--code", "poc").exit_code == 1
        out = run("--codebook", DEFAULT, "--format", "json")
        assert out.exit_code == 0, out.output
        report = json.loads(out.stdout)
        assert report["codebook"] == DEFAULT
        row = _row(report["rows"])
        assert (row["units"], row["percent_agreement"], row["codebooks"]) == (1, 0.0, [DEFAULT])
        (d,) = report["disagreements"]
        assert (d["unit_key"], d["applied_by"], d["not_applied_by"], d["codebooks"]) == (
            OTHER, ["alice"], ["bob"], [DEFAULT])  # fmt: skip
        table = run("--codebook", MINI)  # alice did not read the unit for mini
        assert table.exit_code == 0, table.output
        # nor anything else for mini: her codings judge the default's codes only (until stop
        # 45 every coder with any work was listed)
        assert (
            table.stdout.splitlines()[0] == f"codebook: {MINI}; coders: bob; units coded by 2+: 0"
        )
        listed = run("--codebook", DEFAULT, "--disagreements", "--format", "csv")
        (got,) = list(csv.DictReader(io.StringIO(listed.stdout)))
        assert (got["code"], got["codebooks"]) == ("poc", DEFAULT)
        one = run("--code", "r2p", "--format", "json")  # no shared id: its one codebook
        assert one.exit_code == 0, one.output
        assert json.loads(one.stdout)["codebook"] == DEFAULT
        unknown = run("--codebook", "nosuch")
        assert unknown.exit_code == 1 and "no codebook 'nosuch' in the project" in unknown.stderr


def test_the_page_compares_one_codebook_and_shows_its_decisions(tmp_path: Path) -> None:
    with workbench(tmp_path / "p.db") as (clients, access):
        admin = clients["admin"]
        made = _scene(admin, access)

        def old_absent(store: Store) -> int:
            """An "absent" as the workbench recorded it before migration 0024 (SYNTHETIC)."""
            cur = store.conn.execute(
                "INSERT INTO adjudications (unit_key, code, decision, original_event_ids, "
                "adjudicator_id, created_at) VALUES (?, 'poc', 'absent', ?, 1, ?)",
                (OTHER, f"[{made['alice']}]", utc_now()),
            )
            return int(cur.lastrowid or 0)

        old = access.write(old_absent)
        # a later decision for mini only: the default's page still shows the old one
        present = {"unit_key": OTHER, "code": "poc", "decision": "present", "codebook": MINI,
                   "coding_id": made["bob"], "supersedes_id": old}  # fmt: skip
        recorded = admin.post("/api/adjudications", json=present)
        assert recorded.status_code == 201, recorded.text

        page = admin.get("/api/agreement").json()  # the first registered codebook
        assert (page["codebook"], page["codebooks"]) == (DEFAULT, [DEFAULT, MINI])
        row = _row(page["codes"])  # was percent 1.0 and no disagreement
        assert (row["units"], row["percent"]) == (1, 0.0)
        assert [(d["applied_by"], d["not_applied_by"], d["adjudicated"])
                for d in row["disagreements"]] == [(["alice"], ["bob"], "absent")]  # fmt: skip
        assert admin.get("/api/agreement", params={"codebook": DEFAULT}).json() == page
        mini = admin.get("/api/agreement", params={"codebook": MINI}).json()
        assert mini["codebook"] == MINI and mini["codes"] == []  # only bob read it for mini

        html = admin.get("/agreement", params={"codebook": MINI}).text
        assert '<strong aria-current="page">mini</strong>' in html
        assert '<a href="/agreement?codebook=stability-operations">' in html
        assert "has been judged by two of them yet in mini: this page compares" in html
        html = admin.get("/agreement").text
        assert (
            'Agreement <span class="codebook">of the codebook stability-operations</span>' in html
        )
        assert 'href="/agreement.csv?codebook=stability-operations"' in html
        table = admin.get("/agreement.csv", params={"codebook": DEFAULT})
        assert (
            'filename="agreement-stability-operations.csv"' in table.headers["content-disposition"]
        )
        got = _row(list(csv.DictReader(io.StringIO(table.text))))
        assert (got["codebook"], got["percent_agreement"], got["disagreements"]) == (
            DEFAULT, "0.0000", "1")  # fmt: skip
        missing = admin.get("/api/agreement", params={"codebook": "nosuch"})
        assert missing.status_code == 404 and "one of: stability-operations, mini" in missing.text


def test_adjudicated_is_the_decision_in_force_for_the_pages_codebook(tmp_path: Path) -> None:
    """alice codes poc for both codebooks, bob finds none for either; the default's reading is
    decided present, then mini's absent: the default's page showed mini's later "absent"."""
    with workbench(tmp_path / "p.db") as (clients, access):
        admin = clients["admin"]
        order = {"unit_keys": [OTHER], "coders": ["alice", "bob"], "blind": False}
        assert admin.post("/api/assignments", json=order).status_code == 201

        def write(store: Store) -> dict[str, int]:
            text = str(store.conn.execute("SELECT text FROM units WHERE key = ?",
                                          (OTHER,)).fetchone()[0])  # fmt: skip
            start = text.index(WORDS)
            made = {book: add_code(store, coder="alice", unit_key=OTHER, start=start,
                                   end=start + len(WORDS), code="poc", codebook=book).id
                    for book in (DEFAULT, MINI)}  # fmt: skip
            for book in (DEFAULT, MINI):
                mark_done(store, coder="bob", codebook=book, unit_keys=[OTHER])
            return made

        alice = access.write(write)
        for book, keep in ((DEFAULT, [alice[DEFAULT]]), (MINI, [])):
            decided = {"unit_key": OTHER, "codes": ["poc"], "keep": keep, "codebook": book}
            made = admin.post("/api/adjudications/passage", json=decided)
            assert made.status_code == 201, made.text

        def adjudicated(book: str) -> list[str | None]:
            page = admin.get("/api/agreement", params={"codebook": book}).json()
            return [d["adjudicated"] for d in _row(page["codes"])["disagreements"]]

        assert adjudicated(DEFAULT) == ["present"]  # was "absent", mini's decision
        assert adjudicated(MINI) == ["absent"]
        assert "<td>present</td>" in admin.get("/agreement").text
