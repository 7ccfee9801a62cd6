"""End-to-end in headless Chromium: from the codebook page to the validation table, to the
suggestion queue at the level where suggestions wait, and a frame's page gathering its codes.

The labels are SYNTHETIC (see test_web_validation_page).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from test_web_browser import loaded, log_in
from test_web_validation_page import _label

from normtrace.coding.learn.validate import validate
from normtrace.web.access import ProjectAccess
from normtrace.web.server import background_server

pytestmark = pytest.mark.browser


@pytest.fixture()
def server(app: FastAPI) -> Iterator[str]:
    """The fixture workbench on a free loopback port."""
    with background_server(app) as url:
        yield url


def test_validation_table_queue_level_and_frame_page_by_keyboard(
    chromium: Any, server: str, access: ProjectAccess, tmp_path: Path, docs_img: Path
) -> None:
    _label(access, tmp_path, level="paragraph")
    access.write(lambda store: validate(store, "webtest", level="paragraph", folds=2))
    alice = log_in(chromium, server, "alice")
    # the paragraph-level suggestions, as a coder makes them: Retrain on that level's queue
    alice.goto(server + "/learn/webtest/flag?level=paragraph")
    alice.locator("button", has_text="Retrain the model now").click()
    alice.locator("p.trained").wait_for()

    # the codebook page links the validation table; reached by keyboard
    alice.goto(server + "/codebooks/webtest")
    link = alice.locator("p.validation-link a")
    link.focus()
    alice.keyboard.press("Enter")
    alice.wait_for_url("**/codebooks/webtest/validation")
    section = alice.locator("section[data-level=paragraph]")
    table = section.locator("table.validation-table")
    table.wait_for()
    heads = table.locator("thead th").all_inner_texts()
    assert {"Precision [95 %]", "Recall [95 %]", "F1 [95 %]"} <= set(heads)
    methods = table.locator("tbody tr.score td:nth-child(2)").all_inner_texts()
    assert methods == ["Dictionary", "Model"]
    f1 = table.locator("tr[data-method=dictionary] td.f1").inner_text()
    assert "[" in f1 and "]" in f1  # the F1 with its 95 % interval
    assert table.locator("svg.interval").count() >= 1
    flag = table.locator("tr[data-method=dictionary] td.flag").inner_text()
    assert flag == "unvalidated: 12 labelled paragraphs < 30"
    unit = alice.locator("section[data-level=unit] p.missing").inner_text()
    assert "normtrace code validate --codebook webtest --level unit" in unit
    alice.screenshot(path=str(docs_img / "validation-table.png"), full_page=True)

    # the codebook page's queue link opens where the suggestions wait (paragraph level)
    alice.goto(server + "/codebooks/webtest")
    alice.locator('section[data-code="flag"] a.queue-link').click()
    alice.wait_for_url("**/learn/webtest/flag")
    assert "paragraph level" in alice.locator("h1").inner_text()
    rows = alice.locator("tr.suggestion")
    n = rows.count()
    assert n > 0
    alice.keyboard.press("n")  # rejects the first, and the queue stays at paragraph level
    loaded(alice, alice.locator(".judged"))  # the message comes before the rows (count())
    assert "level=paragraph" in alice.url
    assert alice.locator("tr.suggestion").count() == n - 1
    # the unit level is empty and says where they wait
    alice.locator("nav.levels a[data-level=unit]").click()
    other = alice.locator("p.other-level")
    other.wait_for()
    other.locator("a").focus()
    alice.keyboard.press("Enter")
    alice.wait_for_url("**level=paragraph")

    # a frame's page gathers its codes' passages, each labelled with its code
    alice.goto(server + "/codes/offensive_force")
    members = alice.locator("ul.member-codes li")
    assert members.count() == 5
    labels = set(alice.locator("li.passage .member-code code").all_inner_texts())
    assert labels and labels <= {
        "offensive_operations", "neutralize_disarm", "intervention_brigade",
        "robust_posture", "preemptive",
    }  # fmt: skip
    total = int(alice.locator("section.counts p strong").inner_text())
    assert total == sum(
        int(t.split(": ")[1].split(" ")[0])
        for t in members.all_inner_texts()
    )  # fmt: skip
    alice.locator('li[data-member="intervention_brigade"] a').first.click()
    alice.wait_for_url("**/codes/intervention_brigade?**")
    assert alice.js_errors == []
