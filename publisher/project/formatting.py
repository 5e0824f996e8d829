"""Numbers, money, percents, dates and clock times, formatted for the project's locale.

Every figure the layouts and charts print goes through a `Formatter`, so a Spanish edition
changes the locale, not the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import (
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
)


@dataclass(frozen=True)
class Formatter:
    locale: str = "en_US"

    def money(self, amount: float, currency: str = "USD", period: str = "year") -> str:
        """Exact amount as printed in facts: '$66,430' a year, '$42' or '$41.38' an hour."""
        whole = float(amount).is_integer()
        pattern = "¤#,##0" if whole else "¤#,##0.00"
        return format_currency(
            amount, currency, format=pattern, locale=self.locale, currency_digits=False
        )

    def money_short(self, amount: float, currency: str = "USD", open_top: bool = False) -> str:
        """Compact amount as people read it on a chart: '$34K', '$1.2M', '$500K+'."""
        digits = 0 if amount < 1_000_000 else 1
        text = (
            format_compact_currency(amount, currency, locale=self.locale, fraction_digits=digits)
            if amount >= 1000
            else self.money(amount, currency)
        )
        return f"{text}+" if open_top else text

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def percent(self, value: float, signed: bool = False) -> str:
        """15 → '15%'; signed: '+15%', '−1.7%' (true minus sign)."""
        text = _percent(abs(value), self.locale)
        if not signed:
            return text if value >= 0 else f"−{text}"
        return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)

    def percent_range(self, low: float, high: float) -> str:
        """11, 17 → '+11–17%'."""
        sign = "+" if low > 0 else ("−" if low < 0 else "")
        lo = format_decimal(abs(low), format="#,##0.#", locale=self.locale)
        return f"{sign}{lo}–{self.percent(high, signed=high < 0 or low < 0)}".replace("+-", "")

    def month(self, value: date) -> str:
        """date(2026, 6, 1) → 'June 2026' (en), 'junio de 2026' (es)."""
        if self.locale.startswith("en"):
            return format_date(value, "LLLL y", locale=self.locale).capitalize()
        return format_skeleton("yMMMM", value, locale=self.locale)

    def dates_in(self, text: str) -> str:
        """The English months in a text written by the agency or a guide ('May 2024',
        '2024–25'), in this locale ('mayo de 2024'); other text as it is."""
        if self.locale.startswith("en"):
            return text
        return ENGLISH_MONTH.sub(
            lambda m: self.month(date(int(m[2]), MONTHS.index(m[1]) + 1, 1)), text
        )

    def clock(self, hhmm: str) -> str:
        """'15:00' → '3:00 PM' (en_US) or '15:00' (es)."""
        hours, minutes = (int(part) for part in hhmm.split(":"))
        return format_time(time(hours, minutes), format="short", locale=self.locale)


@lru_cache(maxsize=4096)
def _percent(value: float, locale: str) -> str:
    """`value` (not negative) as a percent: the same few values come again and again (a
    booklet of 500 careers prints some 3,000 time shares), and babel takes 0.1 ms each."""
    return format_percent(value / 100, format="#,##0.#%", locale=locale)


MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip

ENGLISH_MONTH = re.compile(rf"\b({'|'.join(MONTHS)}) (\d{{4}})\b")
