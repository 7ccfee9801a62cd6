"""Provenance, first appearance and case aggregate on real MONUSCO resolutions (issue 5).

One SYNTHETIC report (labelled so in its symbol and text) is added where a
test needs a non-resolution source; everything else is real UN text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from resolution_corpus import resolution_files
from store_helpers import add_resolution

from normtrace.errors import CodebookError, NotFoundError, ReuseError
from normtrace.parse.model import Document, Paragraph
from normtrace.reuse.aggregate import case_aggregate
from normtrace.reuse.first import first_appearance
from normtrace.reuse.mission import RELATIONS
from normtrace.reuse.provenance import provenance
from normtrace.reuse.store_reuse import load_units, update_reuse
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document

MONUSCO = [
    "S/RES/1925 (2010)",
    "S/RES/1991 (2011)",
    "S/RES/2053 (2012)",
    "S/RES/2098 (2013)",
    "S/RES/2147 (2014)",
    "S/RES/2211 (2015)",
]
SYNTHETIC = "SYNTHETIC-REPORT-1"


def _synthetic_report(store: Store, text: str) -> None:
    para = Paragraph(f"{SYNTHETIC}/p01", "numbered", text, 1, number="1")
    doc = Document(
        SYNTHETIC,
        "report",
        "synthetic.v1",
        title="SYNTHETIC test report",
        date="2013-02-27",
        year=2013,
        paragraphs=(para,),
    )
    save_document(store, doc, SourceRecord("synthetic", "0" * 64, 1, "text/plain", "test"))


@pytest.fixture(scope="module")
def store(fixtures_dir: Path) -> Store:
    project = Store.open(":memory:")
    for path in resolution_files(fixtures_dir / "reuse"):
        add_resolution(project, path)
    brigade = next(u.unit.text for u in load_units(project) if u.info.key == MONUSCO[3] + "/op12/b")
    # The SYNTHETIC report carries the wording of op12/b without naming the Brigade.
    wording = brigade.split("\n", 1)[1].replace(" through the Intervention Brigade", "")
    _synthetic_report(project, "SYNTHETIC. We recommend that the mission " + wording)
    update_reuse(project)
    return project


def _chains(store: Store, symbol: str) -> list[list[str]]:
    keys = [u.info.key for u in load_units(store) if u.info.document == symbol]
    return [[s.unit.document for s in provenance(store, k).chain] for k in keys]


def test_monusco_renewals_form_lineages(store: Store) -> None:
    chains = _chains(store, MONUSCO[-1])
    full = [c for c in chains if all(s in c for s in MONUSCO)]
    assert full, "no 2211 paragraph carries wording back through every MONUSCO renewal"
    for chain in full:
        positions = [chain.index(s) for s in reversed(MONUSCO)]
        assert positions == sorted(positions)  # latest first, in renewal order


def test_provenance_marks_aligned_words_and_finds_the_outside_source(store: Store) -> None:
    found = provenance(store, MONUSCO[4] + "/op4/b")
    assert [s.unit.document for s in found.chain[:2]] == [MONUSCO[4], MONUSCO[3]]
    assert found.outside is not None and found.outside.unit.key == f"{SYNTHETIC}/p01"
    assert found.outside.unit.role == "secretariat"
    assert "«" in found.chain[1].render() and "earliest non-resolution source" in found.render()
    assert found.earliest and all(
        s.unit.date and s.unit.date <= found.chain[1].unit.date for s in found.earliest
    )
    data = json.loads(found.to_json())
    first = data["chain"][0]
    for start, end in first["aligned"]:
        assert first["text"][start:end].strip()


def test_none_found_says_what_a_link_needs(store: Store) -> None:
    """A paragraph with no earlier source: "none found" is a lower bound (borrowings shorter
    than the reuse threshold are never linked), and the output says so and what finds them."""
    keys = [u.info.key for u in load_units(store)]
    bare = next(p for k in keys if not (p := provenance(store, k)).sources and p.outside is None)
    text = bare.render()
    assert "none found (a link needs a shared passage of at least 8 words" in text
    assert 'normtrace first "PHRASE"' in text and bare.to_dict()["min_words"] == 8


def test_provenance_of_an_unknown_key_names_it(store: Store) -> None:
    with pytest.raises(NotFoundError, match="S/RES/1/op99"):
        provenance(store, "S/RES/1/op99")


def test_intervention_brigade_first_appears_in_2098(store: Store) -> None:
    found = first_appearance(store, phrase="Intervention Brigade")
    assert found.earliest is not None and found.earliest.document == MONUSCO[3]
    assert found.by_role["resolution"].document == MONUSCO[3]
    # the earliest paragraph of the document, not the smallest key ("op10" < "op9")
    assert (
        found.earliest.key
        == min(
            (o for o in found.occurrences if o.document == MONUSCO[3]), key=lambda o: o.order
        ).key
    )
    assert json.loads(found.to_json())["earliest"]["document"] == MONUSCO[3]


@pytest.mark.parametrize(
    "phrase",
    [
        "Intervention Brigade",
        "protection of civilians",
        "offensive operations",
        "offensive operation*",
        "decide*",
        "armed groups",
        "MONUC",
    ],
)
def test_phrase_search_equals_exhaustive_normalized_search(store: Store, phrase: str) -> None:
    # the query language's semantics, written independently as a regular expression:
    # whole words in order, any non-alphanumerics between them, case folded, `*` any ending
    words = [re.escape(w.rstrip("*")) + (r"[^\W_]*" if w.endswith("*") else "")
             for w in phrase.split()]  # fmt: skip
    needle = re.compile(r"(?<![^\W_])" + r"[\W_]+".join(words) + r"(?![^\W_])", re.IGNORECASE)
    expected = {u.info.key for u in load_units(store) if needle.search(u.unit.text)}
    found = first_appearance(store, phrase=phrase)
    assert expected and {o.key for o in found.occurrences} == expected
    for o in found.occurrences:
        assert needle.fullmatch(o.snippet)


def test_adoption_curve_counts_documents_per_quarter(store: Store) -> None:
    found = first_appearance(store, phrase="Intervention Brigade")
    by_quarter = {q.quarter: q for q in found.curve}
    assert by_quarter["2013Q1"].documents_using == 1
    assert by_quarter["2010Q2"].documents_using == 0
    assert all(0 <= q.share_documents <= 1 for q in found.curve)


def test_first_needs_exactly_one_of_phrase_and_code(store: Store) -> None:
    with pytest.raises(ReuseError):
        first_appearance(store)
    with pytest.raises(CodebookError, match="no codebook of the project has it"):
        first_appearance(store, code="NO_SUCH_CODE")


def test_case_aggregate_shares(store: Store) -> None:
    agg = case_aggregate(store, "S/RES/2147(2014)")
    assert agg.words > 1000 and abs(sum(agg.shares.values()) - 1) < 1e-9
    assert agg.shares["resolution"] > 0.3
    assert agg.counts.get("secretariat", 0) > 0  # the SYNTHETIC report precedes op4/b wording
    assert json.loads(agg.to_json())["operative_words"] == agg.words


def test_first_appearance_of_a_code(store: Store) -> None:
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.exchange.yamlio import load_default_codebook

    apply_codebook(store, load_default_codebook())
    found = first_appearance(store, code="intervention_brigade")
    assert found.earliest is not None and found.earliest.document == MONUSCO[3]
    assert found.kind == "code" and found.occurrences


def test_provenance_json_lists_every_direct_source_with_relation_then_the_chain(
    store: Store,
) -> None:
    found = provenance(store, MONUSCO[4] + "/op4/b")
    data = json.loads(found.to_json())
    assert list(data)[:5] == ["key", "mission", "agenda", "sources", "chain"]
    assert data["mission"] == "MONUSCO"
    relations = {s["document"]: s["relation"] for s in data["sources"]}
    assert relations[MONUSCO[3]] == "same_mission"
    assert all(r in RELATIONS for r in relations.values())  # "unknown" too: no family known
    assert all({"score", "words", "relation"} <= set(s) for s in data["sources"])
    # the chain never leaves the mission's agenda item
    assert all(s["document"] in MONUSCO for s in data["chain"])
    assert {p["relation"] for p in data["parallel_sources"]} <= {"other_mission"}


def test_provenance_names_the_report_paragraph_its_section_and_lag(store: Store) -> None:
    found = provenance(store, MONUSCO[4] + "/op4/b")
    report = next(r for r in found.reports if r.key == f"{SYNTHETIC}/p01")
    assert report.into.startswith(MONUSCO[3]) and report.lag_days == 29  # 27 Feb → 28 Mar
    assert "Secretary-General reports holding the words" in found.render()


def test_secretariat_share_of_new_wording_of_2098(store: Store) -> None:
    from normtrace.reuse.secretariat import secretariat_origin

    found = secretariat_origin(store, MONUSCO[3])
    assert found.previous == MONUSCO[2] and found.mission == "MONUSCO"
    assert 0 < found.from_secretariat <= found.in_report <= found.new_words < found.words
    passages = [p for p in found.passages if p.source == f"{SYNTHETIC}/p01"]
    assert MONUSCO[3] + "/op12/b" in {p.target for p in passages}
    assert {p.lag_days for p in passages} == {29}
    assert sum(p.earliest_words for p in passages) == found.from_secretariat
    # the wording of 2147 the SYNTHETIC report holds was already in 2098: not new there
    assert secretariat_origin(store, MONUSCO[4]).from_secretariat == 0


def test_secretariat_series_writes_figure_csv_and_passages(store: Store, tmp_path: Path) -> None:
    from normtrace.report.secretariat import write_secretariat
    from normtrace.reuse.secretariat import secretariat_series

    series = secretariat_series(store, "MONUSCO", since=2011, until=2015)
    assert [s.resolution for s in series] == MONUSCO[1:]
    fig = write_secretariat(series, tmp_path)
    assert fig.png.stat().st_size > 1000
    rows = fig.csv.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + len(series) and rows[0].startswith("resolution,date,mission")
    assert rows[0].endswith(",cited_reports_not_held") and "S/2013/119" in rows[3]
    assert (tmp_path / "passages" / "S-RES-2098-2013.csv").is_file()
    with pytest.raises(NotFoundError, match="MINUSTAH"):
        secretariat_series(store, "MINUSTAH", since=2005, until=2015)


def test_a_cited_report_the_project_lacks_is_named(store: Store) -> None:
    from normtrace.reuse.secretariat import secretariat_origin

    found = secretariat_origin(store, MONUSCO[3])
    # 2098 rests on the special report S/2013/119, which this project does not hold
    assert "S/2013/119" in found.unheld
    assert all(not s.startswith("S/RES/") for s in found.unheld)
    assert "S/2013/119" in found.row()["cited_reports_not_held"]
    assert "which this project does not hold" in found.render().splitlines()[1]


def test_secretariat_command_says_what_the_project_can_see(
    fixtures_dir: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from normtrace import Project
    from normtrace.cli import cli

    db = tmp_path / "p.db"
    with Project(db) as project:
        assert project.ingest(resolution_files(fixtures_dir / "reuse")).ok
        update_reuse(project.store)
    out = CliRunner().invoke(cli, ["--project", str(db), "secretariat", "MONUSCO"])
    assert out.exit_code == 0, out.output
    # MONUSCO's first mandate (its creation: "Decides that MONUSCO shall have ...", read since
    # d55415f), then its renewals
    assert out.stdout.startswith("S/RES/1925 (2010) (2010-05-28, MONUSCO)")
    assert "S/RES/1991 (2011) (2011-06-28, MONUSCO)" in out.stdout
    assert "S/2013/119" in out.stdout and "which this project does not hold" in out.stdout
    assert "note: earliest sources within this project (" in out.stderr
    assert "adding some can change every share" in out.stderr
