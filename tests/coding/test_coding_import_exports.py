"""An export of a project with several codebooks, and with a legacy coding of a grouping
code, imports back (a reviewer's finding: both were refused whole). SYNTHETIC texts and
codebooks (tests/coding/test_coding_exchange_roundtrip.py's made-up documents)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from test_coding_exchange_roundtrip import fill

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.human import events
from normtrace.errors import CodingError
from normtrace.store.db import Store

A = Codebook(name="A", codes=(Code(id="x", name="X"), Code(id="y", name="Y")))
B = Codebook(name="B", codes=(Code(id="g", name="Group", codable=False),
                              Code(id="q", name="Q", parent="g")))  # fmt: skip


def _project(path: Path) -> Store:
    store = Store.open(path)
    fill(store, docs=1)
    register_codebook(store, A)
    register_codebook(store, B)
    return store


def _held(store: Store) -> list[tuple[str, str, str]]:
    return sorted((h.coder, h.unit_key, h.code) for h in events.human_codings(store))


def test_an_export_of_two_codebooks_imports_back_one_codebook_at_a_time(tmp_path: Path) -> None:
    store = _project(tmp_path / "p.db")
    events.add_code(store, coder="ana", unit_key="SYN/1/op2", start=0, end=5, code="x")
    events.add_code(store, coder="ana", unit_key="SYN/1/op1/a", start=4, end=11, code="q")
    # coded before grouping codes were refused (an old project): read back as it was
    events.add_code(store, coder="ana", unit_key="SYN/1/pp1", start=0, end=9, code="g",
                    restored=True)  # fmt: skip
    table = tmp_path / "all.csv"
    export(store, table, ExportRequest())  # a table holds every codebook's codings
    with table.open(newline="") as f:
        every = list(csv.DictReader(f))
    assert {r["codebook"] for r in every} == {"A", "B"}
    twin = _project(tmp_path / "twin.db")
    first = import_codings(twin, table, codebook="A", coder="ana")
    assert first.codings == 1 and first.other_codebooks == (("B", 2),)
    second = import_codings(twin, table, codebook="B", coder="ana")
    assert second.codings == 2 and second.other_codebooks == (("A", 1),)
    assert _held(twin) == _held(store)
    # a typed grouping code is still refused: only an exported human coding is read back
    typed = tmp_path / "typed.csv"
    typed.write_text("unit_key,code\nSYN/1/op2,g\n")
    with pytest.raises(CodingError, match="grouping code"):
        import_codings(twin, typed, codebook="B", coder="cy")
    # a file holding none of the codebook's rows says which codebooks it holds
    only_b = tmp_path / "b.csv"
    only_b.write_text("unit_key,code,codebook\nSYN/1/op2,q,B\n")
    with pytest.raises(CodingError, match="no row is of codebook 'A'.*--codebook B"):
        import_codings(twin, only_b, codebook="A", coder="ana")


def test_code_apply_counts_the_accepts_of_a_code_the_new_version_dropped(tmp_path: Path) -> None:
    """A reviewer's finding: the note on accepts no longer proposed left out those of a code
    the new version dropped, which still count (and which a .qdpx cannot carry)."""
    from normtrace.coding.codebook import Entry
    from normtrace.coding.counts import check_codes, code_frequencies
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.human.events import record_verdict

    store = Store.open(tmp_path / "p.db")
    fill(store, docs=1)
    y = Code(id="y", name="Y", entries=(Entry("necessary"),))
    apply_codebook(store, Codebook(name="b", codes=(
        Code(id="x", name="X", entries=(Entry("protect"),)), y)), progress=False)  # fmt: skip
    (cid,) = store.conn.execute("SELECT id FROM current_auto_codings WHERE code = 'x'").fetchone()
    record_verdict(store, coder="ana", auto_coding_id=int(cid), verdict="accept")
    report = apply_codebook(store, Codebook(name="b", codes=(y,)), progress=False)
    assert (report.accepts_not_proposed, report.accepts_of_dropped_codes) == (1, 1)
    assert [r.units for r in code_frequencies(store, codes=["x"])] == [1]
    check_codes(store, ["x"])  # freq/kwic/first --code x name it, as freq lists it
    # a table leaves it out and says so (an import could not name the code), as a .qdpx does
    events.add_code(store, coder="ana", unit_key="SYN/1/op2", start=0, end=5, code="y")
    written = export(store, tmp_path / "t.csv", ExportRequest(codebook="b"))
    assert written.count == 1 and any("codes no codebook holds any more (x)" in n
                                      for n in written.notes)  # fmt: skip
    twin = Store.open(tmp_path / "twin.db")
    fill(twin, docs=1)
    register_codebook(twin, Codebook(name="b", codes=(y,)))
    assert import_codings(twin, tmp_path / "t.csv", codebook="b", coder="ana").codings == 1


def test_a_coding_of_a_code_two_codebooks_share_travels_with_the_exported_codebook(
    tmp_path: Path,
) -> None:
    """A reviewer's finding: the table's codebook cell named the first codebook holding the
    code, so an export for b labelled ana's coding 'a': importing it for b was refused, and
    for a it turned her mark for b into a mark for a."""
    from normtrace.coding.human.reviews import current_reviews, mark_done

    def project(path: Path) -> Store:
        store = Store.open(path)
        fill(store, docs=1)
        for name, codes in (("a", "xy"), ("b", "xz")):
            register_codebook(store, Codebook(name=name, codes=tuple(
                Code(id=c, name=c.upper()) for c in codes)))  # fmt: skip
        return store

    store = project(tmp_path / "p.db")
    events.add_code(store, coder="ana", unit_key="SYN/1/op2", start=0, end=5, code="x")
    mark_done(store, coder="ana", codebook="b", unit_keys=["SYN/1/op2"])
    table = tmp_path / "b.csv"
    export(store, table, ExportRequest(codebook="b"))
    twin = project(tmp_path / "twin.db")
    assert import_codings(twin, table, codebook="b", coder="ana").codings == 1
    assert [(m.codebook, m.key) for m in current_reviews(twin, "b")] == [("b", "SYN/1/op2")]
    assert current_reviews(twin, "a") == []


def test_a_codings_cell_names_a_codebook_whose_current_version_holds_the_code(
    tmp_path: Path,
) -> None:
    """A reviewer's finding: the cell named the exported codebook when any of its versions
    had the code, so a code it had dropped (and another codebook had gained) was labelled
    with it, and its own import refused the file."""
    store = Store.open(tmp_path / "p.db")
    fill(store, docs=1)
    register_codebook(store, Codebook(name="A", codes=(Code(id="x", name="X"),
                                                       Code(id="z", name="Z"))))  # fmt: skip
    register_codebook(store, Codebook(name="B", codes=(Code(id="x", name="X"),)))
    events.add_code(store, coder="ana", unit_key="SYN/1/op2", start=0, end=5, code="z")
    register_codebook(store, Codebook(name="A", codes=(Code(id="x", name="X"),)))
    register_codebook(store, Codebook(name="B", codes=(Code(id="x", name="X"),
                                                       Code(id="z", name="Z"))))  # fmt: skip
    table = tmp_path / "a.csv"
    export(store, table, ExportRequest(codebook="A"))
    with table.open(newline="") as f:
        assert [(r["code"], r["codebook"]) for r in csv.DictReader(f)] == [("z", "B")]
    twin = Store.open(tmp_path / "twin.db")
    fill(twin, docs=1)
    register_codebook(twin, Codebook(name="A", codes=(Code(id="x", name="X"),)))
    register_codebook(twin, Codebook(name="B", codes=(Code(id="x", name="X"),
                                                      Code(id="z", name="Z"))))  # fmt: skip
    with pytest.raises(CodingError, match="its rows name B"):
        import_codings(twin, table, codebook="A", coder="ana")
    assert import_codings(twin, table, codebook="B", coder="ana").codings == 1


def test_rejections_travel_through_a_table_when_asked(tmp_path: Path) -> None:
    """A researcher's months: after an export and import, a candidate only ana had rejected
    counted again (freq went from 2 to 3 units) and agreement changed. `code export
    --rejections` carries them; the import records each on the same candidate."""
    from normtrace.coding.codebook import Entry
    from normtrace.coding.counts import code_frequencies
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.exchange.tables import REJECTION, SOURCES
    from normtrace.coding.exchange.tables import PassageFilter as Where
    from normtrace.coding.human.events import record_verdict

    book = Codebook(name="b", codes=(Code(id="x", name="X", entries=(Entry("synthetic"),)),))

    def project(path: Path) -> Store:
        store = Store.open(path)
        fill(store, docs=1)
        apply_codebook(store, book, progress=False)
        return store

    store = project(tmp_path / "p.db")
    (cid,) = store.conn.execute("SELECT id FROM current_auto_codings LIMIT 1").fetchone()
    record_verdict(store, coder="ana", auto_coding_id=int(cid), verdict="reject")
    units = sum(r.units for r in code_frequencies(store, codes=["x"]))
    table = tmp_path / "t.csv"
    plain = export(store, table, ExportRequest(codebook="b"))
    assert any("code export --rejections" in n for n in plain.notes)
    carried = export(store, table, ExportRequest(Where(sources=(*SOURCES[:1], REJECTION)), "b"))
    assert not any("verdicts on proposals" in n for n in carried.notes)
    twin = Store.open(tmp_path / "twin.db")
    fill(twin, docs=1)
    with pytest.raises(CodingError, match="apply the codebook first"):
        import_codings(twin, table, codebook=str(_yaml(tmp_path, book)), coder="ana")
    twin = project(tmp_path / "twin2.db")
    report = import_codings(twin, table, codebook="b", coder="ana")
    assert report.rejections == 1 and report.reviews == 0
    assert sum(r.units for r in code_frequencies(twin, codes=["x"])) == units
    assert import_codings(twin, table, codebook="b", coder="ana").rejections == 0  # once


def _yaml(folder: Path, book: Codebook) -> Path:
    from normtrace.coding.exchange.yamlio import dump_codebook

    path = folder / "b.yaml"
    path.write_text(dump_codebook(book))
    return path
