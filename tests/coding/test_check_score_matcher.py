"""A check sample is a clean measurement of a codebook version only under a matcher an audit
found to code its pool as the one that drew it (``tools/frames_check_score.py``): what a
codebook codes depends on the matcher (``coding.dictionary.compile.ALGORITHM``) as well as on
its entries, so a matcher revision that is not audited on a sample's pool leaves the sample
unclean even for the version it was drawn for. The rows are copied from a bundled check sample
(real labels of unreserved texts); the folder is a temporary copy."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from normtrace.coding.dictionary.compile import ALGORITHM
from normtrace.coding.exchange.yamlio import load_default_codebook

TOOLS = Path(__file__).resolve().parents[2] / "tools"
SAMPLE = TOOLS.parent / "src/normtrace/data/validation/frames/check/check.jsonl"


def _score(folder: Path, drawn: dict[str, object]) -> dict[str, object]:
    sys.path.insert(0, str(TOOLS))
    try:
        from frames_check_score import main
    finally:
        sys.path.remove(str(TOOLS))
    (folder / "drawn.json").write_text(json.dumps(drawn), encoding="utf-8")
    main(folder)
    result: dict[str, object] = json.loads((folder / "score.json").read_text(encoding="utf-8"))
    return result


def test_a_sample_is_clean_only_under_an_audited_matcher(tmp_path: Path) -> None:
    assert ALGORITHM != "coding.aho_corasick.v1"  # the matcher changed since the samples
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:12]
    (tmp_path / "check.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    version = load_default_codebook().version
    drawn_by_v1 = _score(tmp_path, {"clean_for": version})
    assert drawn_by_v1["clean"] is False and drawn_by_v1["matcher"] == ALGORITHM
    audited = {"clean_for": version, "clean_for_matcher": ["coding.aho_corasick.v1", ALGORITHM]}
    assert _score(tmp_path, audited)["clean"] is True
