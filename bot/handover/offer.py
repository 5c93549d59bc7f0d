"""The offer to chat with a nurse that may follow a triage result."""
from __future__ import annotations

from typing import Optional

from bot.messages import BotMessage

NURSE_PAYLOAD = "/request_nurse"
NURSE_BUTTON = {"title": "Chatta med en sjuksköterska", "payload": NURSE_PAYLOAD}
GO_NOW = "Åk till akutmottagningen nu – vänta inte på svar här."


def offer_after_result(urgency: str, unsure: bool) -> Optional[BotMessage]:
    """The nurse offer that follows a triage result, if any. Never after 112; after akut only with GO_NOW."""
    if urgency == "akut":
        return BotMessage(f"{GO_NOW} Vill du ha kontakt med en sjuksköterska medan du tar dig dit, "
                          "kan du ställa dig i kön här.", [NURSE_BUTTON])
    if urgency == "samma_dag" or (unsure and urgency != "112"):
        lead = "Eftersom något var osäkert kan det vara bra att prata med en sjuksköterska." if unsure else \
            "Vill du ha råd av en sjuksköterska om vart du ska vända dig?"
        return BotMessage(f"{lead} Du kan chatta med en här eller ringa 1177.", [NURSE_BUTTON])
    return None
