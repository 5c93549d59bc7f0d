"""Personnummer and samordningsnummer: validation, masking in free text, and the typed identity.

Every valid number here is one of Skatteverket's published test numbers (open data "Testpersonnummer"
and "Testsamordningsnummer", CC0; not real people). Invalid ones are those numbers with a digit changed
so that the check digit or the date fails: no invalid number here is valid for anyone either.
"""
from __future__ import annotations

import asyncio
from datetime import date

import pytest

from bot.booking.identity import (
    MASK,
    MESSAGES,
    Identity,
    IdentityError,
    IdentityProvider,
    Personnummer,
    PersonnummerError,
    TypedIdentity,
    find_personnummer_spans,
    luhn_valid,
    mask_personnummer,
    parse_personnummer,
)

TODAY = date(2026, 11, 25)

# Skatteverket's test personnummer
ADULT = "199812012384"  # woman born 1998-12-01
LEAP_DAY = "200002292399"  # born 2000-02-29
CHILD = "201901012391"  # born 2019-01-01
OLD_1890 = "189001019802"  # over 100: written 900101+9802
OLD_1903 = "190308189802"
# Skatteverket's test samordningsnummer (day + 60)
SAMORDNING_2026 = "202601612381"  # born 2026-01-01
SAMORDNING_2026_31 = "202601912393"  # born 2026-01-31
SAMORDNING_1914 = "191401682396"  # born 1914-01-08, over 100


@pytest.mark.parametrize(
    "text, number, born",
    [
        ("19981201-2384", ADULT, date(1998, 12, 1)),
        ("199812012384", ADULT, date(1998, 12, 1)),
        ("981201-2384", ADULT, date(1998, 12, 1)),
        ("9812012384", ADULT, date(1998, 12, 1)),
        ("981201 2384", ADULT, date(1998, 12, 1)),
        (" 19981201 - 2384 ", ADULT, date(1998, 12, 1)),
        ("19981201\u20132384", ADULT, date(1998, 12, 1)),  # en dash from a phone keyboard
        ("mitt personnummer är 19981201-2384, tack", ADULT, date(1998, 12, 1)),
        ("000229-2399", LEAP_DAY, date(2000, 2, 29)),
        ("190101-2391", CHILD, date(2019, 1, 1)),
        ("900101+9802", OLD_1890, date(1890, 1, 1)),
        ("18900101-9802", OLD_1890, date(1890, 1, 1)),
        ("030818+9802", OLD_1903, date(1903, 8, 18)),
    ],
)
def test_valid_personnummer(text, number, born):
    found = parse_personnummer(text, TODAY)
    assert (found.number, found.birth_date, found.is_samordningsnummer) == (number, born, False)


@pytest.mark.parametrize(
    "text, number, born",
    [
        ("202601612381", SAMORDNING_2026, date(2026, 1, 1)),
        ("260161-2381", SAMORDNING_2026, date(2026, 1, 1)),
        ("20260191-2393", SAMORDNING_2026_31, date(2026, 1, 31)),
        ("140168+2396", SAMORDNING_1914, date(1914, 1, 8)),
        ("19140168-2396", SAMORDNING_1914, date(1914, 1, 8)),
    ],
)
def test_valid_samordningsnummer(text, number, born):
    found = parse_personnummer(text, TODAY)
    assert (found.number, found.birth_date, found.is_samordningsnummer) == (number, born, True)


def test_hyphen_and_plus_give_different_centuries():
    assert parse_personnummer("140168+2396", TODAY).birth_date.year == 1914
    with pytest.raises(PersonnummerError) as plus_on_a_child:
        parse_personnummer("000229+2399", TODAY)  # 1900 was no leap year
    assert plus_on_a_child.value.code == "date"


def test_a_birthday_later_this_year_belongs_to_the_previous_century():
    # on its own birth day a 10-digit number with "-" is this year's, not 1926's
    assert parse_personnummer("260161-2381", date(2026, 1, 1)).birth_date == date(2026, 1, 1)


@pytest.mark.parametrize(
    "text, code",
    [
        ("19981201-2385", "checksum"),  # last digit changed
        ("9812012383", "checksum"),
        ("202601612382", "checksum"),
        ("19981301-2384", "date"),  # month 13
        ("981232-2384", "date"),  # 32 December
        ("19990229-2384", "date"),  # 1999 had no 29 February
        ("202601922393", "date"),  # samordningsnummer day 92 − 60 = 32
        ("19981200-2384", "date"),  # day 0
        ("20261201-2384", "future"),
        ("17981201-2384", "year"),
        ("12345", "length"),
        ("1998120123845", "length"),
        ("98120-12384", "format"),
        ("1998-12-01-2384", "format"),
        ("", "missing"),
        ("hej", "missing"),
        ("jag vet inte mitt nummer", "missing"),
        ("mitt nummer är 12345", "length"),
    ],
)
def test_invalid_numbers_give_a_swedish_reason(text, code):
    with pytest.raises(PersonnummerError) as error:
        parse_personnummer(text, TODAY)
    assert error.value.code == code
    assert error.value.message == MESSAGES[code] == str(error.value)
    assert isinstance(error.value, ValueError)


def test_the_messages_named_in_the_issue():
    assert MESSAGES["length"].startswith("Personnumret har fel antal siffror.")
    assert MESSAGES["date"] == "Datumet i personnumret finns inte."
    assert MESSAGES["checksum"] == "Kontrollsiffran stämmer inte. Kontrollera numret."


def test_a_published_number_is_in_the_future_before_its_birth_date():
    with pytest.raises(PersonnummerError) as error:
        parse_personnummer(SAMORDNING_2026, date(2025, 12, 31))
    assert error.value.code == "future"
    assert parse_personnummer(SAMORDNING_2026, date(2026, 1, 1)).birth_date == date(2026, 1, 1)


def test_luhn():
    assert luhn_valid("9812012384")
    assert not luhn_valid("9812012385")
    assert luhn_valid("2601612381")


def test_the_number_does_not_leak_through_repr_or_errors():
    found = parse_personnummer("19981201-2384", TODAY)
    assert "2384" not in repr(found) and "981201" not in repr(found)
    assert "2384" not in str(found)
    assert found.formatted == "19981201-2384"
    with pytest.raises(PersonnummerError) as error:
        parse_personnummer("19981201-2385", TODAY)
    assert "2385" not in str(error.value)


# ---- masking ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, masked",
    [
        ("Mitt personnummer är 19981201-2384.", f"Mitt personnummer är {MASK}."),
        ("981201-2384", MASK),
        ("9812012384", MASK),
        ("199812012384", MASK),
        ("981201 2384", MASK),
        ("19981201 - 2384", MASK),
        ("900101+9802", MASK),
        ("202601612381", MASK),  # samordningsnummer
        ("140168+2396", MASK),
        ("19981201-2385", MASK),  # wrong check digit: still personal data
        ("(19981201-2384)", f"({MASK})"),
        ("pnr:9812012384,", f"pnr:{MASK},"),
        ("pnr9812012384!", f"pnr{MASK}!"),
        ("nr 19981201-2384, 20190101-2391 och 030818+9802.", f"nr {MASK}, {MASK} och {MASK}."),
        ("Jag heter Anna\n19981201-2384\nTack", f"Jag heter Anna\n{MASK}\nTack"),
        ("070123-4567", MASK),  # written like a personnummer: masked even though it starts with 070
    ],
)
def test_masking(text, masked):
    assert mask_personnummer(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "ring mig på 070-123 45 67",
        "0701234567",  # 070 mobile; as a date 2007-01-23 but the check digit fails
        "073-123 45 67",
        "0731234567",  # "month 31"
        "0761234567",
        "+46701234567",
        "+46 70 123 45 67",
        "08-123 456 78",
        "2026-12-03",
        "den 3/12 kl 14.30",
        "20261203",
        "12345",
        "1234567890",  # month 34
        "123456789012",
        "556001-1982",  # organisationsnummer: month 60
        "jag har haft 39 grader i 3 dagar",
        "",
    ],
)
def test_not_masked(text):
    assert mask_personnummer(text) == text
    assert find_personnummer_spans(text) == []


def test_spans():
    text = "a 19981201-2384 b 9812012384"
    assert find_personnummer_spans(text) == [(2, 15), (18, 28)]
    assert [text[s:e] for s, e in find_personnummer_spans(text)] == ["19981201-2384", "9812012384"]


def test_masking_leaves_nothing_a_validator_would_find():
    text = "Hej, det gäller 19981201-2384 och min son 201901012391 (samordning 260161-2381)."
    masked = mask_personnummer(text)
    assert masked.count(MASK) == 3
    with pytest.raises(PersonnummerError):
        parse_personnummer(masked, TODAY)


# ---- identity ----------------------------------------------------------------------------------------------


def test_typed_identity_validates_but_does_not_verify():
    provider: IdentityProvider = TypedIdentity(today=lambda: TODAY)
    identity = asyncio.run(provider.identify("19981201-2384", "  Anna   Andersson "))
    assert identity == Identity("Anna Andersson", parse_personnummer(ADULT, TODAY), "typed", False)
    assert isinstance(identity.personnummer, Personnummer)
    assert "2384" not in repr(identity)


@pytest.mark.parametrize("name", ["", "  ", "A", "19981201-2384", "Anna 123", "x" * 101])
def test_typed_identity_rejects_names(name):
    with pytest.raises(IdentityError) as error:
        asyncio.run(TypedIdentity(today=lambda: TODAY).identify(ADULT, name))
    assert error.value.code == "name"
    assert "2384" not in error.value.message


def test_typed_identity_rejects_a_wrong_number_with_its_message():
    with pytest.raises(PersonnummerError) as error:
        asyncio.run(TypedIdentity(today=lambda: TODAY).identify("19981201-2385", "Anna Andersson"))
    assert error.value.message == MESSAGES["checksum"]
