"""normtrace.web: the coders' workbench (FastAPI, Jinja2, vendored htmx).

>>> from normtrace.web import create_app
>>> create_app.__module__
'normtrace.web.app'

``create_app`` is imported on first use (PEP 562), so that importing a module of this
package (``normtrace.web.auth`` for ``normtrace users``) does not load FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ imports it when asked
    from normtrace.web.app import create_app

__all__ = ["create_app"]

if not TYPE_CHECKING:  # hidden from mypy, which would otherwise accept any name of the package

    def __getattr__(name: str) -> object:
        if name != "create_app":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from normtrace.web.app import create_app

        globals()["create_app"] = create_app
        return create_app

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
