"""Issue 14 item 2: a new version re-anchors codings by their text, or flags them for review."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from normtrace.cli.base import Context
from normtrace.cli.coding import code_group
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.anchors import aligned_span, open_reviews, resolve_review
from normtrace.coding.human.events import add_code, human_codings
from normtrace.project import Project

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "pipeline" / "S-RES-2100(2013).txt"
STABILIZE = "S/RES/2100 (2013)/op16/a/i"
PROTECT = "S/RES/2100 (2013)/op16/c/i"


@contextmanager
def ingested(tmp_path: Path) -> Iterator[tuple[Project, Path]]:
    """The fixture resolution ingested into a new project with the default codebook, and the
    copy of its file (to edit into new versions)."""
    path = tmp_path / FIX.name
    shutil.copy(FIX, path)
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        register_codebook(project.store, load_default_codebook())
        yield project, path


def first_candidate(project: Project) -> Any:
    """The default codebook applied; the first candidate on ``PROTECT`` (``id``, ``snippet``)."""
    from normtrace.coding.dictionary.apply import apply_codebook

    apply_codebook(project.store, load_default_codebook(), progress=False)
    return project.store.conn.execute(
        "SELECT id, snippet FROM current_auto_codings WHERE unit_key = ? ORDER BY start",
        (PROTECT,),
    ).fetchone()


def code_words(project: Project, key: str, words: str, nth: int = 0) -> None:
    text = project.store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()[0]
    at = -1
    for _ in range(nth + 1):
        at = text.index(words, at + 1)
    add_code(project.store, coder="ana", unit_key=key, start=at, end=at + len(words), code="poc")


def run(project: Project, *args: str) -> str:
    result = CliRunner().invoke(code_group, list(args), obj=Context(project.path, False))
    assert result.exit_code == 0, result.output
    return result.output


def counted(project: Project) -> list[tuple[str, int, str]]:
    rows = project.store.conn.execute(
        "SELECT unit_key, start, snippet FROM codings WHERE source = 'human' ORDER BY unit_key"
    )
    return [tuple(r) for r in rows]


def test_a_new_version_reanchors_by_text_and_flags_what_it_cannot(tmp_path: Path) -> None:
    with ingested(tmp_path) as (project, path):
        code_words(project, STABILIZE, "Mali", nth=1)  # "the north of Mali": 2nd of 2 places
        code_words(project, PROTECT, "civilians under imminent threat")
        code_words(project, PROTECT, "physical violence")
        old = {h.snippet: h.start for h in human_codings(project.store)}

        text = path.read_bytes().decode("cp1252")
        text = text.replace("(i) In support of", "(i) Firmly, in support of")
        text = text.replace("To protect, without", "To protect fully, without")
        text = text.replace("threat of physical violence", "threat of violence")
        path.write_bytes(text.encode("cp1252"))
        report = project.ingest([path])

        assert report.counts == {"new_version": 1}
        assert report.anchors is not None
        assert (report.anchors.reanchored, report.anchors.review) == (2, 1)
        assert "2 re-anchored, 1 need review" in report.summary()
        now = {h.snippet: h.start for h in human_codings(project.store)}
        assert now["Mali"] == old["Mali"] + len("Firmly, i") - len("I")
        assert now["civilians under imminent threat"] == old["civilians under imminent threat"] + 6
        # The coding whose words are gone is not counted, and is listed for review.
        assert [s for _, _, s in counted(project)] == ["Mali", "civilians under imminent threat"]
        (review,) = open_reviews(project.store)
        # a word is gone: the reason quotes what the aligned span now reads, for the coder
        assert review.snippet == "physical violence"
        assert review.reason.startswith("not found; the aligned words now read 'violence' at ")

        # Ingesting again changes nothing and does not list the review twice.
        again = project.ingest([path])
        assert again.anchors is not None and again.anchors.review == 1
        assert len(open_reviews(project.store)) == 1
        listed = json.loads(run(project, "review", "--format", "json"))
        assert [r["snippet"] for r in listed] == ["physical violence"]
        run(project, "review", str(review.id), "--drop", "--coder", "ana")
        assert open_reviews(project.store) == []
        assert "(nothing)" in run(project, "review")
        assert len(counted(project)) == 2


def test_ambiguous_places_are_reviewed_and_placed_by_a_coder(tmp_path: Path) -> None:
    with ingested(tmp_path) as (project, path):
        code_words(project, STABILIZE, "Mali", nth=0)
        text = path.read_bytes().decode("cp1252")
        # The coded words' surroundings change and a second, equally good place appears.
        text = text.replace(
            "(i) In support of the transitional authorities of Mali, to stabilize the key "
            "population centres, especially in the north of Mali and, in this context, to deter",
            "(i) For Mali; for Mali; to deter",
        )
        path.write_bytes(text.encode("cp1252"))
        report = project.ingest([path])
        assert report.anchors is not None and report.anchors.review == 1
        (review,) = open_reviews(project.store)
        assert review.reason.startswith("ambiguous") and len(review.places) >= 2
        resolve_review(project.store, review.id, coder="ana", start=review.places[0])
        assert open_reviews(project.store) == []
        assert [s for _, _, s in counted(project)] == ["Mali"]


def test_a_rejection_moves_with_its_words_to_a_new_version(tmp_path: Path) -> None:
    """A verdict follows its candidate's words: re-running apply on the new version keeps it."""
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.human.events import record_verdict

    path = tmp_path / FIX.name
    shutil.copy(FIX, path)
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        store = project.store
        apply_codebook(store, load_default_codebook())
        (cand,) = store.conn.execute(
            "SELECT * FROM current_auto_codings WHERE unit_key = ? AND code = 'poc'", (PROTECT,)
        ).fetchall()
        record_verdict(store, coder="ana", auto_coding_id=cand["id"], verdict="reject")
        rejected = store.conn.execute("SELECT count(*) FROM codings").fetchone()[0]

        text = path.read_bytes().decode("cp1252")
        path.write_bytes(text.replace("To protect, without", "To protect fully, without")
                         .encode("cp1252"))  # fmt: skip
        report = project.ingest([path])
        assert report.anchors is not None and report.anchors.verdicts == 1
        apply_codebook(store, load_default_codebook())
        (moved,) = store.conn.execute(
            "SELECT * FROM current_auto_codings WHERE unit_key = ? AND code = 'poc'", (PROTECT,)
        ).fetchall()
        assert moved["start"] == cand["start"] + len(" fully")
        assert store.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == rejected
        path.write_bytes(path.read_bytes() + b"\n")  # another version: nothing moves twice
        again = project.ingest([path])
        assert again.anchors is not None and again.anchors.verdicts == 0


def test_words_changed_only_in_case_spacing_or_punctuation_are_reanchored_by_alignment(
    tmp_path: Path,
) -> None:
    """No exact place, but aligning the old text to the new finds the same words with
    another case, spacing or punctuation: moved there (the memo says what changed); a
    changed word is listed for review, never moved."""
    with ingested(tmp_path) as (project, path):
        code_words(project, STABILIZE, "the north of Mali")
        code_words(project, PROTECT, "civilians under imminent threat")
        code_words(project, PROTECT, "physical violence")
        text = path.read_bytes().decode("cp1252")
        text = text.replace("the north of Mali", "the North of Mali")
        text = text.replace("civilians under imminent threat", "civilians, under imminent threat")
        text = text.replace("physical violence", "physical harm")  # a word changed
        path.write_bytes(text.encode("cp1252"))
        report = project.ingest([path])

        assert report.anchors is not None
        assert (report.anchors.reanchored, report.anchors.review) == (2, 1)
        # counted: the two moved codings, at their new words; not the one under review
        assert sorted(s for _, _, s in counted(project)) == [
            "civilians, under imminent threat",
            "the North of Mali",
        ]
        # what moved them is said on the removal of the old span (the coding keeps its memo)
        memos = dict(
            project.store.conn.execute(
                "SELECT snippet, memo FROM coding_events WHERE action = 'uncode' "
                "AND reanchors IS NOT NULL"
            ).fetchall()
        )
        assert "to the same words, changed case: moved to [" in memos["the north of Mali"]
        assert "changed punctuation: moved to [" in memos["civilians under imminent threat"]
        moved = {h.snippet: h for h in human_codings(project.store)}["the North of Mali"]
        current = project.store.conn.execute(
            "SELECT text FROM units WHERE key = ?", (STABILIZE,)
        ).fetchone()[0]
        assert current[moved.start : moved.end] == "the North of Mali"
        (review,) = open_reviews(project.store)
        assert review.snippet == "physical violence"
        assert "'physical harm'" in review.reason


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    words=st.lists(
        st.sampled_from(["Mali", "the", "north", "of", "Gao", "force", "UN"]),
        min_size=2,
        max_size=30,
    ),  # fmt: skip
    data=st.data(),
)
def test_alignment_carries_a_span_through_case_and_spacing_changes(
    words: list[str], data: st.DataObject
) -> None:
    """SYNTHETIC texts: the same words, each separator a new run of spaces and any word's
    case flipped; a span of whole words is carried to the same words."""
    old = " ".join(words)
    seps = data.draw(st.lists(st.sampled_from([" ", "  ", "\n"]), min_size=len(words) - 1,
                              max_size=len(words) - 1))  # fmt: skip
    flips = data.draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    new_words = [w.swapcase() if f else w for w, f in zip(words, flips, strict=True)]
    new = new_words[0] + "".join(s + w for s, w in zip(seps, new_words[1:], strict=True))
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i, len(words) - 1))
    start = sum(len(w) + 1 for w in words[:i])
    end = sum(len(w) + 1 for w in words[: j + 1]) - 1
    span = aligned_span(old, new, start, end)
    assert span is not None
    assert new[span[0] : span[1]].split() == new_words[i : j + 1]


def test_a_coding_awaiting_review_is_left_out_of_exports_with_a_note(tmp_path: Path) -> None:
    """A new user's export carried a coding awaiting review as a plain coding: its old offsets
    read other words of the new text ('... to protect the civil'), and a project that imported
    the file counted it as finished."""
    import zipfile

    from normtrace.cli import cli
    from normtrace.coding.exchange.registry import ExportRequest, export

    with ingested(tmp_path) as (project, path):
        code_words(project, PROTECT, "civilians under imminent threat")
        code_words(project, PROTECT, "physical violence")
        text = path.read_bytes().decode("cp1252")
        path.write_bytes(text.replace("threat of physical violence", "threat of violence")
                         .encode("cp1252"))  # fmt: skip
        project.ingest([path])
        assert len(open_reviews(project.store)) == 1
        table = export(project.store, tmp_path / "c.csv", ExportRequest())
        written = (tmp_path / "c.csv").read_text()
        assert "civilians under imminent threat" in written
        assert written.count("ana") == 1 and table.lost == 1
        assert any("1 human coding(s) left out" in n and "code review" in n for n in table.notes)
        qdpx = export(project.store, tmp_path / "p.qdpx", ExportRequest())
        assert qdpx.count == 1 and qdpx.lost == 1
        with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
            assert zf.read("project.qde").decode("utf-8").count("<Coding ") == 1
    result = CliRunner().invoke(
        cli, ["--project", str(tmp_path / "p.db"), "code", "export", str(tmp_path / "d.csv")]
    )
    assert result.exit_code == 1 and "left out" in result.output
    # an export of ben's codings misses nothing of ana's awaiting review
    result = CliRunner().invoke(cli, ["--project", str(tmp_path / "p.db"), "code", "export",
                                      str(tmp_path / "b.csv"), "--coder", "ben"])  # fmt: skip
    assert result.exit_code == 0 and "left out" not in result.output, result.output


def test_a_reanchored_coding_keeps_its_memo_and_its_move_is_not_undone(tmp_path: Path) -> None:
    """A new user's memo was replaced by 're-anchored by run 8'; undoing the re-anchoring's
    two events put the coding back on offsets that read other words, counted nowhere and
    listed nowhere; and a review quoting the aligned words could not place the coding there."""
    from normtrace.coding.human.undo import undo_event as undo
    from normtrace.errors import CodingError

    with ingested(tmp_path) as (project, path):
        text = project.store.conn.execute(
            "SELECT text FROM units WHERE key = ?", (PROTECT,)
        ).fetchone()[0]
        at = text.index("civilians under imminent threat")
        add_code(project.store, coder="ana", unit_key=PROTECT, start=at, end=at + 31,
                 code="poc", memo="SYNTHETIC memo: reactive protection")  # fmt: skip
        code_words(project, PROTECT, "physical violence")
        raw = path.read_bytes().decode("cp1252")
        raw = raw.replace("To protect, without", "To protect fully, without")
        raw = raw.replace("threat of physical violence", "threat of physical harm")
        path.write_bytes(raw.encode("cp1252"))
        report = project.ingest([path])
        assert report.anchors is not None and report.anchors.reanchored == 1
        moved = {h.snippet: h for h in human_codings(project.store)}
        kept = moved["civilians under imminent threat"].memo
        assert kept == "SYNTHETIC memo: reactive protection"
        # the re-anchoring is no action of ana's: u takes back her own latest one, and the
        # move itself is refused with what to do instead
        reanchoring = project.store.conn.execute(
            "SELECT id FROM coding_events WHERE reanchors IS NOT NULL AND action = 'code'"
        ).fetchone()[0]
        try:
            undo(project.store, coder="ana", event_id=int(reanchoring))
        except CodingError as exc:
            assert "code remove" in str(exc)
        else:
            raise AssertionError("the re-anchoring was undone")
        # the review quotes the aligned words and how to code them; --at --end does
        (review,) = open_reviews(project.store)
        hint = review.reason.split("(to code them: ")[1].rstrip(")")
        start, end = int(hint.split()[1]), int(hint.split()[3])
        run(project, "review", str(review.id), "--at", str(start), "--end", str(end),
            "--coder", "ana")  # fmt: skip
        assert open_reviews(project.store) == []
        assert "physical harm" in {h.snippet for h in human_codings(project.store)}
        # a coder's own placing can be undone, in one undo (a researcher's months: one undo
        # took back only its second half and left the coding nowhere): listed for review again
        undo(project.store, coder="ana")
        assert [r.snippet for r in open_reviews(project.store)] == ["physical violence"]
        # and neither half of the ingest's move (the removal of the old span, the coding of
        # the new) is what a plain undo takes back
        halves = {int(r[0]) for r in project.store.conn.execute(
            "SELECT id FROM coding_events WHERE reanchors IS NOT NULL AND run_id IS NOT NULL "
            "UNION SELECT u.id FROM coding_events u JOIN coding_events c ON c.reanchors = "
            "u.reanchors AND c.run_id IS NOT NULL WHERE u.action = 'uncode'")}  # fmt: skip
        assert len(halves) == 2
        # nor the coding the ingest moved (undoing it changed nothing, yet said it had)
        (moved_from,) = project.store.conn.execute(
            "SELECT reanchors FROM coding_events WHERE run_id IS NOT NULL AND action = 'code'"
        ).fetchone()
        undone = undo(project.store, coder="ana")
        assert undone.target_event not in halves | {moved_from}
        for half in halves:
            try:
                undo(project.store, coder="ana", event_id=half)
            except CodingError as exc:
                assert "code remove" in str(exc)
            else:
                raise AssertionError(f"event {half} of the ingest's move was undone")


def test_a_coder_settles_only_a_review_of_their_own_coding(tmp_path: Path) -> None:
    """A new user dropped ben's coding as ana; the removal was recorded as ben's event, and
    ben's next undo took back what he never did."""
    from normtrace.errors import CodingError

    with ingested(tmp_path) as (project, path):
        code_words(project, PROTECT, "physical violence")  # ana's
        raw = path.read_bytes().decode("cp1252")
        path.write_bytes(raw.replace("physical violence", "physical harm").encode("cp1252"))
        project.ingest([path])
        (review,) = open_reviews(project.store)
        try:
            resolve_review(project.store, review.id, coder="ben", drop=True)
        except CodingError as exc:
            assert "ana settles it (--coder ana)" in str(exc)
        else:
            raise AssertionError("ben settled ana's review")
        assert len(open_reviews(project.store)) == 1


def test_a_candidate_whose_words_a_new_version_changed_is_gone_not_judged(tmp_path: Path) -> None:
    """A new user accepted a candidate of the old text ('all necessary means', which the new
    version no longer holds) without a word, and `code list` still offered it."""
    from normtrace.coding.human.events import record_verdict
    from normtrace.errors import CodingError

    with ingested(tmp_path) as (project, path):
        row = first_candidate(project)
        raw = path.read_bytes().decode("cp1252")
        path.write_bytes(raw.replace(row["snippet"], row["snippet"].upper(), 1).encode("cp1252"))
        project.ingest([path])
        try:
            record_verdict(project.store, coder="ana", auto_coding_id=int(row["id"]),
                           verdict="accept")  # fmt: skip
        except CodingError as exc:
            assert "no longer at its place" in str(exc) and "code apply" in str(exc)
        else:
            raise AssertionError("a candidate of the old text was judged")
        listed = json.loads(run(project, "list", "--unit", PROTECT, "--format", "json"))
        mine = next(r for r in listed if r["id"] == row["id"])
        assert mine["status"] == "gone"


def test_memos_on_a_coding_follow_it_to_a_new_version(tmp_path: Path) -> None:
    """A review found a colleague's memo on a coding gone from the table export once a new
    version of the text had moved the coding."""
    from normtrace.coding.exchange.registry import ExportRequest, export
    from normtrace.coding.human.events import add_memo

    with ingested(tmp_path) as (project, path):
        code_words(project, PROTECT, "civilians under imminent threat")
        (coding,) = human_codings(project.store)
        add_memo(project.store, coder="ben", unit_key=PROTECT, memo="SYNTHETIC colleague note",
                 start=coding.start, end=coding.end, code="poc")  # fmt: skip
        raw = path.read_bytes().decode("cp1252")
        path.write_bytes(raw.replace("To protect, without", "To protect fully, without")
                         .encode("cp1252"))  # fmt: skip
        assert project.ingest([path]).anchors.reanchored == 1  # type: ignore[union-attr]
        export(project.store, tmp_path / "t.csv", ExportRequest())
        assert "ben: SYNTHETIC colleague note" in (tmp_path / "t.csv").read_text()


def test_a_file_edited_and_put_back_restores_its_text_two_files_do_not_flip(
    tmp_path: Path,
) -> None:
    """A user edited a resolution's file in place, ingested it, put the original bytes back
    and ingested again: 'unchanged', and the edited text stayed current. Two versions of
    one document side by side in a folder must not take turns on every re-ingest."""
    path = tmp_path / FIX.name
    shutil.copy(FIX, path)
    raw = FIX.read_bytes()
    edited = raw.decode("cp1252").replace("To protect, without", "To protect fully, without")

    def current_text(project: Project) -> str:
        row = project.store.conn.execute("SELECT text FROM units WHERE key = ?", (PROTECT,))
        return str(row.fetchone()[0])

    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        register_codebook(project.store, load_default_codebook())
        code_words(project, PROTECT, "civilians under imminent threat")
        path.write_bytes(edited.encode("cp1252"))
        assert project.ingest([path]).counts == {"new_version": 1}
        path.write_bytes(raw)
        assert project.ingest([path]).counts == {"new_version": 1}
        assert "To protect fully" not in current_text(project)
        assert [s for _, _, s in counted(project)] == ["civilians under imminent threat"]
        assert project.ingest([path]).counts == {"unchanged": 1}
        # the edited file beside the original (bytes seen before, from the other path):
        # nothing changes, however often the folder is ingested
        beside = tmp_path / "edited" / FIX.name
        beside.parent.mkdir()
        beside.write_bytes(edited.encode("cp1252"))
        for _ in range(2):  # the edited bytes: an earlier version, named so (stop 46, F4)
            assert project.ingest([path, beside]).counts == {"unchanged": 1, "earlier_version": 1}
            assert "To protect fully" not in current_text(project)
        # a third text beside it: one new version, then nothing changes
        beside.write_bytes(edited.replace("fully", "wholly").encode("cp1252"))
        assert project.ingest([path, beside]).counts == {"unchanged": 1, "new_version": 1}
        for _ in range(2):  # now the put-back bytes are the earlier version
            assert project.ingest([path, beside]).counts == {"unchanged": 1, "earlier_version": 1}
            assert "To protect wholly" in current_text(project)


def test_a_file_put_back_is_recognized_under_another_spelling_of_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit was ingested as ``./FILE`` and the original put back as an absolute path:
    one file, so its text is restored (the reviewer's finding: literal strings differed)."""
    path = tmp_path / FIX.name
    shutil.copy(FIX, path)
    raw = FIX.read_bytes()
    monkeypatch.chdir(tmp_path)
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        path.write_bytes(raw.decode("cp1252").replace("To protect,", "To guard,").encode("cp1252"))
        assert project.ingest([f"./{FIX.name}"]).counts == {"new_version": 1}
        path.write_bytes(raw)
        assert project.ingest([path]).counts == {"new_version": 1}
        row = project.store.conn.execute("SELECT text FROM units WHERE key = ?", (PROTECT,))
        assert "To guard" not in str(row.fetchone()[0])


def test_an_ingest_says_when_an_accepts_words_changed(tmp_path: Path) -> None:
    """A researcher's months: an accepted candidate whose words a new version changed stopped
    counting, and the ingest said "0 re-anchored, 0 need review"."""
    from normtrace.coding.human.events import record_verdict

    with ingested(tmp_path) as (project, path):
        row = first_candidate(project)
        record_verdict(project.store, coder="ana", auto_coding_id=int(row["id"]), verdict="accept")
        raw = path.read_bytes().decode("cp1252")
        path.write_bytes(raw.replace(row["snippet"], row["snippet"].upper(), 1).encode("cp1252"))
        anchors = project.ingest([path]).anchors
        assert anchors is not None and anchors.accepts_gone == 1
        assert "1 accepted candidate(s) whose words changed no longer count" in anchors.line()
        # said once: another document's new version does not repeat it (a reviewer's finding)
        other = tmp_path / "SYN-other.txt"
        other.write_text("SYNTHETIC first text.")
        project.ingest([other])
        other.write_text("SYNTHETIC second text.")
        assert project.ingest([other]).anchors.accepts_gone == 0  # type: ignore[union-attr]
        path.write_bytes(raw.encode("cp1252"))  # put back: the accept counts again
        anchors = project.ingest([path]).anchors
        assert anchors is not None and anchors.accepts_gone == 0


def test_a_coding_whose_paragraph_moved_to_another_key_is_reviewed_with_its_new_key(
    tmp_path: Path,
) -> None:
    """A researcher's months: a new version inserted a preambular paragraph, the later keys
    shifted by one, and the review offered to code an unrelated paragraph's words instead of
    naming the key the coded text had moved to. (The inserted paragraph is SYNTHETIC.)"""
    key = "S/RES/2100 (2013)/pp03"
    with ingested(tmp_path) as (project, path):
        code_words(project, key, "principles of peacekeeping")
        lines = path.read_bytes().decode("cp1252").split("\n")
        at = next(i for i, ln in enumerate(lines) if ln.startswith("Reaffirming its strong"))
        lines.insert(at + 1, "Noting a SYNTHETIC paragraph inserted for this test,")
        path.write_bytes("\n".join(lines).encode("cp1252"))
        assert project.ingest([path]).anchors.review == 1  # type: ignore[union-attr]
        (review,) = open_reviews(project.store)
        assert "now S/RES/2100 (2013)/pp04 (a paragraph was inserted or removed" in review.reason


def test_an_ingest_names_the_done_marks_made_on_text_it_changed(tmp_path: Path) -> None:
    """A researcher's months: a new version changed the words of a unit ana had marked
    "done, nothing applies"; the mark went on speaking for the new words (hiding their
    candidates) and nothing said so. (The changed words are SYNTHETIC.)"""
    from normtrace.coding.human.reviews import mark_done

    other = "S/RES/2100 (2013)/pp02"
    with ingested(tmp_path) as (project, path):
        mark_done(project.store, coder="ana", codebook="stability-operations",
                  unit_keys=[PROTECT, other])  # fmt: skip
        raw = path.read_bytes().decode("cp1252")
        text = project.store.conn.execute(
            "SELECT text FROM units WHERE key = ?", (PROTECT,)).fetchone()[0]  # fmt: skip
        words = text.split()
        # a stretch of the unit's words found once in the file (lines may wrap elsewhere)
        once = next(" ".join(words[i : i + 3]) for i in range(len(words))
                    if raw.count(" ".join(words[i : i + 3])) == 1)  # fmt: skip
        path.write_bytes(raw.replace(once, once + " SYNTHETIC").encode("cp1252"))
        anchors = project.ingest([path]).anchors
        assert anchors is not None and anchors.marks_on_changed_text == (f"{PROTECT} (ana)",)
        assert f"{PROTECT} (ana)" in anchors.line()
        assert project.ingest([path]).anchors.marks_on_changed_text == ()  # type: ignore[union-attr]
