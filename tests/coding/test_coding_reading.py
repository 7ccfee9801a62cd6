"""KWIC, frequencies and rates, co-occurrence, first appearance, precision, agreement."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.coding.counts import code_cooccurrence, code_frequencies, first_appearances
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.agreement import OVERALL, agreement
from normtrace.coding.human.events import add_code, add_memo, record_verdict
from normtrace.coding.human.precision import code_precision
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.human.undo import undo_event as undo
from normtrace.coding.kwic import context, kwic
from normtrace.coding.query import QueryError
from normtrace.coding.units import unit_words
from normtrace.errors import CodebookError
from normtrace.store.db import Store
from normtrace.trace.scope import case_scope

S1, S2, S3 = "S/PV.0001/s001", "S/PV.0001/s002", "S/PV.0001/s003"


def test_kwic_query_by_role(store: Store) -> None:
    lines = kwic(store, "neutrali*", window=3, by="role")
    assert [ln.group for ln in lines] == ["elected_member"] + ["resolution"] * 4 + ["secretariat"]
    assert {ln.match for ln in lines[1:5]} == {
        "neutrality",
        "neutralizing",
        "Neutralizing",
        "neutralize",
    }
    assert lines[-1].match == "neutralise"
    alpha = lines[0]
    assert (alpha.left, alpha.right) == ("protected; it should", "armed groups.")
    assert alpha.speaker == "Ms. Alpha" and alpha.symbol == "S/PV.0001"


def test_kwic_of_a_code_and_errors(store: Store) -> None:
    apply_codebook(store, load_default_codebook())
    lines = kwic(store, code="intervention_brigade", window=2, by="symbol")
    assert {ln.group for ln in lines} == {"S/PV.0001", "S/RES/2098 (2013)"}
    assert all("intervention brigade" in ln.match.lower() for ln in lines)
    with pytest.raises(CodebookError, match="may only end a word"):
        kwic(store, "*x")
    with pytest.raises(CodebookError, match="group a concordance"):
        kwic(store, "brigade", by="colour")
    assert context("a b c d e", 4, 5, 1) == ("b", "d")


def test_frequencies_counts_and_rates(store: Store) -> None:
    apply_codebook(store, load_default_codebook())
    by_role = {(r.group, r.code): r for r in code_frequencies(store, by="role")}
    alpha = by_role[("elected_member", "intervention_brigade")]
    words = unit_words(store)[S1][1]
    assert (alpha.count, alpha.units, alpha.group_units, alpha.group_words) == (1, 1, 1, words)
    assert alpha.per_10k_words == round(10_000 / words, 3)
    res = by_role[("resolution", "neutralize_disarm")]
    assert res.count >= 3 and res.group_units == 6
    by_year = {(r.group, r.code) for r in code_frequencies(store, by="year")}
    assert ("2013", "poc") in by_year
    by_case = code_frequencies(store, by="case", cases=[case_scope(store, "drc-2013")])
    assert {r.group for r in by_case} == {"drc-2013"}
    with pytest.raises(CodebookError, match="case_scope"):  # the form before stop 44
        code_frequencies(store, by="case", cases={"drc": ["S/RES/2098 (2013)"]})  # type: ignore[arg-type]
    with pytest.raises(CodebookError, match="needs the cases"):
        code_frequencies(store, by="case")
    with pytest.raises(CodebookError, match="cannot count by"):
        code_frequencies(store, by="weather")
    only = code_frequencies(store, by="doc_type", codes=["poc"])
    assert {r.code for r in only} == {"poc"}


def test_cooccurrence_and_first_appearance(store: Store) -> None:
    apply_codebook(store, load_default_codebook())
    pairs = {(r.code_a, r.code_b): r for r in code_cooccurrence(store)}
    assert pairs[("intervention_brigade", "neutralize_disarm")].units >= 2
    first = {(f.code, f.role): f for f in first_appearances(store)}
    assert first[("offensive_operations", "secretariat")].unit_key == S3
    assert first[("consent", "permanent_member")].snippet == "consent of the parties"


def test_human_source_and_precision(store: Store) -> None:
    apply_codebook(store, load_default_codebook())
    rows = store.conn.execute("SELECT id, code FROM current_auto_codings ORDER BY id").fetchall()
    ib = [r["id"] for r in rows if r["code"] == "intervention_brigade"]
    for i, span in enumerate(ib):
        record_verdict(store, coder="ana", auto_coding_id=span, verdict="accept" if i else "reject")
    record_verdict(store, coder="ben", auto_coding_id=ib[0], verdict="accept")
    (row,) = [p for p in code_precision(store) if p.code == "intervention_brigade"]
    assert (row.judged, row.accepted, row.rejected) == (len(ib) + 1, len(ib), 1)
    assert row.low < row.precision < row.high
    # "human" counts what coders affirmed: the candidates ana accepted, and the one ana
    # rejected and ben accepted (ben's accept is ben's coding, as a hand coding would be;
    # the disagreement is for adjudication)
    from normtrace.coding.counts import _occurrences

    accepted = [tuple(r) for r in store.conn.execute(
        f'SELECT unit_key, start, "end", code, snippet FROM current_auto_codings WHERE id IN '
        f"({','.join('?' * len(ib))})", ib)]  # fmt: skip
    human = [r for r in code_frequencies(store, source="human") if r.code == "intervention_brigade"]
    assert sum(r.count for r in human) == len(_occurrences(accepted)) > 0
    assert {r.code for r in code_frequencies(store, source="human")} == {"intervention_brigade"}


def test_agreement_from_events(store: Store) -> None:
    register_codebook(store, load_default_codebook())
    text = {k: store.conn.execute("SELECT text FROM units WHERE key=?", (k,)).fetchone()[0]
            for k in (S1, S2, S3)}  # fmt: skip

    def code(coder: str, key: str, phrase: str, name: str) -> None:
        start = text[key].index(phrase)
        add_code(store, coder=coder, unit_key=key, start=start, end=start + len(phrase), code=name)

    code("ana", S1, "Intervention Brigade", "intervention_brigade")
    code("ben", S1, "Intervention Brigade", "intervention_brigade")
    code("ana", S2, "consent of the parties", "consent")
    # ben read S2 and found nothing: a "done" mark says so (a memo judges no code, nor does
    # a coding of one code judge the others: coding.human.judged, as training reads them)
    mark_done(store, coder="ben", codebook=load_default_codebook().name, unit_keys=[S2])
    code("ana", S3, "offensive operations", "offensive_operations")
    code("ben", S3, "offensive operations", "offensive_operations")
    code("cy", S3, "protection of civilians", "poc")  # cy covers one unit only
    wrong = add_memo(store, coder="ben", unit_key=S3, memo="oops")
    undo(store, coder="ben", event_id=wrong.id)

    two = agreement(store, coders=["ana", "ben"])
    assert two.coders == ("ana", "ben") and two.units == 3
    rows = {r.code: r for r in two.rows}
    assert rows["intervention_brigade"].percent_agreement == 1.0
    # consent: judged by both on S2 only (ana's codings of S1 and S3 judge other codes)
    assert rows["consent"].percent_agreement == 0.0
    assert rows["consent"].unit_keys == (S2,)
    assert [(d.unit_key, d.code, d.applied_by, d.not_applied_by) for d in two.disagreements] == [
        (S2, "consent", ("ana",), ("ben",))
    ]
    # the pooled row pools the 3 (unit, code) decisions both made; its units are units
    assert rows[OVERALL].units == 3 and rows[OVERALL].cohen_kappa is not None
    everyone = agreement(store)
    assert everyone.coders == ("ana", "ben", "cy")
    assert "poc" not in {r.code for r in everyone.rows}  # only cy judged poc on S3
    assert {r.code: r for r in everyone.rows}[OVERALL].krippendorff_alpha is not None


def test_agreement_counts_units_both_marked_done_and_every_used_code(tmp_path: Path) -> None:
    """SYNTHETIC. Two coders who both marked a unit "nothing applies" agree there, but the
    unit was not counted as shared; a code both used elsewhere was missing from the table
    (a new user's report)."""
    from normtrace.coding.codebook import Code, Codebook
    from normtrace.coding.dictionary.apply import register_codebook
    from normtrace.coding.human.reviews import mark_done
    from synthetic_docs import insert_document

    store = Store.open(tmp_path / "a.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic text one."),
                                        ("SYN/1/op2", "op", "Synthetic text two."),
                                        ("SYN/1/op3", "op", "Synthetic text three.")])  # fmt: skip
    register_codebook(store, Codebook(name="b", codes=(Code(id="x", name="X"),
                                                       Code(id="y", name="Y"))))  # fmt: skip
    for coder in ("ana", "ben"):
        mark_done(store, coder=coder, codebook="b", unit_keys=["SYN/1/op1"])
        add_code(store, coder=coder, unit_key="SYN/1/op2", start=0, end=9, code="x")
    add_code(store, coder="ana", unit_key="SYN/1/op3", start=0, end=9, code="y")
    report = agreement(store)
    assert report.units == 2  # op1 (both marked done) and op2 (both coded)
    by_code = {r.code: r for r in report.rows}
    assert set(by_code) == {"x", "y", OVERALL}  # y: used by ana on a unit ben did not cover
    assert by_code["x"].percent_agreement == 1.0 and by_code["y"].percent_agreement == 1.0
    assert by_code[OVERALL].passage_alpha is None


def test_a_tilde_in_a_query_points_to_near(store: Store) -> None:
    with pytest.raises(QueryError, match=r"A NEAR/5 B"):
        kwic(store, "force ~5~ offensive")


def test_a_review_mark_covers_only_its_codebook_and_whole_paragraphs(tmp_path: Path) -> None:
    """SYNTHETIC. A review found two false disagreements: a mark made for one codebook counted
    as judging another codebook's code, and a paragraph-level mark was pushed down to
    sub-paragraphs the coders never judged one by one."""
    from normtrace.coding.codebook import Code, Codebook
    from normtrace.coding.dictionary.apply import register_codebook
    from normtrace.coding.human.reviews import mark_done
    from synthetic_docs import insert_document

    store = Store.open(tmp_path / "a.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic head:"),
                                        ("SYN/1/op1/a", "op", "a synthetic task;"),
                                        ("SYN/1/op2", "op", "Synthetic text two.")])  # fmt: skip
    register_codebook(store, Codebook(name="frames", codes=(Code(id="x", name="X"),)))
    register_codebook(store, Codebook(name="actors", codes=(Code(id="au", name="AU"),)))
    mark_done(store, coder="ana", codebook="frames", unit_keys=["SYN/1/op2"])
    add_code(store, coder="ben", unit_key="SYN/1/op2", start=0, end=9, code="au")
    assert agreement(store).units == 0  # ana judged frames there, not actors
    for coder in ("ana", "ben"):
        mark_done(store, coder=coder, codebook="frames", unit_keys=["SYN/1/op1"],
                  level="paragraph")  # fmt: skip
    add_code(store, coder="ana", unit_key="SYN/1/op1", start=0, end=9, code="x")
    add_code(store, coder="ben", unit_key="SYN/1/op1/a", start=0, end=9, code="x")
    report = agreement(store, codes=["x"])
    assert "SYN/1/op1/a" not in {d.unit_key for d in report.disagreements}


def test_a_coding_of_one_codebook_is_no_judgement_of_anothers_codes(tmp_path: Path) -> None:
    """SYNTHETIC. A review found alice's code of codebook A and bob's of codebook B on the
    same unit counted as two false disagreements: neither judged the other's codebook."""
    from normtrace.coding.codebook import Code, Codebook
    from normtrace.coding.dictionary.apply import register_codebook
    from synthetic_docs import insert_document

    store = Store.open(tmp_path / "a.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic text one.")])
    register_codebook(store, Codebook(name="A", codes=(Code(id="a1", name="A1"),)))
    register_codebook(store, Codebook(name="B", codes=(Code(id="b1", name="B1"),)))
    add_code(store, coder="alice", unit_key="SYN/1/op1", start=0, end=9, code="a1")
    add_code(store, coder="bob", unit_key="SYN/1/op1", start=0, end=9, code="b1")
    report = agreement(store)
    assert report.units == 0 and report.disagreements == ()


def test_precision_is_the_current_dictionarys(tmp_path: Path) -> None:
    """A new user rejected a 'therefore' candidate, removed that entry and applied the new
    version: `code precision` still counted the rejection against the code. SYNTHETIC."""
    from normtrace.coding.codebook import Code, Codebook, Entry
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.human.events import record_verdict
    from normtrace.coding.human.precision import code_precision
    from synthetic_docs import insert_document

    store = Store.open(tmp_path / "p.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Therefore, stabilization first.")])

    def book(*words: str) -> Codebook:
        return Codebook(name="b", codes=(Code(id="x", name="X", entries=tuple(map(Entry, words))),))

    apply_codebook(store, book("therefore", "stabilization"), progress=False)
    for cid, snippet in store.conn.execute("SELECT id, snippet FROM current_auto_codings"):
        verdict = "reject" if snippet == "Therefore" else "accept"
        record_verdict(store, coder="ana", auto_coding_id=int(cid), verdict=verdict)
    assert [(r.judged, r.accepted) for r in code_precision(store)] == [(2, 1)]
    apply_codebook(store, book("stabilization"), progress=False)
    assert [(r.judged, r.accepted) for r in code_precision(store)] == [(1, 1)]
    first = store.conn.execute("SELECT version FROM codebooks ORDER BY id LIMIT 1").fetchone()[0]
    assert [(r.judged, r.accepted) for r in code_precision(store, version=first)] == [(2, 1)]
    # the same from the command line, and an unknown version is named as such
    from click.testing import CliRunner

    from normtrace.cli import cli

    store.close()
    ran = CliRunner().invoke(cli, ["--project", str(tmp_path / "p.db"), "code", "precision",
                                   "--version", first, "--format", "json"])  # fmt: skip
    assert ran.exit_code == 0 and '"judged": 2' in ran.stdout
    ran = CliRunner().invoke(cli, ["--project", str(tmp_path / "p.db"), "code", "precision",
                                   "--version", "000000000000"])  # fmt: skip
    assert ran.exit_code == 1 and "no codebook version '000000000000'" in ran.stderr


def test_an_undefined_kappa_is_no_number(store: Store) -> None:
    """Both coders applied the code on every unit they share: Cohen's kappa is undefined, and
    a table said "nan" (a new user's months)."""
    register_codebook(store, load_default_codebook())
    text = {k: store.conn.execute("SELECT text FROM units WHERE key = ?", (k,)).fetchone()[0]
            for k in (S1,)}  # fmt: skip
    start = text[S1].index("Intervention Brigade")
    for coder in ("ana", "ben"):
        add_code(store, coder=coder, unit_key=S1, start=start, end=start + 20,
                 code="intervention_brigade")  # fmt: skip
    rows = {r.code: r for r in agreement(store).rows}
    assert rows["intervention_brigade"].percent_agreement == 1.0
    assert rows["intervention_brigade"].cohen_kappa is None
