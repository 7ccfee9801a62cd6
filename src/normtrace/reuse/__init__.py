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

The names below are imported on first use (PEP 562): importing one module of the package
(``normtrace.reuse.params`` for the CLI's defaults) does not load NumPy and every stage.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ imports them when asked
    from normtrace.reuse.aggregate import Aggregate, case_aggregate
    from normtrace.reuse.first import FirstAppearance, first_appearance
    from normtrace.reuse.links import ReuseLink, ReuseParams, Unit, find_reuse
    from normtrace.reuse.provenance import Provenance, provenance
    from normtrace.reuse.store_reuse import ReuseReport, update_reuse

#: each public name and the module that defines it
_HOMES = {
    "Aggregate": "aggregate",
    "FirstAppearance": "first",
    "Provenance": "provenance",
    "ReuseLink": "links",
    "ReuseParams": "links",
    "ReuseReport": "store_reuse",
    "Unit": "links",
    "case_aggregate": "aggregate",
    "find_reuse": "links",
    "first_appearance": "first",
    "provenance": "provenance",
    "update_reuse": "store_reuse",
}

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

if not TYPE_CHECKING:  # hidden from mypy, which would otherwise accept any name of the package

    def __getattr__(name: str) -> object:
        if name not in _HOMES:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})

    class _Package(ModuleType):
        """The import system binds a submodule to its package's attribute of the same name;
        :func:`provenance` keeps the name over its module ``provenance``, as when this
        ``__init__`` imported it eagerly (``from normtrace.reuse import provenance`` is the
        function, whichever was imported first)."""

        def __setattr__(self, name: str, value: object) -> None:
            if name in _HOMES and isinstance(value, ModuleType):
                return
            super().__setattr__(name, value)

    sys.modules[__name__].__class__ = _Package
