"""Reports, letters and presidential statements (``S/2013/119``, ``S/PRST/2013/4``).

* :mod:`~normtrace.parse.report.parser` — :func:`parse_report`
* :mod:`~normtrace.parse.report.front` (masthead, title, date),
  :mod:`~normtrace.parse.report.blocks` (maps, figures, tables),
  :mod:`~normtrace.parse.report.headings` (when a printed line or a heading goes on)
"""

from normtrace.parse.report.parser import PARSER, parse_report

__all__ = ["PARSER", "parse_report"]
