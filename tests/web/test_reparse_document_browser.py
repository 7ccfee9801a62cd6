"""End-to-end in headless Chromium: an admin re-parses a SYNTHETIC resolution from its page
after its file was edited (a paragraph inserted before op1); the progress page prints what
``normtrace ingest --reparse`` prints, the summary with the coding that now needs review.
Skips cleanly when /usr/bin/chromium or Playwright is absent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from synthetic_review import served, unchanged
from test_web_browser import log_in

from normtrace.web.server import background_server
from synthetic_moved import FILE, FIRST, INSERTED, SYMBOL, text

pytestmark = pytest.mark.browser


def test_reparse_from_the_document_page(chromium: Any, tmp_path: Path) -> None:
    with served(tmp_path, unchanged) as app, background_server(app) as server:
        with app.state.access.read() as store:
            (doc,) = store.conn.execute("SELECT id FROM documents WHERE symbol = ? AND "
                                        "is_current = 1", (SYMBOL,)).fetchone()  # fmt: skip
        (tmp_path / FILE).write_text(text([INSERTED, *FIRST]), encoding="utf-8")
        admin = log_in(chromium, server, "admin")
        admin.goto(f"{server}/documents/{doc}")
        admin.locator("form.reparse button", has_text="Re-parse this document").click()
        admin.wait_for_selector('#upload-job[data-state="finished"]', timeout=60000)
        admin.wait_for_load_state("load")
        assert admin.inner_text("#upload-job h2") == f"Re-parse ({FILE})"
        summary = admin.locator("#upload-job .ingest-summary")
        summary.wait_for(state="visible")
        said = summary.inner_text()
        assert "1 files: 0 new, 1 new version, 0 unchanged, 0 failed" in said
        assert "codings: 0 re-anchored, 1 need review" in said
        assert admin.js_errors == []
