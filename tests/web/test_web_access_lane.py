"""The scans' lane: a bounded number of holders, served first come, first served."""

from __future__ import annotations

import threading
import time

from normtrace.web.access import Lane


def _wait_for(predicate: object, seconds: float = 5.0) -> None:
    until = time.monotonic() + seconds
    while not predicate() and time.monotonic() < until:  # type: ignore[operator]
        time.sleep(0.005)


def test_waiters_are_served_in_the_order_they_came_and_newcomers_do_not_overtake() -> None:
    lane = Lane(1)
    assert lane.acquire(0, None)
    order: list[int] = []

    def waiter(i: int) -> None:
        assert lane.acquire(10, None)
        order.append(i)
        lane.release()

    threads = []
    for i in range(5):
        t = threading.Thread(target=waiter, args=(i,))
        t.start()
        threads.append(t)
        _wait_for(lambda n=i + 1: len(lane._waiters) == n)  # queued before the next comes
    assert len(lane._waiters) == 5
    assert not lane.acquire(0, None)  # a newcomer does not jump the queue
    lane.release()
    for t in threads:
        t.join(timeout=10)
    assert order == [0, 1, 2, 3, 4]
    assert lane.acquire(0, None)  # everyone gave their place back


def test_a_waiter_gives_up_on_its_time_or_when_cancelled_and_leaves_the_queue() -> None:
    lane = Lane(2)
    assert lane.acquire(0, None) and lane.acquire(0, None)
    began = time.monotonic()
    assert not lane.acquire(0.2, None)
    assert 0.15 < time.monotonic() - began < 2
    cancel = threading.Event()
    threading.Timer(0.1, cancel.set).start()
    assert not lane.acquire(30, cancel)
    assert not lane._waiters
    lane.release()
    assert lane.acquire(0, None)


def test_waiting_on_the_event_loop_is_served_in_turn_and_a_cancelled_waiter_leaves() -> None:
    """acquire_async: in the queue with the threads, first come first served; a waiter whose
    client left gives up; a waiter cancelled just as it is handed the place hands it on."""
    import asyncio

    lane = Lane(1)
    assert lane.acquire(0, None)

    async def never_gone() -> bool:
        return False

    async def main() -> list[str]:
        order: list[str] = []

        async def waiter(name: str) -> None:
            assert await lane.acquire_async(10, never_gone)
            order.append(name)
            lane.release()

        first = asyncio.ensure_future(waiter("first"))
        await asyncio.sleep(0.05)
        second = asyncio.ensure_future(waiter("second"))
        await asyncio.sleep(0.05)
        assert len(lane._waiters) == 2

        async def gone() -> bool:
            return True

        assert not await lane.acquire_async(10, gone)  # its client left: it stops waiting
        assert len(lane._waiters) == 2
        third = asyncio.ensure_future(lane.acquire_async(10, never_gone))
        await asyncio.sleep(0.05)
        third.cancel()  # cancelled while queued: leaves the queue, holds nothing
        await asyncio.sleep(0.05)
        assert len(lane._waiters) == 2
        lane.release()  # from the test's "thread"
        await asyncio.wait_for(asyncio.gather(first, second), 5)
        return order

    assert asyncio.run(main()) == ["first", "second"]
    assert lane.acquire(0, None)  # every place given back
