"""A project whose counts cover two genres of text, for the tests of the measured error a
count carries (issue 12: a count of report paragraphs carries the code's measurement on
reports, not its headline over resolutions).

The documents are real: the Secretary-General's report S/2004/908 (MINUSTAH) and resolution
S/RES/2048 (2012), copied unchanged from ``../shared/corpus`` (tests/fixtures/reports and
tests/fixtures/texts, whose READMEs say so). The codebook ``synth`` and its validation run are
SYNTHETIC: one code, ``x``, whose two entries overlap in the report ("Security Council" and
"Council resolution*"), and a stored ``code validate`` run whose scores were invented so that
the code's measurement on resolutions from 1999 and other documents validates it (recall 0.92
on 200 labelled units) while its measurement on report paragraphs does not (recall 0.40 on 400
labelled units). Each labelled genre's share of units holding a candidate is close to the
project's, so neither is set aside as chosen (:mod:`normtrace.coding.labelled_draw`).

``tests/`` is on ``sys.path`` for every test (``from synthetic_genres import ...``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.intervals import wilson
from normtrace.coding.learn.scores import CodeScore
from normtrace.parse.model import Document
from normtrace.parse.report import parse_report
from normtrace.parse.resolution.parser import parse_resolution
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: real documents: a report (genre ``report``) and a resolution of 2012 (genre ``""``)
REPORT = FIXTURES / "reports" / "MINUSTAH_S_2004_908.txt"
RESOLUTION = FIXTURES / "texts" / "S-RES-2048(2012).txt"
#: SYNTHETIC codebook: one code whose entries overlap ("Security Council resolution")
BOOK = Codebook(name="synth", codes=(
    Code(id="x", name="X", entries=(Entry("Security Council"), Entry("Council resolution*"))),
))  # fmt: skip
#: SYNTHETIC scores of the stored run: genre -> (labelled units, true positives, false
#: positives, false negatives); "" is resolutions from 1999 and other documents
SCORES = {"": (200, 11, 3, 1), "report": (400, 8, 22, 12)}


def _document(path: Path, parse: Callable[[str], Document], store: Store) -> None:
    raw = path.read_bytes()
    doc = parse(raw.decode("utf-8", errors="replace"))
    digest = hashlib.sha256(raw).hexdigest()
    save_document(store, doc, SourceRecord(doc.symbol, digest, 1, "text/plain", "test"))


def _score(n: int, tp: int, fp: int, fn: int) -> CodeScore:
    """A SYNTHETIC dictionary score of ``x`` with Wilson intervals, as a run stores it."""
    p, r = wilson(tp, tp + fp), wilson(tp, tp + fn)
    return CodeScore("x", "dictionary", n, tp + fn, tp, fp, fn, p.value, p.low, p.high,
                     r.value, r.low, r.high, 2 * tp / (2 * tp + fp + fn), None, None)  # fmt: skip


def genre_project(path: Path, *, resolution: bool = True) -> Path:
    """The real report (and, with ``resolution``, the real resolution) coded with the SYNTHETIC
    codebook, and the SYNTHETIC unit-level validation run of it (see the module doc)."""
    with Store.open(path) as store:
        _document(REPORT, parse_report, store)
        if resolution:
            _document(RESOLUTION, parse_resolution, store)
        register_codebook(store, BOOK)
        apply_codebook(store, BOOK, progress=False)
        whole = [sum(x) for x in zip(*SCORES.values(), strict=True)]
        run = store.start_run("validate", "test.synthetic")
        store.finish_run(run, {
            "codebook": BOOK.name, "codebook_version": BOOK.version, "level": "unit",
            "scores": [asdict(_score(*whole))],
            "genre_scores": {"report": [asdict(_score(*SCORES["report"]))]},
        })  # fmt: skip
    return path
