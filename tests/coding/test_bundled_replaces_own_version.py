"""`code apply --bundled` in place of a version of the project's own (an edit of the default
codebook) says, in one line, which version stops being the one `code apply` uses and the command
that takes it back (`code apply NAME --version V`), and refuses without --force when human
codings of that version are of codes the bundled version lacks (stop 46 replaced it with a bare
note naming neither what it meant nor the way back). The edit, document and coder are
SYNTHETIC."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.apply_choice import codebook_to_apply
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human import events
from normtrace.coding.human.reviews import codebook_version
from normtrace.errors import CodingError
from normtrace.store.db import Store
from synthetic_docs import insert_document

UNIT = "SYN/1/op1"


def _edited(store: Store, *, extra: bool) -> Codebook:
    """The default codebook as edited in this SYNTHETIC project: a new label, and with
    ``extra`` a code of its own, coded once by ana."""
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [(UNIT, "op", "Synthetic text about an invented mission.")])
    bundled = load_default_codebook()
    codes = bundled.codes + ((Code(id="syn_extra", name="SYNTHETIC extra"),) if extra else ())
    edited = Codebook(name=bundled.name, label="SYNTHETIC edit", codes=codes,
                      frames=bundled.frames)  # fmt: skip
    register_codebook(store, edited)
    if extra:
        events.add_code(store, coder="ana", unit_key=UNIT, start=0, end=9, code="syn_extra",
                        codebook=bundled.name)  # fmt: skip
    return edited


def test_bundled_in_place_of_an_edit_names_it_and_the_way_back(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    edited = _edited(store, extra=False)
    bundled = load_default_codebook()
    book, note = codebook_to_apply(store, None, bundled=True)
    assert book.version == bundled.version
    assert note == (
        f"the project's version {edited.version} of {bundled.name} (not the bundled one: your "
        f"edit, or an earlier release's) stops being the one `code apply` uses: the bundled "
        f"{bundled.version} is applied in its place, nothing is deleted; `normtrace code apply "
        f"{bundled.name} --version {edited.version}` takes it back"
    )
    assert "\n" not in note


def test_bundled_is_refused_where_human_codings_are_of_codes_it_lacks(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    edited = _edited(store, extra=True)
    with pytest.raises(CodingError) as refused:
        codebook_to_apply(store, None, bundled=True)
    said = str(refused.value)
    assert f"the project's version {edited.version}" in said
    assert "holds 1 human coding(s) of codes the bundled" in said and "syn_extra (1)" in said
    assert "pass --force" in said and f"--version {edited.version}` takes it back" in said
    book, note = codebook_to_apply(store, None, bundled=True, force=True)
    assert book.version == load_default_codebook().version
    assert "1 human coding(s) of codes it lacks stay in the project" in note


def _cli(db: Path, *args: str) -> tuple[int, str]:
    out = CliRunner().invoke(cli, ["--project", str(db), *args])
    return out.exit_code, out.output


def test_the_command_refuses_warns_with_force_and_takes_the_edit_back(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    with Store.open(db) as store:
        edited = _edited(store, extra=True)
    name = edited.name
    code, out = _cli(db, "code", "apply", "--bundled")
    assert code == 1 and "syn_extra (1)" in out and "pass --force" in out, out
    with Store.open(db) as store:
        assert codebook_version(store, name) == edited.version  # nothing applied
    code, out = _cli(db, "code", "apply", "--bundled", "--force")
    assert code == 0, out
    (line,) = [x for x in out.splitlines() if x.startswith("warning: the project's version")]
    assert re.search(rf"--version {edited.version}` takes it back$", line), line
    with Store.open(db) as store:
        assert codebook_version(store, name) == load_default_codebook().version
    code, out = _cli(db, "code", "apply", name, "--version", edited.version)
    assert code == 0 and f"{name}@{edited.version}" in out, out
    with Store.open(db) as store:
        assert codebook_version(store, name) == edited.version
        # ana's coding was never touched
        assert [h.code for h in events.human_codings(store)] == ["syn_extra"]
