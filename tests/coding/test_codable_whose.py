"""``codable.whose``: the one rule of whose code a code id is, behind the coding bar, a memo,
"code all hits", the search filter, an adjudication and ``code add``.

Every codebook here is SYNTHETIC: alpha and beta share ``poc``; gamma retires it and groups
``grp`` over ``leaf``; ``solo`` is alpha's alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.human.codable import whose
from normtrace.coding.human.events import human_codings
from normtrace.errors import CodingError
from normtrace.store.db import Store
from synthetic_docs import insert_document

ALPHA = Codebook(name="alpha", codes=(
    Code(id="poc", name="Protection (alpha, SYNTHETIC)", entries=(Entry("protect*"),)),
    Code(id="solo", name="Solo (alpha, SYNTHETIC)", entries=(Entry("solo"),)),
))  # fmt: skip
BETA = Codebook(name="beta", codes=(
    Code(id="poc", name="Civilians (beta, SYNTHETIC)", entries=(Entry("civilian*"),)),
))  # fmt: skip
GAMMA = Codebook(name="gamma", codes=(
    Code(id="poc", name="Retired (gamma, SYNTHETIC)", entries=(Entry("x"),), codable=False),
    Code(id="grp", name="Group (gamma, SYNTHETIC)", codable=False),
    Code(id="leaf", name="Leaf (gamma, SYNTHETIC)", parent="grp", entries=(Entry("leaf"),)),
))  # fmt: skip


KEY = "SYN/45/op1"
TEXT = "SYNTHETIC: decides to protect synthetic civilians in a solo synthetic leaf;"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "p.db") as opened:
        with opened.transaction() as conn:
            insert_document(conn, "SYN/45", [(KEY, "operative", TEXT)], date="2002-02-22")
        for book in (ALPHA, BETA, GAMMA):
            register_codebook(opened, book)
        yield opened


def test_a_named_holder_and_an_only_holder_are_whose(store: Store) -> None:
    assert whose(store, "poc", "beta") == "beta"
    assert whose(store, "solo") == "alpha"
    assert whose(store, "leaf") == "gamma"
    assert whose(store, "nowhere") is None  # unknown: no codebook holds it codable
    assert whose(store, "grp") is None  # a grouping code is nobody's to code


def test_an_unnamed_shared_id_is_refused_in_one_line_naming_the_holders(store: Store) -> None:
    with pytest.raises(CodingError) as refused:
        whose(store, "poc", ask="say whose it is with --codebook")
    text = str(refused.value)
    assert text == "code 'poc' is in codebooks alpha, beta: say whose it is with --codebook"
    with pytest.raises(CodingError, match=r"in codebooks alpha, beta: name the codebook whose"):
        whose(store, "poc")  # the default ask


@pytest.mark.parametrize(
    ("code", "book", "why"),
    [
        ("poc", "gamma", "'gamma', which keeps it retired (codebooks that hold it: alpha, beta)"),
        ("grp", "gamma", "'gamma', where it groups leaf (codebooks that hold it: none)"),
        ("solo", "beta", "'beta' (codebooks that hold it: alpha)"),
        ("poc", "delta", "'delta' (codebooks that hold it: alpha, beta)"),
    ],
)
def test_a_named_codebook_that_does_not_hold_the_code_codable_is_refused(
    store: Store, code: str, book: str, why: str
) -> None:
    with pytest.raises(CodingError) as refused:
        whose(store, code, book)
    text = str(refused.value)
    assert text == (
        f"code {code!r} is no codable code of codebook {why}: name one of them, or another code"
    )
    assert "\n" not in text


def test_code_add_refuses_through_whose_and_keeps_its_exit_codes(store: Store) -> None:
    """An unnamed shared id is a usage error (2); a named codebook that does not hold the code
    codable is a refused coding (1); a named holder is coded for it."""
    base = ["--project", str(store.path), "code", "add", KEY, "22", "29", "poc", "--coder", "ana"]
    runner = CliRunner()
    shared = runner.invoke(cli, base)
    assert shared.exit_code == 2
    assert "code 'poc' is in codebooks alpha, beta: say whose it is with --codebook" in (
        " ".join(shared.output.split())
    )
    retired = runner.invoke(cli, [*base, "--codebook", "gamma"])
    assert retired.exit_code == 1
    assert "no codable code of codebook 'gamma', which keeps it retired" in retired.output
    assert human_codings(store, unit_key=KEY) == []  # nothing recorded by either refusal
    made = runner.invoke(cli, [*base, "--codebook", "beta"])
    assert made.exit_code == 0, made.output
    (coding,) = human_codings(store, unit_key=KEY)
    assert (coding.code, coding.codebook, coding.snippet) == ("poc", "beta", "protect")
