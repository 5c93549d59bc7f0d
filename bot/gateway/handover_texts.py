"""What the citizen is told during a handover (Swedish, klarspråk). Every text that leaves them waiting
also says what to do if it gets worse."""
from __future__ import annotations

from typing import Optional

from bot.handover.offer import GO_NOW
from bot.messages import CLOSING

CALL_112 = "Ring 112 nu. Jag kopplar inte vidare till chatten, eftersom det här behöver hjälp direkt."
CALLBACK_BUTTON = {"title": "Bli uppringd av en sjuksköterska", "payload": "vl:callback"}
ASK_PHONE = "Vilket telefonnummer kan sjuksköterskan ringa dig på? Skriv numret, till exempel 070-123 45 67."
NO_PHONE = ("Jag hittade inget telefonnummer i det du skrev, så jag bokar ingen återuppringning. "
            "Vill du ändå bli uppringd, tryck på knappen och skriv sedan ditt nummer.")


def minutes(wait_s: int) -> int:
    return max(1, round(wait_s / 60))


def queued(position: int, wait_s: int, urgency: str, channel: str = "chatt") -> str:
    meanwhile = "Du kan skriva här medan du väntar. " if channel == "chatt" else ""
    text = (f"Jag kopplar dig till en sjuksköterska. Du har plats {position} i kön, och väntetiden är "
            f"ungefär {minutes(wait_s)} minuter. Det du har berättat följer med, så du behöver inte "
            f"säga det igen. {meanwhile}{CLOSING}")
    return f"{GO_NOW} {text}" if urgency == "akut" else text


def still_queued(position: int, wait_s: int, urgency: str) -> str:
    text = f"Du är fortfarande i kön, plats {position}, ungefär {minutes(wait_s)} minuter kvar."
    return f"{GO_NOW} {text}" if urgency == "akut" else text


def connected(nurse_name: str) -> str:
    return f"Du chattar nu med Sjuksköterska {nurse_name}."


def unavailable(staffed: bool, channel: str = "chatt") -> str:
    where = "i chatten" if channel == "chatt" else "här"
    why = (f"Just nu är ingen sjuksköterska inloggad {where}." if staffed
           else f"Sjuksköterskorna {where} är inte i tjänst just nu.")
    return (f"{why} Du kan be att bli uppringd, eller ringa 1177 och prata med en sjuksköterska direkt. "
            f"{CLOSING}")


def callback_booked(masked: str) -> str:
    return (f"Tack. En sjuksköterska ringer dig på {masked} så snart som möjligt. Har du inte blivit uppringd "
            f"inom två timmar, ring 1177. {CLOSING}")


def released() -> str:
    return "Sjuksköterskan har lämnat tillbaka samtalet till Vårdlotsen. Du kan fortsätta skriva här."


def closed() -> str:
    return f"Sjuksköterskan har avslutat samtalet. Ta hand om dig. {CLOSING}"


def mask_phone(digits: str) -> str:
    return f"numret som slutar på {digits[-4:]}" if len(digits) >= 4 else "ditt nummer"


def phone_digits(text: str) -> Optional[str]:
    """A Swedish phone number in free text → its digits (leading +46 kept as 0), or None."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.strip().startswith("+46"):
        digits = "0" + digits[2:]
    return digits if 8 <= len(digits) <= 13 and digits.startswith("0") else None
