"""`code validate`'s numbers, pinned: the speed work on validate (features hashed once per run,
dictionaries compiled once, reference examples featurized once) must give the same folds, the
same models and the same P/R/F1 with the same intervals as the code before it did.

The project is SYNTHETIC (made-up paragraphs of made-up documents SYN/1..3), and so are its
reference examples (made-up paragraphs of SYNREF/n standing in for the bundled frames set, so
that the codes standing for a frame take the path a real project's do: the frame's dictionary
rule, reference rows in every fold's fit, the cross-validated choice between rule and
classifier). ``PINNED`` holds what validate computed on commit 7d226dd, before that work.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.intervals import Interval, f1_interval_from
from normtrace.coding.learn import train
from normtrace.coding.learn.reference import Reference, reference_from_rows
from normtrace.coding.learn.scores import bootstrap_is_point
from normtrace.coding.learn.validate import Validation, validate
from normtrace.store.db import Store
from synthetic_docs import insert_document

BOOK = """# SYNTHETIC
name: pinned
codes:
  - {id: protection_of_civilians, name: Protection of civilians (test)}
  - {id: offensive_force, name: Offensive force (test)}
  - {id: owned, name: Owned by the host (test)}
  - {id: rare, name: Rarely seen (test)}
"""
FILLER = ["council", "notes", "report", "welcomes", "progress", "elections", "budget", "staff",
          "requests", "secretary", "general", "continue", "inform", "regularly", "dialogue",
          "mission", "mandate", "extends", "period", "support"]  # fmt: skip
#: phrases the default codebook's dictionary finds (protection of civilians, offensive force)
POC = "to protect civilians under imminent threat of physical violence"
POC_PLAIN = "shield the population from harm in the camps"
FORCE = "to neutralize armed groups"
OWNED = "national ownership of the plan"
RARE = "a rarely seen phrase"


def _text(rng: random.Random, *phrases: str) -> str:
    words = rng.sample(FILLER, 7)
    at = rng.randrange(len(words))
    return " ".join([*words[:at], *phrases, *words[at:]]).capitalize() + "."


def _units(seed: int = 3) -> dict[str, tuple[str, list[str]]]:
    """45 SYNTHETIC units: key -> (text, codes)."""
    rng = random.Random(seed)
    out: dict[str, tuple[str, list[str]]] = {}
    for n in range(45):
        key = f"SYN/{n % 3 + 1}/op{n // 3 + 1}"
        codes: list[str] = []
        phrases: list[str] = []
        if n % 3 == 0:  # 15 positives, 10 of them in the dictionary's words
            codes.append("protection_of_civilians")
            phrases.append(POC if n % 9 else POC_PLAIN)
        elif n % 11 == 0:  # a hit that coders did not take as the frame
            phrases.append(POC)
        if n % 10 == 1:
            codes.append("offensive_force")
            phrases.append(FORCE)
        if n % 4 == 2:
            codes.append("owned")
            phrases.append(OWNED)
        if n == 7:
            codes.append("rare")
            phrases.append(RARE)
        out[key] = (_text(rng, *phrases), codes)
    return out


def synthetic_reference(seed: int = 5) -> Reference:
    """40 SYNTHETIC reference examples at unit level, in the bundled set's row format."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for n in range(40):
        frames = (["protection_of_civilians"] if n % 2 else []) + (
            ["offensive_force"] if n % 5 == 0 else [])  # fmt: skip
        phrases = ([POC if n % 4 == 1 else POC_PLAIN] if n % 2 else []) + (
            [FORCE] if n % 5 == 0 else [])  # fmt: skip
        key = f"SYNREF/{n // 4 + 1}/op{n % 4 + 1}"
        text = _text(rng, *phrases)
        rows.append({"key": key, "symbol": f"SYNREF/{n // 4 + 1}", "split": "dev",
                     "frames": frames, "text": text,
                     "units": [{"key": key, "text": text}]})  # fmt: skip
    return reference_from_rows(rows, "unit")


def pinned_project(tmp_path: Path) -> Store:
    """The SYNTHETIC project, every unit labelled for codebook ``pinned`` (SYN/3 adopted before
    1999, so the dictionary is also scored on the genre ``early``)."""
    store = Store.open(tmp_path / "pinned.db")
    units = _units()
    with store.transaction() as conn:
        for d in (1, 2, 3):
            insert_document(conn, f"SYN/{d}", [(k, "op", t) for k, (t, _) in units.items()
                                               if k.startswith(f"SYN/{d}/")],
                            date="1995-01-01" if d == 3 else "2001-01-01")  # fmt: skip
    (tmp_path / "pinned.yaml").write_text(BOOK)
    rows = [{"unit_key": k, "code": c} for k, (_, codes) in units.items() for c in codes or [""]]
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    import_codings(store, path, codebook=str(tmp_path / "pinned.yaml"), coder="gold")
    return store


#: the fields of a score row the old code stored
FIELDS = ("code", "method", "n", "positives", "tp", "fp", "fn", "precision", "precision_low",
          "precision_high", "recall", "recall_low", "recall_high", "f1", "f1_low", "f1_high",
          "note")  # fmt: skip


def table(run: Validation) -> dict[str, Any]:
    """What a run measured, in the fields pinned (floats to 12 places)."""

    def row(s: Any) -> list[Any]:
        return [round(v, 12) if isinstance(v, float) else v for v in
                (getattr(s, f) for f in FIELDS)]  # fmt: skip

    genres = run.genre_scores or {}
    return {"scores": [row(s) for s in run.scores],
            "genres": {g: [row(s) for s in found]
                       for g, found in sorted(genres.items())}}  # fmt: skip


def measure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folds: int = 5) -> dict[str, Any]:
    monkeypatch.setattr(train, "bundled_reference", lambda level: synthetic_reference())
    np.random.seed(0)  # liblinear draws its seed from numpy's global generator
    store = pinned_project(tmp_path)
    try:
        return table(validate(store, "pinned", level="unit", folds=folds))
    finally:
        store.close()


#: by folds (``"5"``, ``"3"``): what validate measured on commit 7d226dd, written by this
#: module's ``__main__`` (``PYTHONPATH=tests python tests/coding/test_validate_pinned.py``)
PINNED = Path(__file__).resolve().parent.parent / "fixtures" / "coding" / "validate_pinned.json"


@pytest.mark.slow
@pytest.mark.parametrize("folds", [5, 3])
def test_validate_gives_the_numbers_it_gave_before_the_speed_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folds: int
) -> None:
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))[str(folds)]
    assert measure(tmp_path, monkeypatch, folds) == restated(pinned)


def restated(pinned: dict[str, Any]) -> dict[str, Any]:
    """``pinned`` with F1's interval where every bootstrap resample has the same F1 (no true
    positive, or no error) taken from precision's and recall's intervals, as validate gives it
    since stop 44 (the pin was computed before; its point there was no interval): every other
    number is as pinned."""
    for rows in [pinned["scores"], *pinned["genres"].values()]:
        for row in rows:
            tp, fp, fn = row[4:7]
            if row[14] is not None and bootstrap_is_point(tp, fp, fn):
                bounds = f1_interval_from(Interval(*row[7:10]), Interval(*row[10:13]))
                row[14:16] = [pytest.approx(bounds.low, abs=1e-9),
                              pytest.approx(bounds.high, abs=1e-9)]  # fmt: skip
    return pinned


if __name__ == "__main__":  # print the table to pin (run on the code before the change)
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        found = {}
        for f in (5, 3):
            (Path(tmp) / str(f)).mkdir()
            found[str(f)] = measure(Path(tmp) / str(f), mp, f)
        json.dump(found, sys.stdout, indent=1)
        print()
