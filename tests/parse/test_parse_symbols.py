"""Properties of normtrace.parse.symbols: parse ∘ format = identity; canonical idempotent."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from normtrace.parse.symbols import (
    Symbol,
    canonical,
    cited_symbols,
    find_symbols,
    parse_symbol,
    symbol_from_filename,
)

YEARS = st.integers(1946, 2099)
SUFFIX = st.lists(
    st.tuples(st.sampled_from(["Add", "Rev", "Corr"]), st.integers(1, 9)), max_size=2
).map(lambda parts: "".join(f"/{name}.{n}" for name, n in parts))


@st.composite
def symbols(draw: st.DrawFn) -> Symbol:
    kind = draw(st.sampled_from(["resolution", "verbatim", "document", "prst", "old_document"]))
    suffix = draw(SUFFIX)
    if kind == "resolution":
        return Symbol("resolution", draw(st.integers(1, 2999)), draw(YEARS), None, suffix)
    if kind == "verbatim":
        resumption = draw(st.none() | st.integers(1, 5))
        return Symbol("verbatim", draw(st.integers(1, 99999)), None, resumption, suffix)
    if kind == "prst":
        return Symbol("prst", draw(st.integers(1, 99)), draw(YEARS), None, suffix)
    if kind == "document":
        return Symbol("document", draw(st.integers(1, 99999)), draw(YEARS), None, suffix)
    suffix = draw(st.sampled_from(["", "/Add.1", "/Rev.2", "/Corr.1"]))
    return Symbol("document", draw(st.integers(100, 99999)), None, None, suffix)


def _spaced(text: str, data: st.DataObject) -> str:
    """Insert random spaces where UN texts put them (around slashes, before brackets)."""
    out = []
    for ch in text:
        if ch in "/(" and data.draw(st.booleans()):
            out.append(" ")
        out.append(ch)
        if ch == "/" and data.draw(st.booleans()):
            out.append(" ")
    return "".join(out)


@given(sym=symbols())
def test_parse_format_identity(sym: Symbol) -> None:
    assert parse_symbol(str(sym)) == sym


@given(sym=symbols(), data=st.data())
def test_canonical_is_idempotent(sym: Symbol, data: st.DataObject) -> None:
    spelled = _spaced(str(sym), data)
    once = canonical(spelled)
    assert once == str(sym)
    assert canonical(once) == once


@given(sym=symbols())
def test_find_symbols_in_running_text(sym: Symbol) -> None:
    text = f"Taking note of {sym} and of its annex,"
    found = [str(s) for _, _, s in find_symbols(text)]
    if sym.kind != "document" or sym.year is not None:
        assert found == [str(sym)]
        assert cited_symbols(text) == (str(sym),)


@given(number=st.integers(1, 2999), year=YEARS)
def test_resolution_file_names(number: int, year: int) -> None:
    found = symbol_from_filename(f"S-RES-{number}({year}).txt")
    assert found is not None and str(found.symbol) == f"S/RES/{number} ({year})"


@given(meeting=st.integers(1, 99999), speech=st.integers(1, 999))
def test_corpus_file_names(meeting: int, speech: int) -> None:
    found = symbol_from_filename(f"UNSC_2020_SPV.{meeting}_spch{speech:03d}.txt")
    assert found is not None
    assert (str(found.symbol), found.speech) == (f"S/PV.{meeting}", speech)


def test_old_document_symbol_with_suffix() -> None:
    assert canonical("S/25704/Add.1") == "S/25704/Add.1"
