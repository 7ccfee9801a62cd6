"""Issue 12 on the workbench: the code page shows the measured error its counts carry.

A new user's trial: the code page (``/codes/{code}``) gave a code's counts with no measured
error. It now shows the measurement ``freq --code`` gives the same counts
(``coding.validity.project_validity``, what the validation page reads), on each genre of text
the project holds: precision and recall with their 95 % intervals, the human-labelled units
behind them, the source (here the project's own validation run) and whether it validates the
code, and why not.

The documents are real (a report and a resolution); the codebook and its validation run are
SYNTHETIC (tests/synthetic_genres.py).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from web_support import session_for

from normtrace.coding.measured_error import CodeValidity
from normtrace.coding.validity import project_validity
from normtrace.store.db import Store
from normtrace.web.app import create_app
from normtrace.web.auth import create_user
from synthetic_genres import genre_project


def _project(path: Path, *, resolution: bool) -> tuple[Path, CodeValidity]:
    genre_project(path, resolution=resolution)
    with Store.open(path) as store:
        create_user(store, "vera", "viewer", "a synthetic password")
        return path, project_validity(store)["x"]


def _ci(low: float | None, high: float | None) -> str:
    return f"[{low:.2f}, {high:.2f}]"


def _rows(page: str) -> list[str]:
    """The rows of the page's measured-error table, their tags stripped."""
    table = page[page.index('<table class="list measured">') :]
    table = table[: table.index("</table>")]
    found = re.findall(r'<tr class="measured-row.*?</tr>', table, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", r)).split()) for r in found]


def test_the_code_page_shows_each_genres_measured_error(tmp_path: Path) -> None:
    path, v = _project(tmp_path / "p.db", resolution=True)
    reports = v.reports
    assert reports is not None and v.validated and not reports.validated
    app = create_app(path, secret="test-secret")
    try:
        client = session_for(app, "vera")
        data = client.get("/api/codes/x").json()["measured"]
        headline, on_reports = data["rows"]
        assert headline["genres"] == ["resolution and other paragraphs"]
        assert (headline["recall"], headline["recall_low"], headline["recall_high"]) == (
            v.recall, v.recall_low, v.recall_high)  # fmt: skip
        assert (headline["precision"], headline["n"], headline["validated"]) == (
            v.precision, 200, True)  # fmt: skip
        assert headline["source_kind"] == "project run" and headline["source"] == v.source
        assert on_reports["genres"] == ["report paragraphs"]
        assert on_reports["label"] == "on reports"
        assert (on_reports["recall"], on_reports["n"], on_reports["validated"]) == (
            reports.recall, 400, False)  # fmt: skip
        assert on_reports["flag"] == reports.flag() == "recall 0.40 < 0.7"
        assert on_reports["source_kind"] == "project run"
        page = client.get("/codes/x").text
        first, second = _rows(page)
        assert first == (
            f"resolution and other paragraphs 0.79 {_ci(v.precision_low, v.precision_high)} "
            f"0.92 {_ci(v.recall_low, v.recall_high)} 200 this project's validation run : "
            f"{v.source} validated"
        )
        assert second == (
            f"report paragraphs 0.27 {_ci(reports.precision_low, reports.precision_high)} "
            f"0.40 {_ci(reports.recall_low, reports.recall_high)} 400 this project's "
            f"validation run : {reports.source} unvalidated : recall 0.40 < 0.7"
        )
        assert "one row per genre of text the project holds" in page
        # in words as freq says it (a bundled estimate standing beside a set-aside run, a
        # measurement whose labels changed since: what the cells cannot hold)
        assert f"<li>{html.escape(v.describe().split('; on reports')[0])}</li>" in page
        assert f"<li>on reports: {html.escape(on_reports['text'])}</li>" in page
        assert "fewer than 30 human-labelled targets" in page  # the rule, as validation states it
    finally:
        app.state.access.close()


def test_a_project_of_reports_shows_the_measurement_on_reports_only(tmp_path: Path) -> None:
    path, v = _project(tmp_path / "p.db", resolution=False)
    reports = v.reports
    assert reports is not None
    app = create_app(path, secret="test-secret")
    try:
        client = session_for(app, "vera")
        (row,) = client.get("/api/codes/x").json()["measured"]["rows"]
        assert (row["genres"], row["recall"], row["validated"]) == (
            ["report paragraphs"], reports.recall, False)  # fmt: skip
        (shown,) = _rows(client.get("/codes/x").text)
        assert shown.startswith("report paragraphs 0.27") and "0.92" not in shown
    finally:
        app.state.access.close()
