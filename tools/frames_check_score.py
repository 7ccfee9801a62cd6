"""The default codebook's score on the frames check set, overall and per stratum.

Run: ``python tools/frames_check_score.py [FOLDER]`` (default: the first check sample,
``src/normtrace/data/validation/frames/check``; writes ``score.json`` there and prints the
tables). Strata: ``all`` and every stratum the sample holds.

``drawn.json`` in the folder names the codebook version the sample is a clean measurement of
(``clean_for``: frozen before any of its labels was seen). ``score.json`` says whether it is
scoring that version (``clean``); a clean score is also kept as ``score-VERSION.json``, so a
later revision that reads the sample's errors does not overwrite the record. A later version
that codes the same passages (the same ``Codebook.matching``: names, definitions, examples or
the tree of codes edited, no entry or exclusion) scores the same and stays clean, when
``drawn.json`` records the drawn version's matching (``clean_for_matching``); so does a later
version that an audit found to code every paragraph of the sample's pool the same (its
matching added to that list, the audit named under ``audits``). What a codebook codes depends
on the matcher too (``coding.dictionary.compile.ALGORITHM``): a sample is clean only under
the matchers ``clean_for_matcher`` lists (absent: the first, ``coding.aho_corasick.v1``, which
drew every sample before the list existed), a later matcher added when an audit
(``tools/codebook_audit.py --old-code REV``) found it codes every paragraph of the pool as
the earlier one did (named under ``audits``); ``score.json`` names the matcher it scored with.

A stratified sample (rows with ``weight``, ``tools/frames_fresh.py --fourth``) also gets the
weighted estimate of the error on the pool it was drawn from, as the stratum
``PREFIX-pool`` (``mandate-pool``; ``normtrace.evaluate.stratified``). Its strata scored
alone are not estimates of the pool: the coded paragraphs are a census there. When
``drawn.json`` names earlier samples of the same pool (``combine_with``), their labelled
paragraphs join with weight 1 in the estimate ``combined_pool``, noted as read while revising
(only those of its ``combine_strata``, when it names them).
The combined estimate is never a clean measurement (``"clean": false`` on its stratum), even in
a sample that is clean for the version it scores. A sample that continues an earlier draw of
the same strata (``merge_with``) is scored merged with it
(``normtrace.evaluate.stratified.merge_draws``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from normtrace.coding.codebook import Codebook
from normtrace.coding.dictionary.compile import ALGORITHM
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.validity import check_set_name
from normtrace.evaluate.frames import load_labelled_set, score_codebook
from normtrace.evaluate.stratified import (
    describe,
    macro_f1,
    merge_draws,
    score_sample,
    with_census,
)

FOLDER = Path(__file__).resolve().parents[1] / "src/normtrace/data/validation/frames/check"
#: the matcher every sample drawn before ``clean_for_matcher`` existed was drawn and scored with
FIRST_MATCHER = "coding.aho_corasick.v1"


def _pool_estimate(
    rows: list[dict[str, Any]],
    book: Codebook,
    name: str,
    note: str | None = None,
    *,
    read: bool = False,
) -> dict[str, Any]:
    """The weighted estimate of ``book``'s error on the pool the rows were drawn from;
    ``read``: part of the rows were read while revising (the stratum is never clean, whatever
    the sample is)."""
    est = score_sample(rows, book)
    print(describe(est, f"{name}: weighted estimate, {book.name} {book.version}") + "\n")
    return {
        "codebook": book.name, "version": book.version, "split": name,
        "paragraphs": len(rows), "pool": round(sum(float(r["weight"]) for r in rows)),
        "weighted": True,
        "macro_f1": round(macro_f1(est), 4),
        "unscored": [f for f, s in est.items() if not s.defined],
        "frames": {f: s.to_dict() for f, s in est.items()},
        **({"note": note} if note else {}),
        **({"clean": False} if read else {}),
    }  # fmt: skip


def _names(samples: list[str]) -> str:
    """``check set 4``, ``check sets 4 and 5``, ``check sets 4, 5 and 6``."""
    numbers = [s.removeprefix("check") or "1" for s in samples]
    if len(numbers) == 1:
        return check_set_name(samples[0])
    return f"check sets {', '.join(numbers[:-1])} and {numbers[-1]}"


def sample_rows(
    folder: Path, rows: list[dict[str, Any]], meta: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None]:
    """A stratified sample's rows for its pool estimate (merged with the earlier draws it
    continues, ``merge_with``) and, when ``combine_with`` names earlier samples labelled
    whole, the rows for the whole pool (``None`` otherwise)."""

    def load(name: str) -> list[dict[str, Any]]:
        return load_labelled_set(str(folder.parent / name / "check.jsonl"))

    pooled = rows
    for name in meta.get("merge_with", []):
        pooled = merge_draws(load(name), pooled)
    if not meta.get("combine_with"):
        return pooled, None
    # only the earlier samples' paragraphs of this pool (``combine_strata``: a sample of
    # resolutions and reports gives only its report strata to a pool of report paragraphs)
    keep = set(meta.get("combine_strata", ()))
    earlier = {n: [r for r in load(n) if not keep or r["stratum"] in keep]
               for n in meta["combine_with"]}  # fmt: skip
    return pooled, with_census(pooled, earlier)


def same_coding(meta: dict[str, Any]) -> list[str]:
    """The ``Codebook.matching`` of the versions a sample stays a clean measurement of: the one
    it was drawn for, and later ones audited to code every paragraph of its pool as that one
    did (``drawn.json``'s ``clean_for_matching``, one or a list; ``audits`` says how)."""
    found = meta.get("clean_for_matching", [])
    return [found] if isinstance(found, str) else list(found)


def same_matchers(meta: dict[str, Any]) -> list[str]:
    """The matchers a sample stays a clean measurement under (:func:`same_coding`'s
    counterpart; ``drawn.json``'s ``clean_for_matcher``, else the first matcher)."""
    return list(meta.get("clean_for_matcher", [FIRST_MATCHER]))


def main(folder: Path = FOLDER) -> None:
    rows = load_labelled_set(str(folder / "check.jsonl"))
    book = load_default_codebook()
    strata: dict[str, object] = {}
    for stratum in ("all", *sorted({str(r["stratum"]) for r in rows})):
        chosen = [r for r in rows if stratum == "all" or r["stratum"] == stratum]
        score = score_codebook(chosen, book)
        strata[stratum] = score.to_dict()
        print(f"{stratum}: {score.describe()}\n")
    drawn = folder / "drawn.json"
    meta = json.loads(drawn.read_text(encoding="utf-8")) if drawn.is_file() else {}
    if any("weight" in r for r in rows):
        pooled, combined = sample_rows(folder, rows, meta)
        pool = str(rows[0]["stratum"]).split("-")[0] + "-pool"
        merged = _names(meta.get("merge_with", [])) if meta.get("merge_with") else ""
        strata[pool] = _pool_estimate(
            pooled, book, pool, note=f"merged with {merged}" if merged else None
        )
        if combined is not None:
            names = _names(meta["combine_with"])
            n_read = len(combined) - len(pooled)
            unit = "speeches" if all(r.get("kind") == "speech" for r in rows) else "paragraphs"
            strata[meta["combined_pool"]] = _pool_estimate(
                combined, book, meta["combined_pool"],
                note=f"{n_read} of its {unit} from {names}, read while revising", read=True,
            )  # fmt: skip
    drawn_for = meta.get("clean_for") == book.version
    clean = (drawn_for or book.matching in same_coding(meta)) and ALGORITHM in same_matchers(meta)
    out = {"codebook": book.name, "version": book.version, "matcher": ALGORITHM, "clean": clean,
           "strata": strata}  # fmt: skip
    text = json.dumps(out, indent=2) + "\n"
    (folder / "score.json").write_text(text, encoding="utf-8")
    if drawn_for:
        (folder / f"score-{book.version}.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER)
