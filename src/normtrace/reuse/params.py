"""The parameters of reuse detection, apart from the stages that use them.

:class:`ReuseParams` (re-exported by :mod:`normtrace.reuse.links`) and the memory budget
of a partitioned run (:data:`DEFAULT_MEMORY_MB`, used by
:mod:`normtrace.reuse.store_parallel`) import nothing heavy, so that the command line
shows their defaults and :class:`normtrace.Project` is defined without loading NumPy.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

#: memory budget per worker of a partitioned run (MB): partitions are sized to it
DEFAULT_MEMORY_MB = 1024

MIN_DF = 20  # a smaller bound would call a mission's own renewal language formulaic


@dataclass(frozen=True)
class ReuseParams:
    """Parameters of reuse detection (recorded with every run).

    Attributes:
        n: words per shingle.
        max_df: a shingle in more documents than this is formulaic (boilerplate).
        max_df_share: on a smaller corpus, a shingle in more than this share of its
            documents is formulaic too, though never below :data:`MIN_DF` documents
            (see :meth:`effective_max_df`).
        min_shared: rare shingles two units must share to be aligned.
        min_words: identical aligned words a link needs.
        min_similarity: matched words over the mean aligned span length.
        max_gap: largest jump (words) between anchors chained into one passage.
        margin: words added around the anchored region before aligning.
        boilerplate_share: share of formulaic shingles above which a link is flagged.
        aligner: ``"seeded"`` (default) or ``"sw"`` (Smith–Waterman on the region).
    """

    n: int = 4
    max_df: int = 100
    max_df_share: float = 0.4
    min_shared: int = 3
    min_words: int = 8
    min_similarity: float = 0.5
    max_gap: int = 25
    margin: int = 8
    boilerplate_share: float = 0.5
    aligner: str = "seeded"

    def to_dict(self) -> dict[str, Any]:
        """The parameters as a JSON-able dict."""
        return asdict(self)

    def effective_max_df(self, documents: int) -> int:
        """The document-frequency bound for a corpus of ``documents`` documents.

        ``max_df`` for large corpora; ``max_df_share`` of a small one (so "Decides to
        remain actively seized of the matter" is formulaic in a 94-document sample too).

        >>> ReuseParams().effective_max_df(2259), ReuseParams().effective_max_df(94)
        (100, 38)
        """
        return min(self.max_df, max(MIN_DF, math.ceil(self.max_df_share * documents)))
