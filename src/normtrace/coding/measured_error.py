"""The measured error of one code: its precision and recall with their intervals, how many
labelled units and positives stand behind them, where the measurement comes from, and whether
it validates the code (:meth:`CodeValidity.flag`). Which measurement a code carries is
:mod:`normtrace.coding.validity`'s rule.

A code is *validated* when at least :data:`MIN_LABELLED` human-labelled units stand behind
its score, at least :data:`MIN_POSITIVES` labelled positives behind its recall, and its recall
is at least :data:`MIN_RECALL`, and (a weighted estimate) its recall interval is no wider than
:data:`MAX_RECALL_WIDTH`; otherwise it is flagged. The positives behind the recall of a
bundled measurement that carries an estimate on :data:`POOL_NAME` (``CodeValidity.pool``) are
those of its labelled set and those of that estimate together
(:meth:`CodeValidity.positives_behind`): the pool's recall, itself held to
:data:`MIN_RECALL`, measures the same code on the same genre. Where the set's own are fewer
than :data:`MIN_POSITIVES`, every description says so (:meth:`CodeValidity.positives_said`:
frames set core principles, 9 positives of its own and 33 of the pool's). The same rule
holds for every measurement: the project's own ``code validate`` run, the bundled frames set,
a check sample, a recorded draw's weighted estimate.

The width matters for a draw's weighted estimate (``code sample``): its recall rests on the few
units drawn from the dictionary's non-hits, each standing for hundreds, so 20 of them found
without a miss give recall 1.00 [0.20, 1.00], which the other thresholds (labelled units,
labelled positives, the point estimate) all let through. :data:`MAX_RECALL_WIDTH` is the width
of the least precise recall those thresholds already accept on unweighted units (7 of 10
positives found: Wilson [0.40, 0.89], width 0.495), so the flag (on weighted estimates only:
:meth:`CodeValidity.too_wide`) stops an estimate less precise than any the rule validates.

>>> v = CodeValidity("poc", precision=0.9, recall=0.65, n=40, source="frames set")
>>> v.validated, v.flag()
(False, 'recall 0.65 < 0.7')
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from normtrace.coding.figures import EXACT, WIDENED, WIDENED_NOTE, below, ci, figure_against
from normtrace.errors import CodingError

MIN_LABELLED = 30
#: a recall measured on fewer labelled positives than this cannot show the threshold: with
#: 10 positives all found, the Wilson 95 % interval of recall starts at 0.72 (above
#: :data:`MIN_RECALL`); with 9 at 0.70. The positives of the code's pool estimate count too
#: (:meth:`CodeValidity.positives_behind`, said by :meth:`CodeValidity.positives_said`).
MIN_POSITIVES = 10
MIN_RECALL = 0.7
#: a recall interval wider than this says too little to validate a code: the width of the
#: least precise recall :data:`MIN_POSITIVES` and :data:`MIN_RECALL` let through on unweighted
#: units (7 of 10 positives found: Wilson 95 % [0.40, 0.89], 0.495); it stops a draw's
#: weighted estimate resting on a few non-hit units (the module doc)
MAX_RECALL_WIDTH = 0.5
#: a single coded passage (a first use) is trusted only when the code's precision reaches this
MIN_PRECISION = 0.7
#: the pool of resolution paragraphs whose estimate (``CodeValidity.pool``) also flags a code
POOL_NAME = "mandate paragraphs"
#: how a measurement on a genre of text is named
GENRE_LABEL = {"speech": "on speeches", "report": "on reports",
               "early": "on resolutions before 1999"}  # fmt: skip


#: what changed since the project's validation run a measurement comes from: the human labels
#: of its code, the texts of the targets they label, or both
#: (:func:`normtrace.coding.learn.measured_labels.since` finds it, with its note)
Changed = Literal["labels", "texts", "labels and texts"]
CHANGED: tuple[Changed, ...] = ("labels", "texts", "labels and texts")


@dataclass(frozen=True)
class OtherVersion:
    """A bundled measurement of a code that is not the code's here: it was made for version
    ``measured`` of ``codebook`` (the bundled one), and the project's codings are of version
    ``coded``, whose entries differ (another ``Codebook.matching``): whether the two code this
    project's passages differently is not known (a revision may change none of them). It is
    never applied to a version it was not made for: the code stays unvalidated, and
    :meth:`line` says why and what brings it back.

    >>> OtherVersion("stability-operations", "87b2fb574114", "89d451596f1a").command
    'normtrace code apply stability-operations --bundled'
    """

    codebook: str
    #: the version the bundled measurement was made for (the bundled codebook's)
    measured: str
    #: the version the project's codings are of
    coded: str

    @property
    def command(self) -> str:
        """The command that re-codes the project with the measured version (``--bundled``:
        a name alone applies the project's current version)."""
        return f"normtrace code apply {self.codebook} --bundled"

    def line(self) -> str:
        """Why the code is unvalidated, in one line: what was measured, what the codings are
        of, and the two ways to a measurement."""
        return (f"measured for version {self.measured} (the bundled {self.codebook}), but this "
                f"project's codings are of version {self.coded}, whose entries differ, so the "
                "measurement is not of the codings this project holds (the two versions may or "
                f"may not code its passages differently). If {self.coded} is an earlier release's, "
                f"re-code with `{self.command}` to bring that measurement back (it refuses "
                "where your codings hold codes the bundled version lacks, and names them: "
                "`--force` applies it anyway, those codings kept out of its exports); if it is "
                "your own edit, validate your own labels (`normtrace code validate --codebook "
                f"{self.codebook}`): re-coding with the bundled version would set the edit "
                "aside")  # fmt: skip

    def short(self) -> str:
        """:meth:`line` for one passage among others: the versions and the command."""
        return (f"measured for version {self.measured} only, this project's codings are of "
                f"{self.coded}, whose entries differ (an earlier release's: `{self.command}`; "
                "your own edit: validate your labels)")  # fmt: skip

    def to_dict(self) -> dict[str, str]:
        return {
            "codebook": self.codebook,
            "measured_version": self.measured,
            "codings_version": self.coded,
            "recode": self.command,
            "note": self.line(),
        }


def changed_keys(note: str, what: Changed | None) -> dict[str, str | None]:
    """The keys JSON and CSV give a note of
    :func:`normtrace.coding.learn.measured_labels.stale_notes` under, by ``what`` changed
    (:data:`CHANGED`, found with the note; never read from its words):
    ``labels_changed_since``, the note when the human labels changed (alone, or with texts;
    ``None`` otherwise), ``texts_changed_since``, the note when the labelled targets' texts
    changed (alone, or with labels), and ``changed_since``, ``what``; all ``None`` for no
    note.

    Raises:
        CodingError: a note without what changed, or ``what`` without a note.

    >>> changed_keys("SYNTHETIC note", "texts")["labels_changed_since"]
    >>> changed_keys("SYNTHETIC note", "labels and texts")["labels_changed_since"]
    'SYNTHETIC note'
    >>> changed_keys("", None)
    {'labels_changed_since': None, 'texts_changed_since': None, 'changed_since': None}
    """
    _check_changed("a measurement", note, what)
    return {
        "labels_changed_since": note if what in ("labels", "labels and texts") else None,
        "texts_changed_since": note if what in ("texts", "labels and texts") else None,
        "changed_since": what if note else None,
    }


def _check_changed(whose: str, note: str, what: str | None) -> None:
    """A stale note comes with what changed (one of :data:`CHANGED`), and only a note does."""
    known = what in CHANGED if note else what is None
    if known:
        return
    raise CodingError(
        f"{whose}: a note that it changed since its validation run needs what changed "
        f"({', '.join(CHANGED)}), and only such a note has one; got {what!r} with note "
        f"{note[:60]!r}: pass both from measured_labels.since (a bug in the caller)"
    )


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
    #: the level of the project's validation run this measurement comes from (``unit`` or
    #: ``paragraph``: what ``n`` counts); ``""`` for a bundled measurement
    level: str = ""
    #: a weighted estimate over a pool drawn in strata: its intervals are percentiles of a
    #: posterior, widened where needed to hold the estimate (a bound then equals the point)
    weighted: bool = False
    #: for the project's own measurement on a genre (speeches, reports): the bundled one it
    #: replaced, shown beside it
    bundled: CodeValidity | None = None
    #: for a code without a dictionary that the project's ``code validate`` run listed (it has
    #: no dictionary to measure, so no ``source``): what that run found of it and what to do,
    #: in words (:func:`normtrace.coding.validity.code_validity`); it is why the code is
    #: unvalidated, in place of "never measured"
    no_dictionary: str = ""
    #: with :attr:`no_dictionary`, when the run asked for them: at least how many more
    #: positives and negatives its coders must label before its model can be measured
    #: (``CodeScore.more_positives``, ``more_negatives`` of the run's model row)
    more_positives: int = 0
    more_negatives: int = 0
    #: for a default code the bundled measurement measured for another version of the
    #: codebook than the project's codings are of, one whose entries differ: that version,
    #: the codings' and the command that re-codes with the measured one
    #: (:func:`normtrace.coding.validity.code_validity`); no source (it is not this version's
    #: measurement): it is why the code is unvalidated, in place of "never measured"
    other_version: OtherVersion | None = None
    #: when the human labels of the code, or the texts of the targets they label, changed
    #: after the project's validation run this measurement comes from: what changed, what the
    #: run measured, what the labels are now, how many labelled targets read otherwise and the
    #: command that measures again, in words
    #: (:func:`normtrace.coding.learn.measured_labels.stale_notes`); ``""`` while they stand.
    #: The figures and the flag are the run's: a flag then says it rests on the run's labels
    #: (texts)
    stale: str = ""
    #: with :attr:`stale`, what changed (:data:`CHANGED`), as the reading that wrote the note
    #: found it: the flag and the JSON and CSV keys (:func:`changed_keys`) say it; ``None``
    #: without a note
    stale_what: Changed | None = None
    #: for a run stored before runs recorded the texts they measured, when a text may have
    #: changed since: that whether the labelled targets' texts changed is not known
    #: (:func:`normtrace.coding.learn.measured_labels.unknown_notes`); neither stale nor
    #: current, so the flag is the run's as it stands
    texts_unknown: str = ""
    #: for the project's own measurement (a ``code validate`` run): why its labelled units
    #: cannot stand for the project's units of their genre (they hold a candidate of the code
    #: far more or less often than those do: :func:`normtrace.coding.labelled_draw.drawn_as`),
    #: in words; ``""`` when nothing shows they were not drawn at random. It flags the code
    chosen: str = ""
    #: for a measurement that stands where the project's own could have replaced it (a bundled
    #: estimate of a pool): the project's, set aside because its units were chosen
    #: (:attr:`chosen`), fewer than :data:`MIN_LABELLED` (its flag), far less precise
    #: (:attr:`imprecise`) or a draw's not labelled through (:attr:`draw_unfinished`), shown
    #: beside it
    set_aside: CodeValidity | None = None
    #: for the project's own measurement when its run labelled no target of the genre it is
    #: used for (resolutions from 1999 and other documents) and nothing else measured the code
    #: there: the genres it was measured on, in words; it flags the code
    other_genres: str = ""
    #: for the project's own measurement set aside beside a bundled estimate because it is far
    #: less precise (:func:`normtrace.coding.labelled_draw.standing`): why, in words (its recall
    #: interval and the bundled one's, and what to label); ``""`` otherwise
    imprecise: str = ""
    #: for the project's own measurement when every unit its run labelled for the code is one of
    #: a recorded draw not labelled through: which draw and how many of its units are labelled,
    #: in words (:mod:`normtrace.coding.draw_validity`); its figures are the units unweighted,
    #: no estimate of the project's, so it flags the code (never as units chosen)
    draw_unfinished: str = ""

    def __post_init__(self) -> None:
        _check_changed(f"the measured error of {self.code}", self.stale, self.stale_what)

    @property
    def validated(self) -> bool:
        return self._flag() == ""

    def flag(self) -> str:
        """Why the code is unvalidated ("" when it is validated); when the labels or texts
        changed since the measurement (:attr:`stale`), saying that it rests on those of then."""
        why = self._flag()
        if why and self.stale:
            return f"{why} (on the {self.stale_what} of then, changed since)"
        return why

    def _flag(self) -> str:
        if not self.source:
            if self.other_version is not None:
                return self.other_version.line()
            return self.no_dictionary or "never measured"
        if self.draw_unfinished:  # said instead of its count or "chosen": it names the draw
            return self.draw_unfinished
        if self.n < MIN_LABELLED:
            what = (
                "paragraphs"
                if self.level == "paragraph" or "(paragraph level" in self.source
                else "units"
            )
            return f"{self.n} labelled {what} < {MIN_LABELLED}"
        if self.other_genres:
            return f"measured on {self.other_genres} only, not on the documents counted here"
        if self.chosen:
            lean = "high" if "recall leans high" in self.chosen else "low"
            return f"labelled units chosen, not drawn at random (recall leans {lean})"
        if self.recall is None:
            return "recall unmeasured (no labelled positive)"
        if self.recall < MIN_RECALL:
            return f"recall {below(self.recall, MIN_RECALL)} < {MIN_RECALL}"
        behind = self.positives_behind()
        if behind is not None and behind < MIN_POSITIVES:
            return f"recall rests on {self.positives_said()} < {MIN_POSITIVES}"
        if wide := self.too_wide():
            return wide
        there = self.pool
        if there is not None and there.recall is not None and there.recall < MIN_RECALL:
            return (
                f"recall {below(there.recall, MIN_RECALL)} < {MIN_RECALL} on {POOL_NAME} "
                "(weighted estimate)"
            )
        return ""

    def positives_behind(self) -> int | None:
        """The labelled positives the rule counts behind the recall (:data:`MIN_POSITIVES`):
        its own, and those of its estimate on :data:`POOL_NAME` when it carries one; ``None``
        when its own are not known.

        >>> pool = CodeValidity("x", recall=0.94, positives=33, source="SYNTHETIC pool")
        >>> CodeValidity("x", recall=1.0, positives=9, pool=pool).positives_behind()
        42
        """
        if self.positives is None:
            return None
        return self.positives + ((self.pool.positives or 0) if self.pool is not None else 0)

    def positives_said(self) -> str:
        """The positives behind the recall in words: ``9 labelled positives``, or, where its
        estimate on :data:`POOL_NAME` adds some, both and their sum: ``9 labelled positives
        and 33 of its estimate on mandate paragraphs, 42``.

        >>> pool = CodeValidity("x", recall=0.94, positives=33, source="SYNTHETIC pool")
        >>> CodeValidity("x", recall=1.0, positives=9, pool=pool).positives_said()
        '9 labelled positives and 33 of its estimate on mandate paragraphs, 42'
        """
        own = self.positives or 0
        said = f"{own} labelled {'positive' if own == 1 else 'positives'}"
        added = (self.pool.positives or 0) if self.pool is not None else 0
        if not added:
            return said
        return f"{said} and {added} of its estimate on {POOL_NAME}, {own + added}"

    def _pool_basis(self) -> str:
        """Beside the estimate on :data:`POOL_NAME`, when the recall's own labelled positives
        are fewer than :data:`MIN_POSITIVES`: that the rule counts this estimate's too, and
        what they come to (``""`` otherwise)."""
        own, there = self.positives, self.pool
        if own is None or own >= MIN_POSITIVES or there is None or not there.positives:
            return ""
        behind = own + there.positives
        reach = "at least" if behind >= MIN_POSITIVES else "fewer than"
        return (f"; the code's recall rests on the {own} labelled positive"
                f"{'' if own == 1 else 's'} above and this estimate's {there.positives}: "
                f"{behind}, {reach} the {MIN_POSITIVES} the rule asks")  # fmt: skip

    def recall_width(self) -> float | None:
        """The width of the recall interval, ``None`` without one."""
        if self.recall_low is None or self.recall_high is None:
            return None
        return self.recall_high - self.recall_low

    def too_wide(self) -> str:
        """Why the recall interval of a weighted estimate is too wide to validate the code
        (wider than :data:`MAX_RECALL_WIDTH`), in words with what to label; ``""`` when it is
        not. An unweighted recall (Wilson) is never: with :data:`MIN_POSITIVES` positives and
        :data:`MIN_RECALL`, its width is at most 0.495; a weighted one's positives say nothing
        of its width (they may lie in the stratum of hits, each standing for few units).

        >>> CodeValidity("x", recall=1.0, recall_low=0.2, recall_high=1.0, weighted=True,
        ...              source="SYNTHETIC").too_wide()[:43]
        'recall interval [0.20, 1.00] wider than 0.5'
        """
        width = self.recall_width()
        if not self.weighted or width is None or width <= MAX_RECALL_WIDTH:
            return ""
        return (
            f"recall interval {ci(self.recall_low, self.recall_high)} wider than "
            f"{MAX_RECALL_WIDTH}: too imprecise to validate (label more of the draw's units "
            "without a candidate, where its misses lie)"
        )

    def passage_flag(self) -> str:
        """Why one coded passage of the code (a first use) cannot be taken as a use of it
        ("" when it can): the code's flag, or a precision below :data:`MIN_PRECISION`; for a
        code measured for another version only, :meth:`OtherVersion.short` (said of every
        passage, the whole line once beside them)."""
        if not self.source and self.other_version is not None:
            return self.other_version.short()
        why = [self.flag()] if self.flag() else []
        if self.precision is not None and self.precision < MIN_PRECISION:
            why.append(f"precision {below(self.precision, MIN_PRECISION)} < {MIN_PRECISION}")
        elif (
            self.pool is not None
            and self.pool.precision is not None
            and self.pool.precision < MIN_PRECISION
        ):
            why.append(
                f"precision {below(self.pool.precision, MIN_PRECISION)} < {MIN_PRECISION} "
                f"on {POOL_NAME}"
            )
        return "; ".join(why)

    def status(self) -> str:
        """``validated`` or ``unvalidated: <why>``; when the labels or texts changed since the
        measurement, followed by :attr:`stale`; when whether the texts did is not known, by
        :attr:`texts_unknown`."""
        said = f"unvalidated: {self.flag()}" if self.flag() else "validated"
        return " — ".join(x for x in (said, self.stale, self.texts_unknown) if x)

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
        if not self.source:  # a code without a dictionary says what its validation found,
            # one measured for another version of its codebook what that was and what to do
            return self.status() if self.no_dictionary or self.other_version else (
                "unvalidated: never measured (run `normtrace code validate`)")  # fmt: skip
        text = self._numbers()
        if self.pool is not None and self.pool.recall is not None:  # the pool beside the set
            text += f" (on {POOL_NAME}: {self.pool._numbers()}{self._pool_basis()})"
        if self.flag():
            text += f" — unvalidated: {self.flag()}"
        text += self._beside()
        shown = [self]
        for genre in GENRE_LABEL:
            where, there = self.for_text(genre)
            if where:
                text += f"; {where}{there._numbers()}"
                if there.flag():
                    text += f" — unvalidated there: {there.flag()}"
                text += there._beside()
                shown.append(there)
        # what changed since the project's run, once, wherever its measurement is shown (the
        # headline, a genre's, one set aside beside a bundled estimate)
        shown += [m.set_aside for m in shown if m.set_aside is not None]
        for note in dict.fromkeys(n for m in shown for n in (m.stale, m.texts_unknown) if n):
            text += f" — {note}"
        if WIDENED in text:
            text += f" — {WIDENED_NOTE}"
        return text

    def _beside(self) -> str:
        """The other measurement shown beside this one, and which one stands: the bundled one
        the project's replaced, or the project's set aside for the bundled one (its units
        were chosen, :attr:`chosen`, or too few: its flag)."""
        if self.bundled is not None and self.bundled.source:
            return f" (the bundled measurement it replaced: {self.bundled._numbers()})"
        own = self.set_aside
        if own is None:
            return ""
        then = f" (on the {own.stale_what} of then, changed since)" if own.stale else ""
        why = own.draw_unfinished or own.chosen or own.imprecise or own._flag()
        return (f" (used: this bundled estimate; the project's own measurement, set aside: "
                f"{own._numbers()}{then}, {own.source}: {why})")  # fmt: skip

    def brief(self) -> str:
        """``P 0.91 · R 0.85 · n 120``: :meth:`describe`'s figures without their intervals,
        a figure below its threshold with the decimals its flag reads (``R 0.698``).

        >>> CodeValidity("x", precision=0.86, recall=0.698, n=1067, source="s").brief()
        'P 0.86 · R 0.698 · n 1067'
        """
        p = figure_against(self.precision, MIN_PRECISION)
        return f"P {p} · R {figure_against(self.recall, MIN_RECALL)} · n {self.n}"

    def _numbers(self) -> str:
        """``P 0.91 [0.80, 0.96] · R 0.85 [0.74, 0.92] · n 120``: a figure below its threshold
        with the decimals that show it (``R 0.698``, not a ``0.70`` beside ``recall 0.698 <
        0.7``); an interval of a weighted estimate that had to be widened to hold the point
        says so (:data:`WIDENED`), and one that is a point says why (:data:`EXACT`)."""
        p = self._figure("P", self.precision, self.precision_low, self.precision_high,
                         MIN_PRECISION)  # fmt: skip
        r = self._figure("R", self.recall, self.recall_low, self.recall_high, MIN_RECALL)
        return f"{p} · {r} · n {self.n}"

    def _figure(
        self, name: str, x: float | None, low: float | None, high: float | None, threshold: float
    ) -> str:
        text = f"{name} {figure_against(x, threshold)} {ci(low, high)}".rstrip()
        if not self.weighted or x is None or low is None or high is None:
            return text
        if low == high == x:  # no sampling error: say why, not only "[0.00, 0.00]"
            return f"{text} ({EXACT['P' if name == 'P' or x == 0 else 'R']})"
        # an end at 0 or 1 is a true bound; one inside, at the estimate, was widened to it
        if low < high and x in (low, high) and 0 < x < 1:
            text += f" ({WIDENED})"
        return text

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
            "labelled_positives_behind_recall": self.positives_behind(),
            "positives_behind_recall": self.positives_said()
            if self.positives is not None
            else None,
            "mandate_pool": None if self.pool is None else self.pool.to_dict(),
            "measured_as_frame": self.frame or None,
            "level": self.level or None,
            "weighted_estimate": self.weighted,
            "bundled_replaced": None if self.bundled is None else self.bundled.to_dict(),
            "labelled_units_chosen": self.chosen or None,
            "project_measurement_set_aside": None
            if self.set_aside is None
            else self.set_aside.to_dict(),
            "measured_on_other_genres_only": self.other_genres or None,
            "recall_interval_too_wide": self.imprecise or self.too_wide() or None,
            "labelled_units_of_unfinished_draw": self.draw_unfinished or None,
            "label_more": {"positives": self.more_positives, "negatives": self.more_negatives}
            if self.more_positives or self.more_negatives
            else None,
            **changed_keys(self.stale, self.stale_what),
            "texts_unknown": self.texts_unknown or None,
            "measured_for_other_version": None
            if self.other_version is None
            else self.other_version.to_dict(),
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
