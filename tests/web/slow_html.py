"""A pytest plugin that makes the browser tests' page-load races show every time.

The test workbench sends each full HTML page in small pieces with a pause between them, so
Chromium parses it piece by piece, as it may on a loaded 2-core CI machine. A test that
reads a page with ``count()`` or ``all()`` (which do not wait) or ``inner_text()`` before
the page has loaded then sees only its first rows, instead of once in a hundred CI runs.
htmx requests (``HX-Request``) are left alone: htmx swaps an answer only once it is whole.

Run from the checkout (the plugin must be importable before the tests' own paths are set)::

    PYTHONPATH=tests/web .venv/bin/pytest -p slow_html -p no:randomly tests/web -k browser

``NORMTRACE_SLOW_HTML_CHUNK`` (bytes, default 512) and ``NORMTRACE_SLOW_HTML_PAUSE``
(seconds, default 0.03) set the pieces and the pause. Nothing imports this module otherwise.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import normtrace.web.server as web_server

CHUNK = int(os.environ.get("NORMTRACE_SLOW_HTML_CHUNK", "512"))
PAUSE = float(os.environ.get("NORMTRACE_SLOW_HTML_PAUSE", "0.03"))

Message = MutableMapping[str, Any]
Send = Callable[[Message], Awaitable[None]]


class SlowHtml:
    """ASGI middleware: full HTML pages go out in ``CHUNK``-byte pieces, ``PAUSE`` apart."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)  # app.state and the like, as the server reads them

    async def __call__(self, scope: Message, receive: Any, send: Send) -> None:
        if scope["type"] != "http" or any(k == b"hx-request" for k, _ in scope["headers"]):
            await self.app(scope, receive, send)
            return
        html = False

        async def slow_send(message: Message) -> None:
            nonlocal html
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                html = headers.get(b"content-type", b"").startswith(b"text/html")
            elif html and message["type"] == "http.response.body" and message.get("body"):
                body, more = message["body"], message.get("more_body", False)
                for at in range(0, len(body), CHUNK):
                    last = at + CHUNK >= len(body)
                    piece = {"type": "http.response.body", "body": body[at : at + CHUNK]}
                    await send({**piece, "more_body": more or not last})
                    if not last:
                        await asyncio.sleep(PAUSE)
                return
            await send(message)

        await self.app(scope, receive, slow_send)


_serve: Callable[..., Any] = web_server.background_server  # takes any ASGI app


@contextmanager
def _slow_background_server(app: Any, **kwargs: Any) -> Iterator[str]:
    with _serve(SlowHtml(app), **kwargs) as url:
        yield url


# loaded with -p, before the test modules import background_server by name
web_server.background_server = _slow_background_server
