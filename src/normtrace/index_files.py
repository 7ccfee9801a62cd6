"""Meeting-index files in an ingest: the UN Library's meeting tables, its veto table and the
drafts-to-resolutions export are imported into the meeting index, not parsed as documents."""

from __future__ import annotations

import os
import re

from normtrace.ingest.source import XLSX, SourceFile, shown_path
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, record_source

_LIBRARY_TABLE = re.compile(r"scact(\d{4})\w*_table_en\.html?$", re.IGNORECASE)
_VETO_TABLE = re.compile(r"scact_veto_table_en\.html?$", re.IGNORECASE)


def import_index_file(store: Store, source: SourceFile, *, run_id: int | None) -> tuple[str, int]:
    """Import a UN Library meeting table or the drafts export into the meeting index: the
    file's shown path and the number of index rows it gave."""
    from normtrace.actors.links import import_drafts, import_meeting_index
    from normtrace.actors.meetings_index import parse_table_html
    from normtrace.actors.veto_table import import_veto_table, parse_veto_table
    from normtrace.ingest.text import decode_text

    name = os.path.basename(source.path)
    with store.transaction():
        if source.media_type == XLSX:
            count, parser = import_drafts(store, source.path), "actors.drafts.v1"
        elif _VETO_TABLE.match(name):
            html = decode_text(source.data, path=source.path).text
            count = import_veto_table(store, parse_veto_table(html))["vetoes"]
            parser = "actors.veto_table.v1"
        else:
            match = _LIBRARY_TABLE.match(name)
            year = int(match[1]) if match else 0
            html = decode_text(source.data, path=source.path).text
            count = import_meeting_index(store, parse_table_html(html, year, name), run_id=run_id)
            parser = "actors.meetings_index.v1"
        shown = shown_path(source.path)
        record = SourceRecord(
            shown, source.sha256, source.size, source.media_type, parser, source.file_key
        )
        record_source(store, record, parser=parser, run_id=run_id)
    return shown, count


def is_index_file(source: SourceFile) -> bool:
    """True for the UN Library's meeting tables and the drafts-to-resolutions export."""
    name = os.path.basename(source.path)
    return source.media_type == XLSX or bool(_LIBRARY_TABLE.match(name) or _VETO_TABLE.match(name))
