"""Codebook files in and out: YAML and REFI-QDA ``.qdc``.

- :mod:`~normtrace.coding.exchange.yamlio` — YAML load/dump with file:line errors; the bundled
  default codebook
- :mod:`~normtrace.coding.exchange.qdc` — REFI-QDA ``.qdc`` import/export
"""
