"""Per-file limits on outside input: size and parse time (settings with sensible defaults).

A file over ``max_file_mb`` MiB (1 MiB = 1,048,576 bytes) is refused before it is read;
extracting and parsing one file may take at most ``max_parse_seconds``. Both are settings:
the environment variables ``NORMTRACE_MAX_FILE_MB`` and ``NORMTRACE_MAX_PARSE_SECONDS``, or
the ``--max-file-mb`` and ``--max-parse-seconds`` options of ``normtrace ingest``.
``0`` turns a limit off.

>>> IngestLimits().max_file_bytes
52428800
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from normtrace.errors import ConfigError, IngestError

MAX_FILE_MB = 50.0  # 20 x the largest file in ../shared (a 2.6 MB report PDF)
MAX_PARSE_SECONDS = 300.0  # real files parse in seconds; OCR of a long scan takes minutes
_ENV_FILE = "NORMTRACE_MAX_FILE_MB"
_ENV_SECONDS = "NORMTRACE_MAX_PARSE_SECONDS"


@dataclass(frozen=True)
class IngestLimits:
    """How large a file and how long its parse may be (``0``: no limit)."""

    max_file_mb: float = MAX_FILE_MB
    max_parse_seconds: float = MAX_PARSE_SECONDS

    @classmethod
    def from_env(
        cls, *, max_file_mb: float | None = None, max_parse_seconds: float | None = None
    ) -> IngestLimits:
        """The given values, else the environment's, else the defaults."""
        return cls(
            max_file_mb=_setting(max_file_mb, _ENV_FILE, MAX_FILE_MB),
            max_parse_seconds=_setting(max_parse_seconds, _ENV_SECONDS, MAX_PARSE_SECONDS),
        )

    @property
    def max_file_bytes(self) -> int:
        """The size limit in bytes (a very large number when off)."""
        return int(self.max_file_mb * 1024 * 1024) if self.max_file_mb > 0 else 1 << 62

    @staticmethod
    def too_large(size: int, limit: int) -> str:
        """The one-line reason for a file over the size limit."""
        return (
            f"file is {size / 1048576:.1f} MiB ({size:,} bytes), over the limit of "
            f"{limit / 1048576:g} MiB ({limit:,} bytes); raise it with --max-file-mb or "
            f"{_ENV_FILE} (in MiB, 1 MiB = 1,048,576 bytes; 0: no limit)"
        )


def _setting(given: float | None, env: str, default: float) -> float:
    if given is not None:
        value: float = given
    else:
        raw = os.environ.get(env)
        if raw is None or not raw.strip():
            return default
        try:
            value = float(raw)
        except ValueError:
            raise ConfigError(f"not a number: {raw!r}; give MB or seconds", location=env) from None
    if value < 0:
        raise ConfigError(f"must be 0 (no limit) or more, not {value:g}", location=env)
    return value


@contextmanager
def time_limit(seconds: float, *, path: str) -> Iterator[None]:
    """Raise :class:`IngestError` in this block once ``seconds`` have passed.

    In a process's main thread on POSIX (the ``local`` and ``processes`` engines) a real-time
    interval timer (SIGALRM) interrupts the block. In any other thread (a Dask worker runs
    its tasks in threads; the workbench parses uploads in one) a timer thread raises the
    stop in the parsing thread (``PyThreadState_SetAsyncExc``): the limit held nowhere there
    before. Either way a long call inside a C library is stopped when it returns.
    """
    if seconds <= 0:
        yield
        return
    stop = IngestError(
        f"parsing took over {seconds:g} s and was stopped; raise the limit with "
        f"--max-parse-seconds or {_ENV_SECONDS} (0: no limit)",
        path=path,
    )
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        with _alarm(seconds, stop):
            yield
    else:
        with _thread_timer(seconds, stop):
            yield


@contextmanager
def _alarm(seconds: float, stop: IngestError) -> Iterator[None]:
    def expired(signum: int, frame: FrameType | None) -> None:
        raise stop

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _TimeUp(BaseException):
    """Raised into a parsing thread by its timer (a BaseException: no parser's ``except
    Exception`` swallows it); turned into the :class:`IngestError` at the block's edge."""


@contextmanager
def _thread_timer(seconds: float, stop: IngestError) -> Iterator[None]:
    import ctypes

    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"finished": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["finished"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(_TimeUp))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except _TimeUp:
        raise stop from None
    finally:
        with lock:
            state["finished"] = True
        timer.cancel()
        if state["fired"]:  # fired as the block ended: take back a stop not yet raised
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
