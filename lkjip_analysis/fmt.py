"""Indonesian number formatting (Babel, locale ``id_ID``) for reports, charts and messages.

Babel carries CLDR's Indonesian conventions (``.`` for thousands, ``,`` for decimals,
``rb``/``jt``/``M``/``T`` for compact amounts), so nothing here hand-rolls separators.
Every function returns ``"-"`` for a missing value. Numbers round half up, as Excel and the
printed reports do (0,125 is 0,13), and :func:`round_printed` is the same rule for computing:
a capaian is graded as it is printed.
"""

from __future__ import annotations

import decimal
import math

import numpy as np
from babel import numbers as _babel

LOCALE = "id_ID"
MISSING = "-"
ROUNDING = decimal.ROUND_HALF_UP


def format_decimal(value, **kwargs) -> str:
    """Babel's ``format_decimal`` with half-up rounding.

    >>> format_decimal(1234.565, format="#,##0.00", locale="id_ID")
    '1.234,57'
    """
    with decimal.localcontext() as context:
        context.rounding = ROUNDING
        return _babel.format_decimal(value, **kwargs)


def format_compact_decimal(value, **kwargs) -> str:
    """Babel's ``format_compact_decimal`` with half-up rounding.

    >>> format_compact_decimal(14231127419, fraction_digits=2, locale="id_ID").replace("\xa0", " ")
    '14,23 M'
    """
    with decimal.localcontext() as context:
        context.rounding = ROUNDING
        return _babel.format_compact_decimal(value, **kwargs)


def round_printed(values, decimals: int = 2):
    """``values`` rounded as they print: half up on their shortest decimal form (85.005 -> 85.01, where
    binary rounding gives 85.0); NaN stays NaN. Scalars in, float out; arrays in, arrays out.

    >>> round_printed(85.005), round_printed(0.125), float(np.round(85.005, 2))
    (85.01, 0.13, 85.0)
    """
    quantum = decimal.Decimal(1).scaleb(-decimals)

    def one(value: float) -> float:
        if not math.isfinite(value):
            return value
        return float(decimal.Decimal(repr(float(value))).quantize(quantum, rounding=ROUNDING))

    array = np.asarray(values, dtype=float)
    out = np.vectorize(one, otypes=[float])(array) if array.size else array
    return float(out) if np.ndim(values) == 0 else out


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
