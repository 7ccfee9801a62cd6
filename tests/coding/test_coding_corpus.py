"""The default codebook over every resolution in ../shared (slow; skipped without the data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.coding.dictionary.matcher import compile_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


@pytest.mark.slow
def test_every_span_slices_back_on_all_resolutions(shared_dir: Path) -> None:
    matcher = compile_codebook(load_default_codebook())
    files = sorted((shared_dir / "corpus" / "resolutions").glob("*.txt"))
    assert len(files) > 2000
    by_symbol: dict[str, set[str]] = {}
    for path in files:
        text = _read(path)
        spans = matcher.match(text)
        assert all(text[s.start : s.end] == s.snippet for s in spans), path.name
        by_symbol[path.stem] = {s.code for s in spans}
    assert {"intervention_brigade", "neutralize_disarm"} <= by_symbol["S-RES-2098(2013)"]
    brigade = [k for k, codes in by_symbol.items() if "intervention_brigade" in codes]
    first = min(brigade, key=lambda k: int(k.split("-")[2].split("(")[0]))
    assert first == "S-RES-2098(2013)"  # the first resolution to name the Brigade
