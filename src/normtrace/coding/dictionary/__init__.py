"""The dictionary matcher: patterns, text folding, four stages, auto-coding.

A codebook's way through :func:`~normtrace.coding.dictionary.apply.apply_codebook`,
one module a stage, each readable top to bottom:

- :mod:`~normtrace.coding.dictionary.patterns` — pattern syntax (wildcards, alternatives)
- :mod:`~normtrace.coding.dictionary.textnorm` — text folding with offsets back to the unit text
- :mod:`~normtrace.coding.dictionary.compile` — 1. compile: patterns → keys and per-key tables,
  one automaton (or :mod:`~normtrace.coding.dictionary.wordhash`, the word-hash scanner for
  large codebooks)
- :mod:`~normtrace.coding.dictionary.scan` — 2. scan: a batch of folded texts, every key hit
- :mod:`~normtrace.coding.dictionary.filters` — 3. filter: word boundaries, words after a
  wildcard, proximity, exclusions, nested spans
- :mod:`~normtrace.coding.dictionary.emit` — 4. emit: sorted spans of the original texts, as arrays
- :mod:`~normtrace.coding.dictionary.matcher` — ``compile_codebook`` and ``Matcher``: the stages
  over one text (``match``) or a batch (``match_many``)
- :mod:`~normtrace.coding.dictionary.apply` — ``apply_codebook`` over every unit of a project
"""
