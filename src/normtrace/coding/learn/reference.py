"""The bundled frames set as reference examples for codes that stand for a frame.

The labelled frames set (``normtrace/data/validation/frames/frames.jsonl``, procedure in
the README beside it: paragraphs of peace-operation resolutions 1999–2015, two independent
coders per paragraph, adjudicated) is what the default codebook is measured against. For
assisted coding it is also a body of examples: a code of one's own codebook that stands for
one of the six frames of ``FRAMES.md`` (its id or its name is the frame's, see
:func:`normtrace.coding.learn.features.frame_of_code`) may learn from these paragraphs as
well as from the project's own human codings.

Rules that keep this honest:

* the project's own labels always win: a reference paragraph of a document the project has
  labelled (its symbol is a prefix of a labelled key) is left out, so neither a model nor a
  cross-validation fold ever sees another coder's label of a text the project's coders
  judged;
* at ``unit`` level only paragraphs made of one unit are used (the label of a paragraph with
  sub-paragraphs says nothing of each sub-paragraph alone);
* which code learned from how many reference examples is recorded in the model, and the
  choice between the dictionary and the classifier is made by cross-validation over the
  project's own labels only (``train.fit_model``);
* ``code train --no-reference`` (``params={"reference": False}``) trains on the project's
  labels alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from normtrace.coding.learn.features import DEFAULT_FRAMES
from normtrace.errors import NormtraceError


class LabelledSetError(NormtraceError):
    """The labelled set cannot be read."""


def labelled_set_path() -> Path:
    """Where the bundled frames set lies."""
    return Path(str(resources.files("normtrace.data") / "validation" / "frames" / "frames.jsonl"))


def load_labelled_set(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The labelled paragraphs (the bundled set unless ``path`` is given).

    Raises:
        LabelledSetError: the file cannot be read, a line is not JSON, lacks a field or
            names a frame ``FRAMES.md`` does not define.
    """
    where = Path(path) if path is not None else labelled_set_path()
    rows: list[dict[str, Any]] = []
    try:
        with where.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise LabelledSetError(
                        f"{where}:{n}: not valid JSON ({exc.msg}); fix or regenerate the line"
                    ) from None
                missing = {"key", "split", "frames", "units"} - set(row)
                if missing:
                    raise LabelledSetError(
                        f"{where}:{n}: missing field(s) {', '.join(sorted(missing))}"
                    )
                unknown = set(row["frames"]) - set(DEFAULT_FRAMES)
                if unknown:
                    raise LabelledSetError(f"{where}:{n}: unknown frame(s) {sorted(unknown)}")
                rows.append(row)
    except OSError as exc:
        raise LabelledSetError(f"cannot read labelled set {where}: {exc.strerror}") from None
    return rows


@dataclass(frozen=True)
class Reference:
    """Reference examples: texts by key, each with the frames its coders found there."""

    version: str
    texts: dict[str, str] = field(default_factory=dict)
    frames: dict[str, frozenset[str]] = field(default_factory=dict)
    #: the document symbol of each example (to leave out documents the project labelled)
    symbols: dict[str, str] = field(default_factory=dict)

    def usable(self, labelled: set[str]) -> list[str]:
        """Keys of the examples whose document has no key among ``labelled``, sorted."""
        prefixes: set[str] = set()
        for key in labelled:
            parts = key.split("/")
            prefixes.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
        return sorted(k for k in self.texts if self.symbols[k] not in prefixes)

    def label(self, key: str, frame: str) -> int:
        """1 when the example's coders found ``frame`` there, else 0."""
        return int(frame in self.frames[key])


def reference_from_rows(rows: list[dict[str, Any]], level: str) -> Reference:
    """The examples of labelled-set ``rows`` for ``level`` (``unit``: one-unit paragraphs)."""
    texts: dict[str, str] = {}
    frames: dict[str, frozenset[str]] = {}
    symbols: dict[str, str] = {}
    for row in rows:
        if level == "unit" and len(row["units"]) != 1:
            continue
        key = row["units"][0]["key"] if level == "unit" else row["key"]
        text = row["units"][0]["text"] if level == "unit" else row["text"]
        texts[key], frames[key] = text, frozenset(row["frames"])
        symbols[key] = str(row.get("symbol") or key.rsplit("/", 1)[0])
    digest = hashlib.sha256(level.encode())
    for key in sorted(texts):
        digest.update(json.dumps([key, texts[key], sorted(frames[key])]).encode())
    return Reference(f"frames-{digest.hexdigest()[:12]}", texts, frames, symbols)


@cache
def bundled_reference(level: str) -> Reference:
    """The whole bundled frames set (both parts) as reference examples at ``level``."""
    return reference_from_rows(load_labelled_set(), level)
