"""normtrace.web: the coders' workbench (FastAPI, Jinja2, vendored htmx).

>>> from normtrace.web import create_app
>>> create_app.__module__
'normtrace.web.app'
"""

from normtrace.web.app import create_app

__all__ = ["create_app"]
