"""What a coder's verdicts on model suggestions say now: one rule for every reader
(``coding.human.verdicts_now``).

Until stop 44 training's labels and the candidates a reject reads as absent (every count, ``code
list``, the passages table, a case report's evidence books) read every standing verdict: an
accept a coder later replaced by a reject of a later run's suggestion on the same target still
labelled the target positive and still held its candidates against every reject, while
agreement and the review marks read only the latest (keyed without the codebook, and a
paragraph of one unit judged at paragraph level was another target than its unit). Now each
reads each coder's latest verdict per codebook, code and target: an accept then a reject reads
absent, a reject then an accept present, and two coders who disagree each keep theirs.

Documents, codebooks, planted models, suggestions and verdicts are SYNTHETIC.
"""

from __future__ import annotations

import json
from pathlib import Path

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.counts import code_frequencies, coded_spans
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.dictionary.candidates import SUGGESTION_REJECTED, candidate_rows
from normtrace.coding.exchange.tables import PassageFilter, passages
from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.events import add_code
from normtrace.coding.human.mark_reach import carrying_by_coder, carrying_paragraphs
from normtrace.coding.human.suggestion_absent import rejected_candidates
from normtrace.coding.kwic import kwic
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.coding.levels import level_units
from normtrace.reuse.first import first_appearance
from normtrace.store.db import Store
from normtrace.trace.books import coding_scope
from synthetic_coding import plant_suggestion
from synthetic_docs import insert_document

DOC = "SYN/8"
TEXTS = {
    "op1": "Synthetic chapeau to protect:",
    "op1/a": "to protect synthetic civilians;",
    "op1/b": "to protect synthetic camps;",
    "op2": "Synthetic text to protect convoys.",
    "op3": "Synthetic text to protect roads.",
    "op4": "Synthetic text to protect towns.",
    "op5": "Synthetic text to protect wells.",
    "op6": "Synthetic text on civilians.",
}
#: ``syn`` finds poc on "protect", ``alt`` (a codebook sharing the code id) on "civilians"
SYN = Codebook(name="syn", codes=(Code(id="poc", name="PoC", entries=(Entry("protect*"),)),))
ALT = Codebook(name="alt", codes=(Code(id="poc", name="PoC", entries=(Entry("civilian*"),)),))


def k(short: str) -> str:
    return f"{DOC}/{short}"


def _project(path: Path) -> Store:
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, DOC, [(k(s), "op", t) for s, t in TEXTS.items()])
    for book in (SYN, ALT):
        register_codebook(store, book)
        apply_codebook(store, book, progress=False)
    return store


def _judge(
    store: Store, coder: str, short: str, verdict: str, level: str = "unit", book: str = "syn"
) -> int:
    """``coder``'s ``verdict`` on a new SYNTHETIC run's suggestion of poc on ``short`` at
    ``level``, made on the target's current words; the suggestion's id."""
    (target,) = level_units(store, level, [k(short)])
    sid = plant_suggestion(store, book, level, k(short), "poc", target.text)
    record_suggestion_verdict(store, coder=coder, suggestion_id=sid, verdict=verdict)
    return sid


def _story(store: Store) -> dict[str, int]:
    """The verdicts every test reads (one new suggestion each, in this order):

    * op2: ana accepts, then rejects a later run's suggestion (she reads poc absent now);
    * op3: ana rejects, then accepts (present);
    * op4: ana accepts, bo rejects (they disagree; each keeps theirs);
    * op5, a paragraph of one unit: ana accepts its paragraph-level suggestion, then rejects
      its unit's (one target: absent).
    """
    sids = {}
    for name, (coder, short, verdict, level) in {
        "op2 accept": ("ana", "op2", "accept", "unit"),
        "op2 reject": ("ana", "op2", "reject", "unit"),
        "op3 reject": ("ana", "op3", "reject", "unit"),
        "op3 accept": ("ana", "op3", "accept", "unit"),
        "op4 accept": ("ana", "op4", "accept", "unit"),
        "op4 reject": ("bo", "op4", "reject", "unit"),
        "op5 accept": ("ana", "op5", "accept", "paragraph"),
        "op5 reject": ("ana", "op5", "reject", "unit"),
    }.items():
        sids[name] = _judge(store, coder, short, verdict, level)
    return sids


def test_each_coder_s_latest_verdict_per_codebook_code_and_target_stands(tmp_path: Path) -> None:
    from normtrace.coding.human.verdicts_now import verdicts_now  # new in stop 44

    with _project(tmp_path / "p.db") as store:
        sids = _story(store)
        # op6: ana accepts alt's poc, then rejects syn's: two codebooks, two readings
        alt = _judge(store, "ana", "op6", "accept", book="alt")
        syn = _judge(store, "ana", "op6", "reject")
        said = {(s.coder, s.codebook, s.key, s.at): (s.verdict, s.suggestion_id)
                for s in verdicts_now(store)}  # fmt: skip
        assert said == {
            ("ana", "syn", k("op2"), "unit"): ("reject", sids["op2 reject"]),
            ("ana", "syn", k("op3"), "unit"): ("accept", sids["op3 accept"]),
            ("ana", "syn", k("op4"), "unit"): ("accept", sids["op4 accept"]),
            ("bo", "syn", k("op4"), "unit"): ("reject", sids["op4 reject"]),
            ("ana", "syn", k("op5"), "unit"): ("reject", sids["op5 reject"]),
            ("ana", "alt", k("op6"), "unit"): ("accept", alt),
            ("ana", "syn", k("op6"), "unit"): ("reject", syn),
        }
        assert {s.suggestion_id for s in verdicts_now(store, "alt")} == {alt}
        assert {s.key for s in verdicts_now(store, coders=["bo"])} == {k("op4")}


def test_training_labels_read_each_coder_s_latest_verdict(tmp_path: Path) -> None:
    with _project(tmp_path / "p.db") as store:
        _story(store)
        for level in ("unit", "paragraph"):
            labels = collect_labels(store, SYN, level).by_code["poc"]
            assert {s: labels.get(k(s)) for s in ("op2", "op3", "op4", "op5")} == {
                "op2": 0,  # the accept ana replaced labels nothing (it labelled op2 positive)
                "op3": 1,
                "op4": 1,  # a target any coder holds positive is positive
                "op5": 0,  # the paragraph of one unit is that unit: one target
            }, level


def test_counts_read_each_coder_s_latest_verdict(tmp_path: Path) -> None:
    with _project(tmp_path / "p.db") as store:
        sids = _story(store)
        gone = {c: said for c, said in rejected_candidates(store, "syn").items()}
        keys = {str(r[0]): int(r[1]) for r in store.conn.execute(
            "SELECT unit_key, id FROM current_auto_codings WHERE codebook = 'syn'")}  # fmt: skip
        assert gone == {
            keys[k("op2")]: [("ana", sids["op2 reject"])],
            keys[k("op5")]: [("ana", sids["op5 reject"])],
        }
        # op3: ana's reject she replaced says nothing; op4: ana's accept holds against bo's
        counted = {k(s) for s in ("op1", "op1/a", "op1/b", "op3", "op4")}
        scope_sql, params = coding_scope(store, "syn").sql()
        report = {str(r[0]) for r in store.conn.execute(f"SELECT unit_key FROM ({scope_sql})",
                                                        params)}  # fmt: skip
        assert report == counted
        assert {u for u, _a, _b, c, _t in coded_spans(store, codebook="syn")} == counted
        # alt's candidate in op6 counts too where no codebook is named: no syn verdict is on it
        assert {ln.unit_key for ln in kwic(store, code="poc")} == counted | {k("op6")}
        first = first_appearance(store, code="poc", codebook="syn")
        assert {o.key for o in first.occurrences} == counted
        (freq,) = code_frequencies(store, by="doc_type", codes=["poc"], codebook="syn")
        assert freq.units == len(counted)
        status = {str(r["unit_key"]): str(r["status"]) for r in candidate_rows(store, code="poc")
                  if r["codebook"] == "syn"}  # fmt: skip
        assert status[k("op2")] == status[k("op5")] == SUGGESTION_REJECTED
        assert status[k("op3")] == status[k("op4")] == "pending"
        # the passages table (`code export --passages`, the web code page) says the same
        listed = passages(store, PassageFilter(code="poc", sources=("candidate",)))
        assert {p.unit_key: p.status for p in listed if p.unit_key in status} == status


def test_a_replaced_accept_holds_no_paragraph_against_another_coder_s_reject(
    tmp_path: Path,
) -> None:
    """bo rejects op1's paragraph suggestion (no unit of it carries poc); ana accepted one of
    its sub-paragraph's, then rejected a later run's: nothing of hers holds poc in op1 now."""
    with _project(tmp_path / "p.db") as store:
        _judge(store, "bo", "op1", "reject", "paragraph")
        _judge(store, "ana", "op1/a", "accept")
        _judge(store, "ana", "op1/a", "reject")
        paragraph = {k(s) for s in ("op1", "op1/a", "op1/b")}
        labels = collect_labels(store, SYN, "unit").by_code["poc"]
        assert {key: labels.get(key) for key in paragraph} == dict.fromkeys(paragraph, 0)
        gone = json.dumps(sorted(rejected_candidates(store, "syn")))
        units = {str(r[0]) for r in store.conn.execute(
            "SELECT unit_key FROM current_auto_codings WHERE id IN "
            "(SELECT value FROM json_each(?))", (gone,))}  # fmt: skip
        assert units == paragraph
        assert carrying_paragraphs(store, "syn", ["poc"])["poc"] == set()
        assert "ana" not in carrying_by_coder(store, "syn")


def test_a_replaced_reject_reads_nothing_absent_and_the_accept_holds(tmp_path: Path) -> None:
    """The reverse: ana rejected op1/a's suggestion, then accepted a later run's; her accept
    carries poc in op1, so bo's paragraph reject says nothing of which unit does."""
    with _project(tmp_path / "p.db") as store:
        _judge(store, "bo", "op1", "reject", "paragraph")
        _judge(store, "ana", "op1/a", "reject")
        _judge(store, "ana", "op1/a", "accept")
        labels = collect_labels(store, SYN, "unit").by_code["poc"]
        assert (labels.get(k("op1/a")), labels.get(k("op1")), labels.get(k("op1/b"))) == (
            1, None, None)  # fmt: skip
        assert rejected_candidates(store, "syn") == {}
        assert carrying_paragraphs(store, "syn", ["poc"])["poc"] == {k("op1")}


def test_agreement_reads_a_paragraph_of_one_unit_and_its_unit_as_one_target(
    tmp_path: Path,
) -> None:
    """bo codes poc in op5; ana accepted op5's paragraph suggestion, then rejected its unit's:
    they disagree (her accept stood beside her reject, read as applying the code)."""
    with _project(tmp_path / "p.db") as store:
        add_code(store, coder="bo", unit_key=k("op5"), start=0, end=9, code="poc")
        _judge(store, "ana", "op5", "accept", "paragraph")
        _judge(store, "ana", "op5", "reject")
        report = agreement(store, codes=["poc"])
        assert [(d.unit_key, d.applied_by, d.not_applied_by) for d in report.disagreements] == [
            (k("op5"), ("bo",), ("ana",))
        ]
        _judge(store, "ana", "op5", "accept", "paragraph")
        assert agreement(store, codes=["poc"]).disagreements == ()


def test_a_verdict_an_ingest_carried_stands_in_its_judgement_s_place(tmp_path: Path) -> None:
    """ana accepted s1 on op7, then rejected s2 on op8, whose words were op7's too; a new
    version moves op7's words to op8 and the ingest carries her accept there (a new event,
    planted here as the ingest writes it). Her reading of op8 is her later judgement, the
    reject, whatever the order the events were written in (the carry's was read as the later)."""
    from normtrace.coding.dictionary.apply import text_sha256
    from normtrace.coding.human.events import append_event

    words = "Synthetic text to protect twice."
    with _project(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/9", [("SYN/9/op7", "op", words), ("SYN/9/op8", "op", words)])
        s1 = plant_suggestion(store, "syn", "unit", "SYN/9/op7", "poc", words)
        accept = record_suggestion_verdict(store, coder="ana", suggestion_id=s1, verdict="accept")
        s2 = plant_suggestion(store, "syn", "unit", "SYN/9/op8", "poc", words)
        record_suggestion_verdict(store, coder="ana", suggestion_id=s2, verdict="reject")
        append_event(store, coder="ana", action="verdict", trusted=True, verdict="accept",
                     suggestion_id=s1, unit_key="SYN/9/op8", code="poc",
                     codebook_version=accept.codebook_version, text_sha256=text_sha256(words),
                     reanchors=accept.id, memo="moved with its words (SYNTHETIC)")  # fmt: skip
        assert collect_labels(store, SYN, "unit").by_code["poc"].get("SYN/9/op8") == 0
        from normtrace.coding.human.verdicts_now import verdicts_now

        assert [(s.key, s.verdict, s.suggestion_id) for s in verdicts_now(store, "syn")] == [
            ("SYN/9/op8", "reject", s2)
        ]
