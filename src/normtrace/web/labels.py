"""Names people read instead of ids: speaker roles, and times as people read them.

>>> role_label("permanent_member")
'Permanent member'
>>> role_label("resolution")
'Text of a resolution'
>>> when("2026-01-05T09:30:12Z")
'2026-01-05 09:30 UTC'
"""

from __future__ import annotations

from normtrace.actors.authors import ROLE_LABELS


def role_label(role: str) -> str:
    """A role (the vocabulary of :mod:`normtrace.actors.authors`) as people read it
    (``permanent_member`` → ``Permanent member``)."""
    return ROLE_LABELS.get(role, role.replace("_", " ").capitalize())


def when(stamp: str | None) -> str:
    """A stored ISO-8601 UTC time as people read it, to the minute (``""`` for none).

    >>> when("2026-01-05T09:30:12+00:00")
    '2026-01-05 09:30 UTC'
    >>> when("2026-01-05")
    '2026-01-05'
    """
    if not stamp:
        return ""
    day, sep, rest = stamp.partition("T")
    return f"{day} {rest[:5]} UTC" if sep and len(rest) >= 5 else stamp


#: the upload and re-parse forms' box that makes a new version current even when it keeps less
#: than half of the current version's words (``ingest --replace-shrunk``); the job's error line
#: names it
SHRUNK_BOX = "Make a new version current even if it loses most of the current version's words"
