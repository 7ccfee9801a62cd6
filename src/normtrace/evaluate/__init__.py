"""normtrace.evaluate: measure parsers and role resolution against gold data and corpora.

Nothing here writes to a project; ``normtrace eval`` is the command line.

* :mod:`~normtrace.evaluate.speeches` — speech segmentation of verbatim records against
  corpus-format gold speeches (``evaluate_pdf``, ``pool_scores``)
* :mod:`~normtrace.evaluate.resolutions` — an audit of the resolution parser over a folder
  (``audit_resolutions``)
* :mod:`~normtrace.evaluate.actors` — role coverage and resolution–meeting links on the
  shared corpus (``python -m normtrace.evaluate.actors SHARED``)
"""
