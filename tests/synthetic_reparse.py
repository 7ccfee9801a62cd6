"""Shared set-up of the ``ingest --reparse`` tests: a parser with a SYNTHETIC misreading laid
over the real one's output, an extractor under a SYNTHETIC name, and the fixture files copied
into a test's folder.

``tests/`` is on ``sys.path`` (its ``conftest.py`` puts it there), so a test imports this as
``from synthetic_reparse import ...``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import normtrace.pipeline as pipeline
from normtrace.ingest.extract import extract_text
from normtrace.parse.dispatch import parse_extracted
from normtrace.parse.model import Document, ExtractedText

FIXTURES = Path(__file__).parent / "fixtures"


def parser_setter(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """What a test's ``parser`` fixture gives: ``parser(change)``, the real parser with
    ``change`` laid over its output; ``parser()``, the real one again."""

    def use(change: Callable[[Document], Document] | None = None) -> None:
        if change is None:
            monkeypatch.setattr(pipeline, "parse_extracted", parse_extracted)
            return

        def parse(*args: Any, **kwargs: Any) -> Document:
            return change(parse_extracted(*args, **kwargs))

        monkeypatch.setattr(pipeline, "parse_extracted", parse)

    return use


def extractor_setter(monkeypatch: pytest.MonkeyPatch) -> Callable[[str | None], None]:
    """``use(name)``: the real extractor's text under the SYNTHETIC name ``name`` (an
    extractor upgraded that reads the same); ``use(None)``: the real one again."""

    def use(name: str | None) -> None:
        if name is None:
            monkeypatch.setattr(pipeline, "extract_text", extract_text)
            return

        def extract(*args: Any, **kwargs: Any) -> ExtractedText:
            return replace(extract_text(*args, **kwargs), extractor=name)

        monkeypatch.setattr(pipeline, "extract_text", extract)

    return use


def copied(folder: Path, fixture: str) -> Path:
    """``tests/fixtures/FIXTURE`` copied into ``folder`` (made if missing); the copy's path."""
    folder.mkdir(exist_ok=True)
    path = folder / Path(fixture).name
    shutil.copy(FIXTURES / fixture, path)
    return path


def record(folder: Path) -> Path:
    """The first two pages of the record S/PV.8703 (the fixture), copied into ``folder``."""
    return copied(folder, "verbatim/S_PV.8703_E_p1-2.pdf")


def undated(document: Document) -> Document:
    """A SYNTHETIC parser's reading with no date (as a corpus without meta.tsv)."""
    return replace(document, date=None, year=None)
