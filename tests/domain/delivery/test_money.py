"""Money as people type it: every accepted form stores exact pence; every refusal says why."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rasp.domain.delivery.money import (
    MoneyError,
    format_money,
    format_money_short,
    format_quantity,
    parse_money,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("£1,200,000", 120_000_000),
        ("1.2m", 120_000_000),
        ("1200000", 120_000_000),
        ("£1.2 million", 120_000_000),
        ("1,200,000.50", 120_000_050),
        ("£1,200,000.5", 120_000_050),
        ("  £ 1200  ", 120_000),
        ("1.2M", 120_000_000),
        ("£350k", 35_000_000),
        ("350 thousand", 35_000_000),
        ("£2bn", 200_000_000_000),
        ("1.5 billion", 150_000_000_000),
        ("£0.10", 10),
        (".5", 50),
        ("0", 0),
        ("-0", 0),
        ("1.23456789m", 123_456_789),
        ("GBP 1,000", 100_000),
        ("1200.", 120_000),
        ("£1.2mn", 120_000_000),
    ],
)
def test_amounts_people_type_are_read_as_exact_pence(text, pence):
    assert parse_money(text) == pence


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "Enter an amount in pounds"),
        ("", "Enter an amount in pounds"),
        ("   ", "Enter an amount in pounds"),
        ("£", "Enter an amount in pounds"),
        ("1.2.3", "Enter an amount in pounds"),
        ("1.2x", "Enter an amount in pounds"),
        ("12 apples", "Enter an amount in pounds"),
        ("£1,20,000", "commas only between groups of three"),
        ("12,00", "commas only between groups of three"),
        ("1,2000", "commas only between groups of three"),
        ("£1.234", "no more than 2 decimal places"),
        ("1200.001", "no more than 2 decimal places"),
        ("1.234567891m", "fraction of a penny"),
        ("-£500", "cannot be negative"),
        ("£-500", "cannot be negative"),
        ("−500", "cannot be negative"),
        ("--500", "Enter an amount in pounds"),
        ("£200bn", "below £100 billion"),
    ],
)
def test_what_cannot_be_read_exactly_is_refused_with_a_reason(text, message):
    with pytest.raises(MoneyError, match=message):
        parse_money(text)


@pytest.mark.parametrize(("text", "pence"), [("-£500", -50_000), ("£-1.5k", -150_000)])
def test_negative_amounts_where_they_are_allowed(text, pence):
    assert parse_money(text, allow_negative=True) == pence


@pytest.mark.parametrize(
    ("pence", "text"),
    [(120_000_000, "£1,200,000"), (120_000_050, "£1,200,000.50"), (5, "£0.05"), (-150, "-£1.50")],
)
def test_pence_are_written_as_people_write_pounds(pence, text):
    assert format_money(pence) == text
    assert parse_money(text, allow_negative=True) == pence


@pytest.mark.parametrize(
    ("pence", "text"),
    [(120_000_000, "£1.2m"), (35_000_000, "£350k"), (90_000, "£900"), (300_000_000_000, "£3bn")],
)
def test_short_labels_for_chart_axes(pence, text):
    assert format_money_short(pence) == text


@pytest.mark.parametrize(
    ("text", "value"),
    [("72", "72.00"), ("4.5", "4.50"), ("1,250", "1250.00"), ("85%", "85.00"), ("-3", "-3.00")],
)
def test_non_financial_figures(text, value):
    assert parse_quantity(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [("abc", "Enter a number"), ("", "Enter a number"), ("1.234", "2 decimal places")],
)
def test_non_financial_figures_refused(text, message):
    with pytest.raises(MoneyError, match=message):
        parse_quantity(text)


def test_quantities_print_without_needless_zeros():
    assert format_quantity(Decimal("72.00")) == "72"
    assert format_quantity(Decimal("4.50")) == "4.5"
    assert format_quantity(Decimal("1250")) == "1,250"
