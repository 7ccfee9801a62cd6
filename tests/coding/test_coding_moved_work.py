"""Work on words a new version moved away labels nothing until it is placed again: agreement
and training read the codings and verdicts whose words stand, as ``freq`` does (a new user's
months: agreement reported two coders agreeing on a paragraph neither had read, and
training took it as a positive). The inserted paragraph is SYNTHETIC."""

from __future__ import annotations

import shutil
from pathlib import Path

from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.events import add_code, record_verdict
from normtrace.coding.learn.labels import collect_labels
from normtrace.project import Project

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "pipeline" / "S-RES-2100(2013).txt"
KEY = "S/RES/2100 (2013)/op16/c/i"


def test_codings_and_verdicts_on_moved_words_label_nothing(tmp_path: Path) -> None:
    path = tmp_path / FIX.name
    shutil.copy(FIX, path)
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        store = project.store
        book = load_default_codebook()
        register_codebook(store, book)
        apply_codebook(store, book, progress=False)
        cand = store.conn.execute(
            'SELECT id, start, "end" FROM current_auto_codings WHERE unit_key = ? '
            "AND code = 'poc' ORDER BY start LIMIT 1",
            (KEY,),
        ).fetchone()
        add_code(store, coder="ana", unit_key=KEY, start=cand["start"], end=cand["end"],
                 code="poc")  # fmt: skip
        record_verdict(store, coder="bo", auto_coding_id=cand["id"], verdict="accept")
        before = agreement(store, codes=["poc"])
        assert before.units >= 1
        assert collect_labels(store, book, "unit").by_code["poc"].get(KEY) == 1
        # a new version: the words both coders read are gone from the unit
        raw = path.read_bytes().decode("cp1252")
        words = str(store.conn.execute("SELECT snippet FROM auto_codings WHERE id = ?",
                                       (cand["id"],)).fetchone()[0])  # fmt: skip
        assert raw.count(words) == 1
        path.write_bytes(raw.replace(words, "SYNTHETIC replacement words").encode("cp1252"))
        project.ingest([path])
        after = agreement(store, codes=["poc"])
        assert after.units == 0
        assert KEY not in collect_labels(store, book, "unit").by_code["poc"]
