"""One vocabulary of roles (:data:`normtrace.actors.authors.ROLES`) in every command's output:
stop 43 had ``freq`` and ``kwic --by role`` name a resolution's paragraph ``(resolution)``, a
presidential statement's ``(prst)`` and a letter's ``(letter)`` where ``first`` said
``resolution``, ``presidential_statement`` and ``letter``, and ``provenance`` named its direct
sources by their relation (``speech``, ``other``) instead. Every text here is SYNTHETIC."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli.base import Context
from normtrace.cli.counts import freq_command, kwic_command
from normtrace.cli.reuse import first_command, provenance_command
from normtrace.store.db import Store

#: SYNTHETIC wording every document carries
WORDS = (
    "the synthetic mission should conduct robust patrols in the synthetic capital together "
    "with the national police of Syntheticland and report every three months"
)
PHRASE = "robust patrols"
RESOLUTION = "S/RES/9999 (2099)"
#: each unit that uses the phrase and the role every command must give it
EXPECTED = {
    "S/2099/100/p1": "secretariat",
    "S/2099/150/p1": "letter",
    "S/PV.9999/p1": "other",  # a meeting record's paragraph outside its speeches
    "S/PV.9999/s001": "elected_member",
    "S/PRST/2099/1/p1": "presidential_statement",
    f"{RESOLUTION}/op1": "resolution",
}


def _document(store: Store, symbol: str, doc_type: str, title: str, date: str, text: str,
              *, tag: str = "p", speech: str | None = None) -> None:  # fmt: skip
    from normtrace.parse.model import Document, Paragraph, Speech
    from normtrace.store.writer import SourceRecord, save_document

    kind = "operative" if tag == "op" else "numbered"
    para = Paragraph(f"{symbol}/{tag}1", kind, text, 1, number="1")
    speeches = (
        (Speech(f"{symbol}/s001", 1, "Ms. Alpha", speech, affiliation="Syntheticland"),)
        if speech
        else ()
    )
    doc = Document(symbol, doc_type, "synthetic.v1", title=title, date=date, year=int(date[:4]),
                   paragraphs=(para,), speeches=speeches,
                   meeting=symbol if doc_type == "verbatim" else None)  # fmt: skip
    digest = hashlib.sha256(symbol.encode()).hexdigest()
    save_document(store, doc, SourceRecord(f"synthetic:{symbol}", digest, 1, "text/plain", "test"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report, a letter, a meeting record (a paragraph and a speech), a presidential
    statement and a resolution, all with the same wording; the speaker's role recorded as
    the actors stage would; reuse run."""
    from normtrace.reuse.store_reuse import update_reuse

    path = tmp_path_factory.mktemp("roles") / "p.db"
    with Store.open(path) as store:
        _document(store, "S/2099/100", "report",
                  "Report of the Secretary-General on Syntheticland (SYNTHETIC)", "2099-01-10",
                  f"SYNTHETIC. We think {WORDS}.")  # fmt: skip
        _document(store, "S/2099/150", "letter", "Letter dated 1 February 2099 (SYNTHETIC)",
                  "2099-02-01", f"SYNTHETIC. My Government asks that {WORDS}.")  # fmt: skip
        _document(store, "S/PV.9999", "verbatim", "The situation in Syntheticland (SYNTHETIC)",
                  "2099-03-01", f"SYNTHETIC agenda: {WORDS}.",
                  speech=f"SYNTHETIC. We support that {WORDS}.")  # fmt: skip
        _document(store, "S/PRST/2099/1", "prst", "Statement by the President (SYNTHETIC)",
                  "2099-04-01", f"SYNTHETIC. The Council agrees that {WORDS}.")  # fmt: skip
        _document(store, RESOLUTION, "resolution", "Resolution 9999 (SYNTHETIC)", "2099-06-01",
                  f"Decides that {WORDS};", tag="op")  # fmt: skip
        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO speech_roles (speech_key, document, role, method) "
                "VALUES ('S/PV.9999/s001', 'S/PV.9999', 'elected_member', 'test')"
            )
        update_reuse(store)
    return path


def _run(path: Path, command, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(command, list(args), obj=Context(str(path), False))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_vocabulary_names_every_role_once_with_a_label() -> None:
    from normtrace.actors.authors import (
        DOCUMENT_ROLES,
        ROLE_LABELS,
        ROLES,
        SPEECH_ROLES,
        WORD_ROLES,
    )
    from normtrace.reuse.reported import REPORTED

    assert set(ROLES) == set(SPEECH_ROLES) | set(DOCUMENT_ROLES) | set(WORD_ROLES)
    assert set(ROLES) == set(ROLE_LABELS)
    assert not any(r.startswith("(") for r in ROLES)
    # the role first, provenance and the aggregate give reported speech is in the vocabulary
    assert REPORTED in ROLES


def test_freq_and_kwic_by_role_name_roles_as_first_does(project: Path) -> None:
    first = json.loads(_run(project, first_command, PHRASE, "--json"))
    by_first = {o["key"]: role for role, o in first["first_by_role"].items()}
    assert by_first == EXPECTED
    freq = _run(project, freq_command, "--query", PHRASE, "--by", "role", "--format", "csv")
    rows = {r["group"]: int(r["count"]) for r in csv.DictReader(io.StringIO(freq))}
    assert rows == dict.fromkeys(EXPECTED.values(), 1)
    kwic = _run(project, kwic_command, PHRASE, "--by", "role", "--window", "1")
    by_kwic = dict(re.findall(r"^\[(\S+)\] (\S+(?: \(\d{4}\)/\S+)?)", kwic, re.MULTILINE))
    assert {key: role for role, key in by_kwic.items()} == EXPECTED


def test_provenance_names_its_sources_by_role(project: Path) -> None:
    out = _run(project, provenance_command, f"{RESOLUTION}/op1")
    direct = out.split("chain (within the mission):")[0]
    found = dict(re.findall(r"^\s+\S+\s+(\S+)\s+\[([^\]]+)\]", direct, re.MULTILINE))
    assert found == {k: r for k, r in EXPECTED.items() if not k.startswith(RESOLUTION)}
