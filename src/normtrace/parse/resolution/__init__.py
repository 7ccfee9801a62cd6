"""Resolutions (S/RES): preambular and operative paragraphs with stable keys.

* :mod:`~normtrace.parse.resolution.parser` — :func:`parse_resolution`
* :mod:`~normtrace.parse.resolution.meta` — adoption meeting and date, leading verbs, truncation
* :mod:`~normtrace.parse.resolution.split` — lines that run several paragraphs together
"""

from normtrace.parse.resolution.parser import PARSER, parse_resolution

__all__ = ["PARSER", "parse_resolution"]
