"""Verbatim records (S/PV): the record, its cover, speaker headers, procedure, invitations.

* :mod:`~normtrace.parse.verbatim.record` — :func:`parse_verbatim`, speeches and meeting facts
* :mod:`~normtrace.parse.verbatim.header` — the cover page (meeting, date, President, members)
* :mod:`~normtrace.parse.verbatim.speakers` — speaker headers (``Mr. Abarry (Niger):``)
* :mod:`~normtrace.parse.verbatim.procedure` — votes and adoptions
* :mod:`~normtrace.parse.verbatim.invitations` — rule 37 and rule 39 invitations
"""

from normtrace.parse.verbatim.record import PARSER, parse_verbatim

__all__ = ["PARSER", "parse_verbatim"]
