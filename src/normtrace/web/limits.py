"""Request-body limits, applied before anything reads the body or checks the session.

A body larger than the limit is refused with 413 from its ``Content-Length`` alone, or,
for a chunked body, as soon as the bytes received pass the limit, so an unauthenticated
client can make the server read (and hold) at most ``anonymous`` bytes. A request
carrying a session cookie may send up to ``signed_in`` bytes (a codebook); whether the
session is valid is checked later, so a forged cookie buys no more than that.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ANONYMOUS_BYTES = 64 * 1024  # a sign-in form or JSON body is a few hundred bytes
SIGNED_IN_BYTES = 8 * 1024 * 1024  # the largest codebook YAML is ~200 kB


class BodyLimit:
    """ASGI middleware refusing request bodies over a limit with 413 (see the module)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        cookie: str,
        anonymous: int = ANONYMOUS_BYTES,
        signed_in: int = SIGNED_IN_BYTES,
    ) -> None:
        self.app, self.anonymous, self.signed_in = app, anonymous, signed_in
        self._cookie = f"{cookie}=".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        limit = self.signed_in if self._cookie in headers.get(b"cookie", b"") else self.anonymous
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _refuse(send, 400, "the Content-Length header is not a number")
                return
            if int(declared) > limit:
                await _refuse(send, 413, _too_large(limit))
                return
        received, exceeded = 0, False

        async def limited() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request" and not exceeded:
                received += len(message.get("body", b""))
                if received > limit:  # stop reading; the app sees an empty end
                    exceeded = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def answer(message: Message) -> None:
            if not exceeded:
                await send(message)
            elif message["type"] == "http.response.start":  # the app's answer is replaced
                await _refuse(send, 413, _too_large(limit))

        await self.app(scope, limited, answer)


def _too_large(limit: int) -> str:
    return f"request body over {limit // 1024} kB; sign in first, or send less"


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message, "status": status}).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"connection", b"close"),
                    (b"content-length", str(len(body)).encode())],
    })  # fmt: skip
    await send({"type": "http.response.body", "body": body})
