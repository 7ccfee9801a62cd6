"""normtrace: trace how a norm enters the practice of the UN Security Council.

>>> import normtrace
>>> project = normtrace.Project(":memory:")
"""

from normtrace._version import __version__
from normtrace.errors import NormtraceError
from normtrace.project import Project

__all__ = ["NormtraceError", "Project", "__version__"]
