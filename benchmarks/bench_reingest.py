"""Ingesting ../shared again (nothing changed), and decoding its text files.

Setup (not timed): a project of ../shared's resolutions, 2020 speeches, meeting tables and
verbatim records (the reports are left out: five need OCR), without the 16 reserved
resolutions; a copy of it without migration 0025's two indexes (``documents_source``,
``speeches_source``): the store before stop 44.

Timed, CPU seconds, fastest of REPEATS, alternated:

* ``ingest again`` — :func:`~normtrace.pipeline.ingest_paths` of the same folders into the
  project (every file ``unchanged``); baseline: the same on the copy without the indexes,
  where :func:`~normtrace.store.writer.reverted` scans the documents and speeches tables for
  every file;
* ``decode`` — :func:`~normtrace.ingest.text.decode_text` of every text file; baseline: the
  same with the C1 and control characters counted by a Python loop per character (stop 43's
  code, a copy below).

Checks that both give the same outcomes and the same decoded texts. Prints the times and
baseline/current. Asserts nothing on time. Usage::

    .venv/bin/python benchmarks/bench_reingest.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _shared import copy_project, shared_dir

from normtrace.ingest import text as text_module
from normtrace.ingest.text import DecodedText, decode_text
from normtrace.pipeline import ingest_paths
from normtrace.store.db import Store

FOLDERS = ("resolutions", "speeches-2020", "meetings", "verbatim")
RESERVED = {f"S-RES-{n}" for n in (
    "1270(1999)", "1291(2000)", "1542(2004)", "1608(2005)", "1925(2010)", "2053(2012)",
    "2085(2012)", "2098(2013)", "2100(2013)", "2127(2013)", "2147(2014)", "2149(2014)",
    "2164(2014)", "2211(2015)", "2217(2015)", "2227(2015)")}  # fmt: skip


def files(corpus: Path) -> list[Path]:
    found = [p for f in FOLDERS for p in sorted((corpus / f).iterdir()) if p.is_file()]
    return [p for p in found if p.stem not in RESERVED and not p.name.startswith(".")]


def cpu_best(repeats: int, func: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.process_time()
        result = func()
        best = min(best, time.process_time() - start)
    return best, result


def old_decode_text(data: bytes, *, path: str | None = None) -> DecodedText:
    """Stop 43's decode_text: a Python loop per character for both counts."""
    c1 = text_module._C1_AS_CP1252
    if b"\x00" in data:
        raise ValueError(path)
    text, encoding = text_module._decode(data, path)
    repaired = sum(1 for ch in text if ord(ch) in c1)
    if repaired:
        text = text.translate(c1)
    allowed = text_module._ALLOWED_CONTROLS
    controls = sum(1 for ch in text if ch < " " and ch not in allowed)
    if text and controls > max(2, text_module._MAX_CONTROL_SHARE * len(text)):
        raise ValueError(path)
    return DecodedText(text, encoding, repaired)


def again(project: Path, paths: list[Path]) -> float:
    """CPU seconds of ingesting ``paths`` again into ``project`` (all must be unchanged)."""
    with Store.open(project) as store:
        start = time.process_time()
        report = ingest_paths(store, paths, progress=False)
        took = time.process_time() - start
    assert report.counts == {"unchanged": len(paths)}, report.summary()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    paths = files(shared_dir() / "corpus")
    texts = [p.read_bytes() for p in paths if p.suffix == ".txt"]
    print(f"{len(paths)} files ({len(texts)} text files, {sum(map(len, texts)) / 1e6:.1f} MB)")

    now = [decode_text(b) for b in texts]
    assert [old_decode_text(b) for b in texts] == now, "decode_text differs from stop 43's"
    new_s, old_s = float("inf"), float("inf")
    for _ in range(args.repeats):
        new_s = min(new_s, cpu_best(1, lambda: [decode_text(b) for b in texts])[0])
        old_s = min(old_s, cpu_best(1, lambda: [old_decode_text(b) for b in texts])[0])
    print(f"decode        current {new_s:6.2f} s  baseline {old_s:6.2f} s  "
          f"baseline/current {old_s / new_s:5.1f}")  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "p.db"
        with Store.open(project) as store:
            first = ingest_paths(store, paths, progress=False)
        assert first.ok and first.counts == {"new": len(paths)}, first.summary()
        before = copy_project(project, Path(tmp) / "before.db")
        with Store.open(before) as store:
            store.conn.execute("DROP INDEX documents_source")
            store.conn.execute("DROP INDEX speeches_source")
        times: dict[str, float] = {}
        for _ in range(args.repeats):
            for name, db in (("current", project), ("baseline", before)):
                took = again(db, paths)
                times[name] = min(times.get(name, float("inf")), took)
    cur, base = times["current"], times["baseline"]
    print(f"ingest again  current {cur:6.2f} s  baseline {base:6.2f} s  "
          f"baseline/current {base / cur:5.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
