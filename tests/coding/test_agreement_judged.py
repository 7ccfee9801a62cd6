"""Agreement compares only the (target, code) pairs both coders judged, by the rule training
labels read (coding.human.judged), at unit or paragraph level; its CSV has a header when
empty. The document SYN/45 and the codebook ``syn45`` are SYNTHETIC."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.human.agreement import OVERALL, agreement
from normtrace.coding.learn.labels import collect_labels
from normtrace.store.db import Store
from synthetic_docs import insert_document

BOOK = "syn45"
U1, U2, U3, U4 = (f"SYN/45/op{i}" for i in range(1, 5))
HEAD, SUB_A, SUB_B = "SYN/45/op5", "SYN/45/op5/a", "SYN/45/op5/b"
UNITS = [
    (U1, "op", "Synthetic council decides alpha one."),
    (U2, "op", "Synthetic council decides alpha two."),
    (U3, "op", "Synthetic council decides alpha three."),
    (U4, "op", "Synthetic council decides nothing."),
    (HEAD, "op", "Synthetic council requests the mission:"),
    (SUB_A, "op", "to do a synthetic thing;"),
    (SUB_B, "op", "to do another synthetic thing."),
]


def _project(path: Path) -> Store:
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, "SYN/45", UNITS)
    codes = (Code(id="a", name="Alpha (SYNTHETIC)"), Code(id="b", name="Beta (SYNTHETIC)"))
    register_codebook(store, Codebook(name=BOOK, codes=codes))
    return store


def _import(store: Store, folder: Path, coder: str, rows: str, level: str = "unit") -> None:
    path = folder / f"{coder}-{level}.csv"
    path.write_text(rows)
    import_codings(store, path, codebook=BOOK, coder=coder, level=level)


def _coded(tmp_path: Path) -> Store:
    """ana reviewed U1-U4 for every code; cy imported codings of ``a`` only on U1-U3
    (``reviewed`` ``no``: "a coding only, its other codes stay unlabelled") and reviewed U4."""
    store = _project(tmp_path / "p.db")
    _import(store, tmp_path, "ana", f"unit_key,code\n{U1},a\n{U2},b\n{U3},a\n{U4},\n")
    _import(store, tmp_path, "cy", "unit_key,code,reviewed\n"
            f"{U1},a,no\n{U2},a,no\n{U3},a,no\n{U4},,yes\n")  # fmt: skip
    return store


def test_a_coding_only_row_judges_its_code_only_by_hand(tmp_path: Path) -> None:
    """By hand. a: ana (1, 0, 1, 0), cy (1, 1, 1, 0) on U1-U4: p_o 3/4, p_e .5*.75 + .5*.25
    = .5, kappa .5; alpha 1 - 7*2/(2*3*5) = 8/15. b: cy judged U4 only (ana 0, cy 0). Pooled
    (a's 4 and b's 1 decisions): ana (1,0,1,0,0), cy (1,1,1,0,0): p_o .8, p_e .48, kappa
    .32/.52; alpha 1 - 9*2/(2*5*5) = .64. The old code counted cy's codings of a as rejects
    of b on U1-U3: b percent .75, a disagreement on U2."""
    store = _coded(tmp_path)
    report = agreement(store)
    rows = {r.code: r for r in report.rows}
    a, b, pooled = rows["a"], rows["b"], rows[OVERALL]
    assert a.unit_keys == (U1, U2, U3, U4) and a.percent_agreement == 0.75
    assert a.cohen_kappa == 0.5 and a.krippendorff_alpha == pytest.approx(8 / 15, abs=1e-4)
    assert b.unit_keys == (U4,) and b.percent_agreement == 1.0 and b.cohen_kappa is None
    assert pooled.percent_agreement == 0.8
    assert pooled.cohen_kappa == pytest.approx(0.32 / 0.52, abs=1e-4)
    assert pooled.krippendorff_alpha == pytest.approx(0.64, abs=1e-4)
    assert [(d.unit_key, d.code, d.applied_by, d.not_applied_by)
            for d in report.disagreements] == [(U2, "a", ("cy",), ("ana",))]  # fmt: skip
    # the same rule as training's labels: b on U1-U3 rests on ana's reading alone
    labels = collect_labels(store, stored_codebook(store, BOOK), "unit")
    assert labels.by_code["b"] == {U1: 0, U2: 1, U3: 0, U4: 0}
    assert all("cy" not in why for k in (U1, U2, U3) for why in labels.why["b"].get(k, ()))


def test_one_coders_judgements_are_the_labels_of_their_work(tmp_path: Path) -> None:
    """Where ben reviewed every unit, the (unit, code) pairs compared are exactly those cy's
    own work labels (the one rule), and cy's values are those labels, at both levels."""
    store = _project(tmp_path / "p.db")
    _import(store, tmp_path, "cy", "unit_key,code,reviewed\n"
            f"{U1},a,no\n{U2},,unit for b\n{U3},b,no\n{SUB_A},a,no\n")  # fmt: skip
    book = stored_codebook(store, BOOK)
    own = {level: collect_labels(store, book, level).by_code for level in ("unit", "paragraph")}
    _import(store, tmp_path, "ben", "unit_key,code\n" + "".join(f"{u},\n" for u, _, _ in UNITS))
    for level in ("unit", "paragraph"):
        report = agreement(store, codes=["a", "b"], level=level)
        rows = {r.code: r for r in report.rows}
        for code in ("a", "b"):
            assert set(rows[code].unit_keys) == set(own[level][code]), (level, code)
            applied = {d.unit_key for d in report.disagreements if d.code == code}
            assert applied == {k for k, v in own[level][code].items() if v == 1}, (level, code)


def test_paragraph_level_compares_paragraphs_with_sub_paragraphs(tmp_path: Path) -> None:
    """pat codes ``a`` on a paragraph of three units at paragraph level (reviewed there),
    quin marks it "nothing applies" at paragraph level: one paragraph compared, one
    disagreement (at unit level no unit is judged by both: the old code compared none at
    all, having no level)."""
    store = _project(tmp_path / "p.db")
    _import(store, tmp_path, "pat", f"unit_key,code,reviewed\n{HEAD},a,paragraph\n", "paragraph")
    _import(store, tmp_path, "quin", f"unit_key,code,reviewed\n{HEAD},,paragraph\n", "paragraph")
    assert agreement(store).units == 0
    report = agreement(store, level="paragraph")
    assert report.level == "paragraph" and report.units == 1
    row = {r.code: r for r in report.rows}["a"]
    assert row.unit_keys == (HEAD,) and row.percent_agreement == 0.0
    assert row.characters > 0 and row.passage_alpha is not None
    assert [(d.unit_key, d.applied_by, d.not_applied_by) for d in report.disagreements] == [
        (HEAD, ("pat",), ("quin",))
    ]
    # a unit-level coding of a sub-paragraph by a coder who marked every unit reads upwards
    _import(store, tmp_path, "ray", f"unit_key,code\n{HEAD},\n{SUB_A},a\n{SUB_B},\n")
    report = agreement(store, coders=["quin", "ray"], level="paragraph")
    assert [(d.unit_key, d.applied_by, d.not_applied_by) for d in report.disagreements] == [
        (HEAD, ("ray",), ("quin",))
    ]


def _run(project: Path, *args: str) -> str:
    out = CliRunner().invoke(cli, ["--project", str(project), "agreement", *args])
    assert out.exit_code == 0, out.output
    return out.stdout


def test_the_command_compares_at_a_level_and_writes_a_header_when_empty(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    with _project(project) as store:
        _import(store, tmp_path, "pat", f"unit_key,code,reviewed\n{HEAD},a,paragraph\n",
                "paragraph")  # fmt: skip
        _import(store, tmp_path, "quin", f"unit_key,code,reviewed\n{HEAD},,paragraph\n",
                "paragraph")  # fmt: skip
    for extra in ((), ("--disagreements",)):
        empty = list(csv.reader(io.StringIO(_run(project, "--format", "csv", *extra))))
        assert len(empty) == 1 and "code" in empty[0]  # a header, no rows (was 0 bytes)
    got = list(csv.DictReader(io.StringIO(_run(project, "--level", "paragraph",
                                               "--format", "csv"))))  # fmt: skip
    assert [(r["code"], r["units"], r["percent_agreement"]) for r in got] == [
        ("a", "1", "0.0"), (OVERALL, "1", "0.0")]  # fmt: skip
    assert got[0]["unit_keys"] == HEAD and got[0]["level"] == "paragraph"
    listed = _run(project, "--level", "paragraph", "--disagreements", "--format", "csv")
    (d,) = list(csv.DictReader(io.StringIO(listed)))
    assert (d["unit_key"], d["applied_by"], d["not_applied_by"]) == (HEAD, "pat", "quin")
    report = json.loads(_run(project, "--level", "paragraph", "--format", "json"))
    assert report["level"] == "paragraph" and report["rows"][0]["unit_keys"] == [HEAD]
    # the table prints no unit keys in its rows (a row was ~900 characters with them)
    table = _run(project, "--level", "paragraph")
    assert "level: paragraph" in table.splitlines()[0]
    assert all(HEAD not in line for line in table.splitlines()[1:])


def test_on_an_assigned_unit_a_coding_reads_the_whole_unit(tmp_path: Path) -> None:
    """An assignment asks its coder for a reading of the whole unit: there cy's coding of
    ``a`` judges ``b`` too (as a mark of every code does), so on U2 (ana: b, cy: a) both codes
    disagree; on units not assigned it judges ``a`` only (the test above)."""
    store = _coded(tmp_path)
    _assign(store, [U2])
    report = agreement(store)
    rows = {r.code: r for r in report.rows}
    assert rows["b"].unit_keys == (U2, U4)
    assert [(d.unit_key, d.code) for d in report.disagreements] == [(U2, "a"), (U2, "b")]


def _assign(store: Store, units: list[str], names: tuple[str, ...] = ("ana", "cy")) -> None:
    with store.transaction() as conn:
        for name in names:  # SYNTHETIC workbench accounts, not blind
            conn.execute("INSERT OR IGNORE INTO users (name, role, password_hash, created_at) "
                         "VALUES (?, 'coder', 'x', '2026-01-01T00:00:00Z')", (name,))  # fmt: skip
            for unit in units:
                conn.execute("INSERT INTO assignments (unit_key, user_id, blind, assigned_at) "
                             "SELECT ?, id, 0, '2026-01-01T00:00:00Z' FROM users WHERE name = ?",
                             (unit, name))  # fmt: skip


def test_a_coders_own_mark_on_an_assigned_unit_says_which_codes_they_read(
    tmp_path: Path,
) -> None:
    """ana read assigned U2 for ``a`` only (a mark of ``a``): her coding there does not make
    her a reader of ``b``, which cy coded; nothing of ``b`` is compared."""
    from normtrace.coding.human.reviews import mark_done

    store = _project(tmp_path / "p.db")
    _assign(store, [U2])
    _import(store, tmp_path, "ana", f"unit_key,code,reviewed\n{U2},a,no\n")
    mark_done(store, coder="ana", codebook=BOOK, unit_keys=[U2], codes=["a"])
    _import(store, tmp_path, "cy", f"unit_key,code,reviewed\n{U2},b,no\n")
    report = agreement(store)
    assert [(d.unit_key, d.code) for d in report.disagreements] == [(U2, "a")]


def test_an_assigned_sub_paragraphs_coding_reads_no_other_sub_paragraph(tmp_path: Path) -> None:
    """At paragraph level a coding of assigned SUB_A reads SUB_A only: cy's ``b`` in SUB_B is
    no disagreement with ana, who never read SUB_B."""
    store = _project(tmp_path / "p.db")
    _assign(store, [SUB_A])
    _import(store, tmp_path, "ana", f"unit_key,code,reviewed\n{SUB_A},a,no\n")
    _import(store, tmp_path, "cy", f"unit_key,code,reviewed\n{SUB_A},a,no\n{SUB_B},b,no\n")
    report = agreement(store, level="paragraph")
    assert report.disagreements == ()
