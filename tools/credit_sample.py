"""Draw a sample of credits to the Secretariat for checking the grammar by hand.

Reads every resolution of ``FIRST``–``LAST`` (default 2000–2015) in
``SHARED/corpus/resolutions`` except the four cases' key and related resolutions (the
grammar's development set: S/RES/1529, 1542, 1576, 1608 (Haiti), 2053, 2076, 2098, 2147
(DRC), 2071, 2085, 2100, 2164 (Mali), 2121, 2127, 2134, 2149, 2217 (CAR)), finds the credits
of every paragraph and sub-paragraph with :func:`normtrace.trace.credit.find_credits`, and
writes ``N`` of them drawn at random (fixed ``--seed``) as JSON lines, with the paragraph's
text and an empty ``judgement`` for the checker to fill (``ok`` or what is wrong). Also
prints the number of credits and their strengths over the whole span.

Run: ``python tools/credit_sample.py SHARED OUT.jsonl [--seed S] [--n N] [--years 2000-2015]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from pathlib import Path

from normtrace.ingest.text import decode_text
from normtrace.parse.resolution import parse_resolution
from normtrace.trace.credit import find_credits

CASES = {1529, 1542, 1576, 1608, 2053, 2076, 2098, 2147, 2071, 2085, 2100, 2164, 2121, 2127}
CASES |= {2134, 2149, 2217}
_FILE = re.compile(r"S-RES-(\d+)\((\d{4})\)\.txt$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--years", default="2000-2015")
    args = parser.parse_args()
    first, last = (int(y) for y in args.years.split("-"))
    credits = []
    for path in sorted((args.shared / "corpus" / "resolutions").glob("S-RES-*.txt")):
        m = _FILE.search(path.name)
        if not m or int(m[1]) in CASES or not first <= int(m[2]) <= last:
            continue
        text = decode_text(path.read_bytes()).text
        doc = parse_resolution(text, symbol=f"S/RES/{m[1]} ({m[2]})")
        for para in doc.paragraphs:
            credits.extend((c, para.text) for c in find_credits(para.key, para.text))
    strengths = dict(Counter(c.strength for c, _ in credits))
    print(f"{len(credits)} credits; strengths {strengths}")
    sample = random.Random(args.seed).sample(credits, min(args.n, len(credits)))
    with args.out.open("w", encoding="utf-8") as fh:
        for c, text in sample:
            row = {**c.to_json(), "text": text, "judgement": ""}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(sample)} credits to {args.out}")


if __name__ == "__main__":
    main()
