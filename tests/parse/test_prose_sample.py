"""The held-out sample that measures "no running text" (data/validation/prose): its recorded
score is what its labels give, and the parser still classes its units as when it was drawn
(real reports in ../shared; skipped with a message when absent)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import normtrace

SAMPLE = Path(normtrace.__file__).parent / "data" / "validation" / "prose"
TOOL = Path(__file__).resolve().parents[2] / "tools" / "prose_sample.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("prose_sample", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows() -> list[dict[str, Any]]:
    with (SAMPLE / "heldout.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_the_recorded_score_is_what_the_labels_give() -> None:
    rows = _rows()
    assert len(rows) >= 100 and all(r["label"] in ("running", "other") for r in rows)
    assert {r["half"] for r in rows} == {"heldout"}
    recorded = json.loads((SAMPLE / "score.json").read_text(encoding="utf-8"))
    assert _tool().score(rows) == recorded
    assert recorded["precision"] == 1.0 and 0.94 < recorded["recall"] < 0.95


@pytest.mark.slow
def test_the_parser_still_classes_the_sample_as_drawn(shared_dir: Path) -> None:
    folder = shared_dir / "corpus" / "reports"
    if not folder.is_dir():
        pytest.skip(f"no {folder} (the shared data folder ../shared is absent)")
    from normtrace.errors import NormtraceError
    from normtrace.ingest.pdf import extract_pdf
    from normtrace.parse.report import parse_report
    from normtrace.parse.running import unit_class

    rows = _rows()
    half = _tool().halves([p.stem for p in folder.glob("*.pdf")])
    assert sum(v == "rules" for v in half.values()) == 26
    assert all(half[r["file"]] == "heldout" for r in rows)  # no rule was written on them
    checked = 0
    for name in sorted({r["file"] for r in rows}):
        pdf = folder / f"{name}.pdf"
        try:  # a scan needs OCR (minutes without a warm cache): left to `normtrace eval`
            text = extract_pdf(pdf.read_bytes(), path=str(pdf), ocr="never").text
        except NormtraceError:
            continue
        units = {p.key: unit_class(p.kind, p.flags) for p in parse_report(text).paragraphs}
        for r in rows:
            if r["file"] == name:
                assert units.get(r["key"]) == r["class"], (r["key"], r["text"][:80])
                checked += 1
    assert checked >= 100
