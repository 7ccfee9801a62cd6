"""How far each code can be trusted: which measured error (:mod:`normtrace.coding.measured_error`)
each code carries, by one rule that every surface uses (``freq``, ``first``, the case report,
the web app's codebook page): :func:`code_validity` (:func:`project_validity` for every
codebook of the project).

Every indicator and evidence item built on a code carries the code's measured error. Two
measurements count, the project's own first:

1. the project's ``normtrace code validate`` runs of the code's codebook (the dictionary's
   precision and recall against the project's human codings: the dictionary is what puts
   candidates into the counts), at the level being counted (``unit``: stored units, what the
   case report, ``first`` and ``freq`` count by default; ``paragraph``: whole paragraphs with
   their sub-paragraphs, ``freq --level paragraph``): for each code, the newest run that
   labelled at least one target of it. A run that labelled none of a code (its coders marked
   other codes only) replaces nothing: the code keeps its earlier measurement, and its source
   says which newer run did not measure it. When no run at the level being counted labelled
   the code, the newest run at the other level that did stands, its source saying so (the
   bundled frames set is of whole paragraphs too);
2. for the bundled default codebook, its score on the bundled human-labelled frames set
   (``normtrace/data/validation/frames/score.json``, the ``test`` part; written by
   ``normtrace eval frames --split test --json``) — valid only for the codebook version it
   was measured on (or one that codes the same passages, edited in prose only), and per
   frame, so each code of a frame carries its frame's score. A project whose codings are of
   a version that codes otherwise (an earlier default codebook) does not get it: each code
   it measured stays unvalidated, saying which version was measured and the command that
   re-codes with it (:class:`~normtrace.coding.measured_error.OtherVersion`), not "never
   measured".

The bundled default codebook is also measured on the Council's speeches (whole speeches, a
check sample of the 2020 debates) and on the Secretary-General's reports (numbered paragraphs of
the 53 reports in ``../shared``). Speeches and reports are not resolutions: the same dictionary
does differently on them, so a default code carries those measurements too (``speeches``,
``reports``) and whatever rests on a speech or a report paragraph is judged by the one of its
genre (:meth:`CodeValidity.for_text`, the genre from :func:`normtrace.coding.units.genre`).
So does a paragraph of a resolution adopted before 1999 (``early``): the frames set and every
entry are of 1999-2015, and the Council's older wording is measured apart (a check sample of
the resolutions of 1975-1998 naming a peace operation).

A project's own run scores the dictionary on the labelled targets of each genre apart
(``Validation.genre_scores``). Where its coders labelled targets of a genre for a code, that
score is the code's measurement on the genre: the project's labels are its researchers'
reading of their own documents, as its main measurement replaces the bundled one (unless its
units were chosen, below). It is flagged by the same rule (fewer than :data:`MIN_LABELLED` labelled
targets of the genre, fewer than :data:`MIN_POSITIVES` positives, a recall below
:data:`MIN_RECALL`), and the bundled measurement it replaced is shown beside it
(``CodeValidity.bundled``). Its main measurement, the one used for resolutions from 1999 and
other documents, is its score on the labelled targets of that genre only; a run that labelled
none of them replaces no bundled measurement there (it is shown on the genres it labelled).

A project's labelled units are the ones its coders chose, unless ``code sample`` drew them
(below). Where their share holding a dictionary candidate of the code differs from the share of
the project's units of the genre (an exact binomial test, Holm-corrected over the codes tested
on the genre), they were not drawn at random and the measurement is of the units coded, its
recall leaning high or low (:mod:`normtrace.coding.labelled_draw`): it does not replace a
bundled estimate of the genre, which stands with the project's set aside beside it
(``CodeValidity.set_aside``), and with no bundled estimate it stands flagged
(``CodeValidity.chosen``). A run holding the weighted
estimate of a draw of the code (``code sample``) labelled through gives that estimate instead,
a probability sample (:mod:`normtrace.coding.draw_validity`: which genre it measures, and the
newest draw not labelled through named). docs/measured-error.md states the rule.
A run stored before genres were scored apart falls back to the older rule: once the
project's coders have labelled :data:`MIN_GENRE_LABELLED` targets of a genre, the run's
measurement over all its labels holds for that genre too.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from dataclasses import replace
from importlib import resources
from typing import TYPE_CHECKING, Any

from normtrace.coding.draw_validity import GENRE_FIELDS, DrawEstimates
from normtrace.coding.figures import ci as _ci
from normtrace.coding.figures import figure
from normtrace.coding.labelled_draw import Drawn, from_score, main, standing
from normtrace.coding.learn.split import more_to_label
from normtrace.coding.measured_error import (
    GENRE_LABEL,
    MIN_LABELLED,
    MIN_POSITIVES,
    MIN_PRECISION,
    MIN_RECALL,
    POOL_NAME,
    CodeValidity,
    OtherVersion,
    first_use_trust,
    group_validity,
    renamed,
)
from normtrace.store.db import Store

if TYPE_CHECKING:
    from normtrace.coding.codebook import Codebook
    from normtrace.coding.learn.measured_labels import Since
    from normtrace.coding.learn.scores import CodeScore
    from normtrace.coding.learn.validate import Validation

__all__ = [
    "CHECK_SAMPLES", "CHECK_STRATA", "DEFAULT_BOOK", "EARLY_STRATUM", "GENRE_LABEL",
    "GENRE_POOLS", "MIN_GENRE_LABELLED", "MIN_LABELLED", "MIN_POSITIVES", "MIN_PRECISION",
    "MIN_RECALL", "POOL_NAME", "POOL_STRATUM", "REPORT_STRATUM", "SPEECH_STRATUM",
    "CodeValidity", "OtherVersion", "bundled_check_score", "bundled_frames_score", "check_set_name",
    "code_validity", "first_use_trust", "group_validity", "project_validity", "renamed",
]  # fmt: skip

DEFAULT_BOOK = "stability-operations"
POOL_STRATUM = "mandate-pool"


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
    p, r, n = figure(s["precision"]), figure(s["recall"]), s["gold"]
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
        weighted=True,
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


def _matching(store: Store, codebook: str, version: str) -> str:
    """What version ``version`` of ``codebook`` codes (its ``Codebook.matching``; ``""`` when
    the project does not hold that version)."""
    from normtrace.coding.dictionary.apply import stored_codebook
    from normtrace.errors import NotFoundError

    try:
        return stored_codebook(store, codebook, version).matching
    except NotFoundError:
        return ""


def _bundled_for(
    score: dict[str, Any], default: Codebook, version: str, same: bool
) -> dict[str, CodeValidity]:
    """The bundled measurement of the default codebook (version ``default.version``) for the
    codes of the project's version ``version`` of it: when that version codes the same
    passages (``same``: edited in prose only, names and definitions) the measurement, saying
    which version it was measured for; else none, each measured code carrying what it was
    measured for and the command that re-codes with that version (unvalidated: a measurement
    is never applied to a version it was not made for)."""
    measured = _from_frames_score(score, default.frame_codes())
    if not same:
        other = OtherVersion(default.name, default.version, version)
        return {code: CodeValidity(code, frame=v.frame, other_version=other)
                for code, v in measured.items()}  # fmt: skip
    note = f"; measured for version {default.version}, which codes the same passages as {version}"
    return {
        code: replace(v, source=v.source + note, speeches=_noted(v.speeches, note),
                      reports=_noted(v.reports, note), pool=_noted(v.pool, note),
                      early=_noted(v.early, note))
        for code, v in measured.items()
    }  # fmt: skip


def code_validity(
    store: Store | None, codebook: str, version: str | None = None, *, level: str = "unit"
) -> dict[str, CodeValidity]:
    """The measured error of each code of ``codebook`` (version ``version``, else any) for
    what is counted at ``level`` (``unit`` or ``paragraph``), by the module's rule: the
    project's newest validation run at ``level`` that labelled the code (its weighted draw
    estimate when it holds one labelled through), else its newest at the other level that
    did, else the bundled measurement (a default code) or, made for another version, that
    (a run that labelled none of the code never hides it), else a run that labelled none of it.
    Codes without a measurement are absent: callers show them as
    unvalidated; but a code without a dictionary that a run listed carries what the newest such
    run found of its model and what to do (:attr:`CodeValidity.no_dictionary`, no source), and
    a default code the bundled set measured for another version than ``version``, one whose
    entries differ, carries that (:attr:`CodeValidity.other_version`, no source).
    """
    from normtrace.coding.exchange.yamlio import load_default_codebook

    out: dict[str, CodeValidity] = {}
    if codebook == DEFAULT_BOOK:
        default = load_default_codebook()
        score = bundled_frames_score()
        if score is not None and score.get("version") == default.version:
            if version is None or version == default.version:
                out.update(_from_frames_score(score, default.frame_codes()))
            elif store is not None and (held := _matching(store, codebook, version)):
                out.update(_bundled_for(score, default, version, held == default.matching))
    if store is None:
        return out
    from normtrace.coding.learn.validate import validations

    runs = [v for v in validations(store, codebook)
            if version is None or v.codebook_version == version]  # fmt: skip
    # the runs at the level counted first, each part newest first
    runs = [v for v in runs if v.level == level] + [v for v in runs if v.level != level]
    labelled: dict[str, bool] = {}
    stale = _Stale(store)
    drawn, weighed = Drawn(store, codebook), DrawEstimates(store, codebook)
    codes = dict.fromkeys(s.code for v in runs for s in v.scores if s.method == "dictionary")
    for code in codes:
        found = [(v, s) for v in runs if (s := v.get(code, "dictionary")) is not None]
        measured = next(((v, s) for v, s in found if s.n > 0), None)
        # the runs that labelled none of the code: newer ones at the level of the one that did
        silent = [v for v, s in found if s.n == 0]
        if measured is not None:
            by = measured[0]
            silent = [v for v in silent if v.level == by.level and v.run_id > by.run_id]
        # the bundled measurement, unless it was made for another version (no source)
        bundled = v if (v := out.get(code)) is not None and v.source else None
        if measured is None:
            if bundled is not None:  # a run that labelled none of it replaces nothing
                out[code] = replace(bundled, source=bundled.source + _unlabelled(silent))
                continue
            if code in out:  # measured for another version: that, and how to bring it back
                continue
            measured = found[0]  # nothing else: what the run says (n 0, flagged)
            silent = []
        run, s = measured
        if not labelled and run.genre_scores is None:
            labelled = _labelled_genres(store, codebook)
        where = "" if run.level == level else (
            f": counted here are {level}s, and no {level}-level run labelled the code")  # fmt: skip
        head, tail = f"validation run {run.run_id} ({run.level} level{where})", _unlabelled(silent)
        out[code] = stale.of(run, code, weighed.of(run, replace(
            main(run, s, head + tail, bundled, drawn),
            speeches=_own_genre(run, code, "speech", bundled, labelled, drawn),
            reports=_own_genre(run, code, "report", bundled, labelled, drawn),
            early=_own_genre(run, code, "early", bundled, labelled, drawn),
        ), head, tail, bundled))  # fmt: skip
    # a code no run scored a dictionary of has none: what the newest run found of its model
    for code in dict.fromkeys(s.code for v in runs for s in v.scores if s.method == "model"):
        if code not in codes and (code not in out or out[code].other_version is not None):
            run, s = next((v, m) for v in runs if (m := v.get(code, "model")) is not None)
            out[code] = stale.of(run, code, _without_dictionary(run, s))
    return out


class _Stale:
    """Marks a measurement of a run whose code's labels or labelled targets' texts changed
    since the run, or (a run stored before the texts were recorded) whose texts may have
    (:func:`~normtrace.coding.learn.measured_labels.since`, read once per run)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._notes: dict[int, Since] = {}

    def of(self, run: Validation, code: str, v: CodeValidity) -> CodeValidity:
        """``v`` (``run``'s measurement of ``code``) with the notes, its genres' too."""
        from normtrace.coding.learn.measured_labels import since

        if run.run_id not in self._notes:
            self._notes[run.run_id] = since(self._store, run)
        found = self._notes[run.run_id]
        note, unsure = found.stale.get(code, ""), found.unknown.get(code, "")
        what = found.changed.get(code)
        if not note and not unsure:
            return v

        def marked(there: CodeValidity | None) -> CodeValidity | None:
            # the note is the run's: on a measurement the run made (its source names the run;
            # a code without a dictionary has none), not on a bundled one that stands, but on
            # the run's measurement set aside beside it
            if there is None:
                return None
            if there.source.startswith(f"validation run {run.run_id} ") or (
                not there.source and there.no_dictionary
            ):
                return replace(there, stale=note, stale_what=what, texts_unknown=unsure)
            if there.set_aside is not None:
                return replace(there, set_aside=marked(there.set_aside))
            return there

        top = marked(v)
        assert top is not None
        return replace(top, speeches=marked(v.speeches), reports=marked(v.reports),
                       early=marked(v.early))  # fmt: skip


def _without_dictionary(run: Validation, s: CodeScore) -> CodeValidity:
    """The measured error of a code without a dictionary that ``run`` listed (its model row
    ``s``): no source (nothing machine-codes it in the counts, which are its coders' codings),
    flagged with what the run found and what to do."""
    at = f"validation run {run.run_id}, {run.level} level"
    if s.f1 is not None or not s.note.startswith("no model"):
        why = (f"no dictionary, so its counts are its coders' codings only; its model's "
               f"suggestions were measured ({at}: F1 {figure(s.f1)} {_ci(s.f1_low, s.f1_high)})"
               ).replace(" )", ")")  # fmt: skip
        return CodeValidity(s.code, level=run.level, no_dictionary=why)
    more = (s.more_positives, s.more_negatives)
    todo = (f"label at least {more_to_label(*more)} (`code next` picks targets)" if any(more)
            else f"{s.note.removeprefix('no model: ')}; label more")  # fmt: skip
    why = (f"no dictionary, and no model measured yet ({at}): {todo}, then `code train` and "
           "`code validate`")  # fmt: skip
    return CodeValidity(s.code, level=run.level, no_dictionary=why, more_positives=more[0],
                        more_negatives=more[1])  # fmt: skip


def _own_genre(
    run: Validation, code: str, genre: str, bundled: CodeValidity | None,
    labelled: dict[str, bool], drawn: Drawn,
) -> CodeValidity | None:  # fmt: skip
    """The measurement of ``code`` on ``genre`` beside ``run``'s main one: the run's own score
    on the genre's labelled targets when it labelled some, by
    :func:`~normtrace.coding.labelled_draw.standing`'s rule (the bundled one it replaced kept
    beside it, or standing with the run's set aside when the run's labelled units were
    chosen); else the bundled one; a run stored before genres were scored apart keeps the
    bundled one only while the project's coders have labelled too few of the genre
    (``labelled``), else its main measurement holds there too (``None``)."""
    there = None if bundled is None else getattr(bundled, GENRE_FIELDS[genre])
    if run.genre_scores is None:
        return None if labelled.get(genre) else there
    s = next((x for x in run.genre_scores.get(genre, []) if x.code == code), None)
    if s is None or s.n == 0:
        return there
    unit = "speeches" if genre == "speech" else f"{run.level}s"
    what = {"speech": "", "report": "of reports", "early": "of resolutions before 1999"}[genre]
    source = (f"validation run {run.run_id} ({run.level} level), its {s.n} labelled "
              f"{unit} {what}".rstrip())  # fmt: skip
    return standing(from_score(s, run, source), there, drawn.note(run, s, genre))


def _unlabelled(runs: list[Validation]) -> str:
    """A source's note naming the newest of ``runs`` that labelled none of the code."""
    if not runs:
        return ""
    newest = runs[0]  # the level counted first, newest first
    return (f"; validation run {newest.run_id} ({newest.level} level) labelled no "
            f"{newest.level} of this code, so it measured nothing of it")  # fmt: skip


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

    A code id used by two codebooks takes the measurement of the codebook a coding of it is
    work for when none is named (:func:`~normtrace.coding.human.books.default_book`: the first
    registered that can still code it), the codebook the counts read it from.
    """
    from normtrace.coding.human.books import default_book

    rows = store.conn.execute(
        "SELECT name, version FROM codebooks b WHERE id IN (SELECT id FROM current_codebooks) "
        "ORDER BY (SELECT min(f.id) FROM codebooks f WHERE f.name = b.name)"
    ).fetchall()
    measured: dict[str, dict[str, CodeValidity]] = {}
    for row in rows:
        for code, v in code_validity(store, row["name"], row["version"], level=level).items():
            measured.setdefault(code, {})[row["name"]] = v
    out: dict[str, CodeValidity] = {}
    for code, by_book in measured.items():
        book = default_book(store, code) if len(by_book) > 1 else None
        out[code] = by_book[book] if book in by_book else next(iter(by_book.values()))
    return out
