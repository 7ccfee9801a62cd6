"""normtrace.web: the coders' workbench (FastAPI, Jinja2, vendored htmx).

>>> from normtrace.web import create_app  # doctest: +SKIP
"""

from normtrace.web.app import create_app

__all__ = ["create_app"]
