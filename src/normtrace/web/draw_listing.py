"""What the Assignments page shows of validation draws (``normtrace code sample``): the codes
one may draw, each codebook's apart (the draw form's Code list follows its Codebook list), and
the recorded draws, counted only when asked.

Counting how far a draw is labelled (:func:`normtrace.coding.draw_labelling.draw_progress`)
reads every label of its codebook at its level, and the draws with every unit of theirs (a
draw's census is every unit labelled for its code when it was made): 0.63 s of CPU for 50
draws of 200 on a SYNTHETIC project of 4,000 units, against 5 ms for the page without draws
(``benchmarks/bench_assignments_draws.py``), paid on every load of the page when it counted
every draw; 9 ms now. The page now lists the draws as
summaries (:func:`~normtrace.coding.draw_summaries.draw_summaries`: their rows and strata, no
unit, no label) and counts the draw being assigned, a draw whose row asks
(:func:`draw_counted`: the draws of its code and level only), or every draw when asked
(``draw_counts``: one pass of ``draw_progress``).
"""

from __future__ import annotations

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.draw_labelling import draw_progress
from normtrace.coding.draw_summaries import DrawSummary, draw_summaries, draw_summary
from normtrace.coding.sample_draw import Draw, Undrawable, drawable
from normtrace.errors import WebError
from normtrace.store.db import Store
from normtrace.web.codings import codebook_names
from normtrace.web.schemas_teams import (
    DrawCodeChoice,
    DrawCodeField,
    DrawCodeLeft,
    DrawOut,
    DrawStratumOut,
)


def draw_out(d: Draw | DrawSummary, labelled: int | None, *, order: bool = False) -> DrawOut:
    """``d`` as the page and its JSON twin give it (``order``: with its drawn keys in coding
    order, which a summary has not); ``labelled`` ``None``: not counted."""
    drawn = d.drawn if isinstance(d, DrawSummary) else len(d.order)
    units = sum(s.sampled for s in d.strata)
    keys = list(d.order) if order and isinstance(d, Draw) else []
    return DrawOut(
        id=d.id, run_id=d.run_id, made_at=d.made_at, codebook=d.codebook, code=d.code,
        level=d.level, seed=d.seed, requested=d.requested, hit_share=d.hit_share,
        drawn=drawn, units=units, labelled=labelled,
        complete=None if labelled is None else labelled == units,
        withdrawn="" if d.withdrawn is None else d.withdrawn.said(),
        strata=[DrawStratumOut(name=s.name, sampled=s.sampled, population=s.population)
                for s in d.strata],
        order=keys,
    )  # fmt: skip


def draw_counted(store: Store, draw_id: int) -> DrawOut:
    """Draw ``draw_id`` with how many of its units are labelled for its code now (withdrawn or
    not: a withdrawn draw says so beside its count), as ``draw_progress`` counts it, reading
    the draws of its code and level only.

    Raises:
        NotFoundError: no draw has that id.
    """
    s = draw_summary(store, draw_id)
    found = draw_progress(store, codebook=s.codebook, code=s.code, level=s.level)
    p = next(p for p in found if p.draw.id == draw_id)
    return draw_out(p.draw, p.labelled)


def listed_draws(store: Store, *, counted: bool, shown: int | None = None) -> list[DrawOut]:
    """The project's draws, withdrawn ones too, newest first: every one counted when
    ``counted`` (one pass over the labels of each codebook and level), else the draw ``shown``
    alone (the one being assigned), the others not (``labelled`` ``None``: their units and
    labels are not read)."""
    if counted:
        return [draw_out(p.draw, p.labelled) for p in draw_progress(store)]
    return [draw_counted(store, d.id) if d.id == shown else draw_out(d, None)
            for d in draw_summaries(store)]  # fmt: skip


def _left_out(book: str, left: Undrawable) -> DrawCodeLeft:
    """Why ``left`` cannot be drawn, in the form's words (the rule is
    :func:`~normtrace.coding.sample_draw.drawable`'s, which ``code sample`` refuses by)."""
    why = (f"it has no dictionary entries of its own: it stands for the {left.frame} frame, "
           "whose hits are the default codebook's, so there are no hits of its own to draw "
           "from; normtrace code validate measures it without a draw"
           if left.frame is not None else
           "it has no dictionary entries, so there is no dictionary of it to check; give it "
           "entries in the codebook first")  # fmt: skip
    code = left.code
    return DrawCodeLeft(codebook=book, code=code.id, name=code.name or code.id, why=why)


def draw_codes(store: Store) -> tuple[list[DrawCodeChoice], list[DrawCodeLeft]]:
    """The codes a draw can be of, of each registered codebook's current version, and the
    codable codes left out with why: :func:`~normtrace.coding.sample_draw.drawable`, the rule
    :func:`~normtrace.coding.sample_draw.draw_sample` refuses by."""
    offered: list[DrawCodeChoice] = []
    left: list[DrawCodeLeft] = []
    for name in codebook_names(store):
        codes, undrawable = drawable(stored_codebook(store, name))
        offered += [DrawCodeChoice(codebook=name, code=c.id, name=c.name or c.id)
                    for c in codes]  # fmt: skip
        left += [_left_out(name, x) for x in undrawable]
    return offered, left


def draw_code_field(store: Store, codebook: str | None, selected: str | None) -> DrawCodeField:
    """The Code list for ``codebook`` (``None`` or ``""``: every codebook's, grouped), keeping
    ``selected`` chosen when it is one of them.

    Raises:
        NotFoundError: ``codebook`` is not registered.
    """
    if codebook:
        stored_codebook(store, codebook)  # an unknown name: the 404 naming the registered
    offered, left = draw_codes(store)
    books = list(dict.fromkeys(c.codebook for c in offered))
    if codebook:
        offered = [c for c in offered if c.codebook == codebook]
        left = [c for c in left if c.codebook == codebook]
    keep = selected if selected in {c.code for c in offered} else ""
    return DrawCodeField(codebook=codebook or "", grouped=not codebook, books=books,
                         codes=offered, left_out=left, selected=keep)  # fmt: skip


def check_pair(store: Store, codebook: str, code: str) -> None:
    """Refuse, in the form's words, a code the form lists under another codebook than the
    registered one chosen (without JavaScript the Code list holds every codebook's codes,
    grouped); anything else is the library's to refuse (an unknown codebook: its 404).

    Raises:
        WebError: ``code`` is offered under other codebooks only.
    """
    if codebook not in codebook_names(store):
        return
    offered, _ = draw_codes(store)
    under = [c.codebook for c in offered if c.code == code]
    if not under or codebook in under:
        return
    mine = [c.code for c in offered if c.codebook == codebook]
    instead = (f", or one of the codes under {codebook} ({', '.join(mine)}), and draw again"
               if mine else f" and draw again (no code of {codebook} can be drawn)")  # fmt: skip
    raise WebError(
        f"the code {code} is listed under the codebook {' and '.join(under)}, not under "
        f"{codebook}: choose {under[0]} as the codebook{instead}"
    )
