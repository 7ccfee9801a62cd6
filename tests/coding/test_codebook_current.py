"""The current version of a codebook is the one last put in use (issue 12).

A new user applied version 3 of a codebook (which renamed a code), then version 2's file again:
version 3 stayed current, so exports left out the renamed code's codings, agreement counted it
on one unit instead of 27, and the "codes no longer in the codebook" warning stayed; a bare
`code apply` replaced the project's edited codebook with the bundled one without a word.
Codebooks here are SYNTHETIC.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
from normtrace.coding.exchange.codings import codebook_to_apply
from normtrace.coding.exchange.yamlio import dump_codebook, load_default_codebook
from normtrace.coding.human.reviews import codebook_version
from normtrace.store.db import Store, migrations
from synthetic_docs import insert_document


def _book(*codes: str) -> Codebook:
    return Codebook(name="b", codes=tuple(Code(id=c, name=c.upper(), entries=()) for c in codes))


def _cli(path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--project", str(path), *args])
    return result.exit_code, result.output


def test_applying_an_earlier_version_again_makes_it_current(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path) as store, store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic text.")])
    v2, v3 = tmp_path / "v2.yaml", tmp_path / "v3.yaml"
    v2.write_text(dump_codebook(_book("x", "r2p")), encoding="utf-8")
    v3.write_text(dump_codebook(_book("x", "resp_to_protect")), encoding="utf-8")
    for f in (v2, v3, v2):
        code, out = _cli(path, "code", "apply", str(f))
        assert code == 0, out
    with Store.open(path) as store:
        assert codebook_version(store, "b") == _book("x", "r2p").version
        assert {c.id for c in stored_codebook(store, "b").codes} == {"x", "r2p"}
    code, out = _cli(path, "code", "add", "SYN/1/op1", "0", "9", "r2p", "--coder", "ana")
    assert code == 0, out
    code, out = _cli(path, "code", "apply", str(v2))  # again: no warning of removed codes
    assert code == 0 and "no longer" not in out, out
    # a name applies the project's current version, not the bundled or the latest registered
    code, out = _cli(path, "code", "apply", "b")
    assert code == 0 and "b@" + _book("x", "r2p").version in out, out


def test_a_bare_apply_keeps_the_projects_version_of_the_default_codebook(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    bundled = load_default_codebook()
    edited = Codebook(name=bundled.name, label="SYNTHETIC edit", codes=bundled.codes,
                      frames=bundled.frames)  # fmt: skip
    register_codebook(store, edited)
    book, note = codebook_to_apply(store, None)
    assert book.version == edited.version and "--bundled" in note
    book, note = codebook_to_apply(store, None, bundled=True)
    assert book.version == bundled.version and edited.version in note
    # a project without it gets the bundled one, with nothing to say
    fresh = Store.open(tmp_path / "fresh.db")
    assert codebook_to_apply(fresh, None) == (bundled, "")


def test_an_import_naming_an_older_version_does_not_make_it_current(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    old, new = _book("x"), _book("x", "y")
    register_codebook(store, old)
    register_codebook(store, new)
    register_codebook(store, old, use=False)
    assert codebook_version(store, "b") == new.version
    register_codebook(store, old)
    assert codebook_version(store, "b") == old.version
    # a version the project never saw is put in use (an import's codings are of its codes)
    register_codebook(store, _book("x", "y", "z"), use=False)
    assert codebook_version(store, "b") == _book("x", "y", "z").version


def test_a_project_of_schema_13_keeps_its_latest_registered_version_current(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v13.db"
    conn = sqlite3.connect(path)
    for number, _name, sql in migrations()[:13]:
        conn.executescript(sql)
        conn.execute(f"PRAGMA user_version = {number}")
    for i, version in enumerate(("v1", "v2")):
        conn.execute(
            "INSERT INTO codebooks (name, version, sha256, yaml, created_at) VALUES "
            "('b', ?, ?, 'name: b', ?)",
            (version, f"sha{i}", f"2026-01-0{i + 1}T00:00:00Z"),
        )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version() == len(migrations()) >= 14
        assert codebook_version(store, "b") == "v2"
        assert store.conn.execute("SELECT count(*) FROM codebook_uses").fetchone()[0] == 2


def test_a_retired_code_is_refused_and_a_coder_undoes_only_their_own_work(tmp_path: Path) -> None:
    """A new user coded with a code only an abandoned version had (its codings then fell out of
    exports), and `code undo 5 --coder ben` undid ana's event 5, recorded as ben's."""
    import pytest

    from normtrace.coding.human.events import add_code
    from normtrace.coding.human.undo import undo_event as undo
    from normtrace.errors import CodingError

    store = Store.open(tmp_path / "p.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic text.")])
    register_codebook(store, _book("x", "resp_to_protect"))
    register_codebook(store, _book("x", "r2p"))
    with pytest.raises(CodingError, match="in no codebook's current version"):
        add_code(store, coder="ana", unit_key="SYN/1/op1", start=0, end=9, code="resp_to_protect")
    event = add_code(store, coder="ana", unit_key="SYN/1/op1", start=0, end=9, code="r2p")
    with pytest.raises(CodingError, match="is ana's, not ben's"):
        undo(store, coder="ben", event_id=event.id)
    assert undo(store, coder="ana", event_id=event.id).target_event == event.id


def test_a_mistyped_code_coder_or_unit_is_an_error_not_an_empty_answer(tmp_path: Path) -> None:
    """`kwic --code pocc`, `agreement --coder anna` and `code list --unit nonsense` printed
    nothing and exited 0, while `freq` named the codes it has."""
    path = tmp_path / "p.db"
    with Store.open(path) as store, store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic text.")])
    with Store.open(path) as store:
        register_codebook(store, _book("x"))
    assert _cli(path, "code", "add", "SYN/1/op1", "0", "9", "x", "--coder", "ana")[0] == 0
    for args, said in [
        (("kwic", "--code", "pocc"), "--code 'pocc': no codebook of the project has it"),
        (("agreement", "--code", "pocc"), "--code 'pocc'"),
        (("agreement", "--coder", "anna", "--coder", "ana"), "no coder anna in the project"),
        (("code", "list", "--code", "pocc"), "--code 'pocc'"),
        (("code", "list", "--unit", "nonsense"), "nonsense"),
    ]:
        code, out = _cli(path, *args)
        assert code != 0 and said in out, (args, out)


def test_a_retired_code_with_codings_can_still_be_looked_up(tmp_path: Path) -> None:
    """The typo check refused `kwic --code r2p` after a version renamed r2p, although the
    project held r2p codings the apply warning told the researcher about."""
    from normtrace.coding.human.events import add_code
    from normtrace.coding.kwic import kwic

    store = Store.open(tmp_path / "p.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic text.")])
    register_codebook(store, _book("x", "r2p"))
    add_code(store, coder="ana", unit_key="SYN/1/op1", start=0, end=9, code="r2p")
    register_codebook(store, _book("x", "resp_to_protect"))
    assert [x.unit_key for x in kwic(store, code="r2p")] == ["SYN/1/op1"]
