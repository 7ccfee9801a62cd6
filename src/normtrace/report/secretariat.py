"""Files of a Secretariat-origin analysis: figure, a CSV row per renewal, passages behind it.

:func:`write_secretariat` takes :func:`~normtrace.reuse.secretariat.secretariat_series`'s
result and writes under ``out_dir``:

* ``figures/secretariat_share.png`` (and ``.svg``) and ``data/secretariat_share.csv``
  — one row per renewal: operative words, new words (wording only: the words of citations
  of documents, ``citation_words``, are never new and, carried or not, in no share), new words
  whose earliest source is an SG report, new words an earlier report holds, from
  observations/recommendations, lag;
* ``passages/<resolution>.csv`` — per renewal, each report paragraph behind its new
  wording: the resolution paragraph, report paragraph, section, flag, lag, the new words
  its own link aligns (``new_words_linked``), the new words whose earliest source it is
  (``new_words_credited``, which add up to the renewal's ``new_from_secretariat``), the
  units a credit passed through on its way (``credited_via``), the new words whose earliest
  source is a sentence the report gives as another's words (``new_words_reported``: never
  credited to the Secretariat; they add up to ``new_reported_in_sg_report``) and who said
  them (``said_by``), the mission the report is on (``source_mission``, its own acronym) and
  whether it is the renewal's, or its predecessor's or successor's by the lineage's rule
  (``same_mission``: :class:`~normtrace.reuse.mission.MissionReports`; the CSV row splits
  ``new_from_secretariat`` likewise), and the texts that quote every word those counts rest
  on (:mod:`~normtrace.reuse.passages`): ``source_text``/``target_text`` (every aligned span and
  credited word, " … " where words are left out), ``aligned_spans`` (how many links they
  join), ``source_credited``/``target_credited`` (the credited words alone: ``target_credited``
  holds exactly ``new_words_credited`` words) and ``source_marked`` (``source_text`` with the
  credited words in «…», as the text output prints it);
* ``passages.json`` — everything above in one file;
* ``data/reported_speech_error.json`` — the reported-speech detector's measured error for the
  rules that made these files (:func:`~normtrace.parse.report.reported_error.measured_error`):
  every count above that separates the Secretariat's words from the words its reports give
  as another's rests on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from normtrace.parse.report.reported_error import measured_error
from normtrace.report.figures import FigureFiles, secretariat_figure
from normtrace.report.tables import write_csv, write_json
from normtrace.reuse.secretariat import SecretariatOrigin

PASSAGE_COLUMNS = (
    "target",
    "source",
    "report",
    "report_date",
    "lag_days",
    "section",
    "flag",
    "new_words_linked",
    "new_words_credited",
    "credited_via",
    "new_words_reported",
    "said_by",
    "source_mission",
    "same_mission",
    "source_text",
    "target_text",
    "aligned_spans",
    "source_credited",
    "target_credited",
    "source_marked",
)


def file_stem(symbol: str) -> str:
    """``S/RES/1608 (2005)`` → ``S-RES-1608-2005``.

    >>> file_stem("S/RES/1608 (2005)")
    'S-RES-1608-2005'
    """
    return re.sub(r"[^A-Za-z0-9]+", "-", symbol).strip("-")


def write_secretariat(series: Sequence[SecretariatOrigin], out_dir: str | Path) -> FigureFiles:
    """Write the figure, the per-renewal CSV and the passages (module doc); return the figure."""
    out = Path(out_dir)
    rows = [s.row() for s in series]
    fig = secretariat_figure(rows, out)
    for s in series:
        write_csv(
            out / "passages" / f"{file_stem(s.resolution)}.csv",
            [p.to_dict() for p in s.passages],
            columns=PASSAGE_COLUMNS,
        )
    write_json(out / "passages.json", [s.to_dict() for s in series])
    write_json(out / "data" / "reported_speech_error.json", measured_error().to_dict())
    return fig
