"""A ``.qdpx`` imported back after its memos were edited (in a QDA program, or by hand).

The import follows ``code import``'s one rule (:mod:`normtrace.coding.exchange.import_memos`):
an edited note is recorded as a new memo event of its coder at the import's time, beside the
memo it edits, which stays; an unchanged note is not written again (nor re-timed); the same
file imported twice changes nothing. Before, an edited note on a coding was dropped without a
word, and an edited note on a span, a unit or a document was recorded with the time of the
note it edits (the file's ``creationDateTime``), as if written then.

Every text here is SYNTHETIC (made up for tests, not UN text): the made-up resolution SYN/1
and meeting SYN/PV.1 of ``synthetic_exchange``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.exchange.passage_memos import memoed_codings
from normtrace.coding.exchange.qdpx import export_qdpx
from normtrace.coding.exchange.qdpx_read import import_qdpx
from normtrace.coding.human import events
from normtrace.store.db import Store, utc_now
from synthetic_exchange import SPEECHES, SyntheticProject

UNIT = "SYN/1/op1"
PROJECT = SyntheticProject(
    "SYN/1",
    [(UNIT, "op", "1. Requests the synthetic mission to protect invented civilians;"),
     ("SYN/1/op2", "op", "2. Decides to remain seized of this made-up matter.")],
    SPEECHES,
)  # fmt: skip
#: each memo of the project and its edit in the file
EDITS = {
    "SYNTHETIC coded: the mission's task": "SYNTHETIC coded: the mission's task, not a norm",
    "SYNTHETIC later: which civilians?": "SYNTHETIC later: which civilians? the invented ones",
    "SYNTHETIC unit: procedural": "SYNTHETIC unit: purely procedural",
    "SYNTHETIC document: a made-up text": "SYNTHETIC document: a made-up text, read twice",
}
AT = "2024-05-01T10:00:00Z"  # when a SYNTHETIC note was written in another program
#: memos nobody edits
KEPT = ("SYNTHETIC ben: agreed", "SYNTHETIC unit: force?")


def _memoed(path: Path, folder: Path) -> Store:
    """ana's coding with a memo, her later memo on it, memos on a whole unit and on the
    document; ben's memo on her coding's span; ana's memo about another code on op2."""
    store = PROJECT.open(path, PROJECT.book(folder))
    texts = list(EDITS)
    events.add_code(store, coder="ana", unit_key=UNIT, start=3, end=11, code="poc",
                    memo=texts[0], codebook="synth")  # fmt: skip
    events.add_memo(store, coder="ana", unit_key=UNIT, start=3, end=11, code="poc",
                    memo=texts[1], codebook="synth")  # fmt: skip
    events.add_memo(store, coder="ben", unit_key=UNIT, start=3, end=11, code="poc",
                    memo=KEPT[0], codebook="synth")  # fmt: skip
    events.add_memo(store, coder="ana", unit_key="SYN/1/op2", memo=texts[2])
    events.add_memo(store, coder="ana", unit_key="SYN/1/op2", memo=KEPT[1], code="force")
    events.add_document_memo(store, coder="ana", document="SYN/1", memo=texts[3])
    return store


def _edited(source: Path, target: Path, edits: dict[str, str]) -> Path:
    """``source`` with each note text of ``edits`` replaced in its ``project.qde``."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "project.qde":
                qde = data.decode("utf-8")
                for old, new in edits.items():
                    assert qde.count(f">{old}<") == 1, old
                    qde = qde.replace(f">{old}<", f">{new}<")
                data = qde.encode("utf-8")
            zout.writestr(name, data)
    return target


def _memos(store: Store) -> list[tuple[int, str, str, str | None]]:
    """Every memo the project holds: (event, coder, text, the time an import stated)."""
    rows = store.conn.execute(
        "SELECT e.id, e.coder, e.memo, t.made_at FROM effective_coding_events e LEFT JOIN "
        "stated_times t ON t.event_id = e.id WHERE COALESCE(e.memo, '') <> '' "
        "AND e.action IN ('code', 'memo') ORDER BY e.id"
    )
    return [(int(r[0]), str(r[1]), str(r[2]), r[3]) for r in rows]


def _events(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0])


def test_edited_notes_are_new_memo_events_at_the_import_time(tmp_path: Path) -> None:
    with _memoed(tmp_path / "p.db", tmp_path) as store:
        export_qdpx(store, tmp_path / "p.qdpx", codebook="synth")
        edited = _edited(tmp_path / "p.qdpx", tmp_path / "edited.qdpx", EDITS)
        before = _memos(store)
        started = utc_now(precise=True)
        report = import_qdpx(store, edited)
        after = _memos(store)
        assert after[: len(before)] == before  # nothing overwritten, nothing re-timed
        added = after[len(before) :]
        # each edit once, by its coder, at the import's time: no stated time (the note's
        # creationDateTime dates the memo it edits, not the edit)
        assert sorted((who, text, stated) for _, who, text, stated in added) == sorted(
            ("ana", new, None) for new in EDITS.values()
        )
        recorded = {str(r[0]) for r in store.conn.execute(
            "SELECT at FROM coding_events WHERE id > ?", (before[-1][0],))}  # fmt: skip
        assert min(recorded) >= started
        assert (report.memos, report.memos_changed, report.memos_already) == (0, 4, 2)
        # the coding lists both of its coder's memos and their edits, and ben's, oldest first
        (coding,) = memoed_codings(store)
        listed = [m.memo for m in coding.memos]
        assert listed[:3] == [*list(EDITS)[:2], KEPT[0]]
        assert sorted(listed[3:]) == sorted(list(EDITS.values())[:2])  # (one import: any order)
        # the same file again, or the first export: nothing changes
        count = _events(store)
        for path in (edited, tmp_path / "p.qdpx"):
            again = import_qdpx(store, path)
            assert (again.memos, again.memos_changed, again.codings) == (0, 0, 0)
            assert again.memos_already == 6
            assert _events(store) == count
        # a new export carries the edits beside the earlier memos; it imports as nothing new
        export_qdpx(store, tmp_path / "next.qdpx", codebook="synth")
        back = import_qdpx(store, tmp_path / "next.qdpx")
        assert (back.memos, back.memos_changed, back.memos_already) == (0, 0, 10)
        assert _events(store) == count


def test_into_a_new_project_every_note_is_new_at_its_stated_time(tmp_path: Path) -> None:
    """Memos of codings the same import writes are new (not edits of those codings' memos):
    each keeps the time its note states."""
    with _memoed(tmp_path / "p.db", tmp_path) as store:
        export_qdpx(store, tmp_path / "p.qdpx", codebook="synth")
        source = _memos(store)
    with Store.open(tmp_path / "p.db") as store, Store.open(tmp_path / "fresh.db") as fresh:
        report = import_qdpx(fresh, tmp_path / "p.qdpx")
        assert (report.codings, report.memos, report.memos_changed) == (1, 5, 0)
        copied = _memos(fresh)
        assert sorted((who, text) for _, who, text, _ in copied) == sorted(
            (who, text) for _, who, text, _ in source
        )
        # each at the time it was made in the first project (its recording time there)
        made = {e.memo: e.at for e in events.list_events(store) if e.memo}
        assert {text: stated for _, _, text, stated in copied} == made


def test_a_new_note_on_a_held_coding_keeps_its_time(tmp_path: Path) -> None:
    """A note written in a QDA program on a coding the project holds without a memo is new:
    recorded at the note's ``creationDateTime``."""
    with PROJECT.open(tmp_path / "p.db", PROJECT.book(tmp_path)) as store:
        events.add_code(store, coder="ana", unit_key=UNIT, start=3, end=11, code="poc",
                        codebook="synth")  # fmt: skip
        export_qdpx(store, tmp_path / "p.qdpx", codebook="synth")
        noted = _with_coding_note(
            tmp_path / "p.qdpx", tmp_path / "noted.qdpx", "SYNTHETIC elsewhere", AT
        )
        report = import_qdpx(store, noted)
        assert (report.memos, report.memos_changed) == (1, 0)
        assert _memos(store)[-1][2:] == ("SYNTHETIC elsewhere", AT)
        assert import_qdpx(store, noted).memos_already == 1


def _with_coding_note(source: Path, target: Path, text: str, at: str) -> Path:
    """``source`` with a note ``text`` made at ``at`` on its one ``Coding`` (as a QDA program
    writes one: a ``NoteRef`` in the coding, the ``Note`` in the project's ``Notes``)."""
    note = "8E3C8D5A-0000-4000-8000-00000000A001"  # a made-up GUID
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "project.qde":
                qde = data.decode("utf-8")
                assert qde.count("</Coding>") == 1 and "<Notes>" not in qde
                qde = qde.replace("</Coding>", f'<NoteRef targetGUID="{note}" /></Coding>')
                qde = qde.replace(
                    "</Project>",
                    f'<Notes><Note guid="{note}" creationDateTime="{at}"><PlainTextContent>'
                    f"{text}</PlainTextContent></Note></Notes></Project>",
                )
                data = qde.encode("utf-8")
            zout.writestr(name, data)
    return target


def test_the_command_says_what_it_did_with_the_notes(tmp_path: Path) -> None:
    with _memoed(tmp_path / "p.db", tmp_path) as store:
        export_qdpx(store, tmp_path / "p.qdpx", codebook="synth")
    edited = _edited(tmp_path / "p.qdpx", tmp_path / "edited.qdpx", {KEPT[1]: "SYNTHETIC force!"})
    args = ["--project", str(tmp_path / "p.db"), "code", "import-qdpx", str(edited)]
    out = CliRunner().invoke(cli, args)
    assert out.exit_code == 0, out.output
    assert (
        "0 memos (1 edited, each recorded as a new memo event beside the earlier one (which "
        "stays); 5 held already)" in out.output
    )
