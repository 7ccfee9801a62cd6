"""The bundled frames validation set: its integrity, and the default codebook's score on it.

The set (``normtrace/data/validation/frames``) holds real paragraphs of Security Council
resolutions with two coders' labels and the adjudicated frames (procedure in its README).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from normtrace.coding.dictionary.compile import ALGORITHM
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.reliability import cohen_kappa
from normtrace.coding.validity import CHECK_SAMPLES
from normtrace.evaluate.frames import FRAMES, load_labelled_set, score_codebook
from normtrace.evaluate.stratified import merge_draws, score_sample, with_census

FOLDER = resources.files("normtrace.data") / "validation" / "frames"
RESERVED = {1270, 1291, 1542, 1608, 1925, 2053, 2085, 2098, 2100, 2127, 2147, 2149, 2164, 2211,
            2217, 2227}  # fmt: skip


def _jsonl(name: str) -> list[dict[str, object]]:
    text = (FOLDER / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_the_set_is_large_two_coded_and_keeps_the_reserved_resolutions_out() -> None:
    rows = load_labelled_set()
    assert len(rows) >= 600
    assert {r["kind"] for r in rows} == {"operative", "preambular"}
    years = {int(re.search(r"\((\d{4})\)", r["symbol"])[1]) for r in rows}  # type: ignore[index]
    assert min(years) >= 1999 and max(years) <= 2015
    numbers = {int(re.search(r"S/RES/(\d+)", r["symbol"])[1]) for r in rows}  # type: ignore[index]
    assert not numbers & RESERVED
    conventions = {(c["key"], c["frame"]): c["present"] for c in _jsonl("conventions.jsonl")}
    splits: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        splits[r["symbol"]].add(r["split"])
        assert r["units"] and r["units"][0]["key"] == r["key"]
        assert all(u["key"] == r["key"] or u["key"].startswith(r["key"] + "/") for u in r["units"])
        for frame in FRAMES:  # the final label agrees with both coders where they agree,
            a, b = frame in r["coder1"], frame in r["coder2"]  # unless a convention decides
            if (r["key"], frame) in conventions:
                assert (frame in r["frames"]) == conventions[(r["key"], frame)]
            elif a == b:
                assert (frame in r["frames"]) == a
    assert all(len(parts) == 1 for parts in splits.values()), "a resolution in both parts"


def test_agreement_json_is_what_the_labels_give() -> None:
    rows = load_labelled_set()
    stored = json.loads((FOLDER / "agreement.json").read_text(encoding="utf-8"))
    assert stored["paragraphs"] == len(rows)
    for frame in FRAMES:
        a = [frame in r["coder1"] for r in rows]
        b = [frame in r["coder2"] for r in rows]
        assert round(cohen_kappa(a, b), 3) == stored["frames"][frame]["kappa"]
    decided = _jsonl("adjudicated.jsonl")
    disagreements = sum(v["disagreements"] for v in stored["frames"].values())
    assert len(decided) == disagreements


def test_score_json_is_the_current_default_codebooks_score() -> None:
    """Regenerate with `normtrace eval frames --split test --json > .../score.json`."""
    stored = json.loads((FOLDER / "score.json").read_text(encoding="utf-8"))
    book = load_default_codebook()
    assert stored["version"] == book.version, "the default codebook changed: re-measure it"
    fresh = score_codebook(load_labelled_set(), book, split="test").to_dict()
    assert fresh == stored


def test_the_default_codebook_does_not_fall_below_its_measured_floor() -> None:
    """A regression guard a little under the measured test scores, not the issue's target.

    Measured (stability-operations 215873af8b90, 1,330 test paragraphs): macro 0.90, every frame
    0.82 or more. Since December 2026 the test part's errors have been read while writing entries
    (offensive force first, then the other frames): these are no longer measurements on unread
    paragraphs, and the clean measures are the check samples' (``check/``), drawn before the
    revision they judge.
    """
    score = score_codebook(load_labelled_set(), load_default_codebook(), split="test")
    assert score.macro_f1 >= 0.87
    for frame in FRAMES:
        floor = 0.80
        assert score.frames[frame].f1 >= floor, (frame, score.describe())


CHECKS = [n for n in reversed(CHECK_SAMPLES) if (FOLDER / n / "check.jsonl").is_file()]


def test_every_bundled_check_sample_is_one_validity_reads() -> None:
    """A new check sample folder is scored here and cited by the measured error only when
    ``coding.validity.CHECK_SAMPLES`` names it."""
    folders = {p.parent.name for p in FOLDER.glob("check*/check.jsonl")}
    assert folders == set(CHECK_SAMPLES)


@pytest.mark.parametrize("name", CHECKS)
def test_the_check_set_is_scored_as_stored(name: str) -> None:
    """A check sample (``check/``, ``check2/``): drawn before the codebook revision it judges and
    labelled after it, outside the set's paragraphs, the other check samples and the reserved
    resolutions. Its agreement and the default codebook's score per stratum are what its labels
    give (regenerate ``score.json`` with ``tools/frames_check_score.py FOLDER`` after a codebook
    change)."""
    folder = FOLDER / name
    rows = load_labelled_set(str(folder / "check.jsonl"))
    labelled = {r["key"] for r in load_labelled_set()}
    for other in CHECKS:
        if other != name:
            labelled |= {r["key"] for r in load_labelled_set(str(FOLDER / other / "check.jsonl"))}
    assert rows and not {r["key"] for r in rows} & labelled
    numbers = {int(m[1]) for r in rows if (m := re.search(r"S/RES/(\d+)", r["symbol"]))}
    assert not numbers & RESERVED
    decided = {
        (d["key"], d["frame"])
        for d in (json.loads(x) for x in (folder / "adjudicated.jsonl").read_text().splitlines())
    }
    agreement = json.loads((folder / "agreement.json").read_text(encoding="utf-8"))
    assert agreement["paragraphs"] == len(rows)
    for stratum, table in [("all", agreement), *agreement.get("strata", {}).items()]:
        chosen = [r for r in rows if stratum == "all" or r["stratum"] == stratum]
        assert table["paragraphs"] == len(chosen)
        for frame in FRAMES:
            k = cohen_kappa([frame in r["coder1"] for r in chosen],
                            [frame in r["coder2"] for r in chosen])  # fmt: skip
            assert table["frames"][frame]["kappa"] == (round(k, 3) if k == k else None)
    for frame in FRAMES:
        a = [frame in r["coder1"] for r in rows]
        b = [frame in r["coder2"] for r in rows]
        for r, x, y in zip(rows, a, b, strict=True):
            if x == y:
                assert (frame in r["frames"]) == x
            else:
                assert (r["key"], frame) in decided
    stored = json.loads((folder / "score.json").read_text(encoding="utf-8"))
    book = load_default_codebook()
    assert stored["version"] == book.version, "the default codebook changed: re-measure it"
    drawn = json.loads((folder / "drawn.json").read_text(encoding="utf-8"))
    clean_for = drawn["clean_for"]  # a later version coding the same passages scores the same
    same = drawn.get("clean_for_matching", [])
    same = [same] if isinstance(same, str) else same
    assert all(m in drawn.get("audits", {}) for m in same[1:])  # each later one was audited
    matchers = drawn.get("clean_for_matcher", ["coding.aho_corasick.v1"])  # the first matcher
    assert all(m in drawn.get("audits", {}) for m in matchers[1:])  # each later one was audited
    assert stored["matcher"] == ALGORITHM
    assert stored["clean"] is (
        (clean_for == book.version or book.matching in same) and ALGORITHM in matchers
    )
    for record in folder.glob("score-*.json"):  # the clean measurement, kept after revisions
        kept = json.loads(record.read_text(encoding="utf-8"))
        assert kept["version"] == clean_for == record.stem.removeprefix("score-")
        assert kept["clean"] is True and set(kept["strata"]) == set(stored["strata"])
    for stratum, score in stored["strata"].items():
        if score.get("weighted"):  # the stratified sample's estimate of its pool
            meta = json.loads((folder / "drawn.json").read_text(encoding="utf-8"))

            def load(n: str) -> list[dict[str, Any]]:
                return load_labelled_set(str(FOLDER / n / "check.jsonl"))

            pooled = list(rows)
            for n in meta.get("merge_with", []):  # a continued draw of the same strata
                pooled = merge_draws(load(n), pooled)
            if stratum == meta.get("combined_pool"):  # with earlier samples of the pool
                keep = set(meta.get("combine_strata", ()))  # only this pool's strata
                earlier = {n: [r for r in load(n) if not keep or r["stratum"] in keep]
                           for n in meta["combine_with"]}  # fmt: skip
                pooled = with_census(pooled, earlier)
                assert score["clean"] is False  # partly read while revising: never clean
            estimates = score_sample(pooled, book)
            assert {f: s.to_dict() for f, s in estimates.items()} == score["frames"]
            continue
        chosen = [r for r in rows if stratum == "all" or r["stratum"] == stratum]
        assert score_codebook(chosen, book).to_dict() == score


def test_a_default_codes_measured_error_says_what_the_check_samples_found() -> None:
    """The bundled measurement is of the set's test part (Council resolutions); its source adds,
    per check stratum (unread mandate paragraphs, the Secretary-General's reports), the score of
    the newest check sample of this codebook version that holds the stratum, or that it has no
    positive there."""
    from normtrace.coding.validity import CHECK_SAMPLES, CHECK_STRATA, code_validity

    book = load_default_codebook()
    newest: dict[str, tuple[str, dict[str, Any], bool]] = {}
    for sample in reversed(CHECK_SAMPLES):  # oldest first, so the newest overwrites
        path = FOLDER / sample / "score.json"
        if not path.is_file():
            continue
        score = json.loads(path.read_text(encoding="utf-8"))
        if score["version"] != book.version:
            continue
        for stratum, part in score["strata"].items():
            clean = score["clean"] and part.get("clean", True)
            if clean or not newest.get(stratum, ("", {}, False))[2]:
                newest[stratum] = (sample, part, clean)  # a clean one wins
    assert "report" in newest  # the first check set holds reports
    validity = code_validity(None, book.name)
    for frame, codes in book.frame_codes().items():
        for code in codes:
            source = validity[code].source
            assert source.startswith("frames set (test part") and "Council resolutions" in source
            for stratum, what in CHECK_STRATA:
                if stratum not in newest:
                    assert what not in source
                    continue
                sample, part, clean = newest[stratum]
                s = part["frames"][frame]
                name = "check set" if sample == "check" else f"check set {sample[5:]}"
                size = (
                    f"{part['paragraphs']} of its {part['pool']} paragraphs labelled"
                    if part.get("pool")
                    else f"{part['paragraphs']} paragraphs"
                )
                name += f", {size}" + ("" if clean else ", read while revising")
                if s["gold"] and part.get("weighted"):
                    note = f"; {part['note']}" if part.get("note") else ""
                    assert f"on {what} ({name}, weighted estimate{note})" in source
                    assert f"recall {s['recall']:.2f} [" in source
                    assert f"({s['gold']} positive labelled)" in source
                elif s["gold"]:
                    assert f"on {what} ({name})" in source
                    assert f"recall {s['recall']:.2f} ({s['gold']} positive)" in source
                else:
                    assert f"not measured on {what} ({name}" in source


def test_a_version_edited_in_prose_keeps_the_measured_error(tmp_path: Path) -> None:
    """A definition edited in the workbench made a new version whose codes all read
    "unvalidated: never measured" (a new user's report), though it codes the same passages.
    A version whose entries differ (an entry changed) has no measurement (it says which
    version was measured: tests/coding/test_validity_other_version.py)."""
    from dataclasses import replace as with_

    from normtrace.coding.dictionary.apply import register_codebook
    from normtrace.coding.validity import code_validity
    from normtrace.store.db import Store

    book = load_default_codebook()
    poc = book.get("poc")
    prose = with_(book, codes=tuple(with_(c, definition=c.definition + " (edited)")
                                     if c.id == "poc" else c for c in book.codes))  # fmt: skip
    entry = with_(book, codes=tuple(with_(c, entries=c.entries[1:]) if c.id == "poc" else c
                                    for c in book.codes))  # fmt: skip
    assert prose.version != book.version and prose.matching == book.matching
    assert entry.matching != book.matching
    from normtrace.coding.codebook import Entry

    grouped = with_(book, codes=tuple(with_(c, entries=(Entry(pattern="council"),))
                                      if not c.codable else c for c in book.codes))  # fmt: skip
    assert grouped.matching != book.matching  # a group code's entries code passages too
    store = Store.open(tmp_path / "p.db")
    register_codebook(store, prose)
    register_codebook(store, entry)
    kept = code_validity(store, book.name, prose.version)
    assert kept["poc"].recall == code_validity(None, book.name)["poc"].recall
    assert f"measured for version {book.version}" in kept["poc"].source
    speeches = kept["poc"].speeches
    assert speeches is not None and f"measured for version {book.version}" in speeches.source
    other = code_validity(store, book.name, entry.version)["poc"]  # measured for another
    assert not other.source and not other.validated and other.other_version is not None
    assert poc.entries  # the change above removed one of them


@pytest.mark.parametrize("genre", ["speech", "report", "early"])
def test_a_default_code_carries_its_frames_measurement_on_speeches_and_reports(genre: str) -> None:
    """Each default code carries its frame's weighted estimate on the 2020 speeches and on the
    Secretary-General's reports, from the newest check sample of this codebook version that
    scores that pool (a clean one first); a passage of that genre is judged by it
    (``for_text``)."""
    from normtrace.coding.validity import CHECK_SAMPLES, GENRE_LABEL, GENRE_POOLS, code_validity

    stratum, _what, unit = GENRE_POOLS[genre]
    book = load_default_codebook()
    scored = []
    for sample in CHECK_SAMPLES:  # newest first
        path = FOLDER / sample / "score.json"
        if path.is_file():
            score = json.loads(path.read_text(encoding="utf-8"))
            if score["version"] == book.version and stratum in score["strata"]:
                part = score["strata"][stratum]
                scored.append(
                    (score["clean"] and part.get("clean", True), sample, part, score["clean"])
                )
    assert scored, "check10 scores the speech pool, check12 the report pool, check14 other years"
    clean, sample, part, drawn_for = next((s for s in scored if s[0]), scored[0])
    validity = code_validity(None, book.name)
    for frame, codes in book.frame_codes().items():
        s = part["frames"][frame]
        for code in codes:
            there = {"speech": validity[code].speeches, "report": validity[code].reports,
                     "early": validity[code].early}[genre]  # fmt: skip
            assert there is not None
            assert validity[code].for_text(genre) == (GENRE_LABEL[genre] + ": ", there)
            assert there.frame == validity[code].frame == frame
            assert there.n == part["paragraphs"]
            assert there.recall == (s["recall"] if s["gold"] else None)
            assert f"frame {frame} ({s['gold']} positive" in there.source
            census = f"precision over every one of the {unit} it codes, all labelled" in (
                there.source
            )
            partial = f"precision over the labelled {unit} it codes, with no interval" in (
                there.source
            )
            if there.precision is not None:  # no sampling interval: said, and which it is
                exact = s["precision_95ci"][0] == s["precision_95ci"][1]
                assert (census or partial) is exact and (there.precision_low is None) is exact
                # "all labelled" only for the version the sample was drawn with (read
                # samples combined in are labelled whole: they do not change that)
                assert census is (exact and drawn_for)
            assert f"of its {part['pool']} {unit} labelled" in there.source
            name = f"check set {sample.removeprefix('check')}"
            size = f"{part['paragraphs']} of its {part['pool']} {unit} labelled"
            read = ", read while revising"
            assert f"({name}, {size}{'' if clean else read}, weighted estimate" in there.source
            assert f"{GENRE_LABEL[genre]}: " in validity[code].describe()


def test_a_measurement_on_speeches_is_described_and_flagged_on_its_own() -> None:
    from normtrace.coding.validity import CodeValidity

    there = CodeValidity("x", precision=0.4, recall=0.3, n=207, source="speeches")
    main = CodeValidity("x", precision=0.9, recall=0.8, n=120, source="set", speeches=there)
    assert main.validated and not there.validated
    assert main.describe() == (
        "P 0.90 · R 0.80 · n 120; on speeches: P 0.40 · R 0.30 · n 207 — unvalidated there: "
        "recall 0.30 < 0.7"
    )
    assert main.for_text("speech")[1] is there and there.for_text("speech")[1] is there
    assert main.to_dict()["speeches"]["flag"] == "recall 0.30 < 0.7"
    assert (
        CodeValidity("y", precision=0.9, recall=0.8, n=120, source="set").for_text("speech")[1].n
        == 120
    )


def test_a_stratum_partly_read_while_revising_is_never_named_clean(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A sample clean for the version it scores can hold a whole-pool stratum that counts an
    earlier sample's read paragraphs (``"clean": false`` on the stratum): the measurement built
    on it says "read while revising", and a clean stratum of an older sample wins over it."""
    from normtrace.coding import validity

    frame = {"gold": 3, "tp": 1.0, "fp": 1.0, "precision": 0.5, "recall": 0.25,
             "precision_95ci": [0.2, 0.8], "recall_95ci": [0.1, 0.5]}  # fmt: skip
    read = {"paragraphs": 40, "pool": 100, "frames": {"poc": frame}, "clean": False}
    clean = {"paragraphs": 30, "pool": 100, "frames": {"poc": {**frame, "recall": 0.3}}}
    scores = {
        "check12": {"version": "v", "clean": True, "strata": {"speech-pool": read}},
        "check11": {"version": "v", "clean": True, "strata": {"speech-pool": clean}},
    }
    monkeypatch.setattr(validity, "CHECK_SAMPLES", ("check12", "check11"))
    monkeypatch.setattr(validity, "bundled_check_score", lambda sample: scores.get(sample))
    there = validity._on_pool("poc", "poc", "v", "speech")
    assert there is not None and there.recall == 0.3  # the clean older one
    assert "check set 11, 30 of its 100 speeches labelled, weighted" in there.source
    scores["check11"]["clean"] = False
    there = validity._on_pool("poc", "poc", "v", "speech")
    assert there is not None and there.recall == 0.25  # both read: the newest
    assert "check set 12, 40 of its 100 speeches labelled, read while revising" in there.source


def test_a_projects_own_validation_measures_speeches_once_its_coders_label_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The project's `code validate` run replaces the bundled main measurement. While its
    coders have labelled no speech, what the default dictionary does on speeches still stands
    beside it; once they label one, their own run is the measurement for speeches too."""
    from click.testing import CliRunner

    from normtrace.cli import cli
    from normtrace.coding.validity import code_validity
    from normtrace.store.db import Store

    speeches = Path(__file__).resolve().parents[1] / "fixtures" / "trace" / "pv8703"
    db = tmp_path / "p.db"
    assert (
        CliRunner().invoke(cli, ["--project", str(db), "ingest-corpus", str(speeches)]).exit_code
        == 0
    )
    book = load_default_codebook()
    bundled = _own_validation_run(monkeypatch)
    from normtrace.coding import validity

    monkeypatch.setattr(validity, "MIN_GENRE_LABELLED", 5)  # the fixture has 18 speeches
    with Store.open(db) as store:
        mixed = code_validity(store, book.name)["poc"]
        assert mixed.source.startswith("validation run 7") and mixed.n == 60
        assert mixed.speeches == bundled.speeches is not None
        for i in range(1, 6):
            store.conn.execute(
                "INSERT INTO coding_reviews (at, coder, codebook, codebook_version, level, "
                "unit_key) VALUES ('now', 'ana', ?, ?, 'unit', ?)",
                (book.name, book.version, f"S/PV.8703/s{i:03d}"),
            )
            if i < 5:  # one speech labelled is not a measurement of speeches
                assert code_validity(store, book.name)["poc"].speeches == bundled.speeches
        own_only = code_validity(store, book.name)["poc"]
        assert own_only.speeches is None and own_only.for_text("speech")[1] is own_only
        # no report paragraph labelled: the bundled measurement on reports still stands
        assert own_only.reports == bundled.reports is not None


def test_a_projects_own_validation_measures_reports_once_its_coders_label_30_report_paragraphs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """As for speeches: once the project's coders have labelled 30 report paragraphs, its own
    run is the measurement on reports (before, the bundled one stands); the speech measurement
    stays bundled."""
    from normtrace.coding.units import unit_genres
    from normtrace.coding.validity import MIN_LABELLED, code_validity
    from normtrace.pipeline import ingest_paths
    from normtrace.store.db import Store

    report = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "UNMISET_S_2003_449.txt"
    book = load_default_codebook()
    bundled = _own_validation_run(monkeypatch)
    with Store.open(tmp_path / "p.db") as store:
        ingest_paths(store, [report])
        keys = [r["key"] for r in store.conn.execute(
            "SELECT key FROM paragraphs WHERE kind = 'numbered' ORDER BY ord LIMIT 30"
        )]  # fmt: skip
        assert len(keys) == 30 == MIN_LABELLED
        assert unit_genres(store, [keys[0], "S/RES/1 (1946)/op1"]) == {keys[0]: "report"}
        assert code_validity(store, book.name)["poc"].reports == bundled.reports is not None
        for n, key in enumerate(keys, start=1):
            store.conn.execute(
                "INSERT INTO coding_reviews (at, coder, codebook, codebook_version, level, "
                "unit_key) VALUES ('now', 'ana', ?, ?, 'unit', ?)",
                (book.name, book.version, key),
            )
            if n in (1, 29):  # fewer than 30 labelled report paragraphs: the bundled one stands
                assert code_validity(store, book.name)["poc"].reports == bundled.reports
        own_only = code_validity(store, book.name)["poc"]
        assert own_only.reports is None and own_only.for_text("report") == ("", own_only)
        assert own_only.speeches == bundled.speeches is not None


def test_a_recall_below_the_threshold_on_the_mandate_pool_flags_the_code() -> None:
    """The frames set's test part is not the only measurement on resolutions: a default code
    also carries its frame's weighted estimate on the mandate-resolution pool (``pool``), and
    a recall (or, for one passage, a precision) below the thresholds there flags it, as a new
    user expected when a first use read "validated" beside a pool recall of 0.52."""
    from normtrace.coding.validity import POOL_STRATUM, CodeValidity, code_validity

    pool = CodeValidity("c", precision=0.6, recall=0.52, n=2564, source="pool")
    v = CodeValidity("c", precision=0.9, recall=0.9, n=1330, source="set", pool=pool)
    assert v.flag() == "recall 0.52 < 0.7 on mandate paragraphs (weighted estimate)"
    assert v.passage_flag().endswith("; precision 0.60 < 0.7 on mandate paragraphs")
    assert CodeValidity("c", precision=0.9, recall=0.9, n=1330, source="set").validated
    book = load_default_codebook()
    validity = code_validity(None, book.name)
    score = json.loads((FOLDER / "check9" / "score.json").read_text(encoding="utf-8"))
    part = score["strata"][POOL_STRATUM]
    for frame, codes in book.frame_codes().items():
        for code in codes:
            there = validity[code].pool
            assert there is not None and there.recall == (
                part["frames"][frame]["recall"] if part["frames"][frame]["gold"] else None
            )
            low = there.recall is not None and there.recall < 0.7
            assert ("on mandate paragraphs" in validity[code].flag()) is low


def test_the_report_pool_covers_every_numbered_report_paragraph_once() -> None:
    """check12's whole-pool estimate joins only the earlier samples' report strata
    (``combine_strata``): 540 read report paragraphs and the 215 drawn stand for the 3,668
    numbered paragraphs of the 53 reports, each once (a misspelled stratum would shrink it)."""
    meta = json.loads((FOLDER / "check12" / "drawn.json").read_text(encoding="utf-8"))
    keep = set(meta["combine_strata"])
    earlier = [
        r
        for n in meta["combine_with"]
        for r in (json.loads(x) for x in (FOLDER / n / "check.jsonl").read_text().splitlines())
        if r["stratum"] in keep
    ]
    drawn = [json.loads(x) for x in (FOLDER / "check12" / "check.jsonl").read_text().splitlines()]
    assert len(earlier) == 540 and len(drawn) == 215
    assert not {r["key"] for r in earlier} & {r["key"] for r in drawn}
    part = json.loads((FOLDER / "check12" / "score.json").read_text())["strata"]["report-pool"]
    assert part["paragraphs"] == 755 and part["pool"] == 3668 and part["clean"] is False


def _own_validation_run(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make a project's latest `code validate` run of the default codebook one that measured
    ``poc`` on 60 units (synthetic figures); returns the bundled measurement of ``poc``."""
    from normtrace.coding.learn import validate as learn_validate
    from normtrace.coding.learn.scores import CodeScore
    from normtrace.coding.validity import code_validity

    book = load_default_codebook()
    own = CodeScore("poc", "dictionary", 60, 20, 18, 2, 2, 0.9, 0.7, 0.97, 0.9, 0.7, 0.97,
                    0.9, 0.8, 0.95)  # fmt: skip
    run = learn_validate.Validation(7, book.name, book.version, "unit", "now", [own])
    monkeypatch.setattr(learn_validate, "latest_validation", lambda store, name, level=None: run)
    monkeypatch.setattr(learn_validate, "validations", lambda store, name, level=None: iter([run]))
    return code_validity(None, book.name)["poc"]
