"""SYNTHETIC planted reuse: a measuring stick for reuse detection.

Everything this module makes is synthetic and labelled so: real resolution
paragraphs (*donors*) are copied, with a given share of word edits
(substitutions, deletions, insertions), into other real texts (*hosts*). The
host units it returns have keys under ``SYNTHETIC/planted/`` and no date, so
they can never be mistaken for UN documents and always sort after the donors.

:func:`evaluate` scores reuse links against the plants: a link is correct when
it runs from a plant's donor to its host and overlaps the inserted passage;
a plant is found when its correct links cover at least half of the passage
(edits can split one passage into two aligned pieces). Links between donors
and hosts that already share text *before* planting (real reuse, e.g.
renewals) are excluded from precision and counted separately.

>>> import random
>>> edit_words("one two three four five six seven eight nine ten", 0.2,
...            random.Random(1), ["alpha", "beta"]).count(" ") >= 7
True
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from normtrace.reuse.links import ReuseLink, Unit

SYNTHETIC_PREFIX = "SYNTHETIC/planted/"
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Plant:
    """One planted passage: donor (real) → host (SYNTHETIC) at ``[start, end)`` of host text."""

    donor: Unit
    host: Unit
    original_host: Unit
    start: int
    end: int
    edit_rate: float


@dataclass(frozen=True)
class Score:
    """Recall and precision of reuse links against a set of plants."""

    edit_rate: float
    plants: int
    excluded_plants: int
    found: int
    links: int
    correct_links: int
    excluded_links: int

    @property
    def recall(self) -> float:
        """Share of plants found."""
        return self.found / self.plants if self.plants else 0.0

    @property
    def precision(self) -> float:
        """Share of donor → host links that point at a plant."""
        return self.correct_links / self.links if self.links else 1.0


def edit_words(text: str, rate: float, rng: random.Random, vocabulary: Sequence[str]) -> str:
    """``text`` with ``round(rate × words)`` word edits at distinct random positions.

    Each edit substitutes a vocabulary word, deletes the word, or inserts a
    vocabulary word after it, with equal chance.
    """
    words = _WORD.findall(text)
    chosen = set(rng.sample(range(len(words)), round(rate * len(words))))
    out: list[str] = []
    for idx, word in enumerate(words):
        if idx not in chosen:
            out.append(word)
            continue
        action = rng.randrange(3)
        if action == 0:
            out.append(rng.choice(vocabulary))
        elif action == 2:
            out.extend((word, rng.choice(vocabulary)))
    return " ".join(out)


def choose(
    documents: Sequence[Sequence[Unit]], count: int, *, seed: int = 0, min_words: int = 20
) -> tuple[list[Unit], list[Unit]]:
    """Pick ``count`` donor paragraphs and host texts from real documents.

    Donors are paragraphs of at least ``min_words`` words, one per document;
    each host is the whole text (paragraphs joined by line breaks) of another
    document. Hosts are returned as undated units with key ``<document>#host``.
    """
    rng = random.Random(seed)
    order = [d for d in documents if d]
    rng.shuffle(order)
    donors, hosts = [], []
    for idx, doc in enumerate(order):
        long_enough = [u for u in doc if len(_WORD.findall(u.text)) >= min_words]
        if not long_enough:
            continue
        host_doc = order[(idx + len(order) // 2) % len(order)]
        name = (host_doc[0].document or host_doc[0].key) + "#host"
        donors.append(rng.choice(long_enough))
        hosts.append(Unit(name, None, 0, "\n".join(u.text for u in host_doc), name))
        if len(donors) == count:
            break
    return donors, hosts


def plant(
    donors: Sequence[Unit], hosts: Sequence[Unit], *, edit_rate: float, seed: int = 0
) -> list[Plant]:
    """Insert each donor, edited, into the host of the same index (SYNTHETIC).

    The passage goes in at a random line break of the host text (or its
    end), as a paragraph of its own.
    """
    rng = random.Random(f"{seed}:{edit_rate}")
    vocabulary = sorted({w for h in hosts for w in _WORD.findall(h.text)})
    plants = []
    for number, (donor, host) in enumerate(zip(donors, hosts, strict=True)):
        passage = edit_words(donor.text, edit_rate, rng, vocabulary)
        breaks = [m.end() for m in re.finditer("\n", host.text)] or [len(host.text)]
        at = rng.choice(breaks)
        text = host.text[:at] + passage + "\n" + host.text[at:]
        key = f"{SYNTHETIC_PREFIX}{edit_rate:.2f}/{number:04d}"
        synthetic = Unit(key, None, 0, text, key)
        plants.append(Plant(donor, synthetic, host, at, at + len(passage), edit_rate))
    return plants


def evaluate(
    plants: Sequence[Plant], links: Sequence[ReuseLink], baseline: Sequence[ReuseLink] = ()
) -> Score:
    """Score ``links`` (found among donors and planted hosts) against ``plants``.

    Args:
        plants: the plants of one edit rate; a plant whose donor and host
            already share text (see ``baseline``) is left out of recall.
        links: reuse links found among the donors and the planted hosts.
        baseline: links found among the donors and the *original* hosts.
            A link between a donor and a host already linked there, or from a
            donor that shares text with the planted donor into the plant, is
            real reuse: counted in ``excluded_links``, not scored.
    """
    natural = {(x.source, x.target) for x in baseline} | {(x.target, x.source) for x in baseline}
    donors = {p.donor.key for p in plants}
    by_host = {p.host.key: p for p in plants}
    original = {p.host.key: p.original_host.key for p in plants}
    clean = [p for p in plants if (p.donor.key, p.original_host.key) not in natural]
    scored = excluded = correct = 0
    covered: dict[str, int] = {}
    for link in links:
        if link.source not in donors or link.target not in by_host:
            continue
        target = by_host[link.target]
        overlap = _overlap(link, target)
        if (link.source, original[link.target]) in natural or (
            overlap and (link.source, target.donor.key) in natural
        ):
            excluded += 1
            continue
        scored += 1
        if link.source == target.donor.key and overlap > 0:
            correct += 1
            covered[link.target] = covered.get(link.target, 0) + overlap
    found = {k for k, v in covered.items() if v >= 0.5 * (by_host[k].end - by_host[k].start)}
    rate = plants[0].edit_rate if plants else 0.0
    return Score(rate, len(clean), len(plants) - len(clean), len(found), scored, correct, excluded)


def _overlap(link: ReuseLink, target: Plant) -> int:
    """Code points of the planted passage that the link's target span covers."""
    return max(0, min(link.target_end, target.end) - max(link.target_start, target.start))
