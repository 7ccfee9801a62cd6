"""normtrace.trace: weigh rival explanations of a case against evidence that points to text.

Modules:

* :mod:`~normtrace.trace.hypotheses` — rival hypotheses as YAML data (priors, implications);
* :mod:`~normtrace.trace.ledger` — the evidence ledger: items with unit keys, indicator
  values and P(E | H) for every hypothesis with the analyst's justification;
* :mod:`~normtrace.trace.inference` — Bayesian updating step by step (independence stated);
* :mod:`~normtrace.trace.vanevera` — Van Evera test types derived from the probabilities;
* :mod:`~normtrace.trace.sensitivity` — posterior ranges and tornado data;
* :mod:`~normtrace.trace.indicators` — named indicator functions over plain values;
* :mod:`~normtrace.trace.store_trace`, :mod:`~normtrace.trace.collect` — read a case's
  documents and indicator inputs from the project store;
* :mod:`~normtrace.trace.scope` — a case's documents, the one definition (``first --case``,
  ``freq --case``, the web's case filter read it);
* :mod:`~normtrace.trace.case` — :func:`trace_case`, the pure core of ``normtrace trace``;
* :mod:`~normtrace.trace.run` — :func:`run_trace`, one call per command; it returns a
  :class:`~normtrace.trace.result.TraceRun`, which :mod:`~normtrace.trace.record` stores.
"""
