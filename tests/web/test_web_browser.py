"""End-to-end: the workbench in headless Chromium (Playwright), served by uvicorn on loopback.

Skips cleanly when /usr/bin/chromium is absent (CI installs it in .ci/run).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from web_support import PASSWORD

from normtrace.web.server import background_server

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


@pytest.fixture()
def browser() -> Iterator[Any]:
    """Headless Chromium, or a skip when it is not installed."""
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def server(app: FastAPI) -> Iterator[str]:
    """The fixture workbench on a free loopback port."""
    with background_server(app) as url:
        yield url


def log_in(browser: Any, url: str, name: str) -> Any:
    """A new browser page signed in as ``name`` through the HTML form."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url + "/documents")
    assert page.url.endswith("/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/")
    assert f"Welcome, {name}" in page.inner_text("h1")
    page.js_errors = errors
    return page


def test_log_in_and_find_a_paragraph_by_search(browser: Any, server: str) -> None:
    page = log_in(browser, server, "alice")
    page.click("nav >> text=Search")
    page.fill("input[name=q]", '"Intervention Brigade" neutrali*')
    page.click("form[role=search] button[type=submit]")
    first = page.locator("li.hit").first
    assert first.get_attribute("data-key").startswith("S/RES/2098 (2013)/")
    assert "neutraliz" in first.locator("mark").all_inner_texts()[-1].lower() or (
        "Intervention Brigade" in first.locator("mark").all_inner_texts()
    )
    first.locator(".meta a").first.click()
    page.wait_for_selector("article.unit")
    assert page.locator("article.unit .unit-text").inner_text().count("Intervention Brigade") >= 1
    assert page.js_errors == []
