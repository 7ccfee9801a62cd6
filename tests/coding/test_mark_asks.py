"""The one rule of a coder's "done" (:mod:`normtrace.coding.human.mark_asks`): a mark that
would read pending suggestions as not applying is made only when confirmed; ``normtrace code
done`` refuses it without ``--confirm``, in one line naming them, and writes nothing (it
marked at once). Documents and codebook are SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.dictionary.candidates import unit_candidates
from normtrace.errors import CodingError
from normtrace.store.db import Store
from synthetic_suggestions import pending_project

U1, U2, U3 = "SYN/45/op1", "SYN/45/op2", "SYN/45/op3"
TEXTS = {
    U1: "SYNTHETIC: to protect synthetic villages and to protect synthetic camps;",
    U2: "SYNTHETIC: to secure a synthetic road;",
    U3: "SYNTHETIC: takes note of synthetic weather;",
}


def _marks(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM coding_reviews").fetchone()[0])


def _ids(store: Store, key: str) -> list[int]:
    return [c.id for c in unit_candidates(store, key, coder="ana")]


def test_the_library_refuses_a_mark_deciding_pending_suggestions(tmp_path: Path) -> None:
    from normtrace.coding.human.mark_asks import SuggestionsPending, mark_done_asking

    with Store.open(pending_project(tmp_path / "p.db", "SYN/45", TEXTS)) as store:
        ask = {"coder": "ana", "codebook": "syn"}
        with pytest.raises(SuggestionsPending) as caught:
            mark_done_asking(store, unit_keys=[U3, U1, U2], **ask)
        assert _marks(store) == 0  # every key checked before anything is written
        assert set(caught.value.found) == {U1, U2}
        said = str(caught.value)
        assert f"{U1}: 2 pending machine suggestions (poc \u00d72)" in said
        assert f"{U2}: 1 pending machine suggestion (sec)" in said
        assert said.endswith("or pass confirm=True to mark anyway") and "\n" not in said
        # confirmed with the ids shown: made; a mark for a code nothing pends for: at once
        shown = _ids(store, U1) + _ids(store, U2)
        made = mark_done_asking(store, unit_keys=[U3, U1, U2], confirm=shown, **ask)
        assert made.marked == 3 and sorted(made.decided_ids) == sorted(shown)
        assert {c.status for k in (U1, U2) for c in unit_candidates(store, k, coder="ana")} == {
            "absent"
        }
        # a coder not shown the machine's suggestions is not asked
        made = mark_done_asking(store, coder="bo", codebook="syn", unit_keys=[U1], shown=False)
        assert made.marked == 1 and made.decided == {}
        with pytest.raises(CodingError, match="coder name is required"):
            mark_done_asking(store, coder=" ", codebook="syn", unit_keys=[U1])


def test_cli_done_refuses_without_confirm_and_marks_with_it(tmp_path: Path) -> None:
    db = pending_project(tmp_path / "p.db", "SYN/45", TEXTS)
    runner = CliRunner()
    base = ["--project", str(db), "code", "done", U1, "--codebook", "syn", "--coder", "ana"]
    out = runner.invoke(cli, base)
    assert out.exit_code == 1 and len(out.output.strip().splitlines()) == 1, out.output
    assert "2 pending machine suggestions (poc \u00d72)" in out.output
    assert "pass --confirm to mark anyway" in out.output
    with Store.open(db) as store:
        assert _marks(store) == 0
    out = runner.invoke(cli, [*base, "--confirm"])
    assert out.exit_code == 0, out.output
    assert out.output.strip() == (
        "1 unit mark(s) marked done for syn by ana; 2 pending machine suggestions (poc \u00d72) "
        "now count as not applying"
    )
    # nothing pending: marked at once; a withdrawal asks nothing
    out = runner.invoke(cli, [*base[:4], U3, *base[5:]])
    assert out.exit_code == 0 and "1 unit mark(s) marked done" in out.output, out.output
    out = runner.invoke(cli, [*base, "--undo"])
    assert out.exit_code == 0 and "1 unit mark(s) withdrawn" in out.output, out.output
