"""Every message that names a dictionary candidate names it as ``code list`` shows it
(``c24``), which ``code verdict`` takes back (F8 of the s46 new user: `code done` refused with
"..., ids 24" while `code list` printed c24; a model suggestion is numbered apart, so a bare
24 names one of each).

The project is SYNTHETIC (symbol SYN/46, made-up text).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from normtrace.cli import cli
from normtrace.coding.dictionary.candidates import unit_candidates
from normtrace.coding.human import events
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store
from synthetic_suggestions import pending_project

U1 = "SYN/46/op1"
TEXTS = {U1: "Synthetic: protect people and protect sites.", "SYN/46/op2": "Synthetic budget."}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return pending_project(tmp_path / "p.db", "SYN/46", TEXTS)


def nt(project: Path, *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["--project", str(project), *args])
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def listed_ids(project: Path) -> list[str]:
    """The ids of the candidates on U1 as `code list` (table) shows them."""
    table = nt(project, "code", "list", "--unit", U1).stdout.splitlines()[2:]
    return [line.split()[0] for line in table]


def test_code_done_refusal_names_the_ids_code_list_shows(project: Path) -> None:
    shown = listed_ids(project)
    assert len(shown) == 2 and all(re.fullmatch(r"c\d+", i) for i in shown)
    refused = nt(project, "code", "done", U1, "--codebook", "syn", "--coder", "ana", code=1)
    said = refused.stderr
    assert f"2 pending machine suggestions (poc \u00d72), {' '.join(shown)})" in said
    assert "ids " not in said
    # the id as named is the one `code verdict` takes
    judged = nt(project, "code", "verdict", shown[0], "reject", "--coder", "ana")
    assert judged.stdout.startswith("event ")
    with Store.open(project) as store:
        (first,) = [c for c in unit_candidates(store, U1, coder="ana")
                    if f"c{c.id}" == shown[0]]  # fmt: skip
        assert first.status == "rejected"


def test_remove_code_hint_and_verdict_errors_name_the_candidate_as_code_list_does(
    project: Path,
) -> None:
    (shown, _) = listed_ids(project)
    nt(project, "code", "verdict", shown, "accept", "--coder", "ana")
    with Store.open(project) as store:
        (accepted,) = [c for c in unit_candidates(store, U1, coder="ana") if c.status == "accepted"]
        with pytest.raises(CodingError) as caught:
            events.remove_code(store, coder="ana", unit_key=U1, start=accepted.start,
                               end=accepted.end, code="poc")  # fmt: skip
        said = str(caught.value)
        assert f"their accept of candidate {shown}:" in said
        assert f"`normtrace code verdict {shown} reject --coder ana`" in said
        with pytest.raises(NotFoundError, match=r"no candidate 'c9999' in the project"):
            events.record_verdict(store, coder="ana", auto_coding_id=9999, verdict="accept")
    # the command the hint gives runs as written
    hint = re.search(r"`normtrace (code verdict [^`]+)`", said)
    assert hint is not None
    nt(project, *hint[1].split())
    with Store.open(project) as store:
        now = {c.status for c in unit_candidates(store, U1, coder="ana")}
    assert now == {"pending", "rejected"}
