"""A "done" mark of a whole report paragraph is a reading of the paragraph and every
sub-paragraph it had (migration 0018): when a new version adds a lettered sub-paragraph its
coder never read, the mark stops counting, and the new sub-paragraph is no negative. Before,
only operative and preambular paragraphs were checked for a unit added under them (0015), so
the mark on ``p13`` went on counting and ``p13/c`` was read as a negative.

The report is real: ``tests/fixtures/reports/UNIKOM_S_2003_933.txt``, the text of
``../shared/corpus/reports/UNIKOM_S_2003_933.pdf`` (paragraph 13 has sub-paragraphs (a), (b));
so is the resolution (``tests/fixtures/texts/S-RES-242(1967).txt``). The sub-paragraphs the
tests add to copies of them are SYNTHETIC."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
from normtrace.coding.human.reviews import (
    current_reviews,
    mark_done,
    review_targets,
    stale_reviews,
)
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.levels import holds_sub_paragraphs, holds_sub_paragraphs_sql
from normtrace.parse.report import parse_report
from normtrace.parse.resolution.parser import parse_resolution
from normtrace.project import Project
from normtrace.store.db import Store, migrations

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REPORT = FIXTURES / "reports" / "UNIKOM_S_2003_933.txt"
RESOLUTION = FIXTURES / "texts" / "S-RES-242(1967).txt"
P13 = "S/2003/933/p13"
OP2 = "S/RES/242 (1967)/op2"
OP3 = "S/RES/242 (1967)/op3"
BOOK = Codebook(name="synth", codes=(Code(id="poc", name="PoC"),))


def _add_after(path: Path, line_start: str, added: str, encoding: str) -> None:
    """Write a new version of the file with the SYNTHETIC line ``added`` after the line
    starting ``line_start``."""
    lines = path.read_bytes().decode(encoding).split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith(line_start))
    lines[at + 1 : at + 1] = ["", added]
    path.write_bytes("\n".join(lines).encode(encoding))


def _old_mark(store: Store, key: str) -> None:
    """A paragraph-level mark as recorded before stop 41 on a report's paragraph: it read that
    paragraph's own unit only (its sub-paragraphs were paragraphs of their own)."""
    (text,) = store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()
    store.conn.execute(
        "INSERT INTO coding_reviews (at, coder, codebook, codebook_version, level, unit_key, "
        "source, action, codes, texts) VALUES ('2026-01-01T00:00:00.000000Z', 'dee', 'synth', "
        "?, 'paragraph', ?, 'manual', 'done', NULL, ?)",
        (BOOK.version, key, json.dumps({key: text})),
    )
    store.conn.commit()


def _marked(store: Store) -> set[tuple[str, str, str]]:
    return {(m.coder, m.level, m.key) for m in current_reviews(store, "synth")}


def test_a_whole_report_paragraph_mark_stops_when_a_sub_paragraph_is_added(
    tmp_path: Path,
) -> None:
    report, resolution = tmp_path / REPORT.name, tmp_path / RESOLUTION.name
    shutil.copy(REPORT, report)
    shutil.copy(RESOLUTION, resolution)
    with Project(tmp_path / "p.db") as project:
        store = project.store
        project.ingest([report, resolution])
        register_codebook(store, BOOK)
        mark_done(store, coder="ana", codebook="synth", unit_keys=[P13, OP2, OP3],
                  level="paragraph")  # fmt: skip
        mark_done(store, coder="bo", codebook="synth", unit_keys=[f"{P13}/a"])
        _old_mark(store, P13)  # dee's, from before stop 41: p13's own words only
        read = json.loads(store.conn.execute(
            "SELECT texts FROM coding_reviews WHERE coder = 'ana' AND unit_key = ?", (P13,)
        ).fetchone()[0])  # fmt: skip
        assert sorted(read) == [P13, f"{P13}/a", f"{P13}/b"]  # the paragraph read whole
        assert {f"{P13}/a", f"{P13}/b"} <= review_targets(store, "synth", "unit", code="poc")[0]

        _add_after(report, "(b) A total of 131 civilian staff",
                   "(c) A SYNTHETIC sub-paragraph no coder has read.", "utf-8")  # fmt: skip
        _add_after(resolution, "(c)\tFor guaranteeing the territorial",
                   "(d)\tFor a SYNTHETIC sub-paragraph no coder has read;", "cp1252")  # fmt: skip
        _add_after(resolution, "3.\tRequests the Secretary-General",
                   "(a)\tA SYNTHETIC sub-paragraph no coder has read;", "cp1252")  # fmt: skip
        anchors = project.ingest([report, resolution]).anchors
        now = {str(r[0]) for r in store.conn.execute("SELECT key FROM units")}
        assert {f"{P13}/c", f"{OP2}/d", f"{OP3}/a"} <= now
        # nothing else changed: p13's and its sub-paragraphs' words stand
        assert store.conn.execute(
            "SELECT count(*) FROM units WHERE key IN (?, ?, ?) AND text = json_extract(?, '$.\"' "
            "|| key || '\"')", (P13, f"{P13}/a", f"{P13}/b", json.dumps(read))
        ).fetchone()[0] == 3  # fmt: skip
        assert anchors is not None and f"{P13} (ana)" in anchors.marks_on_changed_text

        # ana's mark of the whole p13 does not speak for p13/c, which she never read
        assert _marked(store) == {("bo", "unit", f"{P13}/a"), ("dee", "paragraph", P13)}
        assert P13 in {m.key for m in stale_reviews(store, "synth", coder="ana")}
        reviewed = review_targets(store, "synth", "unit", code="poc")[0]
        assert f"{P13}/c" not in reviewed and f"{P13}/b" not in reviewed
        labels = collect_labels(store, stored_codebook(store, "synth"), "unit").by_code["poc"]
        assert f"{P13}/c" not in labels
        # dee's mark read p13's own words, which stand: it reviews that one unit, as before
        assert labels == {P13: 0, f"{P13}/a": 0}
        # operative paragraphs as before: a mark of op2 whole, and one of op3 when it had no
        # sub-paragraph, stop counting when one is added
        assert not {m.key for m in current_reviews(store, "synth")} & {OP2, OP3}
        ana = {m.key for m in stale_reviews(store, "synth", coder="ana")}
        assert {P13, OP2, OP3} <= ana


def _keys() -> list[str]:
    """Real keys: the parsed report fixtures and the resolutions of the text fixtures (the
    reserved case resolutions left out), and a meeting's speech and speech paragraph."""
    keys = ["S/PV.8703/s002", "S/PV.8703/s002/p03", "S/PV.8703/s012/p1"]
    for path in sorted((FIXTURES / "reports").glob("*.txt")):
        keys += [p.key for p in parse_report(path.read_text(encoding="utf-8")).paragraphs]
    for name in ("S-RES-242(1967).txt", "S-RES-2048(2012).txt", "S-RES-764(1992).txt"):
        raw = (FIXTURES / "texts" / name).read_bytes().decode("utf-8", errors="replace")
        keys += [p.key for p in parse_resolution(raw).paragraphs]
    return keys


def test_the_sql_of_paragraphs_holding_sub_paragraphs_is_the_python_rule() -> None:
    keys = _keys()
    assert {"S/2003/933/p13", "S/2003/449/p40/d", "S/RES/242 (1967)/op1/ii"} <= set(keys)
    conn = Store.open(":memory:").conn
    sql = f"SELECT {holds_sub_paragraphs_sql('?1')}"
    assert {k: bool(conn.execute(sql, (k,)).fetchone()[0]) for k in keys} == {
        k: holds_sub_paragraphs(k) for k in keys}  # fmt: skip
    assert sum(holds_sub_paragraphs(k) for k in keys) > 100


def test_migration_0018_holds_the_rule_of_levels() -> None:
    """The view cannot call Python: its copy of the rule is the one levels gives."""
    (sql,) = [s for n, name, s in migrations() if name.startswith("0018_")]
    body = re.sub(r"\s+", " ", sql)
    assert holds_sub_paragraphs_sql("r.unit_key") in body
