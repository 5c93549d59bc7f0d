"""Slot reservation against a real Redis (only the `redis_url` fixture: no Rasa, no action server).

A slot can never be booked twice, also under concurrency: many tasks, many threads and several processes
race for one slot, each with its own connections, and exactly one wins.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import threading
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from redis.asyncio import Redis

from bot.booking.schedule import Schedules, parse
from bot.booking.store import SlotStore
from bot.routing.hours import STOCKHOLM
from bot.routing.model import Unit
from tests.support.aio import run

ATTEMPTS = 50
TUESDAY = date(2026, 11, 24)
SCHEDULES: Schedules = parse({"default": {
    "horizon_days": 14, "min_notice_min": 30, "breaks": ["12:00-13:00"],
    "modes": {"fysiskt": {"length_min": 20, "parallel": 2}, "video": {"length_min": 15, "parallel": 1},
              "telefon": False, "chatt": False}}}, Path("test-schedules.yml"))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


MONDAY_EVENING = at("2026-11-23 18:00")


def fresh_unit(**changes) -> Unit:
    """A bookable unit with its own id, so that tests sharing the session's Redis never meet."""
    weekdays = {d: ("08:00-17:00",) for d in ("mon", "tue", "wed", "thu", "fri")}
    unit = Unit(id=f"it_{uuid.uuid4().hex[:12]}", name="Testcentralen", type="vardcentral", address="Testgatan 1",
                lat=59.3, lon=18.0, phone="08-465 004 99", example_data=True, bookable=True, digital=("video",),
                hours={**weekdays, "sat": (), "sun": (), "holiday": ()})
    return replace(unit, **changes)


def video(unit: Unit, hhmm: str, lane: int = 1) -> str:
    return f"{unit.id}:video:20261124{hhmm.replace(':', '')}:{lane}"


def physical(unit: Unit, hhmm: str, lane: int) -> str:
    return f"{unit.id}:fysiskt:20261124{hhmm.replace(':', '')}:{lane}"


async def open_store(redis_url: str, clock: Clock | None = None) -> tuple[Redis, SlotStore]:
    redis = Redis.from_url(redis_url)
    return redis, SlotStore(redis, SCHEDULES, clock or Clock(MONDAY_EVENING))


async def prepared(redis_url: str, clock: Clock | None = None) -> tuple[Redis, SlotStore, Unit]:
    redis, store = await open_store(redis_url, clock)
    unit = fresh_unit()
    assert await store.ensure_generated(unit, TUESDAY) > 0
    return redis, store, unit


async def free_ids(store: SlotStore, unit: Unit, mode: str = "video") -> list[str]:
    slots = await store.free(unit.id, mode, at("2026-11-24 00:00"), at("2026-11-25 00:00"), limit=100)
    return [s.id for s in slots]


# --- 50 attempts at one slot -------------------------------------------------------------------------------------


def test_fifty_concurrent_tasks_reserve_one_slot_exactly_one_wins(redis_url):
    async def scenario() -> None:
        redis, store, unit = await prepared(redis_url)
        slot = video(unit, "10:00")
        results = await asyncio.gather(*(store.reserve(slot, f"ref-{n}") for n in range(ATTEMPTS)))
        assert results.count(True) == 1, results
        winner = f"ref-{results.index(True)}"
        assert await store.holder(slot) == winner
        assert slot not in await free_ids(store, unit)
        await redis.close(close_connection_pool=True)

    run(scenario())


def _thread_attempt(redis_url: str, slot: str, ref: str, barrier: threading.Barrier) -> bool:
    """One thread, its own event loop and connection; all threads fire together after the barrier."""
    async def attempt() -> bool:
        redis, store = await open_store(redis_url)
        await redis.ping()  # connected before the race starts
        barrier.wait()
        try:
            return await store.reserve(slot, ref)
        finally:
            await redis.close(close_connection_pool=True)

    return asyncio.run(attempt())


def test_fifty_threads_with_their_own_connections_exactly_one_wins(redis_url):
    _, _, unit = run(prepared(redis_url))
    slot = video(unit, "10:15")
    barrier = threading.Barrier(ATTEMPTS, timeout=30)
    results: dict[str, bool] = {}

    def worker(ref: str) -> None:
        results[ref] = _thread_attempt(redis_url, slot, ref, barrier)

    threads = [threading.Thread(target=worker, args=(f"thread-{n}",)) for n in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == ATTEMPTS
    winners = [ref for ref, won in results.items() if won]
    assert len(winners) == 1, results

    async def check() -> None:
        redis, store = await open_store(redis_url)
        assert await store.holder(slot) == winners[0]
        await redis.close(close_connection_pool=True)

    run(check())


def process_attempts(redis_url: str, slot: str, refs: list[str], start_at: float) -> list[bool]:
    """In a separate process: connect one client per attempt, wait for the common start, race."""
    async def attempts() -> list[bool]:
        opened = [await open_store(redis_url) for _ in refs]
        for redis, _ in opened:
            await redis.ping()
        await asyncio.sleep(max(0.0, start_at - time.time()))
        try:
            return list(await asyncio.gather(*(store.reserve(slot, ref) for (_, store), ref in zip(opened, refs, strict=True))))
        finally:
            for redis, _ in opened:
                await redis.close(close_connection_pool=True)

    return asyncio.run(attempts())


def test_fifty_attempts_from_five_processes_exactly_one_wins(redis_url):
    _, _, unit = run(prepared(redis_url))
    slot = video(unit, "10:30")
    processes, per_process = 5, ATTEMPTS // 5
    start_at = time.time() + 8.0  # time for the spawned interpreters to import and connect
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(process_attempts, redis_url, slot, [f"proc{p}-{n}" for n in range(per_process)], start_at)
                   for p in range(processes)]
        results = [won for future in futures for won in future.result(timeout=60)]
    assert len(results) == ATTEMPTS and results.count(True) == 1, results


# --- release, move, free ------------------------------------------------------------------------------------------


def test_free_hides_a_reserved_slot_and_lists_it_again_after_release_by_its_holder(redis_url):
    async def scenario() -> None:
        redis, store, unit = await prepared(redis_url)
        slot = video(unit, "09:00")
        assert slot in await free_ids(store, unit)
        assert await store.reserve(slot, "anna")
        assert slot not in await free_ids(store, unit)
        assert await store.reserve(slot, "anna")  # asking again for one's own slot is fine (a retried request)
        assert not await store.reserve(slot, "bertil")
        assert not await store.release(slot, "bertil")  # not the holder: nothing changes
        assert await store.holder(slot) == "anna" and slot not in await free_ids(store, unit)
        assert await store.release(slot, "anna")
        assert await store.holder(slot) is None and slot in await free_ids(store, unit)
        assert not await store.release(slot, "anna")  # already free
        assert await store.reserve(slot, "bertil")
        await redis.close(close_connection_pool=True)

    run(scenario())


def test_move_is_all_or_nothing(redis_url):
    async def scenario() -> None:
        redis, store, unit = await prepared(redis_url)
        mine, theirs, other = video(unit, "09:00"), video(unit, "09:15"), video(unit, "09:30")
        assert await store.reserve(mine, "anna") and await store.reserve(theirs, "bertil")
        before = await free_ids(store, unit)
        assert not await store.move(mine, theirs, "anna")  # target taken: nothing changes
        assert (await store.holder(mine), await store.holder(theirs)) == ("anna", "bertil")
        assert await free_ids(store, unit) == before
        assert not await store.move(mine, video(unit, "09:45").replace("20261124", "20261125"), "anna")  # not materialised
        assert not await store.move(theirs, other, "anna")  # anna does not hold the old slot
        assert await store.holder(other) is None and await store.holder(theirs) == "bertil"
        assert await store.move(mine, other, "anna")
        assert (await store.holder(mine), await store.holder(other)) == (None, "anna")
        free = await free_ids(store, unit)
        assert mine in free and other not in free
        assert await store.move(other, other, "anna") and await store.holder(other) == "anna"
        await redis.close(close_connection_pool=True)

    run(scenario())


def test_concurrent_moves_to_one_free_slot_one_wins_and_the_losers_keep_theirs(redis_url):
    async def scenario() -> None:
        redis, store, unit = await prepared(redis_url)
        target = video(unit, "14:00")
        starts = ["08:00", "08:15", "08:30", "08:45", "09:00", "09:15", "09:30", "09:45", "10:00", "10:15"]
        held = {f"ref-{n}": video(unit, hhmm) for n, hhmm in enumerate(starts)}
        assert all([await store.reserve(slot, ref) for ref, slot in held.items()])
        results = await asyncio.gather(*(store.move(slot, target, ref) for ref, slot in held.items()))
        assert results.count(True) == 1
        winner = list(held)[results.index(True)]
        assert await store.holder(target) == winner and await store.holder(held[winner]) is None
        assert all([await store.holder(slot) == ref for ref, slot in held.items() if ref != winner])
        await redis.close(close_connection_pool=True)

    run(scenario())


def test_parallel_lanes_are_offered_once_until_all_are_taken(redis_url):
    async def scenario() -> None:
        redis, store, unit = await prepared(redis_url)
        window = (at("2026-11-24 10:00"), at("2026-11-24 10:40"))
        offered = await store.free(unit.id, "fysiskt", *window)
        assert [s.id for s in offered] == [physical(unit, "10:00", 1), physical(unit, "10:20", 1)]
        assert offered[0].end == at("2026-11-24 10:20") and offered[0].start.tzinfo is not None
        every = await store.free(unit.id, "fysiskt", *window, one_per_time=False)
        assert len(every) == 4
        assert await store.reserve(physical(unit, "10:00", 1), "anna")
        assert [s.id for s in await store.free(unit.id, "fysiskt", *window)][0] == physical(unit, "10:00", 2)
        assert await store.reserve(physical(unit, "10:00", 2), "bertil")
        assert [s.id for s in await store.free(unit.id, "fysiskt", *window)] == [physical(unit, "10:20", 1)]
        assert len(await store.free(unit.id, "fysiskt", at("2026-11-24 00:00"), at("2026-11-25 00:00"), limit=3)) == 3
        await redis.close(close_connection_pool=True)

    run(scenario())


# --- materialising days, the clock --------------------------------------------------------------------------------


def test_generation_is_idempotent_also_when_raced_and_never_frees_a_reserved_slot(redis_url):
    async def scenario() -> None:
        redis, store = await open_store(redis_url)
        unit = fresh_unit()
        added = await asyncio.gather(*(store.ensure_generated(unit, TUESDAY) for _ in range(10)))
        assert sorted(added)[:-1] == [0] * 9 and max(added) == 32 + 2 * 24  # 8 h: video 15 min ×1, fysiskt 20 min ×2
        slot = video(unit, "11:00")
        assert await store.reserve(slot, "anna")
        assert await store.ensure_generated(unit, TUESDAY) == 0
        assert await store.holder(slot) == "anna" and slot not in await free_ids(store, unit)
        assert await store.get(slot) is not None and (await store.get(slot)).end == at("2026-11-24 11:15")
        await redis.close(close_connection_pool=True)

    run(scenario())


def test_nothing_for_units_that_are_not_bookable_days_past_or_beyond_the_horizon(redis_url):
    async def scenario() -> None:
        redis, store = await open_store(redis_url)
        assert await store.ensure_generated(fresh_unit(bookable=False), TUESDAY) == 0
        unit = fresh_unit()
        assert await store.ensure_generated(unit, date(2026, 11, 20)) == 0  # before today
        assert await store.ensure_generated(unit, date(2026, 12, 8)) == 0  # today + 15 days
        assert await store.ensure_generated(unit, date(2026, 11, 28)) == 0  # a Saturday: closed
        assert await store.ensure_range(unit, date(2026, 11, 23), date(2026, 11, 25)) > 0
        assert not await store.reserve(f"{unit.id}:video:202611281000:1", "anna")  # never materialised
        await redis.close(close_connection_pool=True)

    run(scenario())


def test_slots_too_soon_are_neither_offered_nor_reservable(redis_url):
    async def scenario() -> None:
        clock = Clock(MONDAY_EVENING)
        redis, store, unit = await prepared(redis_url, clock)
        clock.now = at("2026-11-24 09:50")
        offered = await free_ids(store, unit)
        assert offered[0] == video(unit, "10:30")  # 10:15 is 25 minutes away
        assert not await store.reserve(video(unit, "10:15"), "anna")
        assert not await store.reserve(video(unit, "08:00"), "anna")  # in the past
        assert await store.reserve(video(unit, "10:30"), "anna")
        assert not await store.move(video(unit, "10:30"), video(unit, "10:15"), "anna")
        assert await store.holder(video(unit, "10:30")) == "anna"
        await redis.close(close_connection_pool=True)

    run(scenario())
