"""The coding commands (not yet registered on the root group: invoked directly here)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli.agreement import agreement_command
from normtrace.cli.base import Context
from normtrace.cli.coding import code_group
from normtrace.cli.counts import freq_command, kwic_command
from normtrace.coding.exchange.qdc import import_qdc
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.errors import CodingError
from normtrace.store.db import Store


def run(store: Store, command, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(command, list(args), obj=Context(str(store.path), False))
    assert result.exit_code == 0, result.output
    return result.output


def test_apply_list_verdict_add_undo(store: Store) -> None:
    out = json.loads(run(store, code_group, "apply", "--json"))
    assert out["units"] == 9 and out["by_code"]["intervention_brigade"] >= 2
    rows = json.loads(run(store, code_group, "list", "--code", "intervention_brigade",
                          "--format", "json"))  # fmt: skip
    first = rows[0]["id"]
    assert "reject" in run(store, code_group, "verdict", str(first), "reject", "--coder", "ana")
    table = run(store, code_group, "precision")
    assert "intervention_brigade" in table and "0.0" in table
    added = run(store, code_group, "add", "S/PV.0001/s002", "0", "11", "consent", "--coder", "ana")
    assert added.startswith("event ") and "code consent" in added
    undone = run(store, code_group, "undo", "--coder", "ana")
    assert "undid ana's coding 'consent' on S/PV.0001/s002 «" in undone
    human = json.loads(run(store, code_group, "list", "--source", "human", "--format", "json"))
    assert human == []


def test_kwic_freq_agreement(store: Store) -> None:
    run(store, code_group, "apply")
    out = run(store, kwic_command, "Intervention Brigade", "--window", "2", "--by", "role")
    assert "[elected_member] S/PV.0001/s001" in out and "[Intervention Brigade]" in out
    rows = list(csv.DictReader(io.StringIO(run(store, freq_command, "--by", "role",
                                                 "--format", "csv"))))  # fmt: skip
    assert {"group", "code", "count", "per_10k_words"} <= set(rows[0])
    case = run(store, freq_command, "--by", "case", "--case", "drc-2013")
    assert "drc-2013" in case
    # the table says what its counts rest on; a machine format holds only the rows
    table = run(store, freq_command, "--by", "role")
    # the codes of a frame share its measurement: said once, for the frame, naming them
    errors = [line for line in table.splitlines() if line.startswith("measured error of")]
    assert len(errors) == len(set(errors))
    shared = [e for e in errors if "the dictionary of frame offensive_force, one" in e]
    assert len(shared) == 1 and "intervention_brigade" in shared[0]
    assert not any(e.startswith("measured error of intervention_brigade's") for e in errors)
    # the counts are of a resolution and speeches: those genres' measurements, no report's
    assert "on speeches: P " in table and "on reports: P " not in table
    assert "measured error" not in run(store, freq_command, "--by", "role", "--source", "human")
    # a frame counts the spans of its codes under its own name (overlapping ones once)
    frame = run(store, freq_command, "--code", "offensive_force", "--by", "doc_type")
    assert any(line.split()[1:2] == ["offensive_force"] for line in frame.splitlines()), frame
    assert "measured error of offensive_force" in frame and "never measured" not in frame
    members = json.loads(run(store, freq_command, "--by", "doc_type", "--format", "json",
                             "--code", "intervention_brigade", "--code", "neutralize_disarm",
                             "--code", "offensive_operations", "--code", "robust_posture",
                             "--code", "preemptive"))  # fmt: skip
    whole = json.loads(run(store, freq_command, "--by", "doc_type", "--format", "json",
                           "--code", "offensive_force"))  # fmt: skip
    for group in {r["group"] for r in whole}:
        total = sum(r["count"] for r in whole if r["group"] == group)
        assert 0 < total <= sum(r["count"] for r in members if r["group"] == group)
        units = next(r["units"] for r in whole if r["group"] == group)
        assert units <= sum(r["units"] for r in members if r["group"] == group)
    csv_out = CliRunner().invoke(freq_command, ["--by", "role", "--format", "csv"],
                                 obj=Context(str(store.path), False))  # fmt: skip
    assert "measured error" not in csv_out.output  # a machine format holds only the rows
    assert "code_a" in run(store, freq_command, "--table", "cooccurrence")
    assert "secretariat" in run(store, freq_command, "--table", "first")
    # --table first follows --code (a frame: the first use of any of its codes) and says how
    # far each first use holds, and what "first" can see
    firsts = run(store, freq_command, "--table", "first", "--code", "offensive_force")
    rows = [line for line in firsts.splitlines() if line.startswith("offensive_force ")]
    assert rows
    assert "never measured" not in firsts  # the frame's codes share one measurement
    resolution = next(line for line in rows if "S/RES/2098 (2013)" in line)
    # on resolutions, the mandate pool's recall flags offensive force too
    assert "unvalidated: recall 0.52 < 0.7 on mandate paragraphs" in resolution
    assert "on speeches: unvalidated" in firsts and "genre" in firsts
    assert "note: first within this project (" in firsts
    args = ["--table", "first", "--code", "poc", "--format", "csv"]
    machine = CliRunner().invoke(freq_command, args, obj=Context(str(store.path), False))
    as_csv = list(csv.DictReader(io.StringIO(machine.stdout)))  # the note goes to stderr
    assert as_csv and {r["code"] for r in as_csv} == {"poc"}
    # a code no codebook has is an error, not an empty table
    bad = CliRunner().invoke(freq_command, ["--code", "no_such_code"],
                             obj=Context(str(store.path), False))  # fmt: skip
    assert bad.exit_code != 0 and "'no_such_code': no codebook of the project has it" in (
        bad.output + str(bad.exception)
    )
    report = json.loads(run(store, agreement_command, "--format", "json"))
    assert report["units"] == 0 and report["rows"] == []


def test_convert_yaml_to_qdc(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "book.qdc"
    assert "wrote" in run(store, code_group, "convert", "stability-operations", str(target))
    assert import_qdc(target) == load_default_codebook()


def test_library_errors_surface_as_normtrace_errors(store: Store) -> None:
    result = CliRunner().invoke(code_group, ["undo", "--coder", "nobody"],
                                obj=Context(str(store.path), False))  # fmt: skip
    assert isinstance(result.exception, CodingError)  # the root group prints it as one line


def test_apply_scanners_give_the_same_spans_and_are_recorded(store: Store) -> None:
    def spans() -> list[tuple[object, ...]]:
        return [tuple(r) for r in store.conn.execute(
            "SELECT unit_key, start, \"end\", code, entry FROM auto_codings WHERE run_id = "
            "(SELECT MAX(run_id) FROM auto_codings) ORDER BY 1, 2, 3, 4, 5")]  # fmt: skip

    run(store, code_group, "apply", "--scanner", "automaton", "--no-progress")
    by_automaton = spans()
    run(store, code_group, "apply", "--scanner", "wordhash", "--progress")
    assert spans() == by_automaton and len(by_automaton) > 5
    scanners = [json.loads(r[0])["scanner"] for r in store.conn.execute(
        "SELECT params FROM runs WHERE stage = 'coding' ORDER BY id")]  # fmt: skip
    assert scanners == ["automaton", "wordhash"]


def test_a_first_use_a_coder_checked_is_the_coders_reading(store: Store) -> None:
    from normtrace.reuse import first_appearance

    run(store, code_group, "apply")
    args = ["--table", "first", "--code", "intervention_brigade", "--format", "json"]

    def firsts() -> list[dict[str, str]]:
        out = CliRunner().invoke(freq_command, args, obj=Context(str(store.path), False))
        assert out.exit_code == 0, out.output
        rows: list[dict[str, str]] = json.loads(out.stdout)  # the note goes to stderr
        return rows

    before = firsts()
    first = before[0]
    assert first["checked_by"] == "" and "validated" in first["trust"]
    listed = json.loads(run(store, code_group, "list", "--code", "intervention_brigade",
                            "--format", "json"))  # fmt: skip
    candidate = next(r for r in listed if r["unit_key"] == first["unit_key"])
    run(store, code_group, "verdict", str(candidate["id"]), "accept", "--coder", "ana")
    after = {r["role"]: r for r in firsts()}
    assert after[first["role"]]["trust"] == "checked by ana"
    assert after[first["role"]]["checked_by"] == "ana"
    # `first --code` says the same, and names it in its table
    found = first_appearance(store, code="intervention_brigade")
    o = next(o for o in found.by_role.values() if o.key == first["unit_key"])
    assert found.trust(o) == "checked by ana"
    assert "[checked by ana]" in found.render()


def test_a_frame_whose_codes_differ_judges_a_first_use_by_the_code_that_found_it() -> None:
    from normtrace.coding.counts import FirstAppearance
    from normtrace.coding.validity import CodeValidity, group_validity

    good = CodeValidity("neutralize_disarm", 0.95, 0.9, 120, "project run 7", positives=40)
    weak = CodeValidity("preemptive", 0.5, 0.4, 35, "project run 7", positives=12)
    measured = {"neutralize_disarm": good, "preemptive": weak}
    named = {"offensive_force": group_validity(
        measured, ["offensive_force", "neutralize_disarm", "preemptive"])}  # fmt: skip
    assert named["offensive_force"].source == ""  # the two codes share no measurement
    row = FirstAppearance("offensive_force", "secretariat", "2013-01-01", "S/2013/1", "S/2013/1/p1",
                          "neutralize", "report", member="neutralize_disarm")  # fmt: skip
    assert row.trust(named, measured) == "validated"
    weak_row = FirstAppearance("offensive_force", "state", "2013-01-02", "S/2013/2", "S/2013/2/p1",
                               "pre-empt", "", member="preemptive")  # fmt: skip
    assert weak_row.trust(named, measured).startswith("unvalidated: recall 0.40")
    checked = FirstAppearance("offensive_force", "state", None, "S/2013/2", "S/2013/2/p1", "x",
                              member="preemptive", checked_by="ana, ben")  # fmt: skip
    assert checked.trust(named, measured) == "checked by ana, ben"


def test_a_measurement_as_json_keeps_its_pool_and_positives(store: Store) -> None:
    from normtrace.coding.validity import project_validity

    run(store, code_group, "apply")
    measured = project_validity(store)
    data = measured["neutralize_disarm"].to_dict()
    assert data["labelled_positives"] and data["mandate_pool"]["recall"] is not None


def test_checked_means_this_span_accepted_and_still_counted(store: Store) -> None:
    run(store, code_group, "apply")
    listed = json.loads(run(store, code_group, "list", "--code", "neutralize_disarm",
                            "--format", "json"))  # fmt: skip
    s001 = next(r for r in listed if r["unit_key"] == "S/PV.0001/s001")
    run(store, code_group, "verdict", str(s001["id"]), "accept", "--coder", "ana")
    args = ["--table", "first", "--code", "offensive_force", "--format", "json"]

    def firsts() -> dict[str, dict[str, str]]:
        out = CliRunner().invoke(freq_command, args, obj=Context(str(store.path), False))
        assert out.exit_code == 0, out.output
        return {r["unit_key"]: r for r in json.loads(out.stdout)}

    # ana accepted neutralize_disarm in s001; the frame's first use there is another code's
    # span (intervention_brigade), which no one checked
    first = firsts()["S/PV.0001/s001"]
    assert first["member"] != "neutralize_disarm" and first["checked_by"] == ""
    # an accept is its coder's coding: another coder's reject is a disagreement (settled by
    # adjudication), not a withdrawal; the coder's own reject takes it back
    brigade = json.loads(run(store, code_group, "list", "--code", first["member"],
                             "--format", "json"))  # fmt: skip
    span = next(r for r in brigade if r["unit_key"] == "S/PV.0001/s001"
                and r["snippet"] == first["snippet"])  # fmt: skip
    run(store, code_group, "verdict", str(span["id"]), "accept", "--coder", "ana")
    assert firsts()["S/PV.0001/s001"]["checked_by"] == "ana"
    run(store, code_group, "verdict", str(span["id"]), "reject", "--coder", "ben")
    assert firsts()["S/PV.0001/s001"]["snippet"] == first["snippet"]
    run(store, code_group, "verdict", str(span["id"]), "reject", "--coder", "ana")
    # the rejected span leaves; the next one in s001 is the neutralize_disarm span ana accepted
    after = firsts()["S/PV.0001/s001"]
    assert (after["snippet"], after["member"], after["checked_by"]) == (
        "neutralize", "neutralize_disarm", "ana")  # fmt: skip


def test_code_list_says_each_candidates_status_and_verdicts(store: Store) -> None:
    """A new user could not tell from `code list` which candidates still count: it showed
    neither verdicts nor "done" marks."""
    from normtrace.coding.human.reviews import mark_done

    run(store, code_group, "apply")

    def listed() -> dict[int, dict[str, str]]:
        rows = json.loads(run(store, code_group, "list", "--limit", "500",
                              "--format", "json"))  # fmt: skip
        return {int(r["id"]): r for r in rows}

    rows = listed()
    assert rows and {r["status"] for r in rows.values()} == {"pending"}
    ids = sorted(rows)
    run(store, code_group, "verdict", str(ids[0]), "reject", "--coder", "ana")
    run(store, code_group, "verdict", str(ids[1]), "accept", "--coder", "bo")
    judged = {rows[ids[0]]["unit_key"], rows[ids[1]]["unit_key"]}
    third = next(i for i in ids[2:] if rows[i]["unit_key"] not in judged)
    target = rows[third]
    mark_done(store, coder="cy", codebook=str(target["codebook"]), unit_keys=[target["unit_key"]],
              codes=[str(target["code"])])  # fmt: skip
    rows = listed()
    assert (rows[ids[0]]["status"], rows[ids[0]]["verdicts"]) == ("rejected", "ana:reject")
    assert (rows[ids[1]]["status"], rows[ids[1]]["verdicts"]) == ("accepted", "bo:accept")
    assert rows[third]["status"] == "absent"
    # the statuses say what the counts hold
    counted = {int(r[0]) for r in store.conn.execute(
        "SELECT ref_id FROM codings WHERE source = 'auto'")}  # fmt: skip
    assert {i for i, r in rows.items() if r["status"] in ("pending", "accepted")} == counted


def test_code_list_shows_an_accept_the_current_run_no_longer_proposes(tmp_path: Path) -> None:
    """A coder's accept counted after a revised codebook stopped proposing its span, but `code
    list` listed the current run's candidates only: nobody could see, review or take back
    the coding that still counted. SYNTHETIC unit."""
    from normtrace.coding.codebook import Code, Codebook, Entry, Exclusion
    from normtrace.coding.counts import coded_spans
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.dictionary.candidates import NOT_PROPOSED
    from normtrace.coding.human.events import record_verdict
    from synthetic_docs import insert_document

    store = Store.open(tmp_path / "p.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic stabilization training.")])
    entry = (Entry("stabiliz*"),)
    book = Codebook(name="b", codes=(Code(id="x", name="X", entries=entry),))
    first = apply_codebook(store, book, progress=False)
    (cand,) = json.loads(run(store, code_group, "list", "--format", "json"))
    record_verdict(store, coder="ana", auto_coding_id=int(cand["id"]), verdict="accept")
    revised = Codebook(name="b", codes=(Code(id="x", name="X", entries=entry,
                                             excludes=(Exclusion("training", 2),)),))  # fmt: skip
    apply_codebook(store, revised, progress=False)
    (row,) = json.loads(run(store, code_group, "list", "--format", "json"))
    assert (row["id"], row["status"], row["verdicts"]) == (cand["id"], NOT_PROPOSED, "ana:accept")
    assert (row["run"], row["codebook_version"]) == (first.run_id, first.version)
    assert row["snippet"] == "stabilization" and NOT_PROPOSED in run(store, code_group, "list")
    # another coder's reject is a disagreement: ana's coding stays; her own reject takes it
    # back: it leaves the list and the counts
    run(store, code_group, "verdict", str(row["id"]), "reject", "--coder", "bo")
    assert len(json.loads(run(store, code_group, "list", "--format", "json"))) == 1
    run(store, code_group, "verdict", str(row["id"]), "reject", "--coder", "ana")
    assert json.loads(run(store, code_group, "list", "--format", "json")) == []
    assert coded_spans(store, "human") == []


def test_code_list_says_when_it_cut_the_list_and_limit_0_lists_all(store: Store) -> None:
    """A new user's months: the default limit cut the list with no word, and --limit 0
    listed nothing."""
    run(store, code_group, "apply")
    result = CliRunner().invoke(
        code_group, ["list", "--limit", "2", "--format", "json"],
        obj=Context(str(store.path), False))  # fmt: skip
    assert len(json.loads(result.stdout)) == 2
    assert "listed the first 2 rows; --limit 0 lists all" in result.stderr
    every = json.loads(run(store, code_group, "list", "--limit", "0", "--format", "json"))
    assert len(every) > 2
    result = CliRunner().invoke(
        code_group, ["list", "--limit", str(len(every)), "--format", "json"],
        obj=Context(str(store.path), False))  # fmt: skip
    assert len(json.loads(result.stdout)) == len(every) and "listed the" not in result.stderr
