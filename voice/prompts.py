"""What the phone line says by itself (the bot's texts come from the conversation). Written for the ear:
short sentences, numbers as the caller will hear them after voice/speech_text.py."""
from __future__ import annotations

GREETING = ("Välkommen till Vårdlotsen, en digital vårdguide. Om det är livshotande, lägg på och ring 112. "
            "Berätta kort varför du ringer.")
NOT_HEARD = "Förlåt, jag hörde inte riktigt. Kan du säga det igen?"
# The first words of a call are the hardest to recognise (free speech, any complaint), so a caller who was not
# understood may choose the usual reasons by keypad, like the menu of a phone queue. Each choice sends the bot
# a plain sentence it understands; 9 asks for a nurse. Spoken in NOT_HEARD_MENU, in this order.
REASON_MENU = (
    ("för feber", "Jag har feber."), ("för ont i magen", "Jag har ont i magen."), ("för hosta", "Jag hostar."),
    ("för ont i halsen", "Jag har ont i halsen."), ("för huvudvärk", "Jag har huvudvärk."),
    ("för kräkningar eller diarré", "Jag kräks och har diarré."), ("för utslag på huden", "Jag har utslag på huden."),
    ("om ditt barn har feber", "Mitt barn har feber."),
    ("om du vill prata med en sjuksköterska", "Jag vill prata med en sjuksköterska."),
)
NOT_HEARD_MENU = ("Förlåt, jag hörde inte riktigt. Säg det igen med några få ord, eller välj med knapparna. Tryck "
                  + ", ".join(f"{n} {label}" for n, (label, _) in enumerate(REASON_MENU, start=1))
                  + ". Tryck 0 för att höra det här igen.")
NOT_HEARD_AGAIN = "Jag har svårt att höra vad du säger, så jag ber en sjuksköterska om hjälp."
CHECK_NO = ("Jag vill vara säker på att jag hörde rätt. Svarade du nej? Säg ja eller nej. "
            "Du kan också trycka 1 för ja eller 2 för nej.")
CHECK_YES = ("Jag vill vara säker på att jag hörde rätt. Svarade du ja? Säg ja eller nej. "
             "Du kan också trycka 1 för ja eller 2 för nej.")
ARE_YOU_THERE = "Är du kvar? Berätta gärna hur du mår, eller tryck 0 för att höra frågan igen."
GOODBYE_SILENCE = "Jag hör ingenting, så jag lägger på nu. Ring gärna igen, eller ring 1177. Vid livshotande tillstånd, ring 112."
AFTER_112 = "Lägg på nu och ring 112."
CALLBACK_OFFER = "Vill du att en sjuksköterska ringer upp dig? Säg ja, eller tryck 1. Säg nej, eller tryck 2, om du inte vill."
CALLBACK_KEY_IN = "Knappa in ditt telefonnummer och avsluta med fyrkant."
CALLBACK_NOT_NEEDED = "Okej. Du kan ringa 1177 när du vill. Vid livshotande tillstånd, ring 112. Hej då."
CALLBACK_FAILED = "Jag kunde inte boka en återuppringning. Ring 1177. Vid livshotande tillstånd, ring 112."
GATEWAY_DOWN = "Tyvärr fungerar tjänsten inte just nu. Ring 1177. Vid livshotande tillstånd, ring 112."
GOODBYE = "Tack för att du ringde. Hej då."


def confirm_number(number: str) -> str:
    spaced = " ".join(number)
    return (f"Ska sjuksköterskan ringa dig på {spaced}? Säg ja, eller tryck 1. "
            "Säg nej, eller tryck 2, för att knappa in ett annat.")


def callback_booked(position_text: str = "") -> str:
    return f"En sjuksköterska ringer upp dig så snart som möjligt.{position_text} Vid livshotande tillstånd, ring 112. Hej då."


ALL = (GREETING, NOT_HEARD, NOT_HEARD_MENU, NOT_HEARD_AGAIN, CHECK_NO, CHECK_YES, ARE_YOU_THERE, GOODBYE_SILENCE,
       AFTER_112, CALLBACK_OFFER, CALLBACK_KEY_IN, CALLBACK_NOT_NEEDED, CALLBACK_FAILED, GATEWAY_DOWN, GOODBYE)
