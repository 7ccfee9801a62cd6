"""End-to-end in headless Chromium, on a SYNTHETIC project whose codebooks ``alpha`` and
``beta`` both hold ``poc`` (``synthetic_shared``): accepting beta's suggestion of poc makes the
key 1 apply poc of beta (the key remembered the bare code id, which the coding bar lists
under each codebook only, and refused: "not in this codebook any more").

Skips cleanly when /usr/bin/chromium or Playwright is absent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from synthetic_shared import BOTH, POC, build
from test_web_browser import SELECT_JS, htmx_settled, loaded, log_in, unit_url

from normtrace.web.app import create_app
from normtrace.web.server import background_server

pytestmark = pytest.mark.browser


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    """The SYNTHETIC workbench on a free loopback port."""
    app = create_app(build(tmp_path / "shared.db"), secret="test-secret")
    try:
        with background_server(app) as url:
            yield url
    finally:
        app.state.access.close()


def test_a_key_applies_the_accepted_suggestions_codebook(chromium: Any, server: str) -> None:
    alice = log_in(chromium, server, "alice")
    alice.goto(unit_url(server, BOTH))
    loaded(alice, alice.locator(f'article.unit[data-key="{BOTH}"] li.candidate'))
    beta = alice.locator('li.candidate[data-codebook="beta"]')
    assert beta.locator(".codebook").inner_text() == "(beta)"
    beta.locator("button.accept").click()
    alice.locator("#flash.ok", has_text=f"Accepted {POC['beta']} of beta").wait_for()
    htmx_settled(alice)
    assert alice.evaluate(SELECT_JS, [BOTH, "valley"])
    alice.locator("#coding-bar").wait_for(state="visible")
    alice.keyboard.press("1")
    coded = alice.locator('li.coding[data-code="poc"][data-codebook="beta"]', has_text="valley")
    coded.wait_for()
    assert alice.locator('li.coding[data-codebook="alpha"]').count() == 0
    assert alice.js_errors == []
