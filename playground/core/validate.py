"""Reading numbers that came from a user (a slider, a text box, an API call): finite, whole where they must be,
never a bool. Each returns None where the value is not such a number, so the caller raises its own message."""
from __future__ import annotations

import math


def real(value) -> float | None:
    """value as a finite float (int, float, numeric text; not a bool), else None."""
    if isinstance(value, bool):
        return None
    try:
        v = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return v if math.isfinite(v) else None


def whole(value) -> int | None:
    """value as an int when it is a finite whole number (as real() reads it), else None."""
    v = real(value)
    return int(v) if v is not None and v == int(v) else None
