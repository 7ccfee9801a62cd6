"""How far each code can be trusted: its measured precision and recall, or "unvalidated".

Every indicator and evidence item built on a code carries the code's measured error. Two
measurements count, the project's own first:

1. the newest ``normtrace code validate`` run of the code's codebook in this project (the
   dictionary's precision and recall against the project's human codings: the dictionary
   is what puts candidates into the counts);
2. for the bundled default codebook, its score on the bundled human-labelled frames set
   (``normtrace/data/validation/frames/score.json``, the ``test`` part; written by
   ``normtrace eval frames --split test --json``) — valid only for the codebook version it
   was measured on, and per frame, so each code of a frame carries its frame's score.

A code is *validated* when at least :data:`MIN_LABELLED` human-labelled units stand behind
its score and its recall is at least :data:`MIN_RECALL`; otherwise it is flagged.

The bundled default codebook is also measured on the Council's speeches (whole speeches, a
check sample of the 2020 debates) and on the Secretary-General's reports (numbered paragraphs of
the 53 reports in ``../shared``). Speeches and reports are not resolutions: the same dictionary
does differently on them, so a default code carries those measurements too (``speeches``,
``reports``) and whatever rests on a speech or a report paragraph is judged by the one of its
genre (:meth:`CodeValidity.for_text`, the genre from :func:`normtrace.coding.units.genre`).
So does a paragraph of a resolution adopted before 1999 (``early``): the frames set and every
entry are of 1999-2015, and the Council's older wording is measured apart (a check sample of
the resolutions of 1975-1998 naming a peace operation).

>>> v = CodeValidity("poc", precision=0.9, recall=0.65, n=40, source="frames set")
>>> v.validated, v.flag()
(False, 'recall 0.65 < 0.7')
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from normtrace.store.db import Store

MIN_LABELLED = 30
#: a recall measured on fewer labelled positives than this cannot show the threshold: with
#: 10 positives all found, the Wilson 95 % interval of recall starts at 0.72 (above
#: :data:`MIN_RECALL`); with 9 at 0.70. The positives of the code's pool estimate count too.
MIN_POSITIVES = 10
MIN_RECALL = 0.7
#: a single coded passage (a first use) is trusted only when the code's precision reaches this
MIN_PRECISION = 0.7
DEFAULT_BOOK = "stability-operations"
#: the pool of resolution paragraphs whose estimate (``CodeValidity.pool``) also flags a code
POOL_NAME = "mandate paragraphs"
POOL_STRATUM = "mandate-pool"
#: how a measurement on a genre of text is named
GENRE_LABEL = {"speech": "on speeches", "report": "on reports",
               "early": "on resolutions before 1999"}  # fmt: skip


@dataclass(frozen=True)
class CodeValidity:
    """The measured error of one code, and where the measurement comes from."""

    code: str
    precision: float | None = None
    recall: float | None = None
    n: int = 0
    source: str = ""
    precision_low: float | None = None
    precision_high: float | None = None
    recall_low: float | None = None
    recall_high: float | None = None
    #: the same code measured on Council speeches, when it has been (``None`` otherwise)
    speeches: CodeValidity | None = None
    #: the same code measured on the Secretary-General's reports, when it has been
    reports: CodeValidity | None = None
    #: the same code measured on resolutions of other years (1975-1998), when it has been: the
    #: frames set and the entries are of 1999-2015
    early: CodeValidity | None = None
    #: how many labelled units carry the code (its frame), when known: recall rests on them
    positives: int | None = None
    #: the same code's estimate on a whole pool of resolution paragraphs (the non-reserved
    #: mandate resolutions; a weighted estimate from a stratified check sample), when there is
    #: one: a recall or precision below the thresholds there flags the code too
    pool: CodeValidity | None = None
    #: the frame whose coding was measured, when the code shares its frame's measurement with
    #: the frame's other codes (the bundled frames set); ``""`` when the code itself was measured
    frame: str = ""

    @property
    def validated(self) -> bool:
        return self.flag() == ""

    def flag(self) -> str:
        """Why the code is unvalidated ("" when it is validated)."""
        if not self.source:
            return "never measured"
        if self.n < MIN_LABELLED:
            what = "paragraphs" if "(paragraph level)" in self.source else "units"
            return f"{self.n} labelled {what} < {MIN_LABELLED}"
        if self.recall is None:
            return "recall unmeasured (no labelled positive)"
        if self.recall < MIN_RECALL:
            return f"recall {_below(self.recall, MIN_RECALL)} < {MIN_RECALL}"
        behind = (self.positives or 0) + ((self.pool.positives or 0) if self.pool else 0)
        if self.positives is not None and behind < MIN_POSITIVES:
            return f"recall rests on {behind} labelled positives < {MIN_POSITIVES}"
        there = self.pool
        if there is not None and there.recall is not None and there.recall < MIN_RECALL:
            return (
                f"recall {_below(there.recall, MIN_RECALL)} < {MIN_RECALL} on {POOL_NAME} "
                "(weighted estimate)"
            )
        return ""

    def passage_flag(self) -> str:
        """Why one coded passage of the code (a first use) cannot be taken as a use of it
        ("" when it can): the code's flag, or a precision below :data:`MIN_PRECISION`."""
        why = [self.flag()] if self.flag() else []
        if self.precision is not None and self.precision < MIN_PRECISION:
            why.append(f"precision {_below(self.precision, MIN_PRECISION)} < {MIN_PRECISION}")
        elif (
            self.pool is not None
            and self.pool.precision is not None
            and self.pool.precision < MIN_PRECISION
        ):
            why.append(
                f"precision {_below(self.pool.precision, MIN_PRECISION)} < {MIN_PRECISION} "
                f"on {POOL_NAME}"
            )
        return "; ".join(why)

    def status(self) -> str:
        """``validated`` or ``unvalidated: <why>``."""
        return f"unvalidated: {self.flag()}" if self.flag() else "validated"

    def for_text(self, genre: str) -> tuple[str, CodeValidity]:
        """The measurement that holds for a passage of ``genre`` (``speech``, ``report``, else
        a resolution or other document: :func:`normtrace.coding.units.genre`), and how to name
        it: ``("on speeches: ", the speech measurement)`` for a speech when there is one,
        ``("on reports: ", the report measurement)`` for a report paragraph, ``("on
        resolutions before 1999: ", ...)`` for a paragraph of one (``early``), else
        ``("", self)``."""
        there = {"speech": self.speeches, "report": self.reports, "early": self.early}.get(genre)
        if there is not None:
            return GENRE_LABEL[genre] + ": ", there
        return "", self

    def passage_trust(self, genre: str = "") -> str:
        """How far one coded passage of ``genre`` (a first use) can be taken as a use of the
        code, by the measurement for that genre: ``validated`` or ``unvalidated: <why>``,
        prefixed with the genre's name when it has its own (``on speeches: ...``)."""
        where, v = self.for_text(genre)
        why = v.passage_flag()
        return where + (f"unvalidated: {why}" if why else "validated")

    def describe(self) -> str:
        """``P 0.91 [0.80, 0.96] · R 0.85 [0.74, 0.92] · n 120`` plus the flag, if any, and
        then the measurements on speeches and reports, if any (``; on speeches: P … —
        unvalidated there: …``)."""
        if not self.source:
            return "unvalidated: never measured (run `normtrace code validate`)"
        text = self._numbers()
        if self.pool is not None and self.pool.recall is not None:  # the pool beside the set
            text += f" (on {POOL_NAME}: {self.pool._numbers()})"
        if self.flag():
            text += f" — unvalidated: {self.flag()}"
        for genre in GENRE_LABEL:
            where, there = self.for_text(genre)
            if where:
                text += f"; {where}{there._numbers()}"
                if there.flag():
                    text += f" — unvalidated there: {there.flag()}"
        return text

    def _numbers(self) -> str:
        p = f"P {_num(self.precision)} {_ci(self.precision_low, self.precision_high)}".rstrip()
        r = f"R {_num(self.recall)} {_ci(self.recall_low, self.recall_high)}".rstrip()
        return f"{p} · {r} · n {self.n}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "precision": self.precision,
            "precision_95ci": [self.precision_low, self.precision_high],
            "recall": self.recall,
            "recall_95ci": [self.recall_low, self.recall_high],
            "n": self.n,
            "source": self.source,
            "validated": self.validated,
            "flag": self.flag(),
            "speeches": None if self.speeches is None else self.speeches.to_dict(),
            "reports": None if self.reports is None else self.reports.to_dict(),
            "early": None if self.early is None else self.early.to_dict(),
            "labelled_positives": self.positives,
            "mandate_pool": None if self.pool is None else self.pool.to_dict(),
            "measured_as_frame": self.frame or None,
        }


def first_use_trust(
    measured: CodeValidity, genre: str, *, member: CodeValidity | None = None, checked_by: str = ""
) -> str:
    """How far one first use (a coded passage) holds: a passage coders coded or accepted is
    their reading (``checked by ana``); else the dictionary's measurement of the code asked
    for, or, when that was never measured (a frame whose codes differ), of the ``member`` code
    that found it, for the passage's ``genre`` (:meth:`CodeValidity.passage_trust`)."""
    if checked_by:
        return f"checked by {checked_by}"
    if not measured.source and member is not None:
        measured = member
    return measured.passage_trust(genre)


def _below(x: float, threshold: float) -> str:
    """``x`` (below ``threshold``) with the decimals that show it is below: ``0.52``, but
    ``0.699`` rather than a ``0.70`` that reads as the threshold itself.

    >>> _below(0.52, 0.7), _below(0.6997, 0.7)
    ('0.52', '0.6997')
    """
    for places in (2, 3, 4):
        if round(x, places) < threshold:
            return f"{x:.{places}f}"
    return repr(x)


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _ci(low: float | None, high: float | None) -> str:
    return "" if low is None or high is None else f"[{low:.2f}, {high:.2f}]"


@functools.cache
def _bundled(*parts: str) -> dict[str, Any] | None:
    path = resources.files("normtrace.data") / "validation" / "frames"
    for part in parts:
        path = path / part
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def bundled_frames_score() -> dict[str, Any] | None:
    """The default codebook's stored score on the bundled frames set (``None`` if absent).
    Read once per process (a bundled file); callers must not modify the result."""
    return _bundled("score.json")


#: The bundled check samples, newest first: each drawn before the codebook revision it judges.
CHECK_SAMPLES = (
    "check15",
    "check14",
    "check13",
    "check12",
    "check11",
    "check10",
    "check9",
    "check8",
    "check7",
    "check6",
    "check5",
    "check4",
    "check3",
    "check2",
    "check",
)


def check_set_name(sample: str) -> str:
    """How a measurement names a bundled check sample: ``check set`` (the first),
    ``check set 4`` (``check4``)."""
    return "check set" if sample == "check" else f"check set {sample.removeprefix('check')}"


def bundled_check_score(sample: str = "check") -> dict[str, Any] | None:
    """The default codebook's stored score on a bundled check sample (``check``: the first,
    ``check2``, ``check3``: the later ones), per stratum (``all`` and the sample's strata, e.g.
    ``resolution``, ``mandate``, ``report``; ``None`` if absent). Read once per process."""
    return _bundled(sample, "score.json")


#: The check strata a measurement's source reports beside the frames set's test part: the
#: stratum's name in ``score.json`` and how the source names its paragraphs.
CHECK_STRATA = (
    ("mandate-pool", "the unlabelled paragraphs of non-reserved mandate resolutions"),
    ("mandate", "paragraphs of peace-operation mandate resolutions"),
)
#: The check stratum that measures the default codebook on speeches (a weighted estimate of
#: the Council's 2020 speeches, each speech whole).
SPEECH_STRATUM = "speech-pool"
#: The check stratum that measures it on the Secretary-General's reports (a weighted estimate of
#: the numbered paragraphs of the 53 reports in ``../shared``).
REPORT_STRATUM = "report-pool"
#: The check stratum that measures it on resolutions of other years (a weighted estimate of the
#: paragraphs of the resolutions of 1975-1998 naming a peace operation; no entry was written on
#: them).
EARLY_STRATUM = "other-pool"
#: genre -> (its check stratum, what the measurement is of, what its units are called)
GENRE_POOLS = {
    "speech": (SPEECH_STRATUM, "the Council's 2020 speeches, each speech whole", "speeches"),
    "report": (REPORT_STRATUM, "the numbered paragraphs of 53 reports on Haiti, Timor-Leste "
               "and Iraq-Kuwait of 2003-2015 (49 of the Secretary-General, 4 of Security Council "
               "missions)", "paragraphs"),
    "early": (EARLY_STRATUM, "the paragraphs of the resolutions of 1975-1998 naming a peace "
              "operation (other years)", "paragraphs"),
}  # fmt: skip
#: every pool a default code carries an estimate on: the genres', and the resolution pool
#: whose estimate stands beside the frames set's (``CodeValidity.pool``)
_POOLS = {
    **GENRE_POOLS,
    "mandate": (POOL_STRATUM, "the paragraphs of the non-reserved peace-operation mandate "
                "resolutions of 1999-2015", "paragraphs"),
}  # fmt: skip


def _newest_part(
    frame: str, version: str | None, stratum: str
) -> tuple[bool, str, dict[str, Any]] | None:
    """The newest check sample scoring ``version`` on ``stratum`` that is a clean measurement
    (frozen before its labels were seen, ``clean`` in its ``score.json``, and the stratum not
    partly read while revising: no ``"clean": false`` on it), else the newest one:
    ``(clean, sample, part)``, or ``None``."""
    found: list[tuple[bool, str, dict[str, Any]]] = []
    for sample in CHECK_SAMPLES:
        check = bundled_check_score(sample)
        if check is None or check.get("version") != version:
            continue
        part = check.get("strata", {}).get(stratum, {})
        if frame in part.get("frames", {}):  # a stratum partly read while revising never is
            found.append((bool(check.get("clean")) and part.get("clean", True), sample, part))
    if not found:
        return None
    return next((f for f in found if f[0]), found[0])


def _where(clean: bool, sample: str, part: dict[str, Any], unit: str) -> str:
    """``check set 9, 2564 of its 3221 paragraphs labelled`` (``, read while revising``)."""
    size = (
        f"{part.get('paragraphs')} of its {part['pool']} {unit} labelled"
        if part.get("pool")
        else f"{part.get('paragraphs')} {unit}"
    )
    return f"{check_set_name(sample)}, {size}" + ("" if clean else ", read while revising")


def _on_stratum(frame: str, version: str | None, stratum: str, what: str) -> str:
    """What a check sample holding ``stratum`` says of ``frame`` there, as a clause of a
    measurement's source ('' when no check sample scores this codebook version there): the
    newest sample that is a clean measurement of the version (frozen before its labels were
    seen, ``clean`` in its ``score.json``), else the newest one, named as read while revising."""
    newest = _newest_part(frame, version, stratum)
    if newest is None:
        return ""
    clean, sample, part = newest
    s = part["frames"][frame]
    where = _where(clean, sample, part, "paragraphs")
    if not s["gold"]:
        return f"; not measured on {what} ({where}: no positive)"
    p, r, n = _num(s["precision"]), _num(s["recall"]), s["gold"]
    if part.get("weighted"):  # a stratified sample's estimate of the pool it was drawn from
        note = f"; {part['note']}" if part.get("note") else ""
        return (f"; on {what} ({where}, weighted estimate{note}): precision {p}, recall {r} "
                f"{_ci(*s['recall_95ci'])} ({n} positive labelled)")  # fmt: skip
    return f"; on {what} ({where}): precision {p}, recall {r} ({n} positive)"


def _on_check_samples(frame: str, version: str | None) -> str:
    """The clauses of every check stratum (see ``CHECK_STRATA``) for ``frame``."""
    return "".join(_on_stratum(frame, version, stratum, what) for stratum, what in CHECK_STRATA)


def _on_pool(code: str, frame: str, version: str | None, pool: str) -> CodeValidity | None:
    """``code`` measured on a pool of text (``_POOLS``: a genre, or the mandate resolutions):
    its frame's weighted estimate on the newest check sample of that pool that scores
    ``version`` (``None`` when none does). Recall is ``None`` when no labelled unit carries the
    frame (nothing to find)."""
    stratum, what, unit = _POOLS[pool]
    newest = _newest_part(frame, version, stratum)
    if newest is None:
        return None
    clean, sample, part = newest
    s = part["frames"][frame]
    note = f"; {part['note']}" if part.get("note") else ""
    found = bool(s["gold"])
    coded = bool(s.get("tp", 0) + s.get("fp", 0))
    (pl, ph), (rl, rh) = s["precision_95ci"], s["recall_95ci"]
    # precision from strata whose coded units were all labelled has no sampling interval;
    # that they are all of them holds only for the version the sample was drawn with
    exact = coded and pl == ph
    # a sample scoring the version it was drawn for (even combined with read samples, whose
    # paragraphs are all labelled) holds every unit that version codes
    census = exact and bool((bundled_check_score(sample) or {}).get("clean"))
    where = _where(clean, sample, part, unit)
    return CodeValidity(
        code,
        precision=s["precision"] if coded else None,
        recall=s["recall"] if found else None,
        n=int(part.get("paragraphs", 0)),
        source=(f"{what} ({where}, weighted estimate{note}), frame {frame} ({s['gold']} "
                "positive"
                + (f"; precision over every one of the {unit} it codes, all labelled"
                   if census else "")
                + (f"; precision over the labelled {unit} it codes, with no interval: it may "
                   "code others the samples lack" if exact and not census else "")
                + ")"),
        precision_low=pl if coded and not exact else None,
        precision_high=ph if coded and not exact else None,
        recall_low=rl if found else None,
        recall_high=rh if found else None,
        positives=int(s["gold"]),
        frame=frame,
    )  # fmt: skip


def _from_frames_score(
    score: dict[str, Any], frames: dict[str, tuple[str, ...]]
) -> dict[str, CodeValidity]:
    out: dict[str, CodeValidity] = {}
    where = (f"frames set ({score.get('split')} part, {score.get('paragraphs')} paragraphs of "
             "Council resolutions)")  # fmt: skip
    for frame, s in score.get("frames", {}).items():
        caveat = _on_check_samples(frame, score.get("version"))
        # once per frame, renamed per code
        speeches = _on_pool(frame, frame, score.get("version"), "speech")
        reports = _on_pool(frame, frame, score.get("version"), "report")
        early = _on_pool(frame, frame, score.get("version"), "early")
        pool = _on_pool(frame, frame, score.get("version"), "mandate")
        (pl, ph), (rl, rh) = s["precision_95ci"], s["recall_95ci"]
        for code in frames.get(frame, ()):
            out[code] = CodeValidity(
                code,
                precision=s["precision"],
                recall=s["recall"],
                n=int(score.get("paragraphs", 0)),
                source=f"{where}, frame {frame} ({s['gold']} positive){caveat}",
                precision_low=pl,
                precision_high=ph,
                recall_low=rl,
                recall_high=rh,
                speeches=None if speeches is None else replace(speeches, code=code),
                reports=None if reports is None else replace(reports, code=code),
                early=None if early is None else replace(early, code=code),
                pool=None if pool is None else replace(pool, code=code),
                positives=int(s["gold"]),
                frame=frame,
            )
    return out


def _matches(store: Store, codebook: str, version: str, matching: str) -> bool:
    """Whether version ``version`` of ``codebook`` codes what ``matching`` codes."""
    from normtrace.coding.dictionary.apply import stored_codebook
    from normtrace.errors import NotFoundError

    try:
        return stored_codebook(store, codebook, version).matching == matching
    except NotFoundError:
        return False


def code_validity(
    store: Store | None, codebook: str, version: str | None = None, *, level: str | None = None
) -> dict[str, CodeValidity]:
    """The measured error of each code of ``codebook`` (version ``version``, else the latest).

    ``level``: the project's own validation at that level (what is counted: units or whole
    paragraphs, whose numbers differ), else its latest at any level (the codebook page,
    which names the level). Codes without a measurement are absent: callers show them as
    unvalidated.
    """
    from normtrace.coding.exchange.yamlio import load_default_codebook

    out: dict[str, CodeValidity] = {}
    if codebook == DEFAULT_BOOK:
        default = load_default_codebook()
        score = bundled_frames_score()
        if score is not None and score.get("version") == default.version:
            if version is None or version == default.version:
                out.update(_from_frames_score(score, default.frame_codes()))
            elif store is not None and _matches(store, codebook, version, default.matching):
                # edited in prose only (names, definitions): it codes the same passages
                note = (f"; measured for version {default.version}, which codes the same "
                        f"passages as {version}")  # fmt: skip
                out.update({
                    code: replace(v, source=v.source + note, speeches=_noted(v.speeches, note),
                                  reports=_noted(v.reports, note), pool=_noted(v.pool, note),
                                  early=_noted(v.early, note))
                    for code, v in _from_frames_score(score, default.frame_codes()).items()
                })  # fmt: skip
    if store is not None:
        from normtrace.coding.learn.validate import latest_validation

        validation = latest_validation(store, codebook, level=level)
        labelled: dict[str, bool] = {}
        if validation is not None and (version is None or validation.codebook_version == version):
            for s in validation.scores:
                if s.method != "dictionary":
                    continue
                bundled = out.get(s.code)
                if not labelled:
                    labelled = _labelled_genres(store, codebook)
                out[s.code] = CodeValidity(
                    s.code,
                    precision=s.precision,
                    recall=s.recall,
                    n=s.n,
                    source=f"validation run {validation.run_id} ({validation.level} level)",
                    precision_low=s.precision_low,
                    precision_high=s.precision_high,
                    recall_low=s.recall_low,
                    recall_high=s.recall_high,
                    # the project's run measures its own labels: when they hold speeches
                    # (report paragraphs) it is the measurement for them too; when they hold
                    # none, the bundled one still says what the default dictionary does there
                    speeches=(
                        bundled.speeches if bundled is not None and not labelled["speech"] else None
                    ),
                    reports=(
                        bundled.reports if bundled is not None and not labelled["report"] else None
                    ),
                    early=(
                        bundled.early if bundled is not None and not labelled["early"] else None
                    ),
                )
    return out


def group_validity(measured: dict[str, CodeValidity], codes: list[str]) -> CodeValidity:
    """The measured error of ``codes[0]``, a code or a frame or group of ``codes[1:]``: its own
    when it has one; else, for a frame or group, its members' when they all carry the same one
    (the codes of one frame share their frame's); else "never measured"."""
    group, members = codes[0], codes[1:]
    if not members or group in measured:
        return measured.get(group, CodeValidity(group))
    found = {renamed(measured.get(c, CodeValidity(c)), group) for c in members}
    return found.pop() if len(found) == 1 else CodeValidity(group)


def renamed(v: CodeValidity, code: str) -> CodeValidity:
    """``v`` as the measurement of ``code`` (its nested measurements too: on speeches, on
    reports, on the mandate pool)."""

    def named(there: CodeValidity | None) -> CodeValidity | None:
        return None if there is None else replace(there, code=code)

    return replace(v, code=code, speeches=named(v.speeches), reports=named(v.reports),
                   pool=named(v.pool), early=named(v.early))  # fmt: skip


#: how many units of a genre a project's coders must label before their own validation run
#: replaces the bundled measurement on that genre
MIN_GENRE_LABELLED = MIN_LABELLED


def _labelled_genres(store: Store, codebook: str) -> dict[str, bool]:
    """For each genre (speech, report paragraph), whether the project's coders labelled at
    least :data:`MIN_GENRE_LABELLED` units of it for ``codebook`` (a coding, verdict or review
    mark on each): then its own validation measures that genre too. Fewer leave the bundled
    measurement of the genre standing."""
    from normtrace.coding.units import unit_genres

    keys = [str(r[0]) for r in store.conn.execute(
        "SELECT unit_key FROM current_done_marks WHERE codebook = ? UNION "
        "SELECT unit_key FROM coding_events WHERE action IN ('code', 'verdict') AND code IN "
        "(SELECT c.code FROM codes c JOIN codebooks b ON b.id = c.codebook_id WHERE b.name = ?)",
        (codebook, codebook),
    )]  # fmt: skip
    counts = Counter(unit_genres(store, keys).values())
    return {genre: counts[genre] >= MIN_GENRE_LABELLED for genre in GENRE_POOLS}


def _noted(v: CodeValidity | None, note: str) -> CodeValidity | None:
    return None if v is None else replace(v, source=v.source + note)


def project_validity(store: Store, *, level: str = "unit") -> dict[str, CodeValidity]:
    """Measured error of every code of every codebook in the project, by code id, for counts
    at ``level`` (the project's validation runs at that level; one at the other level
    measured other targets).

    A code id used by two codebooks takes the measurement of the first registered one, the
    codebook a coding of it is work for when none is named
    (:func:`~normtrace.coding.human.books.coding_codebooks`).
    """
    out: dict[str, CodeValidity] = {}
    rows = store.conn.execute(  # the first registered last, so that its measurement stands
        "SELECT name, version FROM codebooks b WHERE id IN (SELECT id FROM current_codebooks) "
        "ORDER BY (SELECT min(f.id) FROM codebooks f WHERE f.name = b.name) DESC"
    ).fetchall()
    for row in rows:
        out.update(code_validity(store, row["name"], row["version"], level=level))
    return out
