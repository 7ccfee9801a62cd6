"""Codebook model, YAML loader (errors with file and line) and pattern syntax."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.patterns import (
    PatternSyntaxError,
    compile_pattern,
    expand_alternatives,
)
from normtrace.coding.exchange.yamlio import (
    dump_codebook,
    load_codebook,
    load_default_codebook,
    loads_codebook,
)
from normtrace.errors import CodebookError

GOOD = """\
name: demo
codes:
  - id: force
    name: Offensive force
    codable: false
  - id: ops
    name: Offensive operations
    parent: force
    entries:
      - offensive operation*
      - near: [force, offensive]
        within: 5
    exclude:
      - non-use of force
      - pattern: self-defence
        within: 3
      - pattern: refrain from
        within: 4
        side: before
"""


def test_loads_hierarchy_entries_and_exclusions() -> None:
    book = loads_codebook(GOOD)
    assert [c.id for c in book.codes] == ["force", "ops"]
    ops = book.get("ops")
    assert ops.parent == "force" and not book.get("force").codable
    assert ops.entries[1].near == ("force", "offensive") and ops.entries[1].within == 5
    assert ops.excludes[1].within == 3 and ops.excludes[1].side == "both"
    assert ops.excludes[2].side == "before"
    again = loads_codebook(dump_codebook(book))
    assert again.get("ops").excludes == ops.excludes
    assert again.matching == book.matching
    both = loads_codebook(GOOD.replace("        side: before\n", ""))
    assert both.matching != book.matching  # the side decides what is coded
    assert ops.line == 6 and ops.entries[0].line == 10
    assert [c.id for c in book.descendants("force")] == ["ops"]
    assert book.ancestors("ops") == ["force"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD.replace("    parent: force", "    parnet: force"), 8, "unknown field 'parnet'"),
        (GOOD.replace("parent: force", "parent: nothing"), 6, "'nothing' of code 'ops' is not"),
        (GOOD.replace("offensive operation*", "neutra*li"), 10, "'*' may only end a word"),
        (GOOD.replace("offensive operation*", "of*"), 10, "shorter than 3"),
        (GOOD.replace("within: 5", "within: five"), 12, "whole number"),
        (GOOD.replace("  - id: ops", "  - id: force"), 6, "used twice"),
        (GOOD.replace("offensive operation*", "all (means|measures"), 10, "unclosed"),
        (GOOD.replace("side: before", "side: left"), 19, "'side' must be one of both"),
        (GOOD + "  - [oops\n", 21, "not valid YAML"),
        ("name: demo\n", 1, "needs 'name' and 'codes'"),
    ],
)
def test_errors_name_file_line_and_problem(text: str, line: int, words: str) -> None:
    with pytest.raises(CodebookError) as info:
        loads_codebook(text, path="book.yaml")
    assert info.value.path == "book.yaml"
    assert info.value.line == line
    assert words in str(info.value)
    assert str(info.value).startswith(f"book.yaml:{line}: ")


def test_missing_file_is_a_codebook_error(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="cannot read codebook"):
        load_codebook(tmp_path / "absent.yaml")


def test_dump_loads_back_equal_and_version_is_content_hash() -> None:
    book = loads_codebook(GOOD)
    again = loads_codebook(dump_codebook(book))
    assert again == book
    assert again.version == book.version
    reformatted = loads_codebook(GOOD.replace("name: demo", "# a comment\nname:   demo"))
    assert reformatted.version == book.version
    changed = loads_codebook(GOOD.replace("within: 5", "within: 6"))
    assert changed.version != book.version


def test_default_codebook_covers_the_question() -> None:
    book = load_default_codebook()
    ids = {c.id for c in book.codes}
    assert {
        "poc",
        "r2p",
        "offensive_operations",
        "neutralize_disarm",
        "intervention_brigade",
        "robust_posture",
        "all_necessary",
        "stabilization",
        "preemptive",
        "consent",
        "impartiality",
        "nonuse_of_force",
        "reason_giving",
        "lessons_invoked",
        "sg_assessment",
        "convinced_persuaded",
        "conditional_support",
    } <= ids
    for code in book.codes:
        assert code.definition, code.id
        if code.codable:
            assert code.entries, code.id
            assert code.sources or book.get(code.parent or "").sources, code.id


def test_default_codebook_readme_documents_every_code() -> None:
    readme = Path(str(load_default_codebook().path)).with_name("README.md").read_text("utf-8")
    for code in load_default_codebook().codes:
        assert f"`{code.id}`" in readme, code.id


def test_pattern_alternatives_wildcards_and_hyphens() -> None:
    assert expand_alternatives("all necessary (means|measures)") == [
        "all necessary means",
        "all necessary measures",
    ]
    keys = {p.key for p in compile_pattern("Self-Defence")}
    assert keys == {"self defence", "selfdefence"}
    (wild,) = compile_pattern("neutrali* armed group*")
    assert (wild.key, wild.open_end) == ("neutrali", True)
    assert wild.rest == (("armed", False), ("group", True))
    with pytest.raises(PatternSyntaxError):
        compile_pattern("(a|(b|c))")
    with pytest.raises(PatternSyntaxError):
        compile_pattern("(a|b|c) (d|e|f) (g|h|i) (j|k|l)")


def test_codebook_value_checks_parents_come_first() -> None:
    with pytest.raises(CodebookError, match="must be listed before"):
        Codebook(name="x", codes=(Code(id="b", name="B", parent="a"), Code(id="a", name="A")))
    book = Codebook(name="x", codes=(Code(id="a", name="A", entries=(Entry(pattern="a b"),)),))
    with pytest.raises(CodebookError, match="codes: a"):
        book.get("zzz")


def test_a_proximity_entry_is_shown_as_the_yaml_that_writes_it() -> None:
    """`code list` and the web showed `force ~5~ offensive`, which, pasted into a codebook,
    loaded and matched nothing (a new user's report); the label now loads back as the rule."""
    entry = loads_codebook(GOOD).get("ops").entries[1]
    assert entry.label() == '{near: ["force", "offensive"], within: 5}'
    odd = Entry(near=("no", "fly: zone"), within=3)  # YAML would read no as false
    assert (
        loads_codebook(GOOD.replace("- offensive operation*", f"- {odd.label()}"))
        .get("ops")
        .entries[0]
        == odd
    )
    pasted = loads_codebook(GOOD.replace(
        "      - near: [force, offensive]\n        within: 5\n", f"      - {entry.label()}\n"
    ))  # fmt: skip
    assert pasted.get("ops").entries[1] == entry


def test_a_tilde_pattern_is_refused_on_registration_but_a_stored_one_still_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`a ~N~ b` (an old tutorial's proximity) loaded and matched nothing. A codebook being
    registered is refused, naming its file and line; a project that registered one before
    still opens its codebook (a review found the first fix locked such projects out)."""
    from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
    from normtrace.coding.dictionary.patterns import check_new_pattern
    from normtrace.store.db import Store

    path = tmp_path / "book.yaml"
    path.write_text(GOOD.replace("offensive operation*", "force ~5~ offensive"))
    book = load_codebook(path)  # reading is fine: it is what registration refuses
    store = Store.open(tmp_path / "p.db")
    with pytest.raises(CodebookError, match=r"book\.yaml:10: pattern 'force ~5~ offensive'"):
        register_codebook(store, book)
    assert store.conn.execute("SELECT count(*) FROM codebooks").fetchone()[0] == 0
    with pytest.raises(PatternSyntaxError):
        check_new_pattern("force ~5~ offensive")
    import normtrace.coding.dictionary.apply as apply_module

    monkeypatch.setattr(apply_module, "_check_new_patterns", lambda book: None)  # as before
    register_codebook(store, book)
    monkeypatch.undo()
    assert stored_codebook(store, "demo").get("ops").entries[0].pattern == "force ~5~ offensive"
