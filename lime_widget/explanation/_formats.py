"""Number and label formats of the widget (``js/util/format.ts``), for pages drawn in Python.

The static rendering (:mod:`._static`) prints numbers as the widget prints them,
so a saved notebook reads the same with and without a kernel. Plain functions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

__all__ = [
    "MINUS",
    "format_count",
    "format_number",
    "format_prediction",
    "format_r2",
    "format_short",
    "format_signed",
    "shorten_label",
    "signed_formatter",
]

#: U+2212 lines up with "+" in proportional fonts; a hyphen does not
MINUS = "\u2212"
WORSE_THAN_CONSTANT = "worse than a constant"


def _exponent(magnitude: float, digits: int) -> str:
    mantissa, exp = f"{magnitude:.{digits - 1}e}".split("e")
    return f"{mantissa}e{'' if int(exp) >= 0 else MINUS}{abs(int(exp))}"


def _magnitude(magnitude: float, digits: int) -> str:
    if 1e-3 <= magnitude < 1e4:
        decimals = max(0, digits - 1 - math.floor(math.log10(magnitude)))
        return f"{magnitude:.{decimals}f}"
    return _exponent(magnitude, digits)


def format_number(value: float, digits: int = 3) -> str:
    """About ``digits`` significant digits; exponents outside [1e-3, 1e4).

    Examples
    --------
    >>> format_number(0.123456), format_number(12345.0), format_number(0.0)
    ('0.123', '1.23e4', '0')
    >>> format_number(-0.5) == MINUS + "0.500"
    True
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    if value == 0:
        return "0"
    return (MINUS if value < 0 else "") + _magnitude(abs(value), digits)


def format_signed(value: float, digits: int = 3) -> str:
    """:func:`format_number` with an explicit "+" on positive values."""
    text = format_number(value, digits)
    return f"+{text}" if value > 0 else text


def format_count(value: int) -> str:
    """A count with thousands separators: ``5000`` -> ``'5,000'``."""
    return f"{int(value):,}".replace("-", MINUS)


def format_short(value: float | None) -> str:
    """Two decimals for ordinary sizes, significant digits otherwise; None is "n/a".

    Examples
    --------
    >>> format_short(0.934), format_short(1234.5), format_short(None)
    ('0.93', '1234.50', 'n/a')
    """
    if value is None or math.isnan(value):
        return "n/a"
    magnitude = abs(value)
    if magnitude == 0 or 0.01 <= magnitude < 1e6:
        text = f"{magnitude:.2f}"
        return f"{MINUS}{text}" if value < 0 and float(text) != 0 else text
    return format_number(value)


def format_r2(value: float | None) -> str:
    """An R²: two decimals; a negative one says it is worse than a constant; None is "—".

    Examples
    --------
    >>> format_r2(0.7134), format_r2(-3e18), format_r2(None)
    ('0.71', 'worse than a constant', '—')
    """
    if value is None or math.isnan(value):
        return "—"
    if value < -1:
        return WORSE_THAN_CONSTANT
    text = f"{min(1.0, abs(value)):.2f}"
    if value < 0 and float(text) != 0:
        return f"{MINUS}{text} ({WORSE_THAN_CONSTANT})"
    return text


def signed_formatter(values: Sequence[float], digits: int = 3) -> Callable[[float], str]:
    """One signed format for values shown side by side: decimals follow the largest.

    Examples
    --------
    >>> fmt = signed_formatter([0.36, 0.0009])
    >>> fmt(0.36), fmt(0.0009)
    ('+0.360', '+0.001')
    """
    finite = [abs(v) for v in values if math.isfinite(v)]
    largest = max(finite, default=0.0)
    if not 1e-3 <= largest < 1e4:

        def exponent(value: float) -> str:
            if value == 0 or not math.isfinite(value):
                return format_signed(value, digits)
            return ("+" if value > 0 else MINUS) + _exponent(abs(value), digits)

        return exponent
    decimals = max(0, digits - 1 - math.floor(math.log10(largest)))

    def fixed(value: float) -> str:
        if not math.isfinite(value):
            return format_signed(value, digits)
        text = f"{abs(value):.{decimals}f}"
        if float(text) == 0:
            return text
        return ("+" if value > 0 else MINUS) + text

    return fixed


def format_prediction(value: float) -> str:
    """A model output in a sentence: four significant digits, no trailing zeros.

    Examples
    --------
    >>> format_prediction(252.123), format_prediction(12345.6), format_prediction(0.5)
    ('252.1', '12,350', '0.5')
    """
    magnitude = abs(value)
    if not math.isfinite(value) or not (magnitude == 0 or 1e-3 <= magnitude < 1e6):
        return format_number(value, 4)
    if magnitude == 0:
        return "0"
    rounded = float(f"{magnitude:.4g}")
    decimals = max(0, 3 - math.floor(math.log10(rounded)))
    text = f"{rounded:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return (MINUS if value < 0 else "") + text


_CONDITION = re.compile(r"\s*(?:<=|>=|<|>|=|\u2264|\u2265)\s*[^<>=\u2264\u2265]*$")


def _truncate(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max(0, max_chars - 1)] + "…"


def shorten_label(text: str, max_chars: int) -> str:
    """Cut a feature label to ``max_chars``, keeping its condition ("worst conc… > 0.16").

    Examples
    --------
    >>> shorten_label("worst concave points > 0.16", 18)
    'worst conc… > 0.16'
    """
    if len(text) <= max_chars:
        return text
    match = _CONDITION.search(text)
    tail = "" if match is None else match.group(0)
    head = len(text) - len(tail)
    if not tail or head < 1 or len(tail) + 3 > max_chars:
        return _truncate(text, max_chars)
    kept = re.sub(r"[\s…]+$", "", text[: max_chars - len(tail) - 1])
    return f"{kept}…{tail}"
