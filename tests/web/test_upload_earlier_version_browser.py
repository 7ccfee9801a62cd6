"""End-to-end in headless Chromium: an admin uploads a SYNTHETIC resolution's second version,
then its first version again; the upload page (rendered by upload.js as the job is polled)
says the file is an earlier version, not made current, which version is current and from
where, and what makes its words current again, not the raw ``earlier_version``. Skips cleanly
when /usr/bin/chromium or Playwright is absent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from synthetic_review import served, unchanged
from test_upload_earlier_version import SECOND
from test_web_browser import log_in

from normtrace.web.server import background_server
from synthetic_moved import FILE, FIRST, SYMBOL, text

pytestmark = pytest.mark.browser


def _upload(page: Any, server: str, file: Path) -> Any:
    """Upload ``file`` through the form; the finished job's outcome line."""
    page.goto(server + "/upload")
    page.set_input_files("input[name=files]", str(file))
    page.click("form.upload button[type=submit]")
    page.wait_for_selector('#upload-job[data-state="finished"]', timeout=60000)
    page.wait_for_load_state("load")
    return page.locator("#upload-job .outcomes li").first


def test_the_upload_page_says_what_is_current_and_how_to_make_these_words_current(
    chromium: Any, tmp_path: Path
) -> None:
    with served(tmp_path / "p", unchanged) as app, background_server(app) as server:
        admin = log_in(chromium, server, "admin")
        files = tmp_path / "files"
        files.mkdir()
        (files / FILE).write_text(SECOND, encoding="utf-8")
        assert _upload(admin, server, files / FILE).inner_text().startswith(f"{FILE}: new version")
        (files / FILE).write_text(text(FIRST), encoding="utf-8")
        line = _upload(admin, server, files / FILE)
        assert line.get_attribute("data-status") == "earlier_version"
        said = line.inner_text()
        assert said.startswith(f"{FILE}: an earlier version, not made current")
        note = line.locator(".outcome-note").inner_text()
        assert note.startswith(
            f"Its bytes are stored version 1 of {SYMBOL}, while version 2 (from "
        )
        assert (
            ".uploads" in note and "To make these words current again, copy this file over" in note
        )
        assert "normtrace ingest" in note and "earlier_version" not in said.split(FILE)[1][:30]
        assert admin.js_errors == []
