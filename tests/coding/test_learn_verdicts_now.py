"""``code train``, ``code validate`` and ``code suggest`` read a coder's latest verdict on a
suggestion target (``coding.human.verdicts_now``, through ``learn.labels``): an accept the coder
later replaced by a reject of a later run's suggestion on the same target no longer trains or
scores as a positive there (until stop 44 it did), and a target anyone judged, or a human
coded, is never suggested again.

Documents, codings (a SYNTHETIC coder "gold" holding the planted truth), the planted
suggestion and every verdict are SYNTHETIC.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.learn.suggest import record_suggestion_verdict, suggest
from normtrace.coding.learn.train import train_model
from normtrace.coding.learn.validate import validate
from normtrace.store.db import Store
from synthetic_coding import plant_suggestion
from synthetic_docs import insert_document

CODEBOOK = "name: synth\ncodes:\n  - {id: poc, name: Protection}\n"
FILLER = ["council", "notes", "report", "welcomes", "progress", "elections", "budget",
          "staff", "requests", "secretary", "general", "continue", "inform", "regularly",
          "dialogue"]  # fmt: skip


def _project(tmp_path: Path) -> tuple[Store, dict[str, str], set[str]]:
    """SYNTHETIC SYN/1..6 (op1 with op1/a and op1/b, op2, pp1); gold codes the first 20 units
    by the planted truth (poc where "protect civilians" is); the store, texts and coded keys."""
    rng = random.Random(7)
    texts: dict[str, str] = {}
    truth: dict[str, bool] = {}
    store = Store.open(tmp_path / "p.db")
    with store.transaction() as conn:
        for d in range(1, 7):
            rows = []
            for label in ("pp1", "op1", "op1/a", "op1/b", "op2"):
                key, poc = f"SYN/{d}/{label}", rng.random() < 0.45
                words = rng.sample(FILLER, 6) + (["protect", "civilians"] if poc else [])
                rng.shuffle(words)
                texts[key], truth[key] = " ".join(words).capitalize() + ".", poc
                rows.append((key, label[:2], texts[key]))
            insert_document(conn, f"SYN/{d}", rows)
    coded = sorted(texts)[:20]
    lines = [json.dumps({"unit_key": k, "code": "poc" if truth[k] else ""}) for k in coded]
    (tmp_path / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "synth.yaml").write_text(CODEBOOK, encoding="utf-8")
    import_codings(store, tmp_path / "gold.jsonl", codebook=str(tmp_path / "synth.yaml"),
                   coder="gold")  # fmt: skip
    return store, texts, set(coded)


def test_a_replaced_accept_trains_scores_and_suggests_as_the_reject(tmp_path: Path) -> None:
    store, texts, coded = _project(tmp_path)
    with store:
        first = train_model(store, "synth")
        report = suggest(store, "synth", min_probability=0.05)
        suggested = {s.unit_key for s in report.suggestions}
        assert suggested and not suggested & coded  # never on a human-coded unit
        target = sorted(suggested)[0]
        (s1,) = [s.id for s in report.suggestions if s.unit_key == target and s.code == "poc"]
        record_suggestion_verdict(store, coder="ana", suggestion_id=s1, verdict="accept")
        # a later run's suggestion of poc on the same words, which ana rejects
        s2 = plant_suggestion(store, "synth", "unit", target, "poc", texts[target])
        record_suggestion_verdict(store, coder="ana", suggestion_id=s2, verdict="reject")
        labels = collect_labels(store, stored_codebook(store, "synth"), "unit")
        assert labels.by_code["poc"][target] == 0
        second = train_model(store, "synth")
        assert second.codes["poc"]["positives"] == first.codes["poc"]["positives"]
        assert second.codes["poc"]["negatives"] == first.codes["poc"]["negatives"] + 1
        scored = validate(store, "synth", reference=False)
        (model,) = [s for s in scored.scores if s.code == "poc" and s.method == "model"]
        assert (model.n, model.positives) == (21, first.codes["poc"]["positives"])
        # the judged target and every coded unit stay out of the next suggestions
        again = {s.unit_key for s in suggest(store, "synth", min_probability=0.05).suggestions}
        assert not again & (coded | {target})
