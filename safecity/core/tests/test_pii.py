import datetime as dt
import random
from pathlib import Path

import django
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safecity.core.pii import find_personal_data, luhn_ok


def check_digit(nine: str) -> str:
    for digit in "0123456789":
        if luhn_ok(nine + digit):
            return digit
    raise AssertionError


@st.composite
def identity_numbers(draw):
    day = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)))
    coordination = draw(st.booleans())
    serial = draw(st.integers(min_value=0, max_value=999))
    day_part = day.day + (60 if coordination else 0)
    short = f"{day:%y}{day.month:02d}{day_part:02d}{serial:03d}"
    full = short + check_digit(short)
    style = draw(
        st.sampled_from(["yymmdd-nnnn", "yymmddnnnn", "yyyymmdd-nnnn", "yyyymmddnnnn", "yymmdd nnnn"])
    )
    century = f"{day.year // 100}"
    formatted = {
        "yymmdd-nnnn": f"{full[:6]}-{full[6:]}",
        "yymmddnnnn": full,
        "yyyymmdd-nnnn": f"{century}{full[:6]}-{full[6:]}",
        "yyyymmddnnnn": f"{century}{full}",
        "yymmdd nnnn": f"{full[:6]} {full[6:]}",
    }[style]
    return formatted, "samordningsnummer" if coordination else "personnummer"


@given(
    identity_numbers(),
    st.sampled_from(["Han heter X, ", "pnr ", "", "(", "Elev "]),
    st.sampled_from(["", ".", " bor i Tensta", ")"]),
)
@settings(max_examples=400)
def test_every_valid_identity_number_is_caught_in_any_common_format(number, before, after):
    formatted, kind = number
    findings = find_personal_data(before + formatted + after)
    assert [f.kind for f in findings] == [kind], formatted
    assert findings[0].text.replace(" ", "").replace("-", "") in formatted.replace(" ", "").replace("-", "")


def test_a_wrong_check_digit_is_not_an_identity_number():
    assert find_personal_data("811218-9875") == []  # the right check digit is 6
    assert [f.kind for f in find_personal_data("811218-9876")] == ["personnummer"]


@pytest.mark.parametrize(
    "text",
    [
        "ring 070-123 45 67",
        "tel 0701234567",
        "+46 70 123 45 67",
        "08-508 00 508",
        "(08) 123 456 78",
        "0046701234567",
    ],
)
def test_phone_numbers_are_caught(text):
    assert [f.kind for f in find_personal_data(text)] == ["phone"]


@pytest.mark.parametrize("text", ["mejla anna.svensson@example.se", "x_y+tag@sub.domain.org."])
def test_email_addresses_are_caught(text):
    assert [f.kind for f in find_personal_data(text)] == ["email"]


@pytest.mark.parametrize(
    "text",
    [
        "Klistermärken hittades den 2025-06-07 kl 14.30 vid busshållplatsen.",
        "Cirka 1 500 flygblad, 25 personer, 3 bilar.",
        "Åren 2019, 2020 och 2021 ökade anmälningarna med 12 procent.",
        "Ärendenummer SDN 2026/123 och KS 2025/45.",
        "Linje 179 mot Vällingby gick 18.05.",
    ],
)
def test_ordinary_text_with_numbers_is_left_alone(text):
    assert find_personal_data(text) == []


def _swedish_corpus() -> list[str]:
    """Ordinary Swedish text: the Swedish translations shipped with the installed packages."""
    from babel.messages.pofile import read_po

    site = Path(django.__file__).parent.parent
    sentences = []
    for po in site.rglob("locale/sv/LC_MESSAGES/*.po"):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue  # the header, with translators' e-mail addresses
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            sentences.extend(s for s in strings if s and len(s) > 3)
    return sentences


def test_the_false_alarm_rate_on_ordinary_swedish_text_is_low():
    sentences = _swedish_corpus()
    assert len(sentences) > 500
    alarms = [s for s in sentences if find_personal_data(s)]
    rate = len(alarms) / len(sentences)
    assert rate < 0.005, alarms[:10]


def test_random_numbers_rarely_look_like_identity_numbers():
    rng = random.Random(42)
    numbers = [f"{rng.randrange(10**9, 10**10)}" for _ in range(10_000)]
    hits = sum(bool(find_personal_data(f"Kod {n}")) for n in numbers)
    # a random ten-digit number with a valid date and check digit is an identity number by design
    assert hits < 150  # measured: 74 of 10,000
