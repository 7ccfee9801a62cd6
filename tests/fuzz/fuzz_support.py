"""Settings of the fuzz suite: hypothesis over every entry point outside input reaches.

Text, HTML and PDF ingest (arbitrary bytes, mutated real PDFs), the query language, and
every web route with random path and query values. A run is derandomized (the same
examples every time, so CI is reproducible) and budgeted: each test sets
``max_examples`` and the per-example ``deadline`` so that the whole suite stays under
60 s (``make fuzz`` runs it alone; ``make test`` includes it). Set ``NORMTRACE_FUZZ=deep``
for a long randomized hunt (10x the examples, fresh random seeds).

Anything a fuzz test finds goes into ``tests/fixtures/fuzz/`` (see its README), which
``test_fuzz_corpus.py`` replays on every run.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

from normtrace.errors import NormtraceError

DEEP = os.environ.get("NORMTRACE_FUZZ") == "deep"

settings.register_profile(
    "fuzz-ci",
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    print_blob=True,
)
settings.register_profile(
    "fuzz-deep",
    derandomize=False,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    print_blob=True,
)
FUZZ = settings.get_profile("fuzz-deep" if DEEP else "fuzz-ci")


def examples(n: int) -> settings:
    """The suite's settings with ``n`` examples (10x with ``NORMTRACE_FUZZ=deep``)."""
    return settings(FUZZ, max_examples=n * 10 if DEEP else n)


def refused_cleanly(exc: BaseException) -> bool:
    """A refusal the suite accepts: a :class:`NormtraceError` whose message is one line."""
    return isinstance(exc, NormtraceError) and "\n" not in str(exc) and bool(str(exc).strip())
