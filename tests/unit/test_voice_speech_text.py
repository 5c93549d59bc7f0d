"""The bot's chat text → what the phone voice says."""
from __future__ import annotations

import pytest

from voice.speech_text import cardinal, for_speech, ordinal, spell

SPEECH_TABLE = [
    # national numbers, standalone only
    ("Ring 112 nu.", "Ring ett ett två nu."),
    ("Ring 1177 för råd.", "Ring elva sjuttiosju för råd."),
    ("Vid livshotande tillstånd, ring 112. Annars kan du ringa 1177.",
     "Vid livshotande tillstånd, ring ett ett två. Annars kan du ringa elva sjuttiosju."),
    ("Ring 1177 för sjukvårdsrådgivning dygnet runt, eller gå till 1177.se.",
     "Ring elva sjuttiosju för sjukvårdsrådgivning dygnet runt, eller gå till elva sjuttiosju punkt se."),
    ("Du har 11770 poäng", "Du har ett ett sju sju noll poäng"),
    # clock times
    ("kl 13.20", "klockan tretton och tjugo"),
    ("kl 13:20", "klockan tretton och tjugo"),
    ("Vi ses 13.20.", "Vi ses tretton och tjugo."),
    ("kl 8", "klockan åtta"),
    ("Kl 8.05 i morgon", "Klockan åtta och fem i morgon"),
    ("kl. 07.30", "klockan sju och trettio"),
    ("kl 12–17", "klockan tolv till sjutton"),
    ("kl 12-17", "klockan tolv till sjutton"),
    ("kl 8–16.30", "klockan åtta till sexton och trettio"),
    ("i morgon torsdag 26/11 kl 13.20–13.40", "i morgon torsdag den tjugosjätte november klockan tretton och tjugo till tretton och fyrtio"),
    ("klockan 14", "klockan fjorton"),
    ("Öppet till 22.", "Öppet till tjugotvå."),
    # dates
    ("27/11", "den tjugosjunde november"),
    ("den 3/12 kl 8", "den tredje december klockan åtta"),
    ("fredag 4/12 kl 8: ", "fredag den fjärde december klockan åtta:"),
    ("1/1/2027", "den första januari tvåtusen tjugosju"),
    ("31/12", "den trettioförsta december"),
    ("22 maj", "den tjugoandra maj"),
    ("1:a advent", "första advent"),
    ("45/13", "fyrtiofem/tretton"),  # no such date: left as numbers
    # temperatures
    ("38 °C", "trettioåtta grader"),
    ("38°C.", "trettioåtta grader."),
    ("38,5 grader", "trettioåtta komma fem grader"),
    ("Feber över 38,5 °C", "Feber över trettioåtta komma fem grader"),
    ("39–40 grader", "trettionio till fyrtio grader"),
    ("-5 °C", "minus fem grader"),
    ("1 grad", "en grad"),
    # units after a number
    ("Det är 50 km bort.", "Det är femtio kilometer bort."),
    ("2,5 km", "två komma fem kilometer"),
    ("Väntetid 30 min.", "Väntetid trettio minuter."),
    ("1 min", "en minut"),
    ("min mamma", "min mamma"),
    ("Avgiften är 200 kr", "Avgiften är tvåhundra kronor"),
    ("högst 1 450 kr", "högst ettusen fyrahundrafemtio kronor"),
    ("500 mg", "femhundra milligram"),
    ("100 %", "etthundra procent"),
    # numbers
    ("3-4 dagar", "tre till fyra dagar"),
    ("0,05", "noll komma noll fem"),
    ("2026", "tvåtusen tjugosex"),
    ("covid-19", "covid-nitton"),
    # phone numbers and booking codes
    ("Ring 010-456 67 00.", "Ring noll ett noll, fyra fem sex, sex sju, noll noll."),
    ("Tel 08-123 456 78", "Telefon noll åtta, ett två tre, fyra fem sex, sju åtta"),
    ("Linjen 90101 (mind.se) dygnet runt.", "Linjen nio noll ett noll ett, mind punkt se, dygnet runt."),
    ("Din bokningskod är VL-AB3K9Q.", "Din bokningskod är ve, ell, streck, a, be, tre, kå, nio, ku."),
    ("Koden VL ZZZZZ9", "Koden ve, ell, streck, säta, säta, säta, säta, säta, nio"),
    ("VLADIMIR ringde", "VLADIMIR ringde"),
    # markdown, links, symbols
    ("**Viktigt:** ring *nu*", "Viktigt: ring nu"),
    ("- feber\n- hosta", "feber. hosta."),
    ("## Råd\nDrick mycket.", "Råd. Drick mycket."),
    ("1. Vårdcentralen Norr – nära\n2. Närakuten Syd", "ett: Vårdcentralen Norr, nära. två: Närakuten Syd."),
    ("Läs mer på https://www.1177.se/Stockholm/sjukdomar--besvar/ och ring.", "Läs mer på länken i chatten och ring."),
    ("Se https://1177.se/a.", "Se länken i chatten."),
    ("Se [1177:s sida](https://1177.se/x) för råd.", "Se elva sjuttiosju:s sida för råd."),
    ("Mer på www.viss.nu", "Mer på länken i chatten"),
    ("t.ex. feber, osv.", "till exempel feber, och så vidare."),
    ("ca 5 min", "cirka fem minuter"),
    ("öppet mån–fre 8–17", "öppet måndag till fredag åtta till sjutton"),
    ("han/hon", "han eller hon"),
    ("Hej & välkommen 😀", "Hej och välkommen"),
    ("<p><strong>Ring 112.</strong></p>", "Ring ett ett två."),
    ("", ""),
]


@pytest.mark.parametrize("written, spoken", SPEECH_TABLE)
def test_for_speech(written: str, spoken: str) -> None:
    assert for_speech(written) == spoken


def test_link_phrase_can_be_changed() -> None:
    assert for_speech("Se https://1177.se/x", link_phrase="en länk i sms:et") == "Se en länk i sms:et"


def test_output_has_no_digits_for_bot_sentences() -> None:
    text = "För fredag 4/12 kl 8: närakuten har öppet till 22. Ring 1177 eller 112. Bokningskod VL-Q2W3E4."
    assert not any(c.isdigit() for c in for_speech(text))


@pytest.mark.parametrize("n, words", [
    (0, "noll"), (1, "ett"), (7, "sju"), (10, "tio"), (13, "tretton"), (18, "arton"), (20, "tjugo"),
    (21, "tjugoett"), (38, "trettioåtta"), (80, "åttio"), (99, "nittionio"), (100, "etthundra"),
    (112, "etthundratolv"), (200, "tvåhundra"), (999, "niohundranittionio"), (1000, "ettusen"),
    (1177, "ettusen etthundrasjuttiosju"), (2026, "tvåtusen tjugosex"), (9999, "niotusen niohundranittionio"),
])
def test_cardinal(n: int, words: str) -> None:
    assert cardinal(n) == words


@pytest.mark.parametrize("n, words", [
    (1, "första"), (2, "andra"), (3, "tredje"), (4, "fjärde"), (11, "elfte"), (12, "tolfte"), (19, "nittonde"),
    (20, "tjugonde"), (21, "tjugoförsta"), (22, "tjugoandra"), (27, "tjugosjunde"), (30, "trettionde"),
    (31, "trettioförsta"),
])
def test_ordinal(n: int, words: str) -> None:
    assert ordinal(n) == words


def test_out_of_range_numbers_raise() -> None:
    with pytest.raises(ValueError):
        ordinal(32)
    with pytest.raises(ValueError):
        cardinal(-1)


def test_spell_uses_swedish_letter_names() -> None:
    assert spell("WXY-Z") == "dubbel-ve, eks, y, streck, säta"


# --- the chat's wording made fit for the phone (voice/spoken.py) ----------------------------------------

@pytest.mark.parametrize("chat, phone", [
    ("Hur gammal är du? Skriv till exempel 45 år eller 2 månader.",
     "Hur gammal är du? Säg åldern, eller knappa in antalet år och avsluta med fyrkant."),
    ("Hur ont har du på en skala från 0 till 10, där 10 är värsta tänkbara smärta?",
     "Hur ont har du på en skala från 0 till 10, där 10 är värsta tänkbara smärta? "
     "Du kan också knappa in siffran och avsluta med fyrkant."),
    ("Hur hög är febern? Skriv vad termometern visade, till exempel 38,5.",
     "Hur hög är febern? Säg vad termometern visade, till exempel 38,5."),
    ("Har du feber?", "Har du feber?"),
])
def test_the_phone_says_say_or_key_in_where_the_chat_says_write(chat: str, phone: str) -> None:
    from voice.spoken import spoken_turn

    assert spoken_turn([{"text": chat}]).text == phone
