"""The measured error of the reported-speech detector, as one record states it.

The Secretariat-origin counts (``secretariat``, ``aggregate``, ``provenance``, ``first``)
take a sentence of a Secretary-General's report as the Secretariat's own unless
:func:`~normtrace.parse.report.reported.reported_speech` marks it as another's words, so
their error is the detector's. ``normtrace/data/validation/reported/measured.json`` records
it once: the rules version it applies to, the score on the last sample no rules author had
read (the *clean sample*, with intervals and counts), the running rules on that sample, and
the estimate for the running rules on the unread held-out text built from the censuses of
later rules' changes. :func:`measured_error` reads it; the commands' notes and help, the
docs and ``python -m normtrace.evaluate.reported`` state what it says.

>>> m = measured_error()
>>> [round(x, 3) for x in m.estimate()] == list(m.stated)  # the record's own arithmetic
True
>>> in_words(0.52), in_words(0.12), in_words(0.7)
('about half', 'about one in eight', 'about seven in ten')
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normtrace.errors import ConfigError
from normtrace.parse.report.reported import ALGORITHM

#: the record (module doc)
RECORD = (
    Path(__file__).resolve().parent.parent.parent / "data" / "validation" / "reported"
    / "measured.json"
)  # fmt: skip
#: how the record is named to a reader (docs and notes cite it so)
RECORD_NAME = "normtrace/data/validation/reported/measured.json"

_NUMBERS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def in_words(rate: float) -> str:
    """A rate as a reader says it: "about half", "about one in eight", "about seven in ten"."""
    if 0.4 <= rate <= 0.6:
        return "about half"
    if rate < 0.4:
        n = round(1 / rate) if rate > 0 else 0
        return f"about one in {_NUMBERS[n] if 0 < n <= 10 else n}" if n else "none"
    return f"about {_NUMBERS[round(rate * 10)]} in ten"


def _pct(value: float, places: int = 1) -> str:
    return f"{100 * value:.{places}f} %"


@dataclass(frozen=True)
class Rate:
    """A proportion with its 95 % interval."""

    value: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{_pct(self.value)} [{100 * self.low:.1f}–{100 * self.high:.1f}]"


@dataclass(frozen=True)
class SampleScore:
    """Precision and recall of one rules version on a labelled sample, with the counts."""

    rules: str
    sentences: int
    tp: int
    fp: int
    fn: int
    precision: Rate
    recall: Rate
    what: str

    @classmethod
    def read(cls, raw: dict[str, Any]) -> SampleScore:
        """The score as the record holds it."""
        return cls(
            str(raw["rules"]), int(raw["sentences"]), int(raw["tp"]), int(raw["fp"]),
            int(raw["fn"]), Rate(**raw["precision"]), Rate(**raw["recall"]), str(raw["what"]),
        )  # fmt: skip

    def describe(self) -> str:
        """Precision and recall with their intervals, and the counts, in one line."""
        return (
            f"precision {self.precision}, recall {self.recall} ({self.tp} found right, "
            f"{self.fp} wrongly, {self.fn} missed of {self.sentences} sentences)"
        )


@dataclass(frozen=True)
class MeasuredError:
    """The record (module doc), read."""

    rules: str
    clean: SampleScore
    clean_command: str
    current: SampleScore
    #: v4's marks on the unread held-out text the estimate starts from
    base_marked: int
    #: each later version's census: rules, new right, new wrong, lost right, lost wrong
    changes: tuple[tuple[str, int, int, int, int], ...]
    #: the estimate as the record states it (rounded); :meth:`estimate` recomputes it
    stated: tuple[float, float]
    direction: str
    #: the rules the estimate is of (the last census's); older than :attr:`rules` while the
    #: census of :attr:`rules` is pending (the record's ``census_pending``)
    estimated: str = ""

    @property
    def pending(self) -> bool:
        """Whether the record's rules run but their census is not taken: the estimate is an
        older version's (the record's ``census_pending``)."""
        return bool(self.estimated) and self.estimated != self.rules

    def _label(self) -> str:
        """The rules, and whose figures they are while the census is pending."""
        if not self.pending:
            return self.rules
        return f"{self.rules}; figures of {self.estimated}, {self.rules}'s census pending"

    @property
    def stale(self) -> bool:
        """Whether the running rules are not the ones the record measured."""
        return self.rules != ALGORITHM

    def estimate(self) -> tuple[float, float]:
        """Precision and recall of :attr:`rules` on the unread held-out text: the clean
        sample's rates put on v4's marks there, then each census's right and wrong marks
        gained and lost (the README's arithmetic)."""
        right = self.base_marked * self.clean.precision.value
        reported = right / self.clean.recall.value
        marked = float(self.base_marked)
        for _, new_right, new_wrong, lost_right, lost_wrong in self.changes:
            right += new_right - lost_right
            marked += new_right + new_wrong - lost_right - lost_wrong
        return right / marked, right / reported

    def _parts(self) -> tuple[str, str, str, str]:
        """How much is missed and how much marked wrongly, in words and in numbers."""
        precision, recall = self.stated
        clean = self.clean.rules.rsplit(".", 1)[-1]
        return (
            in_words(1 - recall),
            f"recall estimated at about {_pct(recall, 0)}; {clean} {self.clean.recall}",
            in_words(1 - precision),
            f"precision about {_pct(precision, 0)}; {clean} {self.clean.precision}",
        )

    def caveat(self) -> str:
        """One line for a command's output: what the error means for the counts, with the
        numbers and the record."""
        missed, recall, wrong, precision = self._parts()
        unmeasured = f"; the running rules {ALGORITHM} are not measured yet" if self.stale else ""
        return (
            f"note: reported speech ({self._label()}{unmeasured}): the detector misses {missed} "
            f"of it ({recall} on the last sample no rules author had read) and missed words "
            "count as the Secretariat's, so its share and first uses are overstated in the "
            f"main; {wrong} of its marks are wrong ({precision}), taking those Secretariat "
            f"words away from it ({RECORD_NAME})"
        )

    def help_paragraph(self) -> str:
        """The same for a command's ``--help``."""
        missed, recall, wrong, precision = self._parts()
        return (
            f"The reported-speech detector ({self._label()}; {RECORD_NAME}) misses {missed} of "
            f"reported speech ({recall} on the last sample no rules author had read, "
            f"`{self.clean_command}`): missed words count as the Secretariat's, so its share "
            f"and first uses are overstated in the main. {wrong.capitalize()} of its marks "
            f"are wrong ({precision}), which takes Secretariat words away from it. Net, the "
            "share is overstated."
        )

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-able dict, with the running rules and whether it is stale."""
        return {**_raw(), "running_rules": ALGORITHM, "stale": self.stale}


@functools.cache
def _raw() -> dict[str, Any]:
    try:
        raw: dict[str, Any] = json.loads(RECORD.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"the record of the reported-speech detector's error, {RECORD}, cannot be read "
            f"({exc}): reinstall normtrace"
        ) from exc
    return raw


@functools.cache
def measured_error() -> MeasuredError:
    """The record of the detector's measured error (module doc)."""
    raw = _raw()
    census = raw["census_estimate"]
    changes = tuple(
        (str(c["rules"]), int(c["new_right"]), int(c["new_wrong"]), int(c["lost_right"]),
         int(c["lost_wrong"]))
        for c in census["changes"]
    )  # fmt: skip
    return MeasuredError(
        str(raw["rules"]),
        SampleScore.read(raw["clean_sample"]),
        str(raw["clean_sample"]["command"]),
        SampleScore.read(raw["current_on_clean_sample"]),
        int(census["base"]["marked"]),
        changes,
        (float(census["precision"]), float(census["recall"])),
        str(raw["direction"]),
        str(census.get("rules", raw["rules"])),
    )
