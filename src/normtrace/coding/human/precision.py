"""Precision of each code's dictionary, from coders' verdicts on its auto-coded candidates.

Each coder's latest verdict on a candidate counts once (``current_verdicts``);
precision = accepted / judged, with a Wilson 95% score interval so a code
judged five times is not mistaken for a well-measured one.

>>> wilson_interval(8, 10)
(0.49, 0.943)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from normtrace.coding.intervals import wilson
from normtrace.coding.placed import on_candidate_sql
from normtrace.errors import NotFoundError
from normtrace.store.db import Store


@dataclass(frozen=True)
class PrecisionRow:
    """Verdicts on one code's candidates (of one codebook: two codebooks' dictionaries for a
    code id they share are two rows, not one mixed precision)."""

    code: str
    codebook: str
    judged: int
    accepted: int
    rejected: int
    precision: float
    low: float
    high: float


def wilson_interval(successes: int, trials: int) -> tuple[float, float]:
    """The Wilson 95 % interval (:func:`normtrace.coding.intervals.wilson`), to 3 decimals."""
    i = wilson(successes, trials)
    if i.low is None or i.high is None:
        return (math.nan, math.nan)
    return (round(i.low, 3), round(i.high, 3))


def code_precision(
    store: Store, *, codebook: str | None = None, version: str | None = None
) -> list[PrecisionRow]:
    """Precision per code of the dictionary as it stands: the verdicts on the candidates the
    latest run of each codebook (or of ``codebook``) proposes, a verdict given on an earlier
    run's candidate of the same words included. A verdict on words the current entries no
    longer propose judged entries that are gone, and is left out (a new user's rejection of
    an entry they then removed still lowered the code's precision). With ``version``: the
    verdicts on the candidates of that codebook version's runs.

    Raises:
        NotFoundError: no codebook (of name ``codebook``) has version ``version``.
    """
    held = [str(r[0]) for r in store.conn.execute(
        "SELECT DISTINCT version FROM codebooks WHERE ? IS NULL OR name = ? ORDER BY id",
        (codebook, codebook))]  # fmt: skip
    if codebook is not None and not held:  # a mistyped name would list nothing
        names = [str(r[0]) for r in store.conn.execute("SELECT DISTINCT name FROM codebooks")]
        raise NotFoundError("codebook", codebook,
                            hint=f"its codebooks: {', '.join(names) or 'none yet'}")  # fmt: skip
    if version:
        if version not in held:
            shown = f"the project's versions: {', '.join(held) or 'none'}"
            raise NotFoundError("codebook version", version, hint=shown)
        sql = (
            "SELECT a.code, b.name AS codebook, v.verdict, count(*) AS n FROM current_verdicts v "
            "JOIN auto_codings a ON a.id = v.auto_coding_id "
            "JOIN codebooks b ON b.id = a.codebook_id WHERE b.version = ? "
            "AND (? IS NULL OR b.name = ?) "
            # a verdict an ingest carried to its words' new place is counted there only
            "AND NOT EXISTS (SELECT 1 FROM coding_events m WHERE m.reanchors = v.event_id)"
        )
        params: list[str | None] = [version, codebook, codebook]
    else:
        sql = (
            "SELECT c.code, c.codebook, v.verdict, count(*) AS n FROM current_verdicts v "
            f"JOIN current_auto_codings c ON {on_candidate_sql('c')} "
            "WHERE (? IS NULL OR c.codebook = ?)"
        )
        params = [codebook, codebook]
    tally: dict[tuple[str, str], dict[str, int]] = {}
    for r in store.conn.execute(sql + " GROUP BY 1, 2, v.verdict", params):
        counts = tally.setdefault((str(r["code"]), str(r["codebook"])), {"accept": 0, "reject": 0})
        counts[r["verdict"]] = int(r["n"])
    rows = []
    for (code, book), t in sorted(tally.items()):
        judged = t["accept"] + t["reject"]
        low, high = wilson_interval(t["accept"], judged)
        rows.append(PrecisionRow(code, book, judged, t["accept"], t["reject"],
                                 round(t["accept"] / judged, 3), low, high))  # fmt: skip
    return rows


def no_precision(store: Store, *, codebook: str | None = None, version: str | None = None) -> str:
    """Why :func:`code_precision` (of the same arguments) has no row, and what to do, in one
    line: precision here counts the coders' accept/reject verdicts on dictionary candidates
    only, so a project whose coders coded by hand or imported codings (a new user's, who read
    "(nothing)") is pointed to ``code validate --no-model``, which scores the dictionary
    against those."""
    of = f" of {codebook}" if codebook else ""
    names = [str(r[0]) for r in store.conn.execute("SELECT DISTINCT name FROM codebooks")]
    name = codebook or (names[0] if len(names) == 1 else "NAME")
    judge = ("accept or reject them (`normtrace code verdict ID accept|reject`, the ids from "
             "`normtrace code list`)")  # fmt: skip
    if version:
        return (f"no verdict stands on a candidate of version {version}{of}: leave --version "
                "out to read the verdicts on the current candidates")  # fmt: skip
    count = store.conn.execute(
        "SELECT (SELECT count(*) FROM current_auto_codings WHERE ?1 IS NULL OR codebook = ?1), "
        "(SELECT count(*) FROM current_verdicts WHERE ?1 IS NULL OR codebook IS ?1), "
        "(SELECT count(*) FROM (SELECT unit_key FROM human_codings WHERE ?1 IS NULL OR "
        "codebook IS NULL OR codebook = ?1 UNION SELECT unit_key FROM current_done_marks "
        "WHERE ?1 IS NULL OR codebook = ?1))",
        (codebook,),
    ).fetchone()
    candidates, verdicts, by_hand = (int(n) for n in count)
    if not candidates:
        return (f"no dictionary candidates{of} to judge: apply the codebook first (`normtrace "
                f"code apply {name}`), then {judge}")  # fmt: skip
    if verdicts:
        return (f"the {verdicts} verdict(s){of} judged words the current entries no longer "
                f"propose: {judge} on the current candidates, or give --version to read the "
                "version they were made on")  # fmt: skip
    hand = (f"; or score the dictionary against the {by_hand} unit(s) coded or marked done by "
            f"hand: `normtrace code validate --codebook {name} --no-model`" if by_hand
            else "")  # fmt: skip
    return (
        f"no accept/reject verdict yet on the {candidates} dictionary candidate(s){of} "
        f"(precision here counts verdicts only): {judge}{hand}"
    )
