"""A report paragraph linked to a resolution paragraph by two aligned runs is quoted whole.

A new user found `secretariat`'s passage files quoting only the first aligned run while
``new_words_credited`` counted both (S/RES/1892 (2009)/op7: 36 credited, 25 shown), and
`provenance`'s direct-source line giving the one link's 25 words; and `aggregate` printing a
whole aligned span in «…» (words the resolution does not share among them) where `provenance`
marks shared words only. Now every run behind the counts is quoted (joined by " … "), the
credited words alone are given too, «…» holds only credited words in `secretariat` and
`aggregate`, and `provenance` names every link of a direct source.

Every document here is SYNTHETIC (symbols no UN document uses, texts that say so).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from synthetic_store import report, resolution, saved

from normtrace.report.secretariat import write_secretariat
from normtrace.reuse.provenance import provenance
from normtrace.reuse.secretariat import secretariat_origin, secretariat_series
from normtrace.reuse.store_reuse import links_into
from normtrace.store.db import Store

PREVIOUS, RENEWAL = "S/RES/9931 (2012)", "S/RES/9932 (2013)"
REPORT = "S/2013/9031"  # SYNTHETIC
TARGET, SOURCE = f"{RENEWAL}/op2", f"{REPORT}/p2"
RUN_A = "former Governor of the Synthetic Northern Province, Alexandra Q. Example"
RUN_B = (
    "build new synthetic schools, improve the {} of clean water and sanitation, strengthen "
    "flood recovery and preparedness and attract private synthetic investment"
)
FILL = (
    "whom I subsequently appointed as my Synthetic Envoy, and who returned to the country in "
    "her new capacity for a week of meetings with local officials, parliamentarians, the "
    "judiciary and civil society groups across the synthetic provinces. As Envoy, she will "
    "assist the Government and its people in their efforts to"
)
EXTEND = "Decides to extend the mandate of UNSYN until 15 October {};"
WORD = re.compile(r"\w+(?:['’-]\w+)*")  # the tool's word pattern (reuse.shingles)


@pytest.fixture(scope="module")
def store() -> Store:
    return saved([
        resolution(PREVIOUS, "2012-10-01", [EXTEND.format(2013)]),
        report(REPORT, "2013-08-01", [
            "SYNTHETIC. The Council extended the mandate of the United Nations Synthetic Mission "
            "(UNSYN) until 15 October 2013.",
            f"SYNTHETIC. I visited the synthetic capital in March, accompanied by the {RUN_A}, "
            f"{FILL} {RUN_B.format('delivery')}.",
        ]),
        resolution(RENEWAL, "2013-10-10", [
            EXTEND.format(2014),
            f"Expresses its full support to the Synthetic Envoy, the {RUN_A}, notably in her "
            f"work with the Government to {RUN_B.format('supply')};",
        ]),
    ])  # fmt: skip


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def test_the_fixture_links_the_paragraphs_by_two_runs(store: Store) -> None:
    assert len([x for x in links_into(store, TARGET) if x.source == SOURCE]) == 2


def test_the_passage_quotes_every_run_behind_its_counts(store: Store) -> None:
    (p,) = [p for p in secretariat_origin(store, RENEWAL).passages if p.source == SOURCE]
    assert p.aligned_spans == 2
    # both runs are quoted, in the report's and the resolution's text, joined by " … "
    for text in (p.source_text, p.target_text):
        assert RUN_A in text and "attract private synthetic investment" in text
        assert text.count(" … ") == 1
    # the credited words alone: exactly new_words_credited of them in the resolution's text
    assert len(_words(p.target_credited)) == p.earliest_words == p.words >= 30
    # the word the resolution changed inside a run is in the quoted span, never credited
    assert "supply" in p.target_text and "supply" not in p.target_credited
    assert "delivery" in p.source_text and "delivery" not in p.source_credited
    # the marked text is the quoted text, the credited words in «…», nothing else inside
    assert p.source_marked.replace("«", "").replace("»", "") == p.source_text
    inside = re.findall(r"«([^»]*)»", p.source_marked)
    assert sum(len(_words(m)) for m in inside) == p.earliest_words
    assert not any("delivery" in m for m in inside) and "delivery" in p.source_text


def test_the_text_output_prints_the_marked_text(store: Store) -> None:
    found = secretariat_origin(store, RENEWAL)
    (p,) = [p for p in found.passages if p.source == SOURCE]
    text = found.render()
    assert f"      {p.source_marked}" in text.splitlines()
    assert "the words credited to it in «…»" in text


def test_the_passage_files_carry_the_new_columns(store: Store, tmp_path: Path) -> None:
    write_secretariat(secretariat_series(store, "UNSYN"), tmp_path)
    with (tmp_path / "passages" / "S-RES-9932-2013.csv").open() as f:
        (row,) = [r for r in csv.DictReader(f) if r["source"] == SOURCE]
    assert row["aligned_spans"] == "2"
    assert len(_words(row["target_credited"])) == int(row["new_words_credited"])
    assert RUN_A in row["source_text"] and RUN_A in row["source_credited"]
    assert row["source_marked"].startswith("«the " + RUN_A)


def test_provenance_names_every_link_of_a_direct_source(store: Store) -> None:
    found = provenance(store, TARGET)
    line = next(x for x in found.render().splitlines() if SOURCE in x)
    assert "2 aligned passages: score" in line
    words = [x.words for x in links_into(store, TARGET) if x.source == SOURCE]
    for n in words:
        assert f"{n} words" in line
    (source,) = [s for s in found.to_dict()["sources"] if s["key"] == SOURCE]
    assert sorted(x["words"] for x in source["links"]) == sorted(words)
