"""Parsing: text → normalized text → documents and units with stable keys (no database).

Shared values and helpers sit here; each document type has its own sub-package:

* :mod:`~normtrace.parse.model` (the frozen values) and :mod:`~normtrace.parse.symbols`
  (UN symbols) — imported by :mod:`normtrace.ingest` too, so they import nothing else
  of normtrace and this ``__init__`` imports nothing at all;
* :mod:`~normtrace.parse.normalize`, :mod:`~normtrace.parse.furniture`,
  :mod:`~normtrace.parse.dates`, :mod:`~normtrace.parse.labels`,
  :mod:`~normtrace.parse.detect`, :mod:`~normtrace.parse.speakers` — helpers the
  parsers share;
* :mod:`~normtrace.parse.verbatim`, :mod:`~normtrace.parse.resolution`,
  :mod:`~normtrace.parse.report`, :mod:`~normtrace.parse.corpus` — the parsers;
* :mod:`~normtrace.parse.dispatch` — ``parse_extracted`` picks the parser.
"""
