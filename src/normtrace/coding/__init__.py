"""normtrace.coding: codebooks, dictionary auto-coding, human coding events, reading and counting.

Sub-packages and modules (see ``docs/codebook-schema.md``); import the modules directly,
nothing is loaded here or in the sub-packages' ``__init__``:

- :mod:`~normtrace.coding.codebook` — the codebook value (codes, entries, exclusions, version hash)
- :mod:`~normtrace.coding.dictionary` — the dictionary matcher: pattern syntax
  (``patterns``), text folding (``textnorm``), four stages (``compile``, ``scan``,
  ``filters``, ``emit``; the word-hash scanner ``wordhash``), the ``matcher`` that runs
  them over texts, and auto-coding every unit of a project (``apply``: runs, spans)
- :mod:`~normtrace.coding.human` — append-only human coding events (``events``: code, uncode,
  memo, verdict, undo, and the derived state), precision from verdicts (``precision``),
  percent agreement, Cohen's kappa, Krippendorff's alpha (``reliability``) and agreement
  computed from the events (``agreement``)
- :mod:`~normtrace.coding.exchange` — codebook files: YAML load/dump with file:line errors and
  the bundled default (``yamlio``), REFI-QDA ``.qdc`` import/export (``qdc``)
- :mod:`~normtrace.coding.units`, :mod:`~normtrace.coding.kwic`,
  :mod:`~normtrace.coding.counts` — the units read, concordance, frequencies and rates,
  co-occurrence, first appearance
"""
