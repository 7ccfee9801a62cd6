"""Abuse limits of the workbench: bad ids and queries answer 400, searches are bounded."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from web_support import TestClient

BIG = "9" * 20  # past SQLite's 64-bit integers

JSON = {"accept": "application/json"}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", f"/api/documents/{BIG}"),
        ("get", f"/documents/{BIG}"),
        ("get", f"/api/documents/{BIG}/memos"),
        ("get", f"/api/documents?offset={BIG}"),
        ("post", f"/api/codings/{BIG}/remove"),
        ("post", f"/api/candidates/{BIG}/accept"),
    ],
)
def test_an_id_out_of_range_is_a_bad_request(
    clients: dict[str, TestClient], method: str, path: str
) -> None:
    client = clients["alice"]
    response = getattr(client, method)(path, headers=JSON)
    assert response.status_code == 400, response.text
    assert "out of range" in response.json()["error"]


@pytest.mark.parametrize("path", ["/api/search", "/search"])
def test_a_nul_or_an_overlong_query_is_a_bad_request(
    clients: dict[str, TestClient], path: str
) -> None:
    client = clients["alice"]
    nul = client.get(path, params={"q": "Goma\x00"})
    assert nul.status_code == 400 and "NUL" in nul.text
    many = client.get(path, params={"q": " ".join(["the"] * 200)})
    assert many.status_code == 400 and "at most 32" in many.text


def test_a_search_over_its_time_budget_returns_what_it_found(
    app: FastAPI, clients: dict[str, TestClient]
) -> None:
    client = clients["alice"]
    # another filter (the same units): the complete result is cached, and needs no time
    whole = client.get("/api/search", params={"q": "the", "year_to": 9999}).json()
    assert whole["complete"] and whole["total"] > 1 and not whole["error"]
    app.state.search_seconds = 1e-9
    cut = client.get("/api/search", params={"q": "the"})
    assert cut.status_code == 200
    body = cut.json()
    assert not body["complete"] and body["total"] < whole["total"]
    assert "was stopped after 1e-09 s" in body["error"] and "at least" in body["error"]
    page = client.get("/search", params={"q": "the"})
    assert page.status_code == 200 and "was stopped after" in page.text
    # the stopped search was not kept; the complete one answers at once, budget or not
    again = client.get("/api/search", params={"q": "the", "year_to": 9999}).json()
    assert again["cached"] and again["complete"] and again["total"] == whole["total"]


def test_throttling_one_client_never_locks_the_owner_out_of_another() -> None:
    from normtrace.web.auth import LoginThrottle

    throttle = LoginThrottle(limit=3, client_limit=5, account_interval=60.0)
    for _ in range(3):
        assert throttle.allowed("bob", "10.0.0.66")
        throttle.failed("bob", "10.0.0.66")
    assert not throttle.allowed("bob", "10.0.0.66")  # the guesser is refused ...
    assert throttle.allowed("bob", "127.0.0.1")  # ... the owner elsewhere is not
    assert throttle.allowed("bob", "127.0.0.1")  # (a client without failures is never paced)
    # many names from one client: refused after client_limit failures
    for i in range(2):
        throttle.failed(f"user{i}", "10.0.0.66")
    assert not throttle.allowed("someone-else", "10.0.0.66")
    assert throttle.allowed("someone-else", "10.0.0.68")


def test_the_account_pace_slows_distributed_guessing() -> None:
    from normtrace.web.auth import LoginThrottle

    throttle = LoginThrottle(limit=2, client_limit=100, account_interval=60.0)
    throttle.failed("bob", "a")
    throttle.failed("bob", "b")
    assert throttle.allowed("bob", "b")  # paced: the first try in the interval passes
    throttle.failed("bob", "b")
    assert not throttle.allowed("bob", "a")  # the next failing client waits the interval
    assert throttle.allowed("bob", "owner")  # the owner's client is not paced


def test_the_right_password_from_another_client_signs_in_after_a_lockout(app: FastAPI) -> None:
    from web_support import PASSWORD

    from normtrace.web.auth import LoginThrottle

    app.state.login_throttle = LoginThrottle(limit=3)
    guesser = TestClient(app, client=("10.0.0.66", 5000))
    for _ in range(3):
        guesser.post("/api/login", json={"name": "bob", "password": "guess-guess"})
    refused = guesser.post("/api/login", json={"name": "bob", "password": PASSWORD})
    assert refused.status_code == 429
    owner = TestClient(app, client=("127.0.0.1", 5001))
    assert owner.post("/api/login", json={"name": "bob", "password": PASSWORD}).status_code == 200


def test_a_large_body_is_refused_before_it_is_read(app: FastAPI) -> None:
    anonymous = TestClient(app)
    big = b"x" * (65 * 1024)
    declared = anonymous.post(
        "/api/login", content=big, headers={"content-type": "application/json"}
    )
    assert declared.status_code == 413 and "over 64 kB" in declared.json()["error"]

    def chunks() -> object:  # no Content-Length: counted as it arrives
        for _ in range(100):
            yield b"x" * 4096

    streamed = anonymous.post(
        "/api/login", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    small = anonymous.post("/api/login", json={"name": "bob", "password": "guess-guess"})
    assert small.status_code == 403


def test_a_search_whose_client_leaves_is_cancelled(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The client gives up after 0.5 s: the search thread is told to stop at once instead
    of running out its 3 s budget (a stand-in search waits for that signal)."""
    import threading

    import httpx
    from web_support import session_for

    from normtrace.web import queries
    from normtrace.web.server import background_server

    seen: dict[str, bool] = {}
    started = threading.Event()

    def slow_search(*args: object, cancel: threading.Event, **kwargs: object) -> object:
        started.set()
        seen["cancelled"] = cancel.wait(timeout=20)
        return [], queries.SearchResult([], 0, "cancelled")

    monkeypatch.setattr(queries, "search_units", slow_search)
    signed = session_for(app, "alice")
    with background_server(app) as url:
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(url + "/api/search", params={"q": "Mali"}, cookies=signed.cookies,
                      timeout=0.5)  # fmt: skip
        assert started.wait(timeout=5)
        for _ in range(100):  # the server notices within its poll interval
            if "cancelled" in seen:
                break
            threading.Event().wait(0.1)
    assert seen == {"cancelled": True}


def test_scans_wait_for_their_own_connections_and_a_long_wait_is_refused(
    app: FastAPI, clients: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Searches borrow from the scans' own connections (one here): while another search
    holds it, pages still read, and a search that waits past its limit answers 503."""
    import threading

    from normtrace.web.access import BusyError, Lane
    from normtrace.web.routes import search as search_route

    access = app.state.access
    access._scans = Lane(1)
    monkeypatch.setattr(search_route, "SCAN_WAIT", 0.3)
    client = clients["alice"]
    assert client.get("/api/search", params={"q": "Mali"}).status_code == 200
    with access.scan() as held:  # another search, still running
        assert held.conn.execute("SELECT 1").fetchone()[0] == 1
        busy = client.get("/api/search", params={"q": "Goma"})
        assert busy.status_code == 503, busy.text
        assert "busy with other searches" in busy.json()["error"]
        assert busy.headers["retry-after"] == "5"
        assert client.get("/api/documents").status_code == 200  # reads go on
        gone = threading.Event()
        gone.set()  # a client that has left stops waiting at once
        with pytest.raises(BusyError), access.scan(wait=30, cancel=gone):
            pass
    assert client.get("/api/search", params={"q": "Goma"}).status_code == 200


def test_the_code_all_review_of_a_cached_search_does_not_queue_behind_the_scans(
    app: FastAPI, clients: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The "code all hits" review after a search is answered from the cache, as the search
    itself is: it neither waits for the scans' connections nor answers 503 while every one
    is held."""
    from normtrace.web.access import Lane
    from normtrace.web.routes import search as search_route

    access = app.state.access
    access._scans = Lane(1)
    monkeypatch.setattr(search_route, "SCAN_WAIT", 0.3)
    client = clients["alice"]
    found = client.get("/api/search", params={"q": "Mali"}).json()
    assert found["total"] > 0
    review = {"q": "Mali", "apply_code": "poc"}
    with access.scan():  # another search, still running
        assert client.get("/api/search", params={"q": "Mali"}).json()["cached"]
        cached = client.get("/api/search/code-all", params=review)
        assert cached.status_code == 200, cached.text
        assert cached.json()["hits"] == found["total"] and cached.json()["complete"]
        fresh = client.get("/api/search/code-all", params={**review, "q": "Goma"})
        assert fresh.status_code == 503, fresh.text  # not cached: it must scan, and waits
    assert client.get("/api/search/code-all", params={**review, "q": "Goma"}).status_code == 200


def test_searches_queued_for_the_scans_do_not_hold_up_page_reads(
    app: FastAPI, clients: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As many searches queued for the scans as the server has worker threads (4 here,
    standing for anyio's 40): a page read still answers at once."""
    import time

    import anyio
    import httpx

    from normtrace.web.access import Lane
    from normtrace.web.deps import SESSION_COOKIE
    from normtrace.web.routes import search as search_route

    access = app.state.access
    lane = access._scans = Lane(1)
    monkeypatch.setattr(search_route, "SCAN_WAIT", 2.0)
    cookie = clients["alice"].cookies.get(SESSION_COOKIE)
    took: list[float] = []

    async def main() -> None:
        anyio.to_thread.current_default_thread_limiter().total_tokens = 4
        transport = httpx.ASGITransport(app=app)
        async with (
            httpx.AsyncClient(
                transport=transport, base_url="http://test", cookies={SESSION_COOKIE: cookie}
            ) as client,
            anyio.create_task_group() as tasks,
        ):

            async def search(words: str) -> None:
                await client.get("/api/search", params={"q": words})

            for i in range(4):  # words never searched before: each must scan
                tasks.start_soon(search, f"Goma{i}")
            with anyio.fail_after(5):
                while len(lane._waiters) < 4:
                    await anyio.sleep(0.01)
            began = time.monotonic()
            with anyio.move_on_after(1):
                assert (await client.get("/api/documents")).status_code == 200
                took.append(time.monotonic() - began)

    with access.scan(wait=0):  # a long search holds the one connection of the scans
        anyio.run(main)
    assert took and took[0] < 1


def test_an_assignment_search_waits_for_its_turn_at_the_scans_unless_cached(
    app: FastAPI, clients: dict[str, TestClient]
) -> None:
    """The admin's "assign the hits of a search" runs its search as the search page does:
    from the cache on a page-read connection, else in the scans' lane, after the search
    holding it."""
    import threading

    from normtrace.web.access import Lane

    access = app.state.access
    access._scans = Lane(1)
    admin = clients["admin"]
    params = {"source": "search", "q": "Intervention Brigade"}
    first = admin.get("/api/assignments", params=params).json()["chosen"]
    answers: list[int] = []
    with access.scan():  # another search, still running
        # cached: answered at once
        assert admin.get("/api/assignments", params=params).json()["chosen"] == first
        # not cached: it waits for the lane
        waiting = threading.Thread(
            target=lambda: answers.append(
                admin.get("/api/assignments", params={**params, "q": "Goma"}).status_code
            )
        )
        waiting.start()
        waiting.join(timeout=0.5)
        assert waiting.is_alive() and not answers
    waiting.join(timeout=10)
    assert answers == [200]
