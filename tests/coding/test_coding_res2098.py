"""Real text: S/RES/2098 (2013) coded with the default codebook."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.coding.dictionary.matcher import Matcher, compile_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "coding" / "S-RES-2098(2013).txt"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return compile_codebook(load_default_codebook())


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return FIXTURE.read_bytes().decode("cp1252").splitlines()


def line_starting(lines: list[str], prefix: str) -> str:
    (line,) = [ln for ln in lines if ln.startswith(prefix)]
    return line


def offensive_codes(matcher: Matcher) -> set[str]:
    return {c.id for c in matcher.codebook.descendants("offensive_force")}


def test_resolution_is_coded_for_brigade_and_neutralizing(matcher: Matcher) -> None:
    text = FIXTURE.read_bytes().decode("cp1252")
    found = {s.code for s in matcher.match(text)}
    assert {"intervention_brigade", "neutralize_disarm", "offensive_operations"} <= found
    assert {"all_necessary", "poc", "nonuse_of_force", "consent"} <= found


def test_op12b_is_offensive_force(matcher: Matcher, lines: list[str]) -> None:
    heading = line_starting(lines, "(b) Neutralizing armed groups")
    body = line_starting(lines, "In support of the authorities of the DRC, on the basis of info")
    heading_codes = {s.code for s in matcher.match(heading)}
    assert heading_codes == {"neutralize_disarm", "intervention_brigade"}
    spans = matcher.match(body)
    by_code = {s.code: s.snippet for s in spans}
    assert by_code["offensive_operations"] == "offensive operations"
    assert by_code["neutralize_disarm"] in {"neutralize", "disarm them"}
    # the Brigade with its task in reach (not its name alone), the span running to it
    assert by_code["intervention_brigade"].endswith("Intervention Brigade")
    assert by_code["robust_posture"] == "in a robust"
    assert all(body[s.start : s.end] == s.snippet for s in spans)


def test_preamble_on_basic_principles_is_core_principle_not_offensive_force(
    matcher: Matcher, lines: list[str]
) -> None:
    para = line_starting(lines, "Recalling its resolution 2086 (2013) and reaffirming")
    assert "non-use of force, except in self-defence and defence of the mandate" in para
    spans = matcher.match(para)
    found = {s.code for s in spans}
    assert {"consent", "impartiality", "nonuse_of_force"} <= found
    assert not found & offensive_codes(matcher)
    snippets = {s.snippet for s in spans if s.code == "nonuse_of_force"}
    assert snippets == {"non-use of force", "self-defence", "defence of the mandate"}


def test_humanitarian_impartiality_is_not_a_peacekeeping_principle(
    matcher: Matcher, lines: list[str]
) -> None:
    para = line_starting(lines, "Calling upon all parties in the conflict to respect the impart")
    assert {s.code for s in matcher.match(para)} == set()


def test_mission_name_is_not_stabilization(matcher: Matcher, lines: list[str]) -> None:
    para = line_starting(lines, "Recalling the Security Council's Presidential Statements")
    assert "Stabilization Mission" in para
    assert "stabilization" not in {s.code for s in matcher.match(para)}


def test_parsed_resolution_units(matcher: Matcher) -> None:
    from normtrace.parse.resolution import parse_resolution

    document = parse_resolution(FIXTURE.read_bytes().decode("cp1252"))
    codes = {p.key: {s.code for s in matcher.match(p.text)} for p in document.paragraphs}
    pp02 = codes["S/RES/2098 (2013)/pp02"]
    assert {"consent", "impartiality", "nonuse_of_force"} <= pp02
    assert not pp02 & offensive_codes(matcher)
    op12b = codes["S/RES/2098 (2013)/op12/b"]
    assert {"intervention_brigade", "neutralize_disarm", "offensive_operations"} <= op12b
    assert "all_necessary" in codes["S/RES/2098 (2013)/op12"]
