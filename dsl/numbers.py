"""Number literals: their value, their canonical spelling, and the range the generated app can hold.

The grammar writes numbers as ``-?DIGITS(.DIGITS)?``. The text is kept beside the value because a
literal can be far longer than any sensible number (Python refuses to turn more than 4,300 digits
into an int, and a float would silently round), and because the formatter must print exactly the
number the author wrote, never a float's repr such as ``1e-05``, which the grammar does not accept.
"""

from __future__ import annotations

MAX_SAFE_INTEGER = 2**53 - 1
"""The largest integer JavaScript (the generated app) and JSON readers hold exactly."""

MAX_SIGNIFICANT_DIGITS = 15
"""The most decimal digits a 64-bit float keeps exactly through a round trip."""

_EXACT_INT_DIGITS = 18  # int() is exact and cheap below this; longer integers are out of range anyway


def literal_value(raw: str) -> int | float:
    """The value of a literal: an int for whole numbers written without a point, else a float.

    Integers too long to be in range become floats (possibly infinite) instead of huge ints, so no
    literal, however long, can make the conversion fail or take quadratic time.
    """
    if "." in raw or len(raw.lstrip("-")) > _EXACT_INT_DIGITS:
        return float(raw)
    return int(raw)


def canonical(raw: str) -> str:
    """The one spelling of a literal: no leading zeros, no trailing zeros after the point, no ``-0``.

    Works on the text, so it is exact for any length and re-parses to the same value and type.
    """
    negative = raw.startswith("-")
    whole, point, fraction = raw.lstrip("-").partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = (fraction.rstrip("0") or "0") if point else ""
    text = whole + ("." + fraction if point else "")
    is_zero = whole == "0" and fraction.strip("0") == ""
    return ("-" if negative and not is_zero else "") + text


def range_problem(raw: str) -> str | None:
    """Why the generated app could not hold this literal exactly, or None when it can."""
    text = canonical(raw).lstrip("-")
    whole, _, fraction = text.partition(".")
    if len(whole) > len(str(MAX_SAFE_INTEGER)) or int(whole) > MAX_SAFE_INTEGER:
        return f"it is larger than {MAX_SAFE_INTEGER:,}"
    if fraction and len((whole + fraction).strip("0")) > MAX_SIGNIFICANT_DIGITS:
        return f"it has more than {MAX_SIGNIFICANT_DIGITS} significant digits"
    return None


def shown(raw: str, width: int = 24) -> str:
    """A literal for a message: canonical, and shortened in the middle when very long."""
    text = canonical(raw)
    if len(text) <= width:
        return text
    keep = (width - 1) // 2
    return f"{text[:keep]}…{text[-keep:]} ({len(text):,} characters)"
