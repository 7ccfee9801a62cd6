"""End-to-end in headless Chromium: create a codebook on the web, add and colour a code,
code with it and see the colour; screenshot docs/img/coded-speech.png with
NORMTRACE_DOCS_SCREENSHOTS=1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from test_web_browser import log_in, select_and_code, unit_url

from normtrace.web.server import background_server

pytestmark = pytest.mark.browser
SPEECH = "S/PV.8703/s002"


@pytest.fixture()
def server(app: FastAPI) -> Iterator[str]:
    """The fixture workbench on a free loopback port."""
    with background_server(app) as url:
        yield url


def test_create_a_codebook_add_a_coloured_code_and_code_with_it(
    chromium: Any, server: str, docs_img: Path
) -> None:
    admin = log_in(chromium, server, "admin")
    admin.click("nav >> text=Codebooks")
    form = admin.locator("form.new-codebook")
    form.locator("input[name=name]").fill("sahel")
    form.locator("input[name=label]").fill("Sahel questions")
    form.locator("button[type=submit]").click()
    admin.wait_for_url("**/codebooks/sahel")
    add = admin.locator("form.edit-code").last
    add.locator("input[name=code_id]").fill("terrorism")
    add.locator("input[name=code_name]").fill("Terrorism")
    add.locator("button[type=submit]").click()
    section = admin.locator('section[data-code="terrorism"]')
    section.wait_for()
    section.locator("summary").click()
    colour = section.locator("form.code-change:has(input[name=op][value=color])")
    colour.locator("input[type=color]").fill("#e53935")
    colour.locator("button[type=submit]").click()
    admin.locator('section[data-code="terrorism"] .code-swatch').wait_for()

    admin.goto(unit_url(server, SPEECH))
    text = admin.locator("article.unit .unit-text").inner_text()
    word = "Terrorist groups" if "Terrorist groups" in text else text.split()[3]
    select_and_code(admin, SPEECH, word, "terrorism")
    mark = admin.locator('.unit-text mark[data-codes~="terrorism"]').first
    colour_css = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour_css.startswith("rgba(229, 57, 53"), colour_css
    # a margin stripe beside the coded lines, in the code's colour
    stripe = admin.locator('.stripes .stripe[data-code="terrorism"]').first
    stripe.wait_for(state="attached")
    assert stripe.evaluate("s => getComputedStyle(s).backgroundColor").startswith(
        "rgba(229, 57, 53"
    )
    assert stripe.get_attribute("title") == "Terrorism"  # its name, not its id
    admin.locator("article.unit").first.screenshot(path=str(docs_img / "coded-speech.png"))
    assert admin.js_errors == []
