"""The labels training, validation and suggestions read, one row per target and code, with why.

:func:`label_rows` lists :func:`~normtrace.coding.learn.labels.collect_labels`' labels (the one
rule: coders pooled, an adjudication in force overriding them on its target) with the human
work each rests on, so a researcher can see which targets a validation counted as positives
and negatives and check them against the codings (``normtrace code labels``):

* ``coded by X``: X's coding of the code on the target (at ``paragraph`` level, on one of its
  units);
* ``accepted by X (candidate)``, ``rejected by X (suggestion)``: X's verdict that stands on a
  dictionary candidate or a model suggestion there;
* ``reviewed by X``: X's "done" marks reach the target for the code (as
  :mod:`~normtrace.coding.human.mark_reach` reads them, coder by coder);
* ``decided absent by X (adjudication N)``, ``decided present by ...``: the adjudication in
  force there, which overrides the coders (a coding listed beside an "absent" decision is
  one it overruled).

>>> from normtrace.store.db import Store
>>> from normtrace.coding.codebook import Code, Codebook
>>> from normtrace.coding.dictionary.apply import register_codebook
>>> store = Store.open(":memory:")
>>> _ = register_codebook(store, Codebook(name="b", codes=(Code(id="poc", name="PoC"),)))
>>> label_rows(store, "b")
[]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.human.mark_reach import Mark, paragraph_units, reach
from normtrace.coding.human.reviews import Review, current_reviews
from normtrace.coding.learn.labels import Labels, collect_labels
from normtrace.coding.levels import check_level
from normtrace.errors import CodebookError
from normtrace.store.db import Store


@dataclass(frozen=True)
class LabelRow:
    """One target's label for one code, and the human work it rests on."""

    #: the unit's key (at ``paragraph`` level, the paragraph's)
    unit_key: str
    code: str
    #: 1: the code applies; 0: it does not
    label: int
    #: the reasons (see the module doc), in the order found
    why: tuple[str, ...]


def label_rows(
    store: Store, codebook: str, level: str = "unit", codes: Iterable[str] | None = None
) -> list[LabelRow]:
    """Every label of ``codebook``'s codable codes (or ``codes`` only) at ``level``, code by
    code in the codebook's order, then by key.

    Raises:
        CodebookError: a code of ``codes`` is no codable code of the codebook.
    """
    check_level(level)
    book = stored_codebook(store, codebook)
    labels = collect_labels(store, book, level)
    wanted = list(labels.codes) if codes is None else list(dict.fromkeys(codes))
    unknown = [c for c in wanted if c not in labels.codes]
    if unknown:
        raise CodebookError(
            f"{', '.join(unknown)}: no codable code of codebook {codebook!r}; "
            f"its codes are {', '.join(labels.codes) or '(none)'}"
        )
    reviewers = _reviewers(store, labels, wanted)
    out: list[LabelRow] = []
    for code in wanted:
        reasons = labels.why.get(code, {})
        for key, label in sorted(labels.by_code.get(code, {}).items()):
            why = list(reasons.get(key, ()))
            if key in labels.reviewed.get(code, frozenset()):
                who = reviewers.get((code, key))
                why.append(f"reviewed by {', '.join(who)}" if who else "reviewed")
            out.append(LabelRow(key, code, label, tuple(why)))
    return out


def _reviewers(store: Store, labels: Labels, codes: list[str]) -> dict[tuple[str, str], list[str]]:
    """(code, key) → the coders whose current marks reach the reviewed target ``key`` for
    ``code``, each coder's marks read alone (a paragraph whose units several coders marked
    between them is reviewed by them together: each is named)."""
    marks = current_reviews(store, labels.codebook)
    by_coder: dict[str, list[Review]] = defaultdict(list)
    for m in marks:
        by_coder[m.coder].append(m)
    units_of = (
        paragraph_units(store)
        if any(m.level != labels.level or m.read is not None for m in marks)
        else {}
    )
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for coder in sorted(by_coder):
        for code in codes:
            keys = labels.reviewed.get(code, frozenset())
            mine: list[Mark] = [(m.level, m.key, m.read) for m in by_coder[coder] if m.covers(code)]
            if keys and mine:
                for key in keys & reach(mine, labels.level, units_of).touched:
                    out[(code, key)].append(coder)
    return out
