"""Shared test fixtures."""

from __future__ import annotations

import os
import shutil
import sys
import tarfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Byte code is cached (the usual __pycache__ folders, ignored by git) even where the
# environment says PYTHONDONTWRITEBYTECODE: without it every xdist worker rewrites the
# asserts of all test modules and compiles them and src again on every run (8 s of the 14 s
# of CPU a worker's collection takes here), and every CLI or server subprocess compiles src.
sys.dont_write_bytecode = False


def _shared_dir() -> Path:
    env = os.environ.get("NORMTRACE_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    """pytest-xdist's ``--dist loadscope`` hands out modules in the order of
    :func:`pytest_collection_modifyitems`: its default ``--loadscope-reorder`` sorts them by
    number of tests instead, which started the two-test whole-corpus module (four minutes)
    among the last."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules with a test marked ``long`` first, then those with one marked ``slow``, then
    the rest by number of tests, most first (xdist's own order for them); ties in collection
    order. `make test` spreads modules over parallel workers (pytest-xdist, ``--dist
    loadscope``) and the suite ends soonest when the longest modules start first and the
    smallest come last."""

    def module(item: pytest.Item) -> str:
        return item.nodeid.split("::", 1)[0]

    def rank(item: pytest.Item) -> int:
        return 0 if item.get_closest_marker("long") else 1 if item.get_closest_marker("slow") else 2

    best: dict[str, int] = {}
    sizes: Counter[str] = Counter()
    for item in items:
        name = module(item)
        best[name] = min(best.get(name, 2), rank(item))
        sizes[name] += 1
    items.sort(key=lambda i: (best[module(i)], -sizes[module(i)] if best[module(i)] == 2 else 0))


#: what Tesseract 5.3.0 read on the 81 pages of ../shared's five scanned reports, in the OCR
#: cache's own layout (tests/fixtures/ocr/README.md)
OCR_SEED = Path(__file__).parent / "fixtures" / "ocr" / "recognized-unmiset-scans.tar.gz"


@pytest.fixture(scope="session", autouse=True)
def _ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Recognized pages are cached for this test session only (never in ~/.cache), seeded
    with the scanned reports' pages: every test that ingests ../shared's reports would
    otherwise recognize the same 81 pages again (about 220 s of CPU each time). Another
    engine version or rendering misses the seed and recognizes afresh. The OCR tests
    themselves (tests/ingest/test_ingest_ocr.py) start from an empty cache."""
    before = os.environ.get("NORMTRACE_OCR_CACHE")
    folder = tmp_path_factory.mktemp("ocr-cache")
    with tarfile.open(OCR_SEED) as archive:
        archive.extractall(folder, filter="data")
    os.environ["NORMTRACE_OCR_CACHE"] = str(folder)
    yield
    if before is None:
        os.environ.pop("NORMTRACE_OCR_CACHE", None)
    else:
        os.environ["NORMTRACE_OCR_CACHE"] = before


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared data folder; tests that need it skip when it is absent."""
    path = _shared_dir()
    if not (path / "corpus").is_dir():
        pytest.skip(f"../shared data not found at {path}; set NORMTRACE_SHARED to run this test")
    return path


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/fixtures."""
    return FIXTURES


CHROMIUM = "/usr/bin/chromium"
# As root and without a network: no sandbox, no background connections Chromium would try.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _Browser:
    """One Chromium for a run of consecutive tests that use it (on one xdist worker).

    Starting Playwright's driver and Chromium costs about a second of CPU per test; a new
    browser context per test costs a fifth of that and shares nothing with the last one
    (cookies, storage, cache). Playwright's sync API marks an asyncio loop as running in
    the main thread while it is started, which ``asyncio.run`` refuses: the browser is
    stopped after the last test of a run (:func:`pytest_runtest_teardown`), so no other
    test ever runs beside it."""

    def __init__(self) -> None:
        self.playwright: Any = None
        self.browser: Any = None

    def get(self, sync_api: Any) -> Any:
        if self.browser is not None and not self.browser.is_connected():
            self.stop()  # it crashed or a test closed it: the next test gets a new one
        if self.browser is None:
            self.playwright = sync_api.sync_playwright().start()
            self.browser = self.playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
        return self.browser

    def stop(self) -> None:
        browser, playwright = self.browser, self.playwright
        self.browser = self.playwright = None
        try:
            if browser is not None and browser.is_connected():
                browser.close()
        finally:
            if playwright is not None:
                playwright.stop()


_BROWSER = _Browser()


@pytest.fixture()
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright; a skip when either is missing. The
    browser is shared by consecutive tests (:class:`_Browser`); every context a test opened
    (``new_context``, ``new_page``) is closed after it, so each test starts with none."""
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    browser = _BROWSER.get(sync_api)
    assert browser.contexts == [], "a test before this one left a browser context open"
    yield browser
    if browser.is_connected():
        for context in browser.contexts:
            context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After a test's fixtures are torn down: stop the shared Chromium unless the next test
    on this worker uses it too."""
    yield
    if _BROWSER.browser is not None and (
        nextitem is None or "chromium" not in getattr(nextitem, "fixturenames", ())
    ):
        _BROWSER.stop()
