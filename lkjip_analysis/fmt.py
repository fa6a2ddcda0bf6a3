"""Indonesian number formatting (Babel, locale ``id_ID``) for reports, charts and messages.

Babel carries CLDR's Indonesian conventions (``.`` for thousands, ``,`` for decimals,
``rb``/``jt``/``M``/``T`` for compact amounts), so nothing here hand-rolls separators.
Every function returns ``"-"`` for a missing value.
"""

from __future__ import annotations

import math

from babel.numbers import format_compact_decimal, format_decimal

LOCALE = "id_ID"
MISSING = "-"


def _missing(value) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def number(value, decimals: int | None = None) -> str:
    """A number in Indonesian format; ``decimals=None`` keeps up to 2 significant decimals.

    >>> number(14231127419), number(93.75), number(0.8), number(86.666, 1), number(None)
    ('14.231.127.419', '93,75', '0,8', '86,7', '-')
    """
    if _missing(value):
        return MISSING
    pattern = "#,##0.##" if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def rupiah(value) -> str:
    """A rupiah amount to the last rupiah; the sign goes before ``Rp``.

    >>> rupiah(14231127419), rupiah(-7165154905)
    ('Rp 14.231.127.419', '-Rp 7.165.154.905')
    """
    if _missing(value):
        return MISSING
    amount = round(float(value))
    return ("-" if amount < 0 else "") + "Rp " + format_decimal(abs(amount), format="#,##0", locale=LOCALE)


def rupiah_short(value, decimals: int = 1) -> str:
    """A rupiah amount abbreviated for chart labels (rb, jt, M, T).

    >>> rupiah_short(14231127419), rupiah_short(881310973)
    ('Rp 14,2 M', 'Rp 881,3 jt')
    """
    if _missing(value):
        return MISSING
    text = format_compact_decimal(abs(float(value)), locale=LOCALE, fraction_digits=decimals)
    return ("-" if float(value) < 0 else "") + "Rp " + text.replace("\xa0", " ")


def percent(value, decimals: int | None = None) -> str:
    """A value already in percent (93.75 means 93,75%).

    >>> percent(93.75), percent(95.557, 2), percent(100)
    ('93,75%', '95,56%', '100%')
    """
    if _missing(value):
        return MISSING
    return number(value, decimals) + "%"
