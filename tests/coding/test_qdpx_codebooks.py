"""A ``.qdpx`` of a project coded with two codebooks holds both (a new user's finding F6).

`code export-qdpx` wrote one codebook's codings: the other codebook's were "skipped" with exit
status 0, so a project coded in two codebooks left two partial files for a QDA program. Now an
export without --codebook writes every codebook of the project into the one file (one
top-level, not codable ``Code`` per codebook holding its codes), with their codings, memos,
review marks and adjudication decisions, and `code import-qdpx` reads it back into the same
codebooks; --codebook NAME writes that codebook alone, as before, and says how many of the
other codebooks' codings it leaves out.

Every text here is SYNTHETIC (made up for tests, not UN text): the made-up resolution SYN/1 and
meeting SYN/PV.1 of ``synthetic_exchange``; the codebooks ``synth`` and ``thesis`` are made up.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.exchange.adjudications import in_force
from normtrace.coding.exchange.qdpx import NAMESPACE, export_qdpx
from normtrace.coding.exchange.qdpx_read import import_qdpx
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.exchange.tables import PassageFilter
from normtrace.coding.human import events
from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.reviews import current_reviews, mark_done
from normtrace.store.db import Store
from synthetic_exchange import SPEECHES, SyntheticProject

SCHEMAS = Path("/work/shared/refi-qda")
#: a code GUID both codebooks were given (as two codebooks read from one .qdc would be)
SHARED_GUID = "5A1B2C3D-0000-4000-8000-00000000AB01"
SYNTH = f"""name: synth
codes:
  - {{id: poc, name: Protection}}
  - {{id: force, name: Force}}
  - {{id: talks, name: Talks, guid: {SHARED_GUID}}}
"""
THESIS = f"""name: thesis
label: SYNTHETIC thesis codebook
codes:
  - {{id: poc, name: Protection of civilians}}
  - {{id: stabilization, name: Stabilization}}
  - {{id: talks, name: Talks, guid: {SHARED_GUID}}}
"""
OP1, OP2 = "SYN/1/op1", "SYN/1/op2"
S1, S2 = "SYN/PV.1/s001", "SYN/PV.1/s002"
PROJECT = SyntheticProject(
    "SYN/1",
    [(OP1, "op", "1. Requests the synthetic mission to protect invented civilians;"),
     (OP2, "op", "2. Authorizes all necessary means to stabilize the made-up district.")],
    SPEECHES,
    SYNTH,
)  # fmt: skip
BOOKS = ("synth", "thesis")


def _project(path: Path, folder: Path) -> Store:
    """ana and ben code in both codebooks: the shared id poc on the same words in each, a
    memo on ana's thesis coding, talks in both, review marks in both, a unit memo and a
    document memo, and pol's adjudication of thesis' stabilization (present) on op2."""
    from normtrace.coding.exchange.codings import resolve_codebook
    from normtrace.web.adjudication import Decision, adjudicate
    from normtrace.web.auth import create_user

    store = PROJECT.open(path, PROJECT.book(folder))
    thesis = folder / "thesis.yaml"
    thesis.write_text(THESIS)
    resolve_codebook(store, str(thesis))
    for coder in ("ana", "ben"):
        events.add_code(store, coder=coder, unit_key=OP1, start=37, end=63, code="poc",
                        codebook="synth")  # fmt: skip
        events.add_code(store, coder=coder, unit_key=S1, start=32, end=37, code="talks",
                        codebook="thesis")  # fmt: skip
    events.add_code(store, coder="ana", unit_key=OP1, start=37, end=63, code="poc",
                    codebook="thesis", memo="SYNTHETIC: the thesis reads it as PoC")  # fmt: skip
    events.add_code(store, coder="ana", unit_key=S1, start=32, end=37, code="talks",
                    codebook="synth")  # fmt: skip
    events.add_code(store, coder="ben", unit_key=OP2, start=14, end=33, code="force",
                    codebook="synth")  # fmt: skip
    stab = events.add_code(store, coder="ana", unit_key=OP2, start=37, end=46,
                           code="stabilization", codebook="thesis")  # fmt: skip
    events.add_memo(store, coder="ben", unit_key=OP2, memo="SYNTHETIC: a unit memo")
    events.add_document_memo(store, coder="ana", document="SYN/1", memo="SYNTHETIC: doc memo")
    for coder in ("ana", "ben"):
        mark_done(store, coder=coder, codebook="synth", unit_keys=[OP1, OP2, S1])
        mark_done(store, coder=coder, codebook="thesis", unit_keys=[OP1, S1, S2])
    with store.transaction():
        pol = create_user(store, "pol", "admin", "synthetic-pass-1")
        decision = Decision(OP2, "stabilization", "present", coding_id=stab.id,
                            note="SYNTHETIC: ana's span", codebook="thesis")  # fmt: skip
        adjudicate(store, pol, decision)
    return store


def _codings(store: Store) -> list[tuple[object, ...]]:
    return sorted(
        (h.codebook, h.coder, h.unit_key, h.start, h.end, h.code, h.memo)
        for h in events.human_codings(store)
    )


def _state(store: Store) -> dict[str, object]:
    """Each codebook's version, codings, marks, decisions in force and agreement, and the
    memos."""
    out: dict[str, object] = {"codings": _codings(store)}
    for name in BOOKS:
        marks = sorted((m.coder, m.level, m.key, m.codes) for m in current_reviews(store, name))
        decided = sorted((d.unit_key, d.code, d.decision, d.adjudicator, d.note, d.start, d.end)
                         for d in in_force(store, name))  # fmt: skip
        kappa = agreement(store, codebook=name, coders=["ana", "ben"])
        rows = [(r.code, r.units, r.percent_agreement, r.cohen_kappa) for r in kappa.rows]
        out[name] = (stored_codebook(store, name), marks, decided, rows)
    out["memos"] = sorted(
        (str(r[0]), str(r[1]), str(r[2]))
        for r in store.conn.execute(
            "SELECT coder, coalesce(unit_key, document), memo FROM effective_coding_events "
            "WHERE action = 'memo'"
        )
    )
    return out


def _qde(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("project.qde").decode("utf-8")


def _validate(qde: str) -> None:
    if not (SCHEMAS / "Project.xsd").is_file():
        pytest.skip("../shared/refi-qda (REFI-QDA schemas) is absent; cannot validate")
    import xmlschema

    xmlschema.XMLSchema(str(SCHEMAS / "Project.xsd")).validate(qde)


def _top_codes(qde: str) -> list[tuple[str, str]]:
    import xml.etree.ElementTree as ET

    q = f"{{{NAMESPACE}}}"
    root = ET.fromstring(qde)
    return [(str(c.get("name")), str(c.get("isCodable")))
            for c in root.findall(f"{q}CodeBook/{q}Codes/{q}Code")]  # fmt: skip


def test_one_file_holds_every_codebook_and_reads_back_into_the_same(tmp_path: Path) -> None:
    with _project(tmp_path / "p.db", tmp_path) as store:
        before = _state(store)
        path = tmp_path / "whole.qdpx"
        report = export_qdpx(store, path)
        held = len(events.human_codings(store))
    assert report.codebooks == ["synth", "thesis"] and report.codes == 6
    assert (report.codings, report.reviews, report.lost, report.other_codebooks) == (
        held, 12, 0, 0)  # fmt: skip
    assert not any(line.startswith("coding ") for line in report.skipped), report.skipped
    qde = _qde(path)
    _validate(qde)
    # one codebook Code each, not codable, holding its codes; every Code GUID distinct (the
    # shared id poc and the shared stored GUID of talks included)
    assert _top_codes(qde) == [("synth", "false"), ("thesis", "false")]
    import xml.etree.ElementTree as ET

    guids = [str(c.get("guid")) for c in ET.fromstring(qde).iter(f"{{{NAMESPACE}}}Code")]
    assert len(guids) == 8 and len(set(guids)) == 8
    assert guids.count(SHARED_GUID) == 1
    # read back into a fresh project: the same codebooks (versions), codings, marks,
    # decisions, memos and agreement
    with Store.open(tmp_path / "fresh.db") as fresh:
        back = import_qdpx(fresh, path)
        assert back.codebooks == ["synth", "thesis"] and back.adjudications == 1
        assert back.codings == held - 1  # pol's final coding comes back with the decision
        assert _state(fresh) == before
        # the same file again: nothing doubled
        again = import_qdpx(fresh, path)
        assert (again.codings, again.reviews, again.memos, again.adjudications) == (0, 0, 0, 0)
        assert _state(fresh) == before
        # and exported again, it is the same project.qde
        export_qdpx(fresh, tmp_path / "again.qdpx")
    assert _top_codes(_qde(tmp_path / "again.qdpx")) == _top_codes(qde)


def test_one_codebook_alone_counts_the_others_codings_it_leaves_out(tmp_path: Path) -> None:
    with _project(tmp_path / "p.db", tmp_path) as store:
        report = export_qdpx(store, tmp_path / "thesis.qdpx", codebook="thesis")
        thesis = [h for h in events.human_codings(store) if h.codebook == "thesis"]
        synth = [h for h in events.human_codings(store) if h.codebook == "synth"]
    # its codes at the top, as before; the synth codings of the shared ids poc and talks are
    # not written as thesis' (they were: ana's synth poc became a second thesis poc)
    qde = _qde(tmp_path / "thesis.qdpx")
    _validate(qde)
    assert [name for name, _ in _top_codes(qde)] == [
        "Protection of civilians", "Stabilization", "Talks"]  # fmt: skip
    assert report.codebooks == ["thesis"] and report.codings == len(thesis)
    assert qde.count("<Coding ") == len(thesis)
    assert (report.other_codebooks, report.lost) == (len(synth), 0)
    (line,) = [s for s in report.skipped if "other codebooks" in s]
    assert line.startswith(f"{len(synth)} human coding(s) of other codebooks (synth: {len(synth)})")
    assert not any(s.startswith("coding ") for s in report.skipped)
    # `code export FILE.qdpx --codebook thesis` (the registered exporter) says so too
    with Store.open(tmp_path / "p.db") as store:
        request = ExportRequest(PassageFilter(), codebook="thesis")
        written = export(store, tmp_path / "e.qdpx", request)
    assert f"left out: {len(synth)} codings of other codebooks (--codebook)" in written.what
    assert written.lost == 0
    with Store.open(tmp_path / "fresh.db") as fresh:
        import_qdpx(fresh, tmp_path / "thesis.qdpx")
        assert sorted(str(r[0]) for r in fresh.conn.execute("SELECT name FROM codebooks")) == [
            "thesis"]  # fmt: skip
        assert _codings(fresh) == sorted(c for c in _codings_of(thesis))


def _codings_of(held: list[events.HumanCoding]) -> list[tuple[object, ...]]:
    return [(h.codebook, h.coder, h.unit_key, h.start, h.end, h.code, h.memo) for h in held]


def test_another_programs_qdpx_is_refused_as_before(tmp_path: Path) -> None:
    """A project written by a QDA program (no normtrace/documents.jsonl) is refused with the
    hint to import its codebook, however its codes nest."""
    from normtrace.errors import CodingError

    foreign = tmp_path / "foreign.qdpx"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("project.qde", f"<Project xmlns='{NAMESPACE}' name='x'><CodeBook><Codes>"
                    f"<Code guid='{SHARED_GUID}' name='A' isCodable='false'/></Codes>"
                    "</CodeBook></Project>")  # fmt: skip
    fresh = Store.open(tmp_path / "fresh.db")
    with pytest.raises(CodingError, match="code convert"):
        import_qdpx(fresh, foreign)
    assert fresh.conn.execute("SELECT count(*) FROM codebooks").fetchone()[0] == 0
