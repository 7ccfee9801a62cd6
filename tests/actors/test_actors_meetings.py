"""Library meeting index, drafts, links, timeline and cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normtrace.actors.cases import case_from_mapping, case_timeline, get_case, load_case, load_cases
from normtrace.actors.links import (
    adoption_coverage,
    adoption_meetings,
    build_links,
    import_meeting_index,
    linked,
    topic_pattern,
)
from normtrace.actors.meetings_index import (
    load_index,
    parse_library_tables,
    parse_meeting_symbol,
    read_index_csv,
    write_index_csv,
)
from normtrace.actors.timeline import format_timeline, timeline
from normtrace.errors import ConfigError
from normtrace.parse.model import Document, Paragraph
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document


@pytest.fixture(scope="module")
def fixture_index(fixtures_dir: Path) -> dict[str, object]:
    return {m.symbol: m for m in parse_library_tables(fixtures_dir / "actors" / "meetings")}


def test_table_traps(fixture_index: dict[str, object]) -> None:
    closed = fixture_index["S/PV.7079"]
    assert closed.closed and closed.press_release is None  # "(closed)", "none issued"
    resumed = fixture_index["S/PV.7052 (Resumption 1)"]  # "(Resumption1) " with a trailing space
    assert resumed.resumption == 1 and resumed.date == "2013-10-29"
    spanned = fixture_index["S/PV.864"]  # one meeting cell over two rows
    assert spanned.outcomes == ("S/RES/137 (1960)", "S/RES/136 (1960)")
    assert len(spanned.topics) == 2
    # 1948: further items of a meeting printed with empty meeting and date cells
    assert any("S/RES/66 (1948)" in m.outcomes for m in fixture_index.values())
    adopted = fixture_index["S/PV.7091"]
    assert adopted.outcomes == ("S/RES/2132 (2013)",) and adopted.votes == ("15-0-0",)


@pytest.mark.parametrize(
    ("cell", "parsed"),
    [
        ("S/PV.7052 (Resumption1) ", (7052, 1, False)),
        ("S/PV.3245(ResumptionI)", (3245, 1, False)),
        ("S/PV.2977 (PartI)", (2977, 1, False)),
        ("S/PV.4000 Resumption 2)", (4000, 2, False)),
        ("S/PV.7079 (closed)", (7079, None, True)),
        ("--", None),
    ],
)
def test_meeting_symbol_spellings(cell: str, parsed: object) -> None:
    assert parse_meeting_symbol(cell) == parsed


def test_bundled_index_round_trips_and_covers_1946_2022() -> None:
    entries = load_index()
    symbols = [e.symbol for e in entries]
    assert len(symbols) == len(set(symbols))
    years = {e.year for e in entries}
    assert years == set(range(1946, 2023))
    import io

    buf = io.StringIO()
    write_index_csv(entries[:50], buf)
    assert read_index_csv(buf.getvalue()) == entries[:50]


@pytest.mark.slow
def test_bundled_index_equals_the_html(shared_dir: Path) -> None:
    assert parse_library_tables(shared_dir / "corpus" / "meetings") == load_index()


@pytest.mark.slow
def test_every_shared_resolution_has_an_adoption_meeting(shared_dir: Path) -> None:
    from normtrace.parse.resolution.meta import adoption_facts
    from normtrace.parse.symbols import symbol_from_filename

    by_index = {o for m in load_index() for o in m.outcomes}
    files = sorted((shared_dir / "corpus" / "resolutions").glob("*.txt"))
    assert len(files) == 2259
    unlinked = []
    for path in files:
        symbol = str(symbol_from_filename(path.name).symbol)  # type: ignore[union-attr]
        text = path.read_bytes().decode("utf-8", "replace")
        if symbol not in by_index and adoption_facts(text).meeting_number is None:
            unlinked.append(symbol)
    # S-RES-376(1976).txt holds resolution 376 (1975): the file name's year is wrong.
    assert unlinked == ["S/RES/376 (1976)"]


def test_topic_is_matched_as_a_whole_word() -> None:
    assert topic_pattern("Mali").search("The situation in Mali")
    assert not topic_pattern("Mali").search("The situation in Somalia")


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    st = Store.open(tmp_path / "p.db")
    import_meeting_index(st)
    return st


def _save(st: Store, doc: Document) -> None:
    save_document(
        st, doc, SourceRecord(doc.symbol, doc.symbol, 1, "text/plain", "test", doc.symbol)
    )


def test_links_and_timeline_mark_missing_documents(store: Store) -> None:
    # A SYNTHETIC stand-in for an ingested resolution: its adoption line gives the meeting
    # and one paragraph cites the Secretary-General's report.
    res = Document(
        "S/RES/2100 (2013)",
        "resolution",
        "test",
        title="The situation in Mali",
        date="2013-04-25",
        year=2013,
        meeting="S/PV.6952",
        paragraphs=(
            Paragraph(
                "S/RES/2100 (2013)/pp01",
                "preambular",
                "Taking note of S/2013/189",
                1,
                cites=("S/2013/189",),
            ),
        ),
    )
    _save(store, res)
    summary = build_links(store)
    assert summary.by_relation["adopted_at"] > 2000
    assert ("S/PV.6952", "adoption_line") in adoption_meetings(store, "S/RES/2100 (2013)")
    assert ("S/PV.6952", "library_index") in adoption_meetings(store, "S/RES/2100 (2013)")
    entries = timeline(store, "Mali", 2012, 2014)
    by_symbol = {e.symbol: e for e in entries}
    assert by_symbol["S/RES/2100 (2013)"].in_project
    assert by_symbol["S/PV.6952"].missing
    assert by_symbol["S/2013/189"].kind == "cited" and by_symbol["S/2013/189"].missing
    dates = [e.sort_date for e in entries]
    assert dates == sorted(dates)
    assert "[missing]" in format_timeline(entries)
    assert not any("Somalia" in e.title for e in entries)
    n_linked, missing = adoption_coverage(store, ["S/RES/2100 (2013)", "S/RES/9999 (2030)"])
    assert (n_linked, missing) == (1, ["S/RES/9999 (2030)"])
    context = linked(store, "S/RES/2100 (2013)")
    assert context["adopted_at"] == ["S/PV.6952"] and context["cites"] == ["S/2013/189"]
    assert "S/PV.6898" in context["same_item"]  # also "The situation in Mali"
    assert "S/RES/2100 (2013)" in linked(store, "S/PV.6952")["outcomes"]


def test_bundled_cases_and_their_key_resolutions() -> None:
    cases = {c.name: c for c in load_cases()}
    assert set(cases) == {"haiti-2004", "drc-2013", "mali-2013", "car-2014"}
    expected = {
        "haiti-2004": "S/RES/1542 (2004)",
        "drc-2013": "S/RES/2098 (2013)",
        "mali-2013": "S/RES/2100 (2013)",
        "car-2014": "S/RES/2149 (2014)",
    }
    index = load_index()
    for name, key in expected.items():
        case = cases[name]
        assert case.key_resolutions[0] == key
        year = int(re.search(r"\((\d{4})\)", key)[1])  # type: ignore[index]
        assert case.start < year < case.end
        [meeting] = [m for m in index if key in m.outcomes]
        assert any(topic_pattern(t).search(" ".join(meeting.topics)) for t in case.topics)


def test_case_timelines_list_the_key_resolution(store: Store) -> None:
    for case in load_cases():
        entries = case_timeline(store, case)
        assert any(e.symbol == case.key_resolutions[0] for e in entries), case.name
        assert sum(e.kind == "meeting" for e in entries) >= 10, case.name
    mali = case_timeline(store, get_case("mali-2013"))
    assert "S/PV.6846" in {
        e.symbol for e in mali
    }  # S/RES/2071 (2012), under "Peace and security in Africa"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must be a mapping"),
        ({"name": "x"}, "missing fields"),
        (
            {
                "name": "x",
                "title": "t",
                "countries": ["Mali"],
                "topics": ["Mali"],
                "key_resolutions": ["resolution two"],
                "window": {"start": 2012, "end": 2014},
            },
            "not a Security Council symbol",
        ),
        (
            {
                "name": "x",
                "title": "t",
                "countries": ["Mali"],
                "topics": ["Mali"],
                "key_resolutions": ["S/RES/2100 (2013)"],
                "window": {"start": 2014, "end": 2012},
            },
            "start <= end",
        ),
        (
            {
                "name": "x",
                "title": "t",
                "countries": ["Mali"],
                "topics": [],
                "key_resolutions": ["S/RES/2100 (2013)"],
                "window": {"start": 2012, "end": 2014},
            },
            "non-empty list",
        ),
    ],
)
def test_case_validation_names_file_and_problem(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        case_from_mapping(data, "cases/x.yaml")
    assert "cases/x.yaml" in str(info.value)


def test_case_file_name_must_match(tmp_path: Path) -> None:
    path = tmp_path / "wrong.yaml"
    path.write_text(
        "name: mali\ntitle: t\ncountries: [Mali]\ntopics: [Mali]\n"
        "key_resolutions: ['S/RES/2100 (2013)']\nwindow: {start: 2012, end: 2014}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="differs from the file name"):
        load_case(path)
    # a key written twice would silently keep the last value: refused, with both lines
    twice = tmp_path / "mali.yaml"
    twice.write_text(path.read_text(encoding="utf-8") + "title: again\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mali\.yaml:7: .*'title' appears twice .*line 2"):
        load_case(twice)
    with pytest.raises(ConfigError, match="known cases: car-2014"):
        get_case("nowhere")


@pytest.mark.slow
def test_drafts_export_links_drafts_to_resolutions(shared_dir: Path, store: Store) -> None:
    from normtrace.actors.drafts import read_drafts
    from normtrace.actors.links import import_drafts

    drafts = read_drafts(shared_dir / "corpus" / "meetings" / "drafts-to-resolutions.xlsx")
    assert len(drafts) == 3724
    assert import_drafts(store, drafts) == 3724
    build_links(store)
    row = store.conn.execute(
        "SELECT from_symbol FROM document_links WHERE relation = 'draft_of' AND to_symbol = ?",
        ("S/RES/2100 (2013)",),
    ).fetchone()
    assert row[0] == "S/2013/242"


def test_topics_a_whole_word_match_leaves_out_are_named(store: Store, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from normtrace.actors.timeline import topics_left_out
    from normtrace.cli import cli

    # "Guinea", a State's name, does not name "Guinea-Bissau" (store.topics: a hyphenated name
    # begun by a topic that is no State's name is named: "Timor", "Timor-Leste")
    left = topics_left_out(store, "Guinea", 2007, 2010)
    assert left.get("Guinea-Bissau", 0) > 0
    assert not any("Guinea-Bissau" in e.title for e in timeline(store, "Guinea", 2007, 2010))
    assert "Somalia" not in " ".join(topics_left_out(store, "Mali", 2012, 2013))
    out = CliRunner().invoke(cli, ["--project", str(store.path), "timeline", "--topic", "Guinea",
                                   "--from", "2007", "--to", "2010"])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "left out (meetings): 'Guinea-Bissau' (" in out.stderr
