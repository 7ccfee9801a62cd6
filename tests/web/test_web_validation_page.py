"""The validation page of a codebook (the table of ``normtrace code validate`` on the web),
the suggestion queue opening at the level where suggestions wait, and a frame's code page
gathering its codes' passages.

The labels are SYNTHETIC and arbitrary (a workflow test, not a quality test): code ``flag``
of a SYNTHETIC test codebook (one dictionary pattern, "Council") on the first twelve
paragraphs of the fixture project.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from pathlib import Path

from web_support import TestClient

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.learn.scores import score
from normtrace.coding.learn.validate import latest_validation, validate
from normtrace.coding.validity import code_validity
from normtrace.store.db import Store
from normtrace.web.access import ProjectAccess

BOOK = "name: webtest\ncodes:\n  - {id: flag, name: Flag, entries: [Council]}\n"
OFFENSIVE = ["offensive_operations", "neutralize_disarm", "intervention_brigade",
             "robust_posture", "preemptive"]  # fmt: skip


def _label(access: ProjectAccess, tmp_path: Path, level: str = "unit") -> list[str]:
    (tmp_path / "webtest.yaml").write_text(BOOK)
    with access.read() as store:
        sql = "SELECT key FROM units WHERE unit_type = 'paragraph' ORDER BY ord LIMIT 12"
        keys = [r[0] for r in store.conn.execute(sql)]
    rows = [{"unit_key": k, "code": "flag" if i % 2 else ""} for i, k in enumerate(keys)]
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    access.write(lambda store: import_codings(store, path, codebook=str(tmp_path / "webtest.yaml"),
                                              coder="gold", level=level))  # fmt: skip
    return keys


# ----------------------------------------------------------------------------- 8a: validation


def test_validation_page_shows_the_stored_run_as_code_validate_prints_it(
    clients: dict[str, TestClient], access: ProjectAccess, tmp_path: Path
) -> None:
    _label(access, tmp_path)
    access.write(lambda store: validate(store, "webtest", level="unit", folds=2))
    with access.read() as store:
        run = latest_validation(store, "webtest", level="unit")
        measured = code_validity(store, "webtest", level="unit")
    assert run is not None
    data = clients["alice"].get("/api/codebooks/webtest/validation").json()
    unit, paragraph = data["levels"]
    assert unit["level"] == "unit" and unit["run_id"] == run.run_id and unit["current"]
    assert unit["codebook_version"] == run.codebook_version == data["version"]
    keys = list(asdict(run.scores[0]))
    # the very numbers the run stored (what `code validate` printed): no second computation
    assert [{k: r[k] for k in keys} for r in unit["scores"]] == [asdict(s) for s in run.scores]
    assert {r["method"] for r in unit["scores"]} == {"dictionary", "model"}
    dictionary = next(r for r in unit["scores"] if r["method"] == "dictionary")
    # flagged as the CLI flags the code (coding.validity): 12 labelled units < 30
    assert dictionary["flag"] == measured["flag"].flag() == "12 labelled units < 30"
    assert paragraph["run_id"] is None and paragraph["scores"] == []
    assert paragraph["command"] == "normtrace code validate --codebook webtest --level paragraph"
    # what the tool uses meanwhile at paragraph level: the unit-level run (coding.validity)
    assert f"the unit-level run {run.run_id}" in paragraph["missing"]
    assert paragraph["bundled"] == []  # not the default codebook: nothing bundled

    page = clients["alice"].get("/codebooks/webtest/validation").text
    assert f"Validation run {run.run_id}" in page and "(the codebook's current version)" in page
    for s in run.scores:
        assert f'data-code="{s.code}" data-method="{s.method}"' in page
        if s.f1 is not None and s.f1_low is not None and s.f1_high is not None:
            assert f'{s.f1:.2f} <span class="ci">[{s.f1_low:.2f}, {s.f1_high:.2f}]' in page
    assert "unvalidated: 12 labelled units &lt; 30" in page
    assert "F1 [95 %]" in page and "Model" in page and "Dictionary" in page
    book = clients["alice"].get("/codebooks/webtest").text
    assert 'href="/codebooks/webtest/validation"' in book


def test_validation_page_says_when_the_run_is_of_an_earlier_version(
    clients: dict[str, TestClient], access: ProjectAccess, tmp_path: Path
) -> None:
    _label(access, tmp_path)
    access.write(lambda store: validate(store, "webtest", level="unit", folds=2))
    admin = clients["admin"]
    base = admin.get("/api/codebooks/webtest").json()["version"]
    saved = admin.post(
        "/api/codebooks/webtest/codes",
        json={"base_version": base, "id": "flag", "name": "Flag", "patterns": ["Security"]},
    )
    assert saved.status_code == 201, saved.text
    unit = admin.get("/api/codebooks/webtest/validation").json()["levels"][0]
    assert unit["codebook_version"] == base and not unit["current"]
    assert "whose entries differ" in unit["version_note"]
    assert "not the current version" in admin.get("/codebooks/webtest/validation").text


def test_validation_page_without_a_run_shows_the_bundled_measurement_and_the_command(
    clients: dict[str, TestClient],
) -> None:
    data = clients["vera"].get("/api/codebooks/stability-operations/validation").json()
    for level in data["levels"]:
        assert level["run_id"] is None and level["scores"] == []
        command = (
            f"normtrace code validate --codebook stability-operations --level {level['level']}"
        )
        assert command == level["command"] and "bundled measurement" in level["missing"]
        frames = {b["frame"]: b for b in level["bundled"]}
        assert frames["offensive_force"]["codes"] == OFFENSIVE
        assert "frames set" in frames["offensive_force"]["source"]
        assert frames["offensive_force"]["recall"] is not None
    page = clients["vera"].get("/codebooks/stability-operations/validation").text
    assert "bundled measurement" in page and "frames set" in page
    assert clients["vera"].get("/codebooks/nosuchbook/validation").status_code == 404
    for level in ("unit", "paragraph"):
        command = f"normtrace code validate --codebook stability-operations --level {level}"
        assert f"<code>{command}</code> scores the dictionary and the model" in page


def test_validation_rows_are_flagged_by_the_rule_of_coding_validity(
    clients: dict[str, TestClient], access: ProjectAccess
) -> None:
    """A SYNTHETIC stored unit-level run of the default codebook: poc measured on 40 units,
    recall 1.0 but on 5 positives; the row is flagged as `first` and `freq` flag poc."""

    def store_run(store: Store) -> int:
        book = stored_codebook(store, "stability-operations")
        run = store.start_run("validate", "synthetic", {"codebook": book.name, "level": "unit"})
        scores = [asdict(score("poc", "dictionary", [1] * 5 + [0] * 35, [1] * 6 + [0] * 34))]
        store.finish_run(run, {"codebook": book.name, "codebook_version": book.version,
                               "level": "unit", "scores": scores})  # fmt: skip
        return run

    run_id = access.write(store_run)
    with access.read() as store:
        measured = code_validity(store, "stability-operations", level="unit")["poc"]
    assert measured.flag() == "recall rests on 5 labelled positives < 10"
    data = clients["alice"].get("/api/codebooks/stability-operations/validation").json()
    unit, paragraph = data["levels"]
    assert unit["run_id"] == run_id and unit["current"] and unit["bundled"] == []
    (row,) = unit["scores"]
    assert (row["n"], row["positives"], row["recall"]) == (40, 5, 1.0)
    assert row["flag"] == measured.flag()
    # paragraph level: no run; poc carries the unit-level run's measurement there, the other
    # frames the bundled one
    assert paragraph["run_id"] is None and f"unit-level run {run_id}" in paragraph["missing"]
    frames = {b["frame"] for b in paragraph["bundled"]}
    assert "offensive_force" in frames and "protection_of_civilians" not in frames


# ------------------------------------------------------------------------------ 8b: the queue


def test_queue_opens_at_the_level_where_suggestions_wait(
    clients: dict[str, TestClient], access: ProjectAccess, tmp_path: Path
) -> None:
    _label(access, tmp_path, level="paragraph")
    alice = clients["alice"]
    trained = alice.post("/api/learn/webtest/train?level=paragraph")
    assert trained.status_code == 201, trained.text
    assert trained.json()["suggestions"] > 0
    opened = alice.get("/api/learn/webtest/flag").json()  # as the codebook page links it
    assert opened["level"] == "paragraph" and opened["chosen"]
    assert opened["suggestions"]
    assert opened["waiting"] == {"unit": 0, "paragraph": len(opened["suggestions"])}
    page = alice.get("/learn/webtest/flag").text
    assert "paragraph level)" in page and "No suggestions waiting" not in page
    unit = alice.get("/learn/webtest/flag?level=unit").text  # the empty level says where
    assert "No suggestions wait at unit level, but" in unit
    assert 'href="/learn/webtest/flag?level=paragraph"' in unit
    # a verdict from the queue opened without a level comes back to the same level
    first = opened["suggestions"][0]
    judged = alice.post(f"/learn/suggestions/{first['id']}", data={"verdict": "reject"},
                        headers={"referer": "/learn/webtest/flag"},
                        follow_redirects=False)  # fmt: skip
    assert judged.headers["location"].startswith("/learn/webtest/flag?level=paragraph&said=")


# ---------------------------------------------------------------------- 8c: a frame's page


def test_a_frame_page_gathers_its_codes_passages(clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    frame = alice.get("/api/codes/offensive_force").json()
    assert frame["kind"] == "frame"
    assert [m["code"] for m in frame["members"]] == OFFENSIVE
    each = {c: alice.get(f"/api/codes/{c}").json()["total"] for c in OFFENSIVE}
    assert {m["code"]: m["count"] for m in frame["members"]} == each
    assert frame["total"] == sum(each.values()) > 0  # the fixture's 2098 is coded offensive
    assert {p["code"] for p in frame["passages"]} <= set(OFFENSIVE)
    page = alice.get("/codes/offensive_force").text
    assert "A frame: its codes' passages, gathered" in page
    assert 'class="member-code" data-code="intervention_brigade"' in page
    assert 'href="/codes/intervention_brigade?' in page
    exported = alice.get("/codes/offensive_force/export.csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == frame["listed"]  # the export holds the rows the page lists
    plain = alice.get("/api/codes/intervention_brigade").json()
    assert plain["kind"] == "" and plain["members"] == []
