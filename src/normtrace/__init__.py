"""normtrace: trace how a norm enters the practice of the UN Security Council."""

from normtrace._version import __version__
from normtrace.errors import NormtraceError

__all__ = ["NormtraceError", "__version__"]
