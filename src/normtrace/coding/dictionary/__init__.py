"""The dictionary matcher: patterns, text folding, the compiled matcher, scanning, auto-coding.

- :mod:`~normtrace.coding.dictionary.patterns` — pattern syntax (wildcards, proximity)
- :mod:`~normtrace.coding.dictionary.textnorm` — text folding with offsets back to the unit text
- :mod:`~normtrace.coding.dictionary.matcher` — ``compile_codebook``: one automaton over every key
- :mod:`~normtrace.coding.dictionary.emit`, :mod:`~normtrace.coding.dictionary.filters` —
  the matcher's hits handled in bulk (numpy) and hit by hit (wildcards, proximity, exclusions)
- :mod:`~normtrace.coding.dictionary.wordhash` — the word-hash scanner for large codebooks
- :mod:`~normtrace.coding.dictionary.apply` — ``apply_codebook`` over every unit of a project
"""
