"""The phrases the phone line listens for (the recogniser's grammar), besides the current question's options.

Emergencies come first: each is a sentence the emergency screen (bot/emergency/signs.yml) fires on, so a
spotted phrase reaches the bot as text the screen recognises. Spotting only ever adds certainty: when no
phrase fits clearly, the free transcription is used, and the bot's own screen runs on whatever was heard.
"""
from __future__ import annotations

EMERGENCY = (
    "Jag har svårt att andas.", "Jag kan inte andas.", "Han andas inte.", "Hon andas inte.",
    "Jag har ont i bröstet.", "Det trycker över bröstet.", "Han har svimmat.", "Hon går inte att väcka.",
    "Jag blöder mycket.",
)
OPENINGS = (
    "Jag har ont i magen.", "Jag har ont i halsen.", "Jag har feber.", "Jag har huvudvärk.", "Jag har hosta.",
    "Mitt barn har feber.", "Jag vill prata med en sjuksköterska.", "Jag vill boka en tid.",
)
ANSWERS = ("Ja.", "Nej.", "Vet inte.", "Jag vet inte.")  # a bare "vet inte" is hard for Whisper base to spot


def grammar(options: list[dict[str, str]], opening: bool) -> list[str]:
    """Emergencies always; the usual reasons to call at the start; yes/no/don't know and the options later."""
    listed = list(EMERGENCY) + (list(OPENINGS) if opening else []) + list(ANSWERS)  # "Nej." before a button's "Nej"
    return listed + [o["title"] for o in options]
