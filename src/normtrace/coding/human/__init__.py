"""Human coding: append-only events, precision from verdicts, agreement and reliability.

- :mod:`~normtrace.coding.human.events` — code, uncode, memo, verdict, undo; the derived state
- :mod:`~normtrace.coding.human.precision` — per-code precision from verdicts
- :mod:`~normtrace.coding.human.reliability` — percent agreement, Cohen's kappa,
  Krippendorff's alpha
- :mod:`~normtrace.coding.human.agreement` — agreement computed from the coding events
"""
