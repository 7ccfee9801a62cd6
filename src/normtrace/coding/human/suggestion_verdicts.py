"""Where a coder's verdict on a model suggestion stands: the target it judged, and its words.

A verdict judged the suggestion's target (its key, at the level the suggestion was made) as
the target's words were when suggested on (the suggestion's text hash): it counts while the
target at that key still has those words. When a new version moves the words, unchanged, to
exactly one other key (a paragraph inserted before them), the ingest carries the verdict there
(:mod:`~normtrace.coding.human.suggestion_moves`): a new verdict event on the same suggestion
whose own ``unit_key`` and ``text_sha256`` are the new target's, naming the event it carries
(``reanchors``) and the run. Being the coder's latest verdict on that suggestion, it replaces
the one it carries in ``current_suggestion_verdicts``: every reader of :data:`STANDING` reads
the judgement once, at the key where its words stand. The suggestion row (the model's output
for the old key) is not touched, nor is any event.

>>> from normtrace.store.db import Store
>>> Store.open(":memory:").conn.execute(STANDING).fetchall()
[]
"""

from __future__ import annotations

#: SQL: each coder's current verdict on each suggestion with the target it judges now (the
#: event's own key and words: the suggestion's, or where an ingest carried a verdict on it,
#: the key its words moved to, which a later verdict on it records too,
#: :func:`~normtrace.coding.learn.suggest.record_suggestion_verdict`): ``event_id, coder, verdict,
#: suggestion_id, codebook, codebook_version, level, code, unit_key, text_sha256, carries``
#: (the event a carried verdict carries, else ``NULL``)
STANDING = (
    "SELECT v.event_id, v.coder, v.verdict, v.suggestion_id, s.codebook, s.codebook_version, "
    "s.level, s.code, "
    "coalesce(e.unit_key, s.unit_key) AS unit_key, "
    "coalesce(e.text_sha256, s.text_sha256) AS text_sha256, "
    "e.reanchors AS carries "
    "FROM current_suggestion_verdicts v JOIN coding_events e ON e.id = v.event_id "
    "JOIN suggestions s ON s.id = v.suggestion_id"
)
