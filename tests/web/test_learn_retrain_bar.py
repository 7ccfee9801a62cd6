"""The workbench's Retrain refreshes the suggestions at the bar the current ones have.

Regression (repro_8 of the simulated user's month 40): Retrain stored a new suggestion run
at probability >= 0.05, which became the current suggestions and replaced the CLI's
`code suggest` run at 0.5, so `code export --passages` published 135 "pending"
suggestions, 121 of them codes the model says do not apply.

The labels are SYNTHETIC (code ``flag`` of a SYNTHETIC test codebook on the fixture
project's first paragraphs): a workflow test, not a quality test.
"""

from __future__ import annotations

import json
from pathlib import Path

from web_support import TestClient

from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.exchange.tables import PassageFilter, passages
from normtrace.coding.learn.suggest import suggest
from normtrace.coding.learn.train import train_model
from normtrace.store.db import Store
from normtrace.web.access import ProjectAccess

BOOK = "# SYNTHETIC\nname: webtest\ncodes:\n  - {id: flag, name: Flag}\n"


def _label(access: ProjectAccess, tmp_path: Path) -> None:
    """SYNTHETIC labels: ``flag`` on 4 of the first 12 paragraphs, the rest reviewed."""
    (tmp_path / "webtest.yaml").write_text(BOOK)
    with access.read() as store:
        sql = "SELECT key FROM units WHERE unit_type = 'paragraph' ORDER BY ord LIMIT 12"
        keys = [r[0] for r in store.conn.execute(sql)]
    rows = [{"unit_key": k, "code": "flag" if i % 3 == 0 else ""} for i, k in enumerate(keys)]
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    access.write(lambda store: import_codings(store, path, codebook=str(tmp_path / "webtest.yaml"),
                                              coder="gold"))  # fmt: skip


def _published(access: ProjectAccess) -> list[float]:
    """The probabilities of the suggestions `code export --passages` lists."""
    with access.read() as store:
        rows = passages(store, PassageFilter(sources=("suggestion",)))
    return [float(r.probability or 0) for r in rows]


def _cli_suggest(access: ProjectAccess, bar: float) -> int:
    """`code train` then `code suggest --min-probability BAR`; the suggestions stored."""

    def run(store: Store) -> int:
        train_model(store, "webtest")
        return len(suggest(store, "webtest", min_probability=bar).suggestions)

    return access.write(run)


def test_retrain_keeps_the_cli_bar(
    clients: dict[str, TestClient], access: ProjectAccess, tmp_path: Path
) -> None:
    _label(access, tmp_path)
    _cli_suggest(access, 0.05)  # what the model scores low exists: a low bar stores it
    assert min(_published(access)) < 0.5
    _cli_suggest(access, 0.5)
    assert min(_published(access), default=1.0) >= 0.5
    trained = clients["alice"].post("/api/learn/webtest/train")
    assert trained.status_code == 201, trained.text
    published = _published(access)
    assert min(published, default=1.0) >= 0.5  # nothing below the CLI's bar is published
    assert len(published) == trained.json()["suggestions"]
    assert trained.json()["bar"] == 0.5
    queue = clients["alice"].get("/api/learn/webtest/flag").json()
    assert queue["bar"] == 0.5
    assert all(s["probability"] >= 0.5 for s in queue["suggestions"])


def test_retrain_keeps_a_bar_the_researcher_chose(
    clients: dict[str, TestClient], access: ProjectAccess, tmp_path: Path
) -> None:
    _label(access, tmp_path)
    _cli_suggest(access, 0.3)
    trained = clients["alice"].post("/learn/webtest/flag/train", data={"level": "unit"},
                                    follow_redirects=True)  # fmt: skip
    assert trained.status_code == 200
    assert "stored at probability ≥ 0.3." in trained.text
    assert min(_published(access), default=1.0) >= 0.3
    with access.read() as store:
        params = store.conn.execute(
            "SELECT params FROM runs WHERE stage = 'suggest' ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]
    recorded = json.loads(params)
    assert recorded["min_probability"] == 0.3 and isinstance(recorded["bar_from"], int)


def test_retrain_without_a_suggest_run_uses_the_default_bar(
    clients: dict[str, TestClient], access: ProjectAccess, tmp_path: Path
) -> None:
    _label(access, tmp_path)
    trained = clients["alice"].post("/api/learn/webtest/train")
    assert trained.status_code == 201, trained.text
    assert min(_published(access), default=1.0) >= 0.5
    assert trained.json()["bar"] == 0.5
    empty = clients["alice"].get("/learn/webtest/nosuch").text
    assert "No suggestions waiting at probability ≥ 0.5." in empty
