"""Draw a fresh check sample for the frames set: paragraphs no coder and no codebook
revision has seen, drawn before the revision they judge.

Two strata, both screened with the fourth supplement's broad armed-group and force screen
(``frames_sample.SCREEN``; far broader than any codebook entry):

* ``resolution``: paragraphs (with their sub-paragraphs) of Security Council resolutions of
  1999–2015 that are neither reserved nor already in the set and that name a peace operation
  or a multinational force at least twice (``FORCES``, a wider list than the set's 15
  missions: ONUB, UNTAET, UNMISET, UNMIT, UNISFA, UNMIK, ISAF, KFOR, EUFOR and others);
* ``report``: numbered paragraphs of the Secretary-General's reports in
  ``../shared/corpus/reports`` (read from a project that ingested them, ``--project``).

Run: ``python tools/frames_fresh.py SHARED SET.jsonl PROJECT.db OUT.jsonl [--resolutions N]
[--reports N]``. Seeded; the output lists the paragraphs in a random order with their stratum.

A second check sample (``--mandates N``: ``python tools/frames_fresh.py SHARED SET.jsonl
CHECK.jsonl OUT.jsonl --mandates 400``, drawn on 2026-12-05 before the revision it judges) comes
from the distribution of the reserved case resolutions: paragraphs, unscreened, of the
non-reserved mandate resolutions of 1999–2015 (resolutions naming a peace operation at least twice
whose text authorizes "all necessary means/measures/action/steps") that neither the set nor the
first check sample holds. Its stratum is ``mandate``.

A third (``--more-reports N``: ``python tools/frames_fresh.py SHARED CHECK.jsonl PROJECT.db
OUT.jsonl --more-reports 200``, drawn on 2026-12-05 before the report-language revision it
judges) draws screened numbered paragraphs of the Secretary-General's reports that the first
check sample does not hold. Its stratum is ``report``.

A fourth (``--third M R``: ``python tools/frames_fresh.py SHARED PROJECT.db OUT.jsonl --third
300 100``, drawn on 2026-12-05 after stability-operations 9717e2a3800c was committed) draws ``M``
unscreened mandate paragraphs and ``R`` unscreened report paragraphs (stratum
``report-unscreened``: all but 11 screened ones are in earlier samples) that neither the set nor
any bundled check sample holds: the third check sample (``check3/``).

A fifth (``--fourth N``: ``python tools/frames_fresh.py SHARED OUT.jsonl --fourth 240``, drawn on
2026-12-05 after stability-operations 1518a305567d was committed) is a **stratified** sample of
the unlabelled paragraphs of the non-reserved mandate resolutions (the second sample's pool,
less every labelled part): every paragraph the codebook codes with any frame (stratum
``mandate-hit``, a census, weight 1) and ``N`` drawn at random from the rest (stratum
``mandate-nohit``, weight = rest / N). A census of the hits measures precision on the whole pool
with no sampling error; the weighted non-hits estimate what the codebook misses there
(``normtrace.evaluate.stratified.score_sample``). The fourth check sample (``check4/``).

A sixth (``--fifth N``: ``python tools/frames_fresh.py SHARED OUT.jsonl --fifth 400``, drawn on
2026-12-05 after stability-operations 0d22c0335ce1 was committed) covers the rest of the same
pool, the mandate paragraphs no labelled part holds once the fourth check sample is taken out:
every one the codebook now codes (``rest-hit``, weight 1) and ``N`` of the others at random
(``rest-nohit``). With the fourth sample's 544 paragraphs (weight 1) it covers the whole pool
again: the fifth check sample (``check5/``).

A seventh (``--sixth N``, drawn on 2026-12-05 after the fifth sample was labelled, the codebook
unchanged) takes ``N`` more of the uncoded paragraphs the fifth sample's draw left. Drawn at
random from what a random draw left, the two draws together are one larger random sample of
the fifth sample's uncoded stratum: the sixth check sample (``check6/``), scored merged with
the fifth (``drawn.json``: ``merge_with``).

An eighth (``--seventh N``, drawn on 2026-12-05 after stability-operations 6d05619b200f was
committed) covers what the fourth to sixth samples left of the pool: every paragraph the codebook
now codes there (``left-hit``) and ``N`` of the others (``left-nohit``). With the 1,347
paragraphs of those samples (weight 1) it covers the whole pool again: the seventh check sample
(``check7/``).

A ninth (``--eighth N``, after 0caeb574ed31) and a tenth (``--ninth N``, after 7d62197c7111)
do the same with what the earlier samples left: the eighth and ninth check samples
(``check8/``, ``check9/``; strata ``final-`` and ``last-``).

An eleventh (``--speeches R C N``, ``python tools/frames_fresh.py PROJECT.db OUT.jsonl
--speeches 40 50 80``, after 7d62197c7111) leaves resolutions for the Council's 2020 speeches,
whole speeches as a project stores them, stratified by what the codebook codes (``speeches``):
the tenth check sample (``check10/``, strata ``speech-``). A twelfth (``--more-speeches R C N``,
after 2b546b2b4a09) does the same with the speeches ``check10`` lacks: the eleventh check sample
(``check11/``, strata ``speechrest-``). A thirteenth (``--reports-rest R C N``, after
d4243d03062b) draws the same strata from the numbered paragraphs of the Secretary-General's
reports that no earlier sample holds: the twelfth check sample (``check12/``, strata
``reportrest-``). A fourteenth (``--reports-last R C N``, after 032ca14deba6, the revision that
read ``check12``'s errors) draws the same strata from the report paragraphs no earlier sample
holds, ``check12``'s included: the thirteenth check sample (``check13/``, strata
``reportlast-``).

A fifteenth (``--other-years R C S N``, ``python tools/frames_fresh.py SHARED OUT.jsonl
--other-years 120 60 150 100``, drawn on 2026-12-06 after stability-operations 8823cf9da9c4,
which codes what 032ca14deba6 codes) leaves 1999–2015 for **other years**: the paragraphs of the
resolutions of 1946–1998 that name a peace operation or force of their time at least twice
(``OLD_FORCES``; in ``../shared`` these are of 1975–1998), which no sample, revision or entry
has read. Strata by what the codebook codes (``other-offensive``, ``other-rare``,
``other-common`` as in the speeches' draws) and, among the paragraphs it leaves uncoded, those
the broad armed-group and force screen matches (``other-screened``, ``S`` drawn) and the rest
(``other-nohit``, ``N`` drawn): the fourteenth check sample (``check14/``). A sixteenth
(``--other-years-rest R C S N``, seed 20261219, drawn on 2026-12-06 after the revision that
read ``check14``'s errors was committed) draws the same strata from the paragraphs ``check14``
lacks: the fifteenth check sample (``check15/``, strata ``otherrest-``).
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from frames_sample import NAME, RESERVED, SCREEN, units  # noqa: E402

from normtrace.ingest.text import decode_text  # noqa: E402

SEED = 20261204
FORCES = re.compile(
    r"\b(MONUC|MONUSCO|UNOCI|UNMIL|UNAMID|UNMISS|UNMIS|MINUSTAH|UNAMSIL|MINURCAT|BINUCA|MINUSCA"
    r"|AMISOM|UNIFIL|UNMEE|MINUSMA|ONUB|UNTAET|UNMISET|UNMIT|UNISFA|UNMIK|UNAMA|UNAMI|UNSMIL"
    r"|UNSOM|UNIOSIL|BINUB|UNIPSIL|MINURSO|UNFICYP|UNDOF|UNMOGIP|UNMIN|UNOMIG|UNMOP|UNMIBH"
    r"|UNSMIS|ISAF|KFOR|SFOR|EUFOR|MNF|ECOMOG|AFISMA|MISCA|MICOPAX|UNOMSIL|UNAVEM|MONUA)\b"
)


def resolution_pool(shared: Path, taken: set[str]) -> list[dict[str, object]]:
    pool: list[dict[str, object]] = []
    for f in sorted((shared / "corpus" / "resolutions").iterdir()):
        m = NAME.match(f.name)
        if not m or not 1999 <= int(m[2]) <= 2015 or int(m[1]) in RESERVED:
            continue
        if f"S/RES/{m[1]} ({m[2]})" in taken:
            continue
        text = decode_text(f.read_bytes(), path=str(f)).text
        if len(FORCES.findall(text)) < 2:
            continue
        pool.extend({**u, "stratum": "resolution"} for u in units(f)
                    if SCREEN.search(str(u["text"])))  # fmt: skip
    return pool


def report_pool(project: Path, *, screened: bool = True) -> list[dict[str, object]]:
    con = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT key, symbol, year, kind, text FROM units WHERE doc_type = 'report' "
        "AND kind = 'numbered' ORDER BY key"
    ).fetchall()
    stratum = "report" if screened else "report-unscreened"
    return [{"key": k, "symbol": s, "year": y, "kind": kind, "text": t, "stratum": stratum}
            for k, s, y, kind, t in rows
            if (SCREEN.search(t) or not screened) and len(t) >= 40]  # fmt: skip


def _shuffle_and_write(drawn: list[dict[str, object]], rng: random.Random, out: Path) -> None:
    """A stratified draw in a random order, without the units it was coded by."""
    rng.shuffle(drawn)
    for r in drawn:
        del r["units"]
    write_sample(drawn, out)


def write_sample(rows: list[dict[str, object]], out: Path) -> None:
    """Write the drawn paragraphs as JSON Lines."""
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


MANDATE = re.compile(r"all necessary (means|measures|action|steps)", re.IGNORECASE)
SEED_MANDATES = 20261205


def mandate_pool(shared: Path, taken_keys: set[str]) -> list[dict[str, object]]:
    """Unlabelled paragraphs of the non-reserved mandate resolutions of 1999-2015."""
    pool: list[dict[str, object]] = []
    for f in sorted((shared / "corpus" / "resolutions").iterdir()):
        m = NAME.match(f.name)
        if not m or not 1999 <= int(m[2]) <= 2015 or int(m[1]) in RESERVED:
            continue
        text = decode_text(f.read_bytes(), path=str(f)).text
        if len(FORCES.findall(text)) < 2 or not MANDATE.search(text):
            continue
        pool.extend({**u, "stratum": "mandate"} for u in units(f) if u["key"] not in taken_keys)
    return pool


def mandates(args: list[str]) -> None:
    n = int(args[args.index("--mandates") + 1])
    shared, built, check, out = (Path(a) for a in args[:4])
    taken: set[str] = set()
    for path in (built, check):
        with path.open(encoding="utf-8") as fh:
            taken |= {json.loads(line)["key"] for line in fh if line.strip()}
    pool = mandate_pool(shared, taken)
    drawn = random.Random(SEED_MANDATES).sample(pool, min(n, len(pool)))
    write_sample(drawn, out)
    print(f"second check sample: {len(drawn)} of {len(pool)} unlabelled paragraphs of "
          f"{len({r['symbol'] for r in pool})} mandate resolutions -> {out}")  # fmt: skip


SEED_REPORTS = 20261206


def more_reports(args: list[str]) -> None:
    n = int(args[args.index("--more-reports") + 1])
    _shared, check, project, out = (Path(a) for a in args[:4])
    with check.open(encoding="utf-8") as fh:
        taken = {json.loads(line)["key"] for line in fh if line.strip()}
    pool = [r for r in report_pool(project) if r["key"] not in taken]
    drawn = random.Random(SEED_REPORTS).sample(pool, min(n, len(pool)))
    write_sample(drawn, out)
    print(f"report check sample: {len(drawn)} of {len(pool)} screened report paragraphs not in "
          f"the first check sample -> {out}")  # fmt: skip


SEED_THIRD = 20261207


def third(args: list[str]) -> None:
    """The third check sample: unscreened mandate paragraphs and screened report paragraphs
    that the set and every earlier check sample lack (drawn after stability-operations
    9717e2a3800c was committed and before any of its labels was seen)."""
    n_mandates = int(args[args.index("--third") + 1])
    n_reports = int(args[args.index("--third") + 2])
    shared, project, out = (Path(a) for a in args[:3])
    folder = Path(__file__).resolve().parents[1] / "src/normtrace/data/validation/frames"
    taken: set[str] = set()
    earlier = [folder / name / "check.jsonl" for name in ("check", "check2")]
    for path in (folder / "frames.jsonl", *earlier):  # what existed when it was drawn
        with path.open(encoding="utf-8") as fh:
            taken |= {json.loads(line)["key"] for line in fh if line.strip()}
    rng = random.Random(SEED_THIRD)
    mandate = mandate_pool(shared, taken)
    # the screened report paragraphs are nearly all in earlier samples: draw from all of them
    report = [r for r in report_pool(project, screened=False) if r["key"] not in taken]
    drawn = (rng.sample(mandate, min(n_mandates, len(mandate)))
             + rng.sample(report, min(n_reports, len(report))))  # fmt: skip
    write_sample(drawn, out)
    print(f"third check sample: {min(n_mandates, len(mandate))} of {len(mandate)} unlabelled "
          f"mandate paragraphs, {min(n_reports, len(report))} of {len(report)} unscreened report "
          f"paragraphs -> {out}")  # fmt: skip


SEED_FOURTH = 20261208


def _stratified(
    shared: Path, out: Path, samples: tuple[str, ...], n_nohit: int, seed: int, prefix: str
) -> str:
    """Every unlabelled mandate paragraph the default codebook codes (``PREFIX-hit``, weight 1)
    and ``n_nohit`` of the others at random (``PREFIX-nohit``, weight = others / drawn), the
    paragraphs of the set and of the check ``samples`` left out. Returns a summary line."""
    from frames_build import paragraph_units

    from normtrace.coding.exchange.yamlio import load_default_codebook
    from normtrace.evaluate.frames import predict

    folder = Path(__file__).resolve().parents[1] / "src/normtrace/data/validation/frames"
    taken: set[str] = set()
    for path in (folder / "frames.jsonl", *(folder / n / "check.jsonl" for n in samples)):
        with path.open(encoding="utf-8") as fh:
            taken |= {json.loads(line)["key"] for line in fh if line.strip()}
    pool = mandate_pool(shared, taken)
    by_symbol: dict[str, dict[str, list[dict[str, str]]]] = {}
    for row in pool:
        symbol = str(row["symbol"])
        if symbol not in by_symbol:
            by_symbol[symbol] = paragraph_units(shared, symbol)
        row["units"] = by_symbol[symbol][str(row["key"])]
    book = load_default_codebook()
    framed = set().union(*book.frame_codes().values())
    coded = predict(pool, book)
    hits = [r for r in pool if coded[str(r["key"])] & framed]
    rest = [r for r in pool if not coded[str(r["key"])] & framed]
    rng = random.Random(seed)
    drawn_rest = rng.sample(rest, min(n_nohit, len(rest)))
    weight = len(rest) / len(drawn_rest)
    drawn = [{**r, "stratum": f"{prefix}-hit", "weight": 1.0} for r in hits]
    drawn += [{**r, "stratum": f"{prefix}-nohit", "weight": weight} for r in drawn_rest]
    _shuffle_and_write(drawn, rng, out)
    return (f"({book.name} {book.version}): all {len(hits)} coded paragraphs and "
            f"{len(drawn_rest)} of {len(rest)} uncoded ones (weight {weight:.3f}) of "
            f"{len(pool)} unlabelled mandate paragraphs -> {out}")  # fmt: skip


@dataclass(frozen=True)
class Draw:
    """One stratified draw of the mandate pool: the check samples it leaves out, its seed
    and its strata's prefix."""

    sample: str
    leaves_out: tuple[str, ...]
    seed: int
    prefix: str


# Flag -> draw. Each redraws exactly with the codebook version it was drawn with.
DRAWS = {
    "--fourth": Draw("fourth", ("check", "check2", "check3"), SEED_FOURTH, "mandate"),
    "--fifth": Draw("fifth", ("check", "check2", "check3", "check4"), 20261209, "rest"),
    "--sixth": Draw("sixth", ("check", "check2", "check3", "check4", "check5"), 20261210, "rest"),
    "--seventh": Draw(
        "seventh", ("check", "check2", "check3", "check4", "check5", "check6"), 20261211, "left"
    ),
    "--eighth": Draw(
        "eighth",
        ("check", "check2", "check3", "check4", "check5", "check6", "check7"),
        20261212,
        "final",
    ),
    "--ninth": Draw(
        "ninth",
        ("check", "check2", "check3", "check4", "check5", "check6", "check7", "check8"),
        20261213,
        "last",
    ),
}


SEED_SPEECHES = 20261214
#: The frames the codebook codes rarely in speeches: their coded speeches are the strata that
#: measure precision.
RARE = ("force_authorization", "core_principles", "responsibility_to_protect")


def speech_pool(project: Path) -> list[dict[str, object]]:
    """The Council's 2020 speeches as a project stores them after ``normtrace ingest-corpus
    ../shared/corpus/speeches-2020``: one unit per speech."""
    con = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT key, symbol, year, text FROM units WHERE doc_type = 'corpus_meeting' ORDER BY key"
    ).fetchall()
    return [{"key": k, "symbol": s, "year": y, "kind": "speech", "text": t,
             "units": [{"key": k, "text": t}]} for k, s, y, t in rows]  # fmt: skip


@dataclass(frozen=True)
class SpeechDraw:
    """One stratified draw of the 2020 speeches: its seed, its strata's prefix and the check
    samples whose speeches it leaves out."""

    sample: str
    seed: int
    prefix: str
    leaves_out: tuple[str, ...] = ()
    #: what is drawn: ``speech`` (whole 2020 speeches) or ``report`` (numbered paragraphs of
    #: the Secretary-General's reports, as ``report_pool(..., screened=False)`` reads them)
    genre: str = "speech"


SPEECH_DRAWS = {
    "--speeches": SpeechDraw("tenth (check10/)", SEED_SPEECHES, "speech"),
    "--more-speeches": SpeechDraw("eleventh (check11/)", 20261215, "speechrest", ("check10",)),
    "--reports-rest": SpeechDraw(
        "twelfth (check12/)", 20261216, "reportrest", ("check", "check2", "check3"), "report"
    ),
    "--reports-last": SpeechDraw(
        "thirteenth (check13/)",
        20261217,
        "reportlast",
        ("check", "check2", "check3", "check12"),
        "report",
    ),
}


def by_coded_frames(
    pool: list[dict[str, object]],
    book: Any,
    frame_of: dict[str, str],
    *,
    screen: bool = False,
) -> dict[str, list[dict[str, object]]]:
    """``pool`` in strata by what ``book`` codes: ``offensive`` (offensive force), ``rare``
    (force authorization, core principles or R2P, not offensive force), ``common`` (another
    frame), and the uncoded: ``nohit``, or with ``screen`` first ``screened`` (the broad
    armed-group and force screen matches) and then ``nohit``. The strata keep this order (the
    draws sample them in it)."""
    from normtrace.evaluate.frames import predict

    coded = predict(pool, book)
    names = ["offensive", "rare", "common", *(["screened"] if screen else []), "nohit"]
    strata: dict[str, list[dict[str, object]]] = {name: [] for name in names}
    for row in pool:
        frames = {frame_of[c] for c in coded[str(row["key"])] if c in frame_of}
        if "offensive_force" in frames:
            strata["offensive"].append(row)
        elif frames & set(RARE):
            strata["rare"].append(row)
        elif frames:
            strata["common"].append(row)
        elif screen and SCREEN.search(str(row["text"])):
            strata["screened"].append(row)
        else:
            strata["nohit"].append(row)
    return strata


def speeches(args: list[str], flag: str) -> None:
    """A check sample of the Council's 2020 speeches, whole speeches as the project stores them:
    ``python tools/frames_fresh.py PROJECT.db OUT.jsonl FLAG R C N``. Four strata by what the
    codebook codes: every speech coded offensive force (``PREFIX-offensive``, a census, weight
    1); ``R`` of those coded force authorization, core principles or R2P but not offensive force
    (``PREFIX-rare``); ``C`` of those coded protection of civilians or stabilization only
    (``PREFIX-common``); ``N`` of those coded with no frame (``PREFIX-nohit``); each drawn
    stratum weighted by its size over its draw.

    ``--speeches 40 50 80`` (the tenth check sample, ``check10/``) was drawn on 2026-12-05 after
    stability-operations 7d62197c7111 was committed and before any label; ``--more-speeches``
    (the eleventh, ``check11/``) after 2b546b2b4a09, from the speeches ``check10`` lacks.

    ``--reports-rest R C N`` (``python tools/frames_fresh.py REPORTS.db OUT.jsonl --reports-rest
    40 90 110``, the twelfth check sample, ``check12/``) was drawn on 2026-12-06 after
    stability-operations d4243d03062b was committed and before any label: the same strata over
    the numbered paragraphs of the 53 Secretary-General reports (a project that ingested
    ``../shared/corpus/reports``) that no earlier check sample holds (``check``, ``check2`` and
    ``check3`` hold 540 of them, read while revising)."""
    draw = SPEECH_DRAWS[flag]
    from normtrace.coding.exchange.yamlio import load_default_codebook

    at = args.index(flag)
    n_rare, n_common, n_nohit = (int(a) for a in args[at + 1 : at + 4])
    project, out = Path(args[0]), Path(args[1])
    folder = Path(__file__).resolve().parents[1] / "src/normtrace/data/validation/frames"
    taken: set[str] = set()
    for name in draw.leaves_out:
        with (folder / name / "check.jsonl").open(encoding="utf-8") as fh:
            taken |= {json.loads(line)["key"] for line in fh if line.strip()}
    if draw.genre == "report":
        pool = [{**r, "units": [{"key": r["key"], "text": r["text"]}]}
                for r in report_pool(project, screened=False) if r["key"] not in taken]  # fmt: skip
    else:
        pool = [r for r in speech_pool(project) if r["key"] not in taken]
    book = load_default_codebook()
    frame_of = {c: f for f, codes in book.frame_codes().items() for c in codes}
    strata = by_coded_frames(pool, book, frame_of)
    rng = random.Random(draw.seed)
    sizes = {"offensive": len(strata["offensive"]), "rare": n_rare, "common": n_common,
             "nohit": n_nohit}  # fmt: skip
    drawn: list[dict[str, object]] = []
    parts = []
    for name, rows in strata.items():
        chosen = rng.sample(rows, min(sizes[name], len(rows)))
        parts.append(f"{len(chosen)} of {len(rows)} {name}")
        if not chosen:  # an empty stratum (the later draw: every coded one already labelled)
            continue
        weight = len(rows) / len(chosen)
        drawn += [{**r, "stratum": f"{draw.prefix}-{name}", "weight": weight} for r in chosen]
    _shuffle_and_write(drawn, rng, out)
    print(f"{draw.sample} {draw.genre} check sample ({book.name} {book.version}): "
          f"{', '.join(parts)} -> {out}")  # fmt: skip


SEED_OTHER_YEARS = 20261218
#: Peace operations and forces the Council's resolutions of 1946-1998 name (the missions of
#: their time; ``FORCES`` holds those of 1999-2015).
OLD_FORCES = re.compile(
    r"\b(UNPROFOR|UNOSOM|UNAMIR|UNTAC|UNAVEM|ONUMOZ|UNMIH|UNTAES|UNMIBH|SFOR|IFOR|MONUA"
    r"|UNOMIL|UNOMSIL|ECOMOG|MINURCA|UNSMIH|UNTMIH|MIPONUH|UNPREDEP|UNCRO|UNMOT|UNOMIG|UNIKOM"
    r"|UNIFIL|UNFICYP|ONUSAL|ONUCA|MINURSO|UNOMUR|UNASOG|UNOMSA|UNMOP|UNPSG|MINUGUA|UNDOF"
    r"|UNTAG|UNIIMOG|UNGOMAP|ONUC|UNEF|UNOGIL|UNSF|UNYOM|UNIPOM|DOMREP)\b"
)


def other_years_pool(shared: Path) -> list[dict[str, object]]:
    """Every paragraph (with its sub-paragraphs and stored units) of the resolutions of
    1946-1998 that name a peace operation or force of their time at least twice."""
    from frames_build import paragraph_units

    pool: list[dict[str, object]] = []
    for f in sorted((shared / "corpus" / "resolutions").iterdir()):
        m = NAME.match(f.name)
        if not m or int(m[2]) > 1998:
            continue
        text = decode_text(f.read_bytes(), path=str(f)).text
        if len(OLD_FORCES.findall(text)) < 2:
            continue
        stored = paragraph_units(shared, f"S/RES/{m[1]} ({m[2]})")
        pool.extend({**u, "units": stored[str(u["key"])]} for u in units(f))
    return pool


def other_years(args: list[str], flag: str = "--other-years") -> None:
    """The fourteenth check sample (``check14/``): ``python tools/frames_fresh.py SHARED OUT.jsonl
    --other-years R C S N`` (see the module's docstring); ``--other-years-rest R C S N``, the
    fifteenth (``check15/``), draws the same strata from the paragraphs ``check14`` lacks."""
    from normtrace.coding.exchange.yamlio import load_default_codebook

    at = args.index(flag)
    n_rare, n_common, n_screened, n_nohit = (int(a) for a in args[at + 1 : at + 5])
    shared, out = Path(args[0]), Path(args[1])
    pool = other_years_pool(shared)
    rest = flag == "--other-years-rest"
    if rest:  # what the fourteenth sample left
        folder = Path(__file__).resolve().parents[1] / "src/normtrace/data/validation/frames"
        with (folder / "check14" / "check.jsonl").open(encoding="utf-8") as fh:
            taken = {json.loads(line)["key"] for line in fh if line.strip()}
        pool = [r for r in pool if r["key"] not in taken]
    book = load_default_codebook()
    frame_of = {c: f for f, codes in book.frame_codes().items() for c in codes}
    strata = by_coded_frames(pool, book, frame_of, screen=True)
    rng = random.Random(SEED_OTHER_YEARS + (1 if rest else 0))
    sizes = {"offensive": len(strata["offensive"]), "rare": n_rare, "common": n_common,
             "screened": n_screened, "nohit": n_nohit}  # fmt: skip
    drawn: list[dict[str, object]] = []
    parts = []
    for name, rows in strata.items():
        chosen = rng.sample(rows, min(sizes[name], len(rows)))
        parts.append(f"{len(chosen)} of {len(rows)} {name}")
        if chosen:
            weight = len(rows) / len(chosen)
            prefix = "otherrest" if rest else "other"
            drawn += [{**r, "stratum": f"{prefix}-{name}", "weight": weight} for r in chosen]
    _shuffle_and_write(drawn, rng, out)
    which = "fifteenth" if rest else "fourteenth"
    print(f"{which} check sample, other years ({book.name} {book.version}): {len(pool)} "
          f"paragraphs of {len({r['symbol'] for r in pool})} resolutions; "
          f"{', '.join(parts)} -> {out}")  # fmt: skip


def stratified(args: list[str], flag: str) -> None:
    """A stratified check sample (``DRAWS[flag]``): ``python tools/frames_fresh.py SHARED
    OUT.jsonl FLAG N``."""
    draw = DRAWS[flag]
    n_nohit = int(args[args.index(flag) + 1])
    shared, out = Path(args[0]), Path(args[1])
    summary = _stratified(shared, out, draw.leaves_out, n_nohit, draw.seed, draw.prefix)
    print(f"{draw.sample} check sample {summary}")


def main() -> None:
    args = sys.argv[1:]
    for flag in DRAWS:
        if flag in args:
            stratified(args, flag)
            return
    for flag in SPEECH_DRAWS:
        if flag in args:
            speeches(args, flag)
            return
    for flag in ("--other-years-rest", "--other-years"):
        if flag in args:
            other_years(args, flag)
            return
    if "--third" in args:
        third(args)
        return
    if "--more-reports" in args:
        more_reports(args)
        return
    if "--mandates" in args:
        mandates(args)
        return
    n_res = int(args[args.index("--resolutions") + 1]) if "--resolutions" in args else 360
    n_rep = int(args[args.index("--reports") + 1]) if "--reports" in args else 240
    shared, built, project, out = (Path(a) for a in args[:4])
    with built.open(encoding="utf-8") as fh:
        taken = {json.loads(line)["symbol"] for line in fh if line.strip()}
    rng = random.Random(SEED)
    res, rep = resolution_pool(shared, taken), report_pool(project)
    drawn = rng.sample(res, min(n_res, len(res))) + rng.sample(rep, min(n_rep, len(rep)))
    rng.shuffle(drawn)
    write_sample(drawn, out)
    print(f"fresh sample: {len(drawn)} paragraphs ({min(n_res, len(res))} of {len(res)} screened "
          f"resolution paragraphs, {min(n_rep, len(rep))} of {len(rep)} screened report "
          f"paragraphs) -> {out}")  # fmt: skip


if __name__ == "__main__":
    main()
