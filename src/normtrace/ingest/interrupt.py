"""An ingest stopped by Ctrl-C or SIGTERM: what was stored, counted by the project itself.

Each file is stored in one transaction, so an interrupted ingest leaves whole files behind;
the line that says so must count them right whatever the engine (a parallel engine stores
results as they come back, several per batch). :class:`IngestInterrupted` carries the count
read from the project (the sources the run wrote: :func:`normtrace.store.queries.files_stored`),
not from the outcomes reported so far.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class IngestInterrupted(KeyboardInterrupt):  # noqa: N818 - a KeyboardInterrupt, named as one
    """Ctrl-C (or SIGTERM under :func:`terminate_as_interrupt`) stopped an ingest run.

    ``stored`` files were stored whole by the run ``run_id`` (read from the project);
    ``reported`` outcomes had reached the caller's ``on_outcome`` by then.
    """

    def __init__(self, *, run_id: int, stored: int, reported: int) -> None:
        self.run_id = run_id
        self.stored = stored
        self.reported = reported
        super().__init__(f"ingest run {run_id} interrupted: {stored} file(s) stored")

    def line(self) -> str:
        """What ``normtrace ingest`` prints when it stops."""
        return (
            f"interrupted after {max(self.reported, self.stored)} file(s): {self.stored} stored "
            "(each whole), the file being read when it stopped not; run the same ingest again "
            "to go on (stored files are found unchanged)"
        )


@contextmanager
def terminate_as_interrupt() -> Iterator[list[int]]:
    """In this block SIGTERM (what ``kill``, ``timeout`` and batch schedulers send) stops the
    work as Ctrl-C does: temporary folders are removed on the way out and the caller can say
    what was stored. Yields a list that holds the signal's number once it arrived. Outside
    the main thread (where no handler can be set) the block runs as it is."""
    got: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield got
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        got.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield got
    finally:
        signal.signal(signal.SIGTERM, previous)
