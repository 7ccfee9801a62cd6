"""The suggestions queue of assisted coding: retrain, queue, verdicts, "done, nothing applies".

The labels are arbitrary (a workflow test, not a quality test): code ``flag`` of a
SYNTHETIC test codebook on the first four paragraphs of the fixture project.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from web_support import TestClient

from normtrace.coding.exchange.codings import import_codings
from normtrace.web.access import ProjectAccess

BOOK = "name: webtest\ncodes:\n  - {id: flag, name: Flag}\n"


def _label(access: ProjectAccess, tmp_path: Path) -> list[str]:
    (tmp_path / "webtest.yaml").write_text(BOOK)
    with access.read() as store:
        sql = "SELECT key FROM units WHERE unit_type = 'paragraph' ORDER BY ord LIMIT 10"
        keys = [r[0] for r in store.conn.execute(sql)]
    rows = [{"unit_key": k, "code": "flag" if i < 4 else ""} for i, k in enumerate(keys)]
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    access.write(lambda store: import_codings(store, path, codebook=str(tmp_path / "webtest.yaml"),
                                              coder="gold"))  # fmt: skip
    return keys


def test_queue_verdicts_and_done(
    clients: dict[str, TestClient], access: ProjectAccess, tmp_path: Path
) -> None:
    labelled = _label(access, tmp_path)
    alice = clients["alice"]
    trained = alice.post("/api/learn/webtest/train")
    assert trained.status_code == 201, trained.text
    assert trained.json()["codes"]["flag"]["status"].startswith("trained on ")
    queue = alice.get("/api/learn/webtest/flag").json()["suggestions"]
    assert queue and not {s["unit_key"] for s in queue} & set(labelled)
    gaps = [abs(s["probability"] - 0.5) for s in queue]
    assert gaps == sorted(gaps)  # most uncertain first
    first = queue[0]
    judged = alice.post(f"/api/suggestions/{first['id']}/verdict", json={"verdict": "reject"})
    assert judged.status_code == 201, judged.text
    after = alice.get("/api/learn/webtest/flag").json()["suggestions"]
    assert first["id"] not in {s["id"] for s in after}
    assert first["id"] in {s["id"] for s in clients["bob"].get("/api/learn/webtest/flag").json()[
        "suggestions"]}  # fmt: skip
    page = alice.get("/learn/webtest/flag")
    assert page.status_code == 200 and "<kbd>y</kbd> accepts, <kbd>n</kbd> rejects" in page.text
    viewer = clients["vera"].get("/learn/webtest/flag").text  # no controls she cannot use
    assert "Retrain the model now" not in viewer and 'class="accept"' not in viewer
    retrained = alice.post("/learn/webtest/flag/train", data={"level": "unit"},
                           follow_redirects=True)  # fmt: skip
    assert retrained.status_code == 200 and "Retrained: model" in retrained.text
    assert "suggestion(s) stored" in retrained.text
    pending = alice.get("/api/learn/webtest/flag").json()["suggestions"][0]
    back = "/learn/webtest/flag?level=unit&trained=abc&stored=3&status=old"
    judged_form = alice.post(f"/learn/suggestions/{pending['id']}", data={"verdict": "accept"},
                             headers={"referer": back}, follow_redirects=False)  # fmt: skip
    location = judged_form.headers["location"]
    assert location.startswith("/learn/webtest/flag?level=unit&said=")  # no old report
    said = alice.get(location).text  # the queue says what the verdict did
    assert f"Accepted the suggestion on {pending['unit_key']} (u undoes)" in said
    done = alice.post(
        "/api/units/done", json={"codebook": "webtest", "unit_key": after[0]["unit_key"]}
    )
    assert done.status_code == 201 and done.json()["reviewed"] == 1
    assert clients["vera"].post("/api/units/done", json={"codebook": "webtest",
                                "unit_key": after[0]["unit_key"]}).status_code == 403  # fmt: skip


def test_retraining_fits_outside_the_single_writer(
    clients: dict[str, TestClient], access: ProjectAccess, tmp_path: Path, monkeypatch: Any
) -> None:
    """Fitting takes seconds to minutes: other coders' writes must not wait for it."""
    from normtrace.coding.learn import train

    _label(access, tmp_path)
    held: list[bool] = []
    fit = train.Training.fit

    def watched(self: train.Training) -> train.Model:
        held.append(access._write_lock.locked())
        return fit(self)

    monkeypatch.setattr(train.Training, "fit", watched)
    trained = clients["alice"].post("/api/learn/webtest/train")
    assert trained.status_code == 201, trained.text
    assert held == [False]
    with access.read() as store:
        run = store.conn.execute(
            "SELECT r.started_at <= m.created_at FROM learn_models m JOIN runs r ON r.id = m.run_id"
        ).fetchone()
    assert run[0] == 1
