"""The offer to book that follows the care units after a triage result."""
from __future__ import annotations

from typing import Any, Optional

from bot.booking.policy import policy_for
from bot.booking.schedule import shipped
from bot.booking.units import bookable_units
from bot.messages import BotMessage
from bot.routing.model import load_all
from bot.triage.dialogue import protocols

BOOK_PAYLOAD = "/book_appointment"
OFFERED_FOR = ("samma_dag", "vardcentral")


def offer_after_units(triage: dict[str, Any], place: Optional[dict[str, Any]], now: Any) -> Optional[BotMessage]:
    """"Vill du boka en tid?" when the urgency fits a booked visit and a bookable unit is near."""
    if triage.get("urgency") not in OFFERED_FOR:
        return None
    protocol = protocols().get(triage.get("protocol_id", ""))
    policy = policy_for(triage, protocol.visit_types if protocol else (), now)
    if not policy.allowed or not bookable_units(triage, place, load_all(), shipped(), policy.modes):
        return None
    when = "i dag" if policy.today_only else "inom några dagar"
    return BotMessage(f"Jag kan boka en tid åt dig {when}, på plats eller digitalt.",
                      [{"title": "Boka en tid", "payload": BOOK_PAYLOAD}])
