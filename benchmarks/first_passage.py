"""Time to a new user's first hand-coded passage, following the README and docs/tutorial.md.

Does the steps of the tutorial's "Your first hand-coded passage" in a fresh folder, for
real: the README's first command (``make demo``; here ``normtrace demo``, the venv being
there already), the tutorial's commands (``users add``, ``serve`` as its own process on a
loopback port) and its clicks in headless Chromium (Playwright, ``/usr/bin/chromium``):
sign in, search, open the unit, select words, pick a code, apply. The coding is then read
back from the project. Prints each step with its machine time, the step count and the total.

Machine time is a floor: a person reads and types. The estimate beside it adds what a
person takes for each step (``PACE``: 20 s to type a command, 10 s for a password typed
twice or a sign-in, 5 s for any other click or selection), and the venv's creation by
``make demo`` on a fresh checkout is timed apart (``--make-demo CHECKOUT``), since it
depends on the network to the package registry.

    .venv/bin/python benchmarks/first_passage.py [--make-demo FRESH_CHECKOUT]

Baseline: the issue's measurement of the same path before this work, about 10 minutes
(codebook YAML by hand, ``code apply``, ``users add``, ``serve``), and Taguette 1.5.2's
3–4 minutes; target ≤ 3 minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial.md"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "a long enough password"
#: a person's time per kind of step (seconds), added to the machine time for the estimate
PACE = {"command": 20.0, "password": 10.0, "click": 5.0}
SELECT_JS = """(word) => {
    const el = [...document.querySelectorAll('.unit-text')].find(e => e.textContent.includes(word));
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const at = node.textContent.indexOf(word);
        if (at >= 0) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + word.length);
            window.getSelection().removeAllRanges();
            window.getSelection().addRange(range);
            el.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
            return true;
        }
    }
    return false;
}"""


def tutorial_steps() -> list[str]:
    """The numbered steps of the tutorial's first-passage list (what this script does)."""
    text = TUTORIAL.read_text(encoding="utf-8")
    block = text.split("<!-- first-passage-steps -->")[1].split("<!-- /first-passage-steps -->")[0]
    return re.findall(r"^\d+\. (.+)$", block, flags=re.MULTILINE)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _normtrace(*args: str, cwd: Path, stdin: str | None = None) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run(
        [sys.executable, "-m", "normtrace", *args], cwd=cwd, env=env, input=stdin,
        text=True, check=True, capture_output=True,
    )  # fmt: skip


class Clock:
    """Steps with their machine time and the kind of step (for the person's estimate)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, float]] = []

    def step(self, kind: str, what: str, fn: Callable[[], object]) -> None:
        start = time.perf_counter()
        fn()
        self.rows.append((kind, what, time.perf_counter() - start))


def run(make_demo: Path | None) -> int:
    from playwright.sync_api import sync_playwright

    if make_demo is not None:
        start = time.perf_counter()
        subprocess.run(["make", "demo"], cwd=make_demo, check=True, capture_output=True)
        print(f"make demo on a fresh checkout (venv, install, demo): "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    work = Path(tempfile.mkdtemp(prefix="first-passage-"))
    db = "demo-output/normtrace.db"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    clock = Clock()
    clock.step("readme", "make demo (the demo project; venv already made)",
               lambda: _normtrace("demo", "--out", "demo-output", cwd=work))  # fmt: skip
    clock.step("command", "source .venv/bin/activate", lambda: None)
    clock.step("password", "normtrace --project ... users add me --role admin",
               lambda: _normtrace("--project", db, "users", "add", "me", "--role", "admin",
                                  "--password-stdin", cwd=work, stdin=PASSWORD + "\n"))  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server: list[subprocess.Popen[bytes]] = []

    def serve() -> None:
        server.append(
            subprocess.Popen(
                [sys.executable, "-m", "normtrace", "--project", db, "serve", "--port", str(port)],
                cwd=work,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )  # fmt: skip
        )
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/login", timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    clock.step("command", "normtrace --project ... serve", serve)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--headless", "--no-sandbox", "--disable-gpu"],
            )  # fmt: skip
            page = browser.new_page()
            clock.step("click", "open the address serve printed", lambda: page.goto(url))

            def sign_in() -> None:
                page.fill("input[name=name]", "me")
                page.fill("input[name=password]", PASSWORD)
                page.press("input[name=password]", "Enter")
                page.wait_for_selector("h1:has-text('Welcome')")

            clock.step("password", "type name and password, Enter", sign_in)
            clock.step("click", "click Search", lambda: page.click("nav >> text=Search"))

            def search() -> None:
                page.fill("input[name=q]", "Intervention Brigade")
                page.press("input[name=q]", "Enter")
                page.wait_for_selector("li.hit")

            clock.step("click", "type Intervention Brigade, Enter", search)

            def open_unit() -> None:
                page.locator("li.hit .meta a").first.click()
                page.wait_for_selector(".unit-text")

            clock.step("click", "click the first hit", open_unit)

            def select() -> None:
                assert page.evaluate(SELECT_JS, "Intervention Brigade")
                page.locator("#coding-bar").wait_for(state="visible")

            clock.step("click", "select the words Intervention Brigade", select)
            clock.step("click", "pick the code Intervention Brigade",
                       lambda: page.locator("#coding-bar select[name=code]").select_option(
                           label="Intervention Brigade"))  # fmt: skip

            def apply() -> None:
                page.locator("#coding-bar button.apply").click()
                page.locator('.unit-text mark[data-codes~="intervention_brigade"]').first.wait_for()

            clock.step("click", "click Apply", apply)
            browser.close()
    finally:
        for proc in server:
            proc.terminate()
            proc.wait(timeout=10)
    with sqlite3.connect(work / db) as conn:
        coded = conn.execute(
            "SELECT unit_key, snippet FROM human_codings WHERE coder = 'me'"
        ).fetchall()
    assert coded and coded[0][1] == "Intervention Brigade", coded
    steps = [r for r in clock.rows if r[0] != "readme"]
    written = tutorial_steps()
    print(f"{'step':<4} {'kind':<9} {'machine s':>9}  what")
    for i, (kind, what, seconds) in enumerate(clock.rows):
        print(f"{i if kind != 'readme' else '-':<4} {kind:<9} {seconds:9.2f}  {what}")
    machine = sum(s for _, _, s in clock.rows)
    person = machine + sum(PACE[k] for k, _, _ in steps)
    print(f"\nsteps after `make demo`: {len(steps)} (tutorial lists {len(written)}); "
          f"coded: {coded[0][0]} '{coded[0][1]}'")  # fmt: skip
    print(f"machine time, make demo's demo included: {machine:.1f} s")
    print(f"with a person's pace per step ({PACE}): {person:.1f} s (target <= 180 s)")
    if len(steps) != len(written):
        print("the tutorial's steps and this script's differ: update one of them")
        return 1
    return 0 if person <= 180 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--make-demo", type=Path, help="a fresh checkout to time `make demo` in")
    args = parser.parse_args()
    return run(args.make_demo)


if __name__ == "__main__":
    sys.exit(main())
