"""Dates as UN documents print them (``28 March 2013``, ``March 28, 2013``) → ISO 8601.

>>> find_date("Adopted ... on 28 March 2013")
'2013-03-28'
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December)"
)
DATE_DMY = re.compile(r"(?P<day>\d{1,2})\s*" + _MONTH + r"\s*,?\s*(?P<year>(?:19|20)\d\d)", re.I)
DATE_MDY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})\s*,\s*(?P<year>(?:19|20)\d\d)", re.I)
DATE_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>(?:19|20)\d\d)\b")


def iso_date(match: re.Match[str]) -> str | None:
    """ISO date of a :data:`DATE_DMY`, :data:`DATE_MDY` or :data:`DATE_NUMERIC` match, if valid."""
    month_raw = match["month"]
    month = int(month_raw) if month_raw.isdigit() else MONTHS[month_raw.lower()]
    try:
        return dt.date(int(match["year"]), month, int(match["day"])).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first valid written date in ``text`` as ``YYYY-MM-DD``, or ``None``."""
    found = [m for rx in (DATE_DMY, DATE_MDY) for m in rx.finditer(text)]
    for m in sorted(found, key=lambda m: m.start()):
        iso = iso_date(m)
        if iso:
            return iso
    return None
