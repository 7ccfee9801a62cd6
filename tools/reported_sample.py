"""Draw the sample that measures the reported-speech detector (parse.report.reported).

Reads the Secretary-General's reports of a project (``normtrace ingest
../shared/corpus/reports``; a report by the Council's own authors, a Security Council mission's,
is left out: its paragraphs are not the Secretariat's), splits every paragraph of running text
into sentences with :func:`normtrace.parse.sentences.sentence_spans` (the one splitter, which
the detector reads too; the first sample was drawn with the detector's own splitter of v1, which
cut the same sentences in every paragraph of the 53 reports but at 6 sentence ends), and divides
the *reports* at random (fixed ``--seed``) into two halves: ``rules`` (the reports the rules
were written on: any of their sentences may be read) and ``heldout`` (not read until the rules
were frozen). From the held-out reports it draws ``--cue`` sentences that carry a broad cue of
attribution (a quotation mark, "according to", or any verb of saying, asking, promising,
judging, from the list :data:`CUE` below, which is much wider than the detector's and was fixed
before any rule) and ``--plain`` sentences without one; each row carries its stratum and the
stratum's pool size, so the estimates weight each stratum by its share of all held-out
sentences. The ``label`` field is left empty for the labeller.

A later sample leaves out the sentences of an earlier one and any sentence otherwise read
(``--exclude FILE``, repeatable: a sample's JSON lines, or a JSON list of ``[key, start, end]``)
and draws with its own ``--draw-seed`` from the same halves (``--seed`` divides the reports).
``--seen FILE`` (same forms) marks the drawn sentences an engineer saw before labelling
(``"seen": true``), so that a score can be given without them too.

Run: ``python tools/reported_sample.py REPORTS.db OUT.jsonl [--seed S] [--draw-seed D]
[--cue N] [--plain N] [--exclude FILE ...]`` (``--list`` prints the two halves and stops).
The first sample: ``--cue 160 --plain 60``; the fresh one (``fresh.jsonl``): ``--draw-seed
20261208 --cue 160 --plain 60 --exclude heldout.jsonl --seen seen.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
from pathlib import Path

from normtrace.actors.authors import document_role
from normtrace.parse.sentences import sentence_spans

#: a broad cue of attribution, fixed before the rules were written (module doc)
CUE = re.compile(
    r"[\"“”«»]|\baccording\s+to\b|\b(?:sa(?:y|ys|id)|stat(?:e|es|ed|ing)|announc\w*|declar\w*|"
    r"affirm\w*|reaffirm\w*|assert\w*|claim\w*|alleg\w*|insist\w*|argu\w*|maintain\w*|"
    r"pledg\w*|promis\w*|vow\w*|undert(?:ook|ake|aken)|commit\w*|call\w*|urg\w*|appeal\w*|"
    r"request\w*|demand\w*|ask\w*|propos\w*|suggest\w*|recommend\w*|express\w*|voic\w*|"
    r"convey\w*|indicat\w*|inform\w*|told|tell\w*|report\w*|not(?:e|es|ed|ing)|stress\w*|"
    r"emphasi[sz]\w*|underlin\w*|underscor\w*|highlight\w*|reiterat\w*|confirm\w*|"
    r"acknowledg\w*|recogni[sz]\w*|welcom\w*|condemn\w*|denounc\w*|critici[sz]\w*|reject\w*|"
    r"den(?:y|ies|ied)|accus\w*|complain\w*|warn\w*|agre\w*|explain\w*|describ\w*|"
    r"characteri[sz]\w*|believ\w*|consider\w*|view\w*|deplor\w*|regret\w*|threat\w*|"
    r"decid\w*|conclud\w*|observ\w*|point\w*\s+out|speech|address\w*|letter|statement|"
    r"communiqu\w*|declaration|interview|press)\b",
    re.IGNORECASE,
)
_RUNNING = ("numbered", "subparagraph", "text")


def reports(conn: sqlite3.Connection) -> list[str]:
    """The project's current reports whose author is the Secretariat, by symbol."""
    rows = conn.execute(
        "SELECT symbol, title FROM documents WHERE doc_type = 'report' AND is_current = 1"
    )
    return sorted(s for s, t in rows if document_role("report", t) == "secretariat")


def halves(symbols: list[str], seed: int) -> tuple[list[str], list[str]]:
    """The reports divided at random: (rules, heldout)."""
    shuffled = list(symbols)
    random.Random(seed).shuffle(shuffled)
    cut = len(shuffled) // 2
    return sorted(shuffled[:cut]), sorted(shuffled[cut:])


def report_sentences(conn: sqlite3.Connection, symbols: list[str]) -> list[dict[str, object]]:
    """Every sentence of the running-text paragraphs of ``symbols``, in document order."""
    out: list[dict[str, object]] = []
    marks = ",".join("?" * len(_RUNNING))
    for symbol in symbols:
        rows = conn.execute(
            "SELECT p.key, p.text FROM paragraphs p JOIN documents d ON d.id = p.document_id "
            f"WHERE d.symbol = ? AND d.is_current = 1 AND p.kind IN ({marks}) ORDER BY p.ord",
            (symbol, *_RUNNING),
        )
        for key, text in rows:
            for i, (start, end) in enumerate(sentence_spans(text)):
                out.append({"report": symbol, "key": key, "sentence": i, "start": start,
                            "end": end, "text": text[start:end], "paragraph": text})  # fmt: skip
    return out


def excluded(paths: list[Path]) -> set[tuple[str, int, int]]:
    """The sentences (key, start, end) that ``paths`` name (module doc)."""
    out: set[tuple[str, int, int]] = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
            out.update((str(r["key"]), int(r["start"]), int(r["end"])) for r in rows)
        else:
            out.update((str(k), int(a), int(b)) for k, a, b in json.loads(text))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--draw-seed", type=int, default=None)
    parser.add_argument("--exclude", type=Path, action="append", default=[])
    parser.add_argument("--seen", type=Path, action="append", default=[])
    parser.add_argument("--cue", type=int, default=120)
    parser.add_argument("--plain", type=int, default=60)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    conn = sqlite3.connect(args.project)
    rules, heldout = halves(reports(conn), args.seed)
    if args.list or args.out is None:
        print("rules:", " ".join(rules))
        print("heldout:", " ".join(heldout))
        return
    left_out, seen = excluded(args.exclude), excluded(args.seen)
    pool = [
        s
        for s in report_sentences(conn, heldout)
        if (str(s["key"]), int(str(s["start"])), int(str(s["end"]))) not in left_out
    ]
    strata = {"cue": [s for s in pool if CUE.search(str(s["text"]))],
              "plain": [s for s in pool if not CUE.search(str(s["text"]))]}  # fmt: skip
    rng = random.Random(args.seed if args.draw_seed is None else args.draw_seed)
    with args.out.open("w", encoding="utf-8") as fh:
        for name, n in (("cue", args.cue), ("plain", args.plain)):
            drawn = rng.sample(strata[name], min(n, len(strata[name])))
            for row in sorted(drawn, key=lambda r: (str(r["key"]), int(str(r["sentence"])))):
                row = {**row, "stratum": name, "stratum_pool": len(strata[name]),
                       "label": None, "speaker": "", "note": ""}  # fmt: skip
                if args.seen:
                    row["seen"] = (row["key"], row["start"], row["end"]) in seen
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"held-out sentences: {len(pool)} ({len(left_out)} left out); cue {len(strata['cue'])}, "
          f"plain {len(strata['plain'])}; wrote {args.out}")  # fmt: skip


if __name__ == "__main__":
    main()
