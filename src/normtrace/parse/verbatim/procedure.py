"""Procedure in a verbatim record: votes and adoptions, and the text helpers they share.

The President's words follow fixed formulas ("A vote was taken by show of
hands. In favour: ..."; "The draft resolution has been adopted unanimously as
resolution 2505 (2020)"). These functions read the formulas from the record's
paragraphs in order, sentence by sentence (:mod:`normtrace.parse.sentences`, the one
splitter); nothing here is written for a particular meeting. Invitations are in
:mod:`normtrace.parse.verbatim.invitations`.

>>> votes, adoptions, _ = procedure_in(["The draft resolution has been adopted "
...     "unanimously as resolution 2505 (2020)."])
>>> adoptions
[{'resolution': 'S/RES/2505 (2020)', 'draft': None, 'unanimous': True}]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from normtrace.parse.sentences import sentences
from normtrace.parse.symbols import find_symbols

#: UN member states whose names contain "and" (so lists are not split inside them).
_AND_STATES = (
    "Antigua and Barbuda",
    "Bosnia and Herzegovina",
    "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines",
    "Sao Tome and Principe",
    "Trinidad and Tobago",
    "United Kingdom of Great Britain and Northern Ireland",
)
_VOTE_MARK = re.compile(r"(?<=\S)\s+(?=(?:In favour|Against|Abstaining)\s*:)")
_IN_FAVOUR = re.compile(r"^In favour\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_AGAINST = re.compile(r"^Against\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_ABSTAIN = re.compile(r"^Abstaining\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_SUBJECT = r"(?:draft resolution|draft decision|draft amendment|amendment|decision|proposal|motion)"
_OUTCOME = re.compile(
    _SUBJECT + r"(?:,[^,]{1,60},)? (?:has been|was)\s+(?P<not>not\s+)?adopted"
    r"(?P<u>\s+unanimously)?"
    r"(?:\s+as\s+resolution\s+(?P<res>\d{1,5})\s*\((?P<year>(?:19|20)\d\d)\))?",
    re.IGNORECASE,
)
_RECEIVED = re.compile(r"\breceived\s+(?P<n>\d{1,2}|[a-z]+)\s+votes?\s+in\s+favour", re.I)
_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
]


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBERS.index(word.lower()) if word.lower() in _NUMBERS else None


_FAILED = re.compile(_SUBJECT + r" (?:has )?(?:failed|not been adopted)", re.IGNORECASE)


def split_states(text: str) -> list[str]:
    """Split ``Burkina Faso, Chad and Mali`` into states, keeping names that contain "and"."""
    protected = text
    for i, name in enumerate(_AND_STATES):
        protected = protected.replace(name, f"\x00{i}\x00")
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", protected.strip().rstrip("."))
    out = []
    for part in parts:
        for i, name in enumerate(_AND_STATES):
            part = part.replace(f"\x00{i}\x00", name)
        part = re.sub(r"^the\s+(?=[A-Z])", "", part.strip())
        if part:
            out.append(part)
    return out


_LOWER_OK = frozenset(["and", "the", "of", "de", "del", "da", "des", "du", "la", "le", "et"])


def _is_state_list(para: str) -> bool:
    """A paragraph of comma-separated state names (``Belgium, China, ... Viet Nam``)."""
    words = re.findall(r"[^\W\d_][\w'’-]*", para)
    return bool(words) and all(
        w[0].isupper() or w in _LOWER_OK or w.startswith(("d’", "d'")) for w in words
    )


def _states_or_none(text: str) -> list[str]:
    """States of a vote list; ``None`` printed as the list means no state."""
    return [] if text.strip().rstrip(".").lower() in ("none", "") else split_states(text)


def _list_then_prose(text: str) -> tuple[str, str, str]:
    """Split ``Belgium, China, Viet Nam The draft resolution received ...`` after the list."""
    m = re.search(r"(?<=[\w)])\.?\s+(?=(?:The|A|It|I)\s+[a-z]|The President\b)", text)
    if m is None:
        return text, "", ""
    return text[: m.start()], m.group(0), text[m.end() :]


def _new_vote(draft: str | None) -> dict[str, Any]:
    return {
        "draft": draft,
        "in_favour": [],
        "against": [],
        "abstaining": [],
        "outcome": None,
        "resolution": None,
    }


def _draft_in(sentence: str) -> str | None:
    if "draft resolution" not in sentence.lower():
        return None
    for _, _, sym in find_symbols(sentence):
        if sym.kind == "document":
            return str(sym)
    return None


class _ProcedureReader:
    """Reads votes and adoptions from paragraphs in record order."""

    def __init__(self) -> None:
        self.votes: list[dict[str, Any]] = []
        self.adoptions: list[dict[str, Any]] = []
        self.draft: str | None = None
        self.open_list: str | None = None
        self.warnings: list[str] = []

    def feed(self, para: str) -> None:
        pieces = _VOTE_MARK.split(para)
        if len(pieces) > 1:
            # Lists printed inside a paragraph (text from other converters): read in turn.
            for piece in (p.strip() for p in pieces):
                if piece:
                    self.feed_one(piece)
            return
        self.feed_one(para)

    def feed_one(self, para: str) -> None:
        """Read one paragraph (or one vote-list piece of a paragraph)."""
        if self._vote_list(para):
            return
        self.open_list = None
        for sent in sentences(para):
            self.draft = _draft_in(sent) or self.draft
            self._count(sent)
            self._outcome(sent)

    def _count(self, sent: str) -> None:
        """Check "received 13 votes in favour" against the printed list of states."""
        m = _RECEIVED.search(sent)
        if m is None or not self.votes or self.votes[-1]["outcome"] is not None:
            return
        said, listed = _number(m["n"]), len(self.votes[-1]["in_favour"])
        if said is not None and said != listed:
            self.warnings.append(
                f"vote on {self.votes[-1]['draft'] or 'a draft'}: the President announces "
                f"{said} votes in favour but {listed} states are listed"
            )

    def _vote_list(self, para: str) -> bool:
        for key, rx in (("in_favour", _IN_FAVOUR), ("against", _AGAINST), ("abstaining", _ABSTAIN)):
            m = rx.match(para)
            if m:
                if key == "in_favour" or not self.votes or self.votes[-1]["outcome"]:
                    self.votes.append(_new_vote(self.draft))
                self.open_list = key
                states, _, rest = _list_then_prose(m["rest"])
                self.votes[-1][key].extend(_states_or_none(states))
                if rest:
                    self.open_list = None
                    self.feed_one(rest)
                return True
        if self.open_list and _is_state_list(para):
            self.votes[-1][self.open_list].extend(_states_or_none(para))
            return True
        return False

    def _outcome(self, sent: str) -> None:
        m = _OUTCOME.search(sent)
        failed = _FAILED.search(sent)
        if not m and not failed:
            return
        resolution = f"S/RES/{m['res']} ({m['year']})" if m and m["res"] else None
        vote = self.votes[-1] if self.votes and self.votes[-1]["outcome"] is None else None
        if vote is not None:
            vote["outcome"] = "not adopted" if (failed or (m and m["not"])) else "adopted"
            vote["resolution"] = resolution
            self.open_list = None
        if resolution and not (failed or (m and m["not"])):
            unanimous = bool(m and m["u"]) or bool(
                vote and not vote["against"] and not vote["abstaining"] and vote["in_favour"]
            )
            self._adopt(resolution, unanimous)
        self.draft = None  # the next vote names its own draft

    def _adopt(self, resolution: str, unanimous: bool) -> None:
        if any(a["resolution"] == resolution for a in self.adoptions):
            return
        self.adoptions.append(
            {"resolution": resolution, "draft": self.draft, "unanimous": unanimous}
        )


def procedure_in(
    paragraphs: Sequence[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Votes and adoptions, in record order, and warnings about them.

    Returns:
        ``(votes, adoptions, warnings)``; votes and adoptions follow the schema
        documented in :mod:`normtrace.parse.verbatim.record`.
    """
    reader = _ProcedureReader()
    for para in paragraphs:
        reader.feed(para)
    return reader.votes, reader.adoptions, reader.warnings
