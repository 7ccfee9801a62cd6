"""Tasks a mandate resolution gives its mission outside the enumerated task list.

A resolution that lists the mission's tasks often gives it more in paragraphs of their own:
``Requests MONUC, working in close cooperation with the Government ..., to continue its
coordination of operations with the FARDC brigades``, ``Authorizes UNMIL to provide security
at the Special Court``, ``Decides that UNMISS shall also support ...``. One rule, the same for
every mission, says whether an operative paragraph gives the mission a task
(:func:`gives_task`): one of its clauses

* *requests, authorizes or directs* the mission to do something — the verb (``requests``,
  ``also requests``, ``further requests``, ``authorizes``, ``directs``) addresses words that
  name the mission before the infinitive (``Requests MONUC, working with ..., to continue``,
  ``Requests the Secretary-General and UNAMA to``), except an authorization of means (``to use
  all necessary means``, ``to take all necessary measures``) or a request to carry out the
  mandate it already has (``to carry out its mandate``, ``to continue to fulfil its mandate``):
  these give no task of their own; or
* *decides (or underlines, reiterates) that the mission shall* do something (``Decides that
  UNMIL shall also ...``, ``Underlines that MONUC shall deter ...``), except what the mission
  shall be, have, consist of, comprise, include or remain (``shall be led by``, ``shall consist
  of up to 15,000 military personnel``): its make-up, not a task.

An exhortation gives none (``Encourages UNAMA to``, ``Urges MONUC to``, ``Calls upon MINUSTAH
to``: the Council hopes, it does not task), nor does a request to anyone else
(``Requests the Secretary-General to ensure that ... MONUC's troop-contributing countries``).
Only the mission's acronym names it (``the Mission`` may be another one). A paragraph that gives
a task counts its leaf sub-paragraphs, one when it has none, like a task list.
"""

from __future__ import annotations

import re

from normtrace.trace.task_refs import task_pointers

#: a request or an authorization (or its subjunctive "requests that M do") and the words up to the
#: clause's end; the addressee is read from its start
_ASK = re.compile(
    r"\b(?:also\s+|further\s+)?(?:requests|authorizes|directs)\s+(?:further\s+|also\s+)?"
    r"(?=(?P<rest>[^;]{0,500}))",
    re.IGNORECASE,
)
#: an infinitive ("to assist"), never the preposition ("to the Government")
_TO = re.compile(r"\bto\s+(?!(?:the|its|their|his|her|a|an|all|this|that|these|those)\b)")
#: an authorization of means: what follows it ("..., to protect civilians") is the task, if any
_MEANS = re.compile(
    r"^(?:use|take)\s+(?:all\s+|the\s+)?(?:necessary|appropriate)\s+"
    r"(?:means|measures|actions?|steps)\b",
    re.IGNORECASE,
)
#: the clause is about the mandate the mission has (carry it out, focus on the tasks it lists):
#: no new task
_HAS = re.compile(
    r"\b(?:implement|carry\s+out|fulfil|fulfill|discharge|perform|execute)\s+"
    r"(?:effectively\s+)?(?:its|the|their)\s+(?:[\w-]+\s+){0,2}?mandates?\b"
    r"|\btasks?\s+(?:of\s+its\s+mandate\s+)?(?:outlined|set\s+out|listed|described|specified"
    r"|defined)\s+in\s+(?:sub-?)?paragraph",
    re.IGNORECASE,
)
#: what the mission shall be, have or be made of: its make-up, not a task
_MAKE_UP = r"(?:be|have|consist|comprise|include|remain|retain)\b"


def _restates(clause: str) -> bool:
    """Whether a clause is about the mandate the mission has, or takes its task from the
    resolution's own paragraphs (``, in accordance with paragraph 6 (a) above``: the list's)."""
    return bool(_HAS.search(clause)) or any(p.number is None for p in task_pointers(clause))


def _addressed(who: str, name: str) -> bool:
    """Whether ``who`` (the words between the verb and the infinitive) addresses the mission:
    it opens with it or joins it with "and" (``MONUC, working with ...``, ``in this context
    MINURCAT``, ``the Special Representative and UNMISS``), never its possessive or a noun of
    it (``MONUC's strength``, ``the deployment of MONUC``), nor a mission named in a clause set
    off by commas (``the Secretary-General, in the context of ... between UNMIL and UNOCI,``)."""
    who = re.sub(r",[^,]*(?:,|$)", " ", who)
    head = r"(?:^|\band\s+)(?:(?:in\s+this\s+(?:context|regard)|also|further),?\s+)*(?:the\s+)?"
    return bool(re.search(rf"{head}{name}(?!['’]s)", who.strip(), re.IGNORECASE))


def _task_after(rest: str, name: str) -> bool:
    """Whether a request or an authorization (``rest``: the words after its verb) gives the
    mission a task."""
    subjunctive = re.match(
        rf"that(?:\s*,[^;]{{0,120}}?,|\s+[^;,]{{0,120}}?,)?\s*(?:the\s+)?{name}\s+(?P<what>.*)",
        rest,
        re.IGNORECASE | re.DOTALL,
    )
    if subjunctive:
        what = subjunctive["what"]
        return not re.match(_MAKE_UP, what, re.IGNORECASE) and not _restates(rest)
    to = _TO.search(rest)
    if to is None or not _addressed(rest[: to.start()], name):
        return False
    what = rest[to.end() :]
    means = _MEANS.match(what)
    if means:
        after = _TO.search(what, means.end())
        if after is None:
            return what.rstrip().endswith(":")
        what = what[after.end() :]
    return not _restates(what)


def gives_task(text: str, mission: str) -> bool:
    """Whether an operative paragraph gives ``mission`` a task (module doc).

    >>> gives_task("Requests ZEPHUN, working closely with the Government, to support the "
    ...            "elections;", "ZEPHUN")
    True
    >>> gives_task("Authorizes ZEPHUN to use all necessary means to carry out its mandate;",
    ...            "ZEPHUN")
    False
    >>> gives_task("Decides that ZEPHUN shall also monitor the ceasefire;", "ZEPHUN")
    True
    >>> gives_task("Decides that ZEPHUN shall consist of up to 900 military personnel;",
    ...            "ZEPHUN")
    False
    >>> gives_task("Encourages ZEPHUN to continue its outreach;", "ZEPHUN")
    False
    >>> gives_task("Requests the Secretary-General to ensure that ZEPHUN is staffed;", "ZEPHUN")
    False
    """
    name = rf"\b{re.escape(mission)}\b"
    if any(_task_after(m["rest"], name) for m in _ASK.finditer(text)):
        return True
    shall = re.compile(
        rf"\bthat\s+(?:the\s+)?{name}(?:\s*,[^;.]{{0,150}}?,)?\s+shall\s+(?:also\s+)?"
        rf"(?!{_MAKE_UP})\w[^;]*",
        re.IGNORECASE,
    )
    return any(not _restates(m.group(0)) for m in shall.finditer(text))
