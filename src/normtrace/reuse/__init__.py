"""normtrace.reuse: passage reuse, direction, lineage, first appearance and case aggregate.

Pure stages on plain values (run in-process or on Dask workers):

- :mod:`~normtrace.reuse.shingles` — normalized words with code-point offsets, stable shingle hashes
- :mod:`~normtrace.reuse.candidates` — candidate pairs from an inverted index of rare shingles
  (MinHash-LSH kept for comparison)
- :mod:`~normtrace.reuse.align` — seeded alignment and Smith–Waterman over words
- :mod:`~normtrace.reuse.boilerplate` — formulaic passages by document frequency (reported)
- :mod:`~normtrace.reuse.links` — :func:`find_reuse`: directed links earlier → later
- :mod:`~normtrace.reuse.lineage` — predecessor chains and earliest outside source
- :mod:`~normtrace.reuse.planted` — SYNTHETIC planted reuse and its scoring

Store-backed (load, call a pure stage, save):

- :mod:`~normtrace.reuse.store_reuse` — :func:`update_reuse` (incremental)
- :mod:`~normtrace.reuse.provenance` — :func:`provenance`
- :mod:`~normtrace.reuse.first` — :func:`first_appearance`
- :mod:`~normtrace.reuse.aggregate` — :func:`case_aggregate`
"""

from normtrace.reuse.aggregate import Aggregate, case_aggregate
from normtrace.reuse.first import FirstAppearance, first_appearance
from normtrace.reuse.links import ReuseLink, ReuseParams, Unit, find_reuse
from normtrace.reuse.provenance import Provenance, provenance
from normtrace.reuse.store_reuse import ReuseReport, update_reuse

__all__ = [
    "Aggregate",
    "FirstAppearance",
    "Provenance",
    "ReuseLink",
    "ReuseParams",
    "ReuseReport",
    "Unit",
    "case_aggregate",
    "find_reuse",
    "first_appearance",
    "provenance",
    "update_reuse",
]
