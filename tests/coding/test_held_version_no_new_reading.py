"""A held-back version is no new reading of a labelled text (measured_labels._readings_after).

A validation run stored before runs recorded the texts they measured can only say that a text
of its labelled units *may* have changed: it counts the new document versions that came after
it (``texts not recorded: ... N new document version(s) ...``). A version held back because it
lost most of the current version's words (:mod:`normtrace.store.shrunk`) was never current:
the units keep the current version's texts, so it is no such reading. The count took it as
one, unlike every other reader of a key's versions (``NOT_HELD``).

The report, the codebook, the coders and the misreadings are SYNTHETIC (see
``test_validation_texts_changed``, whose project this is).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from synthetic_validation import stored_as_older
from test_validation_texts_changed import AGAIN, _project, _reparse, _run, misread

from normtrace import Project
from normtrace.parse.model import Document
from normtrace.store.db import Store
from synthetic_reparse import parser_setter


@pytest.fixture()
def parser(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    return parser_setter(monkeypatch)


def _cut(document: Document) -> Document:
    """A SYNTHETIC reading that lost all but the first paragraph: held back, never current."""
    return replace(document, paragraphs=document.paragraphs[:1])


def test_a_held_back_version_is_no_new_reading_of_the_labelled_texts(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    db, path = _project(tmp_path, parser, misread)
    with Store.open(db) as store:
        old = stored_as_older(store, texts_only=True)  # a run that did not record its texts
    parser(_cut)
    with Project(db) as project:
        assert project.ingest([path], reparse=True).counts == {"shrunk": 1}
    with Store.open(db) as store:
        held = store.conn.execute(
            "SELECT count(*) FROM documents WHERE version = 2 AND is_current = 0 AND "
            "json_extract(meta, '$.held_back') IS NOT NULL"
        ).fetchone()[0]
        assert held == 1  # stored, held back: the units read as before
        run = _run(store)
        assert (run.run_id, run.stale, run.texts_unknown) == (old, {}, {})
    _reparse(db, path, parser)  # the real parser: version 3, current, p4 read otherwise
    with Store.open(db) as store:
        run = _run(store)
        said = (f"texts not recorded: validation run {old} was stored before runs recorded the "
                "texts they measured and 1 new document version(s) or replaced speech(es) "
                "holding its labelled units came after it, so whether they still read as it read "
                "them is not known (neither stale nor current on that account): "
                f"{AGAIN} to record them")  # fmt: skip
        assert run.texts_unknown == {"unrest": said, "poc": said}  # one version, not two
