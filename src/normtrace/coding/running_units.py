"""The units a count of running text reads, and the other units it reports apart.

One rule (:mod:`normtrace.parse.running`) decides which stored units are running text: rates
per 10,000 words (:func:`normtrace.coding.counts.code_frequencies`), ``ls``'s paragraph count
(:func:`normtrace.store.queries.iter_documents`) and the case report's shares
(:mod:`normtrace.trace.store_trace`) divide by running text only; headings, tables, maps,
captions, notes ... stay stored, searchable and codable, and are counted apart by class.
"""

from __future__ import annotations

import json

from normtrace.coding.units import UnitInfo, iter_unit_info, word_count
from normtrace.parse.running import running_sql, unit_class
from normtrace.store.db import Store


def other_units(store: Store) -> dict[str, str]:
    """Every current unit that is no running text, by key, with its class
    (:func:`normtrace.parse.running.unit_class`: ``heading``, ``table``, ``map``, ``caption``
    ...): what a count of running text leaves out and reports apart. A speech, and a
    paragraph of a speech, are running text."""
    return {
        str(r["key"]): unit_class(r["kind"], json.loads(r["flags"] or "[]"))
        for r in store.conn.execute(
            "SELECT p.key AS key, p.kind AS kind, p.flags AS flags FROM paragraphs p "
            "JOIN documents d ON d.id = p.document_id WHERE d.is_current = 1 "
            f"AND p.speech_id IS NULL AND NOT {running_sql('p.kind', 'p.flags')}"
        )
    }


def running_unit_words(
    store: Store,
) -> tuple[dict[str, tuple[UnitInfo, int]], dict[str, tuple[UnitInfo, str]]]:
    """Every current unit's metadata and word count, by key, split as a count of running
    text reads them: the units of running text (with their words), and the other units
    (:func:`other_units`, with their class). Rates per 10,000 words divide by the first's
    words only (:func:`normtrace.coding.counts.code_frequencies`)."""
    others = other_units(store)
    running: dict[str, tuple[UnitInfo, int]] = {}
    other: dict[str, tuple[UnitInfo, str]] = {}
    for info, text in iter_unit_info(store, with_text=True):
        if info.key in others:
            other[info.key] = (info, others[info.key])
        else:
            running[info.key] = (info, word_count(text))
    return running, other
