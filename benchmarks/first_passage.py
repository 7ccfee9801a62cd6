"""Time to a new user's first hand-coded passage, following the README and docs/tutorial.md.

Does the steps of the tutorial's "Your first hand-coded passage" in a fresh folder, for
real: the README's first command (``make demo``; here ``normtrace demo``, the venv being
there already), the tutorial's command (``serve --admin me``, which creates the first admin
account at its password prompts and serves the project on a loopback port) and its clicks in
headless Chromium (Playwright, ``/usr/bin/chromium``): sign in, search, open the unit, select
words, pick a code, apply. The coding is then read
back from the project. Prints each step with its machine time, the step count and the total.

Machine time is a floor: a person reads and types. The estimate beside it adds what a
person takes for each step (``PACE``: 20 s to type a command and press Enter, 5 s to type a
password, a name or a few words, 1 s for a single key such as Tab or Enter, 5 s for a click
or a mouse selection), and the venv's creation by ``make demo`` on a fresh checkout is timed
apart (``--make-demo CHECKOUT``), since it depends on the network to the package registry.

Every action a person makes is a step, as the tutorial numbers them: each command, each
password typed at a prompt, each click (the code list is opened, then a code is picked),
each typed entry and each key. Nothing is clicked that the tutorial does not list: the
sign-in and search pages put the cursor in their field (``autofocus``), so the script types
without clicking a field first, and fails if the cursor is elsewhere. ``serve`` is run
in a pseudo-terminal and answers its two password prompts, as a person does. The script
fails (exit 1) if its step count differs from the tutorial's numbered list.

    PYTHONPATH=src .venv/bin/python benchmarks/first_passage.py [--make-demo FRESH_CHECKOUT]

Baseline: the issue's measurement of the same path before this work, about 10 minutes
(codebook YAML by hand, ``code apply``, ``users add``, ``serve``), and Taguette 1.5.2's
3–4 minutes; target ≤ 3 minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pty
import re
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial.md"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "a long enough password"
DB = "demo-output/normtrace.db"
WORDS = "Intervention Brigade"
CODE = "Intervention Brigade"
#: a person's time per kind of step (seconds), added to the machine time for the estimate
PACE = {"command": 20.0, "type": 5.0, "key": 1.0, "click": 5.0}
FOCUSED_JS = "(name) => document.activeElement && document.activeElement.name === name"
#: client rectangle of the first occurrence of a word in the unit text (for a mouse drag)
WORD_BOX_JS = """(word) => {
    const el = [...document.querySelectorAll('.unit-text')].find(e => e.textContent.includes(word));
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const at = node.textContent.indexOf(word);
        if (at >= 0) {
            const first = document.createRange();
            first.setStart(node, at);
            first.setEnd(node, at + 1);
            const last = document.createRange();
            last.setStart(node, at + word.length - 1);
            last.setEnd(node, at + word.length);
            const a = first.getBoundingClientRect(), b = last.getBoundingClientRect();
            const mid = (r) => (r.top + r.bottom) / 2;
            return {x0: a.left + 1, y0: mid(a), x1: b.right - 1, y1: mid(b)};
        }
    }
    return null;
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


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _normtrace(*args: str, cwd: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "normtrace", *args], cwd=cwd, env=_env(),
        text=True, check=True, capture_output=True,
    )  # fmt: skip


class Prompted:
    """A command in a pseudo-terminal, answered at its prompts as a person answers them."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the command, with the terminal as its own
            os.chdir(cwd)
            os.execve(sys.executable, [sys.executable, "-m", "normtrace", *args], _env())
        self.seen = ""

    def wait_for(self, text: str, timeout: float = 120.0) -> None:
        """Read the terminal until ``text`` shows (a prompt), or fail."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise RuntimeError(
                    f"no {text!r} after {timeout} s; the terminal shows {self.seen!r}"
                )
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:  # the command ended
                chunk = b""
            if not chunk:
                raise RuntimeError(f"the command ended before {text!r}: {self.seen!r}")
            self.seen += chunk.decode(errors="replace")

    def answer(self, line: str) -> None:
        """Type ``line`` and press Enter."""
        self.seen = ""
        os.write(self.fd, line.encode() + b"\n")

    def stop(self) -> None:
        """End the command (the server) as Ctrl+C does, and reap it."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGINT)
        for _ in range(100):
            if os.waitpid(self.pid, os.WNOHANG) != (0, 0):
                break
            time.sleep(0.1)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)

    def finish(self, expect: str) -> None:
        """Wait for the command's end; it must succeed and print ``expect``."""
        self.wait_for(expect)
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"the command failed: {self.seen!r}")


@dataclass
class Walk:
    """What the steps share: the folder, the server, the browser page."""

    work: Path
    port: int
    prompted: list[Prompted] = field(default_factory=list)  # ``serve --admin``, in a pty
    page: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def focused(self, name: str) -> None:
        """Fail unless the cursor is in the field ``name`` once the page has rendered (the
        browser applies ``autofocus`` when it first renders a page, as a person sees it)."""
        try:
            self.page.wait_for_function(FOCUSED_JS, arg=name, timeout=5000)
        except Exception as exc:  # Playwright's TimeoutError
            got = self.page.evaluate("() => document.activeElement && document.activeElement.name")
            raise RuntimeError(f"the cursor is not in the {name!r} field but in {got!r}") from exc


#: one step: its kind (for the pace), what a person does, and the doing
Step = tuple[str, str, Callable[[Walk], object]]


def _serve(w: Walk) -> None:
    w.prompted.append(
        Prompted(["--project", DB, "serve", "--admin", "me", "--port", str(w.port)], cwd=w.work)
    )
    w.prompted[0].wait_for("Password (at least 8 characters): ")


def _password(w: Walk) -> None:
    w.prompted[0].answer(PASSWORD)
    w.prompted[0].wait_for("Repeat for confirmation: ")


def _password_again(w: Walk) -> None:
    """The second password; ``serve`` then creates the account and prints its address."""
    w.prompted[0].answer(PASSWORD)
    w.prompted[0].wait_for(f"http://127.0.0.1:{w.port}/")
    for _ in range(300):
        try:
            urllib.request.urlopen(w.url + "/login", timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def _open(w: Walk) -> None:
    w.page.goto(w.url)
    w.page.wait_for_selector("form.login")


def _type_name(w: Walk) -> None:
    w.focused("name")
    w.page.keyboard.type("me")


def _tab(w: Walk) -> None:
    w.page.keyboard.press("Tab")


def _type_password(w: Walk) -> None:
    w.focused("password")
    w.page.keyboard.type(PASSWORD)


def _enter_sign_in(w: Walk) -> None:
    w.page.keyboard.press("Enter")
    w.page.wait_for_selector("h1:has-text('Welcome')")


def _click_search(w: Walk) -> None:
    w.page.click("nav >> text=Search")
    w.page.wait_for_selector("form[role=search]")


def _type_words(w: Walk) -> None:
    w.focused("q")
    w.page.keyboard.type(WORDS)


def _enter_search(w: Walk) -> None:
    w.page.keyboard.press("Enter")
    w.page.wait_for_selector("li.hit")


def _open_hit(w: Walk) -> None:
    w.page.locator("li.hit a.open-unit").first.click()
    w.page.wait_for_selector(".unit-text")


def _select_words(w: Walk) -> None:
    box = w.page.evaluate(WORD_BOX_JS, WORDS)
    if box is None:
        raise RuntimeError(f"{WORDS!r} is not on the page")
    w.page.mouse.move(box["x0"], box["y0"])
    w.page.mouse.down()
    w.page.mouse.move(box["x1"], box["y1"], steps=5)
    w.page.mouse.up()
    w.page.locator("#coding-bar").wait_for(state="visible")
    picked = w.page.locator("#coding-bar select[name=code]").input_value()
    if picked:
        raise RuntimeError(f"the coding bar preselected a code: {picked!r}")


def _open_list(w: Walk) -> None:
    w.page.locator("#coding-bar select[name=code]").click()


def _pick(w: Walk) -> None:
    w.page.locator("#coding-bar select[name=code]").select_option(label=CODE)


def _apply(w: Walk) -> None:
    w.page.locator("#coding-bar button.apply").click()
    w.page.locator('.unit-text mark[data-codes~="intervention_brigade"]').first.wait_for()


#: the tutorial's steps after ``make demo``, in its order (see its numbered list)
STEPS: list[Step] = [
    (
        "command",
        ".venv/bin/normtrace --project demo-output/normtrace.db serve --admin me",
        _serve,
    ),  # fmt: skip
    ("type", "type a password (8 characters or more), Enter", _password),
    ("type", "type it again, Enter: the account is made and the workbench starts", _password_again),
    ("click", "open the address serve printed", _open),
    ("type", "type your name (the cursor is in User name)", _type_name),
    ("key", "press Tab", _tab),
    ("type", "type your password", _type_password),
    ("key", "press Enter", _enter_sign_in),
    ("click", "click Search in the top bar", _click_search),
    ("type", "type Intervention Brigade (the cursor is in Words)", _type_words),
    ("key", "press Enter", _enter_search),
    ("click", "click the first hit's paragraph link", _open_hit),
    ("click", "select the words Intervention Brigade with the mouse", _select_words),
    ("click", "click the list Choose a code…", _open_list),
    ("click", "click Intervention Brigade in the list", _pick),
    ("click", "click Apply", _apply),
]


def run(make_demo: Path | None) -> int:
    from playwright.sync_api import sync_playwright

    written = tutorial_steps()
    if len(STEPS) != len(written):
        print(f"the tutorial lists {len(written)} steps and this script {len(STEPS)}: "
              "update one of them")  # fmt: skip
        return 1
    if make_demo is not None:
        start = time.perf_counter()
        subprocess.run(["make", "demo"], cwd=make_demo, check=True, capture_output=True)
        print(f"make demo on a fresh checkout (venv, install, demo): "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    walk = Walk(work=Path(tempfile.mkdtemp(prefix="first-passage-")), port=_free_port())
    start = time.perf_counter()
    _normtrace("demo", "--out", "demo-output", cwd=walk.work)
    demo = time.perf_counter() - start
    rows: list[tuple[str, str, float]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--headless", "--no-sandbox", "--disable-gpu"],
            )  # fmt: skip
            walk.page = browser.new_page()
            for kind, what, do in STEPS:
                start = time.perf_counter()
                do(walk)
                rows.append((kind, what, time.perf_counter() - start))
            browser.close()
    finally:
        for served in walk.prompted:
            served.stop()
    with sqlite3.connect(walk.work / DB) as conn:
        coded = conn.execute(
            "SELECT unit_key, snippet FROM human_codings WHERE coder = 'me'"
        ).fetchall()
    assert coded and coded[0][1] == WORDS, coded
    print(f"{'step':<4} {'kind':<8} {'machine s':>9}  what (tutorial's wording)")
    print(f"{'-':<4} {'readme':<8} {demo:9.2f}  make demo (the demo project; venv already made)")
    for i, ((kind, _, seconds), text) in enumerate(zip(rows, written, strict=True), start=1):
        print(f"{i:<4} {kind:<8} {seconds:9.2f}  {text}")
    machine = demo + sum(s for _, _, s in rows)
    person = machine + sum(PACE[k] for k, _, _ in rows)
    counts = {k: sum(1 for r in rows if r[0] == k) for k in PACE}
    print(f"\nsteps after `make demo`: {len(rows)} (tutorial lists {len(written)}): {counts}; "
          f"coded: {coded[0][0]} '{coded[0][1]}'")  # fmt: skip
    print(f"machine time: make demo's demo {demo:.1f} s + steps "
          f"{machine - demo:.1f} s = {machine:.1f} s")  # fmt: skip
    print(f"with a person's pace per step ({PACE}): {person:.1f} s (target <= 180 s)")
    return 0 if person <= 180 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--make-demo", type=Path, help="a fresh checkout to time `make demo` in")
    args = parser.parse_args()
    return run(args.make_demo)


if __name__ == "__main__":
    sys.exit(main())
