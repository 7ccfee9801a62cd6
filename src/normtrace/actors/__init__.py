"""normtrace.actors: who speaks in what capacity, at which meeting, about which documents.

Modules (import them directly; nothing is loaded here):

* :mod:`~normtrace.actors.reference` — bundled states, Council terms 1946–2026,
  UN officials and other entities (``load_reference``); :mod:`~normtrace.actors.overrides`
  — a project's corrections; :mod:`~normtrace.actors.membership` — counts and the
  rule-18 presidency.
* :mod:`~normtrace.actors.roles` — ``resolve_roles(document, reference, overrides)``,
  the pure core, over the :mod:`~normtrace.actors.context` of a meeting (what the record
  says; a state's role at it); :mod:`~normtrace.actors.store_actors` — ``resolve_speech_roles``,
  ``speech_roles`` and ``unresolved`` over a project.
* :mod:`~normtrace.actors.meetings_index`, :mod:`~normtrace.actors.drafts`,
  :mod:`~normtrace.actors.links`, :mod:`~normtrace.actors.timeline` — the UN Library
  meeting index, the drafts export, document links and chronologies.
* :mod:`~normtrace.actors.authors` — who wrote a document: the role of its paragraphs (a
  report's author: ``secretariat``, ``council_mission``, ``council_body``), read everywhere.
* :mod:`~normtrace.actors.cases` — the four bundled cases; :mod:`~normtrace.actors.corpus_loader`
  — the UN Security Council Debates corpus; :mod:`~normtrace.actors.fetch` — documents by symbol.
  Coverage measures are in :mod:`normtrace.evaluate.actors`.
"""
