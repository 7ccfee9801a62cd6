"""Issue 12: verdicts on model suggestions recorded before stop 40 on a key the record and the
corpus edition both hold carry the hash of the two editions' texts joined, and no longer count
(the target now has the record's words); nothing named them. coding.human.joined_verdicts
names them, with what to do (they are not counted again: see its docstring).

The speech texts are real (tests/fixtures/pipeline); the record document built from them, the
planted model and suggestions and the verdicts are SYNTHETIC."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from normtrace.coding.dictionary.apply import register_codebook, text_sha256
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.joined_verdicts import joined_verdicts
from normtrace.coding.learn.labels import _judgements
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.coding.levels import JOIN
from normtrace.parse.model import Document, Speech
from normtrace.project import Project
from normtrace.store.db import Store, utc_now
from normtrace.store.writer import SourceRecord, save_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pipeline"
NAME = "UNSC_2020_SPV.8703_spch002.txt"
KEY = "S/PV.8703/s002"
BOOK = "stability-operations"


def _record(store: Store) -> str:
    """A SYNTHETIC record edition of S/PV.8703 holding speech s002 (its words after the
    speaker's name); returns its text."""
    text = (FIXTURES / NAME).read_text(encoding="utf-8").strip().partition(":")[2].strip()
    doc = Document(symbol="S/PV.8703", doc_type="verbatim", parser="test.synthetic.v1",
                   meeting="S/PV.8703", speeches=(Speech(key=KEY, index=2, speaker="SYN",
                                                         text=text, header="SYN"),))  # fmt: skip
    data = text.encode()
    source = SourceRecord("record-8703.txt", hashlib.sha256(data).hexdigest(), len(data),
                          "text/plain", "test")  # fmt: skip
    save_document(store, doc, source)
    return text


def _suggestion(store: Store, digest: str, code: str = "stabilization") -> int:
    """A SYNTHETIC model's suggestion of ``code`` on KEY whose text hash is ``digest``."""
    book, version = store.conn.execute(
        "SELECT name, version FROM current_codebooks WHERE name = ?", (BOOK,)
    ).fetchone()
    learn = store.start_run("learn", "test.synthetic")
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO learn_models (run_id, codebook, codebook_version, level, version, "
            "params, codes, model, created_at) VALUES (?, ?, ?, 'unit', 'v', '{}', '{}', x'', ?)",
            (learn, book, version, utc_now()),
        )
        sid = conn.execute(
            "INSERT INTO suggestions (run_id, model_run_id, model_version, codebook, "
            "codebook_version, level, unit_key, code, probability, text_sha256) "
            "VALUES (?, ?, 'v', ?, ?, 'unit', ?, ?, 0.9, ?)",
            (learn, learn, book, version, KEY, code, digest),
        ).lastrowid
    return int(sid or 0)


def test_a_verdict_on_the_two_editions_words_joined_is_named(tmp_path: Path) -> None:
    path = tmp_path / NAME
    shutil.copy(FIXTURES / NAME, path)
    with Project(tmp_path / "p.db") as project:
        store = project.store
        record = _record(store)
        project.ingest([path])  # the corpus edition of the same speech
        register_codebook(store, load_default_codebook())
        (corpus,) = [str(r[0]) for r in store.conn.execute(
            "SELECT s.text FROM speeches s JOIN documents d ON d.id = s.document_id "
            "WHERE d.edition = 'corpus'")]  # fmt: skip
        # before stop 40: the target's text was the two texts joined (document order)
        old = _suggestion(store, text_sha256(record + JOIN + corpus))
        record_suggestion_verdict(store, coder="ana", suggestion_id=old, verdict="accept")
        # since: the record's words; such a verdict counts and is not named
        new = _suggestion(store, text_sha256(record), code="poc")
        record_suggestion_verdict(store, coder="bo", suggestion_id=new, verdict="reject")
        assert [(k, c) for k, c, *_ in _judgements(store, BOOK) if k == KEY] == [(KEY, "poc")]
        (named,) = joined_verdicts(store, BOOK)
        assert (named.coder, named.verdict, named.suggestion_id, named.unit_key, named.code) == (
            "ana", "accept", old, KEY, "stabilization")  # fmt: skip
        assert named.standing and named.now is None
        assert "judged the record's and the corpus edition's words joined" in named.line()
        assert "run `normtrace code suggest`" in named.line()
        # a suggest run proposes the code there again: the line names it, to judge
        again = _suggestion(store, text_sha256(record))
        (named,) = joined_verdicts(store, BOOK)
        assert named.now == again
        assert f"normtrace code judge s{again} accept --coder ana" in named.line()
        # judged again on the record's words: it counts, and the old one is no longer named
        record_suggestion_verdict(store, coder="ana", suggestion_id=again, verdict="accept")
        assert joined_verdicts(store, BOOK) == []
