"""The workbench's routes, one module per page group; ``create_app`` includes their routers.

Each route parses its input, calls one function of the web or library layer and renders
the result (a page and its JSON twin, :func:`normtrace.web.render.twin`):
:mod:`~normtrace.web.routes.auth` (sign in and out), :mod:`~normtrace.web.routes.reading`,
:mod:`~normtrace.web.routes.search`, :mod:`~normtrace.web.routes.coding`,
:mod:`~normtrace.web.routes.codebooks`, :mod:`~normtrace.web.routes.agreement`,
:mod:`~normtrace.web.routes.assignments`, :mod:`~normtrace.web.routes.adjudication`.
"""
