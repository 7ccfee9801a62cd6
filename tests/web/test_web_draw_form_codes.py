"""The Assignments page's "Validation draw for a code" form, as a new user meets it: its Code
list follows its Codebook list (an htmx partial, ``/assignments/draw-codes``; without
JavaScript every codebook's codes grouped under its name, and a code of another codebook
refused in words saying what to do); the codes that cannot be drawn named with why; each field
saying what it does, with ``normtrace code sample``'s defaults; and the draws listed without
reading a label until a count is asked (one row's, ``/assignments/draws/{id}/labelled``, or
every draw's, ``draw_counts``).

The project is SYNTHETIC (tests/web/synthetic_two_books.py), not the shared fixture project.
The real browser's list is tested in test_web_draw_form_codes_browser.py.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from fastapi import FastAPI
from synthetic_draws import BOOK, RESOLUTION, label
from synthetic_two_books import OTHER, build_two
from web_support import TestClient, session_for

from normtrace.cli import cli
from normtrace.coding.sample_draw import draws
from normtrace.store.db import Store

ERROR = re.compile(r'<p class="error" role="alert">([^<]*)</p>')
HX = {"HX-Request": "true"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SYNTHETIC project, built once (argon2 hashing is slow on purpose)."""
    return build_two(tmp_path_factory.mktemp("draw-form") / "template.db")


@pytest.fixture()
def app(template: Path, tmp_path: Path) -> Iterator[FastAPI]:
    from normtrace.web.app import create_app

    path = tmp_path / "syn.db"
    shutil.copyfile(template, path)
    made = create_app(path, secret="test-secret")
    yield made
    made.state.access.close()


@pytest.fixture()
def admin(app: FastAPI) -> TestClient:
    return session_for(app, "admin")


def _options(fragment: str) -> list[tuple[str, str]]:
    """The Code list's options, each with the codebook of its group (``""`` outside one)."""
    select = re.search(r'<select name="code" required>(.*?)</select>', fragment, re.S)
    assert select is not None, fragment
    out, group = [], ""
    for m in re.finditer(r'<optgroup label="([^"]*)">|</optgroup>|<option value="([^"]*)"',
                         select[1]):  # fmt: skip
        if m[0].startswith("<optgroup"):
            group = m[1]
        elif m[0] == "</optgroup>":
            group = ""
        else:
            out.append((group, m[2]))
    return out


def _left_out(fragment: str) -> dict[str, str]:
    """The codes the field says are not offered, each with its line."""
    return {m[1]: html.unescape(m[2])
            for m in re.finditer(r'<li data-code="([^"]*)"><small>([^<]*)</small></li>',
                                 fragment)}  # fmt: skip


def _recorded(app: FastAPI) -> list[tuple[str, str, int, int]]:
    with app.state.access.read() as store:
        return [(d.codebook, d.code, d.requested, d.seed)
                for book in (BOOK, OTHER) for d in draws(store, book)]  # fmt: skip


def test_the_code_list_follows_the_codebook(admin: TestClient) -> None:
    """SYNTHETIC: the partial for `other` offers y and its own x, for `synth` its x alone; each
    says which of its codes are not offered and why (z: no entries; offensive_force: a frame's);
    the chosen code stays chosen when the codebook holds it; the JSON twin gives the same."""
    mine = admin.get("/assignments/draw-codes", params={"codebook": OTHER, "code": "x"},
                     headers=HX)  # fmt: skip
    assert mine.status_code == 200
    assert mine.text.startswith('<div class="draw-code-field" id="draw-code-field">')
    assert "<html" not in mine.text  # the field alone, swapped in by htmx
    assert _options(mine.text) == [("", "y"), ("", "x")]
    assert '<option value="x" selected>Other X (x)</option>' in mine.text
    assert list(_left_out(mine.text)) == ["z"]
    assert "no dictionary entries, so there is no dictionary of it to check" in mine.text
    theirs = admin.get("/assignments/draw-codes", params={"codebook": BOOK, "code": "y"},
                       headers=HX)  # fmt: skip
    assert _options(theirs.text) == [("", "x")] and " selected" not in theirs.text
    (why,) = _left_out(theirs.text).values()
    assert why.startswith(
        "Not offered: Offensive force (offensive_force): it has no dictionary entries of its "
        "own: it stands for the offensive_force frame"
    )
    api = admin.get("/api/assignments/draw-codes", params={"codebook": BOOK}).json()
    assert [c["code"] for c in api["codes"]] == ["x"] and api["grouped"] is False
    assert [(c["code"], c["codebook"]) for c in api["left_out"]] == [("offensive_force", BOOK)]
    unknown = admin.get("/api/assignments/draw-codes", params={"codebook": "nobook"})
    assert unknown.status_code == 404 and unknown.json()["error"].startswith(
        "no codebook 'nobook' in the project; registered: "
    )


def test_the_page_groups_every_codebooks_codes_and_asks_for_the_chosen_ones(
    admin: TestClient, app: FastAPI
) -> None:
    """SYNTHETIC: as sent (what a browser without JavaScript keeps), the Code list holds every
    codebook's drawable codes under its name, none of the left out; the Codebook list asks the
    partial for its codes on load and on a change, sending the code chosen; a coder gets none."""
    text = admin.get("/assignments").text
    assert _options(text) == [(OTHER, "y"), (OTHER, "x"), (BOOK, "x")]
    assert set(_left_out(text)) == {"z", "offensive_force"}
    codebook = re.search(r'<select name="codebook"[^>]*>', text)
    assert codebook is not None
    for attribute in ('hx-get="/assignments/draw-codes"', 'hx-trigger="load, change"',
                      'hx-target="#draw-code-field"', 'hx-swap="outerHTML"',
                      'hx-include="#draw-code-field select"'):  # fmt: skip
        assert attribute in codebook[0]
    assert "pick one under the codebook chosen above" in text
    alice = session_for(app, "alice")
    assert alice.get("/assignments/draw-codes", params={"codebook": BOOK}).status_code == 403


def test_a_code_of_another_codebook_is_refused_in_words(admin: TestClient, app: FastAPI) -> None:
    """SYNTHETIC: without JavaScript nothing stops `synth` with other's y: the page again with
    one line saying which codebook lists y and what to choose, the pair kept in the form,
    nothing recorded; `other` with y is drawn."""
    form = {"codebook": BOOK, "code": "y", "n": "6", "hit_share": "0.5", "level": "unit",
            "seed": "3", "csrf_token": admin.headers["X-CSRF-Token"]}  # fmt: skip
    refused = admin.post("/assignments/draw", data=form)
    assert refused.status_code == 400
    (said,) = ERROR.findall(refused.text)
    assert html.unescape(said) == (
        "the code y is listed under the codebook other, not under synth: choose other as the "
        "codebook, or one of the codes under synth (x), and draw again"
    )
    assert f'<option value="{BOOK}" selected>' in refused.text
    assert _recorded(app) == []
    drawn = admin.post("/assignments/draw", data={**form, "codebook": OTHER},
                       follow_redirects=False)  # fmt: skip
    assert drawn.status_code == 303, drawn.text
    assert _recorded(app) == [(OTHER, "y", 6, 3)]


def _sample_options() -> dict[str, click.Parameter]:
    group = cli.get_command(click.Context(cli), "code")
    assert isinstance(group, click.Group)
    sample = group.get_command(click.Context(group), "sample")
    assert sample is not None
    return {str(p.name): p for p in sample.params}


def test_each_field_says_what_it_does_with_code_samples_defaults(
    admin: TestClient, app: FastAPI
) -> None:
    """SYNTHETIC: N has no default and is required (as --n); the share is --hit-share's
    default; the level --level's; the seed empty, a random one recorded (as no --seed); each
    field is described in words (aria-describedby naming text on the page). A form sent with
    no seed draws and records one."""
    cli_options = _sample_options()
    text = admin.get("/assignments").text
    form = re.search(r'<form method="post" action="/assignments/draw".*?</form>', text, re.S)
    assert form is not None
    assert cli_options["n"].required
    assert re.search(r'<input name="n" type="number" min="1" max="2000" value="" required', form[0])
    share = re.search(r'<input name="hit_share"[^>]* value="([^"]*)"', form[0])
    assert share is not None and float(share[1]) == cli_options["hit_share"].default
    assert f'<option value="{cli_options["level"].default}" selected>' in form[0]
    assert cli_options["seed"].default is None
    seed = re.search(r'<input name="seed"[^>]*>', form[0])
    assert seed is not None and 'value=""' in seed[0] and 'placeholder="random"' in seed[0]
    described = dict(re.findall(r'name="(\w+)"[^>]*aria-describedby="([\w-]+)"', form[0]))
    assert set(described) == {"codebook", "n", "hit_share", "level", "seed"}
    for name, words in {
        "n": "How many units to draw at random, besides those labelled for the code already",
        "hit_share": "The fraction of N drawn from the units the dictionary codes with the code",
        "level": "What one drawn item is: a unit as stored",
        "seed": "Empty: a random seed, recorded with the draw",
        "codebook": "The codebook whose dictionary to check",
    }.items():  # fmt: skip
        said = re.search(rf'<small id="{described[name]}">([^<]*)', form[0])
        assert said is not None and said[1].startswith(words), name
    sent = {"codebook": BOOK, "code": "x", "n": "6", "hit_share": share[1], "level": "unit",
            "seed": "", "csrf_token": admin.headers["X-CSRF-Token"]}  # fmt: skip
    assert admin.post("/assignments/draw", data=sent, follow_redirects=False).status_code == 303
    ((book, code, n, recorded),) = _recorded(app)
    assert (book, code, n) == (BOOK, "x", 6) and recorded >= 0


def _labels(app: FastAPI, labels: dict[str, bool]) -> None:
    def write(store: Store) -> None:
        for key, positive in labels.items():
            label(store, key, positive)

    app.state.access.write(write)


def test_the_draws_are_listed_without_reading_a_label_until_a_count_is_asked(
    admin: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SYNTHETIC: a draw of 10 with a census of 2, 3 of its drawn units labelled since. The page
    and its JSON twin list it uncounted, reading no label; its row's Count asks the partial
    (htmx), whose answer and JSON twin say 5 of 12; every draw is counted with draw_counts
    (the no-JavaScript link), and the draw being assigned is counted on its own page."""
    from normtrace.coding.learn import labels

    _labels(app, {f"{RESOLUTION}/op4": True, f"{RESOLUTION}/op1": False})
    made = admin.post("/api/draws", json={"codebook": BOOK, "code": "x", "n": 10, "seed": 9})
    assert made.status_code == 201, made.text
    _labels(app, {key: key.endswith("0") for key in made.json()["order"][:3]})
    reads: list[str] = []
    real = labels.collect_labels

    def spy(store: Store, book: Any, level: str, *args: Any, **kw: Any) -> Any:
        reads.append(level)
        return real(store, book, level, *args, **kw)

    monkeypatch.setattr(labels, "collect_labels", spy)
    page = admin.get("/assignments").text
    (listed,) = admin.get("/api/assignments").json()["draws"]
    assert reads == []
    assert (listed["drawn"], listed["units"], listed["labelled"], listed["complete"]) == (
        10, 12, None, None)  # fmt: skip
    row = re.search(r'<tr data-draw="1">.*?</tr>', page)
    assert row is not None and '<td class="size">10 drawn + 2 labelled before</td>' in row[0]
    assert ('<a class="count-labelled" href="/assignments?draw_counts=true#draws-caption" '
            'hx-get="/assignments/draws/1/labelled" hx-target="closest td" '
            'hx-swap="innerHTML">Count<') in row[0]  # fmt: skip
    one = admin.get("/assignments/draws/1/labelled", headers=HX)
    assert one.status_code == 200 and one.text == "5 of 12"
    assert reads == ["unit"]
    counted = admin.get("/api/assignments/draws/1/labelled").json()
    assert (counted["labelled"], counted["complete"], counted["drawn"]) == (5, False, 10)
    every = admin.get("/assignments", params={"draw_counts": "true"}).text
    assert '<td class="labelled">5 of 12</td>' in every and "count every draw" not in every
    assigning = admin.get("/assignments", params={"source": "draw", "draw_id": 1}).text
    assert '<td class="labelled">5 of 12</td>' in assigning
    assert admin.get("/api/assignments/draws/7/labelled").status_code == 404
