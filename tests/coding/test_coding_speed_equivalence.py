"""The fast (batched, numpy) matching path gives exactly the spans of the hit-by-hit reference.

``Matcher.match_many`` (used by ``code_units``) and ``Matcher.match`` are
compared with ``Matcher.match_reference`` on real text (S/RES/2098 (2013)) and
on hypothesis-generated text, with the default codebook and with SYNTHETIC
codebooks that exercise every special case: wildcards with words after them,
keys shared by several entries, proximity rules, exclusions, nested spans.
Batches run with both scanners (the automaton and the word-hash finder).
"""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normtrace.coding.codebook import Code, Codebook, Entry, Exclusion
from normtrace.coding.dictionary.apply import code_units, text_sha256
from normtrace.coding.dictionary.filters import order_by
from normtrace.coding.dictionary.matcher import Matcher, Row, compile_codebook
from normtrace.coding.dictionary.textnorm import _normalize_general, _normalize_narrow, normalize
from normtrace.coding.exchange.yamlio import load_default_codebook

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "coding" / "S-RES-2098(2013).txt"

# SYNTHETIC codebook (for tests only): every kind of entry the matcher handles.
SPECIAL = Codebook(
    name="synthetic-special",
    codes=(
        Code(id="neut", name="Neutralize", entries=(Entry(pattern="neutrali*"),)),
        Code(
            id="force",
            name="Force",
            entries=(
                Entry(pattern="use of force"),
                Entry(pattern="force"),
                Entry(near=("force", "offensive"), within=5),
                Entry(pattern="all necessary (means|measures)"),
            ),
            excludes=(
                Exclusion("non-use of force"),
                Exclusion("self-defence", within=3),
                Exclusion("mandate", within=4, side="before"),
                Exclusion("peace", within=2, side="after"),
            ),
        ),
        Code(
            id="ib",
            name="Brigade",
            entries=(Entry(pattern="intervention brigade"), Entry(pattern="brigade")),
        ),
        Code(id="ib2", name="Brigade again", entries=(Entry(pattern="brigade"),)),
        Code(id="grp", name="Groups", entries=(Entry(pattern="disarm* armed group*"),)),
        Code(id="sg", name="SG", entries=(Entry(pattern="secretary-general's report"),)),
        Code(id="civ", name="Civilians", entries=(Entry(pattern="civil*"),)),
    ),
)


MATCHER = compile_codebook(SPECIAL)
SCANNERS = ["automaton", "wordhash"]
MATCHERS = [compile_codebook(SPECIAL, scanner) for scanner in SCANNERS]


@pytest.fixture(scope="module")
def resolution() -> str:
    return FIXTURE.read_bytes().decode("cp1252")


def synthetic_from(text: str) -> Codebook:
    """A SYNTHETIC dense codebook from a text's own words (many hits per line)."""
    words = sorted({w for w in re.findall(r"[a-z]{4,}", text.lower())})
    pairs = sorted(set(re.findall(r"\b([a-z]{3,} [a-z]{3,})\b", text.lower())))
    entries = [Entry(pattern=w) for w in words[::3]]
    entries += [Entry(pattern=p) for p in pairs[::5]]
    entries += [Entry(pattern=w[:4] + "*") for w in words[1::9]]
    codes = tuple(
        Code(
            id=f"synthetic_{i}",
            name=f"Synthetic {i}",
            entries=tuple(entries[i::7]) + (Entry(near=("force", "mandate"), within=8),),
            excludes=(Exclusion("self-defence", within=4, side=("both", "before", "after")[i % 3]),)
            if i % 2
            else (),
        )
        for i in range(7)
    )
    return Codebook(name="synthetic-dense-2098", description="SYNTHETIC", codes=codes)


def batch_rows(matcher: Matcher, texts: list[str]) -> list[list[Row]]:
    """Per text, the rows of one ``match_many`` call over all of ``texts``."""
    spans = matcher.match_many(texts)
    out: list[list[Row]] = [[] for _ in texts]
    codes, entries = matcher.names(spans)
    for unit, start, end, code, entry in zip(
        spans.unit.tolist(), spans.start.tolist(), spans.end.tolist(), codes, entries,
        strict=True,
    ):  # fmt: skip
        out[unit].append((start, end, code, texts[unit][start:end], entry))
    return out


def reference_rows(matcher: Matcher, text: str) -> list[Row]:
    return [(s.start, s.end, s.code, s.snippet, s.entry) for s in matcher.match_reference(text)]


def assert_same(matcher: Matcher, texts: list[str]) -> None:
    expected = [reference_rows(matcher, t) for t in texts]
    assert batch_rows(matcher, texts) == expected
    assert [matcher.match_rows(t) for t in texts] == expected
    # the array path on one text at a time (no batching), even for texts with few hits
    assert [matcher.rows(matcher.match_many([t]), t) for t in texts] == expected


@pytest.mark.parametrize("scanner", SCANNERS)
@pytest.mark.parametrize("book", ["default", "special", "dense"])
def test_resolution_2098_lines_and_whole(resolution: str, book: str, scanner: str) -> None:
    codebook = {
        "default": load_default_codebook(),
        "special": SPECIAL,
        "dense": synthetic_from(resolution),
    }[book]
    matcher = compile_codebook(codebook, scanner)
    assert matcher.scanner == scanner
    lines = resolution.splitlines()
    assert_same(matcher, lines)
    assert_same(matcher, [resolution, "", resolution[:5000], resolution])
    assert matcher.match_many(lines).size > 20  # the comparison is not vacuous


@pytest.mark.parametrize("scanner", SCANNERS)
def test_code_units_rows_equal_the_reference(resolution: str, scanner: str) -> None:
    matcher = compile_codebook(synthetic_from(resolution), scanner)
    units = [(f"u{i}", line) for i, line in enumerate(resolution.splitlines())] * 2
    expected = [
        (key, s, e, snippet, text_sha256(text), code, entry)
        for key, text in units
        for s, e, code, snippet, entry in reference_rows(matcher, text)
    ]
    assert len(expected) > 300
    assert code_units(matcher, units) == expected


WORDS = st.sampled_from(
    [
        "Neutralize", "neutralising", "use", "of", "force", "FORCE", "offensive", "Intervention",
        "brigade", "brigades", "non-use", "self-defence", "selfdefence", "disarming", "armed",
        "groups", "group", "all", "necessary", "means", "measures", "Secretary-General's",
        "report", "civilians", "civil", "the", "mandate", "\u00e9t\u00e9", "\u0130stanbul",
        "stra\u00dfe", "U.N.", "x",
    ]
)  # fmt: skip
SEPS = st.sampled_from(
    [" ", "  ", "\n", "\u00ad", " \u00ad ", "-", "\u2014", ", ", "\r\n", "\u00a0", "'", ""]
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, max_size=40))
    seps = draw(st.lists(SEPS, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


@settings(max_examples=150, deadline=None)
@given(st.lists(texts() | st.text(max_size=30), max_size=6))
def test_generated_batches_equal_the_reference(batch: list[str]) -> None:
    for matcher in MATCHERS:
        assert_same(matcher, batch)


@settings(max_examples=50, deadline=None)
@given(st.lists(texts(), min_size=1, max_size=3))
def test_pre_normalized_batches_equal_raw_batches(batch: list[str]) -> None:
    got = MATCHER.match_many([normalize(t) for t in batch])
    want = MATCHER.match_many(batch)
    assert all(np.array_equal(a, b) for a, b in zip(got, want, strict=True))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=255), max_size=60) | texts())
def test_latin1_fast_path_equals_the_general_normalizer(text: str) -> None:
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        return
    assert _normalize_narrow(data) == _normalize_general(text)


def test_normalizer_paths_agree_on_the_resolution(resolution: str) -> None:
    assert normalize(resolution) == _normalize_general(resolution)
    assert normalize(resolution + "\u0142") == _normalize_general(resolution + "\u0142")
    assert normalize(resolution).segments  # the fixture has runs to squeeze


def test_corpus_sample_equals_the_reference(shared_dir: Path) -> None:
    """Every 40th resolution and speech of ../shared: batched fast path = reference."""
    files = sorted((shared_dir / "corpus" / "resolutions").glob("*.txt"))[::40]
    files += sorted((shared_dir / "corpus" / "speeches-2020").glob("*.txt"))[::40]
    texts = []
    for path in files:
        data = path.read_bytes()
        try:
            texts.append(data.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(data.decode("cp1252"))
    assert len(texts) > 50
    books = (load_default_codebook(), synthetic_from(texts[0] + texts[-1]))
    for book, scanner in product(books, SCANNERS):
        matcher = compile_codebook(book, scanner)
        expected = [reference_rows(matcher, t) for t in texts]
        assert batch_rows(matcher, texts) == expected
        assert sum(map(len, expected)) > 100


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(*[st.integers(0, 9)] * 3), max_size=30))
def test_packed_sort_equals_lexsort_and_its_fallback(rows: list[tuple[int, int, int]]) -> None:
    cols = [np.array([r[i] for r in rows], dtype=np.int64) for i in range(3)]
    expected = np.lexsort(cols[::-1]) if rows else np.zeros(0, dtype=np.int64)
    packed = order_by([(c, 10) for c in cols]) if rows else expected
    fallback = order_by([(c, 1 << 40) for c in cols]) if rows else expected  # too wide to pack
    assert packed.tolist() == expected.tolist() == fallback.tolist()
