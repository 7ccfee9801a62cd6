"""Whether a coding's snippet is still where it claims: the one SQL test, used everywhere.

A coding (human event or candidate) names a unit key, offsets, its snippet and,
since migration 0009, the edition whose text it was made on. It counts only when
the current text of that unit (in that edition; any edition for older events) has
the snippet at the offsets. The test reads ``speeches`` and ``paragraphs`` through
their key indexes instead of the ``units`` view, which SQLite would materialize.

>>> "speeches" in placed_sql("h") and "paragraphs" in placed_sql("h")
True
"""

from __future__ import annotations


def placed_sql(alias: str) -> str:
    """An SQL condition: the row ``alias`` (unit_key, start, end, snippet, edition) is in place."""
    a = alias
    at = f'substr({{t}}.text, {a}.start + 1, {a}."end" - {a}.start) = {a}.snippet'
    edition = f"({a}.edition IS NULL OR d.edition = {a}.edition)"
    return (
        f"(EXISTS (SELECT 1 FROM speeches s JOIN documents d ON d.id = s.document_id "
        f"WHERE s.key = {a}.unit_key AND s.is_current = 1 AND d.is_current = 1 AND {edition} "
        f"AND {at.format(t='s')}) "
        f"OR EXISTS (SELECT 1 FROM paragraphs p JOIN documents d ON d.id = p.document_id "
        f"WHERE p.key = {a}.unit_key AND p.speech_id IS NULL AND d.is_current = 1 AND {edition} "
        f"AND {at.format(t='p')}))"
    )


def on_candidate_sql(alias: str) -> str:
    """An SQL condition: the verdict ``v`` is on the identity of the candidate ``alias`` (unit
    key, codebook, code, span and snippet: a verdict holds for the same words in later runs).

    >>> 'v.snippet = a.snippet' in on_candidate_sql("a")
    True
    """
    a = alias
    return (
        f'v.unit_key = {a}.unit_key AND v.code = {a}.code AND v.start = {a}.start AND v."end" = '
        f'{a}."end" AND v.snippet = {a}.snippet AND v.codebook IS {a}.codebook'
    )


def said_sql(alias: str, verdict: str, where: str = "") -> str:
    """An SQL condition: some coder's current ``verdict`` (``accept`` or ``reject``) is on the
    identity of the candidate ``alias`` (:func:`on_candidate_sql`); ``where``: a further
    condition on that verdict ``v`` (whose it is, or whose a reader may see).

    >>> "v.verdict = 'reject'" in said_sql("a", "reject")
    True
    """
    extra = f" AND {where}" if where else ""
    return (
        f"EXISTS (SELECT 1 FROM current_verdicts v WHERE {on_candidate_sql(alias)} AND "
        f"v.verdict = '{verdict}'{extra})"
    )


def withdrawn_sql(alias: str, where: str = "") -> str:
    """An SQL condition: the candidate ``alias`` is rejected and accepted by no coder, so
    nothing holds it (a candidate one coder accepted and another rejected is disputed: the
    accept counts as its coder's coding, :data:`ACCEPTED_SPANS`); ``where``: as in
    :func:`said_sql`, on the verdicts read."""
    return f"({said_sql(alias, 'reject', where)} AND NOT {said_sql(alias, 'accept', where)})"


#: human codings whose words stand at their span in the current text (the columns of the
#: ``human_codings`` view): what a coder's coding says today. One that a new version moved
#: or removed waits for review (``normtrace code review``) and labels nothing meanwhile.
PLACED_CODINGS = f"SELECT h.* FROM human_codings h WHERE {placed_sql('h')}"

#: accepted candidates of any run whose words stand at their span in the current text
#: (columns ``unit_key, start, end, code, snippet, coder``, the accepted candidate
#: ``auto_coding_id``, its ``codebook`` and ``edition``, and the accept's ``event_id`` and
#: ``at``): each coder's current accept is that coder's
#: coding, as a hand coding is, whatever another coder's verdict (a disagreement is settled by
#: adjudication, whose "absent" the counts apply); it holds after a later codebook version stops
#: proposing the span, as in agreement, validation and exports (``exchange.carried.ACCEPTED_SQL``)
ACCEPTED_SPANS = (
    'SELECT x.unit_key, x.start, x."end", x.code, x.snippet, x.coder, x.auto_coding_id, '
    'x.codebook, x.edition, x.event_id, x.at FROM (SELECT v.unit_key, v.start, v."end", '
    "v.code, v.snippet, v.coder, v.auto_coding_id, v.codebook, a.edition, v.event_id, v.at "
    "FROM current_verdicts v JOIN auto_codings a ON a.id = v.auto_coding_id "
    f"WHERE v.verdict = 'accept') x WHERE {placed_sql('x')}"
)

#: the accepted spans that count (:data:`ACCEPTED_SPANS`) and that the latest run of their
#: codebook no longer proposes (it has no candidate of the same unit, codebook, code, span and
#: snippet), one row per such identity: ``id`` the candidate last accepted, ``coders`` those
#: who accepted it (separated by ``char(31)``, unordered), ``unit_key, code, start, end, snippet,
#: codebook``
ACCEPTS_NOT_PROPOSED = (
    "SELECT max(x.auto_coding_id) AS id, group_concat(x.coder, char(31)) AS coders, x.unit_key, "
    f'x.code, x.start, x."end", x.snippet, x.codebook FROM ({ACCEPTED_SPANS}) x WHERE NOT EXISTS '
    "(SELECT 1 FROM current_auto_codings c WHERE c.unit_key = x.unit_key AND c.code = x.code "
    'AND c.start = x.start AND c."end" = x."end" AND c.snippet = x.snippet AND c.codebook IS '
    'x.codebook) GROUP BY x.unit_key, x.codebook, x.code, x.start, x."end", x.snippet'
)


#: the coders' current verdicts on dictionary candidates whose words stand at their span in
#: the current text (the columns of ``current_verdicts`` and the verdict's ``edition``): an
#: accept or reject about words a new version changed says nothing of the new words
PLACED_VERDICTS = (
    "SELECT x.* FROM (SELECT v.*, e.edition FROM current_verdicts v JOIN coding_events e ON "
    f"e.id = v.event_id) x WHERE {placed_sql('x')}"
)

#: the coders' current rejections of candidates whose words stand at their span in the current
#: text (the columns of ``current_verdicts`` and the rejected event's ``edition``): what a
#: table carries back with ``code export --rejections``
PLACED_REJECTIONS = f"SELECT * FROM ({PLACED_VERDICTS}) WHERE verdict = 'reject'"
