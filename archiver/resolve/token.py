"""The `token` the syndication endpoint wants, derived from the post id (X-FORMATS §5.2).

JavaScript: ((Number(id) / 1e15) * Math.PI).toString(36).replace(/(0+|\\.)/g, '').
The double's precision loss is intended, and JS radix formatting differs from any
Python formatter, so Number.prototype.toString(radix) is ported here (V8's
DoubleToRadixCString). Pinned by the vectors in tests/test_resolve_token.py.
"""

from __future__ import annotations

import math
import re

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_ZEROS_AND_POINT = re.compile(r"0+|\.")


def js_number_to_string(value: float, radix: int = 10) -> str:
    """Format a finite double as JavaScript's Number.prototype.toString(radix) does."""
    if not 2 <= radix <= 36:
        raise ValueError("radix must be between 2 and 36")
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    negative = value < 0
    value = -value if negative else value
    integer = math.floor(value)
    fraction = value - integer
    # Only as many fraction digits as the double's precision supports.
    delta = max(0.5 * (math.nextafter(value, math.inf) - value), math.nextafter(0.0, 1.0))
    fraction_digits: list[int] = []
    if fraction >= delta:
        while True:
            fraction *= radix
            delta *= radix
            digit = int(fraction)
            fraction_digits.append(digit)
            fraction -= digit
            if fraction > 0.5 or (fraction == 0.5 and digit & 1):
                if fraction + delta > 1:
                    # Round up, carrying through digits already written.
                    while True:
                        if not fraction_digits:
                            integer += 1
                            break
                        last = fraction_digits.pop()
                        if last + 1 < radix:
                            fraction_digits.append(last + 1)
                            break
                    break
            if not fraction >= delta:
                break
    integer_digits: list[str] = []
    # Digits below the double's precision are written as zeros.
    while math.frexp(integer / radix)[1] > 53:
        integer /= radix
        integer_digits.append("0")
    while True:
        remainder = math.fmod(integer, radix)
        integer_digits.append(_DIGITS[int(remainder)])
        integer = (integer - remainder) / radix
        if not integer > 0:
            break
    text = "".join(reversed(integer_digits))
    if fraction_digits:
        text += "." + "".join(_DIGITS[d] for d in fraction_digits)
    return "-" + text if negative else text


def syndication_token(post_id: str | int) -> str:
    """The token for GET tweet-result?id=…&token=… (react-tweet's getToken)."""
    value = (float(int(post_id)) / 1e15) * math.pi
    return _ZEROS_AND_POINT.sub("", js_number_to_string(value, 36))
