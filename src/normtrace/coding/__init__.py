"""normtrace.coding: codebooks, dictionary auto-coding, human coding events, reading and counting.

Modules (see ``docs/codebook-schema.md``):

- :mod:`~normtrace.coding.codebook` — the codebook value (codes, entries, exclusions, version hash)
- :mod:`~normtrace.coding.yamlio` — YAML load/dump with file:line errors; the bundled default
- :mod:`~normtrace.coding.qdc` — REFI-QDA ``.qdc`` import/export
- :mod:`~normtrace.coding.patterns`, :mod:`~normtrace.coding.textnorm`,
  :mod:`~normtrace.coding.matcher` — pattern syntax, normalization, the one-automaton matcher
- :mod:`~normtrace.coding.apply` — auto-coding every unit of a project (runs, spans)
- :mod:`~normtrace.coding.events` — append-only human coding events (code, uncode, memo,
  verdict, undo) and the derived state
- :mod:`~normtrace.coding.kwic`, :mod:`~normtrace.coding.counts`,
  :mod:`~normtrace.coding.precision` — concordance, frequencies and rates, co-occurrence,
  first appearance, precision from verdicts
- :mod:`~normtrace.coding.reliability`, :mod:`~normtrace.coding.agreement` — percent agreement,
  Cohen's kappa, Krippendorff's alpha, and agreement computed from the events
"""
