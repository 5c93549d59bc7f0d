"""Everything the booking conversation needs from the outside world, in one object per process."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Optional

from bot.booking.identity import IdentityProvider
from bot.booking.records import BookingBook
from bot.booking.schedule import Schedules
from bot.booking.slots import Slot
from bot.booking.store import SlotStore
from bot.booking.timeparse import TimeRange
from bot.routing.hours import STOCKHOLM
from bot.routing.model import Region, Unit

OFFER_COUNT = 5
SPREAD = timedelta(minutes=30)  # offered times at least this far apart while there are enough


@dataclass
class Desk:
    slots: SlotStore
    book: BookingBook
    identity: IdentityProvider
    schedules: Schedules
    regions: dict[str, Region]
    clock: Callable[[], datetime]
    weekdays: int = 3
    _units: dict[str, Unit] = field(default_factory=dict)

    def now(self) -> datetime:
        return self.clock().astimezone(STOCKHOLM)

    def unit(self, unit_id: str) -> Optional[Unit]:
        if not self._units:
            self._units = {u.id: u for region in self.regions.values() for u in region.units}
        return self._units.get(unit_id)

    async def free_in(self, unit: Unit, mode: str, wish: TimeRange, until: Optional[datetime]) -> list[Slot]:
        """Up to OFFER_COUNT free slots inside the wish (and before `until`), spread over the range."""
        end = min(wish.end, until) if until else wish.end
        if end <= wish.start:
            return []
        await self.slots.ensure_range(unit, wish.start.astimezone(STOCKHOLM).date(), end.astimezone(STOCKHOLM).date())
        found = await self.slots.free(unit.id, mode, wish.start, end, limit=200)
        return spread([s for s in found if wish.contains(s.start)])


def spread(slots: list[Slot], count: int = OFFER_COUNT) -> list[Slot]:
    """The earliest slot, then each next one at least SPREAD later; filled up with the rest if too few."""
    chosen: list[Slot] = []
    for slot in slots:
        if len(chosen) == count:
            break
        if not chosen or slot.start - chosen[-1].start >= SPREAD:
            chosen.append(slot)
    for slot in slots:
        if len(chosen) == count:
            break
        if slot not in chosen:
            chosen.append(slot)
    return sorted(chosen, key=lambda s: s.start)
