"""``code precision`` printed "(nothing)" to a new user who had imported codings: it counts the
coders' accept/reject verdicts on dictionary candidates only. With no row it says in one line
what is missing and what to do (apply the codebook, judge candidates, or score the dictionary
against the codings made by hand with ``code validate --no-model``); a mistyped codebook is
named as such.

Every text, document and codebook here is SYNTHETIC (made up for tests, not UN text).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.human.events import record_verdict
from normtrace.store.db import Store
from synthetic_docs import insert_document


def _book(*words: str) -> Codebook:
    return Codebook(
        name="synth", codes=(Code(id="poc", name="P", entries=tuple(map(Entry, words))),)
    )


def _project(tmp: Path, *, apply: bool = True) -> Path:
    path = tmp / "p.db"
    with Store.open(path) as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/1", [
                ("SYN/1/op1", "op", "Synthetic words: protect the synthetic valley."),
                ("SYN/1/op2", "op", "Synthetic words: shield the synthetic hills."),
                ("SYN/1/op3", "op", "Synthetic words: budget and staff."),
            ])  # fmt: skip
        register_codebook(store, _book("protect*"))
        if apply:
            apply_codebook(store, _book("protect*"), progress=False)
    return path


def _precision(path: Path, *more: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["--project", str(path), "code", "precision", *more])
    assert result.exit_code == code, result.output
    return result


JUDGE = "accept or reject them (`normtrace code verdict ID accept|reject`, the ids from " \
    "`normtrace code list`)"  # fmt: skip


def test_no_verdicts_says_what_is_missing_and_what_to_do(tmp_path: Path) -> None:
    path = _project(tmp_path)
    out = _precision(path)
    assert "(nothing)" not in out.output
    assert out.stdout == (f"no accept/reject verdict yet on the 1 dictionary candidate(s) "
                          f"(precision here counts verdicts only): {JUDGE}\n")  # fmt: skip
    # codings made by hand: code validate --no-model scores the dictionary against them
    (tmp_path / "c.csv").write_text("unit_key,code\nSYN/1/op2,poc\nSYN/1/op3,\n", encoding="utf-8")
    CliRunner().invoke(cli, ["--project", str(path), "code", "import", str(tmp_path / "c.csv"),
                             "--codebook", "synth", "--coder", "ana"])  # fmt: skip
    hand = _precision(path, "--codebook", "synth")
    assert hand.stdout.rstrip().endswith(
        "or score the dictionary against the 2 unit(s) coded or marked done by hand: "
        "`normtrace code validate --codebook synth --no-model`"
    )
    assert hand.stdout.startswith("no accept/reject verdict yet on the 1 dictionary candidate(s) "
                                  "of synth")  # fmt: skip
    # CSV and JSON: the data alone on standard output, the line on standard error
    table = _precision(path, "--format", "csv")
    assert table.stdout == "code,codebook,judged,accepted,rejected,precision,low,high\n"
    assert table.stderr.startswith("no accept/reject verdict yet")
    assert _precision(path, "--format", "json").stdout.strip() == "[]"


def test_no_candidates_says_apply_the_codebook(tmp_path: Path) -> None:
    path = _project(tmp_path, apply=False)
    assert _precision(path).stdout == (
        "no dictionary candidates to judge: apply the codebook first (`normtrace code apply "
        f"synth`), then {JUDGE}\n"
    )


def test_verdicts_on_words_no_longer_proposed_are_named(tmp_path: Path) -> None:
    path = _project(tmp_path)
    with Store.open(path) as store:
        (cid,) = [int(r[0]) for r in store.conn.execute("SELECT id FROM current_auto_codings")]
        record_verdict(store, coder="ana", auto_coding_id=cid, verdict="reject")
        apply_codebook(store, _book("shield*"), progress=False)
    said = _precision(path).stdout
    assert said.startswith("the 1 verdict(s) judged words the current entries no longer propose")
    assert _precision(path, "--version", "000000000000", code=1).stderr.startswith(
        "error: no codebook version '000000000000'"
    )


def test_a_mistyped_codebook_is_no_empty_table(tmp_path: Path) -> None:
    path = _project(tmp_path)
    out = _precision(path, "--codebook", "synht", code=1)
    assert "no codebook 'synht' in the project; its codebooks: synth" in out.stderr
