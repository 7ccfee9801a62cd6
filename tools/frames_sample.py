"""Draw the frames validation sample: paragraphs of peace-operation resolutions 1999–2015.

The sample behind ``src/normtrace/data/validation/frames/`` (see its README for the labelling
procedure). Resolutions are drawn at random (fixed seed) within missions, from resolutions of
1999–2015 in ``../shared/corpus/resolutions`` whose text names the mission at least twice and
which hold at least 15 paragraphs, two thirds of each mission's draw from its mandate
resolutions (text holding "all necessary") where the frames are dense; the sixteen case
resolutions reserved for independent evaluation are never drawn. Every preambular and operative
paragraph of a drawn resolution is a unit; an operative paragraph carries its sub-paragraphs
(the ``paragraph`` coding level). Resolutions alternate between the ``dev`` part (read while
writing codebook entries) and the ``test`` part (never read while writing entries).

A supplement (``--supplement``, drawn after the first sample was labelled, because its dev part
held few paragraphs of the rarer frames) adds paragraphs of mandate resolutions proper: resolutions
of any of the missions above, not already drawn, with an operative paragraph that authorizes "all
necessary" means or measures and with protection language; eight of them drawn at random (another
fixed seed), 35 paragraphs drawn at random from each (all when fewer), alternating dev and test.

A second supplement (``--supplement2``, drawn after the first two were labelled and the test
part scored once) adds 30 paragraphs from each of 8 further mandate resolutions of 2008–2015, all
in the ``dev`` part: the dev part held no core-principles paragraph and few of offensive force
and R2P, so entries for them could not be checked on dev data.

A third supplement (``--supplement3``, drawn after the codebook had been revised on the first
three parts) adds every paragraph of 12 further mandate resolutions of 2008–2015, alternating
dev and test: the test part held 2 offensive-force, 5 core-principles and 6 R2P paragraphs, too
few to measure those frames (Wilson intervals 0.4 wide). Whole resolutions, not keyword hits, so
recall is not flattered by the selection.

A fourth supplement (``--supplement4``, drawn after the codebook had been revised on the first
four parts, because offensive force was still measured on 10 test paragraphs) is a screened
census: EVERY paragraph, of every non-reserved resolution 1999–2015 that names a peace operation
and was not drawn before, whose text matches a broad screen of armed-group and force vocabulary
(``SCREEN``, far broader than any codebook entry: it holds all 22 offensive-force paragraphs of
the first four parts). Resolutions alternate dev and test. The screen concentrates offensive
force (about 6 % of screened paragraphs, against about 1 % of all paragraphs) and the hard
negatives around it; recall measured on this part is recall within the screen.

Run: ``python tools/frames_sample.py [SHARED_DIR] OUT.jsonl`` (the first sample),
``python tools/frames_sample.py [SHARED_DIR] --supplement FIRST.jsonl OUT.jsonl``, or
``python tools/frames_sample.py [SHARED_DIR] --supplement2 FIRST.jsonl,SUPP.jsonl OUT.jsonl``
(``--supplement3 FIRST.jsonl,SUPP.jsonl,SUPP2.jsonl OUT.jsonl`` likewise;
``--supplement4 SET.jsonl OUT.jsonl`` takes the built set, ``frames.jsonl``).
"""

from __future__ import annotations

import json
import math
import random
import re
import sys
from pathlib import Path

from normtrace.ingest.text import decode_text
from normtrace.parse.resolution import parse_resolution

SEED = 20261203
RESERVED = {
    1270,
    1291,
    1542,
    1608,
    1925,
    2053,
    2085,
    2098,
    2100,
    2127,
    2147,
    2149,
    2164,
    2211,
    2217,
    2227,
}
# mission -> resolutions to draw
PLAN = {
    "MONUC": 3,
    "MONUSCO": 2,
    "UNOCI": 2,
    "UNMIL": 2,
    "UNAMID": 1,
    "UNMISS": 2,
    "UNMIS": 1,
    "MINUSTAH": 2,
    "UNAMSIL": 1,
    "MINURCAT": 1,
    "BINUCA": 1,
    "MINUSCA": 1,
    "AMISOM": 1,
    "UNIFIL": 1,
    "UNMEE": 1,
}
# Share of each mission's draw taken from its mandate resolutions (text holding "all
# necessary"), where the frames are dense; the rest from its other resolutions.
MANDATE_SHARE = 2 / 3
NAME = re.compile(r"S-RES-(\d+)\((\d{4})\)")


def candidates(res_dir: Path) -> dict[str, list[Path]]:
    """Resolutions 1999–2015 by the mission their text names most (at least twice)."""
    found: dict[str, list[Path]] = {m: [] for m in PLAN}
    for f in sorted(res_dir.iterdir()):
        m = NAME.match(f.name)
        if not m or not 1999 <= int(m[2]) <= 2015 or int(m[1]) in RESERVED:
            continue
        text = decode_text(f.read_bytes(), path=str(f)).text
        counts = {k: len(re.findall(rf"\b{k}\b", text)) for k in PLAN}
        best = max(counts, key=lambda k: counts[k])
        if counts[best] >= 2:
            found[best].append(f)
    return found


def _text(path: Path) -> str:
    return decode_text(path.read_bytes(), path=str(path)).text


def units(path: Path) -> list[dict[str, object]]:
    """Paragraph-level units: preambular paragraphs, operative paragraphs with sub-paragraphs."""
    m = NAME.match(path.name)
    assert m
    symbol = f"S/RES/{m[1]} ({m[2]})"
    doc = parse_resolution(decode_text(path.read_bytes(), path=str(path)).text, symbol=symbol)
    out: list[dict[str, object]] = []
    tops = [p for p in doc.paragraphs if p.kind in ("preambular", "operative")]
    for top in tops:
        parts = [f"{top.number}. {top.text}" if top.kind == "operative" else top.text]
        for sub in doc.paragraphs:
            if sub.parent_key and (sub.key + "/").startswith(top.key + "/") and sub.key != top.key:
                depth = sub.key[len(top.key) :].count("/")
                parts.append("    " * (depth - 1) + f"{sub.label or ''} {sub.text}".strip())
        out.append(
            {
                "key": top.key,
                "symbol": symbol,
                "year": int(m[2]),
                "kind": top.kind,
                "text": "\n".join(parts),
            }
        )
    return out


def main(shared: Path, out: Path) -> None:
    rng = random.Random(SEED)
    pools = candidates(shared / "corpus" / "resolutions")
    drawn: list[tuple[str, Path]] = []
    for mission, n in PLAN.items():
        pool = [f for f in pools[mission] if len(units(f)) >= 15]
        mandate = [f for f in pool if "all necessary" in _text(f)]
        other = [f for f in pool if f not in mandate]
        k = min(len(mandate), math.ceil(n * MANDATE_SHARE))
        picked = rng.sample(mandate, k)
        picked += rng.sample(other, min(n - k, len(other)))
        if len(picked) < n:  # too few of one kind: fill from the rest of the pool
            rest = [f for f in pool if f not in picked]
            picked += rng.sample(rest, min(n - len(picked), len(rest)))
        drawn.extend((mission, f) for f in picked)
    drawn.sort(key=lambda mf: int(NAME.match(mf[1].name)[1]))  # type: ignore[index]
    rows = []
    for i, (mission, f) in enumerate(drawn):
        split = "dev" if i % 2 == 0 else "test"
        for u in units(f):
            rows.append({**u, "mission": mission, "split": split})
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(drawn)} resolutions, {len(rows)} paragraphs -> {out}")


SUPPLEMENT_SEED = SEED + 1
SUPPLEMENT_RESOLUTIONS = 8
SUPPLEMENT_PARAGRAPHS = 35
AUTHORIZES = re.compile(r"\ball necessary (means|measures)\b", re.IGNORECASE)


def supplement(
    shared: Path,
    first: Path,
    out: Path,
    *,
    seed: int = SUPPLEMENT_SEED,
    since: int = 1999,
    split: str | None = None,
    per_resolution: int = SUPPLEMENT_PARAGRAPHS,
    resolutions: int = SUPPLEMENT_RESOLUTIONS,
) -> None:
    """Draw a mandate-resolution supplement (see the module docstring); ``first`` may list
    several earlier samples (comma-separated) whose resolutions are not drawn again."""
    rng = random.Random(seed)
    taken: set[str] = set()
    for name in str(first).split(","):
        with Path(name).open(encoding="utf-8") as fh:
            taken |= {json.loads(line)["symbol"] for line in fh if line.strip()}
    pools = candidates(shared / "corpus" / "resolutions")
    pool: list[tuple[str, Path, list[dict[str, object]]]] = []
    for mission in PLAN:
        for f in pools[mission]:
            us = units(f)
            if us[0]["symbol"] in taken or len(us) < 15 or int(str(us[0]["year"])) < since:
                continue
            operative = [str(u["text"]) for u in us if u["kind"] == "operative"]
            if any(AUTHORIZES.search(t) for t in operative) and "protect" in _text(f).lower():
                pool.append((mission, f, us))
    picked = rng.sample(pool, min(resolutions, len(pool)))
    picked.sort(key=lambda p: int(NAME.match(p[1].name)[1]))  # type: ignore[index]
    rows = []
    for i, (mission, _f, us) in enumerate(picked):
        part = split or ("dev" if i % 2 == 0 else "test")
        chosen = sorted(rng.sample(range(len(us)), min(per_resolution, len(us))))
        rows.extend({**us[j], "mission": mission, "split": part} for j in chosen)
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"supplement: {len(picked)} of {len(pool)} mandate resolutions, {len(rows)} paragraphs")


# The fourth supplement's screen: armed-group and force vocabulary, deliberately broad.
SCREEN = re.compile(
    r"armed (group|element|men)|militia|rebel|spoiler|insurgen|terroris|shabaab|\bLRA\b|FDLR"
    r"|M23|\bADF\b|\bFNL\b|gang|robust|proactiv|pre-?empt|deter|neutrali[sz]|disarm"
    r"|offensive|military (operation|action|pressure)|operations against|active steps"
    r"|threat posed|use of force|all necessary|brigade",
    re.IGNORECASE,
)


def screened_census(shared: Path, built: Path, out: Path) -> None:
    """Every screened paragraph of the resolutions not yet in the set (the fourth supplement)."""
    with built.open(encoding="utf-8") as fh:
        taken = {json.loads(line)["symbol"] for line in fh if line.strip()}
    pools = candidates(shared / "corpus" / "resolutions")
    picked: list[tuple[str, list[dict[str, object]]]] = []
    for mission in PLAN:
        for f in pools[mission]:
            us = units(f)
            if us and us[0]["symbol"] not in taken:
                hits = [u for u in us if SCREEN.search(str(u["text"]))]
                if hits:
                    picked.append((mission, hits))
    picked.sort(key=lambda p: int(str(p[1][0]["symbol"]).split("/")[2].split()[0]))
    rows = []
    for i, (mission, hits) in enumerate(picked):
        part = "dev" if i % 2 == 0 else "test"
        rows.extend({**u, "mission": mission, "split": part} for u in hits)
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"supplement 4: {len(picked)} resolutions, {len(rows)} screened paragraphs -> {out}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--supplement4" in args:  # the fourth: a screened census of the remaining resolutions
        i = args.index("--supplement4")
        shared = Path(args[0]) if i == 1 else Path(__file__).resolve().parents[2] / "shared"
        screened_census(shared, Path(args[i + 1]), Path(args[i + 2]))
    elif "--supplement3" in args:  # the third: whole resolutions of 2008-2015, dev and test
        i = args.index("--supplement3")
        shared = Path(args[0]) if i == 1 else Path(__file__).resolve().parents[2] / "shared"
        supplement(shared, Path(args[i + 1]), Path(args[i + 2]), seed=SEED + 3, since=2008,
                   per_resolution=10_000, resolutions=12)  # fmt: skip
    elif "--supplement2" in args:  # the second, dev-only supplement of 2008-2015
        i = args.index("--supplement2")
        shared = Path(args[0]) if i == 1 else Path(__file__).resolve().parents[2] / "shared"
        supplement(shared, Path(args[i + 1]), Path(args[i + 2]), seed=SEED + 2, since=2008,
                   split="dev", per_resolution=30)  # fmt: skip
    elif "--supplement" in args:
        i = args.index("--supplement")
        shared = Path(args[0]) if i == 1 else Path(__file__).resolve().parents[2] / "shared"
        supplement(shared, Path(args[i + 1]), Path(args[i + 2]))
    else:
        shared = Path(args[0]) if len(args) > 1 else Path(__file__).resolve().parents[2] / "shared"
        main(shared, Path(args[-1]))
