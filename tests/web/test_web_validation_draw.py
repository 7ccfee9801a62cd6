"""The Assignments page's "Validation draw for a code": the draw ``normtrace code sample`` makes
(the same library call, recorded the same way), its units offered to assign as a sample's, the
batch recording source "draw" and the draw's id; the draws listed with how many of their units
are labelled for the code; the library's refusals as the page's one-line error; admins only.

The project is SYNTHETIC (tests/web/synthetic_draws.py), not the shared fixture project.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from synthetic_draws import BOOK, REPORT, RESOLUTION, WITH_SUBS, build, label
from web_support import TestClient, session_for

from normtrace.cli import cli
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.sample_draw import draws
from normtrace.store.db import Store

ERROR = re.compile(r'<p class="error" role="alert">([^<]*)</p>')
ASKED = {"codebook": BOOK, "code": "x", "n": "12", "hit_share": "0.5", "level": "unit",
         "seed": "4"}  # fmt: skip


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SYNTHETIC project, built once (argon2 hashing is slow on purpose)."""
    return build(tmp_path_factory.mktemp("draws") / "template.db")


@pytest.fixture()
def app(template: Path, tmp_path: Path) -> Iterator[FastAPI]:
    from normtrace.web.app import create_app

    path = tmp_path / "syn.db"
    shutil.copyfile(template, path)
    made = create_app(path, secret="test-secret")
    yield made
    made.state.access.close()


def _form(client: TestClient, **changed: str) -> dict[str, str]:
    return {**ASKED, **changed, "csrf_token": client.headers["X-CSRF-Token"]}


def _recorded(app: FastAPI) -> dict[str, Any]:
    """The project's draws (keys, strata, seed) and the params of its sample runs."""
    with app.state.access.read() as store:
        return _record_of(store)


def _record_of(store: Store) -> dict[str, Any]:
    runs = [json.loads(r[0]) for r in store.conn.execute(
        "SELECT params FROM runs WHERE stage = 'sample' ORDER BY id")]  # fmt: skip
    return {
        "draws": [(d.code, d.level, d.seed, d.requested, d.hit_share, d.strata, d.order, d.units)
                  for d in draws(store, BOOK)],
        "runs": runs,
    }  # fmt: skip


def _batches(app: FastAPI) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    with app.state.access.read() as store:
        rows = store.conn.execute("SELECT params, summary FROM runs WHERE stage = 'assign'")
        return [(json.loads(r[0]), json.loads(r[1])) for r in rows]


def _boxes(html: str) -> list[str]:
    """The review list's ticked units, in order."""
    return re.findall(r'name="unit_keys" value="([^"]*)" checked', html)


def test_the_pages_draw_is_code_samples_draw_and_its_units_are_assigned(
    app: FastAPI, tmp_path: Path
) -> None:
    """SYNTHETIC: the same project drawn by `code sample` and by the page, seed 4: the same
    keys in the same order, strata and run params; then the units are assigned from the
    review list, the batch naming the draw."""
    other = build(tmp_path / "cli.db", users=False)
    said = CliRunner().invoke(cli, ["--project", str(other), "code", "sample", "--codebook",
                                    BOOK, "--code", "x", "--n", "12", "--seed", "4",
                                    "--hit-share", "0.5", "--format", "json"])  # fmt: skip
    assert said.exit_code == 0, (said.stdout, said.stderr)
    cli_keys = [r["unit_key"] for r in json.loads(said.stdout)]
    admin = session_for(app, "admin")
    sent = admin.post("/assignments/draw", data=_form(admin), follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == "/assignments?source=draw&draw_id=1"
    with Store.open(other) as store:
        by_cli = _record_of(store)
    by_page = _recorded(app)
    assert by_page == by_cli and len(by_page["draws"]) == 1
    assert by_page["draws"][0][6] == tuple(cli_keys) and len(cli_keys) == 12
    page = admin.get(sent.headers["location"])
    assert page.status_code == 200
    assert _boxes(page.text) == cli_keys  # in coding order
    assert "validation draw 1 of x (synth), seed 4, in their coding order" in page.text
    row = re.search(r'<tr data-draw="1">.*?</tr>', page.text)
    assert row is not None and '<td class="labelled">0 of 12</td>' in row[0]
    chosen = admin.get("/api/assignments", params={"source": "draw", "draw_id": 1}).json()
    params = chosen["chosen"]["params"]
    assert {s["name"]: s["sampled"] for s in chosen["chosen"]["draw_strata"]} == {
        "hit:main": 4, "hit:report": 2, "nohit:main": 4, "nohit:report": 2}  # fmt: skip
    form = {"unit_keys": cli_keys[:-1], "coders": ["alice", "bob"], "blind": "true",
            "source": "draw", "params": params,
            "csrf_token": admin.headers["X-CSRF-Token"]}  # fmt: skip
    done = admin.post("/assignments", data=form, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == "/assignments?added=22&assigned_units=11&assigned_coders=2"
    ((batch, summary),) = _batches(app)
    assert batch["source"] == "draw" and batch["draw"] == 1 and batch["seed"] == 4
    assert (batch["code"], batch["codebook"], batch["level"]) == ("x", BOOK, "unit")
    assert summary["units"] == cli_keys[:-1] and summary["added"] == 22


def test_the_draws_are_listed_with_the_units_labelled_for_the_code(app: FastAPI) -> None:
    """SYNTHETIC: two units labelled before the draw (its census), then three of the drawn:
    '5 of 12'; every one: labelled through. The count is the draw's units labelled for x."""
    _labels(app, {f"{RESOLUTION}/op4": True, f"{RESOLUTION}/op1": False})
    admin = session_for(app, "admin")
    made = admin.post("/api/draws", json={"codebook": BOOK, "code": "x", "n": 10, "seed": 9})
    assert made.status_code == 201, made.text
    drawn = made.json()
    assert (drawn["drawn"], drawn["units"], drawn["labelled"]) == (10, 12, 2)
    assert {"name": "labelled", "sampled": 2, "population": 2} in drawn["strata"]
    _labels(app, {key: key.endswith("0") for key in drawn["order"][:3]})
    counted = {"draw_counts": "true"}  # the page counts every draw only when asked
    (listed,) = admin.get("/api/assignments", params=counted).json()["draws"]
    assert (listed["labelled"], listed["units"], listed["complete"]) == (5, 12, False)
    assert '<td class="labelled">5 of 12</td>' in admin.get("/assignments", params=counted).text
    _labels(app, dict.fromkeys(drawn["order"][3:], False))
    (listed,) = admin.get("/api/assignments", params=counted).json()["draws"]
    assert (listed["labelled"], listed["complete"]) == (12, True)
    assert "12 of 12 (labelled through)" in admin.get("/assignments", params=counted).text


def _labels(app: FastAPI, labels: dict[str, bool]) -> None:
    """SYNTHETIC labels for x, written through the app's writer."""

    def write(store: Store) -> None:
        for key, positive in labels.items():
            label(store, key, positive)

    app.state.access.write(write)


def _label_everything(app: FastAPI) -> None:
    """A done mark on every unit: each is labelled (a negative) for every code."""

    def write(store: Store) -> None:
        keys = [str(r[0]) for r in store.conn.execute("SELECT key FROM units")]
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=keys)

    app.state.access.write(write)


@pytest.mark.parametrize(
    ("changed", "refusal"),
    [
        ({"n": "1"}, "a draw of 1 at --hit-share 0.5 draws none of the 24 hit targets, so its "
                     "estimate would leave them out: give --n 2 or more"),
        ({"code": "offensive_force"}, "code 'offensive_force' of codebook 'synth' has no "
                                      "entries of its own"),
        ({"seed": str(2**53 + 1)}, f"a seed of {2**53 + 1} is more than the web takes: give "
                                   f"one from 0 to {2**53} (as a sample's)"),
        ({"seed": "-1"}, "a seed of -1 cannot be recorded"),
        ({"n": "0"}, "a draw of 0 targets draws nothing: give --n 1 or more"),
        ({"hit_share": "1.5"}, "a hit share of 1.5 is no share: give one from 0 to 1"),
        ({"level": "sentence"}, "level must be one of unit, paragraph, not 'sentence'"),
        ({"codebook": "nobook"}, "no codebook 'nobook' in the project"),
        ({"n": "2001"}, "a draw to assign has 1 to 2000 units, not 2001"),
        ({}, "every unit of running text is labelled for 'x' already (122): nothing is left"),
    ],
    ids=["stratum-undrawn", "frame-only", "seed-too-big", "seed-negative", "none", "share",
         "level", "codebook", "too-many", "nothing-to-draw"],
)  # fmt: skip
def test_a_refused_draw_is_the_pages_one_line_error_and_records_nothing(
    app: FastAPI, changed: dict[str, str], refusal: str
) -> None:
    if not changed:
        _label_everything(app)
    admin = session_for(app, "admin")
    answer = admin.post("/assignments/draw", data=_form(admin, **changed), follow_redirects=False)
    assert answer.status_code == 400, answer.text
    (said,) = ERROR.findall(answer.text)
    assert "\n" not in said and said.replace("&#39;", "'").startswith(refusal)
    assert "<h1>Assignments</h1>" in answer.text and 'pick-draw"' in answer.text
    # the form as it was filled, to mend and send again
    if "n" in changed:
        assert f'name="n" type="number" min="1" max="2000" value="{changed["n"]}"' in answer.text
    body: dict[str, Any] = {**ASKED, **changed}
    api = admin.post("/api/draws", json={**body, "n": int(body["n"])})  # a JSON number (strict)
    assert api.status_code in (400, 404) and api.json()["error"].startswith(refusal)
    assert _recorded(app) == {"draws": [], "runs": []}


def test_only_an_admin_draws(app: FastAPI) -> None:
    alice = session_for(app, "alice")
    assert alice.post("/assignments/draw", data=_form(alice)).status_code == 403
    assert alice.post("/api/draws", json=ASKED).status_code == 403
    assert alice.get("/api/assignments", params={"source": "draw", "draw_id": 1}).status_code == 403
    assert _recorded(app) == {"draws": [], "runs": []}


def test_a_paragraph_draw_offers_each_paragraph_with_its_sub_paragraphs(app: FastAPI) -> None:
    """SYNTHETIC: the whole frame at paragraph level (120 paragraphs): the report's p40 comes
    with its two sub-paragraphs, 122 units to assign; the API assigns a draw by its id."""
    admin = session_for(app, "admin")
    made = admin.post("/api/draws", json={"codebook": BOOK, "code": "x", "n": 120, "seed": 2,
                                          "level": "paragraph"}).json()  # fmt: skip
    assert made["drawn"] == 120 and WITH_SUBS in made["order"]
    chosen = admin.get("/api/assignments", params={"source": "draw", "draw_id": made["id"]})
    keys = [u["key"] for u in chosen.json()["chosen"]["units"]]
    at = keys.index(WITH_SUBS)
    assert keys[at : at + 3] == [WITH_SUBS, f"{WITH_SUBS}/a", f"{WITH_SUBS}/b"]
    assert len(keys) == 122 and f"{REPORT}/p40/a" not in made["order"]
    assert "their 122 unit(s), each paragraph with its sub-paragraphs" in chosen.text
    done = admin.post("/api/assignments", json={"draw": made["id"], "coders": ["bob"]})
    assert done.status_code == 201 and done.json()["units"] == 122
    ((batch, summary),) = _batches(app)
    assert batch["source"] == "draw" and batch["draw"] == made["id"]
    assert batch["level"] == "paragraph" and summary["units"] == keys
    gone = admin.get("/api/assignments", params={"source": "draw", "draw_id": 99})
    assert gone.status_code == 404 and "no draw '99'" in gone.json()["error"]
    forged = {"unit_keys": keys[:1], "coders": ["bob"], "source": "draw", "params": "{}",
              "csrf_token": admin.headers["X-CSRF-Token"]}  # fmt: skip
    refused = admin.post("/assignments", data=forged)
    assert refused.status_code == 400 and "names no validation draw" in refused.text


def test_a_paragraph_draw_with_more_units_than_an_assignment_takes_is_not_recorded(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SYNTHETIC: with the cap at 120 units, 120 paragraphs fit the cap as a count, but the
    report's p40 brings two sub-paragraphs: 122 units to assign. The draw is refused (API and
    form, one line) and rolled back: no draw, no run."""
    from normtrace.web import teams

    monkeypatch.setattr(teams, "MAX_UNITS", 120)
    admin = session_for(app, "admin")
    asked = {"codebook": BOOK, "code": "x", "n": 120, "seed": 2, "level": "paragraph"}
    api = admin.post("/api/draws", json=asked)
    assert api.status_code == 400, api.text
    assert api.json()["error"].startswith(
        "a draw of 120 paragraphs, whose 122 units with their sub-paragraphs are more than one "
        "assignment takes (120)"
    )
    form = admin.post("/assignments/draw", data=_form(admin, n="120", level="paragraph",
                                                      seed="2"))  # fmt: skip
    assert form.status_code == 400
    (said,) = ERROR.findall(form.text)
    assert said.startswith("a draw of 120 paragraphs, whose 122 units")
    assert _recorded(app) == {"draws": [], "runs": []}
    too_many = admin.post("/api/draws", json={**asked, "n": 121})
    assert too_many.json()["error"].startswith("a draw to assign has 1 to 120 paragraphs, not 121")


@pytest.mark.parametrize(
    "mixed",
    [{"sample": {"n": 2, "seed": 777}}, {"unit_keys": [f"{REPORT}/p1"]}, {"document_id": 1}],
    ids=["sample", "keys", "document"],
)
def test_a_draw_is_assigned_alone(app: FastAPI, mixed: dict[str, Any]) -> None:
    """SYNTHETIC: `draw` with a sample (whose seed would be recorded as the draw's), keys or a
    document is refused in one line (400) and assigns nothing."""
    admin = session_for(app, "admin")
    made = admin.post("/api/draws", json={"codebook": BOOK, "code": "x", "n": 10, "seed": 3})
    assert made.status_code == 201
    sent = admin.post("/api/assignments", json={"draw": made.json()["id"], **mixed,
                                                "coders": ["alice"]})  # fmt: skip
    assert sent.status_code == 400, sent.text
    assert sent.json()["error"].startswith("a validation draw's units are assigned alone")
    assert _batches(app) == []


def test_the_draw_forms_words_and_limits(app: FastAPI) -> None:
    """SYNTHETIC: the page says which draw `code validate` weights (the newest labelled through
    of each code and level, not every one); /api/draws documents its 404; a JSON `true` is no
    N; a seed of 2**53 (a sample's largest) is drawn, recorded and answered exactly."""
    admin = session_for(app, "admin")
    text = admin.get("/assignments").text
    assert "then weights them" not in text
    assert "weights the dictionary's precision and recall by one draw of each code and level, " \
        "the newest labelled through" in text  # fmt: skip
    doc = app.openapi()["paths"]["/api/draws"]["post"]["description"]
    assert "a 404 for an unknown codebook" in doc
    truthy = admin.post("/api/draws", json={**ASKED, "n": True})
    assert truthy.status_code == 422
    made = admin.post("/api/draws", json={**ASKED, "n": 12, "seed": 2**53})
    assert made.status_code == 201 and made.json()["seed"] == 2**53
    (recorded,) = _recorded(app)["draws"]
    assert recorded[2] == 2**53
    listed = admin.get("/assignments").text
    assert '<tr data-draw="1"><td>1</td><td>synth</td><td>x</td><td>unit</td><td>' \
        f"{2**53}</td>" in listed  # fmt: skip


def test_the_code_list_offers_only_codes_that_can_be_drawn(app: FastAPI) -> None:
    """SYNTHETIC: offensive_force (codable, no entries: a frame) is refused by every draw, so
    the form does not offer it and says why; x (with its entry) is offered."""
    admin = session_for(app, "admin")
    listed = admin.get("/api/assignments").json()["draw_codes"]
    assert listed == [{"codebook": BOOK, "code": "x", "name": "Synthetic X"}]
    text = admin.get("/assignments").text
    select = re.search(r'<select name="code" required>.*?</select>', text, re.S)
    assert select is not None and 'value="x"' in select[0]
    assert "offensive_force" not in select[0]
    assert "Only codes with dictionary entries of their own are offered" in text


def test_the_listing_asks_existence_only_of_the_draws_own_labelled_units(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SYNTHETIC: every unit labelled after a draw of 10 (no census): the page's count reads
    the existence of the draw's 10 units only, not of all 122 labelled, and still says
    '10 of 10 (labelled through)'."""
    from normtrace.coding import levels

    admin = session_for(app, "admin")
    made = admin.post("/api/draws", json={"codebook": BOOK, "code": "x", "n": 10, "seed": 5})
    assert made.status_code == 201
    _label_everything(app)
    asked: list[set[str]] = []
    real = levels.level_units

    def spy(store: Store, level: str, keys: Any = None, **kw: Any) -> Any:
        asked.append(set(keys))
        return real(store, level, keys, **kw)

    monkeypatch.setattr(levels, "level_units", spy)
    counted = admin.get("/assignments", params={"draw_counts": "true"})
    assert "10 of 10 (labelled through)" in counted.text
    assert asked == [set(made.json()["order"])]
