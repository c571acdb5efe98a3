"""Reading amounts of money as people type them, and writing them back.

Finance officers write "£1,200,000", "1.2m", "£1.2 million" or "1200000" for the same figure, so
the parser accepts all of them and returns whole pence as an ``int``: money is never a float here,
so £0.10 + £0.20 is exactly £0.30 and a stored figure reads back exactly as it was typed.

Anything it cannot read exactly is refused with a message that says what is wrong, never rounded
or guessed: "1.2.3", "12,00", "£1.234" (a fraction of a penny) and "abc" are all errors.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Councils' budgets run to billions; anything above this is almost certainly a typing slip, and
# it keeps every stored figure well inside a 64-bit integer of pence.
MAX_POUNDS = Decimal(100_000_000_000)

_MULTIPLIERS = {
    "": Decimal(1),
    "k": Decimal(1_000),
    "thousand": Decimal(1_000),
    "m": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "bn": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
}

# An optional sign, an optional pound sign (either side of the sign), the number, then an optional
# word or letter for thousands, millions or billions.
_AMOUNT = re.compile(
    r"""^(?P<sign1>-)?\s*(?P<pound>£)?\s*(?P<sign2>-)?\s*
        (?P<number>[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)
        \s*(?P<unit>[a-z]*)\.?$""",
    re.VERBOSE,
)
_GROUPED = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")


class MoneyError(ValueError):
    """The text is not an amount of money we can read exactly; ``str(error)`` says why."""


def parse_money(text: str, *, allow_negative: bool = False) -> int:
    """The amount in ``text`` as whole pence. Raises ``MoneyError`` with a plain message."""
    cleaned = (text or "").strip().lower().replace("\u00a0", " ").replace("gbp", "£")
    cleaned = cleaned.replace("\u2212", "-")  # a typographic minus sign pasted from a document
    if not cleaned:
        raise MoneyError("Enter an amount in pounds, like £1,200,000 or 1.2m")
    match = _AMOUNT.match(cleaned)
    if match is None or match["unit"] not in _MULTIPLIERS:
        raise MoneyError("Enter an amount in pounds, like £1,200,000 or 1.2m")
    if match["sign1"] and match["sign2"]:
        raise MoneyError("Enter an amount in pounds, like £1,200,000 or 1.2m")
    negative = bool(match["sign1"] or match["sign2"])
    whole, _dot, fraction = match["number"].partition(".")
    if "," in whole and not _GROUPED.match(whole):
        raise MoneyError(
            "Put commas only between groups of three digits, like £1,200,000, or leave them out"
        )
    unit = match["unit"]
    if not unit and len(fraction) > 2:
        raise MoneyError("Enter pence with no more than 2 decimal places, like £1,200.50")
    try:
        pounds = Decimal((whole.replace(",", "") or "0") + "." + (fraction or "0"))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
        raise MoneyError("Enter an amount in pounds, like £1,200,000 or 1.2m") from error
    pounds *= _MULTIPLIERS[unit]
    pence = pounds * 100
    if pence != pence.to_integral_value():
        raise MoneyError(
            "That amount includes a fraction of a penny: give it to the nearest penny, "
            "like £1,234,567.89"
        )
    if negative and pence != 0 and not allow_negative:
        raise MoneyError("Enter an amount of zero or more: this figure cannot be negative")
    if pounds > MAX_POUNDS:
        raise MoneyError("Enter an amount below £100 billion")
    return -int(pence) if negative else int(pence)


def format_money(pence: int) -> str:
    """Pence as people write pounds: "£1,200,000", or "£1,200,000.50" when there are pence."""
    sign = "-" if pence < 0 else ""
    pounds, remainder = divmod(abs(pence), 100)
    text = f"{sign}£{pounds:,}"
    return f"{text}.{remainder:02d}" if remainder else text


def format_money_short(pence: int) -> str:
    """A compact label for a chart axis: "£1.2m", "£350k", "£900"."""
    sign = "-" if pence < 0 else ""
    pounds = Decimal(abs(pence)) / 100
    for limit, suffix in ((Decimal(1_000_000_000), "bn"), (Decimal(1_000_000), "m")):
        if pounds >= limit:
            return f"{sign}£{_trim(pounds / limit)}{suffix}"
    if pounds >= 10_000:
        return f"{sign}£{_trim(pounds / 1000)}k"
    return f"{sign}£{_trim(pounds)}"


def _trim(value: Decimal) -> str:
    text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return text[:-2] if text.endswith(".0") else text


_QUANTITY = re.compile(r"^(?P<sign>-)?\s*(?P<number>[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)\s*%?$")


def parse_quantity(text: str) -> Decimal:
    """A non-financial figure (a count, days, a percentage) with at most 2 decimal places."""
    cleaned = (text or "").strip().replace("\u2212", "-")
    if not cleaned:
        raise MoneyError("Enter a number, like 72 or 4.5")
    match = _QUANTITY.match(cleaned)
    if match is None:
        raise MoneyError("Enter a number, like 72 or 4.5")
    whole, _dot, fraction = match["number"].partition(".")
    if "," in whole and not _GROUPED.match(whole):
        raise MoneyError("Put commas only between groups of three digits, or leave them out")
    if len(fraction) > 2:
        raise MoneyError("Enter a number with no more than 2 decimal places")
    value = Decimal((whole.replace(",", "") or "0") + "." + (fraction or "0"))
    if abs(value) >= Decimal(10) ** 12:
        raise MoneyError("Enter a number below 1,000,000,000,000")
    return (-value if match["sign"] else value).quantize(Decimal("0.01"))


def format_quantity(value: Decimal) -> str:
    """A figure without needless trailing zeros: 72, 4.5, 1,250."""
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
