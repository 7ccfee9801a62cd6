"""normtrace: trace how a norm enters the practice of the UN Security Council.

>>> import normtrace
>>> project = normtrace.Project(":memory:")

``Project`` is imported on first use (a module ``__getattr__``, PEP 562): ``import
normtrace.cli`` or ``normtrace --help`` does not load the pipeline behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from normtrace._version import __version__
from normtrace.errors import NormtraceError

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ imports it when asked
    from normtrace.project import Project

__all__ = ["NormtraceError", "Project", "__version__"]

if not TYPE_CHECKING:  # hidden from mypy, which would otherwise accept any name of the package

    def __getattr__(name: str) -> object:
        if name != "Project":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from normtrace.project import Project

        globals()["Project"] = Project
        return Project

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
