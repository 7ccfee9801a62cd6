"""The ingest and project fault table (issue 14, items 7 and 11): class → outcome.

Every case runs the real CLI (``python -m normtrace``) in a scratch folder on SYNTHETIC bad
input (tests/fixtures/faults, or files made here) plus one real resolution text from
tests/fixtures/pipeline, and prints one row: the class, the exit status, the number of
``error:`` lines, whether a traceback was printed, and the first error line. A case
passes when it exits ≠ 0 with one-line errors and no traceback (or, for input that is
fine, exits 0).

Cases that need root (a tiny tmpfs for "disk full", a read-only remount) or another user
(unreadable folders: root reads everything) are skipped with a note otherwise.

Run from the repository root: ``python tools/fault_table.py`` (``--keep`` keeps the folder).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAULTS = ROOT / "tests" / "fixtures" / "faults"
GOOD = ROOT / "tests" / "fixtures" / "pipeline" / "S-RES-2100(2013).txt"
SPEECH = ROOT / "tests" / "fixtures" / "pipeline" / "UNSC_2020_SPV.8703_spch002.txt"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass
class Row:
    name: str
    code: int | None
    errors: int
    traceback: bool
    line: str
    want_ok: bool = False

    @property
    def passed(self) -> bool:
        if self.code is None:
            return True  # skipped
        if self.traceback:
            return False
        return self.code == 0 if self.want_ok else self.code != 0 and self.errors >= 1


def run(args: list[str], *, cwd: Path, timeout: float = 120) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NORMTRACE_CODER": "fault-table"}
    cmd = [sys.executable, "-m", "normtrace", *args]
    try:
        done = subprocess.run(
            cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        out = (exc.stderr or b"").decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
        return 124, out + "\nTIMEOUT"
    return done.returncode, done.stdout + done.stderr


def row(name: str, code: int, out: str, *, want_ok: bool = False) -> Row:
    errors = [ln for ln in out.splitlines() if ln.startswith("error: ")]
    first = errors[0] if errors else (out.strip().splitlines() or [""])[-1]
    return Row(name, code, len(errors), "Traceback" in out, first[:150], want_ok)


def skipped(name: str, why: str) -> Row:
    return Row(name, None, 0, False, f"skipped: {why}")


def ingest_case(base: Path, name: str, make: Callable[[Path], object], *extra: str) -> Row:
    folder = base / name.replace(" ", "_")
    folder.mkdir()
    make(folder)
    shutil.copy(GOOD, folder / "S-RES-2100(2013).txt")
    code, out = run(["--project", str(folder / "p.db"), "ingest", str(folder), *extra], cwd=base)
    result = row(f"ingest: {name}", code, out)
    if "1 new" not in out:  # the good file must be stored despite the bad one
        result.line = "GOOD FILE NOT STORED: " + result.line
        result.traceback = True
    return result


def _copy(name: str) -> Callable[[Path], object]:
    return lambda folder: shutil.copy(FAULTS / name, folder / name)


def ingest_rows(base: Path) -> list[Row]:
    def fifo(f: Path) -> None:
        os.mkfifo(f / "synthetic-fifo.txt")

    def dangling(f: Path) -> None:
        (f / "synthetic-dangling.txt").symlink_to(f / "nowhere.txt")

    def loop(f: Path) -> None:
        (f / "a.txt").symlink_to(f / "b.txt")
        (f / "b.txt").symlink_to(f / "a.txt")

    def big(f: Path) -> None:
        (f / "synthetic-big.txt").write_bytes(b"x " * 600_000)

    rows = [
        ingest_case(base, "junk xlsx (BadZipFile)", _copy("synthetic_junk.xlsx")),
        ingest_case(base, "NUL bytes", _copy("synthetic_nul.txt")),
        ingest_case(base, "truncated PDF", _copy("synthetic_truncated.pdf")),
        ingest_case(base, "unclosed HTML", _copy("synthetic_unclosed.html")),
        ingest_case(base, "FIFO", fifo),
        ingest_case(base, "dangling symlink", dangling),
        ingest_case(base, "looping symlinks", loop),
        ingest_case(base, "file over --max-file-mb 1", big, "--max-file-mb", "1"),
    ]
    # a missing path given on the command line
    folder = base / "missing"
    folder.mkdir()
    shutil.copy(GOOD, folder / "S-RES-2100(2013).txt")
    code, out = run(
        ["--project", str(folder / "p.db"), "ingest", str(folder / "absent.txt"), str(folder)],
        cwd=base,
    )
    rows.append(row("ingest: missing path", code, out))
    # a non-UTF-8 file name: stored, exit 0
    folder = base / "latin1"
    folder.mkdir()
    name = os.fsdecode(b"r\xe9solution S-RES-2100(2013).txt")
    shutil.copy(GOOD, folder / name)
    code, out = run(["--project", str(folder / "p.db"), "ingest", str(folder)], cwd=base)
    rows.append(row("ingest: non-UTF-8 file name (stored)", code, out, want_ok=True))
    # structural warnings printed
    folder = base / "warnings"
    folder.mkdir()
    shutil.copy(SPEECH, folder / "S-RES-9999(2020).txt")
    code, out = run(["--project", str(folder / "p.db"), "ingest", str(folder)], cwd=base)
    result = row("ingest: record named as a resolution (warnings)", code, out, want_ok=True)
    result.line = f"{out.count('warning: ')} warning lines"
    rows.append(result)
    # an unreadable folder (root reads everything; tests/ingest/test_ingest_faults.py
    # simulates it): needs a user other than root who can run this Python
    if not IS_ROOT:
        folder = base / "locked_case"
        locked = folder / "locked"
        locked.mkdir(parents=True)
        shutil.copy(GOOD, folder / "S-RES-2100(2013).txt")
        shutil.copy(GOOD, locked / "S-RES-2100(2013).txt")
        locked.chmod(0)
        code, out = run(["--project", str(folder / "p.db"), "ingest", str(folder)], cwd=folder)
        rows.append(row("ingest: unreadable folder", code, out))
        locked.chmod(0o755)
    else:
        rows.append(skipped("ingest: unreadable folder", "root reads every folder"))
    return rows


def project_rows(base: Path) -> list[Row]:
    rows: list[Row] = []
    shutil.copy(GOOD, base / "S-RES-2100(2013).txt")
    good = base / "S-RES-2100(2013).txt"
    # --project is a folder / a foreign SQLite file / not SQLite / under a file
    (base / "folder").mkdir()
    code, out = run(["--project", str(base / "folder"), "ls"], cwd=base)
    rows.append(row("project: --project is a folder", code, out))
    foreign = base / "foreign.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.commit()
    con.close()
    code, out = run(["--project", str(foreign), "ingest", str(good)], cwd=base)
    tables = sqlite3.connect(foreign).execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    result = row("project: a foreign SQLite file", code, out)
    result.line += f" [tables after: {tables}]"
    result.traceback = result.traceback or tables != 1
    rows.append(result)
    text = base / "notes.txt"
    text.write_text("not a database\n" * 200)
    code, out = run(["--project", str(text), "ls"], cwd=base)
    rows.append(row("project: a text file", code, out))
    code, out = run(["--project", str(text / "p.db"), "ls"], cwd=base)
    rows.append(row("project: --project under a file", code, out))
    # schema version: newer than this normtrace, and mislabelled lower than the tables
    for label, version in (("newer (v99)", 99), ("mislabelled (v3 on a v8 project)", 3)):
        proj = base / f"schema{version}.db"
        run(["--project", str(proj), "ls"], cwd=base)
        con = sqlite3.connect(proj)
        con.execute(f"PRAGMA user_version = {version}")
        con.close()
        code, out = run(["--project", str(proj), "ls"], cwd=base)
        rows.append(row(f"project: schema {label}", code, out))
    # backup to a missing folder
    proj = base / "b.db"
    run(["--project", str(proj), "ingest", str(good)], cwd=base)
    code, out = run(["--project", str(proj), "backup", str(base / "nowhere" / "b.db")], cwd=base)
    rows.append(row("project: backup to a missing folder", code, out))
    # two processes (x 8 pairs) creating the same new project at once
    crashed = 0
    for i in range(8):
        proj = base / f"race{i}.db"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        cmd = [sys.executable, "-m", "normtrace", "--project", str(proj), "ls"]
        procs = [subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE)
                 for _ in range(2)]  # fmt: skip
        crashed += sum(1 for p in procs if p.wait() != 0)
    rows.append(Row("project: 2 processes create one project (x8)", crashed, crashed,
                    False, f"{crashed} of 16 processes failed", want_ok=True))  # fmt: skip
    rows += mounted_rows(base, good)
    return rows


def mounted_rows(base: Path, good: Path) -> list[Row]:
    if not IS_ROOT or not shutil.which("mount"):
        return [skipped("project: disk full / read-only", "needs root to mount a tmpfs")]
    rows = []
    tiny = base / "tiny"
    tiny.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=900k", "tmpfs", str(tiny)],
                      check=False, capture_output=True).returncode:  # fmt: skip
        return [skipped("project: disk full / read-only", "mount refused")]
    try:
        inputs = base / "many"
        inputs.mkdir()
        for i in range(12):  # copies with distinct bytes: each a new version
            (inputs / f"S-RES-2100(2013)-{i}.txt").write_bytes(GOOD.read_bytes() + b"\n" * i)
        code, out = run(["--project", str(tiny / "p.db"), "ingest", str(inputs)], cwd=base)
        rows.append(row("project: disk full during ingest (900 kB tmpfs)", code, out))
        subprocess.run(["umount", str(tiny)], check=False)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(tiny)], check=True)
        run(["--project", str(tiny / "p.db"), "ingest", str(good)], cwd=base)
        run(["--project", str(tiny / "p.db"), "code", "apply"], cwd=base)
        subprocess.run(["mount", "-o", "remount,ro", str(tiny)], check=True)
        for label, args in (
            ("ingest", ["ingest", str(SPEECH)]),
            (
                "code add",
                [
                    "code",
                    "add",
                    "S/RES/2100 (2013)/op1",
                    "0",
                    "4",
                    "stabilization",
                    "--coder",
                    "ana",
                ],
            ),
            ("ls (reading)", ["ls"]),
            ("serve", ["serve", "--port", "8791"]),
        ):
            code, out = run(["--project", str(tiny / "p.db"), *args], cwd=base, timeout=20)
            rows.append(row(f"project: read-only project, {label}", code, out,
                            want_ok=label.startswith("ls")))  # fmt: skip
        code, out = run(["--project", str(tiny / "new.db"), "ingest", str(good)], cwd=base)
        rows.append(row("project: new project in a read-only folder", code, out))
    finally:
        subprocess.run(["umount", str(tiny)], check=False)
    return rows


def main() -> None:
    keep = "--keep" in sys.argv
    base = Path(tempfile.mkdtemp(prefix="normtrace-faults-"))
    try:
        rows = ingest_rows(base) + project_rows(base)
    finally:
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
    width = max(len(r.name) for r in rows)
    for r in rows:
        status = "skip" if r.code is None else "ok" if r.passed else "FAIL"
        code = "-" if r.code is None else str(r.code)
        print(f"{status:4} {r.name:<{width}}  exit {code:>3}  tb {'yes' if r.traceback else 'no '}"
              f"  {r.line}")  # fmt: skip
    failed = [r for r in rows if not r.passed]
    print(f"{len(rows)} classes, {len(failed)} failed, "
          f"{sum(r.traceback for r in rows)} tracebacks")  # fmt: skip
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
