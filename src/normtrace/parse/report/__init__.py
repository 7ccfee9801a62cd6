"""Reports, letters and presidential statements (``S/2013/119``, ``S/PRST/2013/4``).

* :mod:`~normtrace.parse.report.parser` — :func:`parse_report`
"""

from normtrace.parse.report.parser import PARSER, parse_report

__all__ = ["PARSER", "parse_report"]
