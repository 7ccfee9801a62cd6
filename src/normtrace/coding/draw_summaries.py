"""The recorded validation draws of a project as a listing shows them: each draw's own row and
its strata, without its units (:mod:`normtrace.coding.sample_draw` records them).

:func:`~normtrace.coding.sample_draw.draws` reads every unit of every draw it returns, the
census of the units labelled for the code before the draw too: a listing of many draws read
them all, many times the labelled units of the project (a draw's census is every unit
labelled for its code when it was made), to show their sizes, which the strata hold. A
summary reads the draws and their strata in one query each, every codebook's at once, and
nothing else (the web Assignments page lists them so, and counts how far a draw is labelled
only when asked: :func:`~normtrace.coding.draw_labelling.draw_progress`).
"""

from __future__ import annotations

from dataclasses import dataclass

from normtrace.coding.draw_withdrawal import DrawWithdrawal, withdrawals
from normtrace.coding.sample_draw import CENSUS, Stratum
from normtrace.coding.units import has_table
from normtrace.errors import NotFoundError
from normtrace.store.db import Store

__all__ = ["DrawSummary", "draw_summaries", "draw_summary"]


@dataclass(frozen=True)
class DrawSummary:
    """A recorded draw without its units: what :class:`~normtrace.coding.sample_draw.Draw`
    holds but ``units`` and ``order``, whose sizes the strata give."""

    id: int
    run_id: int
    made_at: str
    codebook: str
    code: str
    level: str
    seed: int
    requested: int
    hit_share: float
    strata: tuple[Stratum, ...]
    #: the withdrawal standing, when the draw is withdrawn (it counts in no estimate)
    withdrawn: DrawWithdrawal | None = None

    @property
    def drawn(self) -> int:
        """The units drawn (``len(Draw.order)``): every stratum's but the census's."""
        return sum(s.sampled for s in self.strata if s.name != CENSUS)

    @property
    def units(self) -> int:
        """Every unit of the draw, drawn and census (``code validate``'s targets)."""
        return sum(s.sampled for s in self.strata)


def draw_summaries(store: Store, *, draw_id: int | None = None) -> list[DrawSummary]:
    """Every recorded draw of the project (or draw ``draw_id`` alone), of every codebook,
    withdrawn ones too (``DrawSummary.withdrawn``), newest first; their units are not read."""
    if not has_table(store, "sample_draws"):
        return []
    rows = store.conn.execute(
        "SELECT * FROM sample_draws WHERE ? IS NULL OR id = ? ORDER BY id DESC",
        (draw_id, draw_id),
    ).fetchall()
    strata: dict[int, list[Stratum]] = {}
    for s in store.conn.execute(
        "SELECT * FROM sample_draw_strata WHERE ? IS NULL OR draw_id = ? ORDER BY draw_id, stratum",
        (draw_id, draw_id),
    ):
        strata.setdefault(int(s["draw_id"]), []).append(
            Stratum(str(s["stratum"]), None if s["hit"] is None else bool(s["hit"]),
                    s["genre"], int(s["population"]), int(s["sampled"]))
        )  # fmt: skip
    out_of = withdrawals(store)
    out = []
    for r in rows:
        key = int(r["id"])
        out.append(DrawSummary(
            key, int(r["run_id"]), str(r["made_at"]), str(r["codebook"]), str(r["code"]),
            str(r["level"]), int(r["seed"]), int(r["requested"]), float(r["hit_share"]),
            tuple(strata.get(key, [])), out_of.get(key),
        ))  # fmt: skip
    return out


def draw_summary(store: Store, draw_id: int) -> DrawSummary:
    """Recorded draw ``draw_id``, withdrawn or not, without its units.

    Raises:
        NotFoundError: no draw has that id.
    """
    found = draw_summaries(store, draw_id=draw_id)
    if not found:
        raise NotFoundError("draw", str(draw_id), hint="`normtrace code draws` lists the draws")
    return found[0]
