"""The analytic frames the project's codebooks declare, and the codes that stand for each.

Evidence rules and indicators name frames (``offensive_force``), not code ids, so they
work with any codebook that declares its frames (``frames:`` in the codebook YAML; the
default codebook declares the six of ``FRAMES.md``).
"""

from __future__ import annotations

from normtrace.coding.exchange.yamlio import loads_codebook
from normtrace.errors import CodebookError
from normtrace.store.db import Store


def project_frames(store: Store) -> dict[str, set[str]]:
    """Frame → code ids, over the latest version of every codebook in the project."""
    out: dict[str, set[str]] = {}
    rows = store.conn.execute(
        "SELECT name, yaml FROM codebooks WHERE id IN (SELECT id FROM current_codebooks)"
    ).fetchall()
    for row in rows:
        try:
            book = loads_codebook(row["yaml"], path=f"codebook {row['name']} in the project")
        except CodebookError:
            continue
        for frame, codes in book.frames:
            out.setdefault(frame, set()).update(codes)
    return out
