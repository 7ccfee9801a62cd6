"""A ledger or rules file says what it means or is refused: no key the format does not know
(a misspelt ``range`` would fall back to ±delta without a word), and the bundled rules' every
justification is the whole sentence written in the file (an unquoted comma inside ``{...}``
used to cut 14 of them, the rest becoming a key nobody read). SYNTHETIC ledgers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normtrace.errors import TraceError
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.ledger import parse_ledger, save_ledger
from normtrace.trace.rules import default_rules_path, load_rules

LEDGER = """case: synthetic
items:
  - id: E1
    description: (SYNTHETIC) an item
    kind: manual
    units:
      - key: SYN/1/op1
    likelihoods:
      H1: {p: 0.5, justification: "j"}
      H2: {p: 0.5, justification: "j"}
      H3: {p: 0.5, justification: "j"}
      H4: {p: 0.7, justification: "j", range: [0.6, 0.8]}
"""


def _parse(text: str) -> None:
    parse_ledger(text, default_hypotheses(), source="mine.yaml")


@pytest.mark.parametrize(
    ("old", "new", "line", "what", "key"),
    [
        ('"j", range: [0.6, 0.8]', '"j", rnage: [0.6, 0.8]', 12, "item 'E1': P(E | H4)", "rnage"),
        ('H1: {p: 0.5, justification: "j"}', "H1: {p: 0.5, justification: a, b}", 9,
         "item 'E1': P(E | H1)", "b"),
        ("    kind: manual\n", "    kind: manual\n    weight: 2\n", 6, "item 'E1'", "weight"),
        ("      - key: SYN/1/op1\n", "      - key: SYN/1/op1\n        qoute: x\n", 8,
         "item 'E1': unit SYN/1/op1", "qoute"),
        ("case: synthetic\n", "case: synthetic\nnotes: x\n", 2, "the ledger", "notes"),
    ],
)  # fmt: skip
def test_an_unknown_key_is_refused_with_its_file_line_and_item(
    old: str, new: str, line: int, what: str, key: str
) -> None:
    assert old in LEDGER
    _parse(LEDGER)  # the ledger as written loads: the one key changed is what is refused
    with pytest.raises(TraceError) as refused:
        _parse(LEDGER.replace(old, new))
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"mine.yaml:{line}: {what}: unknown key {key!r}; valid keys: ")


def test_a_saved_ledger_loads_again(tmp_path: Path) -> None:
    """The saved ledger holds no key the loader refuses (it used to write each unit's
    ``where``); a ledger saved so by an earlier version still loads."""
    hs = default_hypotheses()
    ledger = parse_ledger(LEDGER, hs, source="mine.yaml")
    saved = save_ledger(ledger, tmp_path / "saved.yaml")
    assert "where" not in saved.read_text(encoding="utf-8")
    assert parse_ledger(saved.read_text(encoding="utf-8"), hs).items == ledger.items
    old = LEDGER.replace("      - key: SYN/1/op1\n", "      - key: SYN/1/op1\n        where: a:7\n")
    assert parse_ledger(old, hs).items == ledger.items


def _raw_justifications(text: str) -> dict[tuple[str, str, str], str]:
    """(rule, outcome, hypothesis) -> the justification as written, read from the lines."""
    found: dict[tuple[str, str, str], str] = {}
    rule = outcome = ""
    for line in text.splitlines():
        if m := re.match(r"  - id: (\S+)$", line):
            rule = m[1]
        elif m := re.match(r"      (\w+):$", line):
            outcome = m[1]
        elif m := re.match(r"        (H\d+): \{p: [0-9.]+, justification: (.*)\}$", line):
            found[(rule, outcome, m[1])] = m[2].strip('"')
    return found


def test_every_bundled_justification_is_the_whole_sentence_written() -> None:
    path = default_rules_path()
    raw = _raw_justifications(path.read_text(encoding="utf-8"))
    rules = load_rules(path, default_hypotheses())
    loaded = {
        (r.id, o, h): lk.justification
        for r in rules.rules
        for o, table in r.outcomes.items()
        for h, lk in table.items()
    }
    assert len(raw) == len(loaded) == 144
    assert loaded == raw
    assert loaded[("R12", "substantial", "H4")] == (
        "If the Secretariat persuades the Council, its reports are where each renewal's new "
        "wording comes from."
    )
    assert all(j.endswith(".") for j in loaded.values())


def test_a_rules_file_whose_justification_a_comma_cut_is_refused(tmp_path: Path) -> None:
    text = default_rules_path().read_text(encoding="utf-8")
    quoted = '"Marker rates move with the agenda, not with the briefing, under H1."'
    assert quoted in text
    cut = tmp_path / "cut.yaml"
    cut.write_text(text.replace(quoted, quoted.strip('"')), encoding="utf-8")
    with pytest.raises(TraceError) as refused:
        load_rules(cut, default_hypotheses())
    message = str(refused.value)
    assert re.match(
        r"^\S*cut\.yaml:\d+: rule R5, outcome more_after: H1: unknown key 'not with the "
        r"briefing'; valid keys: p, justification \(if it is the rest of a text cut at a "
        r"comma inside \{\.\.\.\}, quote that text\)$",
        message,
    ), message
    typo = tmp_path / "typo.yaml"
    typo.write_text(text.replace("    question: Who used", "    qestion: Who used"), "utf-8")
    with pytest.raises(TraceError, match=r"typo\.yaml:\d+: rule R1: unknown key 'qestion'"):
        load_rules(typo, default_hypotheses())
