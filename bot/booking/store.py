"""Slots in Redis: materialised per unit and day, reserved atomically with Lua scripts.

Keys (all expire some days after the slot's day):
  vl:bk:slot:{slot_id}                   hash        start, end (ISO), score (epoch s), holder (booking ref; absent = free)
  vl:bk:free:{unit}:{mode}:{YYYYMMDD}    sorted set  free slot ids by start (epoch s)
  vl:bk:gen:{unit}:{YYYYMMDD}            string      the day has been materialised (it is never done twice)

Every state change is one Lua script, so a slot can never be held by two booking refs, whatever the
concurrency. The clock is the store's (passed in), not Redis's, so that tests can fix it.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Callable, Optional

from redis.asyncio import Redis

from bot.booking.schedule import Schedules
from bot.booking.slots import Slot, day_slots, last_bookable_day, not_before, parse_slot_id
from bot.routing.hours import STOCKHOLM
from bot.routing.model import Unit

PREFIX = "vl:bk"
KEEP_DAYS = 14  # after the slot's day; booking records (kept elsewhere) outlive this

# KEYS[1] marker, then per slot: slot hash, free set. ARGV[1] ttl (s), then per slot: id, score, start, end.
_GENERATE = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) == false then return -1 end
local n = 0
for i = 2, #KEYS, 2 do
  local a = 2 + (i - 2) * 2
  local id, score = ARGV[a], ARGV[a + 1]
  if redis.call('EXISTS', KEYS[i]) == 0 then
    redis.call('HSET', KEYS[i], 'start', ARGV[a + 2], 'end', ARGV[a + 3], 'score', score)
    redis.call('EXPIRE', KEYS[i], ARGV[1])
    redis.call('ZADD', KEYS[i + 1], score, id)
    redis.call('EXPIRE', KEYS[i + 1], ARGV[1])
    n = n + 1
  end
end
return n
"""

# KEYS slot hash, free set. ARGV slot id, booking ref, not-before (epoch s).
_RESERVE = """
local score = redis.call('HGET', KEYS[1], 'score')
if not score then return 'unknown' end
local holder = redis.call('HGET', KEYS[1], 'holder')
if holder then
  if holder == ARGV[2] then return 'ok' end
  return 'taken'
end
if tonumber(score) < tonumber(ARGV[3]) then return 'late' end
redis.call('HSET', KEYS[1], 'holder', ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[1])
return 'ok'
"""

# KEYS slot hash, free set. ARGV slot id, booking ref.
_RELEASE = """
if redis.call('HGET', KEYS[1], 'holder') ~= ARGV[2] then return 'not_holder' end
redis.call('HDEL', KEYS[1], 'holder')
redis.call('ZADD', KEYS[2], redis.call('HGET', KEYS[1], 'score'), ARGV[1])
return 'ok'
"""

# KEYS old hash, old free set, new hash, new free set. ARGV old id, new id, booking ref, not-before (epoch s).
# All checks come before any write: either the ref holds the new slot and the old one is free, or nothing changed.
_MOVE = """
if redis.call('HGET', KEYS[1], 'holder') ~= ARGV[3] then return 'not_holder' end
if ARGV[1] == ARGV[2] then return 'ok' end
local score = redis.call('HGET', KEYS[3], 'score')
if not score then return 'unknown' end
local holder = redis.call('HGET', KEYS[3], 'holder')
if holder and holder ~= ARGV[3] then return 'taken' end
if not holder and tonumber(score) < tonumber(ARGV[4]) then return 'late' end
redis.call('HSET', KEYS[3], 'holder', ARGV[3])
redis.call('ZREM', KEYS[4], ARGV[2])
redis.call('HDEL', KEYS[1], 'holder')
redis.call('ZADD', KEYS[2], redis.call('HGET', KEYS[1], 'score'), ARGV[1])
return 'ok'
"""


def slot_key(slot_id: str) -> str:
    return f"{PREFIX}:slot:{slot_id}"


def free_key(unit_id: str, mode: str, day: date) -> str:
    return f"{PREFIX}:free:{unit_id}:{mode}:{day:%Y%m%d}"


def generated_key(unit_id: str, day: date) -> str:
    return f"{PREFIX}:gen:{unit_id}:{day:%Y%m%d}"


def _keys_of(slot_id: str) -> list[str]:
    ref = parse_slot_id(slot_id)
    return [slot_key(slot_id), free_key(ref.unit_id, ref.mode, ref.start.date())]


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


class SlotStore:
    """Free and reserved slots. Opens no connection itself: give it a `redis.asyncio.Redis`.

    Slot ids that are not ids raise ValueError; ids of slots never materialised are simply not reservable.
    """

    def __init__(self, redis: Redis, schedules: Schedules, clock: Callable[[], datetime], keep_days: int = KEEP_DAYS) -> None:
        self.redis, self.schedules, self.clock, self.keep_days = redis, schedules, clock, keep_days
        self._generate = redis.register_script(_GENERATE)
        self._reserve = redis.register_script(_RESERVE)
        self._release = redis.register_script(_RELEASE)
        self._move = redis.register_script(_MOVE)

    def _not_before(self, unit_id: str) -> int:
        return _epoch(not_before(self.schedules.settings(unit_id), self.clock()))

    def _ttl(self, day: date) -> int:
        """Seconds from now (the store's clock) until `keep_days` after the day; at least a day."""
        until = datetime.combine(day + timedelta(days=self.keep_days + 1), datetime.min.time(), STOCKHOLM)
        return max(86400, int((until - self.clock()).total_seconds()))

    async def ensure_generated(self, unit: Unit, day: date) -> int:
        """Materialise the day's slots once (idempotent, safe to race); returns how many were added now.

        Days before today or beyond the horizon, and units that are not bookable, get nothing. The whole
        day is materialised; `free` leaves out what is too soon.
        """
        schedule = self.schedules.for_unit(unit)
        now = self.clock()
        if schedule is None or not now.astimezone(STOCKHOLM).date() <= day <= last_bookable_day(schedule, now):
            return 0
        slots = day_slots(unit, schedule, day)
        keys = [generated_key(unit.id, day)]
        args: list[str | int] = [self._ttl(day)]
        for slot in slots:
            keys += [slot_key(slot.id), free_key(unit.id, slot.mode, day)]
            args += [slot.id, _epoch(slot.start), slot.start.isoformat(), slot.end.isoformat()]
        return max(0, int(await self._generate(keys=keys, args=args)))

    async def ensure_range(self, unit: Unit, first: date, last: date) -> int:
        return sum([await self.ensure_generated(unit, first + timedelta(days=n)) for n in range((last - first).days + 1)])

    async def free(self, unit_id: str, mode: str, start: datetime, end: datetime, limit: int = 10,
                   one_per_time: bool = True) -> list[Slot]:
        """Free slots starting in [start, end), earliest first, never sooner than the minimum notice.

        With `one_per_time`, parallel slots at the same time are listed once (one of its free lanes):
        what a citizen is offered. Only materialised days are seen: call `ensure_range` first.
        """
        low, high = max(_epoch(start), self._not_before(unit_id)), _epoch(end)
        first, last = start.astimezone(STOCKHOLM).date(), end.astimezone(STOCKHOLM).date()
        found: list[str] = []
        for n in range((last - first).days + 1):
            members = await self.redis.zrangebyscore(free_key(unit_id, mode, first + timedelta(days=n)), low, f"({high}")
            found += [m.decode() for m in members]
            if not one_per_time and len(found) >= limit:
                break
        chosen = _first_per_time(found) if one_per_time else found
        return await self._slots(chosen[:limit])

    async def _slots(self, ids: list[str]) -> list[Slot]:
        async with self.redis.pipeline(transaction=False) as pipe:
            for slot_id in ids:
                pipe.hmget(slot_key(slot_id), "start", "end")
            rows = await pipe.execute()
        return [_slot(i, row) for i, row in zip(ids, rows, strict=True) if row[0] is not None]

    async def get(self, slot_id: str) -> Optional[Slot]:
        row = await self.redis.hmget(slot_key(slot_id), "start", "end")
        return _slot(slot_id, row) if row[0] is not None else None

    async def holder(self, slot_id: str) -> Optional[str]:
        value = await self.redis.hget(slot_key(slot_id), "holder")
        return value.decode() if value is not None else None

    async def reserve(self, slot_id: str, booking_ref: str) -> bool:
        """Atomic: True when `booking_ref` now holds the slot (also when it already did); False when the slot
        is held by another ref, unknown, or starts sooner than the minimum notice."""
        not_before_s = self._not_before(parse_slot_id(slot_id).unit_id)
        result = await self._reserve(keys=_keys_of(slot_id), args=[slot_id, booking_ref, not_before_s])
        return result == b"ok"

    async def release(self, slot_id: str, booking_ref: str) -> bool:
        """Free the slot; only its holder can. False (and nothing changes) for anyone else."""
        return await self._release(keys=_keys_of(slot_id), args=[slot_id, booking_ref]) == b"ok"

    async def move(self, old_slot_id: str, new_slot_id: str, booking_ref: str) -> bool:
        """Rebook in one atomic step: the new slot is taken and then the old one freed, or nothing changes
        (the ref does not hold the old slot, or the new one is taken, unknown or too soon)."""
        not_before_s = self._not_before(parse_slot_id(new_slot_id).unit_id)
        keys = _keys_of(old_slot_id) + _keys_of(new_slot_id)
        return await self._move(keys=keys, args=[old_slot_id, new_slot_id, booking_ref, not_before_s]) == b"ok"


def _first_per_time(ids: list[str]) -> list[str]:
    """The first free lane of each start time (ids come sorted by start)."""
    seen: set[str] = set()
    kept = []
    for slot_id in ids:
        stamp = slot_id.rsplit(":", 1)[0]
        if stamp not in seen:
            seen.add(stamp)
            kept.append(slot_id)
    return kept


def _slot(slot_id: str, row: list[Optional[bytes]]) -> Slot:
    ref = parse_slot_id(slot_id)
    start, end = (datetime.fromisoformat((v or b"").decode()).astimezone(STOCKHOLM) for v in row)
    return Slot(slot_id, ref.unit_id, ref.mode, start, end, ref.lane)

