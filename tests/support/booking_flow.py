"""Drive a conversation to a booked time through any channel: `send(text) -> bot messages`.

Used by the REST end-to-end tests and by the privacy scan (through the chat gateway). It reads only what
a citizen would see: question texts and buttons.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional

Send = Callable[[str], list[dict[str, Any]]]
PNR = "19981201-2384"  # from Skatteverket's published test personnummer
NAME = "Testa Testsson"


def text_of(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def buttons_of(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    return next((m["buttons"] for m in reversed(messages) if m.get("buttons")), [])


def custom_of(messages: list[dict[str, Any]], key: str) -> Optional[dict[str, Any]]:
    return next(((m.get("custom") or {})[key] for m in messages if key in (m.get("custom") or {})), None)


def reassuring_yes_no(messages: list[dict[str, Any]]) -> str:
    """ "Nej" rules a red flag out, except for a question asked positively ("Kan du dricka …?"), whose
    alarming answer the bot marks as custom.question.alarming = "nej"."""
    positive = any(((m.get("custom") or {}).get("question") or {}).get("alarming") == "nej" for m in messages)
    return "Ja" if positive else "Nej"


def triage_answer(messages: list[dict[str, Any]]) -> str:
    """The mildest plausible answer to a triage question: the reassuring yes/no, an adult age, a few days."""
    buttons = buttons_of(messages)
    titles = [b["title"] for b in buttons]
    if "Nej" in titles:
        return reassuring_yes_no(messages)
    if buttons:
        return titles[0]
    asked = text_of(messages).lower()
    if "gammal" in asked or "ålder" in asked:
        return "40"
    if "grader" in asked or "temperatur" in asked:
        return "37,8"
    return "två dagar"


def run_triage(send: Send, opening: str, limit: int = 20) -> list[dict[str, Any]]:
    replies = send(opening)
    for _ in range(limit):
        if custom_of(replies, "triage"):
            return replies
        replies = send(triage_answer(replies))
    raise AssertionError(f"no triage decision:\n{text_of(replies)}")


def booking_answer(messages: list[dict[str, Any]], when: str) -> Optional[str]:
    """What the citizen answers to the booking question in `messages` (None: not a booking question)."""
    asked = text_of(messages)
    titles = [b["title"] for b in buttons_of(messages)]
    if "Vilken mottagning" in asked:
        return titles[0]
    if "Vilken sorts besök" in asked:
        return "Videosamtal" if "Videosamtal" in titles else titles[0]
    if "Var vill du ha din tid" in asked:
        return "Lund"
    if "När passar det" in asked:
        return when
    if "Välj en tid" in asked:
        return titles[0]
    if "Vill du boka" in asked or "Vill du flytta" in asked:
        return titles[0]
    if "Vad heter" in asked:
        return NAME
    if "Skriv personnumret" in asked:
        return PNR
    return None


def book(send: Send, first: list[dict[str, Any]], when: str = "i morgon förmiddag",
         seen: Optional[list[dict[str, Any]]] = None) -> dict[str, Any]:
    """Answer booking questions from `first` on until a `booking` payload with status confirmed or moved."""
    replies = first
    for _ in range(12):
        if seen is not None:
            seen.extend(replies)
        booked = custom_of(replies, "booking")
        if booked and booked["status"] in ("confirmed", "moved"):
            return booked
        answer = booking_answer(replies, when)
        if answer is None:
            raise AssertionError(f"unexpected booking question:\n{text_of(replies)}")
        replies = send(answer)
    raise AssertionError("booking did not finish")


@contextmanager
def chat_line(port: int) -> Iterator[Send]:
    """A `send` that talks through the chat gateway's websocket (button payloads for "/…" texts)."""
    from tests.support.aio import LoopThread
    from tests.support.chat_client import ChatClient

    loop = LoopThread()
    client = ChatClient(port)
    loop.run(client.connect())

    def send(text: str) -> list[dict[str, Any]]:
        return loop.run(client.turn(text, payload=text if text.startswith("/") else None), timeout=60)

    try:
        yield send
    finally:
        loop.run(client.close())
        loop.stop()


def book_in_the_chat(port: int, seen: Optional[list[dict[str, Any]]] = None) -> dict[str, Any]:
    """Triage (dizziness: vårdcentral), place Lund, then book through the gateway; the confirmed payload."""
    with chat_line(port) as send:
        def keep(text: str) -> list[dict[str, Any]]:
            replies = send(text)
            if seen is not None:
                seen.extend(replies)
            return replies

        run_triage(keep, "jag har yrsel sedan två dagar")
        keep("Lund")
        return book(keep, keep("/book_appointment"))
