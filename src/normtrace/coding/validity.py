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
check sample of the 2020 debates). Speeches are not resolutions: the same dictionary does far
worse on them, so a default code carries that second measurement (``speeches``) and whatever
rests on a speech is judged by it (:meth:`CodeValidity.on_speech`).

>>> v = CodeValidity("poc", precision=0.9, recall=0.65, n=40, source="frames set")
>>> v.validated, v.flag()
(False, 'recall 0.65 < 0.7')
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from normtrace.store.db import Store

MIN_LABELLED = 30
MIN_RECALL = 0.7
#: a single coded passage (a first use) is trusted only when the code's precision reaches this
MIN_PRECISION = 0.7
DEFAULT_BOOK = "stability-operations"


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

    @property
    def validated(self) -> bool:
        return self.flag() == ""

    def flag(self) -> str:
        """Why the code is unvalidated ("" when it is validated)."""
        if not self.source:
            return "never measured"
        if self.n < MIN_LABELLED:
            return f"{self.n} labelled units < {MIN_LABELLED}"
        if self.recall is None:
            return "recall unmeasured (no labelled positive)"
        if self.recall < MIN_RECALL:
            return f"recall {self.recall:.2f} < {MIN_RECALL}"
        return ""

    def passage_flag(self) -> str:
        """Why one coded passage of the code (a first use) cannot be taken as a use of it
        ("" when it can): the code's flag, or a precision below :data:`MIN_PRECISION`."""
        why = [self.flag()] if self.flag() else []
        if self.precision is not None and self.precision < MIN_PRECISION:
            why.append(f"precision {self.precision:.2f} < {MIN_PRECISION}")
        return "; ".join(why)

    def status(self) -> str:
        """``validated`` or ``unvalidated: <why>``."""
        return f"unvalidated: {self.flag()}" if self.flag() else "validated"

    def on_speech(self) -> CodeValidity:
        """The measurement that holds for a passage of a speech: the speech one, if any."""
        return self.for_text(True)[1]

    def for_text(self, speech: bool) -> tuple[str, CodeValidity]:
        """The measurement that holds for a passage, and how to name it: ``("on speeches: ",
        the speech measurement)`` for a speech when there is one, else ``("", self)``."""
        if speech and self.speeches is not None:
            return "on speeches: ", self.speeches
        return "", self

    def describe(self) -> str:
        """``P 0.91 [0.80, 0.96] · R 0.85 [0.74, 0.92] · n 120`` plus the flag, if any, and
        then the measurement on speeches, if any (``; on speeches: P … — unvalidated there: …``)."""
        if not self.source:
            return "unvalidated: never measured (run `normtrace code validate`)"
        text = self._numbers()
        if self.flag():
            text += f" — unvalidated: {self.flag()}"
        if self.speeches is not None:
            there = self.speeches
            text += f"; on speeches: {there._numbers()}"
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
        }


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
    ("report", "Secretary-General's reports"),
    ("report-unscreened", "unscreened paragraphs of Secretary-General's reports"),
)
#: The check stratum that measures the default codebook on speeches (a weighted estimate of
#: the Council's 2020 speeches, each speech whole).
SPEECH_STRATUM = "speech-pool"


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


def _on_speeches(code: str, frame: str, version: str | None) -> CodeValidity | None:
    """``code`` measured on speeches: its frame's weighted estimate on the newest check sample
    of the 2020 speeches that scores ``version`` (``None`` when none does). Recall is ``None``
    when no labelled speech carries the frame (nothing to find)."""
    newest = _newest_part(frame, version, SPEECH_STRATUM)
    if newest is None:
        return None
    clean, sample, part = newest
    s = part["frames"][frame]
    note = f"; {part['note']}" if part.get("note") else ""
    found = bool(s["gold"])
    coded = bool(s.get("tp", 0) + s.get("fp", 0))
    (pl, ph), (rl, rh) = s["precision_95ci"], s["recall_95ci"]
    # precision from strata whose coded speeches were all labelled has no sampling interval;
    # that they are all of them holds only for the version the sample was drawn with
    exact = coded and pl == ph
    census = exact and clean
    where = _where(clean, sample, part, "speeches")
    return CodeValidity(
        code,
        precision=s["precision"] if coded else None,
        recall=s["recall"] if found else None,
        n=int(part.get("paragraphs", 0)),
        source=(f"the Council's 2020 speeches, each speech whole ({where}, weighted "
                f"estimate{note}), frame {frame} ({s['gold']} positive"
                + ("; precision over every speech it codes, all labelled" if census else "")
                + ("; precision over the labelled speeches it codes, with no interval: it may "
                   "code others the samples lack" if exact and not census else "")
                + ")"),
        precision_low=pl if coded and not exact else None,
        precision_high=ph if coded and not exact else None,
        recall_low=rl if found else None,
        recall_high=rh if found else None,
    )  # fmt: skip


def _from_frames_score(
    score: dict[str, Any], frames: dict[str, tuple[str, ...]]
) -> dict[str, CodeValidity]:
    out: dict[str, CodeValidity] = {}
    where = (f"frames set ({score.get('split')} part, {score.get('paragraphs')} paragraphs of "
             "Council resolutions)")  # fmt: skip
    for frame, s in score.get("frames", {}).items():
        caveat = _on_check_samples(frame, score.get("version"))
        there = _on_speeches(frame, frame, score.get("version"))  # once per frame
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
                speeches=None if there is None else replace(there, code=code),
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
    store: Store | None, codebook: str, version: str | None = None
) -> dict[str, CodeValidity]:
    """The measured error of each code of ``codebook`` (version ``version``, else the latest).

    Codes without a measurement are absent: callers show them as unvalidated.
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
                    code: replace(v, source=v.source + note, speeches=_noted(v.speeches, note))
                    for code, v in _from_frames_score(score, default.frame_codes()).items()
                })  # fmt: skip
    if store is not None:
        from normtrace.coding.learn.validate import latest_validation

        validation = latest_validation(store, codebook)
        speeches_labelled: bool | None = None
        if validation is not None and (version is None or validation.codebook_version == version):
            for s in validation.scores:
                if s.method != "dictionary":
                    continue
                bundled = out.get(s.code)
                if speeches_labelled is None:
                    speeches_labelled = _labels_speeches(store, codebook)
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
                    # the project's run measures its own labels: when they hold speeches it
                    # is the measurement for speeches too; when they hold none, the bundled
                    # one still says what the default dictionary does on speeches
                    speeches=(
                        bundled.speeches if bundled is not None and not speeches_labelled else None
                    ),
                )
    return out


def _labels_speeches(store: Store, codebook: str) -> bool:
    """Whether the project's coders labelled any speech for ``codebook`` (a coding, verdict
    or review mark on a speech): then its own validation measures speeches too."""
    from normtrace.coding.units import has_table

    if not has_table(store, "speeches"):
        return False
    if (
        has_table(store, "coding_reviews")
        and store.conn.execute(
            "SELECT 1 FROM coding_reviews r JOIN speeches s ON s.key = r.unit_key "
            "WHERE r.codebook = ? LIMIT 1",
            (codebook,),
        ).fetchone()
    ):
        return True
    return bool(
        store.conn.execute(
            "SELECT 1 FROM coding_events e JOIN speeches s ON s.key = e.unit_key "
            "WHERE e.action IN ('code', 'verdict') AND e.code IN (SELECT c.code FROM codes c "
            "JOIN codebooks b ON b.id = c.codebook_id WHERE b.name = ?) LIMIT 1",
            (codebook,),
        ).fetchone()
    )


def _noted(v: CodeValidity | None, note: str) -> CodeValidity | None:
    return None if v is None else replace(v, source=v.source + note)


def project_validity(store: Store) -> dict[str, CodeValidity]:
    """Measured error of every code of every codebook in the project, by code id.

    A code id used by two codebooks takes the measurement of the newest registered one.
    """
    out: dict[str, CodeValidity] = {}
    rows = store.conn.execute(
        "SELECT name, version FROM codebooks "
        "WHERE id IN (SELECT max(id) FROM codebooks GROUP BY name) ORDER BY id"
    ).fetchall()
    for row in rows:
        out.update(code_validity(store, row["name"], row["version"]))
    return out
